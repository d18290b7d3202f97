"""Issue 16: what a foreign import says and keeps — the definition chosen and why, money units
converted exactly or flagged, totals kept as stated, fields the source never had, --definition,
--strict, and import → export → import giving the same workbook. (test_foreign_accounting.py walks
every source cell; this file checks the reasons and the round trip.)"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfdesk.cli.main import main
from perfdesk.codec import dump_workbook
from perfdesk.domain.checks.engine import check_workbook
from perfdesk.domain.checks.finding import Severity
from perfdesk.store.workbook_file import read_workbook
from perfdesk.xlsx import export_xlsx, import_xlsx

DATA = Path(__file__).resolve().parents[1] / "data" / "foreign"
FIXTURES = sorted(p.stem for p in DATA.glob("*.xlsx"))

# Sheets laid out as a built-in definition lays them out: every non-empty cell is placed.
COVERED = [s for s in FIXTURES if s.startswith("syn_") and s != "syn_funds_yitihua"] + [
    "real_anhui_tangxi_2022", "real_sichuan_qingshen_2023", "real_yunnan_gucheng_2020"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("stem", COVERED)
def test_nothing_is_left_unplaced_where_a_definition_covers_the_layout(stem):
    result = import_xlsx(DATA / f"{stem}.xlsx")
    assert result.ok
    assert result.not_placed == [], [str(x) for x in result.not_placed]
    (choice,) = result.choices
    assert choice.matched == choice.total > 0


def test_a_hybrid_sheet_picks_the_definition_that_places_most_and_lists_the_rest():
    # national layout with Sichuan's 一体化 funds rows: Sichuan's definition has those rows
    result = import_xlsx(DATA / "syn_funds_yitihua.xlsx")
    (choice,) = result.choices
    assert choice.definition_id == "sichuan_project_self_eval"
    assert choice.runner_up_id and choice.runner_up_matched < choice.matched
    assert choice.total - choice.matched == len(result.not_placed) == 4
    listed = {x.cell: x for x in result.not_placed}
    assert set(listed) == {"A10", "C10", "C11", "F11"}
    assert listed["C11"].text == "按期完成办公设备购置，保障日常办公。"
    assert "四川" in listed["C11"].why
    assert "匹配 部门预算项目支出绩效自评表（四川）（sichuan_project_self_eval）：读入" in str(choice)


def test_a_figure_the_definition_fixes_differently_is_listed_with_both_figures():
    result = import_xlsx(DATA / "real_hubei_ezhou_2021.xlsx")
    (item,) = result.not_placed
    assert (item.sheet, item.cell, item.text) == ("Sheet1", "G6", "100")
    assert "10 分" in item.why and "100" in item.why


def test_amounts_typed_with_wan_are_read_in_wan():
    # 150万 | 125.25万 in a 万元 table: the figures, not a refusal
    form = import_xlsx(DATA / "real_hubei_ezhou_2021.xlsx").workbook.forms[0]
    table = form.funds["funds"]
    assert table.values["current_fiscal"] == {"initial": Decimal(150), "adjusted": Decimal(150),
                                              "spent": Decimal("125.25")}


def test_yuan_read_and_converted_exactly_into_the_definitions_wan():
    result = import_xlsx(DATA / "syn_unit_line_yuan.xlsx")
    (conversion,) = result.conversions
    assert (conversion.source_unit, conversion.unit, conversion.count) == ("元", "万元", 6)
    assert str(conversion) == "工作表“Sheet1”：按元读入，换算为万元：72 900 元 → 7.29 万元（共 6 个金额）"
    form = result.workbook.forms[0]
    assert form.source.money_unit == "元"
    assert form.funds["funds"].stated["total"]["adjusted"] == Decimal("7.29")


def test_wan_converted_exactly_into_yuan_when_the_definition_counts_yuan():
    # the case: 项目资金(万元) 7.29 read into Shenzhen's 元 table is 72 900, never 7.29 元
    result = import_xlsx(DATA / "syn_unit_funds_header.xlsx", definition="shenzhen_project_self_eval")
    assert result.ok, [str(p) for p in result.problems]
    (conversion,) = result.conversions
    assert "按万元读入，换算为元：7.29 万元 → 72 900 元" in str(conversion)
    table = result.workbook.forms[0].funds["execution"]
    assert table.values["current_fiscal"]["initial"] == Decimal(72900)
    assert str(table.values["current_fiscal"]["initial"]) == "72900"


def test_anhui_figures_to_three_places_convert_without_rounding():
    result = import_xlsx(DATA / "real_anhui_tangxi_2022.xlsx", definition="shenzhen_project_self_eval")
    table = result.workbook.forms[0].funds["execution"]
    assert table.values["current_fiscal"]["adjusted"] == Decimal(899740)


def test_an_unstated_unit_is_flagged_and_the_amounts_kept_as_typed():
    result = import_xlsx(DATA / "syn_unit_unknown.xlsx")
    assert result.conversions == []
    assert any("未能确定" in p.message and "金额单位" in p.message for p in result.warnings)
    form = result.workbook.forms[0]
    assert form.source.money_unit == ""
    assert form.funds["funds"].stated["total"]["initial"] == Decimal("7.29")


def test_a_total_that_disagrees_with_its_parts_is_kept_and_reported_by_check():
    wb = import_xlsx(DATA / "syn_total_disagrees.xlsx").workbook
    table = wb.forms[0].funds["funds"]
    assert table.stated["total"]["initial"] == Decimal(100)
    assert table.values["current_fiscal"]["initial"] == Decimal(10)
    findings = [f for fs in check_workbook(wb).values() for f in fs]
    assert any(f.code.startswith("funds") and "100" in f.message for f in findings), \
        [(f.code, f.message) for f in findings]


def test_fields_the_source_never_had_are_not_blamed_on_the_officer():
    # the national layout has no 项目编码 or 绩效自评年度; read with Shenzhen's definition
    wb = import_xlsx(DATA / "syn_funds_dangnian_halfwidth.xlsx", definition="shenzhen_project_self_eval").workbook
    form = wb.forms[0]
    assert {"project_code", "eval_year"} <= set(form.source.absent)
    findings = [f for fs in check_workbook(wb).values() for f in fs]
    project_code = [f for f in findings if getattr(f.place, "field_id", None) == "project_code"]
    assert project_code and all(f.severity is Severity.INFO for f in project_code), project_code
    assert "没有这一栏" in project_code[0].message
    # the same blank typed in by hand is an omission
    form.source = None
    findings = [f for fs in check_workbook(wb).values() for f in fs]
    assert any(f.code == "required.field" and getattr(f.place, "field_id", None) == "project_code" for f in findings)


def test_a_named_definition_is_used_and_said(capsys):
    result = import_xlsx(DATA / "syn_code_names.xlsx", definition="yunnan_project_self_eval")
    (choice,) = result.choices
    assert choice.forced and choice.definition_id == "yunnan_project_self_eval"
    assert str(choice).startswith("工作表“Sheet1”：按指定的表样")
    assert result.workbook.forms[0].definition.id == "yunnan_project_self_eval"


def test_an_unknown_or_unfitting_named_definition_is_refused():
    result = import_xlsx(DATA / "syn_code_names.xlsx", definition="no_such_form")
    assert not result.ok and "没有表样定义“no_such_form”" in result.errors[0].message
    result = import_xlsx(DATA / "syn_code_names.xlsx", definition="hebei_dept_plan")
    assert not result.ok


def test_dry_run_prints_the_choice_the_conversion_and_the_unplaced_cells(capsys, tmp_path):
    out_file = tmp_path / "x.perfdesk"
    code, out, err = run(capsys, "import", DATA / "syn_unit_line_yuan.xlsx", "-o", out_file, "--dry-run")
    assert code == 0 and not out_file.exists()
    assert "匹配 项目支出绩效自评表（全国，财预〔2020〕10号）（national_project_self_eval）：读入 67/67 个单元格" in out
    assert "按元读入，换算为万元：72 900 元 → 7.29 万元" in out
    code, out, err = run(capsys, "import", DATA / "syn_funds_yitihua.xlsx", "-o", out_file, "--dry-run")
    assert code == 0
    assert "未导入的单元格（4 个）" in out and "C11“按期完成办公设备购置，保障日常办公。”" in out


def test_strict_refuses_when_any_cell_is_not_placed(capsys, tmp_path):
    out_file = tmp_path / "x.perfdesk"
    code, out, err = run(capsys, "import", DATA / "real_hubei_ezhou_2021.xlsx", "-o", out_file, "--strict")
    assert code == 1 and not out_file.exists()
    assert "--strict" in err and "1 个单元格" in err
    code, _, _ = run(capsys, "import", DATA / "syn_code_names.xlsx", "-o", out_file, "--strict")
    assert code == 0 and out_file.exists()
    assert read_workbook(out_file).forms[0].source.file == "syn_code_names.xlsx"


@pytest.mark.parametrize("stem", FIXTURES)
def test_import_export_import_gives_the_same_workbook(stem, tmp_path):
    first = import_xlsx(DATA / f"{stem}.xlsx")
    assert first.ok
    exported = tmp_path / "out.xlsx"
    export_xlsx(first.workbook, exported)
    second = import_xlsx(exported)
    assert second.ok and second.own_export
    assert dump_workbook(second.workbook) == dump_workbook(first.workbook)


def test_a_new_forms_summary_counted_on_the_form_agrees_with_its_json():
    from perfdesk.codec import form_to_dict
    from perfdesk.samples import load_sample, sample_names
    from perfdesk.xlsx.diff import _added_summary, form_summary

    forms = [f for n in sample_names() for f in load_sample(n).forms]
    forms += [import_xlsx(DATA / f"{s}.xlsx").workbook.forms[0] for s in FIXTURES]
    assert len(forms) > 30
    for form in forms:
        assert _added_summary(form) == form_summary(form_to_dict(form)), form.id


def test_fields_printed_only_in_the_signature_lines_come_back_from_our_export(tmp_path):
    # Sichuan prints 项目负责人 / 财务负责人 (form fields) only in its signature lines; a published
    # table (大英县司法局 2023) imported, exported and imported again lost them before
    from perfdesk.samples import load_sample

    wb = load_sample("sichuan-qingshen-2023")
    form = next(f for f in wb.forms if f.definition.id == "sichuan_project_self_eval")
    form.fields.update(project_lead="查小兵", finance_lead="唐勇")
    out = tmp_path / "out.xlsx"
    export_xlsx(wb, out)
    back = import_xlsx(out)
    assert back.ok and back.own_export
    again = next(f for f in back.workbook.forms if f.id == form.id)
    assert (again.fields.get("project_lead"), again.fields.get("finance_lead")) == ("查小兵", "唐勇")
    assert dump_workbook(back.workbook) == dump_workbook(wb)


def test_a_title_typed_with_its_year_does_not_print_the_year_twice():
    # 部门预算项目支出绩效自评表(2023年度) in one cell; Sichuan's form prints （2023年度） on its own line
    result = import_xlsx(DATA / "real_sichuan_qingshen_2023.xlsx")
    assert result.workbook.forms[0].title == "部门预算项目支出绩效自评表"
    assert result.not_placed == []
