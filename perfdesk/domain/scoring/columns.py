"""Which indicator columns play which part in checking and scoring.

The form definitions name their columns; these ids are the convention every definition in forms/
follows (target_value / actual_value / weight / score, and reason or note for 偏差原因 / 说明).
"""
from __future__ import annotations

from ..definition import FormDefinition

ACTUAL = "actual_value"
WEIGHT = "weight"
SCORE = "score"
UNIT = "unit"                       # a separate 度量单位 column (Shenzhen)
REASON_COLUMNS = ("reason", "note")
HALF, ANNUAL = "half_value", "annual_value"
FORECAST = "forecast_value"         # 全年预计完成情况 (monitoring): an estimate, not a target


def column_ids(definition: FormDefinition) -> set[str]:
    ind = definition.indicators
    if ind is None:
        return set()
    ids = {c.id for c in ind.columns}
    for b in ind.level1:
        ids |= {c.id for c in b.level2_columns}
    return ids


def is_scored(definition: FormDefinition) -> bool:
    """A self-evaluation table: rows carry a weight and a score."""
    return {WEIGHT, SCORE} <= column_ids(definition)


def target_columns(definition: FormDefinition) -> tuple[str, ...]:
    """Value columns that state a target (指标值, 半年/全年指标值, 年初指标值)."""
    ind = definition.indicators
    if ind is None:
        return ()
    return tuple(c.id for c in ind.columns if c.type == "value" and c.id not in (ACTUAL, FORECAST))


def target_column(definition: FormDefinition) -> str | None:
    """The target a self-evaluation scores against (the annual one where there are two)."""
    targets = target_columns(definition)
    if ANNUAL in targets:
        return ANNUAL
    return targets[0] if targets else None


def reason_column(definition: FormDefinition) -> str | None:
    ids = column_ids(definition)
    return next((c for c in REASON_COLUMNS if c in ids), None)
