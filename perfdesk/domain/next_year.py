"""Next year's workbook from this year's: structure, indicators, targets and narrative copied,
figures and actuals cleared (or kept), the year moved on wherever it appears."""
from __future__ import annotations

import copy
import datetime as dt
import re

import msgspec

from .model import Form, IndicatorNode, Workbook
from .values import IndicatorValue, Kind

# Columns that hold what happened, not what is planned: cleared unless the user keeps them.
ACTUAL_COLUMNS = ("actual_value", "score", "reason", "note")


class NextYearOptions(msgspec.Struct, frozen=True):
    keep_figures: bool = False     # funds amounts (budgets, spending, plan percentages)
    keep_actuals: bool = False     # 实际完成值, 得分, 偏差原因, 说明


def _shift_text(text: str, year: int | None) -> str:
    """The year of a date written in the text (2024年, 2024.12.31, 2024-12, 2024－) one on; every
    year of it when `year` is None (a period: 2023.07-2024.01 → 2024.07-2025.01)."""
    def shift(m: re.Match) -> str:
        y = int(m.group(1))
        return str(y + 1) if year is None or y == year else m.group(1)
    return re.sub(r"(?<!\d)(\d{4})(?=[年./\-－])", shift, text)


def _shift_date(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:   # 29 February
        return d.replace(year=d.year + 1, day=28)


def _shift_value(value: IndicatorValue, year: int) -> IndicatorValue:
    """A deadline or date in this year moves to next year; text is rewritten the same way."""
    if value.kind in (Kind.DEADLINE, Kind.DATE) and value.date is not None and value.date.year == year:
        return IndicatorValue.parse(_shift_text(value.text, year))
    if value.kind is Kind.PERIOD and year in (value.date.year, value.start.year if value.start else None):
        return IndicatorValue.parse(_shift_text(value.text, None))
    return value


def _node(node: IndicatorNode, year: int, options: NextYearOptions) -> IndicatorNode:
    cells = {}
    for key, value in node.cells.items():
        if key in ACTUAL_COLUMNS and not options.keep_actuals:
            continue
        if isinstance(value, IndicatorValue):
            value = _shift_value(value, year)
        elif isinstance(value, str):
            value = _shift_text(value, year)
        cells[key] = value
    return IndicatorNode(_shift_text(node.name, year), cells, [_node(c, year, options) for c in node.children])


def _form(form: Form, year: int, options: NextYearOptions) -> Form:
    new = copy.deepcopy(form)
    new.title = _shift_text(form.title, year)
    new.fields = {k: (str(year + 1) if v == str(year) else _shift_text(v, year)) for k, v in form.fields.items()}
    new.sections = {k: _shift_text(v, year) for k, v in form.sections.items()}
    if not options.keep_figures:
        for table in new.funds.values():
            table.values.clear()
            table.stated.clear()
            for line in table.lines:
                line.values.clear()
    if not options.keep_actuals:
        new.stated_totals.clear()
    new.indicators = [_node(n, year, options) for n in form.indicators]
    for items in new.lists.values():
        for item in items:
            for key, value in item.items():
                if isinstance(value, IndicatorValue):
                    item[key] = _shift_value(value, year)
                elif isinstance(value, str):
                    item[key] = _shift_text(value, year)
    new.origin = None if form.origin is None else copy.deepcopy(form.origin)
    return new


def next_year(workbook: Workbook, options: NextYearOptions = NextYearOptions()) -> Workbook:
    year = workbook.year
    new = Workbook(unit=workbook.unit, unit_code=workbook.unit_code, year=year + 1,
                   signature=copy.deepcopy(workbook.signature))
    new.signature.date = ""
    new.forms = [_form(f, year, options) for f in workbook.forms]
    return new
