"""Indicator values (指标值 and 实际完成值): what the provincial systems refuse and what the finance
bureau sends back — text that does not parse, placeholders (是/否, XX, 完成), numbers without a
unit, units that contradict the name (a 率 in 人), impossible rates, 成本指标 without an amount,
时效指标 without a date or rate, and Excel date serials where a date belongs."""
from __future__ import annotations

from ..entry import cell_display      # values are quoted as their cells show them
from ..kinds import kind_of
from ..places import IndicatorPlace, ListPlace, Place
from ..scoring import columns
from ..scoring.reading import Row, chinese_date, is_cost, is_timeliness, leaked_date
from ..values import IndicatorValue, Kind, Op
from .context import FormContext

PERCENT_UNITS = ("%", "‰", "‱")
TIME_UNITS = ("天", "日", "个工作日", "工作日", "小时", "分钟", "个月", "月", "周", "年")
# Text that passes for a target but states none (beyond the parser's 是/否, XX …).
PLACEHOLDER_WORDS = ("完成", "已完成", "达标", "是", "否", "有", "无")
# Rates that cannot exceed 100 % are the kind's `bounded_rates` (forms/kinds/).


def check(ctx: FormContext) -> None:
    d = ctx.definition
    if d.indicators is not None:
        targets = columns.target_columns(d)
        for row in ctx.rows:
            if row.level == 1 or (row.level == 2 and row.node.children):
                continue
            _row(ctx, row, targets)
    _lists(ctx)


def _row(ctx: FormContext, row: Row, targets: tuple[str, ...]) -> None:
    cells = row.node.cells
    name = row.node.name.strip()
    unit_cell = cells.get(columns.UNIT)
    has_unit_column = isinstance(unit_cell, str) and unit_cell.strip()
    main_target = cells.get(columns.target_column(ctx.definition) or "")
    main_target = main_target if isinstance(main_target, IndicatorValue) else None
    for col in targets + (columns.ACTUAL,):
        value = cells.get(col)
        if not isinstance(value, IndicatorValue) or value.is_empty:
            continue
        role = "actual" if col == columns.ACTUAL else "target"
        place = IndicatorPlace(row.path, col)
        target = main_target if role == "actual" else value
        _value(ctx, place, name, value, role, target, row.level, bool(has_unit_column))
        if row.level == 3 and role == "target":
            _category(ctx, place, row, value)
        if role == "actual" and main_target is not None:
            _actual_kind(ctx, place, main_target, value)
    _half_annual(ctx, row)


def _value(ctx, place: Place, name: str, v: IndicatorValue, role: str, target: IndicatorValue | None,
           level: int, has_unit_column: bool) -> None:
    what = "指标值" if role == "target" else "实际完成值"
    text = cell_display(v)
    if v.kind is Kind.UNPARSED:
        ctx.error("value.unparsed", place,
                  f"{what}“{text}”无法识别：应为数量（如“≥90%”“20次”）、期限（如“2024年12月前”）或文字描述")
        return
    if v.kind is Kind.PLACEHOLDER or (role == "target" and v.kind is Kind.QUALITATIVE
                                      and _norm(text) in PLACEHOLDER_WORDS):
        ctx.error("value.placeholder", place, f"{what}“{text}”是占位内容，没有给出具体的{what}")
        return
    if v.kind is Kind.NONE:
        if role == "target" and level == 3:
            ctx.warning("value.placeholder", place, f"指标“{name}”的指标值为“无”，没有给出目标")
        return
    if v.kind is not Kind.QUANTITATIVE:
        return
    date = leaked_date(name, v, target if role == "actual" else v)
    if date is not None:
        ctx.error("value.excel_serial", place,
                  f"{what}“{text}”是 Excel 日期序列号，对应 {chinese_date(date)}（{date.isoformat()}）；"
                  f"应填写日期（如“{chinese_date(date)}”）")
        return
    if not v.unit and v.number != 0 and not has_unit_column:
        ctx.warning("value.no_unit", place, f"{what}“{text}”只有数字，没有度量单位（如 %、次、人、元）")
    if "率" in name and v.unit and v.unit not in PERCENT_UNITS:
        ctx.error("value.unit_name", place,
                  f"“{name}”是比率，{what}“{text}”的单位却是“{v.unit}”：应为百分比（如“≥95%”）")
    if v.unit == "%" and any(w in name for w in kind_of(ctx.definition).bounded_rates):   # a share of a whole
        if v.number > 100 or (v.op is Op.GT and v.number >= 100):
            ctx.error("value.rate_over_100", place, f"“{name}”不可能超过 100%，{what}却是“{text}”")


