"""The main window: forms of the workbook on the left, the selected form's indicators on the right."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QListView, QMainWindow, QSplitter, QTreeView, QVBoxLayout, QWidget

from ..domain import figures
from ..domain.model import Workbook
from .indicator_model import IndicatorTreeModel


class FormListModel(QAbstractListModel):
    def __init__(self, workbook: Workbook, parent=None):
        super().__init__(parent)
        self._workbook = workbook

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._workbook.forms)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        form = self._workbook.forms[index.row()]
        if role == Qt.DisplayRole:
            return form.title or form.definition.name
        if role == Qt.ToolTipRole:
            return f"{form.definition.name}（{form.id}）"
        return None


class MainWindow(QMainWindow):
    def __init__(self, workbook: Workbook, file_label: str):
        super().__init__()
        self.workbook = workbook
        self.setWindowTitle(f"{file_label} — perfdesk")
        self.forms_model = FormListModel(workbook, self)
        self.forms_view = QListView()
        self.forms_view.setModel(self.forms_model)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.PlainText)
        self.heading.setWordWrap(True)
        self.indicator_view = QTreeView()
        self.indicator_view.setAlternatingRowColors(True)
        self.indicator_view.setUniformRowHeights(True)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.heading)
        layout.addWidget(self.indicator_view)
        splitter = QSplitter()
        splitter.addWidget(self.forms_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 940])
        self.setCentralWidget(splitter)
        self.forms_view.selectionModel().currentChanged.connect(lambda cur, _prev: self.show_form(cur.row()))
        self.resize(1200, 760)
        if workbook.forms:
            self.forms_view.setCurrentIndex(self.forms_model.index(0))

    def show_form(self, row: int) -> None:
        if not 0 <= row < len(self.workbook.forms):
            return
        form = self.workbook.forms[row]
        old = self.indicator_view.model()
        self.indicator_view.setModel(IndicatorTreeModel(form, self))
        if old is not None:
            old.deleteLater()
        self.indicator_view.expandAll()
        self.indicator_view.setColumnWidth(0, 360)
        facts = [f"{self.workbook.unit}　{self.workbook.year}年度", f"三级指标 {len(figures.named_indicators(form))} 项"]
        total = figures.budget_total(form)
        if total is not None:
            facts.append(f"资金合计 {figures.round2(total):,} {form.definition.print.money_unit}")
        ex = figures.execution(form)
        if ex and ex.rate is not None:
            facts.append(f"执行率 {ex.rate}%")
        weight = figures.weight_total(form)
        if weight is not None:
            facts.append(f"权重合计 {weight}，得分合计 {figures.score_total(form)}")
        self.heading.setText(f"{form.title}\n" + "　".join(facts))
        self.statusBar().showMessage(form.definition.name)
