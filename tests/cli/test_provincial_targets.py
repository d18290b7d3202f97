"""Two published target tables no national layout fits, each read by its own built-in definition
(forms/chongqing_project_target.toml, forms/hunan_project_target.toml), through the whole chain
a user takes: `perfdesk import` chooses the definition and places every non-empty cell, the
figures are the published ones, `check` reports nothing the definition itself causes, the PDF
prints the published rows in the published order, and export → import gives the same dump.

The tables: tests/data/foreign/real_chongqing_yunwu_2023.xlsx (重庆 奉节县 项目支出绩效目标审批表)
and real_hunan_xiangtan_2023.xlsx (湖南 湘潭 项目支出绩效目标申报表), transcribed in
tests/data/provincial/SOURCES.md (F, H); real_gansu_jiayuguan_2023.xlsx (甘肃 省级部门预算项目支出绩效
目标表, forms/gansu_project_target.toml) and real_guangdong_dongguan_2022.xlsx (东莞 财政项目支出绩效目标表,
forms/dongguan_project_target.toml), SOURCES.md L and J; real_guangdong_dongguanexpo_2022.xlsx (东莞
部门(单位)整体支出绩效目标批复表, forms/dongguan_dept_target.toml: 年度主要任务 with 金额合计), SOURCES.md K.
"""
from __future__ import annotations

import json
from decimal import Decimal
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.test_user_forms_end_to_end import User
from tests.pdf.pdftools import needs_poppler, pdf_pages_text, squash

ROOT = Path(__file__).resolve().parents[2]
FOREIGN = ROOT / "tests" / "data" / "foreign"


@dataclass(frozen=True)
class Case:
    name: str
    stem: str
    definition: str
    funds: dict                     # row id -> amount as printed (万元), or column id -> amount
    fields: dict                    # field id -> text as printed
    printed: tuple[str, ...]        # texts the PDF shows, in this order (the published rows)
    allowed: tuple[str, ...] = ()   # regexes on "code message": findings of the published data


