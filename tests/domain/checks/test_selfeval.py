"""Self-evaluation rules: weights, scores against weights and the rule, reasons, totals and grades."""
from decimal import Decimal

from perfdesk.domain.places import FieldPlace, IndicatorPlace, SectionPlace, TotalPlace
from tests.domain.checks.helpers import node, of, run, sample, set_value

D = Decimal
SZ, RG = "shenzhen-guangming-2024", "rugao-2023"
SZ_ROW = ("产出指标", "数量指标", "办公场所租赁数量")
TICKETS = ("产出指标", "数量指标", "咨询举报投诉工单处理数量")
RG_EFFECT = ("部门综合履职（个性指标）", "效益指标", "市场消费环境持续优化")


def test_weights_add_to_the_profile_total():
    assert of(run(sample(SZ)), "score.weight_total") == []    # 90 + 执行率 10
    (f,) = of(run(sample(RG)), "score.weight_total")
    assert f.place == TotalPlace("weight") and f.where == "绩效指标 › 合计 › 权重"
    assert "应为 100" in f.message and "103" in f.message


def test_level1_weights_add_to_their_points_and_branches_to_their_parent():
    form = sample(SZ)
    assert of(run(form), "score.weight_branch") == []
    set_value(form, SZ_ROW, "weight", "3")
    (f,) = of(run(form), "score.weight_branch")
    assert f.place == IndicatorPlace((0,)) and "应计 50 分" in f.message and "51" in f.message
    set_value(form, SZ_ROW, "weight", "2")
    node(form, "产出指标", "数量指标").cells["weight"] = D(17)        # a level-2 carrying its own weight
    (f,) = of(run(form), "score.weight_branch")
    assert f.place == IndicatorPlace((0, 0), "weight") and "18" in f.message


def test_stated_total_row():
    assert of(run(sample(SZ)), "score.stated_total") == []    # 100 and 99.47 are right
    weight, score = of(run(sample(RG)), "score.stated_total")
    assert "填为 100" in weight.message and "103" in weight.message
    assert "填为 95" in score.message and "98" in score.message


def test_score_above_weight_or_negative():
    form = sample(SZ)
    assert of(run(form), "score.over_weight") == []
    set_value(form, SZ_ROW, "score", "3")
    (f,) = of(run(form), "score.over_weight")
    assert f.place == IndicatorPlace((0, 0, 4), "score") and "超过权重 2" in f.message
    set_value(form, SZ_ROW, "score", "-1")
    (f,) = of(run(form), "score.over_weight")
    assert "负数" in f.message


def test_score_against_the_rule_says_by_how_much_and_why():
    rule = {f.where.split(" › ")[2]: f for f in of(run(sample(RG)), "score.rule")}
    f = rule["预算执行率"]
    assert f.severity.value == "警告" and "1.87" in f.message and "少 0.87" in f.message and "93.58" in f.message
    assert "1.95" in rule["定量包装商品销售企业监督检查数"].message
    form = sample(SZ)
    (f,) = of(run(form), "score.rule")                          # the 工单 deduction, explained
    assert f.severity.value == "提示" and "少 0.5" in f.message and "已说明" in f.message
    set_value(form, TICKETS, "score", "2")
    assert of(run(form), "score.rule") == []


def test_qualitative_score_must_lie_in_its_band():
    form = sample(RG)
    (f,) = of(run(form), "score.band")
    assert "2.4–3" in f.message and f.severity.value == "警告"
    set_value(form, RG_EFFECT, "score", "2.5")
    assert of(run(form), "score.band") == []


def test_missing_reason_wherever_the_score_is_below_the_weight():
    form = sample(RG)
    found = of(run(form), "score.reason_missing")
    assert len(found) == 4 and all(f.place.column_id == "note" for f in found)
    assert {f.where.split(" › ")[2] for f in found} == {
        "预算执行率", "定量包装商品销售企业监督检查数", "降低食品安全和特种设备安全事故率", "市场消费环境持续优化"}
    set_value(form, RG_EFFECT, "note", "消费投诉量仍较高")
    assert len(of(run(form), "score.reason_missing")) == 3
    assert of(run(sample(SZ)), "score.reason_missing") == []      # the one deduction is explained


def test_overachievement_explained_recommended_or_required():
    (f,) = of(run(sample(SZ)), "score.overachieved")
    assert f.severity.value == "提示" and "196.44%" in f.message and "超出 96.44%" in f.message
    assert "已说明" in f.message and f.place == IndicatorPlace((0, 0, 6), "actual_value")
    national = of(run(sample(RG)), "score.overachieved")
    assert len(national) == 4 and {f.severity.value for f in national} == {"提示"}
    guangxi = of(run(sample(RG), "guangxi"), "score.overachieved")
    assert len(guangxi) == 4 and {f.severity.value for f in guangxi} == {"错误"}
    form = sample(SZ)
    set_value(form, TICKETS, "actual_value", "25000件")        # 125 %: under the line
    assert of(run(form), "score.overachieved") == []


def test_stated_total_score_and_grade_in_the_narrative():
    found = of(run(sample(RG)), "score.summary_total")
    assert [f.place for f in found] == [SectionPlace("eval_conclusion"), FieldPlace("total_score")]
    assert all("95" in f.message and "98" in f.message for f in found)
    form = sample(RG)
    form.fields["total_score"] = "98"
    form.sections["eval_conclusion"] = form.sections["eval_conclusion"].replace("95分", "98分")
    assert of(run(form), "score.summary_total") == []


def test_grade_against_the_computed_total():
    form = sample(RG)
    assert of(run(form), "score.grade") == []                  # 优秀 for 98
    form.fields["grade"] = "良好"
    (f,) = of(run(form), "score.grade")
    assert f.place == FieldPlace("grade") and "“优”" in f.message and f.severity.value == "错误"
    form.fields["grade"] = "甲等"
    (f,) = of(run(form), "score.grade")
    assert f.severity.value == "警告"
    form = sample(RG)
    form.sections["eval_conclusion"] = form.sections["eval_conclusion"].replace("“优秀”", "“良好”")
    (f,) = of(run(form), "score.grade")
    assert f.place == SectionPlace("eval_conclusion")


def test_total_capped_by_execution_rate_and_reason_below_threshold():
    form = sample(SZ)
    assert of(run(form, "guangxi"), "score.cap") == [] and of(run(form, "guangxi"), "score.execution_reason") == []
    form.funds["execution"].values["current_fiscal"]["spent"] = D("10000000")      # 69.85 %
    form.funds["execution"].stated.clear()
    findings = run(form, "guangxi")
    (cap,) = of(findings, "score.cap")
    assert "69.85%" in cap.message and "最高 79 分" in cap.message
    (reason,) = of(findings, "score.execution_reason")
    assert reason.severity.value == "警告" and "90%" in reason.message
    assert of(run(form, "national"), "score.cap") == []          # the national profile has no caps


def test_no_profile_no_scoring_rules():
    assert [f for f in run(sample(RG), None) if f.code.startswith("score.")] == []
