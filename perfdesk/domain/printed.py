"""What a printed form says at its head: the title and the print hints filled with the workbook's
values. Shared by the printout (perfdesk.pdf) and the form's 校验码 (perfdesk.domain.print_code)."""
from __future__ import annotations

import string

from .model import Form, Workbook


class _Blank(dict):
    def __missing__(self, key):
        return ""


def fill(template: str, workbook: Workbook, form: Form) -> str:
    """A print hint such as "{unit_code}{unit}" or "{year}年度" with the workbook's values."""
    if not template:
        return ""
    values = _Blank(form.fields)
    values.update(unit=workbook.unit, unit_code=workbook.unit_code, year=workbook.year)
    try:
        return string.Formatter().vformat(template, (), values)
    except (ValueError, IndexError):
        return template


def form_title(workbook: Workbook, form: Form) -> str:
    return form.title.strip() or fill(form.definition.default_title, workbook, form) or form.definition.name


def money_line(definition) -> str:
    """The right of the line under the title: `[print] money_label` + money_unit (单位：万元,
    金额单位:万元); "" when the definition prints no unit there."""
    hints = definition.print
    return f"{hints.money_label}{hints.money_unit}" if hints.money_unit else ""


def header_items(definition, ids) -> list[tuple]:
    """The label | value pairs of a run of header items: ("field", FieldDef) per field and
    ("amount", FundsTableDef, FundsRowDef) per row of a `[print] pairs` funds table, in order."""
    out: list[tuple] = []
    for item in ids:
        fdef = definition.field_def(item)
        if fdef is not None:
            out.append(("field", fdef))
            continue
        tdef = definition.funds_table(item)
        out += [("amount", tdef, row) for row in tdef.rows]
    return out


def is_header_item(definition, item: str) -> bool:
    """A field, or a funds table printed as label | amount pairs among the fields."""
    return definition.field_def(item) is not None or item in definition.print.pairs


def pair_unit(definition, tdef, row) -> str:
    """The unit printed after an amount of a `pairs` table: its table's unit, unless the money
    line or the row's label (本年度申请市财政预算资金(万元)) already says it — never left unsaid."""
    if definition.print.money_unit or not tdef.unit or tdef.unit == "%":
        return ""
    if any(f"{a}{tdef.unit}{b}" in row.label for a, b in (("(", ")"), ("（", "）"))):
        return ""
    return tdef.unit
