"""审核意见 below the window: the domain (places in words or ids, the undoable edit, the merge),
the codec and the file store, and the 主管部门's commands (comment, comments, return) with their
refusals — nothing written on error."""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from perfdesk.cli.main import main
from perfdesk.codec import WorkbookDataError, dump_workbook, workbook_from_dict
from perfdesk.domain import comments as C
from perfdesk.domain import edits
from perfdesk.domain.model import Comment
from perfdesk.domain.places import FieldPlace, FundsPlace, IndicatorPlace
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import WorkbookFile, read_workbook, write_workbook


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------------ domain

def test_places_by_words_by_id_and_refused_with_the_reason():
    form = load_sample("shenzhen-guangming-2024").form("project_self_eval")
    assert C.resolve_place(form, "项目名称") == FieldPlace("project_name")
    assert C.resolve_place(form, "年度资金总额 > 全年执行数") == FundsPlace("execution", "total", "spent")
    assert C.resolve_place(form, "预算执行情况›年度资金总额›全年执行数") == FundsPlace("execution", "total", "spent")
    assert C.resolve_place(form, "产出指标>数量指标") == IndicatorPlace((0, 0))
    assert C.resolve_place(form, "funds:execution.total.spent") == FundsPlace("execution", "total", "spent")
    assert C.resolve_place(form, "indicator:0/0:weight") == IndicatorPlace((0, 0), "weight")
    with pytest.raises(C.CommentError, match="不止一处.*funds:execution.total.adjusted"):
        C.resolve_place(form, "全年预算数")
    with pytest.raises(C.CommentError, match="没有 “不存在的栏目” 这个位置"):
        C.resolve_place(form, "不存在的栏目")
    with pytest.raises(C.CommentError, match="没有位置 “indicator:9/9”"):
        C.resolve_place(form, "indicator:9/9")


def test_the_comment_edit_undoes_and_never_touches_the_forms():
    wb = load_sample("shenzhen-guangming-2024")
    forms_before = json.loads(dump_workbook(wb))["forms"]
    c = C.new_comment(wb, "project_self_eval", " 权重合计应为100 ", IndicatorPlace((0, 0)), "财政局", "2025-04-01T09:00:00")
    assert (c.id, c.text, c.place, c.where) == ("c1", "权重合计应为100", "indicator:0/0:name", "产出指标 › 数量指标")
    undo_add = edits.apply(wb, C.SetComment(c.id, c))
    done = C.marked_done(c, "2025-04-02T10:00:00")
    undo_done = edits.apply(wb, C.SetComment(c.id, done))
    assert wb.comments == [done] and C.counts(wb.comments) == (0, 1)
    edits.apply(wb, undo_done)
    assert wb.comments == [c]
    edits.apply(wb, undo_add)
    assert wb.comments == []
    assert json.loads(dump_workbook(wb))["forms"] == forms_before
    with pytest.raises(C.CommentError, match="没有表 “nope”"):
        C.new_comment(wb, "nope", "x")
    with pytest.raises(C.CommentError, match="不能为空"):
        C.new_comment(wb, "project_self_eval", "  ")


def test_merge_keeps_the_units_marks_and_what_was_added_since():
    c1, c2, c3 = (Comment(f"c{i}", "f", f"t{i}") for i in (1, 2, 3))
    delivered = [C.marked_done(c1, "t"), c2]
    assert C.merge(delivered, [c1, c2, c3]) == delivered + [c3]
    assert C.next_id([c1, c3]) == "c4" and C.next_id([]) == "c1"


# ------------------------------------------------------------------------ codec and store

def test_comments_in_workbook_json_only_when_present_and_checked():
    wb = load_sample("hebei-2022")
    plain = dump_workbook(wb)
    assert '"comments"' not in plain
    wb.comments.append(C.new_comment(wb, "project_01", "请补充偏差原因", created="2025-04-01T09:00:00"))
    data = json.loads(dump_workbook(wb))
    assert data["comments"][0]["form"] == "project_01" and data["comments"][0]["status"] == "open"
    assert workbook_from_dict(data).comments == wb.comments
    without = dict(data)
    del without["comments"]
    assert json.loads(plain) == without          # nothing else changed
    for bad, message in (({"status": "later"}, "状态应为 open 或 done"), ({"colour": "red"}, "未知的键 “colour”"),
                         ({"id": ""}, "缺少标识")):
        broken = json.loads(json.dumps(data))
        broken["comments"][0].update(bad)
        with pytest.raises(WorkbookDataError, match=message):
            workbook_from_dict(broken)


def test_the_file_keeps_comments_and_a_journaled_done_mark(tmp_path):
    wb = load_sample("hebei-2022")
    wb.comments.append(C.new_comment(wb, "project_01", "请补充偏差原因"))
    path = tmp_path / "u.perfdesk"
    write_workbook(path, wb)
    assert read_workbook(path).comments == wb.comments
    f = WorkbookFile.open(path)
    loaded = f.load()
    edits.apply(loaded, C.SetComment("c1", C.marked_done(loaded.comments[0], "2025-04-02T10:00:00")))
    f.autosave(loaded, [])              # the header alone, as the window journals it
    f.close()                           # not saved: the journal stays for recovery
    with WorkbookFile.open(path, read_only=True) as again:
        assert again.load(include_pending=True).comments[0].status == "done"
        assert again.load(include_pending=False).comments[0].status == "open"


