"""Derivations into and out of the monitoring form: target → monitoring carries the indicators,
their annual values, the budget and the goal and leaves every to-date column empty; monitoring →
self-evaluation carries the year's budget and the monitoring's notes, not the mid-year figures."""
from decimal import Decimal

from perfdesk.definitions.derivations import default_rules, rule_for_source
from perfdesk.definitions.loader import default_registry
from perfdesk.domain import figures
from perfdesk.domain.checks import check_form
from perfdesk.domain.derive import derive_self_eval, differences
from perfdesk.domain.values import IndicatorValue
from perfdesk.samples import load_sample

TO_DATE = ("actual_value", "forecast_value", "deviation", "reason", "likelihood", "note")


def _derive(wb, source, stage):
    rule = rule_for_source(source.definition.id, stage)
    return derive_self_eval(wb, source, rule, default_registry()[rule.target]), rule


def test_a_target_form_has_a_rule_for_each_stage_and_self_eval_stays_the_default():
    assert rule_for_source("hebei_project_target").id == "project_self_eval"
    assert rule_for_source("hebei_project_target", "monitoring").id == "project_monitor"
    assert rule_for_source("national_project_target", "monitoring").id == "project_monitor_national"
    assert rule_for_source("national_project_monitor").id == "monitor_self_eval"
    assert rule_for_source("national_project_monitor", "monitoring") is None


def test_target_to_monitoring_carries_indicators_values_budget_and_nothing_else():
    wb = load_sample("hebei-2022")
    source = wb.form("project_01")
    form, rule = _derive(wb, source, "monitoring")
    assert form.definition.id == "national_project_monitor" and form.id == "project_01_monitoring"
    assert form.title == "车辆保险费项目支出绩效目标执行监控表"
    src_rows, rows = figures.named_indicators(source), figures.named_indicators(form)
    assert [r.name for r in rows] == [r.name for r in src_rows]
    assert [r.cells["target_value"].text for r in rows] == [r.cells["target_value"].text for r in src_rows]
    assert all(set(r.cells) == {"target_value"} for r in rows)          # to-date columns empty
    budget = source.funds["budget"]
    table = form.funds["funds"]
    for col in ("initial", "adjusted"):
        assert table.value("fiscal", col) == budget.value("fiscal", "amount")
        assert table.value("total", col) == budget.value("total", "amount") == Decimal("6.80")
    assert table.value("total", "spent") is None and table.value("total", "forecast") is None
    assert "month" not in form.fields                                   # the officer says how far the data runs
    assert form.fields["project_name"] == "车辆保险费" and form.fields["eval_year"] == str(wb.year)
    assert form.sections["goal"] == source.sections["goal"] and "goal_progress" not in form.sections
    assert not [f for f in check_form(form) if f.code == "monitor.light"]  # nothing to light yet
    assert differences(wb.__class__(wb.unit, wb.unit_code, wb.year, [source, form]), form, rule) == []


def test_national_target_to_monitoring_takes_the_annual_values_not_the_long_term_ones():
    wb = load_sample("national-project-target-2025")
    source = next(f for f in wb.forms if f.definition.id == "national_project_target")
    form, _ = _derive(wb, source, "monitoring")
    src_rows, rows = figures.named_indicators(source), figures.named_indicators(form)
    assert [r.cells["target_value"].text for r in rows] == [r.cells["annual_value"].text for r in src_rows]
    assert form.funds["funds"].value("total", "adjusted") == source.funds["funds"].value("total", "annual")


