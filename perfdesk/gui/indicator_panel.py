"""The indicator table of a form: the tree, its commands (add, delete, move, indent, copy, paste)
on a toolbar, the context menu and the keyboard, and the weight/score totals under it."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFontMetrics, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain import figures
from ..domain.model import MAX_LEVEL, IndicatorNode
from . import indicator_clipboard as clip
from . import safe_clipboard
from .delegates import CellDelegate
from .idle import after_first_paint
from .indicator_model import IndicatorTreeModel
from .views import IndicatorTreeView, viewport_of
from ..startup import edits  # loads after the first paint (perfdesk.startup)


class IndicatorPanel(QWidget):
    message = Signal(str)       # for the status bar
    libraryAddRequested = Signal(str, object)   # form id, path of a level-3 row: into the user's library

    def __init__(self, document, form_id: str, parent=None):
        super().__init__(parent)
        self.document = document
        self.form_id = form_id
        self.form = document.workbook.form(form_id)
        ind = self.form.definition.indicators
        self.model = IndicatorTreeModel(document, form_id, self)
        self.view = IndicatorTreeView(self)
        self.view.setObjectName("indicators")
        self.view.setModel(self.model)
        self.view.setItemDelegate(CellDelegate(self.view, on_closed=document.seal,
                                               marks=lambda: document.mark_table(form_id)))
        self.view.expandAll()
        self._fit_columns()

        title = QLabel(ind.label if ind else "绩效指标")
        title.setObjectName("sectionTitle")
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setStyleSheet("QToolBar { border: 0; spacing: 2px; }")
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)      # at 150 % the totals take two lines rather than being cut
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.toolbar, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        self.total_row = self._total_row() if ind is not None and (ind.totals or self.form.stated_totals) else None
        if self.total_row is not None:
            layout.addWidget(self.total_row)
        layout.addWidget(self.totals)

        self.actions_by_name: dict[str, QAction] = {}
        self._action("add_sibling", "添加同级", "Insert", self.add_sibling, "在当前行下方添加同级指标（Insert）")
        self._action("add_child", "添加下级", "Alt+Insert", self.add_child, "在当前行下添加下级指标（Alt+Insert）")
        self._action("delete", "删除", QKeySequence.StandardKey.Delete, self.delete_rows, "删除选中的指标及其下级（Delete）")
        self.toolbar.addSeparator()
        self._action("move_up", "上移", "Alt+Shift+Up", self.move_up, "上移（Alt+Shift+↑）")
        self._action("move_down", "下移", "Alt+Shift+Down", self.move_down, "下移（Alt+Shift+↓）")
        self._action("outdent", "升级", "Alt+Shift+Left", self.outdent, "升为上一级（Alt+Shift+←）")
        self._action("indent", "降级", "Alt+Shift+Right", self.indent, "降为上方指标的下级（Alt+Shift+→）")
        self.toolbar.addSeparator()
        self._action("copy", "复制", QKeySequence.StandardKey.Copy, self.copy, "复制选中的行，可粘贴到 Excel（Ctrl+C）")
        self._action("cut", "剪切", QKeySequence.StandardKey.Cut, self.cut, "剪切选中的行（Ctrl+X）", toolbar=False)
        self._action("paste", "粘贴", QKeySequence.StandardKey.Paste, self.paste, "粘贴指标行，也可从 Excel 粘贴（Ctrl+V）")
        self._action("to_library", "加入指标库", "Ctrl+Shift+L", self.add_to_library,
                     "把当前三级指标加入个人指标库，以后可在“指标库”中搜索插入（Ctrl+Shift+L）", toolbar=False)
        for button in self.toolbar.findChildren(QToolButton):
            button.setAutoRaise(True)

        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.currentCellChanged.connect(lambda _i: self._update_actions())
        if self.total_row is not None:      # the 总分 row's highlight goes once the user is back in the tree
            self.view.currentCellChanged.connect(lambda _i: self.total_row.clearSelection())
        document.formChanged.connect(self._form_changed)
        self._update_totals()
        self._update_actions()

    # -- layout ---------------------------------------------------------------------------
    def _fit_columns(self) -> None:
        """Widths from what the cells hold, within limits in characters of the current font
        (so they scale with the screen's DPI): short values stay narrow, long texts are cut
        with "…" (the tooltip shows all), the last column takes what is left."""
        fm = QFontMetrics(self.view.font())
        char = fm.horizontalAdvance("汉")
        pad = 3 * fm.horizontalAdvance("0")
        header = self.view.header()
        rows = list(self.form.walk())
        indent = self.view.indentation()
        widest = max((fm.horizontalAdvance(n.name) + level * indent for level, n, _ in rows), default=0)
        header.resizeSection(0, max(14 * char, min(widest + pad, 26 * char)))
        caps = {"value": 9, "number": 4, "date": 8, "project_ref": 10}
        part_caps = (3, 6, 4)           # 指标性质 | 指标值 | 度量单位 of a split value
        self._minimum = {0: 12 * char}
        last = len(self.model.columns)
        for i, column in enumerate(self.model.columns, start=1):
            part = self.model.part(i)
            label = fm.horizontalAdvance(self.model.column_label(i)) + pad
            content = max((fm.horizontalAdvance(self.model.cell_text(n, i)) for _, n, _ in rows), default=0) + pad
            if part is not None:
                floor = (3 if part == 0 else 4) * char
                cap = part_caps[part] * char
                header.resizeSection(i, max(label, min(content, cap), floor))
                self._minimum[i] = max(floor, label)
                continue
            floor = 7 * char if column.type == "value" else 4 * char
            if i == last:     # the last column (偏差原因…) stretches into whatever room is left
                content = min(content, label)
                floor = 10 * char if column.type == "text" else floor
            cap = caps.get(column.type, 14) * char
            header.resizeSection(i, max(label, min(content, cap), floor))
            self._minimum[i] = max(floor, label if column.type != "text" else 6 * char)
            if i == last and column.type == "text":
                self._minimum[i] = 10 * char
        self._fitted = False

    def _total_row(self) -> QTableWidget:
        """The 总分 (合计) row as the form prints it, read-only, its columns kept under the tree's:
        the sums of the rows, and what the original form stated where that differs."""
        header = self.view.header()
        row = QTableWidget(1, header.count(), self)
        row.setObjectName("totalRow")
        row.horizontalHeader().hide()
        row.verticalHeader().hide()
        row.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # one cell can be current: where a finding about a total (权重合计 …) takes the user
        row.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        row.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        row.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row.setFrameShape(QFrame.Shape.NoFrame)
        row.setStyleSheet("QTableWidget#totalRow { background: palette(window); font-weight: bold; }"
                          " QTableWidget#totalRow::item:selected { background: #ffe08a; color: black; }")
        height = self.view.fontMetrics().height() + 10
        row.verticalHeader().setDefaultSectionSize(height)
        row.setFixedHeight(height + 2)
        for i in range(header.count()):
            row.setColumnWidth(i, header.sectionSize(i))
        header.sectionResized.connect(lambda i, _old, new: row.setColumnWidth(i, new))
        self.view.horizontalScrollBar().valueChanged.connect(row.horizontalScrollBar().setValue)
        return row

    def _update_total_row(self) -> None:
        row = self.total_row
        if row is None:
            return
        ind = self.form.definition.indicators
        stated = self.form.stated_totals
        cells = {0: (ind.total_label, "")}
        for i, column in enumerate(self.model.columns, start=1):
            if self.model.part(i) is not None or (column.id not in ind.totals and column.id not in stated):
                continue
            computed = figures.column_total(self.form, column.id) if column.id in ind.totals else None
            said = stated.get(column.id)
            text = f"{figures.round2(computed).normalize():f}" if computed is not None else ""
            tip = f"{column.label}：各行相加为 {text}" if text else ""
            if said is not None and (computed is None or said != figures.round2(computed)):
                # on a second line: a narrow 权重 column must not cut the stated figure to "103…"
                # (原 = the original form's 合计 row, spelled out in the tooltip and the line below)
                text = f"{text}\n原{said.normalize():f}" if text else f"原表 {said.normalize():f}"
                tip += ("；" if tip else f"{column.label}：") + f"原表“{ind.total_label}”行填报 {said.normalize():f}"
            cells[i] = (text, tip)
        lines = max(text.count("\n") + 1 for text, _ in cells.values())
        height = lines * self.view.fontMetrics().height() + 10
        row.verticalHeader().setDefaultSectionSize(height)
        row.setFixedHeight(height + 2)
        for i in range(row.columnCount()):
            text, tip = cells.get(i, ("", ""))
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter if i else
                                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            row.setItem(0, i, item)

    def showEvent(self, event):
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self._fit_width()
            after_first_paint(self, self.model.show_scores)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self._fitted and event.oldSize().width() != event.size().width():
            self._fit_columns()          # widths from the content again, then fitted to the room
            self._fitted = True
            self._fit_width()

    def _fit_width(self) -> None:
        """Narrow the name and text columns (not below their minimums) until the table fits,
        so no horizontal scrolling is needed on a 1366-pixel screen."""
        header = self.view.header()
        # the vertical scroll bar's room is kept: wrapped rows grow taller and may bring it in
        view = self.view
        room = view.width() - 2 * view.frameWidth() - view.verticalScrollBar().sizeHint().width()
        widths = [header.sectionSize(i) for i in range(header.count())]
        excess = sum(widths) - room
        if excess <= 0:
            return
        slack = {i: widths[i] - self._minimum.get(i, widths[i]) for i in range(len(widths))}
        total_slack = sum(v for v in slack.values() if v > 0)
        if total_slack <= 0:
            return
        share = min(1.0, excess / total_slack)
        for i, extra in slack.items():
            if extra > 0:
                header.resizeSection(i, int(widths[i] - extra * share))

    def _action(self, name, text, shortcut, slot, tip, toolbar=True) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.view.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        for name in ("add_sibling", "add_child", "delete", None, "move_up", "move_down", "outdent", "indent",
                     None, "cut", "copy", "paste", None, "to_library"):
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions_by_name[name])
        menu.popup(viewport_of(self.view).mapToGlobal(pos))

    # -- state ----------------------------------------------------------------------------
    def current_path(self) -> tuple[int, ...] | None:
        index = self.view.currentIndex()
        return self.model.path(index) if self.model.node(index) is not None else None

    def _update_actions(self) -> None:
        path = self.current_path()
        a = self.actions_by_name
        a["add_child"].setEnabled(path is None or len(path) < MAX_LEVEL)
        for name in ("delete", "move_up", "move_down", "indent", "outdent", "copy", "cut"):
            a[name].setEnabled(path is not None)
        if path is not None:
            a["move_up"].setEnabled(edits.move_up(self.form, path) is not None)
            a["move_down"].setEnabled(edits.move_down(self.form, path) is not None)
            a["outdent"].setEnabled(len(path) >= 3)
            a["indent"].setEnabled(len(path) >= 2 and path[-1] > 0)
        a["to_library"].setEnabled(path is not None and len(path) == MAX_LEVEL)

    def _form_changed(self, form_id: str) -> None:
        if form_id == self.form_id:
            self._update_totals()
            self._update_actions()

    def _update_totals(self) -> None:
        ind = self.form.definition.indicators
        parts = []
        weight, score = figures.weight_total(self.form), figures.score_total(self.form)
        if weight is not None:
            parts.append(f"权重合计 {figures.round2(weight).normalize():f}")
        if score is not None:
            parts.append(f"得分合计 {figures.round2(score)}")
        stated = self.form.stated_totals
        if stated:
            said = "，".join(f"{c.label} {stated[c.id].normalize():f}" for c in ind.columns if c.id in stated)
            parts.append(f"原表“{ind.total_label}”行：{said}")
        ex = figures.execution(self.form)
        if ex is not None and ex.score is not None:
            parts.append(f"含预算执行率得分 {ex.score}（执行率 {ex.rate}%）")
        count = len(figures.named_indicators(self.form))
        parts.insert(0, f"三级指标 {count} 项")
        self.totals.setText("　　".join(parts))
        self._update_total_row()

    # -- commands -------------------------------------------------------------------------
    def finish_editing(self) -> None:
        """Commit an open cell editor before a command changes the rows under it."""
        index = self.view.currentIndex()
        editor = self.view.indexWidget(index) if index.isValid() else None
        if editor is not None:
            self.view.commitData(editor)
            self.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _push(self, edit, text: str) -> bool:
        self.finish_editing()
        try:
            self.document.push(edit, text)
        except edits.EditError as exc:
            self.message.emit(str(exc))
            return False
        return True

    def _select(self, path: tuple[int, ...], column: int = 0, edit: bool = False) -> None:
        index = self.model.index_of(path, column)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            if edit:
                self.view.edit(index)
        self._update_actions()

    def add_sibling(self) -> None:
        path = self.current_path()
        parent, row = ((), len(self.form.indicators)) if path is None else (path[:-1], path[-1] + 1)
        if self._push(edits.new_row(self.form, parent, row), "添加指标"):
            self._select(parent + (row,), 0, edit=True)

    def add_child(self) -> None:
        path = self.current_path() or ()
        if len(path) >= MAX_LEVEL:
            self.message.emit("三级指标下不能再添加下级")
            return
        row = len(edits.children_at(self.form, path))
        if self._push(edits.new_row(self.form, path, row), "添加下级指标"):
            self._select(path + (row,), 0, edit=True)

    def delete_rows(self) -> None:
        paths = self.model.top_rows(self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()])
        if not paths:
            return
        removes = [edits.RemoveNodes(self.form_id, p[:-1], p[-1]) for p in reversed(paths)]
        names = "、".join(edits.node_at(self.form, p).name or "（未命名）" for p in paths[:3])
        if self._push(edits.batch(removes), f"删除指标 {names}"):
            first = paths[0]
            siblings = edits.children_at(self.form, first[:-1]) if len(first) == 1 or self._exists(first[:-1]) else []
            if siblings:
                self._select(first[:-1] + (min(first[-1], len(siblings) - 1),))
            elif len(first) > 1:
                self._select(first[:-1])

    def _exists(self, path) -> bool:
        try:
            edits.node_at(self.form, path)
            return True
        except edits.EditError:
            return False

    def _structural(self, builder, text: str) -> None:
        path = self.current_path()
        if path is None:
            return
        column = self.view.currentIndex().column()
        node = edits.node_at(self.form, path)
        try:
            edit = builder(self.form, path)
        except edits.EditError as exc:
            self.message.emit(str(exc))
            return
        if edit is not None and self._push(edit, text):
            self._select(edits.path_of(self.form, node), column)

    def move_up(self) -> None:
        self._structural(edits.move_up, "上移指标")

    def move_down(self) -> None:
        self._structural(edits.move_down, "下移指标")

    def indent(self) -> None:
        self._structural(edits.indent, "指标降级")

    def outdent(self) -> None:
        self._structural(edits.outdent, "指标升级")

    def copy(self) -> None:
        indexes = self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()]
        data = self.model.mimeData(indexes)
        if data.formats():
            safe_clipboard.set_mime_data(data)
            self.message.emit(f"已复制 {len(self.model.top_rows(indexes))} 行（含下级），可粘贴到 Excel")

    def cut(self) -> None:
        self.copy()
        self.delete_rows()

    def paste(self) -> None:
        data = QGuiApplication.clipboard().mimeData()
        if data is None:
            return
        path = self.current_path()
        internal = clip.internal_rows(self.form, data)
        if internal is not None:
            self._paste_rows(path, *internal)
            return
        if not data.hasText():
            return
        rows = clip.parse_tsv(data.text())
        if not rows:
            return
        if clip.is_full_table(self.form, rows):
            self._paste_table(rows)
        else:
            self._paste_rows(path, 3, clip.leaf_nodes(self.form, rows))

    def _paste_rows(self, path, level: int, nodes: list[IndicatorNode]) -> None:
        """Rows of one level: after the current row of that level, or under the current row."""
        if path is None:
            parent, row = (), len(self.form.indicators)
        elif len(path) == level:
            parent, row = path[:-1], path[-1] + 1
        elif len(path) == level - 1:
            parent, row = path, len(edits.children_at(self.form, path))
        elif len(path) > level:
            parent = path[:level - 1]
            row = path[level - 1] + 1
        else:
            self.message.emit(f"请先选中要粘贴到的{['一', '二', '三'][level - 2]}级指标")
            return
        if len(parent) + 1 != level:
            self.message.emit("复制的指标级别与此处不符，不能粘贴到这里")
            return
        if self._push(edits.InsertNodes(self.form_id, parent, row, tuple(nodes)), f"粘贴 {len(nodes)} 行指标"):
            self._select(parent + (row,))
            self.message.emit(f"已粘贴 {len(nodes)} 行")

    def _paste_table(self, rows) -> None:
        """A table from Excel (一级 | 二级 | 三级 | …): rows join the categories they name."""
        records = [r for r in clip.full_rows(self.form, rows) if r[0]]
        if not records:
            return
        stack = self.document.undo_stack
        added = 0
        stack.beginMacro("从表格粘贴指标")
        try:
            for l1, l2, name, cells in records:
                i1 = self._child_named((), l1)
                if i1 is None:
                    i1 = len(self.form.indicators)
                    self.document.push(edits.InsertNodes(self.form_id, (), i1, (IndicatorNode(l1),)), "添加一级")
                if not l2:
                    continue
                i2 = self._child_named((i1,), l2)
                if i2 is None:
                    i2 = len(self.form.indicators[i1].children)
                    # a line without a 三级 name is a level-2 row carrying the cells itself
                    node = IndicatorNode(l2, {} if name else dict(cells))
                    self.document.push(edits.InsertNodes(self.form_id, (i1,), i2, (node,)), "添加二级")
                    added += 0 if name else 1
                if name:
                    at = len(self.form.indicators[i1].children[i2].children)
                    self.document.push(edits.InsertNodes(self.form_id, (i1, i2), at, (IndicatorNode(name, cells),)),
                                       "添加三级")
                    added += 1
        finally:
            stack.endMacro()
        self.message.emit(f"已从表格粘贴 {added} 行指标")

    def _child_named(self, parent, name: str) -> int | None:
        for i, node in enumerate(edits.children_at(self.form, parent)):
            if node.name == name:
                return i
        return None

    def add_to_library(self) -> None:
        path = self.current_path()
        if path is None or len(path) != MAX_LEVEL:
            self.message.emit("请选中一个三级指标，再加入指标库")
            return
        self.finish_editing()
        self.libraryAddRequested.emit(self.form_id, path)

    def insert_entries(self, entries) -> bool:
        """Insert library entries under their own level-1/level-2 and select the first."""
        self.finish_editing()
        paths, problems = self.model.insert_library_entries(entries)
        if paths:
            self.reveal(paths[0])
            names = "、".join(e.name for e in entries[:3]) + ("等" if len(entries) > 3 else "")
            self.message.emit(f"已插入 {names}" + (f"；{problems[0]}" if problems else ""))
        elif problems:
            self.message.emit(problems[0])
        return bool(paths)

    # -- for the window -------------------------------------------------------------------
    def reveal(self, path: tuple[int, ...], column_id: str = "") -> bool:
        """Select a cell of the tree (the nearest existing row when it is gone)."""
        while path and not self.model.index_of(path).isValid():
            path = path[:-1] if path[-1] == 0 else path[:-1] + (path[-1] - 1,)
        if not path:
            return False
        column = max(self.model.column_of(column_id), 0)
        index = self.model.index_of(path, column)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._scroll_into_view(index)
        return True

    def _scroll_into_view(self, index: QModelIndex) -> None:
        """scrollTo, then make sure: scrolling by items over rows of different (wrapped) heights
        can leave the row's lower edge below the viewport."""
        view = self.view
        view.scrollTo(index)
        bar = view.verticalScrollBar()
        room = viewport_of(view).height()
        for _ in range(200):
            rect = view.visualRect(index)
            if rect.bottom() < room or rect.top() <= 0 or bar.value() >= bar.maximum():
                break
            bar.setValue(bar.value() + 1)

    def reveal_total(self, column_id: str) -> bool:
        """Select a column's cell of the 总分 row (a finding about a total); the table as a whole
        when the form has no such row."""
        row = self.total_row
        if row is None:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        column = max(self.model.column_of(column_id), 0)
        # the tree scrolls sideways and the row follows it: bring the column into the tree's view
        header, bar = self.view.header(), self.view.horizontalScrollBar()
        left, width = header.sectionPosition(column), header.sectionSize(column)
        room = viewport_of(self.view).width()
        if left < bar.value():
            bar.setValue(left)
        elif left + width > bar.value() + room:
            bar.setValue(left + width - room)
        self.view.clearSelection()
        row.setFocus(Qt.FocusReason.OtherFocusReason)
        row.setCurrentCell(0, column, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        row.horizontalScrollBar().setValue(bar.value())     # kept under the tree's columns
        return True

    def first_cell(self) -> QModelIndex:
        return self.view.first_editable()
