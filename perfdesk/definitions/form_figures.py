"""The overview's figures of one form, and a unit's row added up from them.

One source of truth for `perfdesk.collect.overview.unit_figures` (which computes every form's
record here and adds them up with `unit_row`) and for the 审核摘要 (seal) the store writes beside
each form it saves (`perfdesk.store.seals`): collect builds a unit's row from the seals without
decoding its forms, and gets the same numbers because it runs the same `unit_row`.

A record holds exact figures (Decimals as their text), so that adding them up later gives what
adding up the live figures gives: the same sums in the same order, the same rounding.
"""
from __future__ import annotations

from decimal import Decimal

from ..domain import figures
from ..domain.checks import Severity, check_form
from ..domain.completeness import completeness
from ..domain.kinds import per_project
from ..domain.model import Form, Workbook
from ..domain.print_code import content_code
from ..domain.scoring.columns import is_scored
from ..domain.scoring.profile import ScoringProfile
from .embedded import embedded_profiles, installed_profiles, profile_for

# Bump when a check rule, the completeness count, the 校验码 or any figure below changes in a
# way the program's version (perfdesk.__version__, also in every seal) would not show: every
# seal written before then stops matching and collect checks those forms again.
SEAL_VERSION = 2


def _text(d: Decimal | None) -> str | None:
    return None if d is None else str(d)


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def form_record(workbook: Workbook, form: Form, source: Form | None = None,
                profile: ScoringProfile | None = None) -> dict:
    """The figures of one form the overview row needs. `source`: the form it was derived from
    (its origin's source form in the same workbook), `profile`: its scoring profile as
    `check_workbook(wb, choose=profile_chooser(wb))` would choose it (`profile_for(form, wb)`)."""
    findings = check_form(form, profile, source)
    c = completeness(form)
    ex = figures.execution(form)
    scored = is_scored(form.definition)
    score = figures.score_total(form) if scored else None
    grades = None
    if score is not None and profile is not None:
        grades = [[g.name, str(g.min)] for g in profile.grades]
    return {
        "id": form.id, "title": form.title, "definition": form.definition.id,
        "code": content_code(workbook, form),
        "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
        "filled": c.filled, "total": c.total,
        "per_project": bool(per_project(form.definition)),
        "budget": _text(figures.budget_total(form)),
        "budget_unit": _table_unit(form, form.definition.budget_total),
        "ex_unit": _table_unit(form, form.definition.execution.budget if form.definition.execution else None),
        "ex_budget": _text(ex.budget) if ex is not None and ex.budget is not None and ex.spent is not None else None,
        "ex_spent": _text(ex.spent) if ex is not None and ex.budget is not None and ex.spent is not None else None,
        "scored": bool(scored), "score": _text(score),
        "profile": profile.id if scored and profile is not None else None,
        "grades": grades,
    }


def _table_unit(form: Form, ref: str | None) -> str:
    """The money unit of the funds table a figure reference (table.row.column) points into."""
    table = form.definition.funds_table(ref.split(".")[0]) if ref else None
    return table.unit if table is not None else ""


# the overview adds amounts up in 万元: a unit's forms, and units, may be kept in 元 or 万元
OVERVIEW_UNIT = "万元"
_TO_WAN = {"万元": Decimal(1), "元": Decimal(10000)}


def _in_wan(value: Decimal, unit: str) -> tuple[Decimal, bool]:
    """The amount in 万元, exactly (元 ÷ 10000 is exact); an amount in another unit is kept as it
    is and said (False): it cannot be converted without assuming."""
    divisor = _TO_WAN.get(unit)
    return (value / divisor, True) if divisor is not None else (value, False)


def profile_of(definition_id: str, profile_texts: dict[str, str]) -> ScoringProfile | None:
    """`profile_for` of a form whose definition is the file's own copy, from the definition's id
    and the profile texts the file carries: the one of those that claims the definition (else
    their default), else the installed one."""
    if profile_texts:
        own = embedded_profiles(Workbook("", "", 0, profile_texts=profile_texts)).for_definition(definition_id)
        if own is not None:
            return own
    installed = installed_profiles()
    return installed.for_definition(definition_id) if installed is not None else None


