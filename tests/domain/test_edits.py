"""Every edit applied and undone leaves the workbook exactly as it was (compared as canonical JSON)."""
from decimal import Decimal

import pytest

from perfdesk.definitions.loader import default_registry
from perfdesk.domain import edits
from perfdesk.domain.blank import new_form, new_workbook, next_form_id, render_title
from perfdesk.domain.edits import (
    Batch,
    EditError,
    InsertForm,
    InsertItems,
    InsertLines,
    InsertNodes,
    MoveNode,
    RemoveForm,
    RemoveItems,
    RemoveLines,
    RemoveNodes,
    SetValue,
)
from perfdesk.domain.entry import EntryError, format_amount, parse_amount, parse_date, same_cell
from perfdesk.domain.model import FundsLine, IndicatorNode
from perfdesk.domain.places import (
    FieldPlace,
    FundsPlace,
    IndicatorPlace,
    LinePlace,
    ListPlace,
    SectionPlace,
    TitlePlace,
    WorkbookPlace,
    describe,
    place_from_text,
    place_to_text,
)
from perfdesk.domain.values import IndicatorValue, Kind
from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook, workbook_from_dict, workbook_to_dict


def round_trip(wb, edit):
    """Apply, check the workbook still loads, undo, check it is back; return the edited dump."""
    before = dump_workbook(wb)
    inverse = edits.apply(wb, edit)
    after = dump_workbook(wb)
    workbook_from_dict(workbook_to_dict(wb))   # still valid for the file format
    edits.apply(wb, inverse)
    assert dump_workbook(wb) == before
    redo = edits.apply(wb, edit)
    assert dump_workbook(wb) == after
    edits.apply(wb, redo)
    return after


def test_set_value_on_every_kind_of_place_is_undone():
    wb = load_sample("hebei-2022")
    p = "project_01"
    for edit in (
        SetValue(None, WorkbookPlace("unit_code"), "414002"),
        SetValue(None, WorkbookPlace("year"), 2023),
        SetValue(None, WorkbookPlace("signature.preparer"), "张三"),
        SetValue(p, TitlePlace(), "1.车辆保险费绩效目标表"),
        SetValue(p, FieldPlace("project_code"), ""),
        SetValue(p, SectionPlace("goal"), "（一）按时缴纳\n（二）保障出行"),
        SetValue(p, FundsPlace("budget", "fiscal", "amount"), Decimal("7.20")),
        SetValue(p, FundsPlace("budget", "fiscal", "amount"), None),
        SetValue(p, FundsPlace("plan", "plan", "m06"), Decimal("50")),
        SetValue(p, IndicatorPlace((0, 0, 0)), "公车保险按时缴纳率"),
        SetValue(p, IndicatorPlace((0, 0, 0), "target_value"), IndicatorValue.parse("≥98%")),
        SetValue(p, IndicatorPlace((0, 0, 0), "basis"), None),
        SetValue("dept_plan", ListPlace("sub_goals", 2, "indicator_value"), IndicatorValue.parse("=100%")),
    ):
        round_trip(wb, edit)


def test_amounts_change_the_computed_total():
    wb = load_sample("hebei-2022")
    form = wb.form("project_01")
    old_total = form.funds_table("budget").value("total", "amount")
    edits.apply(wb, SetValue(form.id, FundsPlace("budget", "other", "amount"), Decimal("1.5")))
    assert form.funds_table("budget").value("total", "amount") == old_total + Decimal("1.5")


def test_computed_rows_and_wrong_types_are_refused_and_nothing_changes():
    wb = load_sample("hebei-2022")
    before = dump_workbook(wb)
    with pytest.raises(EditError, match="由程序计算"):
        edits.apply(wb, SetValue("project_01", FundsPlace("budget", "total", "amount"), Decimal(1)))
    with pytest.raises(EditError, match="金额应为数字"):
        edits.apply(wb, SetValue("project_01", FundsPlace("budget", "fiscal", "amount"), "12"))
    with pytest.raises(EditError, match="没有 “key_work”"):
        edits.apply(wb, SetValue("project_01", IndicatorPlace((0, 0, 0), "key_work"), "x"))
    with pytest.raises(EditError):   # the second part fails: the first is rolled back
        edits.apply(wb, Batch((SetValue("project_01", TitlePlace(), "新标题"),
                               SetValue("project_01", IndicatorPlace((9, 9)), "x"))))
    assert dump_workbook(wb) == before


def test_a_template_title_follows_the_project_name_and_comes_back_on_undo():
    reg = default_registry()
    wb = new_workbook("某局", "414001", 2025, [(reg["hebei_project_target"], 1)])
    form = wb.forms[0]
    assert form.title == "绩效目标表"
    inverse = edits.apply(wb, SetValue(form.id, FieldPlace("project_name"), "车辆保险费"))
    assert form.title == "车辆保险费绩效目标表"
    edits.apply(wb, inverse)
    assert form.title == "绩效目标表" and "project_name" not in form.fields
    # a title the user changed is left alone
    edits.apply(wb, SetValue(form.id, TitlePlace(), "1.车辆保险费绩效目标表"))
    edits.apply(wb, SetValue(form.id, FieldPlace("project_name"), "公车保险"))
    assert form.title == "1.车辆保险费绩效目标表"


