"""The editor of one form, generated from its definition (never written per form): the title,
header fields as a form layout, narrative sections as plain-text editors, funds tables and lists
as tables, and the indicator table below, in the order the form prints them.

Widgets hold no state of their own: every keystroke becomes an edit on the document (runs of
typing merge into one undo step), and every change the document announces refreshes the widget
showing that place, so undo, redo and other windows' edits all show up the same way.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..domain import figures
from ..domain.completeness import completeness
from ..domain.entry import EntryError, parse_amount, parse_date
from ..domain.print_code import code_label, content_code
from ..domain.places import (
    FieldPlace,
    FundsPlace,
    IndicatorPlace,
    IndicatorsPlace,
    LinePlace,
    ListPlace,
    SectionPlace,
    TitlePlace,
    TotalPlace,
)
from . import style
from .delegates import CellDelegate
from .funds_model import FundsTableModel
from .idle import after_first_paint
from .indicator_panel import IndicatorPanel
from .list_model import ListTableModel
from .text_editors import FieldLineEdit, NarrativeEdit, UndoFreeLineEdit
from .views import CellTableView, viewport_of
from ..startup import edits  # loads after the first paint (perfdesk.startup)


def layout_items(definition) -> list[str]:
    """The parts of a form in printed order: the definition's layout, then anything it leaves out."""
    items = list(definition.print.layout)
    every = ([f.id for f in definition.fields] + [s.id for s in definition.sections]
             + [t.id for t in definition.funds] + [x.id for x in definition.lists]
             + (["indicators"] if definition.indicators else []))
    return items + [i for i in every if i not in items]


class TextBinding:
    """Keeps one text widget and one place of the workbook in step, both ways."""

    def __init__(self, document, form_id, place, widget, read, validate=None):
        self.document, self.form_id, self.place, self.widget = document, form_id, place, widget
        self.read, self.validate = read, validate
        self._updating = False
        self._style = widget.styleSheet()      # the widget's own look, kept under an error mark
        self._finding = None                   # (severity, messages) of check findings here
        self._tooltip = widget.toolTip()
        if isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(lambda: self._typed(widget.toPlainText()))
        elif isinstance(widget, QComboBox):
            widget.lineEdit().textEdited.connect(self._typed)
            widget.activated.connect(lambda _i: self._typed(widget.currentText()))
        else:
            widget.textEdited.connect(self._typed)
        if hasattr(widget, "focusLost"):
            widget.focusLost.connect(self._left)
        self.refresh()

    def text(self) -> str:
        if isinstance(self.widget, QPlainTextEdit):
            return self.widget.toPlainText()
        if isinstance(self.widget, QComboBox):
            return self.widget.currentText()
        return self.widget.text()

    def refresh(self) -> None:
        value = self.read()
        if self.text() == value:
            return
        self._updating = True
        try:
            if isinstance(self.widget, QPlainTextEdit):
                cursor = self.widget.textCursor()
                position = cursor.position()
                self.widget.setPlainText(value)
                cursor = self.widget.textCursor()
                cursor.setPosition(min(position, len(value)))
                self.widget.setTextCursor(cursor)
            elif isinstance(self.widget, QComboBox):
                self.widget.setEditText(value)
            else:
                self.widget.setText(value)
                if not self.widget.hasFocus():
                    self.widget.setCursorPosition(0)   # a long name shows its beginning, not its end
            self._mark("")
        finally:
            self._updating = False

    def _typed(self, text: str) -> None:
        if self._updating:
            return
        if self.validate:
            error = self.validate(text)
            self._mark(error or "")
            if error:
                return
        if text == self.read():
            return
        self.document.push(edits.SetValue(self.form_id, self.place, text), "修改" + self.label(),
                           merge_key=("text", self.form_id, self.place))

    def label(self) -> str:
        return self.widget.property("label") or ""

    def _left(self) -> None:
        self.document.seal()
        if self.widget.property("error"):
            self.refresh_force()

    def refresh_force(self) -> None:
        self._updating = True
        try:
            self.widget.setText(self.read())
        finally:
            self._updating = False
        self._mark("")

    def set_finding(self, finding) -> None:
        """Mark the widget for check findings at its place (None: no findings)."""
        if finding == self._finding:
            return
        self._finding = finding
        self._apply_style(self.widget.property("error") or "")

    def _apply_style(self, error: str) -> None:
        widget_class = next(c for c in ("QLineEdit", "QPlainTextEdit", "QComboBox")
                            if isinstance(self.widget, {"QLineEdit": QLineEdit, "QPlainTextEdit": QPlainTextEdit,
                                                        "QComboBox": QComboBox}[c]))
        marked = style.marked_style(widget_class, self._finding[0]) if self._finding else ""
        sheet = self._style + marked + (style.ERROR_STYLE if error else "")
        if sheet != self.widget.styleSheet():    # each new sheet re-polishes the widget
            self.widget.setStyleSheet(sheet)
        tips = [error] if error else []
        if self._finding:
            tips += self._finding[1]
        if self._tooltip:
            tips.append(self._tooltip)
        self.widget.setToolTip("\n".join(tips))
        self.widget.setProperty("finding", self._finding[0].value if self._finding else "")

    def _mark(self, error: str) -> None:
        if isinstance(self.widget, QLineEdit):
            if (self.widget.property("error") or "") == error:
                return
            self.widget.setProperty("error", error)
            self._apply_style(error)
            if error:
                QToolTip.showText(self.widget.mapToGlobal(QPoint(0, self.widget.height())), error, self.widget)


