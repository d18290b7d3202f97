"""审核意见 in a collected unit's read-only window (unit_window), the 主管部门's side: 添加审核意见…
on the current cell, indicator or form (the 审核 menu, the toolbar, the context menu of the
form's tables and fields), kept in the summary's entry for the unit as `perfdesk comment` keeps
it (perfdesk.collect.review); the dock 审核意见 lists the unit's comments with their state and
the unit's reply; open ones mark their cells as in the unit's program (comments_dock). A comment
the unit has not delivered back yet can be taken back (删除).

`UnitReview` is what the window is given: the summary, the unit's entry and what to do when the
comments change (the overview recounts the row and marks the summary unsaved)."""
from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QLabel, QLineEdit, QMenu, QPlainTextEdit,
                               QPushButton, QTextEdit)

from ...collect import review
from ...domain import comments as C
from ...domain.places import IndicatorPlace
from .. import dialogs
from ..comments_dock import CommentsModel, comment_marks, comments_view, put_in_dock
from ..roles import PLACE_ROLE


class UnitReview:
    """One unit's 审核意见 in a summary held by the GUI (gui.summary.data.Summary)."""

    def __init__(self, summary, entry: dict, changed=None):
        self.summary, self.entry, self.changed = summary, entry, changed

    def comments(self) -> list:
        return review.entry_comments(self.entry)

    def author(self) -> str:
        return review.default_author(self.summary.data)

    def add(self, comment) -> None:
        review.store_comment(self.summary.data, self.entry, comment)
        self._changed()

    def remove(self, comment_id: str) -> None:
        review.remove_comment(self.summary.data, self.entry, comment_id)
        self._changed()

    def removable(self, comment) -> bool:
        return review.removable(self.entry, comment)

    def _changed(self) -> None:
        if self.changed is not None:
            self.changed(self)


# -------------------------------------------------------------------------------- the list

class ReviewModel(CommentsModel):
    """The unit's comments as the 主管部门 sees them: 状态 (未处理 / 已处理 and when), 表, 位置,
    审核意见, 提出, 单位答复 — nothing to tick here: only the unit marks a comment done."""
    COLUMNS = ("状态", "表", "位置", "审核意见", "提出", "单位答复")

    def flags(self, index):
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable) if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.CheckStateRole:
            return None
        c = self.comment(index.row()) if index.isValid() else None
        if role == Qt.ItemDataRole.ForegroundRole and c is not None and c.status == C.OPEN and index.column() == 0:
            from PySide6.QtGui import QColor

            from .overview_model import COMMENT_OPEN_COLOUR
            return QColor(COMMENT_OPEN_COLOUR)
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        return False


class ReviewDock(QDockWidget):
    @property
    def window_(self):
        return self._window()

    def __init__(self, window, unit_review: UnitReview):
        super().__init__("审核意见", window)
        self.setObjectName("unitReviewDock")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self._window = weakref.ref(window)
        self.review = unit_review
        self.model = ReviewModel(self)
        self.view = comments_view("unitReviewView", self.model, ((0, 9), (1, 10), (2, 16), (4, 7), (5, 12)),
                                  self.fontMetrics().horizontalAdvance("汉"))
        self.view.doubleClicked.connect(lambda index: self.go_to(index.row()))
        self.summary = QLabel()
        self.summary.setObjectName("unitReviewSummary")
        self.summary.setWordWrap(True)
        self.add_button = QPushButton("添加审核意见…")
        self.add_button.setObjectName("unitReviewAdd")
        self.add_button.clicked.connect(lambda: self.window_.review_actions.add_comment())
        self.remove_button = QPushButton("删除")
        self.remove_button.setObjectName("unitReviewRemove")
        self.remove_button.setToolTip("删除尚未由单位报送回来的审核意见（单位报送回来的意见是其答复的一部分，保留）")
        self.remove_button.clicked.connect(lambda: self.remove_current())
        put_in_dock(self, self.summary, [self.add_button, self.remove_button], self.view)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    def refresh(self) -> None:
        """The document's workbook carries the entry's comments: list them, mark their cells."""
        document = self.window_.document
        document.workbook.comments = self.review.comments()
        row = self.view.currentIndex().row()
        self.model.set_document(document)
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)
        document.set_comment_marks(comment_marks(document.workbook))
        comments = document.workbook.comments
        open_, done = C.counts(comments)
        self.summary.setText(f"审核意见 {len(comments)} 条：未处理 {open_} 条，已处理 {done} 条。双击一条转到表中位置"
                             if comments else "没有审核意见。选中表中的单元格或指标，用“添加审核意见…”（或右键）提出。")
        self._update_buttons()

    def _update_buttons(self) -> None:
        c = self.model.comment(self.view.currentIndex().row())
        self.remove_button.setEnabled(c is not None and self.review.removable(c))

    def go_to(self, row: int) -> bool:
        c = self.model.comment(row)
        if c is None:
            return False
        place = C.place_of(c)
        form = next((f for f in self.window_.document.workbook.forms if f.id == c.form_id), None)
        if form is None:
            return False
        if place is not None and place not in set(C.candidate_places(form)):
            place = None
        return bool(self.window_.select_cell(c.form_id, place)) if place is not None \
            else self.window_.show_form(c.form_id) is not None

    def remove_current(self) -> bool:
        c = self.model.comment(self.view.currentIndex().row())
        if c is None or not self.review.removable(c):
            return False
        if not dialogs.confirm(self.window_, "删除审核意见",
                               f"删除这条审核意见吗？\n\n{c.text}\n\n（如已退回给单位，单位收到的文件中仍有这条意见。）"):
            return False
        self.review.remove(c.id)
        return True


