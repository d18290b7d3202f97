"""The one undo command: it applies a domain edit through the document and keeps the inverse.

Runs of typing in one place merge into one step (mergeWith on the same merge key) until the
document seals the run (the editor lost focus, another place was edited). A run that ends where
it started is obsolete and leaves no step behind.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..domain.entry import same_cell
from ..startup import edits  # loads after the first paint (perfdesk.startup)


MERGE_ID = 0x5046   # any fixed id: commands merge only with the same merge key anyway


class EditCommand(QUndoCommand):
    def __init__(self, document, edit, inverse, text: str, merge_key=None, initial=None):
        super().__init__(text)
        self.document = document
        self.edit = edit
        self.inverse = inverse
        self.merge_key = merge_key
        self.initial = initial          # the value before a run of typing began
        self.sealed = False
        self._applied_already = True    # push() applied it to learn the inverse

    def redo(self):
        if self._applied_already:
            self._applied_already = False
            return
        self.inverse = self.document.apply(self.edit)
        self.document.reveal(self.edit)

    def undo(self):
        self.document.apply(self.inverse)
        self.document.reveal(self.inverse)

    def id(self):
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other) -> bool:
        if (not isinstance(other, EditCommand) or self.sealed or other.merge_key is None
                or other.merge_key != self.merge_key):
            return False
        self.edit = other.edit           # keep our inverse: the value before the run
        if isinstance(other.edit, edits.SetValue) and self.initial is not None:
            self.setObsolete(same_cell(other.edit.value, self.initial[0]))
        return True
