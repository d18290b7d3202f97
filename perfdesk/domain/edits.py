"""Every change to a workbook as a small value: `apply(workbook, edit)` makes it and returns the
edit that undoes it. The GUI's undo commands only ever call `apply`; nothing else mutates a
workbook, so undo, dirty tracking and change notifications all hang on this one function.

Indicator rows are addressed by their path of row numbers (see places.IndicatorPlace). Paths are
resolved when an edit is applied; an undo stack applies inverses in reverse order, so the paths an
inverse names are valid when it runs.
"""
from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any, Union

import msgspec

from .blank import render_title
from .comments import SetComment, apply_set
from .definition import ColumnDef
from .model import MAX_LEVEL, Form, FundsLine, IndicatorNode, Workbook
from .places import (
    FieldPlace,
    FundsPlace,
    IndicatorPlace,
    LinePlace,
    ListPlace,
    Place,
    SectionPlace,
    TitlePlace,
    WorkbookPlace,
)
from .values import IndicatorValue


class EditError(ValueError):
    """An edit that cannot be made here (a level too deep, a computed cell); message for the user."""


# ----------------------------------------------------------------------------------- edits

class SetValue(msgspec.Struct, frozen=True, eq=False):
    """Set one value: a field, a section, the title, an amount, a cell, a name.

    form_id is None for the workbook's own information (WorkbookPlace).
    """

    form_id: str | None
    place: Place
    value: Any


class InsertNodes(msgspec.Struct, frozen=True, eq=False):
    form_id: str
    parent: tuple[int, ...]
    row: int
    nodes: tuple[IndicatorNode, ...]


class RemoveNodes(msgspec.Struct, frozen=True, eq=False):
    form_id: str
    parent: tuple[int, ...]
    row: int
    count: int = 1


class MoveNode(msgspec.Struct, frozen=True, eq=False):
    """Move one row (with its subtree) under `parent` before child `row`, both counted before the
    move (Qt's beginMoveRows convention)."""

    form_id: str
    path: tuple[int, ...]
    parent: tuple[int, ...]
    row: int


class InsertLines(msgspec.Struct, frozen=True, eq=False):
    form_id: str
    table_id: str
    row: int
    lines: tuple[FundsLine, ...]


class RemoveLines(msgspec.Struct, frozen=True, eq=False):
    form_id: str
    table_id: str
    row: int
    count: int = 1


class InsertItems(msgspec.Struct, frozen=True, eq=False):
    form_id: str
    list_id: str
    row: int
    items: tuple[dict, ...]


class RemoveItems(msgspec.Struct, frozen=True, eq=False):
    form_id: str
    list_id: str
    row: int
    count: int = 1


class InsertForm(msgspec.Struct, frozen=True, eq=False):
    index: int
    form: Form

    @property
    def form_id(self) -> str:
        return self.form.id


class RemoveForm(msgspec.Struct, frozen=True, eq=False):
    index: int
    form_id: str


class Batch(msgspec.Struct, frozen=True, eq=False):
    """Several edits made as one (applied in order, undone in reverse)."""

    edits: tuple

    @property
    def form_id(self) -> str | None:
        ids = {e.form_id for e in self.edits}
        return ids.pop() if len(ids) == 1 else None


Edit = Union[SetValue, InsertNodes, RemoveNodes, MoveNode, InsertLines, RemoveLines, InsertItems,
             RemoveItems, InsertForm, RemoveForm, SetComment, Batch]

STRUCTURAL = (InsertNodes, RemoveNodes, MoveNode, InsertLines, RemoveLines, InsertItems, RemoveItems,
              InsertForm, RemoveForm)


def leaves(edit: Edit):
    """The single edits of an edit, batches flattened, in the order they are applied."""
    if isinstance(edit, Batch):
        for e in edit.edits:
            yield from leaves(e)
    else:
        yield edit


def batch(edits) -> Edit:
    edits = tuple(edits)
    return edits[0] if len(edits) == 1 else Batch(edits)


