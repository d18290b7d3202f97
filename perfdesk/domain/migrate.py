"""Moving a form to another version of its definition (the installed one, when the copy a
workbook carries differs): every value whose place still exists is kept; each one that has no
place in the new definition is listed, with where it was and what it said.

A place is a field id, a section id, a funds table/row/column (typed rows, stated totals, the
per-project lines), a list/column, and an indicator column at its level (level-2 columns of a
level-1 branch, the table's columns at levels 2 and 3). The indicator tree itself (the rows and
their names) is kept whenever the new definition has an indicator table. A value whose column
changed type is converted when it can be (text ↔ 指标值, a number typed as text); otherwise it
is listed as lost. The GUI makes the result one undoable edit (edits.replace_form).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from .definition import ColumnDef, FormDefinition
from .model import CellValue, Form, FundsLine, FundsTable, IndicatorNode
from .values import IndicatorValue, decimal_text

Lost = tuple[str, str]          # (where, the value's text)


def value_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, IndicatorValue):
        return value.text
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_NOT_TYPED = ("rate", "suggestion")      # computed columns: never stored


def convert(value: CellValue, column: ColumnDef) -> tuple[bool, CellValue]:
    """The value as the column's type holds it: (True, value), or (False, None) when it cannot."""
    kind = column.type
    if value is None or kind in _NOT_TYPED:
        return value is None, None
    if kind == "value":
        return True, value if isinstance(value, IndicatorValue) else IndicatorValue.parse(value_text(value))
    if kind == "number":
        if isinstance(value, Decimal):
            return True, value
        try:
            d = Decimal(value_text(value).strip().replace(",", ""))
        except InvalidOperation:
            return False, None
        return (True, d) if d.is_finite() else (False, None)
    if kind == "date":
        if isinstance(value, dt.date):
            return True, value
        try:
            return True, dt.date.fromisoformat(value_text(value).strip())
        except ValueError:
            return False, None
    return True, value_text(value)          # text, project_ref and any other text column


def migrate_form(form: Form, new: FormDefinition) -> tuple[Form, list[Lost]]:
    """A new form of definition `new` with every value of `form` that has a place in it, and
    the values that have none: [(where, text)], in reading order. `form` is not changed."""
    lost: list[Lost] = []
    old = form.definition
    out = Form(id=form.id, definition=new, title=form.title, origin=form.origin)

    for key, target, source, lookup, what in (
            ("fields", out.fields, form.fields, new.field_def, "字段"),
            ("sections", out.sections, form.sections, new.section_def, "段落")):
        for item_id, text in source.items():
            if lookup(item_id) is not None:
                target[item_id] = text
            elif text:
                before = (old.field_def if key == "fields" else old.section_def)(item_id)
                lost.append((f"{what}“{before.label if before else item_id}”", text))

    _funds(form, out, new, lost)
    _lists(form, out, new, lost)
    _indicators(form, out, new, lost)
    return out, lost


