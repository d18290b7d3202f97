"""The 主管部门's 审核意见, 退回 and 汇总表 from the overview (issue 22): the column 审核意见 and its
filter; 添加审核意见… in a unit's read-only window, kept in the summary as `perfdesk comment`
keeps it, marked on the cell, counted in the overview, deleted while the unit has not seen it;
退回所选单位 / 退回全部有意见的单位 write what `perfdesk return` writes; 打印汇总表和分析 and
导出汇总表 write what `perfdesk summary print|export` writes, asking the year of a summary of
several years."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from perfdesk.cli.main import main
from perfdesk.codec import workbook_to_dict
from perfdesk.collect import review
from perfdesk.collect.gather import collect
from perfdesk.domain.places import FundsPlace
from perfdesk.gui.document import CommentMark
from perfdesk.gui.summary import review_actions
from perfdesk.gui.summary.data import Summary
from perfdesk.gui.summary.overview_model import STATE_FILTERS
from perfdesk.gui.summary.overview_window import OverviewWindow
from perfdesk.store.workbook_file import read_workbook

from .helpers import double_click
from .test_summary import column, usb  # noqa: F401 - the fixture

SZ = "深圳市市场监督管理局光明监管局"       # the 深圳 sample's unit (123012)


def pdf_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def overview_of(qtbot, folder, year=2024, saved=True) -> OverviewWindow:
    window = OverviewWindow(Summary.from_collection(collect([folder], year)), saved=saved)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def proxy_row(window, unit: str) -> int:
    return next(r for r in range(window.proxy.rowCount()) if window.proxy.index(r, 0).data() == unit)


def sz_row(window) -> dict:
    return next(r for r in window.summary.rows if r["unit"] == SZ)


def write_comment(text: str):
    def fill(dialog):
        dialog.text.setPlainText(text)
        dialog._accept()
        return dialog.result() == dialog.DialogCode.Accepted
    return fill


def open_sz(qtbot, window):
    double_click(qtbot, window.view, window.proxy.index(proxy_row(window, SZ), 0))
    unit = window.unit_windows[-1]
    qtbot.waitExposed(unit)
    return unit


def spent_place(workbook):
    form = workbook.forms[0]
    table_id, row_id, column_id = form.definition.execution.spent.split(".")
    return form.id, FundsPlace(table_id, row_id, column_id)


# -- 添加审核意见 in a unit window; the overview's column ---------------------------------------------

def test_a_comment_made_in_the_unit_window_is_kept_marked_counted_and_saved(qtbot, usb, dialog_log, tmp_path,
                                                                              capsys):
    folder, _, _ = usb
    window = overview_of(qtbot, folder)
    at = column("comments")
    assert window.model.headerData(at, Qt.Orientation.Horizontal) == "审核意见"
    assert window.proxy.index(proxy_row(window, SZ), at).data() == ""
    unit = open_sz(qtbot, window)
    delivered = workbook_to_dict(unit.delivered)
    assert unit.review_actions.dock.model.rowCount() == 0

    # the cell the user is on: a funds cell, chosen in the table
    form_id, place = spent_place(unit.delivered)
    assert unit.select_cell(form_id, place)
    assert unit.review_actions.current() == (form_id, place)
    dialog_log.run_dialog = write_comment("执行数与决算不符，请核实")
    unit.review_actions.act_add.trigger()

    entry = window.summary.unit(sz_row(window))
    assert [(c.text, c.place, c.status) for c in review.entry_comments(entry)] == \
        [("执行数与决算不符，请核实", "funds:" + ".".join((place.table_id, place.row_id, place.column_id)), "open")]
    # shown in the window: listed with its state, the cell marked in the comments' colour
    dock = unit.review_actions.dock
    assert dock.model.rowCount() == 1
    assert dock.model.index(0, 0).data() == "未处理" and "全年执行数" in dock.model.index(0, 2).data()
    mark = unit.document.mark(form_id, place)
    assert mark is not None and mark[0] is CommentMark and "执行数与决算不符" in mark[1][0]
    # counted in the overview, which is now unsaved; the delivered workbook is untouched
    assert sz_row(window)["comments_open"] == 1 and sz_row(window)["comments_done"] == 0
    assert window.proxy.index(proxy_row(window, SZ), at).data() == "未处理 1"
    assert not window.saved and "未保存" in window.windowTitle()
    assert workbook_to_dict(unit.delivered) == delivered and unit.delivered.comments == []

    # a second one, on the form as a whole
    dialog_log.run_dialog = write_comment("请补充偏差原因")
    unit.review_actions.act_add_form.trigger()
    assert [c.where for c in review.entry_comments(entry)][-1] == ""
    assert window.proxy.index(proxy_row(window, SZ), at).data() == "未处理 2"

    # filter and sort by the open ones
    labels = [label for label, _ in STATE_FILTERS]
    window.state_box.setCurrentIndex(labels.index("有未处理意见"))
    assert [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())] == [SZ]
    window.state_box.setCurrentIndex(0)
    window.view.sortByColumn(at, Qt.SortOrder.DescendingOrder)
    assert window.proxy.index(0, 0).data() == SZ

    # saved, the CLI reads what the GUI wrote
    dialog_log.save_path = str(tmp_path / "总.perfdesk-summary")
    assert window.save()
    assert main(["comments", str(tmp_path / "总.perfdesk-summary"), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["unit"], r["text"], r["status"]) for r in listed] == [(SZ, "执行数与决算不符，请核实", "open"),
                                                                     (SZ, "请补充偏差原因", "open")]

    # a comment the unit has not delivered back can be taken back (after asking)
    dock.view.selectRow(1)
    dialog_log.confirm_answer = False
    assert not dock.remove_current() and len(review.entry_comments(entry)) == 2
    dialog_log.confirm_answer = True
    assert dock.remove_current()
    assert [c.text for c in review.entry_comments(entry)] == ["执行数与决算不符，请核实"]
    assert dock.model.rowCount() == 1 and window.proxy.index(proxy_row(window, SZ), at).data() == "未处理 1"
    assert not window.saved


def test_the_context_menu_place_of_a_table_cell_and_of_a_field(qtbot, usb):
    folder, _, _ = usb
    window = overview_of(qtbot, folder)
    unit = open_sz(qtbot, window)
    form_id, place = spent_place(unit.delivered)
    editor = unit.show_form(form_id)
    view = editor.tables[place.table_id]
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    index = view.model().index(view.model().row_of(place), view.model().column_of(place.column_id))
    view.setCurrentIndex(index)
    assert unit.review_actions.place_in(editor, view) == place
    field_place, widget = next((b.place, b.widget) for b in editor.bindings if b.place.__class__.__name__ == "FieldPlace")
    assert unit.review_actions.place_in(editor, widget) == field_place
    assert widget.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu


# -- 退回 ----------------------------------------------------------------------------------------------

def test_return_the_selected_unit_and_all_units_with_comments(qtbot, usb, dialog_log, tmp_path, monkeypatch, capsys):
    folder, _, _ = usb
    window = overview_of(qtbot, folder)
    actions = window.review_actions
    # nothing selected, then a unit without comments: refused in Chinese, nothing written
    window.view.setCurrentIndex(window.proxy.index(-1, 0))
    assert actions.return_selected() is None and "选中" in dialog_log.errors[-1]
    window.view.setCurrentIndex(window.proxy.index(proxy_row(window, SZ), 0))
    assert actions.return_selected() is None and "没有审核意见" in dialog_log.errors[-1]
    assert actions.return_all() is None and "没有单位有未处理的审核意见" in dialog_log.errors[-1]

    entry = window.summary.unit(sz_row(window))
    comment = review.make_comment(window.summary.data, entry, "project_self_eval", "权重合计应为100", "产出指标>数量指标")
    review.store_comment(window.summary.data, entry, comment)
    out = tmp_path / "back" / "sz.perfdesk"
    out.parent.mkdir()
    dialog_log.save_path = str(out)
    assert actions.return_selected() == out
    back = read_workbook(out)
    delivered = read_workbook(folder / "sub" / "shenzhen-again.perfdesk")      # the newer delivery
    assert [c.text for c in back.comments] == ["权重合计应为100"]
    back.comments = []
    assert workbook_to_dict(back) == workbook_to_dict(delivered)       # the unit's figures as delivered
    # the same file as `perfdesk return`
    cli = tmp_path / "cli.perfdesk"
    window.save_path = tmp_path / "s.perfdesk-summary"
    window.summary.save(tmp_path / "s.perfdesk-summary")
    assert main(["return", str(tmp_path / "s.perfdesk-summary"), "--unit", SZ, "-o", str(cli)]) == 0
    assert workbook_to_dict(read_workbook(cli)) == workbook_to_dict(read_workbook(out))
    # an existing file: asked, kept when the answer is no
    before = out.read_bytes()
    dialog_log.confirm_answer = False
    assert actions.return_selected() is None and "已存在" in dialog_log.asked[-1]
    assert out.read_bytes() == before

    # all units with open comments, into a folder, named as dispatch names them
    dialog_log.confirm_answer = True
    monkeypatch.setattr(review_actions, "ask_folder", lambda parent, title: str(tmp_path / "all"))
    (tmp_path / "all").mkdir()
    written = actions.return_all()
    assert [p.name for p in written] == [review.return_file_name(back)]
    assert "已把 1 个" in dialog_log.asked[-1]
    dialog_log.confirm_answer = False
    assert actions.return_all() is None and "覆盖" in dialog_log.asked[-1]


# -- 汇总表 -----------------------------------------------------------------------------------------------

def test_print_and_export_the_summary_tables_as_the_cli_does(qtbot, usb, dialog_log, tmp_path, capsys):
    folder, _, _ = usb
    window = overview_of(qtbot, folder)
    dialog_log.save_path = str(tmp_path / "汇总表.pdf")
    assert window.summary_print_actions.print_pdf() == tmp_path / "汇总表.pdf"
    saved = tmp_path / "s.perfdesk-summary"
    window.summary.save(saved)
    assert main(["summary", "print", str(saved), "-o", str(tmp_path / "cli.pdf")]) == 0
    ours, theirs = pdf_pages(tmp_path / "汇总表.pdf"), pdf_pages(tmp_path / "cli.pdf")
    assert len(ours) == len(theirs) >= 3
    assert ours == theirs                                   # the same tables, figures and 校验码
    assert "汇总分析" in ours[-1] and "项目支出绩效自评汇总表" in ours[0]

    dialog_log.save_path = str(tmp_path / "汇总表.xlsx")
    assert window.summary_print_actions.export_xlsx() == tmp_path / "汇总表.xlsx"
    assert main(["summary", "export", str(saved), "-o", str(tmp_path / "cli.xlsx")]) == 0

    def sheets(path):
        book = openpyxl.load_workbook(path)
        return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}
    assert sheets(tmp_path / "汇总表.xlsx") == sheets(tmp_path / "cli.xlsx")
    # an existing file is overwritten only after asking
    dialog_log.confirm_answer = False
    before = (tmp_path / "汇总表.xlsx").read_bytes()
    assert window.summary_print_actions.export_xlsx() is None and "已存在" in dialog_log.asked[-1]
    assert (tmp_path / "汇总表.xlsx").read_bytes() == before


def test_a_summary_of_several_years_asks_which_year(qtbot, usb, dialog_log, tmp_path, monkeypatch):
    folder, _, _ = usb
    window = overview_of(qtbot, folder, year=None)
    asked = []
    monkeypatch.setattr("perfdesk.gui.dialogs.ask_item",
                        lambda parent, title, label, items: (asked.append(items), dialog_log.item_answer)[1])
    dialog_log.save_path = str(tmp_path / "x.xlsx")
    dialog_log.item_answer = None
    assert window.summary_print_actions.export_xlsx() is None and not (tmp_path / "x.xlsx").exists()
    assert asked[-1] == ["2022 年度", "2024 年度"]
    dialog_log.item_answer = 0
    assert window.summary_print_actions.export_xlsx() == tmp_path / "x.xlsx"
    titles = openpyxl.load_workbook(tmp_path / "x.xlsx").sheetnames
    assert any(t.startswith("2022年度") for t in titles) and not any(t.startswith("2024") for t in titles)
