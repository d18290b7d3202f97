"""The overview of a summary (汇总概览): a table of the collected units, sortable and filterable,
a colour per state with its legend; the changes of units delivered again and the files not taken
on a second tab; the charts on a third (分析, see analysis_pane). A double-click opens the unit's
forms read-only with their findings (unit_window). 保存汇总文件 and 导出概览 Excel from its menu."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMainWindow, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from .. import dialogs
from ..table_model import SimpleTableModel
from . import review_actions, summary_print_actions
from .analysis_pane import AnalysisPane
from .data import STATE_TEXT, Summary
from .overview_model import KEYS, STATE_COLOURS, STATE_FILTERS, OverviewModel, OverviewProxy

SUMMARY_FILTER = "perfdesk 汇总文件 (*.perfdesk-summary);;所有文件 (*)"
SUMMARY_SUFFIX = ".perfdesk-summary"
XLSX_FILTER = "Excel 工作簿 (*.xlsx);;所有文件 (*)"

REASONS = {"damaged": "无法读取", "other_year": "其他年度", "duplicate": "重复报送", "replaced": "已被取代",
           "unknown_definition": "未知表样", "not_in_task": "不在任务清单中", "no_unit": "没有单位"}


class RowsModel(SimpleTableModel):
    """Plain rows of text under fixed headers (the changes, the files not taken)."""

    def __init__(self, headers: tuple[str, ...], rows: list[tuple], parent=None):
        super().__init__(parent)
        self.HEADERS = headers
        self._rows = rows

    def rows(self):
        return self._rows

    def flags(self, index):
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable) if index.isValid() else Qt.ItemFlag.NoItemFlags

    def cell(self, item, column, role):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and 0 <= column < len(item):
            return str(item[column])
        return None


def _table(model, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    return view


class OverviewWindow(QMainWindow):
    def __init__(self, summary: Summary, parent=None, saved: bool | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("summaryOverview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary = summary
        self.saved = summary.path is not None if saved is None else saved
        self.unit_windows: list = []

        # -- the headline, the filters and the legend
        self.headline = QLabel()
        self.headline.setObjectName("summaryHeadline")
        self.headline.setWordWrap(True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("summaryFilter")
        self.filter_edit.setPlaceholderText("筛选：单位名称、代码或文件名")
        self.filter_edit.setClearButtonEnabled(True)
        self.state_box = QComboBox()
        self.state_box.setObjectName("summaryStateFilter")
        for label, _ in STATE_FILTERS:
            self.state_box.addItem(label)
        self.shown = QLabel()
        self.shown.setObjectName("summaryShown")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("显示："))
        bar.addWidget(self.state_box)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.shown)
        bar.addSpacing(16)
        self.legend = QWidget()
        self.legend.setObjectName("summaryLegend")
        legend = QHBoxLayout(self.legend)
        legend.setContentsMargins(0, 0, 0, 0)
        legend.setSpacing(4)
        legend.addWidget(QLabel("图例："))
        for state, text in STATE_TEXT.items():
            swatch = QLabel(text)
            swatch.setStyleSheet(f"background: {STATE_COLOURS[state]}; color: #000; border: 1px solid #aaa;"
                                 " padding: 1px 6px;")
            legend.addWidget(swatch)
        bar.addWidget(self.legend)

        # -- the overview table
        self.model = OverviewModel(summary.rows, self)
        self.proxy = OverviewProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = _table(self.proxy, "summaryTable")
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)      # the collected order until a header is clicked
        self.view.doubleClicked.connect(self.open_unit)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = {"unit": 240, "unit_code": 70, "state": 100, "form_count": 44, "errors": 64, "warnings": 64,
                  "comments": 124, "completeness": 56, "budget": 110, "spent": 110, "execution_rate": 60,
                  "score_total": 64, "grade": 44, "modified": 124}
        for key, width in widths.items():
            self.view.setColumnWidth(KEYS.index(key), width)

        # -- the changes and the files not taken
        self.changes_model = RowsModel(("单位", "单位代码", "被取代的文件", "其修改时间", "表", "变动", "位置", "原内容", "新内容"),
                                       summary.changes(), self)
        self.changes_view = _table(self.changes_model, "summaryChanges")
        self.rejected_model = RowsModel(("文件", "类别", "原因"),
                                        [(r["file"], REASONS.get(r.get("code", ""), r.get("code", "")), r["reason"])
                                         for r in summary.rejected], self)
        self.rejected_view = _table(self.rejected_model, "summaryRejected")
        for view, widths in ((self.changes_view, (160, 70, 200, 130, 160, 44, 200, 120)),
                             (self.rejected_view, (360, 100))):
            view.horizontalHeader().setStretchLastSection(True)
            for c, w in enumerate(widths):
                view.setColumnWidth(c, w)
        side = QSplitter(Qt.Orientation.Vertical)
        for title, view, count in (("重新报送的变更（旧 → 新）", self.changes_view, self.changes_model.rowCount()),
                                   ("未采用的文件", self.rejected_view, self.rejected_model.rowCount())):
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 4, 0, 0)
            bl.addWidget(QLabel(f"<b>{title}</b>：{count} 条"))
            bl.addWidget(view, 1)
            side.addWidget(box)

        self.analysis = AnalysisPane()
        self.analysis.set_summary(summary)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("summaryTabs")
        self.tabs.setDocumentMode(True)
        table_page = QWidget()
        tl = QVBoxLayout(table_page)
        tl.setContentsMargins(0, 6, 0, 0)
        tl.addLayout(bar)
        tl.addWidget(self.view, 1)
        self.tabs.addTab(table_page, "单位概览")
        self.tabs.addTab(side, f"变更与未采用的文件（{self.changes_model.rowCount() + self.rejected_model.rowCount()}）")
        self.tabs.addTab(self.analysis, "分析")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(self.headline)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(body)

        self.filter_edit.textChanged.connect(self._filter_text)
        self.state_box.currentIndexChanged.connect(self._filter_state)
        self._build_menu()
        review_actions.install(self)            # 退回所选单位 / 退回全部有意见的单位
        summary_print_actions.install(self)     # 打印汇总表和分析 / 导出汇总表
        self._update_headline()
        self._update_shown()
        self._update_title()
        self.resize(1280, 720)

    # -- menus ------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu("汇总(&S)")
        self.act_save = QAction("保存汇总文件(&S)", self)
        self.act_save.setShortcut(QKeySequence.StandardKey.Save)
        self.act_save.triggered.connect(lambda _c=False: self.save())
        self.act_save_as = QAction("汇总文件另存为(&A)…", self)
        self.act_save_as.triggered.connect(lambda _c=False: self.save(ask=True))
        self.act_export = QAction("导出概览 Excel(&E)…", self)
        self.act_export.setStatusTip("把单位概览和未采用的文件写成 Excel 工作表（汇总概览、未采用的文件）")
        self.act_export.triggered.connect(lambda _c=False: self.export_xlsx())
        self.act_close = QAction("关闭(&C)", self)
        self.act_close.setShortcut(QKeySequence.StandardKey.Close)
        self.act_close.triggered.connect(self.close)
        from .batch_print_actions import batch_print_actions
        batch = batch_print_actions(self)
        for a in (self.act_save, self.act_save_as, None, self.act_export, None, *batch, None, self.act_close):
            menu.addSeparator() if a is None else menu.addAction(a)
        self.menu = menu

    # -- showing ----------------------------------------------------------------------------
    def _update_title(self) -> None:
        name = self.summary.path.name if self.summary.path else "新汇总"
        year = f"{self.summary.year}年度 " if self.summary.year else ""
        self.setWindowTitle(f"汇总概览 — {year}{name}" + ("" if self.saved else "（未保存）"))

    def _update_headline(self) -> None:
        counts = self.summary.counts()
        delivered = len(self.summary.rows) - counts["missing"]
        parts = [f"{self.summary.year} 年度" if self.summary.year else "各年度", f"已报送 <b>{delivered}</b> 个单位"]
        if self.summary.data.get("manifest"):
            parts.append(f"未报送 <b>{counts['missing']}</b>")
        parts += [f"有错误 <b>{counts['errors']}</b>", f"有警告 <b>{counts['warnings']}</b>",
                  f"无问题 <b>{counts['clean']}</b>", f"未采用的文件 <b>{len(self.summary.rejected)}</b>"]
        replaced = sum(1 for r in self.summary.rows if r.get("changes"))
        if replaced:
            parts.append(f"重新报送 <b>{replaced}</b>")
        self.headline.setText("　·　".join(parts) + "。双击一行查看该单位报送的表（只读）及审核结果。")

    def _update_shown(self) -> None:
        self.shown.setText(f"{self.proxy.rowCount()} / {self.model.rowCount()} 个单位")

    def _filter_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_shown()

    def _filter_state(self, at: int) -> None:
        self.proxy.set_state_filter(at)
        self._update_shown()

    def row_at(self, index: QModelIndex) -> dict | None:
        return self.proxy.row(index)

    # -- a unit's forms -----------------------------------------------------------------------
    def open_unit(self, index: QModelIndex):
        row = self.row_at(index)
        if row is None:
            return None
        try:
            workbook = self.summary.workbook(row)
        except Exception as exc:      # noqa: BLE001 - a damaged unit in a summary file: say so
            dialogs.show_error(self, "无法打开", f"单位“{row.get('unit', '')}”的报送内容无法读取：{exc}")
            return None
        if workbook is None:
            self.statusBar().showMessage(f"“{row.get('unit', '')}”未报送，没有可查看的表", 6000)
            return None
        from .unit_window import UnitWindow

        self.unit_windows = [w for w in self.unit_windows if _alive(w)]
        for window in self.unit_windows:
            if window.row is row:
                window.raise_()
                window.activateWindow()
                return window
        window = UnitWindow(workbook, row, self, review=self.review_actions.unit_review(row))
        self.unit_windows.append(window)
        window.show()
        return window

    # -- files --------------------------------------------------------------------------------
    def save(self, ask: bool = False) -> bool:
        path = self.summary.path
        if ask or path is None:
            suggested = str(path) if path else f"{self.summary.year or ''}汇总{SUMMARY_SUFFIX}"
            chosen = dialogs.ask_save_file(self, "保存汇总文件", suggested, SUMMARY_FILTER, SUMMARY_SUFFIX)
            if not chosen:
                return False
            path = Path(chosen)
        if path.suffix.lower() == ".perfdesk":
            dialogs.show_error(self, "无法保存", f"汇总文件不能以 .perfdesk 结尾（那是单个单位的工作簿）：{path}")
            return False
        carried = self._carry_comments_from(path) if self.summary.path is None else 0
        try:
            self.summary.save(path)
        except OSError as exc:
            dialogs.show_error(self, "无法保存", f"无法写入 {path}：{exc.strerror or exc}")
            return False
        self.saved = True
        self._update_title()
        self.statusBar().showMessage(f"已保存汇总文件 {path}" + (
            f"；接续了原汇总文件中尚未随报送返回的审核意见 {carried} 条" if carried else ""), 8000)
        return True

    def _carry_comments_from(self, path: Path) -> int:
        """A new collect saved over an earlier summary keeps the 审核意见 made there that the units'
        deliveries do not carry yet (as `perfdesk collect --force` does)."""
        from ...collect.review import carry_into_summary, previous_comments

        if not path.is_file():
            return 0
        try:
            previous = previous_comments(path)
        except (ValueError, OSError, KeyError, TypeError):
            return 0            # not a summary (the save dialog asked before overwriting it)
        carried = carry_into_summary(self.summary.data, previous)
        if carried:
            self.model.set_rows(self.summary.rows)
            self._update_headline()
        return carried

    def export_xlsx(self) -> bool:
        from ...collect.overview import write_overview_xlsx

        base = self.summary.path.with_suffix("").name if self.summary.path else f"{self.summary.year or ''}汇总"
        chosen = dialogs.ask_save_file(self, "导出概览 Excel", f"{base}-概览.xlsx", XLSX_FILTER, ".xlsx")
        if not chosen:
            return False
        try:
            write_overview_xlsx(self.summary.rows, self.summary.rejected, chosen)
        except OSError as exc:
            dialogs.show_error(self, "无法导出", f"无法写入 {chosen}：{exc.strerror or exc}")
            return False
        self.statusBar().showMessage(f"已导出 {chosen}", 6000)
        return True

    def closeEvent(self, event):
        if not self.saved and not dialogs.confirm(self, "关闭汇总", "汇总结果尚未保存为汇总文件，仍要关闭吗？"):
            event.ignore()
            return
        for window in self.unit_windows:
            if _alive(window):
                window.close()
        event.accept()


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)
