"""Import of sheets we did not write, laid out like the official tables, with the quirks real
files have: extra and reordered columns, blank spacer rows, merged or blank level cells,
full-width symbols, separate 指标性质 / 度量单位 columns, numbers stored as text, date cells,
Chinese date formats and date serials, 1904-based workbooks."""
import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from openpyxl.utils.datetime import CALENDAR_MAC_1904

from perfdesk.definitions.loader import Registry, default_registry

from perfdesk.domain.values import Kind, Op
from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook
from perfdesk.xlsx import export_xlsx, import_xlsx

from .sheets import build, use_builtin_format


def names(nodes):
    return [n.name for n in nodes]


def shenzhen_rows(overrides=None):
    """The Shenzhen 项目支出绩效自评表 as units fill it (seed 004), with an extra 序号 column."""
    rows = [
        ["项目支出绩效自评表"],
        ["项目编码:", "440300221231502000032", None, "项目名称:", "市场监督管理综合事务", None, "绩效自评年 度:", 2024],
        ["实施单位:", "深圳市市场监督管理局光明监管局", None, "一级预算单位:", "深圳市市场监督管理局（本级）", None,
         "单位编码:", "123012"],
        ["预算执行情况"],
        [None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["项目资金(元)", "年度资金总额", 14143700, 14315925, "14,268,915.71", 10, 0.9967, 9.97],
        [None, "其中：当年财政拨款", "14143700.00", 14315925, 14268915.71, "_", "_", "_"],
        [None, "上年结转资金", 0, 0, 0],
        [None, "其他资金", 0, 0, 0],
        [],
        ["序号", "一级指标", "二级指标", "三级指标", "年度指标值", "度量单位", "* 实际完成值", "* 权重", "* 得分",
         "偏差原因分析及改进措施"],
        [1, "产出指标 (50分)", "数量指标", "后勤经费保障伙食人\n员数量", "≥273", "人", "321", "2", 2, None],
        [2, None, None, "咨询举报投诉工单处理数量", "≥２００００", "件", 39288, "２", "1.5", "偏差原因：工单数量增长。"],
        [],
        [3, None, "时效指标", "人员体检完成时间", "2024年11月30日前", None, dt.datetime(2024, 9, 29), 2, 2],
        [4, None, None, "开展法律法规宣传教育完成时间", "2024年12月前", None, 45503, 2, 2],
        [5, "效益指标（30分）", "经济效益指标", None, None, None, "无", 0, 0],
        [6, None, "社会效益指标", "重大信息安全事故发生数", "＝0", "次", "0次", 15, 15],
        [7, "满意度指标（10分）", "服务对象满意度指标", "服务对象满意度", "≥90%", None, 0.95, 10, 9.5],
        ["总分", None, None, None, None, None, None, 41, 40.5, "_"],
        ["备注: 作为导入模板,置灰信息无需录入且不可修改。"],
    ]
    for (r, c), value in (overrides or {}).items():
        while len(rows[r - 1]) < c:
            rows[r - 1].append(None)
        rows[r - 1][c - 1] = value
    return rows


SHENZHEN_MERGES = ("A1:J1", "B12:B16", "C12:C13", "C15:C16", "B17:B18", "A20:G20")
SHENZHEN_FORMATS = {"G6": "0.00%", "G19": "0%"}


@pytest.fixture
def shenzhen_file(tmp_path):
    return build(tmp_path / "深圳自评.xlsx", shenzhen_rows(), SHENZHEN_MERGES, "自评表", SHENZHEN_FORMATS)


def test_official_shenzhen_layout_with_its_quirks(shenzhen_file):
    result = import_xlsx(shenzhen_file)
    assert result.ok, [str(p) for p in result.problems]
    assert not result.own_export
    wb = result.workbook
    assert (wb.unit, wb.unit_code, wb.year) == ("深圳市市场监督管理局光明监管局", "123012", 2024)
    (form,) = wb.forms
    assert form.definition.id == "shenzhen_project_self_eval"
    assert form.title == "项目支出绩效自评表"
    assert form.fields["project_code"] == "440300221231502000032"
    assert form.fields["eval_year"] == "2024"          # the label was split over two lines
    # funds: numbers as numbers or text with separators; the scored row's printed figures
    execution = form.funds["execution"]
    assert execution.values["current_fiscal"] == {"initial": Decimal("14143700.00"), "adjusted": Decimal(14315925),
                                                  "spent": Decimal("14268915.71")}
    assert execution.stated["total"]["spent"] == Decimal("14268915.71")
    assert execution.stated["total"]["rate"] == Decimal("99.67")
    assert execution.stated["total"]["score"] == Decimal("9.97")
    # merged level-1 / level-2 cells, the points in the level-1 name, a blank spacer row
    assert names(form.indicators) == ["产出指标", "效益指标", "满意度指标"]
    output = form.indicators[0]
    assert names(output.children) == ["数量指标", "时效指标"]
    quantity = output.children[0]
    assert names(quantity.children) == ["后勤经费保障伙食人员数量", "咨询举报投诉工单处理数量"]
    first, second = quantity.children
    assert first.cells["target_value"].text == "≥273" and first.cells["unit"] == "人"
    assert first.cells["weight"] == Decimal(2)                 # "2" stored as text
    big = second.cells["target_value"]                         # full-width digits
    assert (big.kind, big.op, big.number) == (Kind.QUANTITATIVE, Op.GE, Decimal(20000))
    assert second.cells["weight"] == Decimal(2) and second.cells["score"] == Decimal("1.5")
    assert second.cells["actual_value"].number == Decimal(39288)   # a number cell in a value column
    assert second.cells["reason"] == "偏差原因：工单数量增长。"
    timely = output.children[1]
    checkup, publicity = timely.children
    assert checkup.cells["actual_value"].text == "2024年9月29日"   # a date cell
    assert checkup.cells["actual_value"].kind is Kind.DATE
    assert publicity.cells["actual_value"].text == "2024年7月30日"  # the serial 45503, target a date
    assert any("45503" in p.message and p.row == 16 and p.column == 7 for p in result.warnings)
    # a level-2 row without level-3 carries its own cells
    economic = form.indicators[1].children[0]
    assert economic.children == [] and economic.cells["actual_value"].kind is Kind.NONE
    assert economic.cells["weight"] == Decimal(0)
    accidents = form.indicators[1].children[1].children[0]
    assert accidents.cells["target_value"].op is Op.EQ            # ＝0, full width
    satisfaction = form.indicators[2].children[0].children[0]
    assert satisfaction.cells["actual_value"].text == "95%"       # a percent-formatted number
    # the 总分 row is the stated total, and the 备注 line ends the table
    assert form.stated_totals == {"weight": Decimal(41), "score": Decimal("40.5")}


def test_separate_operator_and_unit_columns_under_a_two_row_header(tmp_path):
    rows = [
        ["车辆保险费绩效目标表"],
        ["414001市场监管部门市场监督管理局本级", None, None, None, None, None, None, "单位：万元"],
        ["项目编码", "13030322P00LDLE10006G", None, "项目名称", "车辆保险费"],
        ["预算规模及资金用途", "预算数", "6.80", "其中：财政资金", 6.8, "其他资金", None],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", None, None, "指标值确定依据"],
        [None, None, None, None, "指标性质", "指标值", "度量单位", None],
        ["产出指标", "数量指标", "管理车辆数", "单位管理车辆数目", "﹦", "17", "辆", "年度工作计划"],
        [None, "质量指标", "公车保险缴纳率", "按时缴纳", "≥", 95, "%", "年度工作计划"],
        [None, "成本指标", "项目控制预算数", "不超过预算", "＜＝", "6.8", "万元", None],
        ["效益指标", "社会效益指标", "提高工作效率", "保障公务出行", "定性", "是/否", None, None],
        ["满意度指标", "服务对象满意度指标", "使用对象满意率", "调查", "＞", "95", "%", None],
    ]
    merges = ("A1:H1", "A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:G5", "H5:H6", "A7:A9")
    result = import_xlsx(build(tmp_path / "hebei.xlsx", rows, merges))
    assert result.ok, [str(p) for p in result.problems]
    (form,) = result.workbook.forms
    assert form.definition.id == "hebei_project_target"
    assert (result.workbook.unit_code, result.workbook.unit) == ("414001", "市场监管部门市场监督管理局本级")
    assert form.fields == {"project_code": "13030322P00LDLE10006G", "project_name": "车辆保险费"}
    # the budget printed in one row: label, amount, label, amount …
    assert form.funds["budget"].values == {"fiscal": {"amount": Decimal("6.8")}}
    assert form.funds["budget"].stated == {"total": {"amount": Decimal("6.80")}}
    values = [leaf.cells["target_value"] for l1 in form.indicators for l2 in l1.children for leaf in l2.children]
    # the operator as the sheet typed it (﹦, ＜＝), read as ≤ etc.
    assert [v.text for v in values] == ["﹦17辆", "≥95%", "＜＝6.8万元", "是/否", "＞95%"]
    assert values[2].op is Op.LE and values[4].op is Op.GT
    assert [v.kind for v in values] == [Kind.QUANTITATIVE] * 3 + [Kind.PLACEHOLDER, Kind.QUANTITATIVE]
    assert values[2].unit == "万元" and values[0].op is Op.EQ
    assert form.indicators[0].children[0].children[0].cells["description"] == "单位管理车辆数目"
    # no year anywhere on the sheet: said so, not silently guessed
    assert any("未能从表格中识别年度" in p.message for p in result.warnings)


def test_blank_or_repeated_level_cells_inherit_and_columns_may_be_reordered(tmp_path):
    rows = [
        ["2024年度部门整体预算绩效目标表"],
        ["单位名称", "某某中心"],
        [],
        ["一级指标", "二级指标", "三级指标", "全年指标值", "备注", "半年指标值"],
        ["决策", "计划制定", "中长期规划制定健全性", "健全", None, "健全"],
        [None, None, "工作计划制定健全性", "健全", None, "健全"],
        ["决策", "目标设定", "绩效指标明确性", "明确", "x", "明确"],
        [],
        [],
        ["过程", "预算执行", "“三公经费”变动率", "≤0%", None, "≤0%"],
        ["过程", "预算执行", "预算执行率", "＝100％", None, "＝40％"],
        ["效益指标", "生态效益"],
    ]
    result = import_xlsx(build(tmp_path / "jiangsu.xlsx", rows))
    assert result.ok, [str(p) for p in result.problems]
    (form,) = result.workbook.forms
    assert form.definition.id == "jiangsu_dept_target"
    assert result.workbook.year == 2024 and form.fields["unit_name"] == "某某中心"
    assert names(form.indicators) == ["决策", "过程", "效益指标"]
    decision, process, benefit = form.indicators
    assert names(decision.children) == ["计划制定", "目标设定"]
    assert names(decision.children[0].children) == ["中长期规划制定健全性", "工作计划制定健全性"]
    assert len(process.children) == 1 and len(process.children[0].children) == 2
    rate = process.children[0].children[1]
    assert rate.cells["annual_value"].text == "＝100％" and rate.cells["half_value"].number == Decimal(40)
    assert benefit.children[0].name == "生态效益" and benefit.children[0].children == []


def test_jiangsu_duty_block_with_its_own_columns_and_repeated_function_names(tmp_path):
    rows = [
        ["苏州市市级部门整体预算绩效目标表"],
        ["一级指标", "二级指标", "三级指标", None, None, "半年指标值", "全年指标值"],
        ["决策", "计划制定", "中长期规划制定健全性", None, None, "健全", "健全"],
        ["一级指标", "二级指标", "重点工作", "对应项目", "三级指标", "半年指标值", "全年指标值"],
        ["履职", "商务执法辅助", "受理商务投诉举报", None, "投诉处理及时率", "=100%", "=100%"],
        [None, None, None, None, "投诉办结率", "≥90%", "≥95%"],
        [None, "商务执法辅助", "开展执法业务学习培训", "执法工作经费", "培训次数", "≥1次", "≥2次"],
        ["一级指标", "二级指标", "三级指标", None, None, "半年指标值", "全年指标值"],
        ["满意度指标", "服务对象满意度", "服务对象满意度", None, None, "≥90%", "≥90%"],
    ]
    merges = ("C2:E2", "C3:E3", "A5:A7", "B5:B6", "C5:C6", "D5:D6", "C8:E8", "C9:E9")
    result = import_xlsx(build(tmp_path / "duty.xlsx", rows, merges))
    assert result.ok, [str(p) for p in result.problems]
    form = result.workbook.forms[0]
    assert names(form.indicators) == ["决策", "履职", "满意度指标"]
    duty = form.indicators[1]
    assert names(duty.children) == ["商务执法辅助", "商务执法辅助"]       # two functions, same name
    first, second = duty.children
    assert first.cells == {"key_work": "受理商务投诉举报"} and len(first.children) == 2
    assert second.cells == {"key_work": "开展执法业务学习培训", "project": "执法工作经费"}
    assert form.indicators[2].children[0].children[0].cells["annual_value"].text == "≥90%"


def test_chinese_date_format_31_and_a_1904_workbook(tmp_path):
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "权重", "得分"]
    marker = 'yyyy"年"m"月"d"日";@'
    for epoch, serial in ((None, 45503), (CALENDAR_MAC_1904, 44041)):
        rows = [["项目支出绩效自评表"], header,
                ["产出指标", "时效指标", "宣传完成时间", "2024年12月前", serial, 2, 2],
                [None, None, "体检完成时间", "2024年11月30日前", dt.datetime(2024, 9, 29), 2, 2]]
        path = build(tmp_path / f"dates-{serial}.xlsx", rows, (), formats={"E3": marker}, epoch=epoch)
        use_builtin_format(path, marker, 31)   # as Chinese Excel/WPS write it
        raw = openpyxl.load_workbook(path).active["E3"]
        assert raw.value == serial and raw.number_format == "General"   # openpyxl alone sees a number
        result = import_xlsx(path)
        assert result.ok, [str(p) for p in result.problems]
        leaves = result.workbook.forms[0].indicators[0].children[0].children
        assert [leaf.cells["actual_value"].text for leaf in leaves] == ["2024年7月30日", "2024年9月29日"]
        assert not result.warnings or all("序列号" not in p.message for p in result.warnings)