def test_national_dept_target_to_dept_monitoring_carries_unit_goal_indicators_and_budget():
    wb = load_sample("national-dept-target-2025")
    source = next(f for f in wb.forms if f.definition.id == "national_dept_target")
    assert rule_for_source("national_dept_target", "monitoring").id == "dept_monitor_national"
    form, rule = _derive(wb, source, "monitoring")
    assert form.definition.id == "national_dept_monitor"
    src_rows, rows = figures.named_indicators(source), figures.named_indicators(form)
    assert [r.name for r in rows] == [r.name for r in src_rows] and rows
    assert [r.cells["target_value"].text for r in rows] == [r.cells["annual_value"].text for r in src_rows]
    assert all(set(r.cells) == {"target_value"} for r in rows)          # to-date columns empty
    amount, table = source.funds["amount"], form.funds["funds"]
    for col in ("initial", "adjusted"):
        assert table.value("fiscal", col) == amount.value("sum", "fiscal")
        assert table.value("other", col) == amount.value("sum", "other")
    assert table.value("total", "spent") is None and "month" not in form.fields
    assert form.fields["unit_name"] == source.fields["unit_name"]
    assert form.sections["goal"] == source.sections["annual_goal"]
    assert differences(wb.__class__(wb.unit, wb.unit_code, wb.year, [source, form]), form, rule) == []


def _monitoring_filled():
    wb = load_sample("hebei-2022")
    form, _ = _derive(wb, wb.form("project_01"), "monitoring")
    wb.forms.append(form)
    form.fields.update(month="6", competent_dept="某区市场监督管理局")
    form.funds["funds"].values["fiscal"]["adjusted"] = Decimal("7.20")
    form.funds["funds"].values["fiscal"].update(spent=Decimal("6.80"), forecast=Decimal("7.20"))
    row = figures.named_indicators(form)[1]
    row.cells.update(actual_value=IndicatorValue.parse("9辆"), forecast_value=IndicatorValue.parse("17辆"),
                     deviation="其他", reason="部分车辆保险 7 月到期", note="到期即续保")
    return wb, form


def test_monitoring_to_self_evaluation_carries_the_years_budget_and_the_notes():
    wb, monitoring = _monitoring_filled()
    form, _ = _derive(wb, monitoring, "self_eval")
    assert form.definition.id == "national_project_self_eval"
    funds = form.funds["funds"]
    assert funds.value("current_fiscal", "initial") == Decimal("6.80")
    assert funds.value("current_fiscal", "adjusted") == Decimal("7.20")      # the adjusted budget
    assert funds.value("total", "spent") is None                               # not the mid-year figure
    rows = figures.named_indicators(form)
    assert [r.cells["target_value"].text for r in rows] == [r.cells["target_value"].text
                                                             for r in figures.named_indicators(monitoring)]
    assert rows[1].cells["reason"] == "部分车辆保险 7 月到期；到期即续保"
    assert all("reason" not in r.cells for i, r in enumerate(rows) if i != 1)
    assert all("actual_value" not in r.cells and "score" not in r.cells for r in rows)
    assert form.fields["project_name"] == "车辆保险费" and form.fields["competent_dept"] == "某区市场监督管理局"
    assert form.sections["goal_expected"] == monitoring.sections["goal"]


def test_the_shipped_rules_load():
    rules = default_rules()
    assert {"project_monitor", "project_monitor_national", "monitor_self_eval"} <= set(rules)


def test_cli_derive_to_monitoring(tmp_path, capsys):
    from perfdesk.cli.main import main
    from perfdesk.store.workbook_file import read_workbook

    path = tmp_path / "h.perfdesk"
    assert main(["demo", "hebei-2022", "-o", str(path)]) == 0
    assert main(["derive", str(path), "--self-eval", "project_02", "--to", "monitoring"]) == 0
    assert capsys.readouterr().out.strip() == "project_02_monitoring"
    wb = read_workbook(path)
    ids = [f.id for f in wb.forms]
    assert ids[ids.index("project_02") + 1] == "project_02_monitoring"
    assert wb.form("project_02_monitoring").definition.id == "national_project_monitor"
    assert main(["derive", str(path), "--self-eval", "dept_plan", "--to", "monitoring"]) == 1
    assert "不是可生成运行监控表的目标表" in capsys.readouterr().err
