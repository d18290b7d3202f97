"""One open workbook: the workbook, its file, its undo stack and which forms are unsaved.

All saving happens here (and only here), so autosave, locking and recovery have one place to hook
into. All changes happen here too: `push` applies a domain edit and puts it on the undo stack;
models and editors listen to aboutToApply/applied and refresh from what changed.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..domain import edits
from ..domain.model import Workbook
from ..domain.places import FieldPlace, IndicatorPlace, LinePlace, ListPlace, TitlePlace
from ..samples import find_sample, load_sample
from ..store.workbook_file import WorkbookFile, WorkbookFileError
from .commands import EditCommand


class Document(QObject):
    aboutToApply = Signal(object)     # a single edit, before the workbook changes
    applied = Signal(object)          # the same edit, after
    formChanged = Signal(str)         # a form's content changed: checks re-run for it
    formsChanged = Signal()           # forms added or removed, titles, workbook details
    formListChanged = Signal()        # forms added or removed (not renamed)
    modifiedChanged = Signal(bool)
    pathChanged = Signal()
    revealRequested = Signal(str, object)   # undo/redo: show where (form id, place)
    saved = Signal()

    def __init__(self, workbook: Workbook, file: WorkbookFile | None = None, label: str = "", parent=None):
        super().__init__(parent)
        self.workbook = workbook
        self.file = file
        self.label = label                    # for documents without a file: 示例：…, 未命名
        self.dirty_forms: set[str] = set()
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    def _clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, parent=None) -> Document:
        file = WorkbookFile.open(path)
        try:
            workbook = file.load()
        except WorkbookFileError:
            file.close()
            raise
        return cls(workbook, file, parent=parent)

    @classmethod
    def sample(cls, name: str, parent=None) -> Document:
        return cls(load_sample(name), label=f"示例：{find_sample(name).label}", parent=parent)

    @classmethod
    def untitled(cls, workbook: Workbook, parent=None) -> Document:
        return cls(workbook, label="未命名", parent=parent)

    # -- state ----------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.file.path if self.file else None

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else (self.label or "未命名")

    # -- changing -------------------------------------------------------------------------
    def push(self, edit, text: str, merge_key=None) -> None:
        """Make an edit as one undo step (EditError propagates and nothing changes)."""
        inverse = self.apply(edit)
        # the value before a run of typing: a run that returns to it leaves no undo step
        initial = (inverse.value,) if merge_key is not None and isinstance(inverse, edits.SetValue) else None
        command = EditCommand(self, edit, inverse, text, merge_key, initial)
        if merge_key is None:
            self.seal()
        self.undo_stack.push(command)

    def seal(self) -> None:
        """End a run of typing: the next keystroke starts a new undo step."""
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(top, EditCommand):
            top.sealed = True

    def apply(self, edit):
        """Apply an edit with notifications; return its inverse. Used by push and the commands."""
        touched: list[str] = []
        inverse = self._apply(edit, touched)
        for form_id in dict.fromkeys(touched):
            self.formChanged.emit(form_id)
        return inverse

    def _apply(self, edit, touched: list):
        if isinstance(edit, edits.Batch):
            done = []
            for part in edit.edits:
                done.append(self._apply(part, touched))
            return edits.batch(reversed(done))
        edits.check(self.workbook, edit)    # a structural edit announced below will happen
        self.aboutToApply.emit(edit)
        try:
            inverse = edits.apply(self.workbook, edit)
        except BaseException:
            self.applied.emit(None)   # listeners close what they opened in aboutToApply
            raise
        form_id = edit.form_id
        ids = {f.id for f in self.workbook.forms}
        # the inverse names every form the edit changed (a new unit name retitles forms too)
        for changed in {form_id} | {e.form_id for e in edits.leaves(inverse)}:
            if changed is not None and changed in ids:
                self.dirty_forms.add(changed)
                touched.append(changed)
        self.applied.emit(edit)
        if isinstance(edit, (edits.InsertForm, edits.RemoveForm)) or form_id is None or (
                isinstance(edit, edits.SetValue) and isinstance(edit.place, (TitlePlace, FieldPlace))):
            self.formsChanged.emit()   # the navigator shows titles and project names
        if isinstance(edit, (edits.InsertForm, edits.RemoveForm)):
            self.formListChanged.emit()
        return inverse

    def reveal(self, edit) -> None:
        """After undo or redo, show where the change happened."""
        first = next(edits.leaves(edit), None)
        if first is None or first.form_id is None:
            return
        place = getattr(first, "place", None)
        if isinstance(first, (edits.InsertNodes, edits.RemoveNodes)):
            place = IndicatorPlace(first.parent + (first.row,))
        elif isinstance(first, edits.MoveNode):
            place = IndicatorPlace(first.path)
        elif isinstance(first, (edits.InsertLines, edits.RemoveLines)):
            place = LinePlace(first.table_id, first.row)
        elif isinstance(first, (edits.InsertItems, edits.RemoveItems)):
            place = ListPlace(first.list_id, first.row)
        self.revealRequested.emit(first.form_id, place)

    # -- saving: the one place that writes the file ---------------------------------------
    def save(self) -> None:
        """Write the workbook header and the forms changed since the last save."""
        if self.file is None:
            raise WorkbookFileError("此工作簿尚未保存为文件，请使用“另存为”")
        forms = [f for f in self.workbook.forms if f.id in self.dirty_forms]
        self.file.save(self.workbook, forms)
        self._saved()

    def save_as(self, path: str | os.PathLike) -> None:
        target = Path(path)
        if self.file is not None and target.resolve() == self.file.path.resolve():
            self.save()
            return
        if self.file is not None:
            new_file = self.file.save_as(self.workbook, target)
            self.file.close()
        else:
            new_file = WorkbookFile.create(target, self.workbook, overwrite=True)
        self.file = new_file
        self.label = ""
        self._saved()
        self.pathChanged.emit()

    def _saved(self) -> None:
        self.dirty_forms.clear()
        self.undo_stack.setClean()
        self.saved.emit()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        self.undo_stack.clear()
