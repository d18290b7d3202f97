"""One open workbook: the workbook, its file, its undo stack and which forms are unsaved.

All saving happens here (and only here), so autosave, locking and recovery have one place to hook
into. All changes happen here too: `push` applies a domain edit and puts it on the undo stack;
models and editors listen to aboutToApply/applied and refresh from what changed.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from ..domain.model import Workbook
from ..domain.places import FieldPlace, IndicatorPlace, LinePlace, ListPlace, TitlePlace
from ..store import session
from ..store.workbook_file import WorkbookFile, WorkbookFileError
from .commands import EditCommand
from ..startup import edits  # loads after the first paint (perfdesk.startup)


# An edit shown as done is on disk within a second: the first edit after a write starts the
# timer and later ones do not restart it, so steady typing cannot hold the write back.
AUTOSAVE_MS = 500
HEARTBEAT_MS = int(session.HEARTBEAT_EVERY.total_seconds() * 1000)


class CommentMark:
    """What marks a cell with an open 审核意见 (no finding there): a colour of its own."""

    value = "审核意见"
    rank = 3


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
    marksChanged = Signal(str)        # a form's cells with check findings changed ("" = every form)
    autosaveFailed = Signal(str)      # the message, for the status bar
    refused = Signal(str)             # an edit refused (read-only): why, for the status bar

    def __init__(self, workbook: Workbook, file: WorkbookFile | None = None, label: str = "", parent=None):
        super().__init__(parent)
        self.workbook = workbook
        self.file = file
        self.label = label                    # for documents without a file: 示例：…, 未命名
        self.never_saved = False              # made by 新建: unsaved work although nothing was typed
        self.read_only_why = ""               # why edits are refused, in the user's words
        self.dirty_forms: set[str] = set()
        self._unjournaled: set[str] = set()   # changed since the last autosave
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        # check findings per form: place -> (worst severity, messages); the editors mark those cells
        self._marks: dict[str, dict] = {}
        self._finding_marks: dict[str, dict] = {}     # the checker's, and the open 审核意见's
        self._comment_marks: dict[str, dict] = {}
        # edits recovered from the journal of a session that did not close properly: unsaved
        # although the undo stack is clean
        self.recovered: list[str] = []
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)
        if self.file is not None and not self.file.read_only:
            self._heartbeat.start()
            recovery = self.file.recovery
            if recovery is not None and recovery.pending:
                self.recovered = [key for key, _ in recovery.pending]
                self.dirty_forms |= set(recovery.forms)

    def _clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(self.modified)

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, parent=None, read_only: bool = False) -> Document:
        """Open for editing (WorkbookLockedError when another session has it), or read-only."""
        file = WorkbookFile.open(path, read_only=read_only)
        try:
            workbook = file.load()
        except WorkbookFileError:
            file.close()
            raise
        return cls(workbook, file, parent=parent)

    @classmethod
    def sample(cls, name: str, parent=None) -> Document:
        from ..samples import find_sample, load_sample   # the samples' JSON: only when one is opened

        return cls(load_sample(name), label=f"示例：{find_sample(name).label}", parent=parent)

    @classmethod
    def untitled(cls, workbook: Workbook, parent=None) -> Document:
        """A workbook made by 新建 (unit, year, forms chosen): closing it asks, like any edit."""
        doc = cls(workbook, label="未命名", parent=parent)
        doc.never_saved = True
        return doc

    # -- state ----------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.file.path if self.file else None

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean() or bool(self.recovered) or self.never_saved

    @property
    def read_only(self) -> bool:
        return self.file is not None and self.file.read_only

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else (self.label or "未命名")

    def recovery_text(self) -> str:
        """What was recovered from an interrupted session, in the user's words ("" when nothing)."""
        recovery = self.file.recovery if self.file is not None else None
        if not self.recovered or recovery is None:
            return ""
        titles = {f.id: (f.title or f.definition.name) for f in self.workbook.forms}
        forms = [titles.get(key, key) for key in recovery.forms if key in titles]
        when = max(t for _, t in recovery.pending).replace("T", " ")[:16]
        holder = recovery.holder
        what = "、".join(forms[:4]) + (f" 等 {len(forms)} 张表" if len(forms) > 4 else "")
        return (f"上次编辑（{holder.user}，自 {holder.since_text} 起）未正常结束，已恢复自动保存的修改"
                f"（{when}）：{what or '工作簿信息'}。请检查后保存；不保存则放弃这些修改。")

    # -- check findings on cells ----------------------------------------------------------
    def set_findings(self, form_id: str, findings) -> None:
        by_place: dict = {}
        for f in findings:
            severity, messages = by_place.get(f.place, (f.severity, []))
            if f.severity.rank < severity.rank:
                severity = f.severity
            by_place[f.place] = (severity, messages + [f"{f.severity.value}：{f.message}"])
        if self._finding_marks.get(form_id) == by_place:
            return
        self._finding_marks[form_id] = by_place
        self._merge_marks(form_id)

    def set_comment_marks(self, by_form: dict) -> None:
        """The open 审核意见 per form, {form id: {place: [texts]}} (perfdesk.gui.comments_dock):
        their cells are marked like findings, in their own colour, the comments in the tooltip."""
        for form_id in set(by_form) | set(self._comment_marks):
            if self._comment_marks.get(form_id) != by_form.get(form_id):
                self._comment_marks[form_id] = by_form.get(form_id, {})
                self._merge_marks(form_id)

    def _merge_marks(self, form_id: str) -> None:
        marks = dict(self._finding_marks.get(form_id, {}))
        for place, texts in self._comment_marks.get(form_id, {}).items():
            severity, messages = marks.get(place, (CommentMark, []))
            marks[place] = (severity, messages + [f"审核意见：{t}" for t in texts])
        if self._marks.get(form_id) == marks:
            return
        self._marks[form_id] = marks
        self.marksChanged.emit(form_id)

    def mark(self, form_id: str, place):
        """(worst severity, messages) of the findings at a place, or None."""
        return self._marks.get(form_id, {}).get(place) if place is not None else None

    def marks(self, form_id: str) -> dict:
        return dict(self._marks.get(form_id, {}))

    def mark_table(self, form_id: str) -> dict:
        """The form's marks themselves, {place: (severity, messages)} (not to be changed)."""
        return self._marks.get(form_id) or {}

    # -- changing -------------------------------------------------------------------------
    def refusal(self) -> str:
        """"" when edits are allowed; else why not (read-only), for the status bar."""
        if not self.read_only:
            return ""
        why = self.read_only_why or "另一个窗口或另一台电脑正在编辑它"
        return f"只读打开，不能修改：{why}。要修改请“另存为”新文件。"

    def push(self, edit, text: str, merge_key=None) -> None:
        """Make an edit as one undo step (EditError propagates and nothing changes). A read-only
        workbook takes none: the views refuse typing, and this door says why to anything else."""
        why = self.refusal()
        if why:
            self.refused.emit(why)
            return
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
        # the workbook's own information (form_id None: details, 审核意见) is journaled as @header
        header = any(e.form_id is None for e in edits.leaves(edit))
        if (touched or header) and self.file is not None and not self.file.read_only \
                and not self._autosave.isActive():
            self._autosave.start()
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
                self._unjournaled.add(changed)
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
    def autosave(self) -> bool:
        """Put unsaved edits into the file's journal, so a crash loses nothing (an explicit save
        folds them in; closing without saving discards them)."""
        self._autosave.stop()
        if self.file is None or self.file.read_only:
            return False
        if not self.modified:        # undone back to the saved state: nothing to recover
            try:
                if self.file.has_pending:
                    self.file.discard_pending()
                self._unjournaled.clear()
            except WorkbookFileError as exc:
                self.autosaveFailed.emit(f"自动保存失败：{exc}")
            return False
        ids = {f.id for f in self.workbook.forms}
        changed = self._unjournaled
        forms = [f for f in self.workbook.forms if f.id in changed]
        try:
            self.file.autosave(self.workbook, forms, removed=sorted(changed - ids))
        except WorkbookFileError as exc:
            self.autosaveFailed.emit(f"自动保存失败：{exc}")
            return False
        self._unjournaled = set()
        return True

    def _beat(self) -> None:
        if self.file is None or self.file.read_only:
            return
        try:
            self.file.heartbeat()
        except WorkbookFileError as exc:
            self.autosaveFailed.emit(str(exc))

    def save(self) -> None:
        """Write the workbook header and the forms changed since the last save."""
        if self.file is None:
            raise WorkbookFileError("此工作簿尚未保存为文件，请使用“另存为”")
        if self.file.read_only:
            raise WorkbookFileError(f"工作簿 {self.path.name} 以只读方式打开，请使用“另存为”保存到另一个文件")
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
            self.file.close(discard_pending=not self.file.read_only)
        else:
            new_file = WorkbookFile.create(target, self.workbook, overwrite=True)
        self.file = new_file
        self.label = ""
        self._heartbeat.start()
        self._saved()
        self.pathChanged.emit()

    def _saved(self) -> None:
        self._autosave.stop()
        self.dirty_forms.clear()
        self._unjournaled.clear()
        was_modified = self.modified
        self.recovered = []
        self.never_saved = False
        self.undo_stack.setClean()
        if was_modified and not self.modified:
            self.modifiedChanged.emit(False)    # setClean says so only when the stack was not clean
        self.saved.emit()

    def forget_changes(self) -> None:
        """The file now holds what the user wants (a snapshot was restored over it): the edits on
        screen are no longer unsaved work."""
        self._saved()

    def close(self) -> None:
        """Release the file. The user has saved or chosen not to: the journal of unsaved edits goes."""
        self._autosave.stop()
        self._heartbeat.stop()
        if self.file is not None:
            self.file.close(discard_pending=True)
            self.file = None
        self.undo_stack.clear()