def test_insert_remove_and_move_rows_round_trip():
    wb = load_sample("hebei-2022")
    p = "project_07"
    form = wb.form(p)
    round_trip(wb, InsertNodes(p, (0,), 1, (IndicatorNode("新二级", children=[IndicatorNode("甲")]),)))
    round_trip(wb, RemoveNodes(p, (0,), 0, 2))
    round_trip(wb, RemoveNodes(p, (), 1))
    first = form.indicators[0].children[0].name
    after = round_trip(wb, MoveNode(p, (0, 0), (0,), 3))
    assert first in after
    round_trip(wb, MoveNode(p, (0, 0, 0), (1, 0), 0))         # across branches


def test_move_keeps_the_moved_row_and_its_place_in_qt_convention():
    wb = load_sample("hebei-2022")
    form = wb.form("project_01")
    names = [n.name for n in form.indicators[0].children]
    inverse = edits.apply(wb, MoveNode(form.id, (0, 0), (0,), len(names)))     # to the end
    assert [n.name for n in form.indicators[0].children] == names[1:] + names[:1]
    assert isinstance(inverse, MoveNode) and inverse.path == (0, len(names) - 1)
    edits.apply(wb, inverse)
    assert [n.name for n in form.indicators[0].children] == names


def test_indent_outdent_and_level_limits():
    wb = load_sample("hebei-2022")
    form = wb.form("project_01")
    level2 = form.indicators[0].children
    assert len(level2) >= 2
    with pytest.raises(EditError, match="最多三级"):        # its level-3 rows would become level 4
        edits.indent(form, (0, 1))
    leaf = form.indicators[0].children[0].children[0]
    ind = edits.indent(form, (0, 0, 1)) if len(level2[0].children) > 1 else None
    if ind:
        with pytest.raises(EditError):
            edits.apply(wb, ind)
    out = edits.outdent(form, (0, 0, 0))
    inverse = edits.apply(wb, out)
    assert form.indicators[0].children[1] is leaf                 # right after its old parent
    edits.apply(wb, inverse)
    assert form.indicators[0].children[0].children[0] is leaf
    with pytest.raises(EditError, match="不能再升级"):
        edits.outdent(form, (0, 0))
    with pytest.raises(EditError, match="一级指标只能在一级之间移动"):
        edits.apply(wb, MoveNode(form.id, (1,), (0,), 0))
    with pytest.raises(EditError, match="自己的下级"):
        edits.apply(wb, MoveNode(form.id, (0, 0), (0, 0), 0))
    with pytest.raises(EditError, match="没有变化"):
        edits.apply(wb, MoveNode(form.id, (0, 0), (0,), 1))
    assert edits.move_up(form, (0, 0)) is None
    assert edits.move_down(form, (0, len(level2) - 1)) is None


def test_indent_a_leaf_level2_row_under_its_sibling():
    wb = load_sample("hebei-2022")
    form = wb.form("project_01")
    edits.apply(wb, InsertNodes(form.id, (0,), 1, (IndicatorNode("空二级"),)))
    inverse = edits.apply(wb, edits.indent(form, (0, 1)))
    assert form.indicators[0].children[0].children[-1].name == "空二级"
    edits.apply(wb, inverse)
    assert form.indicators[0].children[1].name == "空二级"


def test_moving_a_row_out_of_a_branch_drops_branch_columns_and_undo_restores_them():
    wb = load_sample("nantong-2024")
    form = wb.forms[0]
    duty = next(i for i, n in enumerate(form.indicators) if n.name == "履职")
    row = form.indicators[duty].children[0]
    key_work = row.cells["key_work"]
    before = dump_workbook(wb)
    inverse = edits.apply(wb, MoveNode(form.id, (duty, 0), (duty + 1,), 0))
    assert "key_work" not in row.cells
    workbook_from_dict(workbook_to_dict(wb))                     # loadable: no stray column
    edits.apply(wb, inverse)
    assert row.cells["key_work"] == key_work
    assert dump_workbook(wb) == before
    # renaming the branch itself does the same
    round_trip(wb, SetValue(form.id, IndicatorPlace((duty,)), "效益"))


def test_new_rows_get_the_next_unused_category():
    wb = new_workbook("某局", "", 2025, [(default_registry()["hebei_project_target"], 1)])
    form = wb.forms[0]
    assert [n.name for n in form.indicators] == ["产出指标", "效益指标", "满意度指标"]
    assert [n.name for n in form.indicators[0].children] == ["数量指标", "质量指标", "时效指标", "成本指标"]
    edits.apply(wb, RemoveNodes(form.id, (0,), 1))
    assert edits.default_name(form, (0,)) == "质量指标"
    assert edits.new_row(form, (0, 0), 0).nodes[0].name == ""
    with pytest.raises(EditError):
        edits.new_row(form, (0, 0, 0), 0)


