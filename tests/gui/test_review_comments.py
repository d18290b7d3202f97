"""审核意见 end to end (issue 22 item 3): the 主管部门 comments on a unit in its summary (CLI),
returns the workbook (CLI), the unit opens it (the real window), sees the comments beside the
cells, goes to one, marks it done (undoable), saves; the next collect shows it done. The unit's
forms are byte-identical in `perfdesk dump` at every step."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from perfdesk.cli.main import main
from perfdesk.domain.places import FundsPlace, IndicatorPlace
from perfdesk.gui import comments_dock
from perfdesk.gui.document import CommentMark
from perfdesk.store.workbook_file import read_workbook

from .helpers import double_click, make_window

UNIT = "123012"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def forms_dump(capsys, path: Path) -> str:
    code, out, _ = run(capsys, "dump", path)
    assert code == 0
    data = json.loads(out)
    return json.dumps({k: data[k] for k in ("forms", "definitions", "unit", "unit_code", "year", "signature")},
                      ensure_ascii=False, sort_keys=True)


@pytest.fixture
def returned(tmp_path, capsys):
    """A delivered unit, collected, commented three ways, returned."""
    usb = tmp_path / "usb"
    usb.mkdir()
    assert run(capsys, "demo", "shenzhen-guangming-2024", "-o", usb / "sz.perfdesk")[0] == 0
    assert run(capsys, "demo", "hebei-2022", "-o", usb / "hb.perfdesk")[0] == 0
    summary = tmp_path / "s.perfdesk-summary"
    assert run(capsys, "collect", usb, "-o", summary)[0] == 0
    delivered = forms_dump(capsys, usb / "sz.perfdesk")
    for place, text in (("年度资金总额>全年执行数", "执行数与决算不符，请核实"),
                        ("产出指标>数量指标", "权重合计应为100"), ("", "请补充偏差原因")):
        args = ["comment", summary, "--unit", UNIT, "--form", "project_self_eval", text]
        if place:
            args[6:6] = ["--place", place]
        code, out, err = run(capsys, *args)
        assert code == 0, err
    back = tmp_path / "back" / "sz.perfdesk"
    back.parent.mkdir()
    code, _, err = run(capsys, "return", summary, "--unit", "深圳市市场监督管理局光明监管局", "-o", back)
    assert code == 0, err
    assert forms_dump(capsys, back) == delivered
    code, out, _ = run(capsys, "info", back, "--json")      # info counts them
    assert code == 0 and json.loads(out)["comments"] == {"open": 3, "done": 0}
    return {"usb": usb, "summary": summary, "back": back, "delivered": delivered}


def test_the_unit_sees_marks_done_saves_and_collect_shows_it_done(qtbot, returned, capsys, tmp_path):
    back = returned["back"]
    w = make_window(qtbot)
    assert w.open_path(str(back))
    dock = w.comments_dock
    assert dock.isVisible()
    model = dock.model
    assert model.rowCount() == 3
    texts = [model.index(r, 3).data() for r in range(3)]
    assert texts == ["执行数与决算不符，请核实", "权重合计应为100", "请补充偏差原因"]
    assert model.index(0, 2).data() == "预算执行情况 › 年度资金总额 › 全年执行数"
    assert model.index(2, 2).data() == "整张表"
    assert "未处理 3 条" in dock.summary.text()

    # beside the cells: the commented cells carry a mark with the comment in it
    doc = w.document
    mark = doc.mark("project_self_eval", FundsPlace("execution", "total", "spent"))
    assert mark is not None and mark[0] is CommentMark and "审核意见：执行数与决算不符，请核实" in mark[1]
    assert doc.mark("project_self_eval", IndicatorPlace((0, 0)))[1][-1] == "审核意见：权重合计应为100"

    # a double-click takes the unit to the indicator
    double_click(qtbot, dock.view, model.index(1, 3))
    editor = w.editor_stack.currentWidget()
    assert editor.form_id == "project_self_eval"
    view = editor.panel.view
    assert view.currentIndex().isValid() and view.model().path(view.currentIndex()) == (0, 0)

    # marked done by its check box: one undo step; undone and done again
    assert model.setData(model.index(1, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert doc.workbook.comments[1].status == "done" and doc.workbook.comments[1].done_at
    assert doc.modified
    assert doc.mark("project_self_eval", IndicatorPlace((0, 0))) is None or \
        not any("权重合计" in m for m in doc.mark("project_self_eval", IndicatorPlace((0, 0)))[1])
    w.undo()
    assert doc.workbook.comments[1].status == "open"
    assert "未处理 3 条" in dock.summary.text()
    w.redo()
    assert doc.workbook.comments[1].status == "done"
    assert "未处理 2 条，已处理 1 条" in dock.summary.text()
    # the button and a reply
    dock.view.selectRow(2)
    assert dock.done_button.text() == "标为已处理"
    dock.done_button.click()
    comments_dock.ask_reply = lambda parent, c: "已补充偏差原因"
    dock.reply()
    assert doc.workbook.comments[2].reply == "已补充偏差原因"

    w.save()
    assert not doc.modified
    on_disk = read_workbook(back)
    assert [c.status for c in on_disk.comments] == ["open", "done", "done"]
    assert forms_dump(capsys, back) == returned["delivered"]
    w.file_actions.close_document()

    # the unit delivers it again; the 主管部门 added one more comment meanwhile
    code, _, err = run(capsys, "comment", returned["summary"], "--unit", UNIT, "--form", "project_self_eval",
                       "请附上决算报表")
    assert code == 0, err
    os.utime(back, (2_000_000_000, 2_000_000_000))
    code, out, err = run(capsys, "collect", returned["usb"], back, "-o", returned["summary"], "--force", "--json")
    assert code == 0, err
    row = next(r for r in json.loads(out)["overview"] if r["unit_code"] == UNIT)
    assert (row["comments_open"], row["comments_done"]) == (2, 2)
    code, out, _ = run(capsys, "comments", returned["summary"], "--unit", UNIT, "--json")
    listed = {c["id"]: c for c in json.loads(out)}
    assert [listed[i]["status"] for i in ("c1", "c2", "c3", "c4")] == ["open", "done", "done", "open"]
    assert listed["c3"]["reply"] == "已补充偏差原因"
    # the summary keeps the delivery as it came; its forms are still those first delivered
    data = json.loads(returned["summary"].read_text(encoding="utf-8"))
    entry = next(u for u in data["units"] if u["workbook"]["unit_code"] == UNIT)
    assert entry["file"] == str(back)
    assert [c["id"] for c in entry["workbook"]["comments"]] == ["c1", "c2", "c3"]
    # a fresh collect (no earlier summary) sees what the unit sent back: c4 was never returned
    code, out, _ = run(capsys, "collect", returned["usb"], back)
    assert "未处理 1，已处理 2" in out


def test_a_workbook_without_comments_keeps_the_dock_hidden(qtbot, tmp_path, capsys):
    path = tmp_path / "sz.perfdesk"
    assert run(capsys, "demo", "shenzhen-guangming-2024", "-o", path)[0] == 0
    w = make_window(qtbot)
    assert w.open_path(str(path))
    assert not w.comments_dock.isVisible()
    assert w.comments_dock.toggleViewAction() in w.view_menu.actions()


def test_a_done_mark_survives_a_kill_like_any_edit(tmp_path, returned):
    """Marked done in a window that is then killed: the journal has it (the next opening offers
    it back), like any unsaved edit; the saved file itself still says open."""
    back = returned["back"]
    code = textwrap.dedent("""
        import os, sys, time
        from PySide6.QtWidgets import QApplication
        from perfdesk.gui.app import make_app
        from perfdesk.gui.main_window import MainWindow
        app = make_app()
        w = MainWindow()
        w.show()
        assert w.open_path(sys.argv[1])
        w.comments_dock.model.set_done(0, True)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and w.document.file.has_pending is False:
            app.processEvents()
            time.sleep(0.05)
        print("journaled", flush=True)
        time.sleep(60)
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PERFDESK_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", code, str(back)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "journaled"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    from perfdesk.store.workbook_file import WorkbookFile

    with WorkbookFile.open(back, read_only=True) as f:
        assert [c.status for c in f.load(include_pending=True).comments][0] == "done"
        assert [c.status for c in f.load(include_pending=False).comments][0] == "open"


def test_the_reusable_add_comment_dialog(qtbot, dialog_log):
    from perfdesk.gui.comment_dialog import add_comment_dialog
    from perfdesk.samples import load_sample

    wb = load_sample("shenzhen-guangming-2024")
    form = wb.form("project_self_eval")
    seen = []

    def answer(dialog):
        seen.append(dialog.findChildren(type(dialog.text))[0] is dialog.text)
        dialog._accept()                     # empty: refused in the dialog, which stays open
        assert dialog.problem.text() == "审核意见不能为空" and dialog.comment is None
        dialog.text.setPlainText("权重合计应为100")
        dialog.author.setText("市财政局")
        dialog._accept()
        return dialog.result() == dialog.DialogCode.Accepted

    dialog_log.run_dialog = answer
    c = add_comment_dialog(None, wb, form, IndicatorPlace((0, 0)))
    assert seen == [True]
    assert (c.id, c.form_id, c.place, c.where, c.text, c.author) == (
        "c1", "project_self_eval", "indicator:0/0:name", "产出指标 › 数量指标", "权重合计应为100", "市财政局")
    assert wb.comments == []                 # the caller puts it where it belongs
    dialog_log.run_dialog = lambda dialog: False
    assert add_comment_dialog(None, wb, form, None) is None
