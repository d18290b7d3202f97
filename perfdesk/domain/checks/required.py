"""Required fields, sections, list cells and indicator cells (the definition says which)."""
from __future__ import annotations

from ..places import FieldPlace, FundsPlace, IndicatorPlace, ListPlace, SectionPlace
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
    # an imported form: what the source table had no place for is not the officer's omission
    absent = set(form.source.absent) if form.source is not None else set()
    origin = f"（导入的表格“{form.source.sheet or form.source.file}”没有这一栏，请补填）" if absent else ""
    for f in d.fields:
        if f.required and blank(form.fields.get(f.id)):
            if f.id in absent:
                ctx.info("required.field_not_in_source", FieldPlace(f.id), f"“{f.label}”尚未填写{origin}")
            else:
                ctx.error("required.field", FieldPlace(f.id), f"必填项“{f.label}”未填写")
    for s in d.sections:
        if s.required and blank(form.sections.get(s.id)):
            if s.id in absent:
                ctx.info("required.section_not_in_source", SectionPlace(s.id), f"“{s.label}”尚未填写{origin}")
            else:
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
    _spent(ctx)


def _spent(ctx: FormContext) -> None:
    """A self-evaluation states what was spent against its budget; without it there is no 执行率."""
    spec = ctx.definition.execution
    if spec is None or not ctx.scored:
        return
    budget, spent = ctx.form.cell_ref(spec.budget), ctx.form.cell_ref(spec.spent)
    if budget and spent is None:
        table_id, row_id, column_id = spec.spent.split(".")
        table = ctx.definition.funds_table(table_id)
        column = next((c.label for c in table.columns if c.id == column_id), column_id)
        ctx.error("required.actual", FundsPlace(table_id, row_id, column_id),
                  f"未填写{column}：预算数为 {budget.normalize():f}{table.unit}，执行率和执行得分无从计算")


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
        if row.level == 3 and blank(cells.get(columns.ACTUAL)):
            # the score follows from the actual value: ask for the actual, not for both
            needed = [(columns.ACTUAL, "required.actual"), (columns.WEIGHT, "required.weight")]
        for col, code in needed:
            if blank(cells.get(col)):
                ctx.error(code, IndicatorPlace(row.path, col),
                          f"“{row.node.name or '（未命名）'}”未填写{ctx.column_label(col)}")
