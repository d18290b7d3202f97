import os
import sqlite3
from decimal import Decimal

import pytest

from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook
from perfdesk.store.workbook_file import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    WorkbookFile,
    WorkbookFileError,
    read_workbook,
    write_workbook,
)


@pytest.fixture
def hebei_file(tmp_path):
    path = tmp_path / "hebei.perfdesk"
    write_workbook(path, load_sample("hebei-2022"))
    return path


def test_file_is_marked_with_application_id_and_schema_version(hebei_file):
    con = sqlite3.connect(hebei_file)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM forms").fetchone()[0] == 10
    con.close()


def test_round_trip_keeps_everything(hebei_file):
    assert dump_workbook(read_workbook(hebei_file)) == dump_workbook(load_sample("hebei-2022"))


def test_writing_leaves_no_sidecar_or_temporary_file(hebei_file):
    assert sorted(p.name for p in hebei_file.parent.iterdir()) == ["hebei.perfdesk"]


def test_save_one_form_keeps_the_others_and_survives_reopening(hebei_file):
    with WorkbookFile.open(hebei_file) as f:
        wb = f.load()
        form = wb.form("project_01")
        form.funds["budget"].values["fiscal"]["amount"] = Decimal("7.20")
        form.indicators[0].children[0].children[0].name = "公车保险按时缴纳率"
        f.save(wb, [form])
    again = read_workbook(hebei_file)
    assert again.form("project_01").funds["budget"].value("total", "amount") == Decimal("7.20")
    assert again.form("project_01").indicators[0].children[0].children[0].name == "公车保险按时缴纳率"
    assert dump_workbook(again) == dump_workbook(wb)


def test_save_removes_deleted_forms_and_keeps_order(hebei_file):
    with WorkbookFile.open(hebei_file) as f:
        wb = f.load()
        wb.forms = [wb.forms[3], wb.forms[0]]
        f.save(wb)
    assert [x.id for x in read_workbook(hebei_file).forms] == ["project_03", "dept_plan"]


def test_save_as_writes_a_copy_and_leaves_the_source(hebei_file, tmp_path):
    with WorkbookFile.open(hebei_file) as f:
        wb = f.load()
        wb.unit = "另一个单位"
        copy = f.save_as(wb, tmp_path / "copy.perfdesk")
        copy.close()
    assert read_workbook(tmp_path / "copy.perfdesk").unit == "另一个单位"
    assert read_workbook(hebei_file).unit == "市场监管部门市场监督管理局本级"


def test_refuses_a_missing_file(tmp_path):
    with pytest.raises(WorkbookFileError, match="文件不存在"):
        WorkbookFile.open(tmp_path / "nope.perfdesk")


@pytest.mark.parametrize("content,message", [
    (b"", "空文件"),
    (b"PK\x03\x04" + b"\0" * 200, "不是 perfdesk 工作簿"),
    ("单位名称,年度\n".encode() * 20, "不是 perfdesk 工作簿"),
])
def test_refuses_files_that_are_not_workbooks_and_leaves_them_alone(tmp_path, content, message):
    path = tmp_path / "x.perfdesk"
    path.write_bytes(content)
    with pytest.raises(WorkbookFileError, match=message):
        WorkbookFile.open(path)
    assert path.read_bytes() == content


def test_refuses_another_sqlite_database(tmp_path):
    path = tmp_path / "other.perfdesk"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(WorkbookFileError, match="SQLite 数据库，但不是 perfdesk"):
        WorkbookFile.open(path)


def test_refuses_a_newer_format_naming_both_versions(hebei_file):
    con = sqlite3.connect(hebei_file)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(WorkbookFileError) as info:
        WorkbookFile.open(hebei_file)
    assert f"版本为 {SCHEMA_VERSION + 1}" in str(info.value) and f"版本 {SCHEMA_VERSION}" in str(info.value)


def test_truncated_file_gets_a_clear_message(hebei_file):
    data = hebei_file.read_bytes()
    hebei_file.write_bytes(data[: len(data) // 3])
    with pytest.raises(WorkbookFileError, match="损坏|内容有误|不是"):
        read_workbook(hebei_file)


def test_corrupt_content_is_reported_with_its_place(hebei_file):
    con = sqlite3.connect(hebei_file)
    con.execute(
        "UPDATE forms SET data = replace(data, '\"amount\": \"6.8\"', '\"amount\": \"六点八\"') WHERE id = 'project_01'")
    con.commit()
    con.close()
    with pytest.raises(WorkbookFileError) as info:
        read_workbook(hebei_file)
    assert "project_01" in str(info.value) and "六点八" in str(info.value)


def test_create_refuses_to_overwrite(hebei_file):
    with pytest.raises(WorkbookFileError, match="已存在"):
        WorkbookFile.create(hebei_file, load_sample("nantong-2024"))


def test_failed_write_into_missing_directory_leaves_nothing(tmp_path):
    with pytest.raises(WorkbookFileError, match="目录不存在"):
        write_workbook(tmp_path / "no" / "dir.perfdesk", load_sample("nantong-2024"))
    assert os.listdir(tmp_path) == []