def test_which_form_a_sheet_is_comes_from_its_header(tmp_path):
    cases = {
        "jiangsu_dept_self_eval": ["类别", "职能", "绩效指标", "年初指标值", "实际完成值", "权重", "得分", "说明"],
        # Shenzhen's own header (权重, a 度量单位 column): the 分值 header is the national layout's
        "shenzhen_project_self_eval": ["一级指标", "二级指标", "三级指标", "年度指标值", "度量单位", "实际完成值",
                                       "权重", "得分", "偏差原因分析及改进措施"],
        "hebei_project_target": ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
        "jiangsu_dept_target": ["一级指标", "二级指标", "三级指标", "半年指标值", "全年指标值"],
    }
    for expected, header in cases.items():
        rows = [["2023年绩效表"], header, ["产出指标", "数量指标", "某指标", "≥1次", "1次", 5, 5, ""]]
        result = import_xlsx(build(tmp_path / f"{expected}.xlsx", rows))
        assert result.ok, (expected, [str(p) for p in result.problems])
        assert result.workbook.forms[0].definition.id == expected
    plan = [["部门整体绩效目标"], ["一、总体绩效目标", "做好监管"], ["二、分项绩效目标"],
            ["名称", "绩效目标", "绩效指标", "指标值"], ["市场综合监督管理", "维护秩序", "监管执法计划完成率", "≥90%"],
            ["质量监管", "提升质量", "抽检完成率", "100%"], ["三、工作保障措施", "加强领导"]]
    result = import_xlsx(build(tmp_path / "plan.xlsx", plan))
    assert result.ok, [str(p) for p in result.problems]
    form = result.workbook.forms[0]
    assert form.definition.id == "hebei_dept_plan"
    assert [item["name"] for item in form.lists["sub_goals"]] == ["市场综合监督管理", "质量监管"]
    assert form.lists["sub_goals"][0]["indicator_value"].op is Op.GE
    assert form.sections == {"overall_goal": "做好监管", "safeguards": "加强领导"}


