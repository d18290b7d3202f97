"""A list whose 合计 row the form states (`total_row`, docs/forms.md): the loader's checks on the
new keys, and `check` comparing the stated row with the items (东莞 年度主要任务 … 金额合计)."""
from decimal import Decimal

import pytest

from perfdesk.definitions.loader import DefinitionError, forms_dir, parse_definition_text
from perfdesk.domain.checks.engine import check_form
from perfdesk.domain.model import Form

BASE = (forms_dir() / "dongguan_dept_target.toml").read_text(encoding="utf-8")


def load(text: str):
    return parse_definition_text(text, "test.toml", "user")


def test_the_dongguan_definition_has_the_keys():
    d = load(BASE)
    ldef = d.list_def("main_tasks")
    assert ldef.total_row == "amount.sum" and ldef.total_fill == "*"
    assert not ldef.numbered and ldef.side_label and ldef.amounts_label == "年度预算金额(万元)"
    assert len(ldef.widths) == len(ldef.columns)       # no 序号 entry


@pytest.mark.parametrize("change,words", [
    (('total_row = "amount.sum"', 'total_row = "amount.nope"'), "不是资金表的行"),
    (('total_row = "amount.sum"', 'total_row = "nothing"'), "不是资金表的行"),
    (('{ id = "other", label = "其他资金" },\n]\nrows', '{ id = "misc", label = "杂项" },\n]\nrows'), "数字列"),
    (('total_row = "amount.sum"', 'total_row = "amount.sum"\ntotals = ["subtotal"]'), "只能用其一"),
    (("widths = [8, 16, 4, 4, 4]", "widths = [2, 8, 16, 4, 4, 4]"), "应为 5 个正数"),
])
def test_bad_keys_are_refused(change, words):
    old, new = change
    assert old in BASE
    with pytest.raises(DefinitionError, match=words):
        load(BASE.replace(old, new, 1))


def _form(tasks, total):
    form = Form(id="dept_target", definition=load(BASE), title="t")
    form.lists["main_tasks"] = tasks
    form.funds_table("amount").values["sum"] = total
    return form


def test_check_compares_the_stated_total_with_the_items():
    tasks = [{"name": "甲", "subtotal": Decimal("1166.1")}, {"name": "乙", "subtotal": Decimal("83.4")}]
    ok = _form(tasks, {"subtotal": Decimal("1249.5"), "fiscal": Decimal("1249.5"), "other": Decimal(0)})
    assert [f for f in check_form(ok) if f.code == "funds.total"] == []
    # 市财政拨款 and 其他资金 no item fills: nothing to compare; 小计 stated 0 against 1249.5
    bad = _form(tasks, {"subtotal": Decimal(0), "fiscal": Decimal("1249.5"), "other": Decimal(0)})
    (finding,) = [f for f in check_form(bad) if f.code == "funds.total"]
    assert finding.severity.value == "错误"
    assert "“金额合计”的小计填报为 0，年度主要任务 2 项任务相加为 1249.5" in finding.message
