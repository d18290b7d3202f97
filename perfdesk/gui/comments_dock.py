"""The 审核意见 dock: the comments a 主管部门 sent back with the workbook (`perfdesk return`),
beside the form. Each row: done or not (a check box), the form, the place in words, the comment,
who made it and the unit's reply. A double-click takes the user to the place; ticking the box
(or 标为已处理) marks it done as one undoable step, saved with the workbook like any edit.

Open comments also mark their cells in the editors (Document.set_comment_marks: a frame and
corner in their own colour, the comment in the tooltip), as check findings do.

`install(window)` adds the dock (tabbed with 审核结果) and its 视图 menu entry; the window shows
it when a workbook with comments opens.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain import comments as C
from ..domain.places import FundsPlace, LinePlace, ListPlace

DONE_FOREGROUND = QColor("#777777")


def now_text() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def ask_reply(parent, comment) -> str | None:
    """The unit's reply to a comment (None: cancelled). Tests replace this function."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getMultiLineText(parent, "答复审核意见", f"意见：{comment.text}\n\n答复：", comment.reply)
    return text if ok else None


class CommentsModel(QAbstractTableModel):
    COLUMNS = ("已处理", "表", "位置", "审核意见", "提出", "单位答复")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.document = None
        self.rows: list = []

    def set_document(self, document) -> None:
        self.beginResetModel()
        self.document = document
        self.rows = list(document.workbook.comments) if document is not None else []
        self.endResetModel()

    def refresh(self) -> None:
        self.set_document(self.document)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def comment(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _texts(self, c) -> tuple[str, ...]:
        wb = self.document.workbook
        done = C.STATUS_LABELS.get(c.status, c.status)
        if c.status == C.DONE and c.done_at:
            done += " " + c.done_at.replace("T", " ")[:16]
        return (done, C.form_title(wb, c), C.where_text(wb, c), c.text, c.author, c.reply)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        c = self.comment(index.row()) if index.isValid() else None
        if c is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._texts(c)[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
                return f"{c.text}\n（{c.author or '主管部门'} {c.created.replace('T', ' ')[:16]}）"
            return text
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if c.status == C.DONE else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and c.status == C.DONE:
            return DONE_FOREGROUND
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        return self.set_done(index.row(), done)

    def set_done(self, row: int, done: bool) -> bool:
        """Mark a comment done (or open again) as one undo step."""
        c = self.comment(row)
        if c is None or (c.status == C.DONE) == done:
            return False
        new = C.marked_done(c, now_text()) if done else C.reopened(c)
        self.document.push(C.SetComment(c.id, new), "标记审核意见为已处理" if done else "重新打开审核意见")
        return True

    def set_reply(self, row: int, reply: str) -> bool:
        c = self.comment(row)
        if c is None or reply == c.reply:
            return False
        import msgspec

        self.document.push(C.SetComment(c.id, msgspec.structs.replace(c, reply=reply)), "答复审核意见")
        return True


def comment_marks(workbook) -> dict:
    """{form id: {place: [comment texts]}} of the open comments that name a place (a whole funds
    row, line or list item marks each of its cells)."""
    out: dict = {}
    forms = {f.id: f for f in workbook.forms}
    for c in workbook.comments:
        place = C.place_of(c)
        form = forms.get(c.form_id)
        if c.status == C.DONE or place is None or form is None:
            continue
        places = [place]
        if isinstance(place, (FundsPlace, LinePlace, ListPlace)) and not place.column_id:
            if isinstance(place, ListPlace):
                ld = form.definition.list_def(place.list_id)
                columns = [col.id for col in ld.columns] if ld else []
            else:
                try:
                    columns = [col.id for col in form.definition.funds_table(place.table_id).columns]
                except KeyError:
                    columns = []
            places += [type(place)(*_fields(place)[:2], col) for col in columns]
        for p in places:
            out.setdefault(c.form_id, {}).setdefault(p, []).append(c.text)
    return out


def _fields(place) -> tuple:
    if isinstance(place, FundsPlace):
        return (place.table_id, place.row_id)
    if isinstance(place, LinePlace):
        return (place.table_id, place.index)
    return (place.list_id, place.index)


def comments_view(name: str, model, widths: tuple[tuple[int, int], ...], char: int) -> QTableView:
    """The list of 审核意见 (状态, 表, 位置, 审核意见, 提出, 答复) as the unit's dock and the 主管部门's
    unit window show it: whole rows, read-only, the comment's column taking the room left;
    widths in characters of `char` pixels."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    for column, width in widths:
        view.setColumnWidth(column, width * char)
    return view


def put_in_dock(dock: QDockWidget, summary: QWidget, buttons: list[QWidget], view: QTableView) -> None:
    """A comments dock's body: the summary line with its buttons, the list below."""
    top = QHBoxLayout()
    top.setContentsMargins(0, 0, 0, 0)
    top.addWidget(summary, 1)
    for button in buttons:
        top.addWidget(button)
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addLayout(top)
    layout.addWidget(view, 1)
    dock.setWidget(body)


class CommentsDock(QDockWidget):
    def __init__(self, window):
        super().__init__("审核意见", window)
        self.setObjectName("commentsDock")
        self.window_ = window
        self.document = None
        self.model = CommentsModel(self)
        self.view = comments_view("commentsView", self.model, ((0, 10), (1, 10), (2, 16), (4, 6), (5, 10)),
                                  self.fontMetrics().horizontalAdvance("汉"))
        self.view.doubleClicked.connect(lambda index: self.go_to(index.row()))
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.done_button = QPushButton("标为已处理")
        self.done_button.setObjectName("commentDone")
        self.done_button.clicked.connect(self.toggle_done)
        self.reply_button = QPushButton("答复…")
        self.reply_button.clicked.connect(self.reply)
        put_in_dock(self, self.summary, [self.done_button, self.reply_button], self.view)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # -- the document -----------------------------------------------------------------
    def set_document(self, document) -> None:
        if self.document is not None:
            try:
                self.document.applied.disconnect(self._applied)
            except (RuntimeError, TypeError):
                pass
        self.document = document
        self.model.set_document(document)
        if document is not None:
            document.applied.connect(self._applied)
            document.set_comment_marks(comment_marks(document.workbook))
        self._update_summary()
        has = document is not None and bool(document.workbook.comments)
        self.setVisible(has)
        if has:
            self.raise_()
            open_, _ = C.counts(document.workbook.comments)
            if open_:
                self.window_.statusBar().showMessage(
                    f"本工作簿有 {open_} 条审核意见未处理，见下方“审核意见”；处理后请勾选“已处理”并保存", 15000)

    def _applied(self, edit) -> None:
        if edit is None or not any(isinstance(e, C.SetComment) for e in _leaves(edit)):
            return
        row = self.view.currentIndex().row()
        self.model.refresh()
        if row >= 0:
            self.view.selectRow(min(row, self.model.rowCount() - 1))
        self.document.set_comment_marks(comment_marks(self.document.workbook))
        self._update_summary()

    def _update_summary(self) -> None:
        comments = self.document.workbook.comments if self.document is not None else []
        open_, done = C.counts(comments)
        if not comments:
            self.summary.setText("没有审核意见")
        else:
            self.summary.setText(f"审核意见 {len(comments)} 条：未处理 {open_} 条，已处理 {done} 条。"
                                 "双击一条转到表中位置")
        self._update_buttons()

    def _update_buttons(self) -> None:
        c = self.model.comment(self.view.currentIndex().row())
        self.done_button.setEnabled(c is not None)
        self.reply_button.setEnabled(c is not None)
        self.done_button.setText("重新打开" if c is not None and c.status == C.DONE else "标为已处理")

    # -- actions ------------------------------------------------------------------------
    def go_to(self, row: int) -> bool:
        c = self.model.comment(row)
        if c is None or self.document is None:
            return False
        place = C.place_of(c)
        form = next((f for f in self.document.workbook.forms if f.id == c.form_id), None)
        if form is None:
            self.window_.statusBar().showMessage(f"审核意见所说的表“{c.form_id}”已不在本工作簿中", 8000)
            return False
        if place is not None and place not in set(C.candidate_places(form)):
            self.window_.statusBar().showMessage(f"审核意见所说的位置已不存在：{c.where or c.place}", 8000)
            place = None
        if place is None:
            return self.window_.show_form(c.form_id) is not None
        return bool(self.window_.select_cell(c.form_id, place))

    def toggle_done(self) -> None:
        row = self.view.currentIndex().row()
        c = self.model.comment(row)
        if c is not None:
            self.model.set_done(row, c.status != C.DONE)

    def reply(self) -> None:
        row = self.view.currentIndex().row()
        c = self.model.comment(row)
        if c is None:
            return
        text = ask_reply(self, c)
        if text is not None:
            self.model.set_reply(row, text.strip())


def _leaves(edit):
    """The single edits of an edit (a Batch's parts, flattened)."""
    for e in getattr(edit, "edits", None) or (edit,):
        if e is edit:
            yield e
        else:
            yield from _leaves(e)


def install(window) -> CommentsDock:
    """Add the dock below the form, tabbed with 审核结果, and its entry in the 视图 menu."""
    dock = CommentsDock(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(window.check_dock, dock)
    window.check_dock.raise_()
    dock.hide()
    actions = window.view_menu.actions()
    at = actions.index(window.act_reset_layout) if window.act_reset_layout in actions else len(actions)
    before = actions[at - 1] if at > 0 and actions[at - 1].isSeparator() else window.act_reset_layout
    window.view_menu.insertAction(before, dock.toggleViewAction())
    window.comments_dock = dock
    window.documentChanged.connect(dock.set_document)
    return dock