CASES = [
    Case("chongqing", "real_chongqing_yunwu_2023", "chongqing_project_target",
         funds={"total": "65", "fiscal": "65", "other": "0"},
         fields={"project_class": "资产资源类--房屋类", "build_period": "2023年4月-2024年2月",
                 "competent_dept": "县民宗委", "implementer": "云雾土家族乡", "fund_class": "一般公共预算",
                 "subject_code": "21305", "execution_rate": "100%", "execution_points": "10分"},
         printed=("支出绩效目标审批表", "预算单位:奉节县云雾土家族乡人民政府", "金额单位:万元", "项目名称", "项目分类",
                  "建设周期", "业务主管部门", "实施单位", "项目负责人", "联系电话", "项目审批", "项目总体概况",
                  "年度主要目标和成果", "项目总预算", "65.00", "当年年度预算", "其中:财政资金", "其中:其它资金",
                  "财政资金预算分类", "财政资金科目代码", "年度预算执行率", "100%", "分值", "10分",
                  "一级指标", "二级指标", "三级指标", "指标值", "分值", "指标解释",
                  "成本指标(0-20)分", "经济成本指标", "项目建设成本", "≤65万元", "社会成本指标",
                  "生态环境成本指标", "产出指标(40-50)分")),
    Case("xiangtan", "real_hunan_xiangtan_2023", "hunan_project_target",
         funds={"total": "250", "superior": "0"},
         fields={"project_name": "雾炮车降尘抑尘服务", "unit_name": "湘潭市环境卫生管理处",
                 "period": "2023.07-2024.01"},
         printed=("2023年项目支出绩效目标申报表", "填报单位:(盖章)", "单位:万元", "项目支出名称", "雾炮车降尘抑尘服务",
                  "预算部门", "年度本级预算金额", "250.00", "该项目支出上级资金", "项目支出实施期",
                  "实施期绩效目标", "本年度绩效目标", "一级指标", "二级指标", "三级指标", "指标值及单位",
                  "绩效标准", "产出指标", "数量指标", "10辆", "计划标准", "成本指标", "250万", "效益指标",
                  "可持续影响指标", "社会公众或服务对象满意度指标", "市民满意度", "≥90%", "财政部门审核意见",
                  "填表人", "联系电话", "填报日期", "单位负责人签字"),
         # the published values themselves: a 时效 target written as a period, a cost as 250万
         allowed=(r"^value\.unparsed .*2023\.07-2024\.01",)),
    Case("jiayuguan", "real_gansu_jiayuguan_2023", "gansu_project_target",
         funds={"investment": "20", "central": "0", "provincial": "0", "other": "20", "total": "20"},
         fields={"level1_project": "文化事业发展专项资金", "project_name": "博物馆纪念馆市级免费开放补助资金",
                 "project_type": "新增项目", "start_date": "2023-01-01", "end_date": "2023-12-31",
                 "fund_nature": "一般公共预算", "organizer": "甘肃省文物局", "policy_basis": "甘财科[2022]78号"},
         # no unit line: each amount carries its unit, as the published 20万元 does
         printed=("省级部门预算项目支出绩效目标表", "(2023年度)", "一级项目名称", "文化事业发展专项资金", "二级项目名称",
                  "项目类型", "项目分类", "资金用途", "项目主管部门", "项目开始日期", "项目完成日期",
                  "项目总投资", "20.00万元", "中央补助安排", "0.00万元", "省级财政安排", "0.00万元", "其他资金",
                  "20.00万元", "预算申报数", "20.00万元", "资金性质", "一般公共预算", "基本情况", "项目立项必要性",
                  "保证项目实施的制度措施", "项目实施计划", "组织实施单位", "监督管理单位", "项目实施单位", "政策依据",
                  "其他依据", "需要说明的其他问题", "年度绩效目标", "一级指标", "二级指标", "三级指标", "指标目标值",
                  "产出指标", "数量指标", "免费开放天数", "=300天", "成本指标", "经济成本指标", "社会成本指标",
                  "生态环境成本指标", "效益指标", "经济效益指标", "满意度指标", "服务对象满意度", "=99百分比")),
    Case("dongguan", "real_guangdong_dongguan_2022", "dongguan_project_target",
         funds={"total": "282.92"},
         fields={"project_name": "物业管理费支出"},
         printed=("东莞市财政项目支出绩效目标表", "( 2022 年度)", "预算单位:东莞展览馆", "项目名称", "物业管理费支出",
                  "本年度申请市财政预算资金(万元)", "282.92", "实施周期总目标", "年度目标", "总体目标", "绩效指标",
                  "一级指标", "二级指标", "三级指标", "实施周期指标值", "当年度指标值", "产出指标", "数量指标",
                  "物管服务面积", "质量指标", "物业管理保障工作合格率", "100%", "物业管理各项任务完成达标率"),
         # the published value itself: two areas in one cell
         allowed=(r"^value\.unparsed .*建筑面积2\.6万平方米,展示面积1万平方米",)),
    Case("dongguanexpo", "real_guangdong_dongguanexpo_2022", "dongguan_dept_target",
         funds={"sum": {"subtotal": "0", "fiscal": "2377.15", "other": "0"}},
         fields={"approver": "东莞市财政局", "dept_name": "东莞展览馆2022年部门整体绩效目标"},
         printed=("部门(单位)整体支出绩效目标批复表", "( 2022 年度)", "预算单位:东莞展览馆", "批复单位", "东莞市财政局",
                  "部门(单位)名称", "东莞展览馆2022年部门整体绩效目标", "年度主要任务", "任务名称", "主要内容",
                  "年度预算金额(万元)", "小计", "市财政拨款", "其他资金", "场馆日常运转人员经费", "我馆在编人数30人",
                  "1166.1", "场馆日常运转公用经费", "83.4", "场馆日常维护", "549.34", "场馆专项职能事务管理", "271.77",
                  "场馆基本陈列调整更新经费", "306.54", "金额合计", "*", "0.00", "2377.15", "0.00", "中期滚动目标",
                  "年度目标", "总体目标", "目标1:以建成在国内外具有影响力的城市博物馆为目标", "绩效指标", "一级指标"),
         # the published table itself: 金额合计's 小计 is 0 though its tasks add up to 2377.15, and the
         # copy is cut inside the 年度目标 text
         allowed=(r"^funds\.total .*小计填报为 0，年度主要任务 5 项任务相加为 2377\.15",
                  r"^required\.section .*年度目标")),
]


