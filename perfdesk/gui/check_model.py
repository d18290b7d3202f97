"""A Qt model over the checker's findings: one top-level row per form (with its counts per
severity), the form's findings below it. One form's findings can be replaced on their own, so the
dock re-checks only the form the user is typing into."""
from __future__ import annotations


import msgspec
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ..domain.checks import Finding, Severity, counts
from .table_model import ReadOnlyItemModel

FindingRole = Qt.ItemDataRole.UserRole + 1     # the Finding of a finding row
FormIdRole = Qt.ItemDataRole.UserRole + 2      # the form id, on both kinds of row
SeverityRole = Qt.ItemDataRole.UserRole + 3    # Severity of a finding row; the worst one on a form row
PlaceRole = Qt.ItemDataRole.UserRole + 4       # the Place of a finding row (perfdesk.domain.places)
CountsRole = Qt.ItemDataRole.UserRole + 5      # {Severity: n} on a form row

HEADERS = ("问题", "位置", "规则")
_ICON_NAMES = {Severity.ERROR: "SP_MessageBoxCritical", Severity.WARNING: "SP_MessageBoxWarning",
               Severity.INFO: "SP_MessageBoxInformation"}


def _icon_of(severity):
    # imported when a finding is first drawn: PySide creates QStyle's type and its enums (about
    # 9 ms) on first touch, which the window's first frame (before any check has run) need not pay
    from PySide6.QtWidgets import QStyle

    return getattr(QStyle, _ICON_NAMES[severity])


def counts_text(findings) -> str:
    c = counts(findings)
    return " · ".join(f"{s.value} {c[s]}" for s in Severity)


class _Group(msgspec.Struct):
    form_id: str
    title: str
    findings: list[Finding] = msgspec.field(default_factory=list)


class FindingsModel(ReadOnlyItemModel):
    """Top-level rows: forms, in workbook order. Children: that form's findings, in reading order.

    Internal ids: 0 for a form row, group number + 1 for a finding row (no Python pointers)."""

    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content ----------------------------------------------------------------------------
    def set_forms(self, forms: list[tuple[str, str]], findings: dict[str, list[Finding]] | None = None) -> None:
        """All forms (id, title) with their findings; resets the model."""
        findings = findings or {}
        self.beginResetModel()
        self._groups = [_Group(fid, title, list(findings.get(fid, []))) for fid, title in forms]
        self.endResetModel()

    def set_form_findings(self, form_id: str, findings: list[Finding], title: str | None = None) -> bool:
        """Replace one form's findings in place; other forms' rows (and their expansion) stay put."""
        g = self.group_row(form_id)
        if g < 0:
            return False
        group = self._groups[g]
        parent = self.index(g, 0)
        old, new = len(group.findings), len(findings)
        if old == new:
            group.findings = list(findings)
            if new:
                self.dataChanged.emit(self.index(0, 0, parent), self.index(new - 1, len(HEADERS) - 1, parent))
        else:
            if old:
                self.beginRemoveRows(parent, 0, old - 1)
                group.findings = []
                self.endRemoveRows()
            if new:
                self.beginInsertRows(parent, 0, new - 1)
                group.findings = list(findings)
                self.endInsertRows()
        if title is not None:
            group.title = title
        self.dataChanged.emit(parent, self.index(g, len(HEADERS) - 1))
        return True

    def group_row(self, form_id: str) -> int:
        return next((i for i, g in enumerate(self._groups) if g.form_id == form_id), -1)

    def form_ids(self) -> list[str]:
        return [g.form_id for g in self._groups]

    def findings(self, form_id: str | None = None) -> list[Finding]:
        if form_id is not None:
            g = self.group_row(form_id)
            return list(self._groups[g].findings) if g >= 0 else []
        return [f for g in self._groups for f in g.findings]

    def form_index(self, form_id: str) -> QModelIndex:
        g = self.group_row(form_id)
        return self.index(g, 0) if g >= 0 else QModelIndex()

    def finding_index(self, form_id: str, place) -> QModelIndex:
        """The first finding of a form at a place (for selecting it from the editor side)."""
        g = self.group_row(form_id)
        if g < 0:
            return QModelIndex()
        for row, f in enumerate(self._groups[g].findings):
            if f.place == place:
                return self.index(row, 0, self.index(g, 0))
        return QModelIndex()

    def finding(self, index: QModelIndex) -> Finding | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self._groups[index.internalId() - 1]
        return group.findings[index.row()] if index.row() < len(group.findings) else None

    # -- structure --------------------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index=QModelIndex()):
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()):
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()].findings)
        return 0

    # -- data -------------------------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(self._groups[index.row()], index.column(), role)
        f = self.finding(index)
        return None if f is None else self._finding_data(f, index.column(), role)

    def _group_data(self, group: _Group, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return group.title
            if column == 1:
                return counts_text(group.findings) if group.findings else "未发现问题"
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{group.title}：{counts_text(group.findings) if group.findings else '未发现问题'}"
        if role == Qt.ItemDataRole.FontRole and column == 0:
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            worst = _worst(group.findings)
            return _icon(worst) if worst else None
        if role == FormIdRole:
            return group.form_id
        if role == SeverityRole:
            return _worst(group.findings)
        if role == CountsRole:
            return counts(group.findings)
        return None

    def _finding_data(self, f: Finding, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return (f.message, f.where, f.code)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{f.severity.value}：{f.message}\n位置：{f.where}\n规则：{f.code}"
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return _icon(f.severity)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            return f"{f.severity.value}：{f.message}"
        if role == FindingRole:
            return f
        if role == FormIdRole:
            return f.form
        if role == SeverityRole:
            return f.severity
        if role == PlaceRole:
            return f.place
        return None


def _worst(findings) -> Severity | None:
    return min((f.severity for f in findings), key=lambda s: s.rank, default=None)


_icon_cache: dict = {}


def _icon(severity: Severity):
    icon = _icon_cache.get(severity)
    if icon is None:
        icon = QApplication.style().standardIcon(_icon_of(severity))
        _icon_cache[severity] = icon
    return icon

