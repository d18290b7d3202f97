"""The five real documents, transcribed: their figures as DOMAIN.md and the foundation issue state."""
import json
from decimal import Decimal

import pytest

from perfdesk.cli.main import form_summary
from perfdesk.domain import figures
from perfdesk.domain.values import Kind
from perfdesk.samples import SAMPLES, load_sample, sample_names
from perfdesk.codec import dump_workbook, workbook_from_dict


def summaries(name):
    return [form_summary(f) for f in load_sample(name).forms]


def test_nantong():
    (form,) = summaries("nantong-2024")
    assert form["kind"] == "dept_target" and form["indicators"] == 56
    assert form["budget_total"] == 517.11
    assert form["execution_rate"] is None and form["weight_total"] is None


def test_nantong_funds_add_up_as_printed():
    form = load_sample("nantong-2024").forms[0]
    income, expense = form.funds["income"], form.funds["expense"]
    assert income.value("total", "annual") == Decimal("517.11") == income.stated_value("total", "annual")
    assert expense.value("project", "annual") == Decimal(85) == expense.stated_value("project", "annual")
    assert expense.value("project", "half") == Decimal("25.5")
    assert expense.value("basic", "annual") + expense.value("project", "annual") == Decimal("517.11")


def test_suzhou_keeps_its_filed_mistake():
    form = load_sample("suzhou-2024").forms[0]
    assert len(figures.named_indicators(form)) == 46
    expense = form.funds["expense"]
    # the six project lines add to 24.02 while the filed 项目支出 says 20 (DOMAIN.md §4)
    assert expense.value("project", "half") == Decimal("24.02")
    assert expense.stated_value("project", "half") == Decimal(20)
    assert expense.value("project", "annual") == Decimal("54.81")


def test_hebei():
    forms = summaries("hebei-2022")
    projects = [f for f in forms if f["kind"] == "project_target"]
    plans = [f for f in forms if f["kind"] == "dept_plan"]
    assert len(projects) == 9 and len(plans) == 1
    assert sum(f["indicators"] for f in projects) == 68
    assert sum(Decimal(str(f["budget_total"])) for f in projects) == Decimal("420.06")
    assert plans[0]["lists"] == {"sub_goals": 15}


def test_hebei_keeps_its_placeholders_and_wrong_units():
    wb = load_sample("hebei-2022")
    values = {node.name: node.cells["target_value"] for f in wb.forms for lvl, node, _ in f.walk() if lvl == 3}
    assert values["工资及保险发放准确率"].text == "7人"
    assert values["项目控制预算数"].kind is Kind.PLACEHOLDER


def test_rugao_rows_add_to_what_the_filed_total_hides():
    (form,) = summaries("rugao-2023")
    assert form["kind"] == "dept_self_eval" and form["indicators"] == 39
    assert (form["weight_total"], form["score_total"]) == (103, 98)
    assert form["execution_rate"] == 93.58
    stated = load_sample("rugao-2023").forms[0].stated_totals
    assert stated == {"weight": Decimal(100), "score": Decimal(95)}


def test_shenzhen_guangming():
    (form,) = summaries("shenzhen-guangming-2024")
    assert form["kind"] == "project_self_eval" and form["indicators"] == 26
    assert form["execution_rate"] == 99.67
    assert (form["weight_total"], form["score_total"]) == (100, 99.47)
    ex = figures.execution(load_sample("shenzhen-guangming-2024").forms[0])
    assert ex.score == Decimal("9.97")


def test_shenzhen_keeps_the_leaked_excel_serial():
    form = load_sample("shenzhen-guangming-2024").forms[0]
    actuals = {n.name: n.cells.get("actual_value") for lvl, n, _ in form.walk() if lvl == 3}
    assert actuals["开展法律法规宣传教育完成时间"].text == "45503"


@pytest.mark.parametrize("name", sample_names())
def test_dump_load_dump_is_identical(name):
    text = dump_workbook(load_sample(name))
    again = dump_workbook(workbook_from_dict(json.loads(text)))
    assert again == text


@pytest.mark.parametrize("name", sample_names())
def test_every_value_cell_of_the_samples_parses(name):
    # Transcription slips (a stray space, a misplaced column) show up as unparsed values.
    wb = load_sample(name)
    for form in wb.forms:
        for _, node, _ in form.walk():
            for key, value in node.cells.items():
                if hasattr(value, "kind"):
                    assert value.kind is not Kind.UNPARSED, (form.id, node.name, key, value.text)


def test_five_seed_samples_two_provincial_ones_and_the_national_examples():
    national = [s for s in SAMPLES if s.name.startswith("national-")]
    assert len(national) == 4
    assert len(SAMPLES) == 12