def replace_form(workbook: Workbook, form: Form) -> Batch:
    """Put `form` in place of the workbook's form with the same id, as one edit (an import, a
    self-evaluation taking over its target's changes). Undoing it brings the old form back."""
    index = next((i for i, f in enumerate(workbook.forms) if f.id == form.id), None)
    if index is None:
        raise EditError(f"工作簿中没有表单 “{form.id}”")
    return Batch((RemoveForm(index, form.id), InsertForm(index, form)))


def copy_form(form: Form) -> Form:
    """A deep copy to change and then put in place with replace_form (definitions are shared)."""
    memo = {id(form.definition): form.definition}
    for table in form.funds.values():
        memo[id(table.definition)] = table.definition
    return copy.deepcopy(form, memo)


# ----------------------------------------------------------------------------------- check

def check(workbook: Workbook, edit: Edit) -> None:
    """Raise EditError if a structural edit cannot be made, without changing anything.

    Lets listeners announce a change (Qt's beginInsertRows …) knowing it will happen.
    """
    if isinstance(edit, (SetValue, Batch, InsertForm, RemoveForm, SetComment)):
        return      # checked while applied; they announce nothing structural beforehand
    form = workbook.form(edit.form_id)
    if isinstance(edit, InsertNodes):
        if form.definition.indicators is None:
            raise EditError("此表没有绩效指标")
        _clamp_insert(edit.row, len(children_at(form, edit.parent)))
        for node in edit.nodes:
            _check_level(node, None, edit.parent)
    elif isinstance(edit, RemoveNodes):
        _check_range(edit.row, edit.count, len(children_at(form, edit.parent)))
    elif isinstance(edit, MoveNode):
        check_move(form, edit.path, edit.parent, edit.row)
    elif isinstance(edit, InsertLines):
        if form.definition.funds_table(edit.table_id).lines is None:
            raise EditError("此资金表没有项目明细行")
        _clamp_insert(edit.row, len(form.funds_table(edit.table_id).lines))
    elif isinstance(edit, RemoveLines):
        _check_range(edit.row, edit.count, len(form.funds_table(edit.table_id).lines))
    elif isinstance(edit, InsertItems):
        if form.definition.list_def(edit.list_id) is None:
            raise EditError(f"表样没有列表 “{edit.list_id}”")
        _clamp_insert(edit.row, len(form.lists.get(edit.list_id, [])))
    elif isinstance(edit, RemoveItems):
        _check_range(edit.row, edit.count, len(form.lists.get(edit.list_id, [])))


# ----------------------------------------------------------------------------------- apply

