"""The 指标库 dock from the main window: the shipped library and the user's own one
(perfdesk.store.user_library), loaded when the dock is first looked at; inserting entries into the
current form; keeping a form's level-3 row in the user's library; removing it again."""
from __future__ import annotations

from PySide6.QtCore import QObject

from . import dialogs, settings
from ..startup import edits  # loads after the first paint (perfdesk.startup)


class LibraryActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.user_library = None       # the user's own library: loaded with the dock
        panel = window.library_panel
        panel.insertRequested.connect(self.insert_entries)
        panel.removeRequested.connect(self.remove_user_entry)
        # loading it takes half a second (pinyin of every name): only once it is looked at
        panel.visibilityChanged.connect(lambda shown: shown and window.document is not None and self.ensure())

    def ensure(self) -> None:
        if self.user_library is None:
            from ..store.user_library import UserLibrary

            self.user_library = UserLibrary(settings.data_dir())
            self.reload()

    def reload(self) -> None:
        w = self.window
        from ..definitions.library import LibraryFileError, default_library
        from ..domain.library import Library

        problem = ""
        try:
            shipped = default_library()
        except LibraryFileError as exc:
            shipped, problem = Library(), str(exc)
        w.library_panel.set_library(shipped + self.user_library.entries(), problem or self.user_library.problem)

    def follow_form(self, form_id: str) -> None:
        w = self.window
        form = w.document.workbook.form(form_id) if w.document is not None and form_id else None
        w.library_panel.set_definition(form.definition if form is not None else None)

    def insert_entries(self, entries) -> bool:
        """Insert library entries into the current form, each under its own level-1/level-2."""
        w = self.window
        self.ensure()
        form_id = w.current_form_id()
        editor = w.editors.get(form_id) if form_id else None
        if editor is None or editor.panel is None:
            w.statusBar().showMessage("请先打开一张有绩效指标表的表单，再插入指标", 6000)
            return False
        return editor.panel.insert_entries(list(entries))

    def add_to_user_library(self, form_id: str, path) -> bool:
        """Keep a level-3 row of a form in the user's own library (found again after a restart)."""
        w = self.window
        from ..store.user_library import UserLibraryError

        self.ensure()
        form = w.document.workbook.form(form_id)
        node = edits.node_at(form, tuple(path))
        level1 = form.indicators[path[0]].name
        level2 = form.indicators[path[0]].children[path[1]].name
        try:
            entry = self.user_library.add_indicator(node, level1, level2, form.definition, w.document.workbook.year)
        except UserLibraryError as exc:
            dialogs.show_error(w, "不能加入指标库", str(exc))
            return False
        self.reload()
        w.statusBar().showMessage(f"已加入个人指标库：{entry.category} › {entry.name}", 6000)
        return True

    def remove_user_entry(self, entry) -> None:
        from ..store.user_library import UserLibraryError

        w = self.window
        if not dialogs.confirm(w, "删除指标", f"从个人指标库删除“{entry.name}”？"):
            return
        try:
            self.user_library.remove(entry)
        except UserLibraryError as exc:
            dialogs.show_error(w, "不能删除", str(exc))
            return
        self.reload()
