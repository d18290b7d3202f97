"""Run every rule family over a form or a workbook.

Each family is a small module with check(ctx); the rules that are form-specific read the form
definition (sums, relations, required items, allowed categories), the general ones live in the
modules themselves, and the self-evaluation rules read the scoring profile.
"""
from __future__ import annotations

from typing import Callable, Iterable

from ..model import Form, Workbook
from ..places import (
    FieldPlace,
    FundsPlace,
    IndicatorPlace,
    IndicatorsPlace,
    LinePlace,
    ListPlace,
    SectionPlace,
    TitlePlace,
    TotalPlace,
    WorkbookPlace,
)
from ..scoring.profile import ProfileSet, ScoringProfile
from ..scoring.reading import rows
from ..values import IndicatorValue
from . import choices, funds, length, monitor, plan, required, selfeval, shares, structure, values
from .context import FormContext
from .finding import Finding

FAMILIES = (required, length, funds, shares, plan, structure, values, choices, selfeval, monitor)

ProfileChooser = Callable[[Form], "ScoringProfile | None"]


def check_form(form: Form, profile: ScoringProfile | None = None, source: Form | None = None) -> list[Finding]:
    """All findings of one form, in the order the form is read.

    `source` is the target form a self-evaluation was derived from, when it is in the same
    workbook: a target value still as it was carried over is that form's, and a mistake in it
    is reported there once, not again on every form derived from it."""
    ctx = FormContext(form, profile)
    for family in FAMILIES:
        family.check(ctx)
    findings = ctx.findings
    if source is not None and form.origin is not None and form.origin.source_form == source.id:
        carried = _carried_unchanged(form)
        findings = [f for f in findings if not (f.code.startswith("value.") and f.place in carried)]
    order = _reading_order(form)
    return sorted(findings, key=lambda f: (order(f), f.severity.rank))


def _carried_unchanged(form: Form) -> set[IndicatorPlace]:
    """The indicator cells whose text is still what the derivation carried from the target form."""
    baseline = form.origin.baseline
    places = set()
    for row in rows(form):
        if row.level != 3:
            continue
        names = "/".join(n.name for n in row.ancestors + (row.node,))
        for column_id, value in row.node.cells.items():
            then = baseline.get(f"indicator:{names}:{column_id}")
            text = value.text if isinstance(value, IndicatorValue) else ("" if value is None else str(value))
            if then is not None and then == text:
                places.add(IndicatorPlace(row.path, column_id))
    return places


def chooser(profiles: ProfileSet | None, profile_id: str | None = None) -> ProfileChooser:
    """Which profile scores a form: the one asked for, else the one that claims its definition."""
    if profiles is None:
        return lambda form: None
    if profile_id:
        chosen = profiles.get(profile_id)
        return lambda form: chosen
    return lambda form: profiles.for_definition(form.definition.id)


def check_workbook(workbook: Workbook, profiles: ProfileSet | None = None,
                   profile_id: str | None = None, choose: ProfileChooser | None = None) -> dict[str, list[Finding]]:
    """Findings per form id, in the workbook's form order; `choose` (form → profile), when
    given, instead of the profiles and profile_id."""
    choose = choose or chooser(profiles, profile_id)
    by_id = {form.id: form for form in workbook.forms}

    def source_of(form: Form) -> Form | None:
        return by_id.get(form.origin.source_form) if form.origin else None

    return {form.id: check_form(form, choose(form), source_of(form)) for form in workbook.forms}


def flatten(by_form: dict[str, list[Finding]]) -> list[Finding]:
    return [f for findings in by_form.values() for f in findings]


def _reading_order(form: Form):
    d = form.definition
    layout = {item: i for i, item in enumerate(d.print.layout)}
    far = len(layout) + 1

    def index_of(items: Iterable, key: str) -> int:
        return next((i for i, x in enumerate(items) if x == key), far)

    def key(f: Finding):
        p = f.place
        if isinstance(p, (WorkbookPlace, TitlePlace)):
            return (-1, 0, ())
        if isinstance(p, FieldPlace):
            return (layout.get(p.field_id, far), index_of((x.id for x in d.fields), p.field_id), ())
        if isinstance(p, SectionPlace):
            return (layout.get(p.section_id, far), index_of((x.id for x in d.sections), p.section_id), ())
        if isinstance(p, (FundsPlace, LinePlace)):
            try:
                t = d.funds_table(p.table_id)
            except KeyError:
                return (far, 0, ())
            col = index_of(t.column_ids, p.column_id)
            if isinstance(p, FundsPlace):
                return (layout.get(p.table_id, far), 0, (index_of((r.id for r in t.rows), p.row_id), col))
            return (layout.get(p.table_id, far), 1, (p.index, col))
        if isinstance(p, ListPlace):
            return (layout.get(p.list_id, far), 0, (p.index,))
        if isinstance(p, IndicatorsPlace):
            return (layout.get("indicators", far), 1, ())
        if isinstance(p, TotalPlace):        # the 总分 row is the table's last
            return (layout.get("indicators", far), 2, (_column_rank(d, p.column_id),))
        if isinstance(p, IndicatorPlace):
            return (layout.get("indicators", far), 0, p.path + (_column_rank(d, p.column_id),))
        return (far, 0, ())

    return key


def _column_rank(d, column_id: str) -> int:
    ind = d.indicators
    if ind is None or not column_id:
        return -1
    ids = [c.id for b in ind.level1 for c in b.level2_columns] + [c.id for c in ind.columns]
    return ids.index(column_id) if column_id in ids else len(ids)