@pytest.fixture(scope="module", params=CASES, ids=[c.name for c in CASES])
def imported(request, tmp_path_factory):
    case: Case = request.param
    base = tmp_path_factory.mktemp(case.name)
    user = User(base)
    workbook = base / "imported.perfdesk"
    done = user.run("import", FOREIGN / f"{case.stem}.xlsx", "-o", workbook, "--strict")
    return case, user, workbook, done.stdout + done.stderr


def form_of(dump: dict) -> dict:
    (form,) = dump["forms"]
    return form


def test_the_definition_is_chosen_and_every_cell_placed(imported):
    case, user, workbook, said = imported
    assert f"（{case.definition}）" in said, said
    placed = re.search(r"读入 (\d+)/(\d+) 个单元格", said)
    assert placed and placed.group(1) == placed.group(2), said
    assert "未导入" not in said, said
    assert form_of(user.dump(workbook))["definition"] == case.definition


def test_the_published_figures_and_texts(imported):
    case, user, workbook, _ = imported
    form = form_of(user.dump(workbook))
    (table,) = form["funds"].values()

    def amount(row: dict, want):
        return row if isinstance(want, dict) else row["amount"]

    got = {**{k: amount(v, case.funds.get(k)) for k, v in table["rows"].items()},
           **{k: amount(v, case.funds[k]) for k, v in table["stated"].items() if k in case.funds}}
    assert {k: got.get(k) for k in case.funds} == case.funds
    assert {k: form["fields"].get(k) for k in case.fields} == case.fields
    assert form["source"]["money_unit"] == "万元"


def test_check_reports_nothing_the_definition_causes(imported):
    case, user, workbook, _ = imported
    findings = json.loads(user.run("check", workbook, "--json", ok=(0, 1, 2)).stdout)
    errors = [f"{f['code']} {f['message']}" for f in findings if f["severity"] == "错误"]
    assert [e for e in errors if not any(re.search(p, e) for p in case.allowed)] == []
    # a level 2 printed across the level-1 cell is named, not "二级指标名称未填写"; every field and
    # section of the definition has its label on the sheet
    assert [f for f in findings if f["code"] in ("structure.empty_name", "import.absent")] == []


@needs_poppler
def test_the_pdf_prints_the_published_rows_in_order(imported, tmp_path):
    case, user, workbook, _ = imported
    pdf = tmp_path / "out.pdf"
    user.run("print", workbook, "-o", pdf, ok=(0, 1))
    text = squash("\n".join(pdf_pages_text(pdf)))
    at = 0
    for piece in case.printed:
        found = text.find(squash(piece), at)
        assert found >= 0, (piece, text[at:at + 200])
        at = found + len(squash(piece))
    if case.name == "xiangtan":      # printed once, across the level-1 and level-2 columns
        assert text.count("社会公众或服务对象满意度指标") == 1