def apply(workbook: Workbook, edit: Edit) -> Edit:
    """Make the edit; return the edit that undoes it. Nothing changes when EditError is raised."""
    if isinstance(edit, Batch):
        done = []
        try:
            for e in edit.edits:
                done.append(apply(workbook, e))
        except EditError:
            for inverse in reversed(done):   # leave the workbook as it was
                apply(workbook, inverse)
            raise
        return batch(reversed(done))
    if isinstance(edit, SetValue):
        return _set_value(workbook, edit)
    if isinstance(edit, SetComment):      # a 审核意见 marked done, a reply: never the figures
        return apply_set(workbook, edit)
    if isinstance(edit, InsertForm):
        if any(f.id == edit.form.id for f in workbook.forms):
            raise EditError(f"工作簿中已有表单 “{edit.form.id}”")
        index = _clamp_insert(edit.index, len(workbook.forms))
        workbook.forms.insert(index, edit.form)
        return RemoveForm(index, edit.form.id)
    if isinstance(edit, RemoveForm):
        form = workbook.forms[edit.index]
        if form.id != edit.form_id:
            raise EditError(f"第{edit.index + 1}张表不是 “{edit.form_id}”")
        del workbook.forms[edit.index]
        return InsertForm(edit.index, form)
    form = workbook.form(edit.form_id)
    if isinstance(edit, InsertNodes):
        return _insert_nodes(form, edit)
    if isinstance(edit, RemoveNodes):
        siblings = children_at(form, edit.parent)
        _check_range(edit.row, edit.count, len(siblings))
        removed = tuple(siblings[edit.row:edit.row + edit.count])
        del siblings[edit.row:edit.row + edit.count]
        return InsertNodes(edit.form_id, edit.parent, edit.row, removed)
    if isinstance(edit, MoveNode):
        return _move_node(form, edit)
    if isinstance(edit, InsertLines):
        lines = form.funds_table(edit.table_id).lines
        if form.definition.funds_table(edit.table_id).lines is None:
            raise EditError("此资金表没有项目明细行")
        index = _clamp_insert(edit.row, len(lines))
        lines[index:index] = list(edit.lines)
        return RemoveLines(edit.form_id, edit.table_id, index, len(edit.lines))
    if isinstance(edit, RemoveLines):
        lines = form.funds_table(edit.table_id).lines
        _check_range(edit.row, edit.count, len(lines))
        removed = tuple(lines[edit.row:edit.row + edit.count])
        del lines[edit.row:edit.row + edit.count]
        return InsertLines(edit.form_id, edit.table_id, edit.row, removed)
    if isinstance(edit, InsertItems):
        if form.definition.list_def(edit.list_id) is None:
            raise EditError(f"表样没有列表 “{edit.list_id}”")
        items = form.lists.setdefault(edit.list_id, [])
        index = _clamp_insert(edit.row, len(items))
        items[index:index] = list(edit.items)
        return RemoveItems(edit.form_id, edit.list_id, index, len(edit.items))
    if isinstance(edit, RemoveItems):
        items = form.lists.get(edit.list_id, [])
        _check_range(edit.row, edit.count, len(items))
        removed = tuple(items[edit.row:edit.row + edit.count])
        del items[edit.row:edit.row + edit.count]
        return InsertItems(edit.form_id, edit.list_id, edit.row, removed)
    raise TypeError(f"unknown edit {edit!r}")


def _clamp_insert(row: int, size: int) -> int:
    if not 0 <= row <= size:
        raise EditError(f"插入位置 {row + 1} 超出范围")
    return row


def _check_range(row: int, count: int, size: int) -> None:
    if count < 1 or row < 0 or row + count > size:
        raise EditError("要删除的行不存在")


# ------------------------------------------------------------------------------ set value

def _set_value(workbook: Workbook, edit: SetValue) -> Edit:
    place = edit.place
    if isinstance(place, WorkbookPlace):
        before = _template_titles(workbook, workbook.forms)
        old = _set_workbook_info(workbook, place.key, edit.value)
        inverse = [SetValue(None, place, old)]
        return batch(_retitle(workbook, workbook.forms, before) + inverse)
    form = workbook.form(edit.form_id)
    if isinstance(place, TitlePlace):
        old = form.title
        form.title = _text(edit.value)
        return SetValue(form.id, place, old)
    if isinstance(place, FieldPlace):
        if form.definition.field_def(place.field_id) is None:
            raise EditError(f"表样没有字段 “{place.field_id}”")
        before = _template_titles(workbook, [form])
        old = _put_text(form.fields, place.field_id, edit.value)
        return batch(_retitle(workbook, [form], before) + [SetValue(form.id, place, old)])
    if isinstance(place, SectionPlace):
        if form.definition.section_def(place.section_id) is None:
            raise EditError(f"表样没有段落 “{place.section_id}”")
        return SetValue(form.id, place, _put_text(form.sections, place.section_id, edit.value))
    if isinstance(place, FundsPlace):
        return SetValue(form.id, place, _set_amount(form, place, edit.value))
    if isinstance(place, LinePlace):
        table = form.funds_table(place.table_id)
        line = _at(table.lines, place.index, "项目明细行")
        if not place.column_id:
            old, line.name = line.name, _text(edit.value)
            return SetValue(form.id, place, old)
        _check_column(table.definition.typed_column_ids, place.column_id)
        return SetValue(form.id, place, _put(line.values, place.column_id, _amount(edit.value)))
    if isinstance(place, ListPlace):
        ldef = form.definition.list_def(place.list_id)
        if ldef is None:
            raise EditError(f"表样没有列表 “{place.list_id}”")
        item = _at(form.lists.get(place.list_id, []), place.index, ldef.item_label)
        column = next((c for c in ldef.columns if c.id == place.column_id), None)
        if column is None:
            raise EditError(f"列表没有列 “{place.column_id}”")
        return SetValue(form.id, place, _put(item, column.id, _typed(column, edit.value)))
    if isinstance(place, IndicatorPlace):
        return _set_indicator(form, place, edit.value)
    raise EditError(f"不能修改 {place!r}")


