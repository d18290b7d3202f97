from decimal import Decimal

import pytest

from perfdesk.definitions.derivations import default_rules, rule_for_source
from perfdesk.definitions.loader import default_registry
from perfdesk.domain import figures
from perfdesk.domain.derive import DeriveError, derive_self_eval, differences, keep, take_over
from perfdesk.domain.values import parse_value
from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook, workbook_from_dict, workbook_to_dict


def derive(wb, form_id):
    source = wb.form(form_id)
    rule = rule_for_source(source.definition.id)
    return derive_self_eval(wb, source, rule, default_registry()[rule.target]), rule


def test_vehicle_insurance_self_evaluation():
    wb = load_sample("hebei-2022")
    form, _ = derive(wb, "project_01")
    assert form.kind == "project_self_eval"
    rows = figures.named_indicators(form)
    assert [r.name for r in rows] == [r.name for r in figures.named_indicators(wb.form("project_01"))]
    assert [r.cells["target_value"].text for r in rows] == ["≥95百分比", "17辆", "100百分比", "是/否", "是/否", "≥95百分比"]
    assert sum(r.cells["weight"] for r in rows) == Decimal(90)
    assert figures.weight_total(form) == Decimal(100)            # plus the 10 execution points
    assert all("actual_value" not in r.cells for r in rows)       # left to fill
    # 6.80 万元 becomes 68000 元 on the Shenzhen-style form
    assert form.funds["execution"].value("total", "adjusted") == Decimal(68000)
    assert form.fields["project_name"] == "车辆保险费" and form.sections["goal_expected"].startswith("1.缴纳车辆保险")


def test_weights_spread_exactly_even_when_they_do_not_divide():
    wb = load_sample("nantong-2024")
    form, _ = derive(wb, "dept_target")
    internal, duty = form.indicators
    assert internal.name == "内部管理（共性指标）" and duty.name == "部门综合履职（个性指标）"
    assert sum(r.cells["weight"] for l2 in internal.children for r in l2.children) == Decimal(20)
    assert sum(r.cells["weight"] for l2 in duty.children for r in l2.children) == Decimal(80)
    assert [l2.name for l2 in duty.children] == ["履职指标", "效益指标", "满意度指标"]
    assert form.indicators[0].children[0].children[0].cells["target_value"].text == "健全"


def test_derived_form_survives_storage_with_its_origin():
    wb = load_sample("hebei-2022")
    form, _ = derive(wb, "project_02")
    wb.forms.append(form)
    again = workbook_from_dict(workbook_to_dict(wb))
    assert again.form(form.id).origin == form.origin
    assert dump_workbook(again) == dump_workbook(wb)


def test_wrong_source_is_refused():
    wb = load_sample("hebei-2022")
    with pytest.raises(DeriveError, match="不能按"):
        derive_self_eval(wb, wb.form("dept_plan"), default_rules()["project_self_eval"],
                         default_registry()["shenzhen_project_self_eval"])


def test_later_changes_on_the_target_form_show_and_can_be_taken_over_or_kept():
    wb = load_sample("hebei-2022")
    form, rule = derive(wb, "project_01")
    wb.forms.append(form)
    assert differences(wb, form, rule) == []
    source = wb.form("project_01")
    source.indicators[0].children[0].children[0].cells["target_value"] = parse_value("≥98%")
    source.funds["budget"].values["fiscal"]["amount"] = Decimal("7.20")
    source.indicators[0].children[1].children[0].name = "公务用车数量"      # a rename: removed + added
    diffs = differences(wb, form, rule)
    keys = {d.key: d for d in diffs}
    assert keys["indicator:产出指标/质量指标/公车保险缴纳率:target_value"].new == "≥98%"
    assert keys["funds:execution.current_fiscal.adjusted"].new == "72000"
    assert keys["indicator:产出指标/数量指标/管理车辆数（辆）:target_value"].new is None
    assert keys["indicator:产出指标/数量指标/公务用车数量:target_value"].old is None

    take_over(form, keys["indicator:产出指标/质量指标/公车保险缴纳率:target_value"])
    assert form.indicators[0].children[0].children[0].cells["target_value"].text == "≥98%"
    take_over(form, keys["indicator:产出指标/数量指标/公务用车数量:target_value"])
    take_over(form, keys["indicator:产出指标/数量指标/管理车辆数（辆）:target_value"])
    assert [n.name for n in form.indicators[0].children[1].children] == ["公务用车数量"]
    keep(form, keys["funds:execution.current_fiscal.adjusted"])
    assert form.funds["execution"].value("current_fiscal", "adjusted") == Decimal(68000)
    assert len(differences(wb, form, rule)) == 1     # the 初始 budget change is still open


def test_a_mistake_carried_from_the_target_form_is_reported_there_once():
    from perfdesk.definitions.profiles import default_profiles
    from perfdesk.domain.checks import check_form, check_workbook

    wb = load_sample("hebei-2022")
    derived, _ = derive(wb, "project_01")
    wb.forms.insert(2, derived)
    by_form = check_workbook(wb, default_profiles())
    source_codes = {f.code for f in by_form["project_01"]}
    assert "value.placeholder" in source_codes           # 是/否 on the target form
    assert {f.code for f in by_form[derived.id]} == {"required.actual"}
    # without its target form beside it, the self-evaluation carries the finding itself
    alone = check_form(derived, default_profiles().for_definition(derived.definition.id))
    assert "value.placeholder" in {f.code for f in alone}
    # a value changed on the self-evaluation is its own again
    from perfdesk.domain.values import IndicatorValue
    row = next(n for l1 in derived.indicators for l2 in l1.children for n in l2.children
               if n.name == "提高工作效率")
    row.cells["target_value"] = IndicatorValue.parse("有/无")
    again = check_workbook(wb, default_profiles())[derived.id]
    assert [f.code for f in again if f.code == "value.placeholder"] == ["value.placeholder"]
