"""perfdesk export / perfdesk import on the command line."""
import pytest

from perfdesk.cli.main import main
from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook
from perfdesk.store.workbook_file import WorkbookFile, read_workbook, write_workbook


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hebei(tmp_path):
    path = tmp_path / "hebei.perfdesk"
    write_workbook(path, load_sample("hebei-2022"))
    return path


def test_export_then_import_gives_the_same_workbook(capsys, tmp_path, hebei):
    xlsx = tmp_path / "hebei.xlsx"
    code, _, err = run(capsys, "export", hebei, "-o", xlsx)
    assert code == 0 and "已导出 10 张表" in err
    new = tmp_path / "back.perfdesk"
    code, out, err = run(capsys, "import", xlsx, "-o", new)
    assert code == 0, err
    assert out.count("新增：") == 10
    assert dump_workbook(read_workbook(new)) == dump_workbook(read_workbook(hebei))


def test_export_refuses_to_overwrite_and_names_forms(capsys, tmp_path, hebei):
    xlsx = tmp_path / "out.xlsx"
    xlsx.write_bytes(b"keep")
    code, _, err = run(capsys, "export", hebei, "-o", xlsx)
    assert code == 1 and "文件已存在" in err and xlsx.read_bytes() == b"keep"
    code, _, err = run(capsys, "export", hebei, "-o", xlsx, "--force", "--form", "project_03", "--form", "dept_plan")
    assert code == 0 and "已导出 2 张表" in err
    code, _, err = run(capsys, "export", hebei, "-o", tmp_path / "x.xlsx", "--form", "nope")
    assert code == 1 and "没有表单 “nope”" in err
    code, _, err = run(capsys, "export", hebei, "-o", tmp_path / "x.pdf")
    assert code == 2 and ".xlsx" in err


def test_import_refuses_to_overwrite_without_force(capsys, tmp_path, hebei):
    xlsx = tmp_path / "h.xlsx"
    run(capsys, "export", hebei, "-o", xlsx)
    target = tmp_path / "existing.perfdesk"
    write_workbook(target, load_sample("rugao-2023"))
    before = dump_workbook(read_workbook(target))
    code, _, err = run(capsys, "import", xlsx, "-o", target)
    assert code == 1 and "--force" in err and "--into" in err
    assert dump_workbook(read_workbook(target)) == before
    code, _, _ = run(capsys, "import", xlsx, "-o", target, "--force")
    assert code == 0 and read_workbook(target).unit == "市场监管部门市场监督管理局本级"


def test_import_into_takes_a_snapshot_first(capsys, tmp_path):
    source = tmp_path / "sz.perfdesk"
    edited = load_sample("shenzhen-guangming-2024")
    edited.forms[0].fields["project_name"] = "改过的名称"
    write_workbook(source, edited)
    xlsx = tmp_path / "sz.xlsx"
    run(capsys, "export", source, "-o", xlsx)
    target = tmp_path / "target.perfdesk"
    write_workbook(target, load_sample("shenzhen-guangming-2024"))
    original = dump_workbook(read_workbook(target))
    code, out, err = run(capsys, "import", xlsx, "--into", target, "--dry-run")
    assert code == 0 and "修改：" in out and "项目名称：市场监督管理综合事务 → 改过的名称" in out
    assert dump_workbook(read_workbook(target)) == original
    code, out, err = run(capsys, "import", xlsx, "--into", target)
    assert code == 0, err
    assert read_workbook(target).forms[0].fields["project_name"] == "改过的名称"
    with WorkbookFile.open(target) as f:
        (snap,) = f.snapshots()
        assert snap.auto and "sz.xlsx" in snap.name
        assert dump_workbook(f.snapshot_workbook(snap)) == original
    # importing the same file again changes nothing and takes no snapshot
    code, _, err = run(capsys, "import", xlsx, "--into", target)
    assert code == 0 and "相同" in err
    with WorkbookFile.open(target) as f:
        assert len(f.snapshots()) == 1


def test_a_broken_file_changes_nothing_and_says_where(capsys, tmp_path):
    target = tmp_path / "t.perfdesk"
    write_workbook(target, load_sample("rugao-2023"))
    before = dump_workbook(read_workbook(target))
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a spreadsheet")
    code, _, err = run(capsys, "import", bad, "--into", target)
    assert code == 1
    assert "错误：文件“bad.xlsx”" in err and "未作任何修改" in err
    assert dump_workbook(read_workbook(target)) == before
    with WorkbookFile.open(target) as f:
        assert f.snapshots() == []
    code, _, err = run(capsys, "import", bad, "-o", tmp_path / "new.perfdesk")
    assert code == 1 and not (tmp_path / "new.perfdesk").exists()


def _bomb(path):
    import zipfile
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    body = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + \
        row * (60 * 1024 * 1024 // len(row)) + b"</sheetData></worksheet>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", body)


def _no_header(path):
    from tests.xlsx.sheets import build
    build(path, [["会议纪要"], ["时间", "地点"], ["3月1日", "会议室"]], title="纪要")


def _text_in_a_number_cell(path):
    from tests.xlsx.sheets import build
    from tests.xlsx.test_foreign import SHENZHEN_FORMATS, SHENZHEN_MERGES, shenzhen_rows
    build(path, shenzhen_rows({(13, 8): "两分"}), SHENZHEN_MERGES, "自评表", SHENZHEN_FORMATS)


@pytest.mark.parametrize("make, says", [
    (_bomb, ["错误：文件“bad.xlsx”", "压缩炸弹"]),
    (_no_header, ["错误：文件“bad.xlsx”", "没有可导入的表格", "工作表“纪要”", "未找到可识别的表头"]),
    (_text_in_a_number_cell, ["错误：文件“bad.xlsx”，工作表“自评表”，第 13 行，H 列：“权重”应为数字，实际为文字“两分”"]),
])
def test_each_kind_of_broken_file_leaves_the_workbook_as_it_was(capsys, tmp_path, make, says):
    target = tmp_path / "t.perfdesk"
    write_workbook(target, load_sample("shenzhen-guangming-2024"))
    before = dump_workbook(read_workbook(target))
    bad = tmp_path / "bad.xlsx"
    make(bad)
    code, out, err = run(capsys, "import", bad, "--into", target)
    assert code == 1
    for text in says:
        assert text in err, err
    assert "未作任何修改" in err and out == ""
    assert dump_workbook(read_workbook(target)) == before
    with WorkbookFile.open(target) as f:
        assert f.snapshots() == [] and not f.has_pending     # not even a snapshot was taken
    code, _, err = run(capsys, "import", bad, "-o", tmp_path / "new.perfdesk")
    assert code == 1 and not (tmp_path / "new.perfdesk").exists()


def test_a_long_list_of_sheets_is_cut_short():
    from perfdesk.cli.cmd_export import sheet_list

    assert sheet_list(["甲", "乙", "丙"]) == "甲、乙、丙"
    names = [f"表{i}" for i in range(1, 202)]
    text = sheet_list(names)
    assert text.startswith("表1、表2、") and "表8 等（另有 193 张）" in text and "表9" not in text


@pytest.fixture
def provincial(tmp_path, monkeypatch):
    """A workbook of a provincial 一体化 layout (split values, rate column, side section group,
    own signature block) whose definition the installed registry knows for the test's length."""
    from perfdesk.definitions.loader import default_registry
    from tests.xlsx.test_provincial_keys import make_workbook

    wb, _ = make_workbook()
    definition = wb.forms[0].definition
    monkeypatch.setitem(default_registry()._by_id, definition.id, definition)
    path = tmp_path / "prov.perfdesk"
    write_workbook(path, wb)
    return path


def test_a_provincial_layout_exports_and_imports_back_identically(capsys, tmp_path, provincial):
    xlsx = tmp_path / "prov.xlsx"
    code, _, err = run(capsys, "export", provincial, "-o", xlsx)
    assert code == 0, err
    back = tmp_path / "back.perfdesk"
    code, out, err = run(capsys, "import", xlsx, "-o", back)
    assert code == 0, err
    assert dump_workbook(read_workbook(back)) == dump_workbook(read_workbook(provincial))
    dumped = dump_workbook(read_workbook(back))
    assert '"﹦"' in dumped and "5万批次以上" in dumped       # parts and typed texts as they were