def test_our_export_without_its_hidden_parts_reads_as_an_official_table(tmp_path):
    """The official-layout reader on our own layout: every indicator, field and list comes back."""
    for name in ("nantong-2024", "rugao-2023", "hebei-2022", "shenzhen-guangming-2024"):
        path = tmp_path / f"{name}.xlsx"
        export_xlsx(load_sample(name), path)
        wb = openpyxl.load_workbook(path)
        del wb["perfdesk"]
        for ws in wb.worksheets:
            ws.delete_cols(ws.max_column)      # the hidden key column
            # openpyxl keeps the totals' formulas but not their results, and a formula without a
            # result is refused (test_hostile_xlsx.py); the reader computes totals itself
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.value = None
        wb.save(path)
        result = import_xlsx(path)
        assert result.ok and not result.own_export, [str(p) for p in result.problems]
        original = load_sample(name)
        for a, b in zip(original.forms, result.workbook.forms):
            assert a.definition.id == b.definition.id and a.title == b.title
            assert a.fields == b.fields and a.lists == b.lists, name
            assert a.indicators == b.indicators, (name, a.id)
            assert a.sections == b.sections, (name, a.id)
            for table_id, table in a.funds.items():
                assert table.values == b.funds[table_id].values and table.lines == b.funds[table_id].lines