def _number_error(text: str) -> str | None:
    try:
        parse_amount(text)
    except EntryError as exc:
        return str(exc)
    return None


def _date_error(text: str) -> str | None:
    try:
        parse_date(text)
    except EntryError as exc:
        return str(exc)
    return None


class _NextPart(QWidget):
    """An invisible stop at the end of a tab's page: Tab into it moves on to the next tab."""

    def __init__(self, go):
        super().__init__()
        self._go = go
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setFixedSize(0, 0)

    def focusInEvent(self, event):
        super().focusInEvent(event)
        if event.reason() == Qt.FocusReason.TabFocusReason:
            self._go()
        else:
            self.focusPreviousChild()


def _tab_stop(widget: QWidget, page: QWidget) -> bool:
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()
            and widget.isVisibleTo(page) and not isinstance(widget, (_NextPart, QScrollArea)))


def _focusable_before(widget: QWidget, page: QWidget) -> QWidget | None:
    """The tab stop before `widget` on the same page, None when it is the page's first."""
    w = widget.previousInFocusChain()
    while w is not None and w is not widget:
        if page.isAncestorOf(w) and _tab_stop(w, page):
            return w
        w = w.previousInFocusChain()
    return None


def _last_focusable(page: QWidget) -> QWidget | None:
    """The page's last tab stop, in the order Tab visits them."""
    last, w, steps = None, page.nextInFocusChain(), 0
    while w is not None and w is not page and steps < 20000:     # the chain is the window's, circular
        if page.isAncestorOf(w) and _tab_stop(w, page):
            last = w
        w, steps = w.nextInFocusChain(), steps + 1
    return last


