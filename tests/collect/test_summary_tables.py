"""汇总表 and 汇总分析: the summary tables computed from a delivery folder (samples, synthetic, a
damaged file, a duplicate delivery with a change, an xlsx, units with project self-evaluations),
their 合计 checked against sums computed here from each unit's `perfdesk info --json`; money units
converted and said; units not delivered as rows; the PDF (tables, then the analysis page) and the
xlsx; the charts as SVG; the definitions as data."""
from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import msgspec
import openpyxl
import pytest

from perfdesk.cli.main import main
from perfdesk.collect.summary_tables import SummaryError, Unit, summary_workbook
from perfdesk.definitions import locations
from perfdesk.definitions.loader import DefinitionError, parse_definition_text
from perfdesk.definitions.summaries import summary_registry
from perfdesk.domain import figures
from perfdesk.store.workbook_file import WorkbookFile, read_workbook, write_workbook
from tests.collect.summary_units import unit_workbook, write_units
from tests.needs import POPPLER, have, needs

SAMPLES = ("nantong-2024", "rugao-2023", "shenzhen-guangming-2024", "hebei-2022", "suzhou-2024")
TO_WAN = {"万元": Decimal(1), "元": Decimal(1) / Decimal(10000)}


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def info(capsys, path: Path) -> dict:
    code, out, _ = run(capsys, "info", path, "--json")
    assert code == 0
    return json.loads(out)


def dec(x) -> Decimal | None:
    return None if x is None else Decimal(str(x))


@pytest.fixture(scope="module")
def delivered(tmp_path_factory):
    """A folder as it comes off a USB stick, and the files that the 2024 tables must take."""
    folder = tmp_path_factory.mktemp("usb")
    stamp = [1_700_000_000]

    def touch(path):
        stamp[0] += 10
        os.utime(path, (stamp[0], stamp[0]))

    for name in SAMPLES:
        assert main(["demo", name, "-o", str(folder / f"{name}.perfdesk")]) == 0
        touch(folder / f"{name}.perfdesk")
    assert main(["demo", "synthetic", "--projects", "3", "-o", str(folder / "synthetic.perfdesk")]) == 0
    (folder / "cut.perfdesk").write_bytes((folder / "rugao-2023.perfdesk").read_bytes()[:4096])
    (folder / "x").mkdir()
    wb = read_workbook(folder / "suzhou-2024.perfdesk")
    wb.unit = "苏州市商务服务中心（Excel 报送）"
    write_workbook(folder / "x" / "tmp.perfdesk", wb)
    assert main(["export", str(folder / "x" / "tmp.perfdesk"), "-o", str(folder / "x" / "suzhou.xlsx")]) == 0
    (folder / "x" / "tmp.perfdesk").unlink()
    units = write_units(folder, 6, projects=2)      # unit-001 also has a target-only project
    for path in units:
        touch(path)
    # the duplicate: shenzhen (in 元) again, later, with its 全年执行数 changed
    second = folder / "x" / "shenzhen-again.perfdesk"
    with WorkbookFile.create(second, read_workbook(folder / "shenzhen-guangming-2024.perfdesk")) as wf:
        wb = wf.load()
        form = wb.forms[0]
        table_id, _, column_id = form.definition.execution.spent.split(".")
        table = form.funds_table(table_id)
        row_id = next(r for r, columns in table.values.items() if columns.get(column_id) is not None)
        table.values[row_id][column_id] -= 1000
        wf.save(wb)
    touch(second)
    taken = [*units, folder / "nantong-2024.perfdesk", folder / "suzhou-2024.perfdesk", second]
    return folder, taken


@pytest.fixture(scope="module")
def summary(delivered, tmp_path_factory):
    folder, _ = delivered
    out = tmp_path_factory.mktemp("summary") / "all.perfdesk-summary"
    assert main(["collect", str(folder), "-o", str(out)]) == 0
    return out


def show(capsys, summary_path, *extra) -> dict:
    code, out, err = run(capsys, "summary", "show", summary_path, "--json", *extra)
    assert code == 0, err
    return {t["id"]: t for t in json.loads(out)["tables"]}