# --------------------------------------------------------------------------------- CLI

@pytest.fixture
def summary(tmp_path, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    for name in ("shenzhen-guangming-2024", "hebei-2022"):
        assert run(capsys, "demo", name, "-o", usb / f"{name}.perfdesk")[0] == 0
    path = tmp_path / "s.perfdesk-summary"
    assert run(capsys, "collect", usb, "-o", path)[0] == 0
    return path


@pytest.mark.parametrize("argv, message", [
    (["--unit", "无此单位", "--form", "x", "意见"], "汇总中没有单位 “无此单位”.*123012"),
    (["--unit", "414001", "--form", "nope", "意见"], "没有表 “nope”，可用：dept_plan"),
    (["--unit", "414001", "--form", "project_01", "--place", "不存在>的位置", "意见"], "没有 “不存在>的位置” 这个位置"),
    (["--unit", "414001", "--form", "project_01", "--place", "funds:nope.total", "意见"], "没有位置 “funds:nope.total”"),
])
def test_comment_refusals_name_what_and_leave_the_summary_alone(summary, capsys, argv, message):
    before = summary.read_bytes()
    code, _, err = run(capsys, "comment", summary, *argv)
    assert code == 1
    assert __import__("re").search(message, err), err
    assert "汇总文件未改动" in err
    assert summary.read_bytes() == before


def test_usage_errors_and_not_a_summary(summary, tmp_path, capsys):
    assert run(capsys, "comment", summary, "--unit", "414001", "--form", "project_01", "  ")[0] == 2
    other = tmp_path / "x.json"
    other.write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "comment", other, "--unit", "414001", "--form", "project_01", "意见")
    assert code == 1 and "不是 perfdesk 汇总文件" in err
    assert run(capsys, "return", summary, "-o", tmp_path / "a.perfdesk")[0] == 2
    assert run(capsys, "return", summary, "--unit", "414001", "--all", "-o", tmp_path / "a.perfdesk")[0] == 2
    assert run(capsys, "return", summary, "--unit", "414001", "-o", tmp_path / "a.xlsx")[0] == 2
    code, _, err = run(capsys, "return", summary, "--unit", "无此单位", "-o", tmp_path / "a.perfdesk")
    assert code == 1 and "未写入任何文件" in err and not (tmp_path / "a.perfdesk").exists()


def test_comment_list_return_all_and_the_overview(summary, tmp_path, capsys):
    code, out, err = run(capsys, "comment", summary, "--unit", "市场监管部门市场监督管理局本级", "--form", "project_01",
                         "--place", "项目名称", "--author", "市财政局", "项目名称与预算批复不一致")
    assert code == 0, err
    assert "c1" in out and "项目名称" in out
    code, out, _ = run(capsys, "comments", summary, "--json")
    [listed] = json.loads(out)
    assert (listed["unit_code"], listed["form"], listed["place"], listed["author"], listed["status"]) == \
        ("414001", "project_01", "field:project_name", "市财政局", "open")
    code, out, _ = run(capsys, "comments", summary, "--unit", "414001", "--form", "project_01", "--places")
    assert "field:project_name\t项目名称" in out.splitlines()
    data = json.loads(summary.read_text(encoding="utf-8"))
    row = next(r for r in data["overview"] if r["unit_code"] == "414001")
    assert (row["comments_open"], row["comments_done"]) == (1, 0)

    out_dir = tmp_path / "back"
    code, _, err = run(capsys, "return", summary, "--all", "-o", out_dir)
    assert code == 0, err
    [written] = sorted(out_dir.iterdir())           # only the unit with an open comment
    assert written.name == "414001-市场监管部门市场监督管理局本级.perfdesk"
    returned = read_workbook(written)
    assert [c.text for c in returned.comments] == ["项目名称与预算批复不一致"]
    delivered = json.loads(run(capsys, "dump", tmp_path / "usb" / "hebei-2022.perfdesk")[1])
    back = json.loads(run(capsys, "dump", written)[1])
    assert back.pop("comments") and back == delivered      # the figures exactly as delivered
    code, _, err = run(capsys, "return", summary, "--all", "-o", out_dir)
    assert code == 1 and "如要覆盖，请加 --force" in err

    # a later collect over the same summary keeps the comment; the xlsx shows it
    xlsx = tmp_path / "o.xlsx"
    code, out, err = run(capsys, "collect", tmp_path / "usb", "-o", summary, "--force", "--xlsx", xlsx)
    assert code == 0, err
    assert "未处理 1" in out
    sheet = openpyxl.load_workbook(xlsx)["汇总概览"]
    header = [c.value for c in sheet[1]]
    column = header.index("审核意见")
    values = {r[1].value: r[column].value for r in sheet.iter_rows(min_row=2)}
    assert values["414001"] == "未处理 1" and values["123012"] is None
    # and --comments-from carries them into a new summary file
    fresh = tmp_path / "fresh.perfdesk-summary"
    assert run(capsys, "collect", tmp_path / "usb", "-o", fresh, "--comments-from", summary)[0] == 0
    assert json.loads(run(capsys, "comments", fresh, "--json")[1])[0]["id"] == "c1"
