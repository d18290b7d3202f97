"""Every cell a workbook prints, as plain strings: what the floors draw and write.

Taken from the domain model directly (not from our own layout code), so a floor stays the bare
library's cost for the same content whatever our renderers do."""
from __future__ import annotations

from perfdesk.domain.model import Form, Workbook
from perfdesk.domain.values import IndicatorValue


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, IndicatorValue):
        return value.text
    return str(value)


def form_rows(form: Form) -> list[list[str]]:
    d = form.definition
    rows: list[list[str]] = [[form.title]]
    for f in d.fields:
        rows.append([f.label, _text(form.fields.get(f.id))])
    for s in d.sections:
        rows.append([s.label, form.sections.get(s.id, "")])
    for t in d.funds:
        table = form.funds_table(t.id)
        rows.append([t.label] + [c.label for c in t.columns])
        for r in t.rows:
            rows.append([r.label] + [_text(table.value(r.id, c.id)) for c in t.columns])
        for line in table.lines:
            rows.append([line.name] + [_text(line.values.get(c.id)) for c in t.columns])
    for ld in d.lists:
        for item in form.lists.get(ld.id, []):
            rows.append([_text(item.get(c.id)) for c in ld.columns])
    if d.indicators is not None:
        for level, node, parents in form.walk():
            names = [p.name for p in parents] + [node.name]
            rows.append(names + [""] * (3 - len(names)) + [_text(v) for v in node.cells.values()])
    return rows


def workbook_rows(workbook: Workbook) -> list[tuple[str, list[list[str]]]]:
    return [(form.title, form_rows(form)) for form in workbook.forms]


def count(rows_by_form) -> int:
    return sum(len(r) for _, rows in rows_by_form for r in rows)
