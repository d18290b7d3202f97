"""Hostile and damaged xlsx files (issue 19): formula cells without a result (not placed), a damaged perfdesk
info sheet, damaged archive members, and a fixed-seed random mutation of real exports. Each is
refused (or read) with a Chinese message naming the file and the place; nothing raises, nothing
is ended in English, and the workbook imported into stays byte-identical."""
import hashlib
import json
import os
import random
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from perfdesk.cli.main import main
from perfdesk.codec import dump_workbook
from perfdesk.samples import load_sample, sample_names
from perfdesk.store.workbook_file import write_workbook
from perfdesk.xlsx import export_xlsx, import_xlsx
from perfdesk.xlsx.problems import NotPlaced
from perfdesk.xlsx.safety import uncomputed_formulas

from .sheets import build
from .test_foreign import SHENZHEN_FORMATS, SHENZHEN_MERGES, shenzhen_rows

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SZ = "shenzhen-guangming-2024"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ends_in_chinese(message: str) -> bool:
    tail = CHINESE.split(message)[-1]
    return bool(CHINESE.search(message)) and not re.search(r"[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}", tail)


def refused(path, into=None):
    into = into if into is not None else load_sample(SZ)
    before = dump_workbook(into)
    result = import_xlsx(path, into=into)
    assert result.workbook is None and result.errors, [str(p) for p in result.problems]
    assert dump_workbook(into) == before
    for p in result.errors:
        assert p.file == Path(path).name and ends_in_chinese(p.message), str(p)
    return result


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    d = tmp_path_factory.mktemp("exports")
    out = {}
    for name in (SZ, "rugao-2023", "hebei-2022"):
        out[name] = d / f"{name}.xlsx"
        export_xlsx(load_sample(name), out[name])
    return out


def edited(src: Path, dst: Path, change) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(dst)
    return dst


# ---------------------------------------------------------------------------------- formulas

def test_the_scan_finds_formulas_without_a_result_only():
    xml = (b'<sheetData><row r="1">'
           b'<c r="A1"><f>1/0</f></c>'                                    # no <v>
           b'<c r="B1"><f>SUM(C1:C3)</f><v/></c>'                         # openpyxl's empty <v/>
           b'<c r="C1" t="str"><f>IF(D1="","",D1)</f><v></v></c>'          # computed: the empty text
           b'<c r="D1"><f>2*3</f><v>6</v></c>'                            # computed
           b'<c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'                # computed: an error value
           b'<c r="F1"><f t="shared" si="0"/></c>'                        # a shared formula's dependant
           b'<x:c r="G1"><x:f>A1&amp;"x"</x:f></x:c>'                      # a namespace prefix
           b'<c r="H1" t="s"><v>3</v></c><c r="I1"/></row></sheetData>')
    assert [(u.ref, u.formula) for u in uncomputed_formulas(xml)] == [
        ("A1", "1/0"), ("B1", "SUM(C1:C3)"), ("F1", ""), ("G1", 'A1&"x"')]
    assert uncomputed_formulas(b'<c r="A1" t="s"><v>0</v></c>' * 1000) == []
    # pretty-printed XML (space between <f> and <v>) takes the slow path and is read the same
    assert uncomputed_formulas(b'<c r="A1">\n <f>1</f>\n <v>1</v></c><c r="A2">\n <f>2</f>\n</c>') == [
        uncomputed_formulas(b'<c r="A2"><f>2</f></c>')[0]]


def test_the_scan_stays_linear_on_cells_that_never_close():
    xml = b"<sheetData>" + b'<c r="A1"><f>1</f>' * 50_000
    started = time.perf_counter()
    assert len(uncomputed_formulas(xml)) == 1000          # named up to a bound
    assert time.perf_counter() - started < 5


WHY = "公式没有计算结果（请在 Excel 或 WPS 中打开并保存后再导入），未导入"