def test_export_and_import_back_give_the_same_dump(imported, tmp_path):
    case, user, workbook, _ = imported
    xlsx = tmp_path / "out.xlsx"
    user.run("export", workbook, "-o", xlsx)
    back = tmp_path / "back.perfdesk"
    user.run("import", xlsx, "-o", back, "--strict")
    assert user.dump(back) == user.dump(workbook)
    if case.name == "xiangtan":      # printed once across the level-1 and level-2 columns, as in the PDF
        import openpyxl

        ws = openpyxl.load_workbook(xlsx).worksheets[0]
        (cell,) = [c for row in ws.iter_rows() for c in row if c.value == "社会公众或服务对象满意度指标"]
        (merge,) = [m for m in ws.merged_cells.ranges if cell.coordinate in m]
        assert (merge.min_col, merge.max_col) == (cell.column, cell.column + 1)


def test_level1_names_match_with_or_without_their_points(tmp_path):
    """重庆 names its branches with point ranges (成本指标(0-20)分); a sheet that prints the bare
    name (成本指标) or another range decoration is read into the same branch, without a warning."""
    import openpyxl

    from perfdesk.xlsx import import_xlsx

    wb = openpyxl.load_workbook(FOREIGN / "real_chongqing_yunwu_2023.xlsx")
    ws = wb.worksheets[0]
    ws["B16"], ws["B19"] = "成本指标", "产出指标（40-50分）"
    path = tmp_path / "bare.xlsx"
    wb.save(path)
    result = import_xlsx(path)
    (form,) = result.workbook.forms
    assert form.definition.id == "chongqing_project_target"
    assert [n.name for n in form.indicators] == ["成本指标(0-20)分", "产出指标(40-50)分"]
    assert not [p for p in result.problems if "一级指标" in p.message]
    assert not result.not_placed


def test_dongguan_tasks_are_the_published_rows(tmp_path):
    """东莞 年度主要任务: each task's name, content and amount (in its 小计 column, as printed; the
    other two left blank), and the workbook's unit from 预算单位:, not from 部门(单位)名称."""
    from perfdesk.xlsx import import_xlsx

    result = import_xlsx(FOREIGN / "real_guangdong_dongguanexpo_2022.xlsx")
    (form,) = result.workbook.forms
    assert not result.not_placed
    assert result.workbook.unit == "东莞展览馆"
    tasks = form.lists["main_tasks"]
    assert [(t["name"], str(t["subtotal"]), t.get("fiscal"), t.get("other")) for t in tasks] == [
        ("场馆日常运转人员经费", "1166.1", None, None), ("场馆日常运转公用经费", "83.4", None, None),
        ("场馆日常维护", "549.34", None, None), ("场馆专项职能事务管理", "271.77", None, None),
        ("场馆基本陈列调整更新经费", "306.54", None, None)]
    assert tasks[-1]["content"] == "展览馆二楼调整更新整层的展面2505平方米"


def test_dongguan_tasks_in_yuan_are_converted_with_their_total(tmp_path):
    """The same table typed in 元 (年度预算金额(元)): the tasks and 金额合计 both come in 万元,
    exactly, and check finds only what the published table itself gets wrong (小计 0)."""
    import openpyxl

    from perfdesk.domain.checks.engine import check_form
    from perfdesk.xlsx import import_xlsx

    wb = openpyxl.load_workbook(FOREIGN / "real_guangdong_dongguanexpo_2022.xlsx")
    ws = wb.worksheets[0]
    ws["G5"] = "年度预算金额(元)"
    for r in range(7, 12):
        ws.cell(r, 7).value = round(ws.cell(r, 7).value * 10000)
    ws["H12"] = 23771500
    path = tmp_path / "yuan.xlsx"
    wb.save(path)
    result = import_xlsx(path)
    (form,) = result.workbook.forms
    assert not result.not_placed
    assert [str(t["subtotal"]) for t in form.lists["main_tasks"]] == ["1166.1", "83.4", "549.34", "271.77", "306.54"]
    assert form.funds_table("amount").values["sum"]["fiscal"] == Decimal("2377.15")
    assert form.source.money_unit == "元"
    totals = [f.message for f in check_form(form) if f.code == "funds.total"]
    assert totals == ["“金额合计”的小计填报为 0，年度主要任务 5 项任务相加为 2377.15（相差 2377.15）"]
