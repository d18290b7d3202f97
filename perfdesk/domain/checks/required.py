"""Required fields, sections, list cells and indicator cells (the definition says which)."""
from __future__ import annotations

from ..places import FieldPlace, IndicatorPlace, ListPlace, SectionPlace
from ..scoring import columns
from ..values import IndicatorValue, Kind
from .context import FormContext


def blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, IndicatorValue):
        return value.kind is Kind.EMPTY
    return isinstance(value, str) and not value.strip()


def check(ctx: FormContext) -> None:
    d, form = ctx.definition, ctx.form
    for f in d.fields:
        if f.required and blank(form.fields.get(f.id)):
            ctx.error("required.field", FieldPlace(f.id), f"必填项“{f.label}”未填写")
    for s in d.sections:
        if s.required and blank(form.sections.get(s.id)):
            ctx.error("required.section", SectionPlace(s.id), f"必填段落“{s.label}”未填写")
    for ld in d.lists:
        required = [c for c in ld.columns if c.required]
        items = form.lists.get(ld.id, [])
        if required and not items:
            ctx.warning("required.list", ListPlace(ld.id, 0), f"“{ld.label}”尚无{ld.item_label}")
        for i, item in enumerate(items):
            for c in required:
                if blank(item.get(c.id)):
                    ctx.error("required.list", ListPlace(ld.id, i, c.id),
                              f"第{i + 1}{ld.item_label}的“{c.label}”未填写")
    _indicators(ctx)


def _indicators(ctx: FormContext) -> None:
    d = ctx.definition
    ind = d.indicators
    if ind is None:
        return
    targets = columns.target_columns(d)
    scored = ctx.scored
    others = [c for c in ind.columns if c.required and c.id not in targets]
    for row in ctx.rows:
        cells = row.node.cells
        if row.level == 3 and row.node.name.strip():
            for col in targets:
                if blank(cells.get(col)):
                    ctx.error("required.target", IndicatorPlace(row.path, col),
                              f"指标“{row.node.name}”未填写{ctx.column_label(col)}")
            for c in others:
                if blank(cells.get(c.id)):
                    ctx.error("required.cell", IndicatorPlace(row.path, c.id),
                              f"指标“{row.node.name}”未填写{c.label}")
        if not scored or not row.is_leaf:
            continue
        if row.level == 2 and not any(not blank(v) for v in cells.values()):
            continue          # a level-2 printed empty, without indicators
        if row.level == 3 and not row.node.name.strip() and not cells:
            continue          # an empty row (reported by the structure rules)
        needed = [(columns.WEIGHT, "required.weight"), (columns.SCORE, "required.score")]
        if row.level == 3:
            needed.insert(0, (columns.ACTUAL, "required.actual"))
        for col, code in needed:
            if blank(cells.get(col)):
                ctx.error(code, IndicatorPlace(row.path, col),
                          f"“{row.node.name or '（未命名）'}”未填写{ctx.column_label(col)}")