def test_a_formula_without_a_result_where_an_amount_belongs_is_not_placed(exports, tmp_path, capsys):
    """Read as a new workbook, the cell is listed and its figure left empty. Merged into a
    workbook, the blank would clear the figure the workbook holds there: refused, with the cell
    named, and the target left untouched (bytes and time stamp)."""
    def amount_to_formula(wb):
        ws = wb.worksheets[0]
        ws["E7"].value = "=1/0"                           # 年初预算数 of 当年财政拨款
    path = edited(exports[SZ], tmp_path / "formula.xlsx", amount_to_formula)
    result = import_xlsx(path)
    assert result.ok and not result.problems
    assert result.not_placed == [NotPlaced("项目支出绩效自评表", "E7", "=1/0", WHY)]
    # the rest of the sheet is read as usual: only that one figure differs from the sample
    plain = import_xlsx(exports[SZ])
    assert dump_workbook(plain.workbook) != dump_workbook(result.workbook)
    merged = import_xlsx(path, into=load_sample(SZ))
    assert not merged.ok
    assert any("E7" in p.message and "清空" in p.message for p in merged.errors)
    # the command says so and leaves the target untouched, --dry-run or not
    target = tmp_path / "t.perfdesk"
    write_workbook(target, load_sample(SZ))
    os.utime(target, (1_000_000_000, 1_000_000_000))
    before = sha(target), target.stat().st_mtime_ns
    for extra in ([], ["--dry-run"], ["--strict"]):
        assert main(["import", str(path), "--into", str(target), *extra]) == 1
        out, err = capsys.readouterr()
        assert "E7" in out + err and "没有计算结果" in out + err and "Traceback" not in out + err
        assert (sha(target), target.stat().st_mtime_ns) == before
    # as a new workbook the command imports it and lists the cell
    assert main(["import", str(path), "-o", str(tmp_path / "new.perfdesk")]) == 0
    assert "E7" in capsys.readouterr().out


def test_a_formula_without_a_result_in_a_foreign_sheet_is_not_placed(tmp_path):
    path = build(tmp_path / "sz.xlsx", shenzhen_rows(), SHENZHEN_MERGES, "自评表", SHENZHEN_FORMATS)
    plain = import_xlsx(path)
    wb = openpyxl.load_workbook(path)
    wb["自评表"]["E9"].value = "=E7-E8"                     # 全年执行数 of 其他资金
    wb.save(path)
    result = import_xlsx(path)
    assert result.ok, [str(p) for p in result.problems]
    assert NotPlaced("自评表", "E9", "=E7-E8", WHY) in result.not_placed
    assert len(result.not_placed) == len(plain.not_placed) + 1


def test_past_the_scan_bound_the_list_says_more_may_be_left_out(tmp_path):
    path = build(tmp_path / "sz.xlsx", shenzhen_rows(), SHENZHEN_MERGES, "自评表", SHENZHEN_FORMATS)
    wb = openpyxl.load_workbook(path)
    for i in range(1200):
        wb["自评表"].cell(200 + i, 30).value = f"=A{i + 1}*2"
    wb.save(path)
    result = import_xlsx(path)
    formulas = [n for n in result.not_placed if n.why == WHY]
    assert len(formulas) == 1000 and formulas[0].cell == "AD200"
    assert any(n.cell == "…" and "更多" in n.why for n in result.not_placed)