def _funds(form: Form, out: Form, new: FormDefinition, lost: list[Lost]) -> None:
    new_tables = {t.id: t for t in new.funds}
    extras = ("rate", "score")
    for table_id, table in form.funds.items():
        label = table.definition.label
        tdef = new_tables.get(table_id)
        rows = {r.id: r for r in tdef.rows} if tdef else {}
        columns = {c.id: c for c in tdef.columns} if tdef else {}
        moved = FundsTable(tdef) if tdef else None

        def col_label(column_id):
            old_col = next((c for c in table.definition.columns if c.id == column_id), None)
            return old_col.label if old_col else column_id

        def row_label(row_id):
            try:
                return table.definition.row(row_id).label
            except KeyError:
                return row_id

        for kind, source in (("values", table.values), ("stated", table.stated)):
            for row_id, values in source.items():
                row = rows.get(row_id)
                for column_id, amount in values.items():
                    if amount is None:
                        continue
                    column = columns.get(column_id)
                    fits = row is not None and (
                        (column is not None and column.type not in _NOT_TYPED)
                        or (kind == "stated" and column_id in extras and new.execution is not None))
                    if kind == "values" and row is not None and row.computed:
                        fits = False
                    if fits:
                        getattr(moved, kind).setdefault(row_id, {})[column_id] = amount
                    else:
                        what = "填报合计 › " if kind == "stated" else ""
                        lost.append((f"资金表“{label}” › {what}{row_label(row_id)} › {col_label(column_id)}",
                                     decimal_text(amount)))
        for i, line in enumerate(table.lines):
            where = f"资金表“{label}” › 明细第{i + 1}行“{line.name}”"
            if moved is None or tdef.lines is None:
                lost.append((where, line.name + "".join(f"；{col_label(c)} {decimal_text(v)}"
                                                        for c, v in line.values.items() if v is not None)))
                continue
            kept = {}
            for column_id, amount in line.values.items():
                column = columns.get(column_id)
                if column is not None and column.type not in _NOT_TYPED:
                    kept[column_id] = amount
                elif amount is not None:
                    lost.append((f"{where} › {col_label(column_id)}", decimal_text(amount)))
            moved.lines.append(FundsLine(line.name, kept))
        if moved is not None:
            out.funds[table_id] = moved


def _lists(form: Form, out: Form, new: FormDefinition, lost: list[Lost]) -> None:
    for list_id, items in form.lists.items():
        old_def = form.definition.list_def(list_id)
        label = old_def.label if old_def else list_id
        new_def = new.list_def(list_id)
        old_columns = {c.id: c for c in old_def.columns} if old_def else {}
        new_columns = {c.id: c for c in new_def.columns} if new_def else {}
        moved = []
        for i, item in enumerate(items):
            cells = _cells(item, old_columns, new_columns, f"列表“{label}” › 第{i + 1}项", lost)
            moved.append(cells)
        if new_def is not None:
            out.lists[list_id] = moved


def _cells(cells: dict[str, CellValue], old_columns: dict[str, ColumnDef], new_columns: dict[str, ColumnDef],
           where: str, lost: list[Lost]) -> dict[str, CellValue]:
    kept = {}
    for column_id, value in cells.items():
        text = value_text(value)
        column = new_columns.get(column_id)
        ok, converted = convert(value, column) if column is not None else (False, None)
        if ok:
            if converted is not None:
                kept[column_id] = converted
        elif text:
            old = old_columns.get(column_id)
            lost.append((f"{where} › 列“{old.label if old else column_id}”", text))
    return kept


def _indicators(form: Form, out: Form, new: FormDefinition, lost: list[Lost]) -> None:
    ind = new.indicators
    old_ind = form.definition.indicators

    def old_columns(level: int, branch: str) -> dict[str, ColumnDef]:
        return {c.id: c for c in form.columns_for(level, branch)}

    def visit(node: IndicatorNode, level: int, branch: str, trail: str) -> IndicatorNode | None:
        where = f"指标“{trail}”"
        if ind is None:
            texts = [value_text(v) for v in node.cells.values() if value_text(v)]
            lost.append((where, "；".join([node.name] + texts)))
            for child in node.children:
                visit(child, level + 1, branch, f"{trail} › {child.name}")
            return None
        cells = _cells(node.cells, old_columns(level, branch), {c.id: c for c in out.columns_for(level, branch)},
                       where, lost)
        children = [visit(c, level + 1, branch, f"{trail} › {c.name}") for c in node.children]
        return IndicatorNode(node.name, cells, [c for c in children if c is not None])

    for node in form.indicators:
        moved = visit(node, 1, node.name, node.name)
        if moved is not None:
            out.indicators.append(moved)
    totals = ind.totals if ind is not None else ()
    for column_id, amount in form.stated_totals.items():
        if column_id in totals:
            out.stated_totals[column_id] = amount
        elif amount is not None:
            label = old_ind.column(column_id).label if old_ind and old_ind.column(column_id) else column_id
            lost.append((f"指标合计行 › {label}", decimal_text(amount)))
