"""The indicator library in the domain core: search (text, pinyin initials, category, form in
use), where an entry lands in a form's tree, and entries made from a workbook's rows."""
import copy
import datetime as dt
import time
from decimal import Decimal

import pytest

from perfdesk.definitions.library import default_library
from perfdesk.definitions.loader import default_registry
from perfdesk.domain import edits
from perfdesk.domain.library import (
    Library,
    LibraryEntry,
    LibraryError,
    entry_from_node,
    indicator_node,
    initials_of,
    landing,
    pinyin_keys,
)
from perfdesk.domain.values import Kind, Op
from perfdesk.samples import load_sample


@pytest.fixture(scope="module")
def library() -> Library:
    return default_library()


def names(entries):
    return [e.name for e in entries]


def entry(library, name, level2=None):
    found = [e for e in library if e.name == name and (level2 is None or e.level2 == level2)]
    assert len(found) == 1, (name, found)
    return found[0]


# ------------------------------------------------------------------------------- search

def test_pinyin_initials_are_computed_once_per_name():
    assert initials_of("预算执行率") == "yszxl"
    assert initials_of("“三公经费”变动率") == "sgjfbdl"
    assert initials_of("ODR企业") == "odrqy"
    assert pinyin_keys("预算执行率") is pinyin_keys("预算执行率")   # cached


def test_search_by_any_text_of_name_description_and_category(library):
    assert names(library.search("预算执行率"))[:2] == ["预算执行率", "预算执行率"]
    # a word of the description
    assert "项目控制预算数" in names(library.search("财政支持经费"))
    # the category
    timely = library.search("时效指标")
    assert timely and all(e.level2 == "时效指标" for e in timely)
    # quotes and full-width letters do not get in the way
    assert names(library.search("三公经费变动率")) == ["“三公经费”变动率"]


def test_search_by_pinyin_initials(library):
    assert set(names(library.search("yszxl"))) == {"预算执行率"}
    assert names(library.search("YSZXL")) == names(library.search("yszxl"))
    assert set(names(library.search("sgjf"))) == {"“三公经费”变动率", "“三公”经费控制情况"}
    # zh/ch/sh typed in full, whole syllables, and the two mixed
    assert "预算执行率" in names(library.search("yszhxl"))
    assert "预算执行率" in names(library.search("yusuanzhixinglv"))
    assert "预算执行率" in names(library.search("yusuanzx"))
    # initials in the middle of a name rank after those at its start
    found = names(library.search("myd"))
    assert found[0] in ("群众满意度", "服务对象满意度", "职工满意度")
    assert "服务对象满意度" in found
    assert library.search("qqqqq") == []


def test_words_must_all_match_and_best_matches_come_first(library):
    # 政府采购执行率 matches 预算 only in its description (政府采购预算): it comes after
    assert names(library.search("预算 zxl")) == ["预算执行率", "预算执行率", "政府采购执行率"]
    assert library.search("预算 qqqq") == []
    # name matches before description matches
    found = names(library.search("满意度"))
    assert found[0] in ("群众满意度", "职工满意度", "服务对象满意度")
    last_name_match = max(i for i, n in enumerate(found) if "满意度" in n)
    assert all("满意度" not in n for n in found[last_name_match + 1:])


def test_filter_by_category_and_by_the_form_in_use(library):
    project = default_registry()["hebei_project_target"]
    dept = default_registry()["jiangsu_dept_target"]
    self_eval = default_registry()["jiangsu_dept_self_eval"]
    cost = library.search(level1="产出指标", level2="成本指标")
    assert names(cost)[0] == "项目控制预算数" and all(e.level2 == "成本指标" for e in cost)
    assert all(e.level1 == "过程" for e in library.search(level1="过程"))
    # the form in use: a project form never sees the 决策/过程 rows, and the other way round
    assert "中长期规划制定健全性" not in names(library.search(definition=project))
    assert "按项目计划完成工作" not in names(library.search(definition=dept))
    assert {e.level1 for e in library.search(definition=self_eval)} == {"内部管理（共性指标）"}
    # the same word finds different rows in different forms
    assert {e.level1 for e in library.search("预算执行率", definition=dept)} == {"过程"}
    assert {e.level1 for e in library.search("预算执行率", definition="jiangsu_dept_self_eval")} == {"内部管理（共性指标）"}
    # categories for the filter box, in the form's own order
    assert library.categories(dept)[:4] == [("决策", "计划制定"), ("决策", "目标设定"), ("决策", "预算编制"),
                                            ("过程", "预算执行")]
    assert library.categories(project)[0] == ("产出指标", "数量指标")
    assert ("满意度指标", "服务对象满意度指标") in library.categories(project)