def test_an_export_saved_by_a_program_that_does_not_calculate_still_imports(tmp_path):
    """The totals and rates our export writes as formulas are computed by the reader itself, so
    their missing results are harmless; any other formula is the user's and is listed as not placed."""
    with_formulas = 0
    for name in sample_names():
        path = tmp_path / f"{name}.xlsx"
        export_xlsx(load_sample(name), path)
        first = import_xlsx(path)
        resaved = edited(path, tmp_path / f"{name}-resaved.xlsx", lambda wb: None)
        with zipfile.ZipFile(resaved) as z:
            with_formulas += any(uncomputed_formulas(z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/"))
        second = import_xlsx(resaved)
        assert second.ok and not second.not_placed, (name, [str(p) for p in second.problems])
        assert dump_workbook(second.workbook) == dump_workbook(first.workbook), name
    assert with_formulas >= 5


# ---------------------------------------------------------------------------------- the info sheet

DAMAGED_INFO = {
    "header_not_json": (lambda ws: ws.__setitem__("B3", "{not json"), (3, "B"), "不是有效的 JSON"),
    "header_deep": (lambda ws: ws.__setitem__("B3", "[" * 30_000), (3, "B"), "嵌套过深"),
    "header_number": (lambda ws: ws.__setitem__("B3", 5), (3, "B"), "应为文本"),
    "header_a_list": (lambda ws: ws.__setitem__("B3", "[1, 2]"), (3, "B"), "工作簿"),
    "header_year_huge": (lambda ws: ws.__setitem__("B3", json.dumps({**json.loads(ws["B3"].value), "year": 10**400})),
                         (3, "B"), "年度"),
    "header_unknown_key": (lambda ws: ws.__setitem__("B3", json.dumps({**json.loads(ws["B3"].value),
                                                                       "signature": {"parer": "x"}})),
                           (3, "B"), "parer"),
    "hidden_stated_5": (lambda ws: ws.__setitem__("D4", '{"stated": 5}'), (4, "D"), "stated"),
    "hidden_deep": (lambda ws: ws.__setitem__("D4", '{"stated": ' + "[" * 30_000), (4, "D"), "嵌套过深"),
    "hidden_amount_huge": (lambda ws: ws.__setitem__("D4", '{"stated_totals": {"x": "1e999999999"}}'), (4, "D"),
                           "超出可处理的范围"),
    "hidden_amount_nan": (lambda ws: ws.__setitem__("D4", '{"stated_totals": {"x": "NaN"}}'), (4, "D"), "有限"),
    "hidden_amount_list": (lambda ws: ws.__setitem__("D4", '{"stated_totals": {"x": [1]}}'), (4, "D"), "数字"),
    "form_id_number": (lambda ws: ws.__setitem__("B4", 7), (4, "B"), "表单编号"),
    "definition_missing": (lambda ws: ws.__setitem__("C4", None), (4, "C"), "表样编号"),
    "form_twice": (lambda ws: [ws.cell(5, c, ws.cell(4, c).value) for c in range(1, 5)], (5, "B"), "两次"),
    "mark_changed": (lambda ws: ws.__setitem__("A1", "perfdesk-xlsx-2"), (1, "A"), "A1"),
}


@pytest.mark.parametrize("name", DAMAGED_INFO)
def test_a_damaged_info_sheet_is_refused_as_a_damaged_export(exports, tmp_path, name):
    change, (row, column), words = DAMAGED_INFO[name]
    path = edited(exports[SZ], tmp_path / f"{name}.xlsx", lambda wb: change(wb["perfdesk"]))
    (problem,) = refused(path).errors
    assert (problem.sheet, problem.row, problem.column_letter) == ("perfdesk", row, column), str(problem)
    assert "perfdesk 导出的表格" in problem.message and words in problem.message, str(problem)


def test_without_its_info_sheet_an_export_is_read_without_the_hidden_keys(exports, tmp_path):
    """The 河北 export's first row is the title alone: the foreign reader took the unit name from
    the hidden key column (":form:project_01")."""
    path = edited(exports["hebei-2022"], tmp_path / "hebei.xlsx", lambda wb: wb.remove(wb["perfdesk"]))
    result = import_xlsx(path)
    assert result.ok and not result.own_export
    assert result.workbook.unit == load_sample("hebei-2022").unit
    assert "perfdesk:" not in dump_workbook(result.workbook) and ":form:" not in dump_workbook(result.workbook)
    assert any("没有 perfdesk 信息工作表" in p.message for p in result.warnings)


def test_a_sheet_copied_in_from_another_export_is_read_without_its_keys(exports, tmp_path):
    def add_copy(wb):
        other = openpyxl.load_workbook(exports["hebei-2022"]).worksheets[0]
        ws = wb.create_sheet("抄来的")
        for row in other.iter_rows():
            for cell in row:
                if cell.value is not None:
                    ws.cell(cell.row, cell.column, cell.value)
    path = edited(exports[SZ], tmp_path / "mixed.xlsx", add_copy)
    result = import_xlsx(path)
    assert ":form:" not in "".join(str(p) for p in result.problems)
    if result.ok:
        assert ":form:" not in dump_workbook(result.workbook)


# ---------------------------------------------------------------------------------- the archive

def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


SHEET = "xl/worksheets/sheet1.xml"
DOCTYPE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet xmlns="http://schemas.'
           b'openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>')
ARCHIVE_DAMAGE = {
    "sheet_cut": (lambda m: {**m, SHEET: m[SHEET][: len(m[SHEET]) // 2]}, "sheet1.xml 不是有效的 XML"),
    "sheet_garbage": (lambda m: {**m, SHEET: b"\xff\xfe garbage"}, "sheet1.xml 不是有效的 XML"),
    "sheet_doctype": (lambda m: {**m, SHEET: DOCTYPE}, "出于安全原因"),
    "sheet_missing": (lambda m: {k: v for k, v in m.items() if k != SHEET}, "缺少工作表"),
    "workbook_missing": (lambda m: {k: v for k, v in m.items() if k != "xl/workbook.xml"}, "缺少 xl/workbook.xml"),
    "workbook_cut": (lambda m: {**m, "xl/workbook.xml": b"<workbook"}, "workbook.xml 不是有效的 XML"),
    "styles_cut": (lambda m: {**m, "xl/styles.xml": b"<styleSheet><x"}, "styles.xml 不是有效的 XML"),
    "styles_missing": (lambda m: {k: v for k, v in m.items() if k != "xl/styles.xml"}, "无法读取"),
    "rels_missing": (lambda m: {k: v for k, v in m.items() if k != "xl/_rels/workbook.xml.rels"}, "缺少"),
    "content_types_cut": (lambda m: {**m, "[Content_Types].xml": b"<Types"}, "不是有效的 XML"),
    "number_not_a_number": (lambda m: {**m, SHEET: m[SHEET].replace(b"<v>", b"<v>x", 1)}, "无法读取"),
}


@pytest.mark.parametrize("name", ARCHIVE_DAMAGE)
def test_damaged_archive_members_are_said_in_chinese(exports, tmp_path, name, capsys):
    change, words = ARCHIVE_DAMAGE[name]
    path = _zip(tmp_path / f"{name}.xlsx", change(_members(exports[SZ])))
    result = refused(path)
    assert any(words in p.message for p in result.errors), [str(p) for p in result.errors]
    target = tmp_path / "t.perfdesk"
    write_workbook(target, load_sample(SZ))
    before = sha(target)
    assert main(["import", str(path), "--into", str(target)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err and path.name in err
    assert sha(target) == before
    assert main(["import", str(path), "-o", str(tmp_path / "new.perfdesk")]) == 1
    assert not (tmp_path / "new.perfdesk").exists()
    capsys.readouterr()


def test_a_cut_or_corrupted_archive(exports, tmp_path):
    data = exports[SZ].read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[:-100])
    assert "压缩包已损坏" in refused(cut).errors[0].message
    flipped = bytearray(data)
    flipped[len(data) // 3] ^= 0xFF
    bad = tmp_path / "flipped.xlsx"
    bad.write_bytes(bytes(flipped))
    refused(bad)


def test_a_folder_is_not_read_as_a_file(tmp_path):
    folder = tmp_path / "文件夹.xlsx"
    folder.mkdir()
    assert "文件夹" in refused(folder).errors[0].message


# ---------------------------------------------------------------------------------- random damage

MUTATION_SEED = 19
MUTATIONS_PER_FILE = 120
JUNK = [b"<", b">", b"&", b"]]>", b"<v>1e999999999</v>", b"<v>NaN</v>", b"<f>1/0</f>", b'"', b"\x00", b"\xff",
        b"<c r=\"XFD1048576\"><v>1</v></c>", b"<mergeCell ref=\"A1:B2\"/>", b"[" * 200, b"-" * 50]


def _mutate(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return JUNK[rng.randrange(len(JUNK))]
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randrange(1, 200))
    how = rng.randrange(5)
    if how == 0:
        return data[:i]                                              # cut
    if how == 1:
        return data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]  # one byte
    if how == 2:
        return data[:i] + data[j:]                                   # a slice gone
    if how == 3:
        return data[:i] + data[i:j] + data[i:]                       # a slice twice
    return data[:i] + JUNK[rng.randrange(len(JUNK))] + data[i:]       # junk in


def test_random_damage_never_raises_and_never_changes_the_workbook(exports, tmp_path):
    """A deterministic stand-in for the Hypothesis suite the issue asks for (Hypothesis is not
    installed): XML members and info-sheet cells of real exports mutated with a fixed seed."""
    rng = random.Random(MUTATION_SEED)
    into = load_sample(SZ)
    before = dump_workbook(into)
    counts = {"refused": 0, "read": 0}
    for name, path in exports.items():
        members = _members(path)
        xml = [n for n in members if n.endswith((".xml", ".rels"))]
        for k in range(MUTATIONS_PER_FILE):
            victim = rng.choice(xml)
            changed = {**members, victim: _mutate(rng, members[victim])}
            target = _zip(tmp_path / f"m{k}.xlsx", changed)
            result = import_xlsx(target, into=into)           # any exception fails the test
            counts["refused" if result.errors else "read"] += 1
            for p in result.errors:
                assert ends_in_chinese(p.message) and p.file == target.name, (name, victim, k, str(p))
            assert dump_workbook(into) == before
    assert counts["refused"] > MUTATIONS_PER_FILE // 2 and sum(counts.values()) == 3 * MUTATIONS_PER_FILE
