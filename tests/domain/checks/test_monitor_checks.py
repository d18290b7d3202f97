"""Checks of the monitoring forms: each light listed with its reason (info), a red or yellow
indicator needs its 偏差原因分析 and 原因说明, 完全不可能 needs measures in 备注, the choices are
kept, and the funds relations hold (执行数 ≤ 调整后预算数, 全年预计 ≥ 执行数)."""
from decimal import Decimal

from perfdesk.definitions.loader import default_registry
from perfdesk.domain.blank import new_workbook
from perfdesk.domain.checks import check_form
from perfdesk.domain.model import IndicatorNode
from perfdesk.domain.places import FundsPlace, IndicatorPlace
from perfdesk.domain.values import IndicatorValue

V = IndicatorValue.parse


def _form(definition="national_project_monitor", month="6"):
    d = default_registry()[definition]
    form = new_workbook("某局", "123456", 2025, [(d, 1)]).forms[0]
    form.fields.update(project_name="水文监测", unit_name="某局", month=month)
    form.sections["goal"] = "完成年度监测任务"
    form.funds_table("funds").values["fiscal"] = {"initial": Decimal(100), "adjusted": Decimal(100),
                                                  "spent": Decimal(45), "forecast": Decimal(98)}
    return form


def _add(form, l1, l2, name, **cells):
    node = IndicatorNode(name, cells={k: (V(v) if k.endswith("_value") else v) for k, v in cells.items()})
    form.indicators[l1].children[l2].children.append(node)
    return (l1, l2, len(form.indicators[l1].children[l2].children) - 1)


def _codes(form, prefix=("monitor.", "value.choice", "funds.not_greater")):
    return [(f.code, f.place) for f in check_form(form) if f.code.startswith(prefix)]


def test_every_light_is_listed_with_its_reason():
    form = _form()
    green = _add(form, 0, 0, "监测站点数", target_value="≥20个", actual_value="10个")
    benefit = _add(form, 1, 1, "数据共享", target_value="健全", actual_value="部分达成",
                   deviation="制度保障", reason="共享办法尚在制定")
    lights = [f for f in check_form(form) if f.code == "monitor.light"]
    assert [f.place for f in lights] == [FundsPlace("funds", "total", "spent"), IndicatorPlace(green, "actual_value"),
                                         IndicatorPlace(benefit, "actual_value")]
    assert "90%" in lights[0].message and "绿灯" in lights[0].message          # 45 % of 50 % elapsed
    assert "绿灯" in lights[1].message and "黄灯" in lights[2].message
    assert all(f.severity.value == "提示" for f in lights)
    assert lights[1].where.endswith("1-6月执行情况")


def test_a_red_or_yellow_indicator_needs_deviation_and_reason():
    form = _form()
    red = _add(form, 0, 0, "监测站点数", target_value="≥20个", actual_value="5个")
    yellow = _add(form, 0, 0, "巡测次数", target_value="≥120次", actual_value="40次", deviation="人员保障")
    green = _add(form, 0, 0, "报汛次数", target_value="≥100次", actual_value="50次")
    codes = _codes(form, ("monitor.reason_missing",))
    assert codes == [("monitor.reason_missing", IndicatorPlace(red, "deviation")),
                     ("monitor.reason_missing", IndicatorPlace(red, "reason")),
                     ("monitor.reason_missing", IndicatorPlace(yellow, "reason"))]
    assert not any(p.path == green for _, p in codes)
    node = form.indicators[0].children[0].children[red[2]]
    node.cells.update(deviation="经费保障", reason="资金 7 月才下达")
    assert [p for _, p in _codes(form, ("monitor.reason_missing",))] == [IndicatorPlace(yellow, "reason")]


def test_impossible_needs_measures_in_the_note():
    form = _form()
    row = _add(form, 0, 0, "监测站点数", target_value="≥20个", actual_value="12个", likelihood="完全不可能")
    assert _codes(form, ("monitor.measures_missing",)) == [("monitor.measures_missing", IndicatorPlace(row, "note"))]
    form.indicators[0].children[0].children[0].cells["note"] = "调整建设计划，年底前完成 15 个"
    assert _codes(form, ("monitor.measures_missing",)) == []


def test_choices_are_kept():
    form = _form()
    row = _add(form, 0, 0, "监测站点数", target_value="≥20个", actual_value="12个",
               deviation="经费保障、天气原因", likelihood="大概能")
    found = [f for f in check_form(form) if f.code == "value.choice"]
    assert [f.place for f in found] == [IndicatorPlace(row, "deviation"), IndicatorPlace(row, "likelihood")]
    assert "天气原因" in found[0].message and "经费保障" not in found[0].message.split("实际为")[1]


def test_spent_within_the_adjusted_budget_and_forecast_not_below_spent():
    form = _form()
    assert _codes(form, ("funds.not_greater",)) == []
    form.funds_table("funds").values["fiscal"].update(spent=Decimal(101), forecast=Decimal(99))
    found = [f for f in check_form(form) if f.code == "funds.not_greater"]
    assert {f.place for f in found} == {FundsPlace("funds", "total", "spent"), FundsPlace("funds", "fiscal", "spent")}
    assert len(found) == 4 and all("1-6月执行数" in f.message for f in found)
    assert any("调整后预算数" in f.message for f in found) and any("全年预计执行数" in f.message for f in found)


def test_an_indicator_forecast_below_what_is_done_is_flagged():
    form = _form()
    row = _add(form, 0, 0, "监测站点数", target_value="≥20个", actual_value="12个", forecast_value="10个")
    assert _codes(form, ("monitor.forecast",)) == [("monitor.forecast_below_actual", IndicatorPlace(row, "forecast_value"))]
    form.indicators[0].children[0].children[0].cells["forecast_value"] = V("20个")
    assert _codes(form, ("monitor.forecast",)) == []


def test_the_dept_form_is_checked_the_same_way_and_other_kinds_not_at_all():
    form = _form("national_dept_monitor", "7")
    _add(form, 0, 0, "监测站点数", target_value="≥24个", actual_value="5个")
    assert {c for c, _ in _codes(form)} == {"monitor.light", "monitor.reason_missing"}
    target = new_workbook("某局", "", 2025, [(default_registry()["hebei_project_target"], 1)]).forms[0]
    assert not [f for f in check_form(target) if f.code.startswith("monitor.")]


def test_no_month_no_lights_but_a_bad_month_is_an_error():
    form = _form(month="")
    _add(form, 0, 0, "监测站点数", target_value="≥20个", actual_value="5个")
    assert [f for f in check_form(form) if f.code == "monitor.light"] == []
    form.fields["month"] = "13"
    assert "monitor.month" in {f.code for f in check_form(form)}
