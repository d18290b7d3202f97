"""Moving a form to a changed definition keeps every value that still has a place."""
from perfdesk.definitions.loader import definition_from_text, forms_dir
from perfdesk.domain.migrate import migrate_form
from perfdesk.domain.values import IndicatorValue
from perfdesk.samples import load_sample
from perfdesk.codec import form_to_dict

SHENZHEN = (forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")


def changed(text: str) -> str:
    """The Shenzhen definition without 单位编码, 实际完成情况 and the 偏差原因 column, and with
    度量单位 made a 指标值 column."""
    text = text.replace('[[fields]]\nid = "unit_code"\nlabel = "单位编码"\ntype = "text"\n', "")
    text = text.replace('[[sections]]\nid = "goal_actual"\nlabel = "年度总体目标·实际完成情况"\n', "")
    text = text.replace('  { id = "reason", label = "偏差原因分析及改进措施", type = "text" },\n', "")
    text = text.replace('"unit_code", "execution", "goal_expected", "goal_actual"', '"execution", "goal_expected"')
    text = text.replace('widths = [15, 13, 28, 16, 6, 16, 6, 6, 24]', 'widths = [15, 13, 28, 16, 6, 16, 6, 6]')
    text = text.replace('{ id = "unit", label = "度量单位", type = "text" }', '{ id = "unit", label = "度量单位", type = "value" }')
    return text


def test_same_definition_keeps_everything():
    form = load_sample("shenzhen-guangming-2024").forms[0]
    new = definition_from_text(SHENZHEN, "x.toml", "builtin")
    moved, lost = migrate_form(form, new)
    assert lost == []
    assert moved.definition is new and form_to_dict(moved) == form_to_dict(form)


def test_values_without_a_place_are_listed_and_the_rest_kept():
    wb = load_sample("shenzhen-guangming-2024")
    form = wb.forms[0]
    form.fields["unit_code"] = "123"
    leaf = next(n for lvl, n, _ in form.walk() if lvl == 3)
    leaf.cells["unit"] = "人"
    reasons = [(n.name, n.cells["reason"]) for _, n, _ in form.walk() if n.cells.get("reason")]
    new = definition_from_text(changed(SHENZHEN), "x.toml", "user")
    before = form_to_dict(form)
    moved, lost = migrate_form(form, new)
    assert form_to_dict(form) == before                       # the original is untouched
    where = [w for w, _ in lost]
    assert ("字段“单位编码”", "123") in lost
    assert ("段落“年度总体目标·实际完成情况”", form.sections["goal_actual"]) in lost
    assert len([w for w in where if w.endswith("列“偏差原因分析及改进措施”")]) == len(reasons)
    assert "unit_code" not in moved.fields and moved.fields["project_name"] == form.fields["project_name"]
    assert "goal_actual" not in moved.sections and moved.sections["goal_expected"] == form.sections["goal_expected"]
    assert moved.funds["execution"].value("total", "spent") == form.funds["execution"].value("total", "spent")
    assert moved.funds["execution"].definition is new.funds_table("execution")
    old_nodes = [(lvl, n.name) for lvl, n, _ in form.walk()]
    assert [(lvl, n.name) for lvl, n, _ in moved.walk()] == old_nodes
    units = [n.cells.get("unit") for _, n, _ in moved.walk() if n.cells.get("unit")]
    assert units == [IndicatorValue.parse("人")]                              # text → 指标值
    assert all("reason" not in n.cells for _, n, _ in moved.walk())
    assert moved.stated_totals == form.stated_totals