class FormEditor(QWidget):
    message = Signal(str)
    libraryAddRequested = Signal(str, object)     # form id, indicator path

    def __init__(self, document, form_id: str, parent=None):
        super().__init__(parent)
        self.document = document
        self.form_id = form_id
        self.form = document.workbook.form(form_id)
        self.definition = self.form.definition
        self.bindings: list[TextBinding] = []
        self.field_widgets: dict[str, QWidget] = {}
        self.section_widgets: dict[str, NarrativeEdit] = {}
        self.counters: dict[str, QWidget] = {}      # field or section id → its character counter
        self.tables: dict[str, CellTableView] = {}
        self.anchors: dict[str, QWidget] = {}
        self.stated_notes: dict[str, QLabel] = {}    # funds table id → its 原表填报数 note
        self.panel: IndicatorPanel | None = None

        # -- title and completeness
        self.title_edit = FieldLineEdit()
        self.title_edit.setObjectName("formTitle")
        self.title_edit.setProperty("label", "标题")
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.title_edit.setFont(title_font)
        self.title_edit.setFrame(False)
        # reads as a heading; the field shows itself when focused
        self.title_edit.setStyleSheet("QLineEdit#formTitle { background: transparent; }"
                                      " QLineEdit#formTitle:focus { background: palette(base); }")
        self.title_edit.setToolTip("表格标题（打印时居中）")
        self.bindings.append(TextBinding(document, form_id, TitlePlace(), self.title_edit, lambda: self.form.title))
        kind = QLabel(self.definition.name)
        kind.setObjectName("formKind")
        kind.setStyleSheet("color: #5f6b7a;")
        # the 校验码 its printout carries in the footer: the paper and the file are one version
        self.code_label = QLabel()
        self.code_label.setObjectName("printCode")
        self.code_label.setStyleSheet("color: #5f6b7a;")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setToolTip("打印时印在每页页脚的校验码：纸质表上的与此相同，即为同一版本；"
                                   "任何打印出的内容改动后校验码随之改变")
        self.progress = QProgressBar()
        self.progress.setObjectName("completeness")
        self.progress.setRange(0, 100)
        self.progress.setFormat("完成度 %p%")
        self.progress.setFixedWidth(QFontMetrics(self.font()).horizontalAdvance("完成度 100%") + 60)
        header = QHBoxLayout()
        header.addWidget(self.title_edit, 1)
        header.addWidget(kind)
        header.addSpacing(8)
        header.addWidget(self.code_label)
        header.addSpacing(8)
        header.addWidget(self.progress)

        # -- the pages
        # Tabs per part, not one long page and not a splitter: at 768 px the editor has about
        # 450 px of height. A splitter left the header, funds and sections 220 px (rows hidden in
        # a sub-pane); one page would scroll the indicator table's toolbar and 总分 row away. So the
        # parts before the indicator table read top to bottom in one scrolling page (every funds
        # row shown, tables as wide as they need, sideways scrolling inside the table when the
        # window is narrower), the indicator table gets the whole height in the next tab, and
        # parts the form prints after the indicators (四川's 结论, signatures) get a page of
        # their own in printed order.
        self.scroll = self._new_page()
        self.after_scroll: QScrollArea | None = None
        self._build_page()
        self.scroll.widget().layout().addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(header)
        self.splitter = None
        if self.definition.indicators is not None:
            self.panel = IndicatorPanel(document, form_id, self)
            self.panel.message.connect(self.message)
            self.panel.libraryAddRequested.connect(self.libraryAddRequested)
            self.anchors["indicators"] = self.panel
            self.tabs = QTabWidget()
            self.tabs.setObjectName("formTabs")
            self.tabs.setDocumentMode(True)
            self.tabs.addTab(self.scroll, "基本情况")
            label = self.definition.indicators.label or "绩效指标"
            self.tabs.addTab(self.panel, label if len(label) <= 8 else "绩效指标")
            # Tab past the last part of a page goes on to the next tab, as down the printed form
            self.scroll.widget().layout().addWidget(_NextPart(lambda: self.reveal_anchor("indicators")))
            if self.after_scroll is not None:
                self.after_scroll.widget().layout().addStretch(1)
                self.tabs.addTab(self.after_scroll, self._after_label)
                self.panel.layout().addWidget(_NextPart(self._enter_after_page))
            # the 建议得分 column once the editor has painted, whichever tab is in front: asked
            # for when the editor is first shown in its window (asked for here, before it has a
            # window, it would run before the first frame and weigh on the start)
            self._scores_asked = False
            layout.addWidget(self.tabs, 1)
        else:
            self.tabs = None
            layout.addWidget(self.scroll, 1)

        document.applied.connect(self._applied)
        document.formChanged.connect(self._form_changed)
        document.marksChanged.connect(self._marks_changed)
        self._update_completeness()
        self._marks_changed(form_id)

    def _marks_changed(self, form_id: str) -> None:
        """Check findings changed: mark the fields, sections and cells they are about."""
        if form_id not in ("", self.form_id):
            return
        for binding in self.bindings:
            binding.set_finding(self.document.mark(self.form_id, binding.place))
        for view in self.tables.values():
            viewport_of(view).update()
        if self.panel is not None:
            viewport_of(self.panel.view).update()

    # -- building -------------------------------------------------------------------------
    def _new_page(self) -> QScrollArea:
        page = QWidget()
        page.setObjectName("formPage")
        self.page_layout = QVBoxLayout(page)
        self.page_layout.setContentsMargins(12, 8, 16, 16)
        self.page_layout.setSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # the page goes in while empty: setWidget lays out what it is given, and the full page
        # is laid out once anyway when it is first shown
        scroll.setWidget(page)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)     # Tab goes from part to part, not to the frame
        return scroll

    def _build_page(self) -> None:
        d = self.definition
        fields = {f.id: f for f in d.fields}
        sections = {s.id: s for s in d.sections}
        funds = {t.id: t for t in d.funds}
        lists = {x.id: x for x in d.lists}
        form_layout = None
        group = ""
        for item in layout_items(d):
            if item == "indicators":
                # what the form prints after the indicator table: a page of its own after its tab
                form_layout = None
                rest = layout_items(d)[layout_items(d).index(item) + 1:]
                if rest:
                    self.after_scroll = self._new_page()
                    first = rest[0]
                    name = next((x.label for x in (*d.fields, *d.sections, *d.funds, *d.lists) if x.id == first), "")
                    self._after_label = name if 0 < len(name) <= 6 else "其他内容"
                continue
            if item in fields:
                if form_layout is None:
                    box = QWidget()
                    form_layout = QFormLayout(box)
                    form_layout.setContentsMargins(0, 0, 0, 6)
                    form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                    self.page_layout.addWidget(box)
                    self.anchors.setdefault("fields", box)
                self._add_field(form_layout, fields[item])
                self.anchors[item] = self.field_widgets[item]
                continue
            form_layout = None
            if item in sections:
                section = sections[item]
                if section.group and section.group != group:
                    heading = QLabel(section.group)
                    heading.setObjectName("groupTitle")
                    heading.setStyleSheet("font-weight: bold; margin-top: 8px;")
                    self.page_layout.addWidget(heading)
                group = section.group
                self.anchors[item] = self._add_section(section)
            elif item in funds:
                self.anchors[item] = self._add_funds(funds[item])
            elif item in lists:
                self.anchors[item] = self._add_list(lists[item])

    def _title(self, text: str, required: bool = False) -> QLabel:
        label = QLabel(text + (' <span style="color:#d93025">*</span>' if required else ""))
        label.setTextFormat(Qt.TextFormat.RichText if required else Qt.TextFormat.PlainText)
        label.setObjectName("sectionTitle")
        label.setStyleSheet("font-weight: bold; margin-top: 6px;")
        return label

    def _add_field(self, form_layout: QFormLayout, field) -> None:
        read = (lambda fid=field.id: self.form.fields.get(fid, ""))
        place = FieldPlace(field.id)
        validate = {"number": _number_error, "date": _date_error}.get(field.type)
        if field.type == "multiline":
            widget = NarrativeEdit(min_lines=2, max_lines=8)
        elif field.type == "choice":
            widget = QComboBox()
            widget.setEditable(True)
            widget.setLineEdit(UndoFreeLineEdit())     # one undo history, not the field's own
            widget.addItems(list(field.choices))
            widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            widget.setCurrentIndex(-1)
        else:
            widget = FieldLineEdit()
            if field.type in ("number", "date"):
                widget.setPlaceholderText("数字" if field.type == "number" else "如 2024-07-30")
                widget.setMaximumWidth(QFontMetrics(widget.font()).horizontalAdvance("0" * 24))
        widget.setObjectName(f"field_{field.id}")
        widget.setProperty("label", field.label)
        label = QLabel(field.label + (' <span style="color:#d93025">*</span>' if field.required else ""))
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setBuddy(widget)
        if field.max_chars:
            form_layout.addRow(label, self._with_counter(field.id, widget, field.max_chars))
        else:
            form_layout.addRow(label, widget)
        self.field_widgets[field.id] = widget
        self.bindings.append(TextBinding(self.document, self.form_id, place, widget, read, validate))

    def _with_counter(self, key: str, widget: QWidget, limit: int) -> QWidget:
        """A limited field with its live count to its right."""
        from .char_limit import CharCounter, limit_tip     # only for forms that set limits

        widget.setToolTip(limit_tip(limit))
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget, 1)
        counter = CharCounter(widget, limit)
        row.addWidget(counter)
        self.counters[key] = counter
        return box

    def _add_section(self, section) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        edit = NarrativeEdit()
        limit = f"（{section.max_chars}字以内）" if section.max_chars and "字以内" not in section.label else ""
        title = self._title(section.label + limit,
                            section.required)
        if section.max_chars:
            from .char_limit import CharCounter, limit_tip     # only for forms that set limits

            edit.setToolTip(limit_tip(section.max_chars))
            head = QHBoxLayout()
            head.addWidget(title)
            head.addStretch(1)
            counter = CharCounter(edit, section.max_chars)
            head.addWidget(counter)
            self.counters[section.id] = counter
            layout.addLayout(head)
        else:
            layout.addWidget(title)
        edit.setObjectName(f"section_{section.id}")
        edit.setProperty("label", section.label)
        edit.setPlaceholderText("分段填写；编号如“（一）”“1.”按原样保留")
        layout.addWidget(edit)
        self.page_layout.addWidget(box)
        self.section_widgets[section.id] = edit
        self.bindings.append(TextBinding(self.document, self.form_id, SectionPlace(section.id), edit,
                                         lambda sid=section.id: self.form.sections.get(sid, "")))
        return box

    def _table_box(self, title: str, view: CellTableView, buttons: list[QPushButton]) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        head = QHBoxLayout()
        head.addWidget(self._title(title))
        head.addStretch(1)
        for b in buttons:
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)     # the keyboard has Insert/Delete; Tab stays in the cells
            head.addWidget(b)
        layout.addLayout(head)
        layout.addWidget(view)
        self.page_layout.addWidget(box)
        return box

    def _add_funds(self, table) -> QWidget:
        model = FundsTableModel(self.document, self.form_id, table.id, self)
        view = CellTableView()
        view.setObjectName(f"funds_{table.id}")
        view.setModel(model)
        view.setItemDelegate(CellDelegate(view, on_closed=self.document.seal,
                                          marks=lambda: self.document.mark_table(self.form_id)))
        view.verticalHeader().setVisible(False)
        fm = QFontMetrics(view.font())
        labels = [("　" * r.indent + r.label) for r in table.rows] + [table.lines.label if table.lines else ""]
        label_width = max(fm.horizontalAdvance(t) for t in labels) + 32
        if table.lines:
            label_width = max(label_width, fm.horizontalAdvance("汉") * 22)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.resizeSection(0, label_width)
        amount_width = fm.horizontalAdvance("000,000,000.00") + 28
        for i, c in enumerate(table.columns, start=1):
            header.resizeSection(i, max(amount_width, fm.horizontalAdvance(c.label) + 28))
        view.setMaximumWidth(sum(header.sectionSize(i) for i in range(model.columnCount())) + 2 * view.frameWidth() + 2)
        self.tables[table.id] = view
        buttons = []
        if table.lines:
            add = QPushButton(f"添加{table.lines.label.replace('名称', '')}")
            add.clicked.connect(lambda: self._add_line(view))
            remove = QPushButton("删除")
            remove.clicked.connect(lambda: self._delete_in_table(view))
            buttons = [add, remove]
            self._table_action(view, "Insert", lambda: self._add_line(view))
        self._table_action(view, QKeySequence.StandardKey.Delete, lambda: self._delete_in_table(view))
        unit = f"（单位：{table.unit}）" if table.unit and table.unit not in table.label else ""
        box = self._table_box(table.label + unit, view, buttons)
        if any(r.computed for r in table.rows):
            # what the original form stated where it differs from the sums the program computes
            note = QLabel()
            note.setObjectName(f"stated_{table.id}")
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {style.severity_color('错误').name()};")
            box.layout().addWidget(note)
            self.stated_notes[table.id] = note
            self._update_stated(table.id)
        execution = self.definition.execution
        if execution is not None and execution.budget.split(".")[0] == table.id:
            self.execution_label = QLabel()
            self.execution_label.setObjectName("execution")
            self.execution_label.setStyleSheet("color: #1f3a5f;")
            box.layout().addWidget(self.execution_label)
            self._update_execution()
        return box

    def _update_stated(self, table_id: str) -> None:
        note = self.stated_notes[table_id]
        lines = self.tables[table_id].model().stated_differences()
        note.setText("原表填报数：" + "；".join(lines) if lines else "")
        note.setVisible(bool(lines))

    def _update_execution(self) -> None:
        """执行率 and its score, computed as the official systems do, under the table they come from."""
        ex = figures.execution(self.form)
        if ex is None or ex.rate is None:
            self.execution_label.setText("执行率 = 全年执行数 ÷ 全年预算数（填写两者后计算）")
            return
        text = f"执行率 = 全年执行数 ÷ 全年预算数 = {ex.rate}%"
        if ex.points is not None and ex.score is not None:
            text += f"；得分 = 分值 {ex.points.normalize():f} × {min(ex.rate, Decimal(100))}% = {ex.score}"
        self.execution_label.setText(text)

    def _add_list(self, list_def) -> QWidget:
        model = ListTableModel(self.document, self.form_id, list_def.id, self)
        view = CellTableView()
        view.setObjectName(f"list_{list_def.id}")
        view.setModel(model)
        view.setItemDelegate(CellDelegate(view, on_closed=self.document.seal,
                                          marks=lambda: self.document.mark_table(self.form_id)))
        fm = QFontMetrics(view.font())
        header = view.horizontalHeader()
        for i, c in enumerate(list_def.columns):
            wide = c.id in ("goal",) or c.type == "text" and i == 1
            header.resizeSection(i, fm.horizontalAdvance("汉") * (12 if c.type != "value" else 8))
            if wide:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self.tables[list_def.id] = view
        add = QPushButton(f"添加{list_def.item_label}")
        add.clicked.connect(lambda: self._add_item(view))
        remove = QPushButton("删除")
        remove.clicked.connect(lambda: self._delete_in_table(view))
        self._table_action(view, "Insert", lambda: self._add_item(view))
        self._table_action(view, QKeySequence.StandardKey.Delete, lambda: self._delete_in_table(view))
        return self._table_box(list_def.label, view, [add, remove])

    def _table_action(self, view, shortcut, slot) -> None:
        action = QAction(view)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        view.addAction(action)

    # -- table commands -------------------------------------------------------------------
    def _add_line(self, view) -> None:
        model = view.model()
        current = model.line_index(view.currentIndex().row()) if view.currentIndex().isValid() else None
        row = model.insert_line(None if current is None else current + 1)
        view.setFocus()
        view.setCurrentIndex(model.index(row, 0))
        view.edit(model.index(row, 0))

    def _add_item(self, view) -> None:
        model = view.model()
        current = view.currentIndex()
        row = model.insert_item(current.row() + 1 if current.isValid() else None)
        view.setFocus()
        view.setCurrentIndex(model.index(row, 0))
        view.edit(model.index(row, 0))

    def _delete_in_table(self, view) -> None:
        """Delete removes project lines and list items; in other rows it clears the cells."""
        model = view.model()
        indexes = view.selectionModel().selectedIndexes() or [view.currentIndex()]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return
        if isinstance(model, ListTableModel):
            model.remove_items([i.row() for i in indexes])
            return
        lines = sorted({model.line_index(i.row()) for i in indexes} - {None})
        if lines:
            model.remove_lines(lines)
            return
        cells = [i for i in indexes
                 if i.column() > 0 and i.flags() & Qt.ItemFlag.ItemIsEditable and i.data(Qt.ItemDataRole.EditRole)]
        if cells:
            stack = self.document.undo_stack
            stack.beginMacro("清除金额")
            try:
                for i in cells:
                    model.setData(i, "", Qt.ItemDataRole.EditRole)
                    self.document.seal()
            finally:
                stack.endMacro()

    # -- following the document -----------------------------------------------------------
    def showEvent(self, event):
        super().showEvent(event)
        if self.tabs is not None and not self._scores_asked:
            self._scores_asked = True
            after_first_paint(self, self.panel.model.show_scores)

    def _applied(self, edit) -> None:
        if edit is None:
            return
        for binding in self.bindings:
            if edit.form_id == self.form_id or edit.form_id is None:
                binding.refresh()
        if edit.form_id is None:      # the unit or the signature: printed on every form
            self._schedule_completeness()

    def _form_changed(self, form_id: str) -> None:
        if form_id == self.form_id:
            self._schedule_completeness()

    def _schedule_completeness(self) -> None:
        # once per burst of typing, not per keystroke
        if not hasattr(self, "_timer"):
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.setInterval(150)
            self._timer.timeout.connect(self._update_completeness)
        self._timer.start()

    def _update_completeness(self) -> None:
        self.code_label.setText(code_label(content_code(self.document.workbook, self.form)))
        if hasattr(self, "execution_label"):
            self._update_execution()
        for table_id in self.stated_notes:
            self._update_stated(table_id)
        c = completeness(self.form)
        self.progress.setValue(c.percent)
        missing = [m.text for m in c.missing[:12]]
        more = f"\n……等共 {len(c.missing)} 项" if len(c.missing) > 12 else ""
        self.progress.setToolTip(("尚缺：\n" + "\n".join(missing) + more) if missing else "已填写完整")

    # -- showing a place ------------------------------------------------------------------
    def focusNextPrevChild(self, next: bool) -> bool:
        """Shift+Tab before the first part of a tab's page goes back to the previous tab's last
        part (Tab past the last part goes on through _NextPart), as up the printed form."""
        if next or self.tabs is None or self.tabs.currentIndex() <= 0:
            return super().focusNextPrevChild(next)
        page = self.tabs.currentWidget()
        here = QApplication.focusWidget()
        if here is None or not page.isAncestorOf(here) or _focusable_before(here, page) is not None:
            return super().focusNextPrevChild(next)
        before = self.tabs.widget(self.tabs.currentIndex() - 1)
        self.tabs.setCurrentWidget(before)
        last = _last_focusable(before)
        if last is None:
            return super().focusNextPrevChild(next)
        if isinstance(before, QScrollArea):
            before.ensureWidgetVisible(last, 0, 0)
        last.setFocus(Qt.FocusReason.BacktabFocusReason)
        return True

    def _enter_after_page(self) -> None:
        page = self.after_scroll.widget()
        self.show_part(page)
        for widget in page.findChildren(QWidget):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled() \
                    and not isinstance(widget, (QPushButton, QScrollArea)):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return

    def show_part(self, widget: QWidget) -> QScrollArea:
        """Bring the tab holding a widget to the front; the scrolling page it is on."""
        page = self.scroll
        for candidate in (self.scroll, self.after_scroll, self.panel):
            if candidate is not None and (candidate is widget or candidate.isAncestorOf(widget)):
                if self.tabs is not None:
                    self.tabs.setCurrentWidget(candidate)
                if isinstance(candidate, QScrollArea):
                    page = candidate
                break
        return page

    def reveal_anchor(self, anchor: str) -> None:
        """Scroll to a part of the form (from the navigator) and put the cursor in it."""
        anchor = anchor.removeprefix("group:")
        if anchor == "indicators" and self.panel is not None:
            self.show_part(self.panel)
            self.panel.view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.panel.view.currentIndex().isValid():
                first = self.panel.first_cell()
                if first.isValid():
                    self.panel.view.setCurrentIndex(first)
            return
        widget = self.anchors.get(anchor)
        if widget is None:
            return
        scroll = self.show_part(widget)
        scroll.ensureWidgetVisible(widget, 0, 0)
        scroll.verticalScrollBar().setValue(widget.mapTo(scroll.widget(), widget.rect().topLeft()).y())
        target = self.section_widgets.get(anchor) or self.field_widgets.get(anchor) or self.tables.get(anchor)
        if target is None and anchor == "fields" and self.field_widgets:
            target = next(iter(self.field_widgets.values()))
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def reveal(self, place, select_text: tuple[int, int] | None = None) -> bool:
        """Select a place (a finding, a search hit, an undone edit). False when not on this form."""
        if isinstance(place, TitlePlace):
            self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if isinstance(place, FieldPlace) and place.field_id in self.field_widgets:
            widget = self.field_widgets[place.field_id]
            self.show_part(widget).ensureWidgetVisible(widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.end(False)            # typing goes on from what is there
            return True
        if isinstance(place, SectionPlace) and place.section_id in self.section_widgets:
            edit = self.section_widgets[place.section_id]
            self.show_part(edit).ensureWidgetVisible(edit)
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            if select_text:
                cursor = edit.textCursor()
                cursor.setPosition(select_text[0])
                cursor.setPosition(select_text[0] + select_text[1], cursor.MoveMode.KeepAnchor)
                edit.setTextCursor(cursor)
            return True
        if isinstance(place, (FundsPlace, LinePlace, ListPlace)):
            key = place.list_id if isinstance(place, ListPlace) else place.table_id
            view = self.tables.get(key)
            if view is None:
                return False
            model = view.model()
            if isinstance(place, ListPlace):
                row = min(place.index, model.rowCount() - 1)
            else:
                row = model.row_of(place)
            if row < 0:
                self.reveal_anchor(key)
                return True
            index = model.index(row, model.column_of(place.column_id))
            scroll = self.show_part(view)
            view.setFocus(Qt.FocusReason.OtherFocusReason)
            view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            view.scrollTo(index)        # sideways, in a table wider than the page
            note = self.stated_notes.get(key)
            if note is not None and not note.isHidden():     # the stated figures too, where there is room
                scroll.ensureWidgetVisible(note, 0, 0)
            rect = view.visualRect(index)
            top_left = viewport_of(view).mapTo(scroll.widget(), rect.topLeft())
            scroll.ensureVisible(top_left.x(), top_left.y(), 20, rect.height() + 20)
            return True
        if isinstance(place, IndicatorPlace) and self.panel is not None:
            self.show_part(self.panel)
            return self.panel.reveal(place.path, place.column_id)
        if isinstance(place, IndicatorsPlace) and self.panel is not None:
            self.reveal_anchor("indicators")
            return True
        if isinstance(place, TotalPlace) and self.panel is not None:
            self.show_part(self.panel)
            return self.panel.reveal_total(place.column_id)
        return False

    def first_focus(self) -> None:
        """Where typing starts on a fresh visit: the first header field, else the first part."""
        if self.field_widgets:
            next(iter(self.field_widgets.values())).setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.section_widgets:
            next(iter(self.section_widgets.values())).setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.panel is not None:
            self.reveal_anchor("indicators")