def _set_workbook_info(workbook: Workbook, key: str, value: Any) -> Any:
    if key in ("unit", "unit_code"):
        old = getattr(workbook, key)
        setattr(workbook, key, _text(value))
        return old
    if key == "year":
        if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2200:
            raise EditError(f"年度应为四位数年份，实际为 {value!r}")
        old, workbook.year = workbook.year, value
        return old
    if key.startswith("signature."):
        attr = key.split(".", 1)[1]
        if not hasattr(workbook.signature, attr):
            raise EditError(f"签章栏没有 “{attr}”")
        old = getattr(workbook.signature, attr)
        setattr(workbook.signature, attr, _text(value))
        return old
    raise EditError(f"工作簿没有 “{key}”")


def _template_titles(workbook: Workbook, forms) -> dict[str, str]:
    """Forms whose title is still the one their definition's template gives."""
    return {f.id: f.title for f in forms
            if f.definition.default_title and f.title == render_title(f.definition, workbook, f.fields)}


def _retitle(workbook: Workbook, forms, before: dict[str, str]) -> list[Edit]:
    """Keep an untouched template title in step with the fields it is made of (项目名称 → 标题)."""
    inverses = []
    for form in forms:
        if form.id in before:
            title = render_title(form.definition, workbook, form.fields)
            if title != form.title:
                inverses.append(SetValue(form.id, TitlePlace(), form.title))
                form.title = title
    return inverses


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise EditError(f"应为文本，实际为 {value!r}")
    return value


def _put_text(target: dict, key: str, value: Any) -> str:
    old = target.get(key, "")
    text = _text(value)
    if text:
        target[key] = text
    else:
        target.pop(key, None)
    return old


def _put(target: dict, key: str, value: Any) -> Any:
    old = target.get(key)
    if value is None or value == "":
        target.pop(key, None)
    else:
        target[key] = value
    return old


def _amount(value: Any) -> Decimal | None:
    if value is not None and (not isinstance(value, Decimal) or not value.is_finite()):
        raise EditError(f"金额应为数字，实际为 {value!r}")
    return value


def _at(items: list, index: int, what: str):
    if not 0 <= index < len(items):
        raise EditError(f"第{index + 1}个{what}不存在")
    return items[index]


def _check_column(allowed, column_id: str) -> None:
    if column_id not in allowed:
        raise EditError(f"没有列 “{column_id}”")


def _set_amount(form: Form, place: FundsPlace, value: Any) -> Decimal | None:
    table = form.funds_table(place.table_id)
    try:
        row = table.definition.row(place.row_id)
    except KeyError:
        raise EditError(f"资金表没有行 “{place.row_id}”") from None
    if row.computed:
        raise EditError(f"“{row.label}” 由程序计算，不能直接填写")
    _check_column(table.definition.typed_column_ids, place.column_id)
    values = table.values.setdefault(place.row_id, {})
    old = _put(values, place.column_id, _amount(value))
    if not values:
        del table.values[place.row_id]
    return old