def source_of(workbook: Workbook, form: Form) -> Form | None:
    """The form a form was derived from, as check_workbook finds it."""
    if form.origin is None:
        return None
    return next((f for f in workbook.forms if f.id == form.origin.source_form), None)


def form_records(workbook: Workbook) -> list[dict]:
    return [form_record(workbook, f, source_of(workbook, f), profile_for(f, workbook)) for f in workbook.forms]


def _num(d: Decimal | None):
    """JSON numbers: 103 stays an integer, 99.47 a short decimal (as `perfdesk info --json`)."""
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _grade(grades: list | None, score: Decimal) -> str | None:
    # ScoringProfile.grade_for: the highest grade whose minimum the total reaches
    for name, least in sorted(grades or (), key=lambda g: Decimal(g[1]), reverse=True):
        if score >= Decimal(least):
            return name
    return None


def unit_row(records: list[dict]) -> dict:
    """The unit's figures from its forms' records. Budget: the unit-wide form's total where there
    is one (the projects are inside it), else the sum of the project forms. 执行数 and 执行率
    over the forms that score execution. Self-evaluation: the unit-wide scored form's total, else
    the mean of the project forms' totals; the grade from that form's scoring profile."""
    errors = sum(r["errors"] for r in records)
    warnings = sum(r["warnings"] for r in records)
    filled = sum(r["filled"] for r in records)
    total = sum(r["total"] for r in records)
    other_units: set[str] = set()

    def wan(text: str | None, unit: str) -> Decimal | None:
        if text is None:
            return None
        value, ok = _in_wan(_dec(text), unit)
        if not ok:
            other_units.add(unit or "未写明")
        return value

    unit_budgets = [wan(r["budget"], r.get("budget_unit", "")) for r in records
                    if not r["per_project"] and r["budget"] is not None]
    project_budgets = [wan(r["budget"], r.get("budget_unit", "")) for r in records
                       if r["per_project"] and r["budget"] is not None]
    budget = unit_budgets[0] if unit_budgets else (sum(project_budgets, Decimal(0)) if project_budgets else None)
    ex_budget = ex_spent = None
    for r in records:
        if r["ex_budget"] is not None and r["ex_spent"] is not None:
            ex_budget = (ex_budget or Decimal(0)) + wan(r["ex_budget"], r.get("ex_unit", ""))
            ex_spent = (ex_spent or Decimal(0)) + wan(r["ex_spent"], r.get("ex_unit", ""))
    rate = figures.round2(ex_spent / ex_budget * 100) if ex_budget else None
    scored = [r for r in records if r["scored"] and r["score"] is not None]
    unit_scored = [r for r in scored if not r["per_project"]]
    score = grade = None
    if unit_scored:
        score, chosen = _dec(unit_scored[0]["score"]), unit_scored[0]
    elif scored:
        score = figures.round2(sum((_dec(r["score"]) for r in scored), Decimal(0)) / len(scored))
        chosen = scored[0]
    if score is not None:
        grade = _grade(chosen["grades"], score)
    return {
        # each form's 校验码, as its printed pages carry it: the paper handed in matches this delivery
        "forms": [{"id": r["id"], "title": r["title"], "definition": r["definition"], "code": r["code"]}
                  for r in records],
        "errors": errors, "warnings": warnings,
        "completeness": 100 if total == 0 else filled * 100 // total,
        # in 万元, exact (元 ÷ 10000, never rounded for show); another unit is named, not converted
        "budget": _num(budget), "spent": _num(ex_spent), "execution_rate": _num(rate),
        "money_unit": OVERVIEW_UNIT if not other_units else "、".join(sorted(other_units | {OVERVIEW_UNIT})),
        "score_total": _num(score), "grade": grade,
    }