def test_lines_items_and_forms_round_trip():
    wb = load_sample("suzhou-2024")
    f = wb.forms[0]
    round_trip(wb, InsertLines(f.id, "expense", 2, (FundsLine("新项目", {"annual": Decimal("3")}),)))
    round_trip(wb, RemoveLines(f.id, "expense", 0, 2))
    round_trip(wb, SetValue(f.id, LinePlace("expense", 1, "half"), Decimal("2.5")))
    round_trip(wb, SetValue(f.id, LinePlace("expense", 1), "改名"))
    hebei = load_sample("hebei-2022")
    round_trip(hebei, InsertItems("dept_plan", "sub_goals", 0, ({"name": "新分项"},)))
    round_trip(hebei, RemoveItems("dept_plan", "sub_goals", 3, 2))
    extra = new_form(default_registry()["hebei_project_target"], hebei)
    assert extra.id == "project_10"
    round_trip(hebei, InsertForm(10, extra))
    round_trip(hebei, RemoveForm(0, "dept_plan"))
    with pytest.raises(EditError):
        edits.apply(hebei, RemoveForm(0, "project_01"))


def test_blank_workbook_fills_what_it_knows():
    reg = default_registry()
    wb = new_workbook("深圳市某局", "123012", 2024,
                      [(reg["jiangsu_dept_target"], 1), (reg["shenzhen_project_self_eval"], 2)])
    assert [f.id for f in wb.forms] == ["dept_target", "project_eval_01", "project_eval_02"]
    assert wb.forms[0].fields["unit_name"] == "深圳市某局"
    assert wb.forms[0].title == "深圳市某局部门整体预算绩效目标表"
    assert wb.forms[1].fields == {"implementing_unit": "深圳市某局", "unit_code": "123012", "eval_year": "2024"}
    assert next_form_id(wb, reg["jiangsu_dept_target"]) == "dept_target_2"
    assert render_title(reg["jiangsu_dept_self_eval"], wb, {}) == "2024年市级部门整体支出绩效自评价表"
    workbook_from_dict(workbook_to_dict(wb))


def test_typed_amounts_dates_and_values():
    assert parse_amount(" 1,234.56 ") == Decimal("1234.56")
    assert parse_amount("１２３.５") == Decimal("123.5")
    assert parse_amount("") is None
    for bad in ("12a", "1,23", "--3", "１.２.３"):
        with pytest.raises(EntryError):
            parse_amount(bad)
    with pytest.raises(EntryError, match="小数超过 2 位"):
        parse_amount("1.234", decimals=2)
    assert format_amount(Decimal("14268915.7"), 2) == "14,268,915.70"
    assert parse_date("2024年7月30日").isoformat() == "2024-07-30"
    with pytest.raises(EntryError):
        parse_date("45503")
    # what is typed is what prints: another spelling of the same target is a change
    assert not same_cell(IndicatorValue.parse("≥95百分比"), IndicatorValue.parse("≥95%"))
    assert same_cell(IndicatorValue.parse("≥95%"), IndicatorValue.parse(" ≥95% "))
    assert not same_cell(IndicatorValue.parse("健全"), IndicatorValue.parse("完善"))


def test_places_have_a_text_form_and_a_description():
    wb = load_sample("hebei-2022")
    form = wb.form("project_01")
    for place in (TitlePlace(), FieldPlace("project_code"), SectionPlace("goal"),
                  FundsPlace("budget", "total", "amount"), LinePlace("expense", 2, "half"),
                  ListPlace("sub_goals", 3, "name"), IndicatorPlace((0, 1, 2), "target_value"),
                  IndicatorPlace((1,)), WorkbookPlace("signature.phone")):
        assert place_from_text(place_to_text(place)) == place
    assert describe(form, FundsPlace("budget", "total", "amount")) == "预算规模及资金用途 › 预算数 › 金额"
    assert describe(form, IndicatorPlace((0, 0, 0), "target_value")) == "产出指标 › 质量指标 › 公车保险缴纳率 › 指标值"
    assert IndicatorValue.parse("45503").kind is Kind.QUANTITATIVE


def test_replace_form_is_one_edit_that_undoes_to_the_old_form():
    from perfdesk.domain import edits
    from perfdesk.samples import load_sample

    wb = load_sample("hebei-2022")
    old = wb.form("project_02")
    new = edits.copy_form(old)
    assert new is not old and new.definition is old.definition
    assert all(t.definition is old.funds[k].definition for k, t in new.funds.items())
    new.title = "改过的标题"
    inverse = edits.apply(wb, edits.replace_form(wb, new))
    assert wb.forms[2] is new and [f.id for f in wb.forms].count("project_02") == 1
    edits.apply(wb, inverse)
    assert wb.forms[2] is old and old.title != "改过的标题"
    with pytest.raises(edits.EditError):
        edits.replace_form(wb, type(new)("nowhere", new.definition, "x"))
