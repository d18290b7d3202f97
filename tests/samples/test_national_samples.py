"""The filled examples of the national layouts: they load, check clean, print (title and every
indicator name in the PDF's text) and go through Excel and back unchanged."""
from decimal import Decimal

import pytest

from perfdesk.cli.main import main
from perfdesk.definitions.profiles import default_profiles
from perfdesk.domain import figures
from perfdesk.domain.checks import Severity, check_workbook, flatten
from perfdesk.pdf import write_pdf
from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook
from perfdesk.store.workbook_file import read_workbook, write_workbook

from ..pdf.pdftools import needs_poppler, pdf_pages_text, squash

NATIONAL = {
    "national-project-self-eval-2024": ("national_project_self_eval", "项目支出绩效自评表"),
    "national-project-target-2025": ("national_project_target", "项目支出绩效目标申报表"),
    "national-dept-target-2025": ("national_dept_target", "部门（单位）整体支出绩效目标申报表"),
    "national-dept-self-eval-2024": ("national_dept_self_eval", "部门（单位）整体支出绩效自评表"),
}
# Findings kept on purpose in a sample (none: these examples are meant to be clean).
DELIBERATE: dict[str, set[str]] = {}


@pytest.mark.parametrize("name", sorted(NATIONAL))
def test_sample_uses_its_national_definition(name):
    wb = load_sample(name)
    (form,) = wb.forms
    assert form.definition.id == NATIONAL[name][0]
    assert form.title == NATIONAL[name][1]


@pytest.mark.parametrize("name", sorted(NATIONAL))
def test_check_finds_nothing_wrong(name):
    wb = load_sample(name)
    findings = flatten(check_workbook(wb, default_profiles()))
    unexpected = [f for f in findings if f.severity is not Severity.INFO and f.code not in DELIBERATE.get(name, set())]
    assert unexpected == [], [f"{f.code} {f.where} {f.message}" for f in unexpected]


def test_project_self_eval_adds_up_as_the_national_rule_says():
    (form,) = load_sample("national-project-self-eval-2024").forms
    ex = figures.execution(form)
    assert ex.rate == Decimal("98.88") and ex.score == Decimal("9.89")
    funds = form.funds["funds"]
    for col in ("initial", "adjusted", "spent"):
        assert funds.value("total", col) == funds.stated_value("total", col)
    assert form.stated_totals == {"weight": Decimal(100), "score": Decimal("98.77")}


def test_dept_self_eval_adds_up():
    (form,) = load_sample("national-dept-self-eval-2024").forms
    ex = figures.execution(form)
    assert ex.rate == Decimal("98.73") and ex.score == Decimal("9.87")
    assert form.stated_totals == {"weight": Decimal(100), "score": Decimal("96.78")}


def test_dept_target_tasks_add_up_to_the_stated_total():
    (form,) = load_sample("national-dept-target-2025").forms
    tasks = form.lists["main_tasks"]
    amount = form.funds["amount"]
    for col in ("total", "fiscal", "other"):
        assert sum(t[col] for t in tasks) == amount.value("sum", col)
    for t in tasks:
        assert t["total"] == t["fiscal"] + t["other"]


@needs_poppler
@pytest.mark.parametrize("name", sorted(NATIONAL))
def test_prints_title_and_every_indicator_name(name, tmp_path):
    wb = load_sample(name)
    path = tmp_path / "out.pdf"
    write_pdf(wb, path)
    text = squash("".join(pdf_pages_text(path)))
    (form,) = wb.forms
    assert squash(form.title) in text and f"（{wb.year}年度）" in text
    names = [node.name for _level, node, _parents in form.walk()]
    assert len(names) > 10
    missing = [n for n in names if squash(n) not in text]
    assert missing == []


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", sorted(NATIONAL))
def test_excel_round_trip_gives_the_same_dump(name, tmp_path, capsys):
    source = tmp_path / "in.perfdesk"
    write_workbook(source, load_sample(name))
    xlsx, back = tmp_path / "out.xlsx", tmp_path / "back.perfdesk"
    code, _, err = _run(capsys, "export", source, "-o", xlsx)
    assert code == 0, err
    code, _, err = _run(capsys, "import", xlsx, "-o", back)
    assert code == 0, err
    assert dump_workbook(read_workbook(back)) == dump_workbook(read_workbook(source))
