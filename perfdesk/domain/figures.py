"""Figures computed from a form: totals, execution rate, weight and score sums, counts."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Iterator

import msgspec

from .model import Form, IndicatorNode

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def round2(d: Decimal) -> Decimal:
    """Money and scores print with two decimals, rounded half up as the official systems do."""
    return d.quantize(CENT, rounding=ROUND_HALF_UP)


def named_indicators(form: Form) -> list[IndicatorNode]:
    """Level-3 indicators that have a name (what the forms count as 指标)."""
    return [node for level, node, _ in form.walk() if level == 3 and node.name.strip()]


def scored_rows(form: Form) -> Iterator[IndicatorNode]:
    """Rows that carry a weight: every leaf below level 1 (a level-2 with no level-3 counts)."""
    for level, node, _ in form.walk():
        if level >= 2 and not node.children:
            yield node


def _column_sum(form: Form, column_id: str) -> Decimal | None:
    values = [n.cells.get(column_id) for n in scored_rows(form)]
    numbers = [v for v in values if isinstance(v, Decimal)]
    return sum(numbers, Decimal(0)) if numbers else None


def budget_total(form: Form) -> Decimal | None:
    ref = form.definition.budget_total
    return form.cell_ref(ref) if ref else None


class Execution(msgspec.Struct, frozen=True):
    budget: Decimal | None
    spent: Decimal | None
    rate: Decimal | None          # percent, two decimals
    points: Decimal | None        # 分值 of the execution rate, where the form scores it
    score: Decimal | None


def execution(form: Form) -> Execution | None:
    """执行率 = 全年执行数 / 全年预算数; its score = 分值 × min(执行率, 100 %)."""
    spec = form.definition.execution
    if spec is None:
        return None
    budget, spent = form.cell_ref(spec.budget), form.cell_ref(spec.spent)
    rate = score = None
    if budget and spent is not None:
        ratio = spent / budget
        rate = round2(ratio * HUNDRED)
        if spec.points is not None:
            score = round2(Decimal(spec.points) * min(ratio, Decimal(1)))
    points = Decimal(spec.points) if spec.points is not None else None
    return Execution(budget, spent, rate, points, score)


def _total_with_execution(form: Form, column_id: str, execution_part: str) -> Decimal | None:
    """A column's 总分 as the rows add up, plus the execution rate's part of it (its points or
    its score), where the form scores the rate; None if the form does not total the column."""
    ind = form.definition.indicators
    if ind is None or column_id not in ind.totals:
        return None
    total = _column_sum(form, column_id) or Decimal(0)
    ex = execution(form)
    extra = getattr(ex, execution_part) if ex is not None else None
    return total + extra if extra is not None else total


def weight_total(form: Form) -> Decimal | None:
    """The 总分 of the 权重 column as the rows add up (plus the execution points, if scored)."""
    return _total_with_execution(form, "weight", "points")


def score_total(form: Form) -> Decimal | None:
    return _total_with_execution(form, "score", "score")


def column_total(form: Form, column_id: str) -> Decimal | None:
    """What the 合计 row shows under an indicator column: 权重 and 得分 with the execution rate's
    part, any other column its rows' sum (None when no row has a number). The printed and the
    exported form both show this."""
    if column_id == "weight":
        return weight_total(form)
    if column_id == "score":
        return score_total(form)
    return _column_sum(form, column_id)


def list_totals(form: Form, list_id: str) -> dict[str, Decimal | None]:
    """The 合计 row of a list whose definition names `totals`: each such number column summed over
    the items; a column with `of` = [a, b] shows Σa / Σb × 100 (two decimals), a rate of the
    totals, never the sum of its rows — over the items that have both a and b (a budget whose
    执行数 is blank would otherwise count as unspent) — None where Σb is 0 or nothing is filled."""
    ldef = form.definition.list_def(list_id)
    if ldef is None or not ldef.totals:
        return {}
    items = form.lists.get(list_id, [])

    def column_sum(column_id: str) -> Decimal | None:
        numbers = [v for item in items if isinstance(v := item.get(column_id), Decimal)]
        return sum(numbers, Decimal(0)) if numbers else None

    out: dict[str, Decimal | None] = {}
    for column in ldef.columns:
        if column.id not in ldef.totals:
            continue
        if column.of:
            a, b = column.of
            pairs = [(item[a], item[b]) for item in items
                     if isinstance(item.get(a), Decimal) and isinstance(item.get(b), Decimal)]
            top = sum((x for x, _ in pairs), Decimal(0))
            bottom = sum((y for _, y in pairs), Decimal(0))
            out[column.id] = round2(top / bottom * HUNDRED) if pairs and bottom else None
        else:
            out[column.id] = column_sum(column.id)
    return out
