"""Definition keys for provincial 一体化 layouts: split values, character limits, rate columns,
a form's own scoring scheme and signature block (docs/forms.md)."""
from decimal import Decimal

import pytest

from perfdesk.definitions.loader import DefinitionError, forms_dir, parse_definition_text
from perfdesk.domain.checks.engine import check_form
from perfdesk.domain.definition import DEFAULT_SIGNATURE
from perfdesk.domain.model import Form, IndicatorNode, Signature, Workbook
from perfdesk.domain.signature import signature_lines
from perfdesk.domain.values import IndicatorValue
from perfdesk.definitions.profiles import default_profiles

BASE = (forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")


def load(text: str):
    return parse_definition_text(text, "test.toml", "user")


SPLIT = BASE.replace('{ id = "target_value", label = "年度指标值", type = "value" }',
                     '{ id = "target_value", label = "年度指标值", type = "value", split = true }')
SCHEME = SPLIT.replace("[[indicators.level1]]\nname = \"产出指标\"\npoints = 50",
                       "[[indicators.level1]]\nname = \"产出指标\"") \
    .replace("[[indicators.level1]]\nname = \"效益指标\"\npoints = 30", "[[indicators.level1]]\nname = \"效益指标\"") \
    .replace("[[indicators.level1]]\nname = \"满意度指标\"\npoints = 10", "[[indicators.level1]]\nname = \"满意度指标\"") \
    + "\n[scoring]\ntotal = 100\nexecution_points = 10\nindicator_points = 90\n"


def test_definition_keeps_its_text_and_origin():
    d = load(BASE)
    assert d.text == BASE and d.origin == "user"
    assert d.signature is None and d.signature_block == DEFAULT_SIGNATURE


def test_split_value_column():
    d = load(SPLIT)
    col = d.indicators.column("target_value")
    assert col.split and col.part_labels == ("指标性质", "年度指标值", "度量单位")


def test_split_only_on_value_columns():
    bad = BASE.replace('{ id = "unit", label = "度量单位", type = "text" }',
                       '{ id = "unit", label = "度量单位", type = "text", split = true }')
    with pytest.raises(DefinitionError, match="split"):
        load(bad)


def test_rate_column_computed_per_row():
    text = BASE.replace('  { id = "spent", label = "全年执行数" },\n]',
                        '  { id = "spent", label = "全年执行数" },\n'
                        '  { id = "rate", label = "执行率", type = "rate", of = ["spent", "adjusted"] },\n]')
    d = load(text)
    form = Form("f", d, "t")
    table = form.funds_table("execution")
    table.values["current_fiscal"] = {"adjusted": Decimal("90"), "spent": Decimal("89.974")}
    assert table.value("current_fiscal", "rate") == Decimal("99.97")
    assert table.value("total", "rate") == Decimal("99.97")       # the total row adds its parts first
    assert table.value("carryover", "rate") is None
    with pytest.raises(DefinitionError, match="不存在的列"):
        load(text.replace('of = ["spent", "adjusted"]', 'of = ["spent", "budget"]'))


def test_scoring_scheme_fixes_totals_and_leaves_branches_free():
    d = load(SCHEME)
    assert d.scoring.indicator_points == 90
    form = Form("f", d, "t")
    table = form.funds_table("execution")
    table.values["current_fiscal"] = {"adjusted": Decimal("100"), "spent": Decimal("100")}
    w = lambda n: {"weight": Decimal(n), "score": Decimal(n), "target_value": IndicatorValue.parse("≥1次"),
                   "actual_value": IndicatorValue.parse("1次")}
    form.indicators = [
        IndicatorNode("产出指标", children=[IndicatorNode("数量指标", children=[IndicatorNode("a", w(60))])]),
        IndicatorNode("效益指标", children=[IndicatorNode("社会效益指标", children=[IndicatorNode("b", w(20))])]),
        IndicatorNode("满意度指标", children=[IndicatorNode("服务对象满意度指标", children=[IndicatorNode("c", w(10))])]),
    ]
    profile = default_profiles().for_definition("shenzhen_project_self_eval")
    codes = [f.code for f in check_form(form, profile)]
    assert "score.weight_branch" not in codes and "score.weight_total" not in codes
    form.indicators[2].children[0].children[0].cells.update(w(5))
    assert "score.weight_total" in [f.code for f in check_form(form, profile)]
    # the national profile still applies its branch points to a form without a scheme
    plain = Form("g", load(SPLIT), "t", indicators=form.indicators)
    assert "score.weight_branch" in [f.code for f in check_form(plain, profile)]


def test_scheme_must_add_up():
    with pytest.raises(DefinitionError, match="应等于总分"):
        load(SCHEME.replace("indicator_points = 90", "indicator_points = 80"))


def test_max_chars_checked():
    text = BASE.replace('id = "goal_expected"\nlabel = "年度总体目标·预期目标"',
                        'id = "goal_expected"\nlabel = "年度总体目标·预期目标"\nmax_chars = 10')
    form = Form("f", load(text), "t", sections={"goal_expected": "一二三四五\n六七八九十"})
    assert "length.max_chars" not in [f.code for f in check_form(form)]
    form.sections["goal_expected"] += "零"
    found = [f for f in check_form(form) if f.code == "length.max_chars"]
    assert len(found) == 1 and "限 10 字，现为 11 字" in found[0].message


def test_signature_block():
    text = BASE + '\n[signature]\nper_row = 2\nitems = [\n  { label = "填报单位（盖章）", value = "unit" },\n' \
                  '  { label = "项目负责人", value = "field:implementing_unit" },\n  { label = "财务负责人" },\n]\n'
    d = load(text)
    wb = Workbook("某单位", "", 2024, signature=Signature(leader="张三"))
    form = Form("f", d, "t", fields={"implementing_unit": "李四"})
    assert signature_lines(wb, form) == [("填报单位（盖章）", "某单位"), ("项目负责人", "李四"), ("财务负责人", "")]
    with pytest.raises(DefinitionError, match="没有的字段"):
        load(text.replace("field:implementing_unit", "field:nope"))
    with pytest.raises(DefinitionError, match="value"):
        load(text.replace('value = "unit"', 'value = "boss"'))
