"""Monitoring forms (绩效运行监控): each warning light with its reason, and what a light asks for.

A red or yellow indicator needs its 偏差原因分析 and 原因说明; 完成目标可能性 “完全不可能” needs the
measures in 备注; a forecast below what is already done is inconsistent. The funds rules
(执行数 ≤ 调整后预算数 ≤ …, 全年预计 ≥ 执行数) are relations in the definitions."""
from __future__ import annotations

from ..monitor import NATIONAL, Colour, form_lights, is_monitoring, month_of
from ..places import FieldPlace, FundsPlace, IndicatorPlace
from ..values import IndicatorValue
from .context import FormContext

IMPOSSIBLE = "完全不可能"


def _text(value) -> str:
    if isinstance(value, IndicatorValue):
        return value.text.strip()
    return "" if value is None else str(value).strip()


def check(ctx: FormContext) -> None:
    form = ctx.form
    if not is_monitoring(form):
        return
    rules = ctx.profile.monitoring if ctx.profile is not None else NATIONAL
    if month_of(form) is None and form.definition.field_def("month") is not None and form.fields.get("month"):
        ctx.error("monitor.month", FieldPlace("month"), f"数据截至月份应为 1 到 12，实际为“{form.fields['month']}”")
    ind = form.definition.indicators
    ids = {c.id for c in ind.columns} if ind else set()
    funds = next((t for t in form.definition.funds if {"adjusted", "spent"} <= set(t.column_ids)), None)
    for light in form_lights(form, rules):
        if not light.path:
            ctx.info("monitor.light", FundsPlace(funds.id, funds.rows[0].id, "spent"), light.reason)
            continue
        place = IndicatorPlace(light.path, "actual_value")
        ctx.info("monitor.light", place, light.reason)
        if light.colour in (Colour.RED, Colour.YELLOW):
            node = _node(form, light.path)
            for column_id, what in (("deviation", "偏差原因分析"), ("reason", "原因说明")):
                if column_id in ids and not _text(node.cells.get(column_id)):
                    ctx.error("monitor.reason_missing", IndicatorPlace(light.path, column_id),
                              f"“{light.name}”为{light.colour.label}，需填写{what}")
    if not ind:
        return
    for row in ctx.rows:
        cells = row.node.cells
        if "likelihood" in ids and "note" in ids and _text(cells.get("likelihood")) == IMPOSSIBLE \
                and not _text(cells.get("note")):
            ctx.error("monitor.measures_missing", IndicatorPlace(row.path, "note"),
                      f"“{row.node.name}”完成目标可能性为“{IMPOSSIBLE}”，需在备注中说明拟采取的措施")
        actual, forecast = cells.get("actual_value"), cells.get("forecast_value")
        if (isinstance(actual, IndicatorValue) and isinstance(forecast, IndicatorValue)
                and actual.is_quantitative and forecast.is_quantitative and actual.unit == forecast.unit
                and actual.number is not None and forecast.number is not None
                and (actual.op is None or not actual.op.lower_is_better)
                and not _lower_is_better(cells.get("target_value")) and forecast.number < actual.number):
            ctx.warning("monitor.forecast_below_actual", IndicatorPlace(row.path, "forecast_value"),
                        f"“{row.node.name}”全年预计完成 {forecast.text} 少于已完成的 {actual.text}")


def _lower_is_better(target) -> bool:
    return isinstance(target, IndicatorValue) and target.op is not None and target.op.lower_is_better


def _node(form, path):
    nodes, node = form.indicators, None
    for i in path:
        node = nodes[i]
        nodes = node.children
    return node