# ----------------------------------------------------------------------------- the actions

class UnitReviewActions(QObject):
    """添加审核意见… in the window's 审核 menu, its toolbar and the form's context menus."""

    @property
    def window(self):
        """The unit window (its parent; no Python reference, so that closing it frees it)."""
        return self.parent()

    def __init__(self, window, unit_review: UnitReview):
        super().__init__(window)
        self.review = unit_review
        self.act_add = QAction("添加审核意见(&A)…", window)
        self.act_add.setObjectName("addReviewComment")
        self.act_add.setStatusTip("对当前单元格、指标或整张表提出审核意见（保存在汇总文件中，退回时随工作簿发给单位）")
        self.act_add.triggered.connect(lambda _c=False: self.add_comment())
        self.act_add_form = QAction("对整张表添加审核意见(&F)…", window)
        self.act_add_form.setStatusTip("对当前显示的表整体提出审核意见")
        self.act_add_form.triggered.connect(lambda _c=False: self.add_comment(self.current()[0], None))
        menu = window.menuBar().addMenu("审核意见(&R)")
        menu.addAction(self.act_add)
        menu.addAction(self.act_add_form)
        self.dock = ReviewDock(window, unit_review)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.check_dock, self.dock)
        menu.addAction(self.dock.toggleViewAction())
        toolbar = window.addToolBar("审核意见")
        toolbar.setObjectName("unitReviewToolbar")
        self.act_add.setIconText("添加审核意见…")
        self.act_add_form.setIconText("对整张表提意见…")
        toolbar.addAction(self.act_add)
        toolbar.addAction(self.act_add_form)
        # the form keeps most of the height at 768 px: the list needs a few rows, not half the window
        window.resizeDocks([self.dock, window.check_dock], [170, 170], Qt.Orientation.Vertical)
        if unit_review.comments():
            self.dock.raise_()

    # -- where the user is ----------------------------------------------------------------
    def editor_built(self, editor) -> None:
        """A form's editor was built: its tables and text fields offer 添加审核意见… on right-click."""
        for view in editor.findChildren(QAbstractItemView):
            if view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
                try:
                    view.customContextMenuRequested.disconnect()      # the indicator panel's editing menu
                except (RuntimeError, TypeError):
                    pass
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view, e=editor: self._view_menu(e, v, pos))
        for field in editor.findChildren(QLineEdit) + editor.findChildren(QPlainTextEdit) + editor.findChildren(QTextEdit):
            field.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            field.customContextMenuRequested.connect(lambda pos, f=field, e=editor: self._field_menu(e, f, pos))

    def _view_menu(self, editor, view, pos) -> None:
        index = view.indexAt(pos)
        if index.isValid():
            view.setCurrentIndex(index)
        menu = QMenu(view)
        place = self.place_in(editor, view)
        menu.addAction("添加审核意见…", lambda: self.add_comment(editor.form_id, place))
        menu.popup(view.viewport().mapToGlobal(pos))

    def _field_menu(self, editor, field, pos) -> None:
        menu = field.createStandardContextMenu()
        menu.addSeparator()
        place = self.place_in(editor, field)
        menu.addAction("添加审核意见…", lambda: self.add_comment(editor.form_id, place))
        menu.popup(field.mapToGlobal(pos))

    def place_in(self, editor, widget):
        """The place a widget of a form editor shows (its current cell for a table), as a comment
        can name it; None: the form as a whole."""
        place = None
        while widget is not None and widget is not editor and place is None:
            if isinstance(widget, QAbstractItemView):
                index = widget.currentIndex()
                place = index.data(PLACE_ROLE) if index.isValid() else None
                break
            place = next((b.place for b in editor.bindings if b.widget is widget), None)
            widget = widget.parentWidget()
        if place is None:
            return None
        allowed = set(C.candidate_places(editor.form))
        if place not in allowed and isinstance(place, IndicatorPlace) and place.column_id:
            place = IndicatorPlace(place.path)      # a computed column (建议得分): the indicator
        return place if place in allowed else None

    def current(self) -> tuple[str, object]:
        """(form id, place) for the action: the cell last focused in the shown form (the menu and
        the toolbar leave it so), else the form as a whole."""
        editor = self.window.stack.currentWidget()
        if not hasattr(editor, "form_id"):
            return "", None
        focus = editor.focusWidget()
        return editor.form_id, self.place_in(editor, focus) if focus is not None else None

    # -- the comment ------------------------------------------------------------------------
    def add_comment(self, form_id: str | None = None, place=None):
        """Ask for a comment on the place (default: where the user is) and keep it in the summary."""
        from ..comment_dialog import add_comment_dialog

        if form_id is None:
            form_id, place = self.current()
        workbook = self.window.document.workbook
        form = next((f for f in workbook.forms if f.id == form_id), None)
        if form is None:
            dialogs.show_error(self.window, "添加审核意见", "这份报送没有表单，无法提出审核意见")
            return None
        workbook.comments = self.review.comments()
        comment = add_comment_dialog(self.window, workbook, form, place, author=self.review.author())
        if comment is None:
            return None
        self.review.add(comment)
        self.window.statusBar().showMessage(
            f"已添加审核意见 {comment.id}：【{comment.where or '整张表'}】{comment.text}（汇总文件尚未保存）", 8000)
        return comment


def install(window, unit_review: UnitReview) -> UnitReviewActions:
    """The 审核意见 menu, toolbar, context menus and dock of a unit window."""
    actions = UnitReviewActions(window, unit_review)
    window.review_actions = actions
    return actions
