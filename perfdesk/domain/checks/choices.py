"""A text column that lists its choices (偏差原因分析: 经费保障 …) takes only those; several may be
joined by 、 (a deviation with two causes)."""
from __future__ import annotations

import re

from ..places import IndicatorPlace, ListPlace
from .context import FormContext

_JOINERS = re.compile(r"[、,，;；/]")


def _unknown(text, choices: tuple[str, ...]) -> list[str]:
    if not choices or not isinstance(text, str) or not text.strip():
        return []
    return [p for p in (x.strip() for x in _JOINERS.split(text)) if p and p not in choices]


def check(ctx: FormContext) -> None:
    d, form = ctx.definition, ctx.form
    for ld in d.lists:
        for i, item in enumerate(form.lists.get(ld.id, [])):
            for c in ld.columns:
                bad = _unknown(item.get(c.id), c.choices)
                if bad:
                    ctx.error("value.choice", ListPlace(ld.id, i, c.id),
                              f"“{c.label}”应为 {'、'.join(c.choices)} 之一，实际为“{'、'.join(bad)}”")
    if d.indicators is None:
        return
    cols = [c for c in d.indicators.columns if c.choices]
    if not cols:
        return
    for row in ctx.rows:
        for c in cols:
            bad = _unknown(row.node.cells.get(c.id), c.choices)
            if bad:
                ctx.error("value.choice", IndicatorPlace(row.path, c.id),
                          f"“{c.label}”应为 {'、'.join(c.choices)} 之一，实际为“{'、'.join(bad)}”")