def _typed(column: ColumnDef, value: Any):
    """Refuse a value of the wrong type for its column (the GUI converts typed text first)."""
    if value is None:
        return None
    expected = {"value": IndicatorValue, "number": Decimal, "date": dt.date}.get(column.type, str)
    if not isinstance(value, expected):
        raise EditError(f"“{column.label}” 的值类型不对：{value!r}")
    if isinstance(value, IndicatorValue) and value.is_empty:
        return None
    return value


def _set_indicator(form: Form, place: IndicatorPlace, value: Any) -> Edit:
    node = node_at(form, place.path)
    if not place.column_id:
        old, node.name = node.name, _text(value)
        if len(place.path) == 1:
            # a renamed level-1 row is another branch: its level-2 rows may lose branch columns
            restores = [r for i, child in enumerate(node.children)
                        for r in _prune(form, child, place.path + (i,))]
            return batch([SetValue(form.id, place, old)] + restores)
        return SetValue(form.id, place, old)
    column = columns_at(form, place.path).get(place.column_id)
    if column is None:
        raise EditError(f"第{len(place.path)}级指标没有 “{place.column_id}” 这一列")
    return SetValue(form.id, place, _put(node.cells, column.id, _typed(column, value)))


# ------------------------------------------------------------------------------- the tree

def children_at(form: Form, parent: tuple[int, ...]) -> list[IndicatorNode]:
    return form.indicators if not parent else node_at(form, parent).children


def node_at(form: Form, path: tuple[int, ...]) -> IndicatorNode:
    if not path:
        raise EditError("指标行位置为空")
    nodes, node = form.indicators, None
    for i in path:
        if not 0 <= i < len(nodes):
            raise EditError(f"指标行 {'/'.join(str(p + 1) for p in path)} 不存在")
        node = nodes[i]
        nodes = node.children
    return node


def path_of(form: Form, target: IndicatorNode) -> tuple[int, ...] | None:
    """Where a node is now (by identity), or None when it is not in the tree."""

    def visit(nodes, prefix):
        for i, node in enumerate(nodes):
            if node is target:
                return prefix + (i,)
            found = visit(node.children, prefix + (i,))
            if found:
                return found
        return None

    return visit(form.indicators, ())


def depth(node: IndicatorNode) -> int:
    """Levels a subtree spans: 1 for a leaf."""
    return 1 + max((depth(c) for c in node.children), default=0)


def columns_at(form: Form, path: tuple[int, ...]) -> dict[str, ColumnDef]:
    """The columns a row carries at this place: level-2 rows of a branch may have extra ones."""
    level = len(path)
    if level < 2:
        return {}
    branch = form.indicators[path[0]].name if 0 <= path[0] < len(form.indicators) else ""
    return {c.id: c for c in form.columns_for(level, branch)}


def _prune(form: Form, node: IndicatorNode, path: tuple[int, ...], restore_at=None) -> list[Edit]:
    """Drop cells a row may not carry where it now is; return the edits that put them back
    (named by `restore_at`, where the row will be when they run)."""
    restore_at = path if restore_at is None else restore_at
    allowed = columns_at(form, path)
    restores = []
    for key in [k for k in node.cells if k not in allowed]:
        restores.append(SetValue(form.id, IndicatorPlace(restore_at, key), node.cells.pop(key)))
    for i, child in enumerate(node.children):
        restores += _prune(form, child, path + (i,), restore_at + (i,))
    return restores


def _check_level(node: IndicatorNode, old_level: int | None, parent: tuple[int, ...]) -> None:
    level = len(parent) + 1
    if old_level is not None and (old_level == 1) != (level == 1):
        raise EditError("一级指标只能在一级之间移动")
    if level - 1 + depth(node) > MAX_LEVEL:
        raise EditError("指标最多三级，不能放在这里")


