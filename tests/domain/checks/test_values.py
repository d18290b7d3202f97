"""Indicator values: unparsed, placeholders, missing units, units against names, impossible rates,
成本 without amounts, 时效 without dates or rates, Excel serials, 半年 above 全年, actual of the wrong kind."""
import pytest

from perfdesk.domain.places import IndicatorPlace, ListPlace
from tests.domain.checks.helpers import node, of, run, sample, set_value

P1 = ("hebei-2022", "project_01")
QUALITY = ("产出指标", "质量指标", "公车保险缴纳率")
COUNT = ("产出指标", "数量指标", "管理车辆数（辆）")
COST = ("产出指标", "成本指标", "项目控制预算数")
TIMING = ("产出指标", "时效指标", "按项目计划完成工作")


def path_of(form, names):
    nodes, path = form.indicators, ()
    for name in names:
        i = next(i for i, n in enumerate(nodes) if n.name == name)
        path, nodes = path + (i,), nodes[i].children
    return path


def target(text, names=QUALITY, code=None):
    """Findings of that code on the row after typing its target (project_01 has others elsewhere)."""
    form = sample(*P1)
    set_value(form, names, "target_value", text)
    path = path_of(form, names)
    return [f for f in of(run(form), code) if getattr(f.place, "path", None) == path]


@pytest.mark.parametrize("code,good,bad", [
    ("value.unparsed", "≥95%", "95%左右3"),
    ("value.placeholder", "≥95%", "是/否"),
    ("value.placeholder", "≥95%", "XX"),
    ("value.placeholder", "≥95%", "完成"),
    ("value.placeholder", "≥95%", "有/无"),
    ("value.unit_name", "≥95%", "7人"),
    ("value.rate_over_100", "100%", "120%"),
    ("value.rate_over_100", "≥100%", "＞100%"),
])
def test_rate_row_values(code, good, bad):
    assert target(good, code=code) == []
    (f,) = target(bad, code=code)
    assert f.place == IndicatorPlace((0, 0, 0), "target_value") and f.severity.value == "错误"
    assert bad in f.message


def test_bare_number_without_unit():
    assert target("17辆", COUNT, "value.no_unit") == []
    (f,) = target("88", COUNT, "value.no_unit")
    assert f.severity.value == "警告" and "“88”只有数字" in f.message
    assert target("0", COUNT, "value.no_unit") == []          # zero of anything


def test_hebei_list_value_without_unit():
    found = of(run(sample("hebei-2022", "dept_plan")), "value.no_unit")
    assert [(f.place, f.message) for f in found] == [
        (ListPlace("sub_goals", 10, "indicator_value"), "指标值“≥100”只有数字，没有度量单位（如 %、次、人、元）")]


def test_cost_indicator_needs_an_amount():
    assert target("≤6.8万元", COST, "value.cost_amount") == []
    assert target("4000元/宗", COST, "value.cost_amount") == []
    (f,) = target("不超标", COST, "value.cost_amount")
    assert f.severity.value == "警告" and "没有给出金额" in f.message
    (f,) = target("≤100%", COST, "value.cost_amount")
    assert f.severity.value == "提示"


def test_timeliness_needs_a_date_or_rate():
    for good in ("2022年12月前", "100%", "≤15天"):
        assert target(good, TIMING, "value.timeliness") == [], good
    (f,) = target("及时", TIMING, "value.timeliness")
    assert f.severity.value == "警告" and "“及时”" in f.message


def test_excel_serial_where_a_date_belongs():
    (f,) = of(run(sample("shenzhen-guangming-2024")), "value.excel_serial")
    assert f.place == IndicatorPlace((0, 2, 2), "actual_value")
    assert "45503" in f.message and "2024年7月30日" in f.message and "2024-07-30" in f.message
    form = sample("shenzhen-guangming-2024")
    set_value(form, ("产出指标", "时效指标", "开展法律法规宣传教育完成时间"), "actual_value", "2024年7月30日")
    assert of(run(form), "value.excel_serial") == []
    # a big count is not a date where no date belongs
    assert target("45503辆", COUNT, "value.excel_serial") == []


def test_half_year_target_above_annual():
    form = sample("nantong-2024")
    assert of(run(form), "value.half_over_annual") == []
    row = ("履职", node(form, "履职").children[3].name, "发布消费提示警示")
    set_value(form, row, "half_value", "≥50次")
    (f,) = of(run(form), "value.half_over_annual")
    assert "≥50次" in f.message and "≥40次" in f.message


def test_actual_must_be_a_quantity_when_the_target_is():
    form = sample("shenzhen-guangming-2024")
    row = ("产出指标", "数量指标", "办公场所租赁数量")
    assert of(run(form), "value.actual_kind") == []
    set_value(form, row, "actual_value", "完成")
    (f,) = of(run(form), "value.actual_kind")
    assert f.place.column_id == "actual_value" and "5处" in f.message
    set_value(form, row, "actual_value", "达成年度指标")        # a qualitative band phrase is fine
    assert of(run(form), "value.actual_kind") == []
