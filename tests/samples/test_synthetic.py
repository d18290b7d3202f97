from decimal import Decimal

from perfdesk.domain import figures
from perfdesk.samples.synthetic import synthetic_workbook
from perfdesk.codec import dump_workbook


def test_same_seed_same_workbook_other_seed_other_workbook():
    a, b, c = synthetic_workbook(12, 3), synthetic_workbook(12, 3), synthetic_workbook(12, 4)
    assert dump_workbook(a) == dump_workbook(b)
    assert dump_workbook(a) != dump_workbook(c)


def test_shape_is_like_a_bureau_workbook():
    wb = synthetic_workbook(30, 1)
    unit, projects = wb.forms[0], wb.forms[1:]
    assert unit.kind == "dept_target" and len(projects) == 30
    assert all(p.kind == "project_target" for p in projects)
    counts = [len(figures.named_indicators(p)) for p in projects]
    assert 6 <= sum(counts) / len(counts) <= 16     # the Hebei projects have 6–10
    # the unit-wide form lists every project, and its funds add up
    expense = unit.funds["expense"]
    assert [line.name for line in expense.lines] == [p.fields["project_name"] for p in projects]
    assert expense.value("project", "annual") == sum((figures.budget_total(p) for p in projects), Decimal(0))
    income_total = unit.funds["income"].value("total", "annual")
    assert income_total == expense.value("basic", "annual") + expense.value("project", "annual")
    assert any(len(p.sections["goal"]) > 100 for p in projects)   # long Chinese texts