def test_import_into_a_workbook_matches_forms_and_never_touches_it(shenzhen_file, tmp_path):
    into = load_sample("shenzhen-guangming-2024")
    before = dump_workbook(into)
    result = import_xlsx(shenzhen_file, into=into)
    assert result.ok
    assert dump_workbook(into) == before                   # the caller applies, or not
    assert [f.id for f in result.workbook.forms] == ["project_self_eval"]   # matched by 项目编码
    (change,) = result.changes
    assert change.kind == "changed" and change.form_id == "project_self_eval"
    assert any(d.startswith("指标：") for d in change.details)
    other = build(tmp_path / "other.xlsx", shenzhen_rows({(2, 2): "440300000000000000099"}),
                  SHENZHEN_MERGES, "自评表", SHENZHEN_FORMATS)
    result = import_xlsx(other, into=into)
    assert [f.id for f in result.workbook.forms] == ["project_self_eval", "project_self_eval_2"]
    assert [c.kind for c in result.changes] == ["added"]
    assert dump_workbook(into) == before


def test_reordered_and_extra_columns_other_names_and_an_operator_column(tmp_path):
    """A self-evaluation sheet with the columns in another order, columns we do not know (序号,
    牵头科室), other provinces' names (分值, 指标值, 偏差原因), a 指标性质 column beside a
    度量单位 column, half-width operators, numbers typed as text with 分, blank level cells
    that are not merged, and a date serial in a cell with no date format."""
    header = ["序号", "一级指标", "二级指标", "三级指标", "牵头科室", "得分", "分值", "实际完成值", "指标性质",
              "指标值", "度量单位", "偏差原因"]
    rows = [
        ["2024年度项目支出绩效自评表"],
        [],
        header,
        [1, "产出指标", "数量指标", "培训人次", "办公室", "2分", "２", "１２０", ">=", "100", "人次", None],
        [2, None, None, "检查户数", "执法科", "1.5", "3", 90, "≥", "１２０", "户", "部分企业停业"],
        [],
        [3, None, "时效指标", "宣传完成时间", None, 2, 2, 45503, None, "2024年12月前", None, None],
        [4, "效益指标", "社会效益指标", "群众知晓度", None, "9", "10", "部分达成年度指标并具有一定效果", "定性", "有效",
         None, "宣传覆盖面不足"],
        ["合计", None, None, None, None, "14.5", "17"],
    ]
    # this is about reading columns: with the national layouts installed, 分值/指标值 headers match
    # them better, so the choice is narrowed to the form with a 度量单位 column
    shenzhen = default_registry()["shenzhen_project_self_eval"]
    result = import_xlsx(build(tmp_path / "reordered.xlsx", rows), registry=Registry({shenzhen.id: shenzhen}))
    assert result.ok, [str(p) for p in result.problems]
    (form,) = result.workbook.forms
    assert form.definition.id == "shenzhen_project_self_eval"
    assert result.workbook.year == 2024
    assert names(form.indicators) == ["产出指标", "效益指标"]
    output, benefit = form.indicators
    assert names(output.children) == ["数量指标", "时效指标"]
    trained, inspected = output.children[0].children
    target = trained.cells["target_value"]
    # the operator kept as the sheet typed it (>=), read as ≥
    assert (target.text, target.op, target.number) == (">=100", Op.GE, Decimal(100))
    assert trained.cells["unit"] == "人次"
    assert trained.cells["weight"] == Decimal(2) and trained.cells["score"] == Decimal(2)
    assert trained.cells["actual_value"].number == Decimal(120)
    assert "reason" not in trained.cells
    assert inspected.cells["target_value"].number == Decimal(120)          # ≥ given twice, once
    assert inspected.cells["target_value"].text == "≥１２０"
    assert (inspected.cells["weight"], inspected.cells["score"]) == (Decimal(3), Decimal("1.5"))
    assert inspected.cells["actual_value"].number == Decimal(90)
    assert inspected.cells["reason"] == "部分企业停业"
    (publicity,) = output.children[1].children
    assert publicity.cells["actual_value"].text == "2024年7月30日"
    assert any("45503" in p.message and (p.row, p.column) == (7, 8) for p in result.warnings)
    (known,) = benefit.children[0].children
    assert known.cells["target_value"].kind is Kind.QUALITATIVE and known.cells["target_value"].text == "有效"
    assert known.cells["reason"] == "宣传覆盖面不足"
    assert form.stated_totals == {"weight": Decimal(17), "score": Decimal("14.5")}
    # nothing from the unknown columns found its way in
    for leaf in (trained, inspected, publicity, known):
        assert set(leaf.cells) <= {"target_value", "unit", "actual_value", "weight", "score", "reason"}
        assert not {str(v) for v in leaf.cells.values()} & {"办公室", "执法科"}