def test_search_is_instant(library):
    library.search("yszxl")            # warm up
    queries = ["yszxl", "预算", "满意度", "zhixing", "qqqq", "sgjf bdl", "时效"]
    start = time.perf_counter()
    for _ in range(20):
        for q in queries:
            library.search(q)
    per_search = (time.perf_counter() - start) / (20 * len(queries))
    assert per_search < 0.02, f"{per_search * 1000:.2f} ms per search"


def test_user_entries_join_the_shipped_ones(library):
    mine = LibraryEntry("产出指标", "数量指标", "网格巡查次数", "反映全年网格巡查的次数。", "≥12次",
                        ("hebei_project_target",), "user")
    both = library + [mine]
    assert len(both) == len(library) + 1
    assert names(both.search("wgxc")) == ["网格巡查次数"]
    assert both.search(source="user") == [mine]


# -------------------------------------------------------------------------------- landing

def test_project_form_lands_under_its_level2_with_value_and_description(library):
    wb = load_sample("hebei-2022")
    form = wb.form("project_01")
    e = entry(library, "群众满意度")
    place = landing(form, e, wb.year)
    satisfaction = [n.name for n in form.indicators].index("满意度指标")
    assert place.parent == (satisfaction, 0)
    assert place.row == len(form.indicators[satisfaction].children[0].children)
    assert place.creates == "" and place.clear_cells == ()
    value = place.node.cells["target_value"]
    assert value.kind is Kind.QUANTITATIVE and value.op is Op.GE and value.number == 90 and value.unit == "%"
    assert place.node.cells["description"] == e.description
    # the edit inserts it, undo takes it out again
    before = copy.deepcopy(form.indicators)
    undo = edits.apply(wb, place.edit(form.id))
    assert edits.node_at(form, place.path).name == "群众满意度"
    edits.apply(wb, undo)
    assert form.indicators == before


def test_project_form_gets_a_missing_level2_in_the_definitions_order(library):
    wb = load_sample("hebei-2022")
    form = wb.form("project_01")          # 效益指标 has only 经济效益指标
    place = landing(form, entry(library, "案件办结率"), wb.year)
    assert place.creates == "level2"
    assert place.parent == (1,) and place.row == 1
    assert place.node.name == "社会效益指标" and place.node.children[0].name == "案件办结率"
    edits.apply(wb, place.edit(form.id))
    assert [n.name for n in form.indicators[1].children] == ["经济效益指标", "社会效益指标"]
    assert edits.node_at(form, place.path).name == "案件办结率"

    # the user's own order of level-2 rows is respected: 社会 before 经济 in project 6
    form6 = wb.form("project_06")
    place = landing(form6, entry(library, "节约成本"), wb.year)
    assert [n.name for n in form6.indicators[1].children] == ["社会效益指标", "经济效益指标"]
    assert place.parent == (1,) and place.row == 2


def test_a_missing_level1_is_created_in_order(library):
    wb = load_sample("hebei-2022")
    form = wb.form("project_02")
    del form.indicators[1]               # no 效益指标 branch left
    place = landing(form, entry(library, "长期使用性"), wb.year)
    assert place.creates == "level1" and place.parent == () and place.row == 1
    edits.apply(wb, place.edit(form.id))
    assert [n.name for n in form.indicators] == ["产出指标", "效益指标", "满意度指标"]
    assert edits.node_at(form, place.path).name == "长期使用性"
    assert place.path == (1, 0, 0)


def test_unit_wide_form_gets_half_and_annual_values(library):
    wb = load_sample("nantong-2024")
    form = wb.form("dept_target")
    execution = entry(library, "预算执行率", "预算执行")
    place = landing(form, execution, wb.year)
    assert place.parent == (1, 0)                       # 过程 › 预算执行
    cells = place.node.cells
    assert cells["half_value"].number == 40 and cells["annual_value"].number == 100
    assert cells["annual_value"].op is Op.EQ
    plan = landing(form, entry(library, "纪检监察工作有效性"), wb.year)
    assert plan.parent == (1, 5)                        # 过程 › 机构建设
    assert plan.node.cells["half_value"].text == plan.node.cells["annual_value"].text == "有效"
    assert "description" not in plan.node.cells           # the Jiangsu form has no such column


def test_a_form_without_room_for_the_category_refuses_with_a_message(library):
    wb = load_sample("nantong-2024")
    form = wb.form("dept_target")
    with pytest.raises(LibraryError, match="产出指标"):
        landing(form, entry(library, "按项目计划完成工作"), wb.year)
    odd = LibraryEntry("决策", "资金管理", "某指标", "说明", "健全", ("jiangsu_dept_target",))
    with pytest.raises(LibraryError, match="计划制定、目标设定、预算编制"):
        landing(form, odd, wb.year)
    plan = load_sample("hebei-2022").form("dept_plan")
    with pytest.raises(LibraryError, match="没有绩效指标表"):
        landing(plan, entry(library, "群众满意度"))


