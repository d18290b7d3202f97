"""汇总 end to end through the command line: demo samples and synthetic units, one damaged file,
one duplicate delivery with a change, one xlsx; and dispatch → fill two → collect."""
from __future__ import annotations

import json
from decimal import Decimal
import os
from pathlib import Path

import openpyxl
import pytest

from perfdesk.cli.main import main
from perfdesk.domain.kinds import per_project
from perfdesk.store.workbook_file import WorkbookFile, read_workbook

SAMPLES = ("nantong-2024", "rugao-2023", "shenzhen-guangming-2024", "hebei-2022", "suzhou-2024")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def info(capsys, path: Path) -> dict:
    code, out, _ = run(capsys, "info", path, "--json")
    assert code == 0
    return json.loads(out)


def check(capsys, path: Path) -> list[dict]:
    _, out, _ = run(capsys, "check", path, "--json")
    return json.loads(out)


def touch(path: Path, when: float) -> None:
    os.utime(path, (when, when))


@pytest.fixture(scope="module")
def delivered(tmp_path_factory):
    """A folder as it comes off a USB stick."""
    folder = tmp_path_factory.mktemp("usb")
    for i, name in enumerate(SAMPLES):
        assert main(["demo", name, "-o", str(folder / f"{name}.perfdesk")]) == 0
        touch(folder / f"{name}.perfdesk", 1_700_000_000 + i)
    assert main(["demo", "synthetic", "--projects", "3", "-o", str(folder / "synthetic.perfdesk")]) == 0
    touch(folder / "synthetic.perfdesk", 1_700_000_100)
    # the damaged file: a workbook cut short
    (folder / "cut.perfdesk").write_bytes((folder / "rugao-2023.perfdesk").read_bytes()[:4096])
    # the xlsx: suzhou delivered as an Excel export, under another unit name so it is its own unit
    (folder / "x").mkdir()
    wb = read_workbook(folder / "suzhou-2024.perfdesk")
    wb.unit = "苏州市商务服务中心（Excel 报送）"
    from perfdesk.store.workbook_file import write_workbook
    write_workbook(folder / "x" / "tmp.perfdesk", wb)
    assert main(["export", str(folder / "x" / "tmp.perfdesk"), "-o", str(folder / "x" / "suzhou.xlsx")]) == 0
    (folder / "x" / "tmp.perfdesk").unlink()
    # the duplicate: shenzhen again, later, with its 全年执行数 changed
    second = folder / "x" / "shenzhen-again.perfdesk"
    with WorkbookFile.create(second, read_workbook(folder / "shenzhen-guangming-2024.perfdesk")) as wf:
        wb = wf.load()
        form = wb.forms[0]
        table_id, _, column_id = form.definition.execution.spent.split(".")
        table = form.funds_table(table_id)      # the total adds up its parts: change a typed part
        row_id = next(r for r, columns in table.values.items() if columns.get(column_id) is not None)
        old = table.values[row_id][column_id]
        table.values[row_id][column_id] = old - 1000
        wf.save(wb)
    touch(second, 1_700_000_500)
    return folder, old, row_id


