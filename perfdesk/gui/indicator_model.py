"""A read-only Qt model over a form's indicator tree (editing comes with the main-window issue)."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.model import Form, IndicatorNode
from ..domain.values import IndicatorValue, Kind


class IndicatorTreeModel(QAbstractItemModel):
    """Column 0 is the indicator name at its level; then the form's columns."""

    def __init__(self, form: Form, parent=None):
        super().__init__(parent)
        self._form = form
        ind = form.definition.indicators
        self._columns = list(ind.columns) if ind else []
        extra = []
        if ind:
            for branch in ind.level1:
                extra += [c for c in branch.level2_columns if c.id not in {x.id for x in extra}]
        self._columns = extra + self._columns
        self._level_labels = ind.level_labels if ind else ("", "", "")
        # node identity → (parent node or None, row); rebuilt when the tree changes shape
        self._parents: dict[int, tuple[IndicatorNode | None, int]] = {}
        self._reindex()

    def _reindex(self):
        self._parents.clear()

        def visit(nodes, parent):
            for row, node in enumerate(nodes):
                self._parents[id(node)] = (parent, row)
                visit(node.children, node)

        visit(self._form.indicators, None)

    def _children(self, node: IndicatorNode | None) -> list[IndicatorNode]:
        return self._form.indicators if node is None else node.children

    def node(self, index: QModelIndex) -> IndicatorNode | None:
        return index.internalPointer() if index.isValid() else None

    # -- structure ------------------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        children = self._children(self.node(parent))
        return self.createIndex(row, column, children[row])

    def parent(self, index=QModelIndex()):
        node = self.node(index)
        if node is None:
            return QModelIndex()
        parent, _ = self._parents[id(node)]
        if parent is None:
            return QModelIndex()
        _, row = self._parents[id(parent)]
        return self.createIndex(row, 0, parent)

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(self.node(parent)))

    def columnCount(self, parent=QModelIndex()):
        return 1 + len(self._columns)

    # -- content --------------------------------------------------------------------------
    def _level(self, node: IndicatorNode) -> int:
        level, parent = 1, self._parents[id(node)][0]
        while parent is not None:
            level, parent = level + 1, self._parents[id(parent)][0]
        return level

    def data(self, index, role=Qt.DisplayRole):
        node = self.node(index)
        if node is None:
            return None
        if index.column() == 0:
            if role in (Qt.DisplayRole, Qt.ToolTipRole):
                return node.name
            return None
        column = self._columns[index.column() - 1]
        value = node.cells.get(column.id)
        if role == Qt.DisplayRole:
            return self._display(value)
        if role == Qt.TextAlignmentRole and isinstance(value, Decimal):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ToolTipRole and isinstance(value, IndicatorValue):
            if value.kind is Kind.UNPARSED:
                return "无法识别的指标值，按原文保留"
            if value.kind is Kind.PLACEHOLDER:
                return "占位内容，未给出具体指标值"
        return None

    def _display(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, IndicatorValue):
            return value.format(self._form.definition.notation)
        if isinstance(value, Decimal):
            return format(value.normalize(), "f") if value != 0 else "0"
        return str(value)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or role != Qt.DisplayRole:
            return None
        if section == 0:
            return " / ".join(self._level_labels)
        if 0 < section <= len(self._columns):
            return self._columns[section - 1].label
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable
