"""Files that cannot be imported: each gets a message naming the file (and sheet, row, column
where there is one), and the workbook stays exactly as it was."""
import io
import time
import zipfile

import pytest

from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook
from perfdesk.xlsx import export_xlsx, import_xlsx
from perfdesk.xlsx.safety import Limits

from .sheets import build
from .test_foreign import SHENZHEN_FORMATS, SHENZHEN_MERGES, shenzhen_rows


@pytest.fixture
def into():
    return load_sample("shenzhen-guangming-2024")


def refused(path, into, **kw):
    before = dump_workbook(into)
    result = import_xlsx(path, into=into, **kw)
    assert result.workbook is None and not result.ok
    assert result.errors
    assert dump_workbook(into) == before
    return result


def _minimal_xlsx_members(sheet_xml: bytes) -> dict[str, bytes]:
    """A real workbook's members with the first sheet's XML replaced."""
    buf = io.BytesIO()
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["xl/worksheets/sheet1.xml"] = sheet_xml
    return members


def _write_zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_not_a_zip(tmp_path, into):
    path = tmp_path / "表格.xlsx"
    path.write_text("一级指标,二级指标\n产出指标,数量指标\n", encoding="utf-8")
    (problem,) = refused(path, into).problems
    assert problem.file == "表格.xlsx"
    assert "不是 xlsx 文件" in str(problem) and "表格.xlsx" in str(problem)


def test_old_xls_and_empty_and_truncated_files(tmp_path, into):
    xls = tmp_path / "old.xlsx"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "另存为" in refused(xls, into).errors[0].message
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert "空文件" in refused(empty, into).errors[0].message
    good = tmp_path / "good.xlsx"
    export_xlsx(load_sample("rugao-2023"), good)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "损坏" in refused(cut, into).errors[0].message
    plain_zip = _write_zip(tmp_path / "zip.xlsx", {"readme.txt": b"hello"})
    assert "不是 Excel 工作簿" in refused(plain_zip, into).errors[0].message


def test_zip_bomb_is_refused_before_parsing(tmp_path, into):
    # 60 MB of one repeated cell compresses to a few hundred KB: the classic bomb shape
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    body = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + \
        row * (60 * 1024 * 1024 // len(row)) + b"</sheetData></worksheet>"
    path = _write_zip(tmp_path / "bomb.xlsx", _minimal_xlsx_members(body))
    assert path.stat().st_size < 1024 * 1024
    started = time.perf_counter()
    (problem,) = refused(path, into).problems
    assert "压缩炸弹" in problem.message and "bomb.xlsx" in str(problem)
    assert time.perf_counter() - started < 5


def test_too_many_cells_or_a_huge_merged_range_are_refused(tmp_path, into):
    cells = "".join(f'<c r="A{i}"><v>{i}</v></c>' for i in range(1, 2001))
    body = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
            + cells + "</row></sheetData></worksheet>").encode()
    path = _write_zip(tmp_path / "cells.xlsx", _minimal_xlsx_members(body))
    assert "单元格过多" in refused(path, into, limits=Limits(cells=1000)).errors[0].message
    # a merge over the whole sheet would make openpyxl create 17 billion cells
    body = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/>'
            b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>')
    path = _write_zip(tmp_path / "merge.xlsx", _minimal_xlsx_members(body))
    started = time.perf_counter()
    assert "合并单元格范围过大" in refused(path, into).errors[0].message
    assert time.perf_counter() - started < 5


def test_a_sheet_with_no_recognisable_header(tmp_path, into):
    path = build(tmp_path / "notes.xlsx", [["会议纪要"], ["时间", "地点", "人员"], ["3月1日", "会议室", "张三"]],
                 title="纪要")
    result = refused(path, into)
    assert any(p.sheet == "纪要" and "未找到可识别的表头" in p.message for p in result.warnings)
    assert "没有可导入的表格" in result.errors[0].message and result.errors[0].file == "notes.xlsx"


def test_text_in_a_number_cell_names_sheet_row_and_column(tmp_path, into):
    rows = shenzhen_rows({(13, 8): "两分"})        # 权重 of the second indicator
    path = build(tmp_path / "bad.xlsx", rows, SHENZHEN_MERGES, "自评表", SHENZHEN_FORMATS)
    (problem,) = refused(path, into).errors
    assert (problem.file, problem.sheet, problem.row, problem.column_letter) == ("bad.xlsx", "自评表", 13, "H")
    assert "“权重”应为数字，实际为文字“两分”" in problem.message
    assert str(problem) == ("错误：文件“bad.xlsx”，工作表“自评表”，第 13 行，H 列："
                            "“权重”应为数字，实际为文字“两分”")


def test_all_or_nothing_across_sheets(tmp_path, into):
    good = shenzhen_rows()
    bad = shenzhen_rows({(6, 3): "一千万"})        # 年初预算数 of 年度资金总额
    path = build(tmp_path / "two.xlsx", good, SHENZHEN_MERGES, "好的", SHENZHEN_FORMATS,
                 extra_sheets={"坏的": bad})
    result = refused(path, into)
    assert [(p.sheet, p.row, p.column_letter) for p in result.errors] == [("坏的", 6, "C")]
    assert result.changes == []


def test_a_damaged_hidden_sheet_is_refused_as_a_damaged_export(tmp_path, into):
    import openpyxl
    path = tmp_path / "x.xlsx"
    export_xlsx(load_sample("shenzhen-guangming-2024"), path)
    wb = openpyxl.load_workbook(path)
    wb["perfdesk"]["B3"] = "{not json"
    wb.save(path)
    (problem,) = refused(path, into).errors       # not read as someone else's table
    assert (problem.sheet, problem.row, problem.column_letter) == ("perfdesk", 3, "B")
    assert "perfdesk 导出的表格" in problem.message and "已损坏" in problem.message


def test_without_defusedxml_foreign_xml_is_not_parsed(tmp_path, into, monkeypatch):
    import openpyxl.xml
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    path = tmp_path / "x.xlsx"
    export_xlsx(load_sample("rugao-2023"), path)
    assert "defusedxml" in refused(path, into).errors[0].message


def test_a_copied_sheet_of_our_export_is_refused(tmp_path, into):
    import openpyxl
    path = tmp_path / "copy.xlsx"
    export_xlsx(load_sample("shenzhen-guangming-2024"), path)
    wb = openpyxl.load_workbook(path)
    wb.copy_worksheet(wb.worksheets[0]).title = "副本"
    wb.save(path)
    (problem,) = refused(path, into).errors
    assert problem.sheet == "副本" and "同一张表" in problem.message


def test_an_archive_that_unpacks_too_large_in_total_or_holds_too_many_members(tmp_path, into):
    members = _minimal_xlsx_members(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                    b'<sheetData/></worksheet>')
    # each member is modest and compresses normally; together they unpack to too much
    for i in range(4):
        members[f"xl/media/image{i}.bin"] = bytes(range(256)) * 1200
    path = _write_zip(tmp_path / "big.xlsx", members)
    small = Limits(total_bytes=1024 * 1024, member_bytes=512 * 1024, ratio_floor=10 * 1024 * 1024)
    (problem,) = refused(path, into, limits=small).problems
    assert "解压后总大小过大" in problem.message and "压缩炸弹" in problem.message
    assert import_xlsx(path, limits=Limits(total_bytes=4 * 1024 * 1024)).errors[0].message != problem.message
    one = _write_zip(tmp_path / "one.xlsx", {**members, "xl/media/huge.bin": b"\0" * (600 * 1024)})
    assert "解压后过大" in refused(one, into, limits=small).errors[0].message
    many = _write_zip(tmp_path / "many.xlsx", {**members, **{f"xl/x/{i}.xml": b"<x/>" for i in range(30)}})
    assert "压缩包内文件过多" in refused(many, into, limits=Limits(members=20)).errors[0].message


def test_a_number_cell_holding_text_in_an_own_export_names_its_place(tmp_path, into):
    import openpyxl
    path = tmp_path / "edited.xlsx"
    export_xlsx(load_sample("shenzhen-guangming-2024"), path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    weight_col = next(c.column for row in ws.iter_rows() for c in row if c.value == "权重")
    row = next(c.row for r in ws.iter_rows() for c in r if c.value == "后勤经费保障伙食人员数量")
    ws.cell(row=row, column=weight_col).value = "两分"
    wb.save(path)
    (problem,) = refused(path, into).errors
    assert (problem.sheet, problem.row, problem.column) == (ws.title, row, weight_col)
    assert "“权重”应为数字，实际为文字“两分”" in problem.message