def test_a_target_sheet_with_the_operator_and_unit_beside_the_value_and_merged_levels(tmp_path):
    """全年指标值 split into 指标性质 | 全年指标值 | 度量单位 (one header row), level cells merged
    vertically, a value cell merged across two rows."""
    rows = [
        ["2023年部门整体预算绩效目标表"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "全年指标值", "度量单位", "半年指标值"],
        ["过程", "预算执行", "预算执行率", "＝", 100, "%", "≥40%"],
        [None, None, "结转结余率", "≤", "０", "%", None],
        [None, "资产管理", "固定资产利用率", "﹦", "100", "％", "=100%"],
        ["满意度指标", "服务对象满意度", "服务对象满意度", "≥", "90", "%", "≥90%"],
    ]
    merges = ("A3:A5", "B3:B4")
    result = import_xlsx(build(tmp_path / "ops.xlsx", rows, merges))
    assert result.ok, [str(p) for p in result.problems]
    (form,) = result.workbook.forms
    assert form.definition.id == "jiangsu_dept_target"
    process, satisfaction = form.indicators
    assert names(process.children) == ["预算执行", "资产管理"]
    rate, carry = process.children[0].children
    # ＝ | 100 | % as typed, one value read as =100%
    assert rate.cells["annual_value"].text == "＝100%" and rate.cells["annual_value"].op is Op.EQ
    assert rate.cells["half_value"].op is Op.GE
    assert (carry.cells["annual_value"].op, carry.cells["annual_value"].number) == (Op.LE, Decimal(0))
    assert "half_value" not in carry.cells
    (assets,) = process.children[1].children
    assert assets.cells["annual_value"].op is Op.EQ and assets.cells["annual_value"].unit == "%"
    assert satisfaction.children[0].children[0].cells["annual_value"].text == "≥90%"