def test_totals_match_sums_from_each_units_info(delivered, summary, capsys):
    _, taken = delivered
    budget = spent = target_budget = Decimal(0)
    indicators = evaluated = targets = 0
    converted = set()
    for path in taken:
        data = info(capsys, path)
        for form in data["forms"]:
            if form["kind"] == "project_self_eval":
                ex = form["execution"]
                budget += dec(ex["budget"]) * TO_WAN[ex["unit"]]
                spent += dec(ex["spent"]) * TO_WAN[ex["unit"]]
                evaluated += 1
                if ex["unit"] == "元":
                    converted.add(data["unit"])
            elif form["kind"] == "project_target":
                target_budget += dec(form["budget_total"]) * TO_WAN[form["money_unit"]]
                indicators += form["indicators"]
                targets += 1
    tables = show(capsys, summary, "--year", "2024")
    se, tg = tables["national_self_eval_summary"], tables["national_target_summary"]
    assert se["money_unit"] == tg["money_unit"] == "万元"
    assert dec(se["totals"]["budget"]) == budget
    assert dec(se["totals"]["spent"]) == spent
    rate = (spent / budget * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert dec(se["totals"]["execution_rate"]) == rate
    assert sum(1 for r in se["rows"] if r["evaluated"] == "是") == evaluated == 6 * 2 + 1
    # the 元 unit is converted exactly (not rounded) and said so in the note
    assert converted == {"深圳市市场监督管理局光明监管局"}
    sz = next(r for r in se["rows"] if r["unit"] in converted)
    assert dec(sz["budget"]) == dec(info(capsys, taken[-1])["forms"][0]["execution"]["budget"]) / 10000
    assert "深圳市市场监督管理局光明监管局的表以元填报" in se["note"] and "换算为万元" in se["note"]
    # the replaced delivery's figures: the newer file's (its 执行数 1000 元 less)
    assert dec(tg["totals"]["budget"]) == target_budget and tg["totals"]["indicators"] == indicators == targets * 12
    # years other than 2024 (hebei 2022, synthetic 2025, rugao 2023) are not in the 2024 tables
    units = {r["unit"] for r in se["rows"]}
    assert "如皋市市场监督管理局" not in units and "某县市场监督管理局" not in units
    # every delivered unit appears: those without project self-evaluations say so
    nt = next(r for r in se["rows"] if r["unit"] == "南通市市场监管局网络受理中心")
    assert nt["evaluated"] == "否" and nt["reason"] == "未报送项目支出绩效自评表"
    assert "苏州市商务服务中心（Excel 报送）" in units
    # a project with a target form only: not evaluated, no figures (they would skew Σ and 执行率)
    t_only = [r for r in se["rows"] if r["reason"] == "未报送该项目的自评表"]
    assert len(t_only) == 1 and t_only[0]["budget"] is None


def test_rates_and_grades_per_row_are_the_units_own(delivered, capsys, summary):
    _, taken = delivered
    tables = show(capsys, summary, "--year", "2024")
    rows = {(r["unit"], r["project"]): r for r in tables["national_self_eval_summary"]["rows"]}
    wb = read_workbook(taken[0])
    for form in wb.forms:
        if form.kind == "project_self_eval":
            row = rows[(wb.unit, form.fields["project_name"])]
            assert dec(row["execution_rate"]) == figures.execution(form).rate
            assert dec(row["score"]) == figures.score_total(form)
            assert row["grade"] in ("优", "良", "中", "差")


def test_several_years_are_refused_with_a_message(summary, capsys):
    code, _, err = run(capsys, "summary", "show", summary)
    assert code == 1
    assert "汇总表按年度编制" in err and "--year" in err


def test_units_not_delivered_are_rows_marked_so(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    paths = write_units(folder, 2, projects=1)
    units = [read_workbook(p) for p in paths]
    manifest = {"format": "perfdesk-task", "version": 1, "year": 2024, "forms": [], "deadline": "", "note": "",
                "issuer": "某市财政局", "created": "",
                "units": [{"name": u.unit, "code": u.unit_code, "file": p.name} for u, p in zip(units, paths)]
                + [{"name": "某市未交局", "code": "599999", "file": "599999-某市未交局.perfdesk"}]}
    (folder / "任务清单.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "s.perfdesk-summary"
    assert run(capsys, "collect", folder, "-o", out)[0] == 0
    tables = show(capsys, out)
    se, tg = tables["national_self_eval_summary"], tables["national_target_summary"]
    row = next(r for r in se["rows"] if r["unit"] == "某市未交局")
    assert row["evaluated"] == "否" and row["reason"] == "单位未报送" and row["budget"] is None
    assert next(r for r in tg["rows"] if r["unit"] == "某市未交局")["status"] == "未报送"
    assert "未报送的单位（1 个）：某市未交局" in se["note"]
    # the 主管部门 is the task's issuer unless --dept says otherwise
    code, outp, _ = run(capsys, "summary", "show", out, "--json")
    assert json.loads(outp)["dept"] == "某市财政局"


def test_an_unknown_money_unit_is_refused_naming_the_unit():
    wb = unit_workbook(3, projects=1)
    form = wb.forms[0]
    tables = tuple(msgspec.structs.replace(t, unit="千元") for t in form.definition.funds)
    form.definition = msgspec.structs.replace(form.definition, funds=tables)
    with pytest.raises(SummaryError) as exc:
        summary_workbook([Unit(wb.unit, wb.unit_code, wb)], "某局", 2024)
    text = str(exc.value)
    assert wb.unit in text and "千元" in text and "无法换算为万元" in text


@needs(have("pdfinfo", "pdftotext", "pdffonts", "pdfimages"), POPPLER, "poppler-utils not installed")
def test_print_tables_then_analysis_page(summary, tmp_path, capsys):
    pdf = tmp_path / "s.pdf"
    code, _, err = run(capsys, "summary", "print", summary, "--year", "2024", "-o", pdf, "--dept", "某市市场监督管理局")
    assert code == 0, err
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]
    assert "2024年度项目支出绩效自评汇总表" in texts[0] and "主管部门：某市市场监督管理局" in texts[0]
    assert any("2024年度项目支出绩效目标汇总表" in t for t in texts)
    assert texts[-1].lstrip().startswith("2024年度项目支出绩效自评汇总分析")
    for label in ("自评等级分布", "预算执行率分布", "自评得分分布", "审核错误最多的单位"):
        assert label in texts[-1]
    # the tables carry their 校验码 in the footer; the analysis page prints no form, so none
    assert all("校验码" in t for t in texts[:-1]) and "校验码" not in texts[-1]
    assert all(f"共 {pages} 页" in t for t in texts)
    assert any("合计" in t for t in texts[:-1])
    # the chart labels are text drawn in the embedded CJK font (vector, not an image)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(" yes yes yes " in line for line in rows), fonts     # every font embedded
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) <= 2       # header lines only: no raster charts


def test_export_xlsx_with_total_row(summary, tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    code, _, err = run(capsys, "summary", "export", summary, "--year", "2024", "-o", out)
    assert code == 0, err
    tables = show(capsys, summary, "--year", "2024")
    xl = openpyxl.load_workbook(out)
    visible = [ws for ws in xl.worksheets if ws.sheet_state == "visible"]
    assert [ws.title for ws in visible] == ["2024年度项目支出绩效自评汇总表", "2024年度项目支出绩效目标汇总表"]
    ws = visible[0]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    total = next(row for row in cells if "合计" in row)
    numbers = [Decimal(str(v)) for v in total if isinstance(v, (int, float, Decimal))]
    t = tables["national_self_eval_summary"]["totals"]
    assert dec(t["budget"]) in numbers and dec(t["spent"]) in numbers and dec(t["execution_rate"]) in numbers


def test_charts_as_svg_are_well_formed_with_chinese_labels(summary):
    from perfdesk.collect.summary_file import read_summary
    from perfdesk.collect.summary_tables import summary_tables
    from perfdesk.pdf import find_fonts
    from perfdesk.pdf.charts import analysis_drawings, drawing_svg

    tables = summary_tables(read_summary(summary, workbooks=False), "某局", 2024)
    rows = tables.rows
    analysis = tables.analysis()
    grades = analysis.chart("grades")
    assert sum(b.value for b in grades.bars) == sum(1 for r in rows["national_self_eval_summary"] if r["evaluated"] == "是")
    assert analysis.chart("execution_rate").total == analysis.chart("scores").total == grades.total
    fonts = find_fonts()
    drawings = analysis_drawings(analysis, fonts)
    assert len(drawings) == 4
    for chart, drawing in zip(analysis.charts, drawings):
        svg = drawing_svg(drawing, fonts)
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        text = "".join(root.itertext())
        assert chart.title in text
        assert "perfdesk-" not in svg.decode("utf-8")      # the family a PC knows, not our internal name
        assert "clipPath" not in svg.decode("utf-8")       # QtSvg would paint its rectangle black
    assert "优" in "".join(ET.fromstring(drawing_svg(drawings[0], fonts)).itertext())


def test_summary_definitions_are_data():
    registry = summary_registry()
    d = registry["national_self_eval_summary"]
    assert {c.source for c in d.lists[0].columns} >= {"unit", "project", "budget", "spent", "execution_rate",
                                                      "score_total", "grade", "evaluated", "not_evaluated_reason"}
    base = d.text
    with pytest.raises(DefinitionError, match="未知的汇总数据"):
        parse_definition_text(base.replace('from = "grade"', 'from = "grade()"'), "x.toml", "user")
    with pytest.raises(DefinitionError, match="须写明金额单位"):
        parse_definition_text(base.replace('money_unit = "万元"', 'money_unit = ""'), "x.toml", "user")
    with pytest.raises(DefinitionError, match="汇总表类型"):
        parse_definition_text(base.replace('kind = "self_eval_summary"', 'kind = "project_self_eval"'),
                              "x.toml", "user")


def test_a_provincial_summary_is_a_new_file(summary, capsys):
    """A province's 汇总表 in the user's forms/summaries/: used by --table, no code."""
    folder = locations.user_forms_dir() / "summaries"
    folder.mkdir(parents=True, exist_ok=True)
    text = summary_registry()["national_self_eval_summary"].text
    text = (text.replace('id = "national_self_eval_summary"', 'id = "demo_province_summary"')
            .replace('money_unit = "万元"', 'money_unit = "元"')
            .replace('default_title = "{year}年度项目支出绩效自评汇总表"', 'default_title = "{year}年度示例省项目自评汇总表"'))
    (folder / "demo_province_summary.toml").write_text(text, encoding="utf-8")
    locations.reset_defaults()
    try:
        tables = show(capsys, summary, "--year", "2024", "--table", "demo_province_summary")
        national = show(capsys, summary, "--year", "2024")["national_self_eval_summary"]
        t = tables["demo_province_summary"]
        assert t["title"] == "2024年度示例省项目自评汇总表" and t["money_unit"] == "元"
        assert dec(t["totals"]["budget"]) == dec(national["totals"]["budget"]) * 10000
        assert "以万元填报" in t["note"] and "换算为元" in t["note"]
    finally:
        (folder / "demo_province_summary.toml").unlink()
        locations.reset_defaults()


def test_one_row_per_unit_adds_its_projects_up():
    """rows = "unit": a unit's project self-evaluations added up (执行率 of the sums, mean score)."""
    from perfdesk.collect.summary_tables import summary_form

    text = summary_registry()["national_self_eval_summary"].text
    text = (text.replace('rows = "project"', 'rows = "unit"')
            .replace('  { id = "project", label = "项目名称", from = "project" },\n', "")
            .replace("widths = [3, 15, 20, 8, 8, 6, 6, 4, 5, 14]", "widths = [3, 15, 8, 8, 6, 6, 4, 5, 14]"))
    definition = parse_definition_text(text, "unit_rows.toml", "user")
    wbs = [unit_workbook(i, projects=3) for i in range(3)]
    form, rows = summary_form(definition, [Unit(w.unit, w.unit_code, w) for w in wbs] + [Unit("某未交局", "1")],
                              "某局", 2024)
    assert len(rows) == 4 and rows[-1]["not_evaluated_reason"] == "单位未报送"
    for wb, row in zip(wbs, rows):
        ex = [figures.execution(f) for f in wb.forms]
        budget, spent = sum(e.budget for e in ex), sum(e.spent for e in ex)
        assert row["budget"] == budget and row["spent"] == spent
        assert row["execution_rate"] == (spent / budget * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        scores = [figures.score_total(f) for f in wb.forms]
        assert row["score_total"] == (sum(scores) / 3).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert figures.list_totals(form, "projects")["budget"] == sum(r["budget"] for r in rows[:3])


@needs(have("pdftotext"), POPPLER, "poppler-utils not installed")
def test_the_note_and_stamp_never_stand_on_a_page_without_the_table(tmp_path, capsys):
    """40 generated units: the 绩效目标汇总表 ends just at a page's foot. Its 说明 line and the
    主管部门 stamp block must ride with the last rows and the 合计, not on a page of their own."""
    folder = tmp_path / "units"
    folder.mkdir()
    write_units(folder, 40, projects=3)
    summary = tmp_path / "u.perfdesk-summary"
    assert main(["collect", str(folder), "-o", str(summary)]) == 0
    pdf = tmp_path / "s.pdf"
    code, _, err = run(capsys, "summary", "print", summary, "-o", pdf, "--no-analysis")
    assert code == 0, err
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    for page in pages:
        if "说明" in page:
            assert "合计" in page and "主管部门（盖章）" in page, page
            numbered = [line for line in page.splitlines() if line.strip()[:2].strip().isdigit()]
            assert numbered, page        # at least one of the table's rows is on the stamped page


def test_the_total_rate_counts_only_projects_with_both_figures():
    """A project whose 执行数 is blank (a draft) must not count as unspent: the 合计 执行率 is over
    the rows with both figures (as the overview and the analysis page count), and the note says so."""
    from perfdesk.collect.overview import unit_figures

    wb = unit_workbook(1, projects=2, targets_only=0)
    a, b = wb.forms
    for cols in b.funds["funds"].values.values():
        cols.pop("spent", None)
    out, rows = summary_workbook([Unit(wb.unit, wb.unit_code, wb)], "dept", 2024, ["national_self_eval_summary"])
    form = out.forms[0]
    total = figures.list_totals(form, "projects")
    ea, eb = figures.execution(a), figures.execution(b)
    assert total["budget"] == ea.budget + eb.budget and total["spent"] == ea.spent
    expected = figures.round2(ea.spent / ea.budget * 100)
    assert total["execution_rate"] == expected
    assert Decimal(str(unit_figures(wb)["execution_rate"])) == expected
    note = next(v for v in form.sections.values() if isinstance(v, str) and "合计行的执行率" in v)
    assert "1 个项目未填执行数，不计入执行率" in note