def _insert_nodes(form: Form, edit: InsertNodes) -> Edit:
    if form.definition.indicators is None:
        raise EditError("此表没有绩效指标")
    siblings = children_at(form, edit.parent)
    row = _clamp_insert(edit.row, len(siblings))
    for node in edit.nodes:
        _check_level(node, None, edit.parent)
    siblings[row:row] = list(edit.nodes)
    # new rows carry no cell that their place does not have (pasted from another branch)
    for i, node in enumerate(edit.nodes):
        _prune(form, node, edit.parent + (row + i,))
    return RemoveNodes(edit.form_id, edit.parent, row, len(edit.nodes))


def check_move(form: Form, path: tuple[int, ...], parent: tuple[int, ...], row: int) -> None:
    """Raise EditError when the move is not allowed or would change nothing."""
    node = node_at(form, path)
    if parent[:len(path)] == path:
        raise EditError("不能把指标移到它自己的下级")
    siblings = children_at(form, parent)
    if not 0 <= row <= len(siblings):
        raise EditError("目标位置超出范围")
    if parent == path[:-1] and row in (path[-1], path[-1] + 1):
        raise EditError("位置没有变化")
    _check_level(node, len(path), parent)


def _move_node(form: Form, edit: MoveNode) -> Edit:
    check_move(form, edit.path, edit.parent, edit.row)
    node = node_at(form, edit.path)
    source_parent = node_at(form, edit.path[:-1]) if len(edit.path) > 1 else None
    target = children_at(form, edit.parent)
    source = children_at(form, edit.path[:-1])
    old_row = edit.path[-1]
    row = edit.row
    source.pop(old_row)
    if target is source and row > old_row:
        row -= 1
    target.insert(row, node)
    new_path = path_of(form, node)
    back_parent = path_of(form, source_parent) if source_parent is not None else ()
    back_row = old_row + 1 if (target is source and old_row > row) else old_row
    restores = _prune(form, node, new_path, restore_at=edit.path)
    return batch([MoveNode(edit.form_id, new_path, back_parent, back_row)] + restores)


# ------------------------------------------------------------------ edits for tree commands

def move_up(form: Form, path: tuple[int, ...]) -> MoveNode | None:
    if path[-1] == 0:
        return None
    return MoveNode(form.id, path, path[:-1], path[-1] - 1)


def move_down(form: Form, path: tuple[int, ...]) -> MoveNode | None:
    if path[-1] + 1 >= len(children_at(form, path[:-1])):
        return None
    return MoveNode(form.id, path, path[:-1], path[-1] + 2)


def indent(form: Form, path: tuple[int, ...]) -> MoveNode:
    """Make the row the last child of the row above it (at the same level)."""
    if path[-1] == 0:
        raise EditError("上方没有同级指标，不能降级")
    new_parent = path[:-1] + (path[-1] - 1,)
    edit = MoveNode(form.id, path, new_parent, len(node_at(form, new_parent).children))
    check_move(form, edit.path, edit.parent, edit.row)
    return edit


def outdent(form: Form, path: tuple[int, ...]) -> MoveNode:
    """Make the row a sibling of its parent, right after it."""
    if len(path) < 3:
        raise EditError("一级、二级指标不能再升级" if len(path) == 2 else "一级指标不能再升级")
    parent = path[:-1]
    edit = MoveNode(form.id, path, parent[:-1], parent[-1] + 1)
    check_move(form, edit.path, edit.parent, edit.row)
    return edit


def default_name(form: Form, parent: tuple[int, ...]) -> str:
    """A new row's name: the first category of its level that the form does not use yet."""
    ind = form.definition.indicators
    if ind is None:
        return ""
    used = {n.name for n in children_at(form, parent)}
    if not parent:
        choices = [b.name for b in ind.level1]
    elif len(parent) == 1:
        branch = ind.branch(node_at(form, parent).name)
        choices = list(branch.level2) if branch else []
    else:
        choices = []
    return next((c for c in choices if c not in used), "")


def new_row(form: Form, parent: tuple[int, ...], row: int) -> InsertNodes:
    if len(parent) >= MAX_LEVEL:
        raise EditError("指标最多三级")
    return InsertNodes(form.id, parent, row, (IndicatorNode(default_name(form, parent)),))