def _norm(text: str) -> str:
    return text.replace(" ", "").strip("。.")


def _category(ctx: FormContext, place: Place, row: Row, v: IndicatorValue) -> None:
    text = cell_display(v)
    if is_cost(row.level2):
        if v.kind is Kind.QUANTITATIVE and "元" in v.unit:
            pass
        elif v.kind is Kind.QUANTITATIVE and v.unit in PERCENT_UNITS:
            ctx.info("value.cost_amount", place, f"成本指标“{row.node.name}”用比率“{text}”表示，宜给出金额（如“≤30万元”）")
        else:
            ctx.warning("value.cost_amount", place,
                        f"成本指标“{row.node.name}”没有给出金额：应为如“≤30万元”“4000元/宗”，现为“{text}”")
    if is_timeliness(row.level2):
        ok = v.kind in (Kind.DEADLINE, Kind.DATE) or (
            v.kind is Kind.QUANTITATIVE and (v.unit in PERCENT_UNITS or v.unit in TIME_UNITS))
        if not ok and leaked_date(row.node.name, v, v) is None:
            ctx.warning("value.timeliness", place,
                        f"时效指标“{row.node.name}”没有给出期限或比率：应为如“2024年12月前”“≥95%”“≤15天”，现为“{text}”")


def _actual_kind(ctx: FormContext, place: Place, target: IndicatorValue, actual: IndicatorValue) -> None:
    if target.kind is not Kind.QUANTITATIVE or actual.kind is not Kind.QUALITATIVE:
        return
    phrases = {p for b in (ctx.profile.qualitative if ctx.profile else ()) for p in b.phrases}
    if cell_display(actual) in phrases:
        return
    ctx.warning("value.actual_kind", place,
                f"目标是数量（{cell_display(target)}），实际完成值“{cell_display(actual)}”却不是数量，无法计算完成程度")


def _half_annual(ctx: FormContext, row: Row) -> None:
    half, annual = row.node.cells.get(columns.HALF), row.node.cells.get(columns.ANNUAL)
    if not (isinstance(half, IndicatorValue) and isinstance(annual, IndicatorValue)):
        return
    if not (half.is_quantitative and annual.is_quantitative) or half.unit != annual.unit:
        return
    if half.op in (Op.GE, Op.GT, Op.EQ) and annual.op in (Op.GE, Op.GT, Op.EQ) and half.number > annual.number:
        ctx.warning("value.half_over_annual", IndicatorPlace(row.path, columns.HALF),
                    f"半年指标值 {cell_display(half)} 高于全年指标值 {cell_display(annual)}")


def _lists(ctx: FormContext) -> None:
    for ld in ctx.definition.lists:
        name_col = next((c.id for c in ld.columns if c.id == "indicator_name"),
                        next((c.id for c in ld.columns if c.id == "name"), None))
        for i, item in enumerate(ctx.form.lists.get(ld.id, [])):
            name = item.get(name_col) if name_col else ""
            name = name.strip() if isinstance(name, str) else ""
            for c in ld.columns:
                v = item.get(c.id)
                if c.type == "value" and isinstance(v, IndicatorValue) and not v.is_empty:
                    _value(ctx, ListPlace(ld.id, i, c.id), name, v, "target", v, 3, False)

