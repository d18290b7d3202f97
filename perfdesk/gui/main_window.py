"""The main window: the start page when nothing is open; else the navigator on the left, the form
editor in the middle, and docks for completeness, check results and the undo history.

Hooks for other parts of the program:
- `select_cell(form_id, place)` selects a field, section, funds cell, list cell or indicator cell
  (check results, search hits, undo/redo all use it);
- `formContentChanged(form_id)` is emitted whenever a form's content changes (re-run its checks);
- `install_check_dock(dock)` replaces the placeholder 审核结果 dock and wires it (or
  `set_check_widget(widget)` puts any widget into the placeholder);
- `printRequested(form_id)` is emitted by 打印 (Ctrl+P), before print_actions asks what to print;
- the window's parts live in modules of their own, each built with the window: files and the
  recent list (file_actions), adding and removing forms (form_actions), the indicator library
  (library_actions), the navigator and 完成度 kept in step (navigator_sync), the docks and the
  saved layout (window_layout), menus and toolbar (window_menus); printing, Excel, 生成自评表,
  生成下一年度 and 规范化 in print_actions, excel_actions, derive_actions, next_year_actions and
  normalise_actions;
- `document` (perfdesk.gui.document.Document) is where saving happens.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Qt, Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QStackedWidget, QUndoView, QVBoxLayout, QWidget

from ..domain.places import WorkbookPlace
from . import read_only, window_layout, window_menus
from .check_dock import CheckDock
from .document import Document
from .file_actions import FileActions
from .form_actions import FormActions
from .form_editor import FormEditor
from .idle import after_first_paint
from ..startup import edits, load_now  # edits: loads after the first paint (perfdesk.startup)
from .library_actions import LibraryActions
from .navigator_sync import NavigatorSync
from .views import finish_editing


if TYPE_CHECKING:     # the find bar, the start page and the workbook page: imported when first built
    from .find import FindBar
    from .start_page import StartPage
    from .workbook_page import WorkbookPage

APP_TITLE = "perfdesk 预算绩效填报"


PREBUILT_EDITORS = 12      # editors built ahead, in idle moments, when a workbook opens
MAX_EDITORS = 30           # editors kept; the least recently used beyond this are let go


class MainWindow(QMainWindow):
    printRequested = Signal(str)          # the current form's id
    formContentChanged = Signal(str)      # a form's content changed: checks may re-run for it
    documentChanged = Signal(object)      # a Document was opened, or None when closed
    formShown = Signal(str)               # the form now in the editor ("" for the workbook page)
    formsListChanged = Signal()           # forms were added or removed

    def __init__(self, show_start: bool = True):
        """show_start=False: the program was started on a file, which opens next; the start
        page is neither read nor painted unless that fails."""
        super().__init__()
        self.setObjectName("MainWindow")
        self.document: Document | None = None
        self.editors: dict[str, FormEditor] = {}
        self._workbook_page: WorkbookPage | None = None   # built when first shown
        self.undo_group = QUndoGroup(self)
        self.setAcceptDrops(True)
        # an explicit minimum keeps layouts from resizing the window's limits whenever a table
        # grows (which some platform plugins warn about on every change)
        self.setMinimumSize(800, 560)

        # -- central: start page or workspace
        self._start_page: StartPage | None = None     # built when first shown
        self.editor_stack = QStackedWidget()
        self._find_bar = None          # the find bar: built when first opened
        workspace = QWidget()
        wl = QVBoxLayout(workspace)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.setSpacing(0)
        wl.addWidget(self.editor_stack, 1)
        self.central = QStackedWidget()
        self.workspace = workspace
        self.central.addWidget(workspace)
        self.setCentralWidget(self.central)

        # the window's parts, each in its module (the pattern of print_actions and the others)
        self.navigator_sync = NavigatorSync(self)
        window_layout.build_docks(self)
        self.library_actions = LibraryActions(self)
        self.file_actions = FileActions(self)
        self.form_actions = FormActions(self)
        window_menus.build_actions(self)
        self.install_check_dock(CheckDock(self))
        window_layout.install_guides(self)      # the 完成度/审核 summary, the sample banner
        window_layout.restore_settings(self)
        if show_start:
            self._show_start()
        else:
            self._no_document_state()
        self.statusBar().showMessage("就绪")

    # ------------------------------------------------------------------- parts built late
    @property
    def find_bar(self) -> FindBar:
        if self._find_bar is None:
            from .find import FindBar

            bar = FindBar(lambda: self.document.workbook)
            bar.hide()
            bar.hitChosen.connect(lambda hit: self.select_cell(hit.form_id, hit.place,
                                                               (hit.offset, len(bar.edit.text().strip()))))
            self.workspace.layout().insertWidget(0, bar)
            self._find_bar = bar
        return self._find_bar

    @property
    def history_view(self) -> QUndoView:
        if self._history_view is None:
            self._history_view = window_layout.history_view(self)
        return self._history_view

    @property
    def workbook_page(self) -> WorkbookPage | None:
        """The page of the workbook's own details (单位, 年度…), built when first shown."""
        if self._workbook_page is None and self.document is not None:
            from .workbook_page import WorkbookPage

            self._workbook_page = WorkbookPage(self.document)
            self.editor_stack.addWidget(self._workbook_page)
        return self._workbook_page

    # ------------------------------------------------------------- hooks (see the docstring)
    def set_check_widget(self, widget: QWidget) -> None:
        window_layout.set_check_widget(self, widget)

    def install_check_dock(self, dock: QDockWidget) -> None:
        window_layout.install_check_dock(self, dock)

    # ------------------------------------------------ files (file_actions, form_actions)
    def open_dialog(self) -> bool:
        return self.file_actions.open_dialog()

    def open_path(self, path: str) -> bool:
        return self.file_actions.open_path(path)

    def open_sample(self, name: str) -> bool:
        return self.file_actions.open_sample(name)

    def new_workbook(self) -> bool:
        return self.file_actions.new_workbook()

    def save(self) -> bool:
        return self.file_actions.save()

    def save_as(self) -> bool:
        return self.file_actions.save_as()

    def close_document(self) -> bool:
        """Close the open workbook, asking about unsaved work; False when the user cancels."""
        return self.file_actions.close_document()

    def add_form(self) -> None:
        self.form_actions.add_form()

    def remove_form(self) -> None:
        self.form_actions.remove_form()

    def manage_forms(self) -> None:
        self.form_actions.manage_forms()

    # --------------------------------------------------------------------------- document
    @property
    def start_page(self) -> StartPage:
        if self._start_page is None:
            from .start_page import StartPage

            page = StartPage()
            page.newRequested.connect(self.new_workbook)
            page.openRequested.connect(self.open_dialog)
            page.recentChosen.connect(self.open_path)
            page.sampleChosen.connect(self.open_sample)
            page.recoveryChosen.connect(self.open_path)
            self.central.addWidget(page)
            self._start_page = page
        return self._start_page

    def show_start_page(self) -> None:
        """The start page, when no workbook is open."""
        if self.document is None:
            self._show_start()

    def _show_start(self) -> None:
        self.start_page.mark_stale()
        self.central.setCurrentWidget(self.start_page)
        self._no_document_state()

    def _no_document_state(self) -> None:
        for dock in self.docks:      # nothing to show around the start page
            dock.hide()
        for a in self.document_actions:
            a.setEnabled(False)
        self._update_title()


    def set_document(self, document: Document) -> None:
        """Show a document (the previous one must be closed already)."""
        self.document = document
        document.setParent(self)
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        document.modifiedChanged.connect(lambda _m: self._update_title())
        document.pathChanged.connect(self._update_title)
        document.formsChanged.connect(self._forms_changed)
        document.formChanged.connect(self.formContentChanged)
        document.formListChanged.connect(self.formsListChanged)
        document.revealRequested.connect(self._reveal)
        for said in (document.autosaveFailed, document.refused):
            said.connect(lambda text: self.statusBar().showMessage(text, 10000))
        window_layout.show_document(self, document)
        for a in self.document_actions:
            a.setEnabled(True)
        self._update_title()
        self.documentChanged.emit(document)
        if document.workbook.forms:
            self.show_form(document.workbook.forms[0].id)
        else:
            self.show_form("")
        # editors of the next forms are built ahead once the window has painted
        after_first_paint(self, lambda d=document: self._prebuild(d))

    def _prebuild(self, document) -> None:
        """Build the first forms' editors one per idle moment, so a first visit is as quick as a
        return visit (about 25 ms each for the largest sample: never a noticeable pause). A
        bureau's 200 project forms are built when visited, and the least recently used editors
        are let go, so memory stays flat however large the workbook."""
        if document is not self.document:
            return
        load_now(edits)          # in an idle moment, so that the first keystroke does not wait for it
        wanted = [f.id for f in document.workbook.forms[:PREBUILT_EDITORS]]
        missing = [form_id for form_id in wanted if form_id not in self.editors]
        if missing:
            self.editor(missing[0], keep_current=True)
            QTimer.singleShot(0, lambda: self._prebuild(document))

    def _update_title(self) -> None:
        doc = self.document
        if doc is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        wb = doc.workbook
        read_only = "（只读）" if doc.read_only else ""
        self.setWindowTitle(f"{doc.display_name}[*]{read_only} — {wb.unit} {wb.year}年度 — {APP_TITLE}")
        self.setWindowModified(doc.modified)
        self.setWindowFilePath(str(doc.path) if doc.path else "")

    # ------------------------------------------------------------------------- navigation
    def current_form_id(self) -> str:
        widget = self.editor_stack.currentWidget()
        return widget.form_id if isinstance(widget, FormEditor) else ""

    def editor(self, form_id: str, keep_current: bool = False) -> FormEditor:
        """The editor of a form, built on first use and kept while recently used (switching
        back is instant); keep_current: a background build that must not count as a visit."""
        editor = self.editors.pop(form_id, None)
        if editor is None:
            editor = FormEditor(self.document, form_id)
            editor.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
            editor.libraryAddRequested.connect(self.library_actions.add_to_user_library)
            read_only.guard(editor, self.document)
            self.editor_stack.addWidget(editor)
        if keep_current:
            # oldest first: a prebuilt editor is the first to go
            self.editors = {form_id: editor, **self.editors}
        else:
            self.editors[form_id] = editor       # most recently used last
        self._let_go_of_editors()
        return editor

    def _let_go_of_editors(self) -> None:
        current = self.editor_stack.currentWidget()
        for form_id in list(self.editors)[:max(0, len(self.editors) - MAX_EDITORS)]:
            editor = self.editors[form_id]
            if editor is current or editor.isAncestorOf(QApplication.focusWidget()):
                continue
            del self.editors[form_id]
            self.editor_stack.removeWidget(editor)
            editor.deleteLater()

    def show_form(self, form_id: str, anchor: str = "", focus: bool = True) -> QWidget | None:
        """Show a form ("" for the workbook page), optionally at one of its parts."""
        if self.document is None:
            return None
        if form_id and not any(f.id == form_id for f in self.document.workbook.forms):
            return None
        self.finish_editing()
        if not form_id:
            self.editor_stack.setCurrentWidget(self.workbook_page)
            if focus:
                self.workbook_page.first_focus()
            widget = self.workbook_page
        else:
            first_visit = form_id not in self.editors
            editor = self.editor(form_id)
            self.editor_stack.setCurrentWidget(editor)
            if anchor:
                editor.reveal_anchor(anchor)
            elif focus and first_visit:
                editor.first_focus()
            widget = editor
        self.navigator_sync.sync(form_id, anchor)
        self.navigator_sync.sync_completeness(form_id)
        self.library_actions.follow_form(form_id)
        self.act_remove_form.setEnabled(bool(form_id))
        self.formShown.emit(form_id)
        return widget

    def select_cell(self, form_id: str | None, place, select_text=None) -> bool:
        """Select a place of a form: a field, a section (and text in it), a funds or list cell,
        an indicator cell. form_id None (or a WorkbookPlace) means the workbook page."""
        if self.document is None:
            return False
        if form_id is None or isinstance(place, WorkbookPlace):
            self.show_form("", focus=False)
            widget = self.workbook_page.widgets.get(getattr(place, "key", ""))
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            elif getattr(place, "key", "") == "year":
                self.workbook_page.year.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        editor = self.show_form(form_id, focus=False)
        if editor is None:
            return False
        return editor.reveal(place, select_text) if place is not None else True

    def _reveal(self, form_id, place) -> None:
        QTimer.singleShot(0, lambda: self.select_cell(form_id, place) if self.document else None)

    def _forms_changed(self) -> None:
        """Forms added or removed (or renamed): drop editors of forms that are gone."""
        wb = self.document.workbook
        alive = {id(f): f.id for f in wb.forms}
        for form_id, editor in list(self.editors.items()):
            if id(editor.form) not in alive or alive[id(editor.form)] != form_id:
                if self.editor_stack.currentWidget() is editor:
                    self.editor_stack.setCurrentWidget(self.workbook_page)
                self.editor_stack.removeWidget(editor)
                editor.deleteLater()
                del self.editors[form_id]
        self._update_title()

    # ---------------------------------------------------------------------------- editing
    def finish_editing(self) -> None:
        """Commit a table cell being edited (before saving, undoing, switching forms)."""
        finish_editing()


    def undo(self) -> None:
        self.finish_editing()
        if self.document is not None:
            self.document.undo_stack.undo()

    def redo(self) -> None:
        self.finish_editing()
        if self.document is not None:
            self.document.undo_stack.redo()

    def open_find(self) -> None:
        if self.document is not None:
            self.find_bar.open()

    def request_print(self) -> None:
        if self.document is None:
            return
        self.finish_editing()
        self.printRequested.emit(self.current_form_id())
        self.print_actions.print_()

    # ------------------------------------------------------------------ window and files
    def dragEnterEvent(self, event):
        if FileActions.dropped_path(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event):
        path = FileActions.dropped_path(event.mimeData())
        if path:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(path))   # not inside the drop itself

    def closeEvent(self, event):
        if not self.close_document():
            event.ignore()
            return
        window_layout.save_settings(self)
        event.accept()
