"""Required fields, sections, list cells, targets; actual, weight and score on self-evaluation rows."""
from perfdesk.domain.places import FieldPlace, IndicatorPlace, ListPlace, SectionPlace
from tests.domain.checks.helpers import node, of, run, sample, set_value

SZ = "shenzhen-guangming-2024"
ROW = ("产出指标", "数量指标", "办公场所租赁数量")


def required(findings):
    return [f for f in findings if f.code.startswith("required.")]


def test_the_samples_have_everything_required():
    for name in ("nantong-2024", "suzhou-2024", "hebei-2022", "rugao-2023", SZ):
        from perfdesk.samples import load_sample
        for form in load_sample(name).forms:
            assert required(run(form)) == [], (name, form.id)


def test_required_field_and_section():
    form = sample(SZ)
    form.fields["project_code"] = " "
    del form.sections["goal_expected"]
    (field,) = of(run(form), "required.field")
    assert field.place == FieldPlace("project_code") and "项目编码" in field.message
    (section,) = of(run(form), "required.section")
    assert section.place == SectionPlace("goal_expected")


def test_required_list_cells():
    form = sample("hebei-2022", "dept_plan")
    form.lists["sub_goals"][2].pop("goal")
    (f,) = of(run(form), "required.list")
    assert f.place == ListPlace("sub_goals", 2, "goal") and "第3分项" in f.message
    form.lists["sub_goals"] = []
    (f,) = of(run(form), "required.list")
    assert f.severity.value == "警告" and "尚无分项" in f.message


def test_required_target_on_every_named_indicator():
    form = sample("nantong-2024")
    set_value(form, ("决策", "计划制定", "中长期规划制定健全性"), "half_value", None)
    (f,) = of(run(form), "required.target")
    assert f.place == IndicatorPlace((0, 0, 0), "half_value") and "半年指标值" in f.message


def test_self_evaluation_rows_need_actual_weight_and_score():
    form = sample(SZ)
    for column in ("weight", "score"):
        set_value(form, ROW, column, None)
    found = required(run(form))
    assert [(f.code, f.place.column_id) for f in found] == [
        ("required.weight", "weight"), ("required.score", "score")]


def test_a_row_without_its_actual_is_asked_for_the_actual_not_also_the_score():
    form = sample(SZ)
    for column in ("actual_value", "score"):
        set_value(form, ROW, column, None)
    found = required(run(form))
    assert [(f.code, f.place.column_id) for f in found] == [("required.actual", "actual_value")]


def test_a_self_evaluation_states_what_was_spent():
    from decimal import Decimal
    from perfdesk.domain.places import FundsPlace
    form = sample(SZ)
    assert required(run(form)) == []
    table = form.funds_table("execution")
    for row in ("current_fiscal", "carryover", "other", "total"):
        table.values.get(row, {}).pop("spent", None)
    (f,) = required(run(form))
    assert f.code == "required.actual" and f.place == FundsPlace("execution", "total", "spent")
    assert "全年执行数" in f.message and "14315925" in f.message
    table.values["current_fiscal"]["spent"] = Decimal("1")
    assert required(run(form)) == []


def test_an_empty_level2_without_indicators_is_not_required_to_score():
    form = sample(SZ)
    node(form, "效益指标", "经济效益指标").cells.clear()      # printed empty
    assert required(run(form)) == []