def test_a_free_level2_branch_accepts_a_new_function(library):
    wb = load_sample("nantong-2024")
    form = wb.form("dept_target")
    duty = LibraryEntry("履职", "投诉举报受理", "及时办结率", "反映投诉举报按时办结的比例。", "≥98%",
                        ("jiangsu_dept_target",), "user")
    place = landing(form, duty, wb.year)
    lvzhi = [n.name for n in form.indicators].index("履职")
    assert place.creates == "level2" and place.parent == (lvzhi,)
    assert place.row == len(form.indicators[lvzhi].children)


def test_self_evaluation_row_printed_as_none_gives_way(library):
    wb = load_sample("shenzhen-guangming-2024")
    form = wb.forms[0]
    place = landing(form, entry(library, "服务对象满意度", "服务对象满意度指标"), wb.year)
    level2 = edits.node_at(form, place.parent)
    assert level2.cells["actual_value"].kind is Kind.NONE and level2.cells["weight"] == 10
    assert place.clear_cells == ("actual_value", "score", "weight")
    assert place.node.cells["weight"] == Decimal(10)        # the branch keeps its 10 points
    assert "actual_value" not in place.node.cells
    undo = edits.apply(wb, place.edit(form.id))
    assert level2.cells == {} and level2.children[0].name == "服务对象满意度"
    edits.apply(wb, undo)
    assert level2.cells["weight"] == 10 and level2.children == []


def test_deadlines_take_the_workbooks_year(library):
    deadline = entry(library, "开展法律法规宣传教育完成时间")
    assert deadline.value == "{year}年12月前" and deadline.display_value() == "当年12月前"
    definition = default_registry()["shenzhen_project_self_eval"]
    node = indicator_node(deadline, definition, 2025)
    assert node.cells["target_value"].kind is Kind.DEADLINE
    assert node.cells["target_value"].date == dt.date(2025, 12, 31)
    assert "target_value" not in indicator_node(deadline, definition).cells


# ------------------------------------------------------------------ entries from a workbook

def test_entry_from_a_unit_wide_row_keeps_both_values():
    wb = load_sample("nantong-2024")
    form = wb.form("dept_target")
    node = form.indicators[1].children[0].children[6]
    assert node.name == "预算执行率"
    e = entry_from_node(node, "过程", "预算执行", form.definition, also=list(default_registry()))
    assert e.source == "user" and e.definitions == ("jiangsu_dept_target",)
    assert e.value == "=100%" and e.column_values == (("half_value", "=40%"),)
    again = landing(form, e, wb.year).node
    assert [again.cells[c].number for c in ("half_value", "annual_value")] == [40, 100]


def test_entry_from_a_project_row_drops_placeholders_and_normalises_notation():
    wb = load_sample("hebei-2022")
    form = wb.form("project_01")
    quality = form.indicators[0].children[0]
    insurance = quality.children[0]
    e = entry_from_node(insurance, "产出指标", quality.name, form.definition, also=list(default_registry()))
    assert e.name == "公车保险缴纳率" and e.value == "≥95%"
    assert e.description == "按时缴纳公务用车保险的比例"
    # every definition with 产出指标 › 质量指标 in its tree (the national ones of forms/, 东莞, 甘肃 and 湖南 too)
    assert e.definitions == ("hebei_project_target", "dongguan_dept_target", "dongguan_project_target", "gansu_project_target", "hunan_project_target", "national_dept_monitor", "national_dept_self_eval",
                             "national_dept_target", "national_project_monitor",
                             "national_project_self_eval", "national_project_target", "shenzhen_project_self_eval",
                             "sichuan_project_self_eval", "yunnan_project_self_eval")
    cost = form.indicators[0].children[3].children[0]
    assert cost.cells["target_value"].text == "是/否"
    assert entry_from_node(cost, "产出指标", "成本指标", form.definition).value == ""
    with pytest.raises(LibraryError):
        entry_from_node(type(cost)("  "), "产出指标", "成本指标", form.definition)


def test_a_deadline_of_the_workbooks_year_is_kept_relative_to_the_year():
    wb = load_sample("shenzhen-guangming-2024")
    form = wb.forms[0]
    timely = next(n for n in form.indicators[0].children if n.name == "时效指标")
    deadline = next(n for n in timely.children if n.name == "信息安全保障完成时限")
    e = entry_from_node(deadline, "产出指标", "时效指标", form.definition, year=wb.year)
    assert e.value == "{year}年12月前"
    assert entry_from_node(deadline, "产出指标", "时效指标", form.definition).value == "2024年12月前"
    assert indicator_node(e, form.definition, 2025).cells["target_value"].date == dt.date(2025, 12, 31)