def test_collect_overview_against_info_and_check(delivered, capsys, tmp_path):
    folder, old_part, _ = delivered
    summary, sheet = tmp_path / "all.perfdesk-summary", tmp_path / "overview.xlsx"
    code, out, err = run(capsys, "collect", folder, "-o", summary, "--xlsx", sheet, "--json")
    assert code == 0, err
    data = json.loads(out)
    rows = {(r["unit"], r["year"]): r for r in data["overview"]}
    # the five samples, the synthetic unit and the xlsx one; shenzhen once (the newer delivery)
    assert len(rows) == 7
    for name in SAMPLES + ("synthetic",):
        path = folder / f"{name}.perfdesk"
        facts = info(capsys, path)
        row = rows[(facts["unit"], facts["year"])]
        if name == "shenzhen-guangming-2024":
            path = folder / "x" / "shenzhen-again.perfdesk"
            facts = info(capsys, path)
        assert row["file"] == str(path)
        assert row["unit_code"] == facts["unit_code"]
        assert [f["id"] for f in row["forms"]] == [f["id"] for f in facts["forms"]]
        # each form's 校验码 as `info` (and the printed pages) give it
        assert [f["code"] for f in row["forms"]] == [f["code"] for f in facts["forms"]]
        findings = check(capsys, path)
        assert row["errors"] == sum(1 for f in findings if f["severity"] == "错误")
        assert row["warnings"] == sum(1 for f in findings if f["severity"] == "警告")
        rates = [f["execution_rate"] for f in facts["forms"] if f["execution_rate"] is not None]
        if len(rates) == 1:
            assert row["execution_rate"] == rates[0]
        scores = [f["score_total"] for f in facts["forms"] if f["score_total"] is not None]
        if len(scores) == 1:
            assert row["score_total"] == scores[0]
        # budget, in 万元 (a form kept in 元 divided by 10000): the unit-wide form's total (its
        # projects are inside it), else the projects' sum
        project = {f.id: per_project(f.definition) for f in read_workbook(path).forms}

        def wan(f):
            return f["budget_total"] / {"元": 10000, "万元": 1}[f["money_unit"]]
        unit_wide = [wan(f) for f in facts["forms"] if not project[f["id"]] and f["budget_total"] is not None]
        projects = [wan(f) for f in facts["forms"] if project[f["id"]] and f["budget_total"] is not None]
        expected = unit_wide[0] if unit_wide else sum(projects) if projects else None
        assert row["budget"] == pytest.approx(expected) and row["money_unit"] == "万元"
    shenzhen = rows[("深圳市市场监督管理局光明监管局", 2024)]
    before = info(capsys, folder / "shenzhen-guangming-2024.perfdesk")["forms"][0]
    assert shenzhen["grade"] == "优" and shenzhen["execution_rate"] != before["execution_rate"]
    # 深圳 keeps its amounts in 元: the overview shows them in 万元, exactly (not rounded to 2 places)
    spent = info(capsys, folder / "x" / "shenzhen-again.perfdesk")["forms"][0]["execution"]["spent"]
    assert Decimal(str(shenzhen["spent"])) == Decimal(str(spent)) / 10000
    assert rows[("苏州市商务服务中心（Excel 报送）", 2024)]["file"].endswith("suzhou.xlsx")
    # the change report: the one cell, old → new
    change = next(c for c in data["changes"] if c["unit"] == "深圳市市场监督管理局光明监管局")
    (older,) = change["replaced"]
    assert older["file"] == str(folder / "shenzhen-guangming-2024.perfdesk")
    (form_change,) = older["changes"]
    (cell,) = form_change["cells"]
    assert cell["kind"] == "修改"
    assert (cell["old"], cell["new"]) == (str(old_part), str(old_part - 1000))
    # the reasons
    reasons = {Path(r["file"]).name: r for r in data["rejected"]}
    assert reasons["cut.perfdesk"]["code"] == "damaged" and "损坏" in reasons["cut.perfdesk"]["reason"]
    assert reasons["shenzhen-guangming-2024.perfdesk"]["code"] == "replaced"
    assert len(data["rejected"]) == 2
    # the summary file holds each unit's workbook as delivered
    from perfdesk.collect.summary_file import read_summary
    kept = read_summary(summary)
    assert len(kept["units"]) == 7
    hebei = next(u for u in kept["units"] if u["file"].endswith("hebei-2022.perfdesk"))
    from perfdesk.codec import dump_workbook
    assert dump_workbook(hebei["workbook"]) == dump_workbook(read_workbook(folder / "hebei-2022.perfdesk"))
    # the xlsx sheet: a row per unit with the same figures
    ws = openpyxl.load_workbook(sheet)["汇总概览"]
    header = [c.value for c in ws[1]]
    got = {r[header.index("单位")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert got["深圳市市场监督管理局光明监管局"][header.index("执行率（%）")] == shenzhen["execution_rate"]
    assert len(got) == 7


def test_other_year_and_identical_copy_are_listed(delivered, capsys, tmp_path):
    folder, _, _ = delivered
    copy = tmp_path / "nantong-copy.perfdesk"
    copy.write_bytes((folder / "nantong-2024.perfdesk").read_bytes())
    code, out, _ = run(capsys, "collect", folder, copy, "--year", "2024", "--json")
    data = json.loads(out)
    by_file = {Path(r["file"]).name: r["code"] for r in data["rejected"]}
    assert by_file["rugao-2023.perfdesk"] == "other_year"
    assert by_file["hebei-2022.perfdesk"] == "other_year"
    assert by_file["synthetic.perfdesk"] == "other_year"
    assert "duplicate" in {by_file.get("nantong-copy.perfdesk"), by_file.get("nantong-2024.perfdesk")}
    assert {r["year"] for r in data["overview"]} == {2024}


def test_dispatch_fill_two_collect_lists_the_others(capsys, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("单位名称,单位代码\n甲局,100001\n乙中心,100002\n丙站,100003\n丁所,\n", encoding="utf-8")
    out = tmp_path / "task"
    code, _, err = run(capsys, "dispatch", "--units", units, "--year", "2025", "--form", "jiangsu_dept_target",
                       "--deadline", "2025年3月31日", "--note", "请于截止日前报送", "-o", out)
    assert code == 0, err
    manifest = json.loads((out / "任务清单.json").read_text(encoding="utf-8"))
    assert [u["name"] for u in manifest["units"]] == ["甲局", "乙中心", "丙站", "丁所"]
    assert manifest["deadline"] == "2025-03-31" and manifest["forms"] == ["jiangsu_dept_target"]
    files = sorted(out.glob("*.perfdesk"))
    assert len(files) == 4
    wb = read_workbook(out / "100001-甲局.perfdesk")
    assert (wb.unit, wb.unit_code, wb.year) == ("甲局", "100001", 2025)
    assert wb.task.deadline == "2025-03-31" and wb.task.note == "请于截止日前报送"
    assert [f.definition.id for f in wb.forms] == ["jiangsu_dept_target"]
    shown = info(capsys, out / "100001-甲局.perfdesk")      # info says whose task it is
    assert shown["task"] == {"issuer": "", "deadline": "2025-03-31", "note": "请于截止日前报送"}
    assert "comments" not in shown
    code, text, _ = run(capsys, "info", out / "100001-甲局.perfdesk")
    assert "截止 2025-03-31" in text
    # two units fill in and hand back; the others do not
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("100001-甲局.perfdesk", "丁所.perfdesk"):
        with WorkbookFile.open(out / name) as wf:
            wb = wf.load()
            wb.forms[0].sections["functions"] = "1.负责本单位职能范围内的工作。"
            wf.save(wb)
        (inbox / name).write_bytes((out / name).read_bytes())
    code, text, err = run(capsys, "collect", inbox, "--manifest", out / "任务清单.json", "--json")
    assert code == 0, err
    data = json.loads(text)
    assert data["rejected"] == []
    status = {r["unit"]: r["status"] for r in data["overview"]}
    assert status == {"甲局": "已报送", "丁所": "已报送", "乙中心": "未报送", "丙站": "未报送"}
    assert [u["name"] for u in data["missing"]] == ["乙中心", "丙站"]
    # a unit outside the task is refused with its reason
    assert main(["demo", "nantong-2024", "-o", str(inbox / "x.perfdesk")]) == 0
    capsys.readouterr()
    code, text, _ = run(capsys, "collect", inbox, "--manifest", out / "任务清单.json", "--json")
    data = json.loads(text)
    assert [r["code"] for r in data["rejected"]] == ["other_year"]


@pytest.mark.parametrize("content, message", [
    ("名称,代码\n甲,1\n", "没有“单位名称”列"),
    ("单位名称,单位代码\n甲,1\n,2\n", "第 3 行：“单位名称”列为空"),
    ("单位名称,单位代码\n甲,1\n乙,1\n", "第 3 行：“单位代码”1 与第 2 行重复"),
])
def test_bad_units_file_names_the_place_and_writes_nothing(capsys, tmp_path, content, message):
    units = tmp_path / "u.csv"
    units.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "dispatch", "--units", units, "--year", "2025", "--form", "jiangsu_dept_target",
                       "-o", tmp_path / "out")
    assert code == 1 and message in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_units_from_xlsx_with_a_title_row(tmp_path):
    from perfdesk.collect.units import Unit, read_units
    xl = openpyxl.Workbook()
    ws = xl.active
    ws.append(["2025 年度绩效目标填报单位"])
    ws.append(["序号", "单位名称", "单位代码"])
    ws.append([1, "甲局", 414001])
    ws.append([2, " 乙 中心 ", None])
    xl.save(tmp_path / "u.xlsx")
    assert read_units(tmp_path / "u.xlsx") == [Unit("甲局", "414001"), Unit("乙 中心", "")]


def test_the_summary_file_has_a_new_files_ordinary_mode(tmp_path):
    """Written through a temporary file, it must not stay 0600: a summary goes to shared folders."""
    folder = tmp_path / "in"
    folder.mkdir()
    assert main(["demo", "nantong-2024", "-o", str(folder / "a.perfdesk")]) == 0
    out = tmp_path / "s.perfdesk-summary"
    umask = os.umask(0o022)
    try:
        assert main(["collect", str(folder), "-o", str(out)]) == 0
    finally:
        os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o644
