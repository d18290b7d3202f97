"""The scorer: the national rules of DOMAIN.md §3, each with the numbers the seeds show."""
from decimal import Decimal

import pytest

from perfdesk.domain.model import IndicatorNode
from perfdesk.domain.scoring import score_form, suggest
from perfdesk.domain.scoring.reading import Row, excel_serial, serial_date
from perfdesk.domain.values import IndicatorValue, Kind, Op, parse_value
from tests.domain.checks.helpers import profile, sample

D = Decimal


def row(name="指标", level2="数量指标"):
    return Row((0, 0, 0), IndicatorNode(name), (IndicatorNode("产出指标"), IndicatorNode(level2)))


def s(target, actual, weight="2", level2="数量指标", name="指标", profile_id="national"):
    return suggest(row(name, level2), D(weight), parse_value(target), parse_value(actual), profile(profile_id))


def test_met_higher_is_better_gives_full_weight():
    got = s("≥20000件", "39288件")
    assert got.score == D(2) and got.achieved and got.ratio == D("196.44")
    assert "已达成" in got.rule


def test_unmet_is_proportional_rounded_to_two_decimals():
    # 如皋: 预算执行率 100% vs 93.58%, weight 2 → 1.87; 定量包装 20家以上 vs 13家, weight 3 → 1.95
    assert s("100%", "93.58%").score == D("1.87")
    got = s("20家以上", "13家", "3")
    assert got.score == D("1.95") and "3 × 13 ÷ 20" in got.rule


def test_zero_target_full_when_zero_else_nothing():
    assert s("0次", "0次", "15").score == D(15)
    assert s("0次", "2次", "15").score == D(0)
    assert s("≤0%", "0%").score == D(2)


def test_reverse_indicator_declines_to_zero_at_twice_the_target():
    assert s("≤1683元", "1538.7元").score == D(2)
    assert s("≤100元", "150元", "4").score == D(2)          # halfway to twice → half the weight
    assert s("≤100元", "200元", "4").score == D(0)
    assert s("＜1个", "0个").score == D(2)


def test_exact_cost_target_counts_lower_as_better():
    got = s("4000元/宗", "3800元/宗", "3", level2="成本指标")
    assert got.score == D(3) and "成本指标" in got.rule


def test_negative_actual_counts_as_zero():
    # the parser does not read "-3次"; a negative can still arrive from an import
    negative = IndicatorValue("-3次", Kind.QUANTITATIVE, Op.EQ, D(-3), "次")
    got = suggest(row(), D(2), parse_value("≥10次"), negative, profile())
    assert got.score == D(0) and "2 × 0 ÷ 10" in got.rule


def test_units_that_differ_get_no_suggestion():
    got = s("≥20次", "20人")
    assert got.score is None and "单位" in got.rule


def test_qualitative_bands():
    achieved = s("健全", "健全", "3")
    assert (achieved.low, achieved.high, achieved.score) == (D("2.4"), D(3), D(3))
    assert achieved.accepts(D("2.5")) and not achieved.accepts(D(2))
    partial = s("健全", "部分达成年度指标并具有一定效果", "5")
    assert (partial.low, partial.high) == (D(3), D(4))
    failed = s("健全", "未达成年度指标且效果较差", "5")
    assert (failed.low, failed.high) == (D(0), D(3))
    unknown = s("健全", "基本健全")
    assert unknown.score is None and "定性表述" in unknown.rule


def test_deadlines_and_leaked_excel_serials():
    assert s("2024年11月30日前", "2024年9月29日").score == D(2)
    late = s("2024年11月30日前", "2024年12月5日")
    assert late.score == D(0) and "晚于期限" in late.rule
    leaked = s("2024年12月前", "45503", name="开展法律法规宣传教育完成时间")
    assert leaked.score == D(2) and "2024年7月30日" in leaked.rule
    assert excel_serial(parse_value("45503")) == 45503 and serial_date(45503).isoformat() == "2024-07-30"
    assert excel_serial(parse_value("45503件")) is None and excel_serial(parse_value("125")) is None


def test_weight_zero_and_missing_target():
    assert s("", "无", "0").score == D(0)
    assert s("", "无", "10").score is None


def test_shenzhen_form_scores_and_execution():
    fs = score_form(sample("shenzhen-guangming-2024"), profile())
    assert fs.execution.rate == D("99.67") and fs.execution.score == D("9.97")
    assert fs.weight_total == D(100) and fs.entered_total == D("99.47")
    assert fs.suggested_total == D("99.97")            # the 工单 row's 0.5 deduction is an override
    overridden = [r for r in fs.rows if r.overridden]
    assert [r.row.node.name for r in overridden] == ["咨询举报投诉工单处理数量"]
    assert overridden[0].difference == D("-0.5")
    assert fs.grade().name == "优"


def test_rugao_rows_the_rule_scores_differently():
    fs = score_form(sample("rugao-2023"), profile())
    got = {r.row.node.name: (r.entered, r.suggestion.score) for r in fs.rows if r.overridden}
    assert got == {
        "预算执行率": (D(1), D("1.87")),
        "定量包装商品销售企业监督检查数": (D(1), D("1.95")),
        "降低食品安全和特种设备安全事故率": (D(2), D(3)),
        "市场消费环境持续优化": (D(2), D(3)),
    }
    assert fs.weight_total == D(103) and fs.entered_total == D(98)


@pytest.mark.parametrize("total,grade", [(95, "优"), (90, "优"), (89.99, "良"), (80, "良"), (60, "中"), (59, "差")])
def test_grades(total, grade):
    assert profile().grade_for(D(str(total))).name == grade


def test_a_period_target_is_met_by_its_end():
    assert s("2023.07-2024.01", "2024年1月20日").score == D(2)
    late = s("2023.07-2024.01", "2024年2月5日")
    assert late.score == D(0) and "晚于期限" in late.rule and "2024年1月31日" in late.rule
    assert s("2023.07-2024.01", "2023.07-2024.01").score == D(2)      # done within the period as planned
