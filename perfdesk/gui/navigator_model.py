"""The navigator: workbook → forms → parts of each form; project forms under their own node.

A small tree of plain items rebuilt whenever forms are added, removed or renamed (there are
tens of items, not thousands). The filter matches names, titles and project codes.
"""
from __future__ import annotations


import msgspec
from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from ..domain.kinds import linked_value, per_project
from .form_editor import layout_items
from .roles import ANCHOR_ROLE, FORM_ROLE, SEARCH_ROLE
from .table_model import NodeTreeModel


class NavItem(msgspec.Struct, eq=False):
    label: str
    kind: str                       # "workbook" | "group" | "form" | "part"
    form_id: str = ""
    anchor: str = ""
    tooltip: str = ""
    search: str = ""
    parent: NavItem | None = None
    children: list[NavItem] = msgspec.field(default_factory=list)

    row: int = 0          # place among its parent's children (the tree never changes once built)

    def add(self, child: NavItem) -> NavItem:
        child.parent = self
        child.row = len(self.children)
        self.children.append(child)
        return child


def _part_label(definition, item: str) -> str | None:
    for f in definition.fields:
        if f.id == item:
            return None              # fields are grouped under 基本信息
    for s in definition.sections:
        if s.id == item:
            return s.label
    for t in definition.funds:
        if t.id == item:
            return t.label
    for x in definition.lists:
        if x.id == item:
            return x.label
    if item == "indicators" and definition.indicators:
        return definition.indicators.label
    return None


def _add_parts(item: NavItem, form) -> None:
    """The parts of a form in printed order; sections of one group (一、部门概述) under it."""
    d = form.definition
    fields = [f for f in d.fields]
    field_ids = {f.id for f in fields}
    sections = {s.id: s for s in d.sections}
    group_item, group = None, ""
    for part in layout_items(d):
        section = sections.get(part)
        if section is not None and section.group != group:
            group = section.group
            # the group shows its first section; its own anchor keeps lookups of the section exact
            group_item = item.add(NavItem(group, "part", form.id, f"group:{part}")) if group else None
        parent = group_item or item
        if part in field_ids:    # the header fields together, where the first of them is
            if not any(c.anchor == "fields" for c in _all(item)):
                label = "、".join(f.label for f in fields) if len(fields) <= 2 else "基本信息"
                parent.add(NavItem(label, "part", form.id, "fields"))
            continue
        text = _part_label(d, part)
        if text:
            parent.add(NavItem(text, "part", form.id, part))


def _all(item: NavItem):
    for child in item.children:
        yield child
        yield from _all(child)


def _shape(item: NavItem) -> list:
    return [(c.kind, c.form_id, c.anchor, _shape(c)) for c in item.children]


def build_tree(workbook) -> NavItem:
    root = NavItem("", "root")
    top = root.add(NavItem(f"{workbook.unit or '（未填单位）'}　{workbook.year}年度", "workbook",
                           tooltip="工作簿信息：单位、年度、签章栏", search=f"{workbook.unit} {workbook.unit_code}"))
    projects = [f for f in workbook.forms if per_project(f.definition)]
    group = None
    for form in workbook.forms:
        parent = top
        if per_project(form.definition):
            if group is None:
                group = top.add(NavItem(f"项目支出（{len(projects)}）", "group", tooltip="各项目的表"))
            parent = group
        code = linked_value(form, "project_code")
        name = linked_value(form, "project_name")
        label = form.title or form.definition.name
        tip = f"{label}\n{form.definition.name}\n{code + '　' if code else ''}{name}".strip()
        if per_project(form.definition) and name:
            label = name        # under 项目支出 the project's name says it; the title repeats the kind
        item = parent.add(NavItem(label, "form", form.id, tooltip=tip,
                                  search=" ".join([label, form.title, form.id, code, name, form.definition.name])))
        _add_parts(item, form)
    return root


class NavigatorModel(NodeTreeModel):
    HEADERS = ("表单",)          # one column (the view hides its header)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.root = build_tree(document.workbook)
        self._keep: list[NavItem] = []
        self._bold = QFont()
        self._bold.setBold(True)
        document.formsChanged.connect(self.rebuild)

    def rebuild(self) -> None:
        new = build_tree(self.document.workbook)
        if _shape(new) == _shape(self.root):
            # only labels changed (a title being typed): keep expansion and selection
            for old_item, new_item in zip(_all(self.root), _all(new)):
                old_item.label, old_item.tooltip, old_item.search = new_item.label, new_item.tooltip, new_item.search
            self._changed(QModelIndex())
            return
        self.beginResetModel()
        self._keep.append(self.root)     # indexes handed out earlier point into the old tree
        self.root = new
        self.endResetModel()

    def _changed(self, parent: QModelIndex) -> None:
        rows = self.rowCount(parent)
        if rows:
            self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, 0, parent))
            for row in range(rows):
                self._changed(self.index(row, 0, parent))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item: NavItem = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return item.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tooltip or item.label
        if role == Qt.ItemDataRole.FontRole and item.kind in ("workbook", "group"):
            return self._bold
        if role == FORM_ROLE:
            return item.form_id or None
        if role == ANCHOR_ROLE:
            return item.anchor or None
        if role == SEARCH_ROLE:
            return f"{item.label} {item.search}"
        if role == Qt.ItemDataRole.UserRole:
            return item.kind
        return None

    def form_index(self, form_id: str, anchor: str = "") -> QModelIndex:
        def visit(item, index):
            for row, child in enumerate(item.children):
                child_index = self.index(row, 0, index)
                if child.form_id == form_id and child.kind == ("part" if anchor else "form") \
                        and (not anchor or child.anchor == anchor):
                    return child_index
                found = visit(child, child_index)
                if found is not None:
                    return found
            return None

        return visit(self.root, QModelIndex()) or QModelIndex()


class NavigatorFilter(QSortFilterProxyModel):
    """Search by name or code: a matching form shows with its parts, a matching part with its form."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)
