"""汇总 in the GUI (issue 22): the 汇总 menu collects a folder with a progress that can be cancelled
and opens the overview; the overview sorts and filters, colours each state, lists the changes and
the files not taken; a double-click shows the unit's forms read-only with their findings; the
summary is saved, reopened and exported; 下发任务 writes the task, and a dispatched workbook
shows its deadline and instructions on opening."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from perfdesk.cli.main import main
from perfdesk.collect.gather import collect
from perfdesk.collect.summary_file import read_summary
from perfdesk.domain.model import Task
from perfdesk.gui import progress as progress_module
from perfdesk.gui.summary import analysis_pane, collect_dialog
from perfdesk.gui.summary.data import Summary
from perfdesk.gui.summary.overview_model import (KEYS, STATE_COLOURS, STATE_FILTERS, OverviewModel, OverviewProxy,
                                                 RowRole, SortRole)
from perfdesk.gui.summary.task_banner import deadline_text
from perfdesk.store.workbook_file import WorkbookFile, read_workbook, write_workbook

from .helpers import double_click

SAMPLES = ("nantong-2024", "shenzhen-guangming-2024", "hebei-2022")


def touch(path: Path, when: float) -> None:
    os.utime(path, (when, when))


@pytest.fixture(scope="module")
def usb(tmp_path_factory):
    """Three units, one damaged file, and shenzhen delivered again later with a figure changed."""
    folder = tmp_path_factory.mktemp("usb")
    for i, name in enumerate(SAMPLES):
        assert main(["demo", name, "-o", str(folder / f"{name}.perfdesk")]) == 0
        touch(folder / f"{name}.perfdesk", 1_700_000_000 + i)
    (folder / "cut.perfdesk").write_bytes((folder / "hebei-2022.perfdesk").read_bytes()[:3000])
    again = folder / "sub" / "shenzhen-again.perfdesk"
    again.parent.mkdir()
    with WorkbookFile.create(again, read_workbook(folder / "shenzhen-guangming-2024.perfdesk")) as wf:
        wb = wf.load()
        form = wb.forms[0]
        table_id, _, column_id = form.definition.execution.spent.split(".")
        table = form.funds_table(table_id)
        row_id = next(r for r, columns in table.values.items() if columns.get(column_id) is not None)
        old = table.values[row_id][column_id]
        table.values[row_id][column_id] = old - 1000
        wf.save(wb)
    touch(again, 1_700_000_500)
    return folder, str(old), str(old - 1000)


def rows_by_unit(window) -> dict[str, dict]:
    return {r["unit"]: r for r in window.summary.rows}


def column(key: str) -> int:
    return KEYS.index(key)


# -- the model ------------------------------------------------------------------------------

def test_the_overview_model_passes_the_model_tester_and_sorts_numbers_as_numbers(qtmodeltester, usb):
    folder, _, _ = usb
    summary = Summary.from_collection(collect([folder]))
    rows = summary.rows + [
        {"unit": "乙单位", "unit_code": "9", "status": "未报送", "forms": [], "budget": None, "errors": None},
        {"unit": "丙单位", "unit_code": "10", "status": "已报送", "forms": [], "budget": 9.5, "errors": 0,
         "warnings": 0, "file": "x"},
        {"unit": "丁单位", "unit_code": "11", "status": "已报送", "forms": [], "budget": 100000, "errors": 12,
         "warnings": 0, "file": "y"},
    ]
    model = OverviewModel(rows)
    proxy = OverviewProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    c = column("budget")
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.sort(c, order)
        values = [proxy.index(r, c).data(SortRole) for r in range(proxy.rowCount())]
        filled = [v for v in values if v is not None]
        assert values[len(filled):] == [None] * (len(values) - len(filled)), "empty cells last, either way"
        assert filled == sorted(filled, reverse=order == Qt.SortOrder.DescendingOrder)
        assert 9.5 in filled and 100000 in filled      # numbers, not "100,000.00" < "9.50"
    # shown as money, aligned right, coloured by state
    index = next(model.index(r, c) for r in range(model.rowCount()) if rows[r]["unit"] == "丁单位")
    assert index.data() == "100,000.00"
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(STATE_COLOURS["errors"])
    missing = next(model.index(r, 0) for r in range(model.rowCount()) if rows[r]["unit"] == "乙单位")
    assert missing.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(STATE_COLOURS["missing"])
    assert missing.siblingAtColumn(column("state")).data() == "未报送"
    # filters: text over unit, code and file; the state
    proxy.set_text("丁 单位")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["丁单位"]
    proxy.set_text("")
    labels = [label for label, _ in STATE_FILTERS]
    proxy.set_state_filter(labels.index("未报送"))
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["乙单位"]
    proxy.set_state_filter(labels.index("有错误"))
    assert all(proxy.row(proxy.index(r, 0))["errors"] for r in range(proxy.rowCount()))
    assert all(rows[proxy.index(r, 0).data(RowRole)] is proxy.row(proxy.index(r, 0)) for r in range(proxy.rowCount()))
    assert proxy.rowCount() == 1 + sum(1 for r in summary.rows if r["errors"])


# -- 汇总 from the menu ------------------------------------------------------------------------

def collect_from_menu(window, dialog_log, monkeypatch, folder):
    monkeypatch.setattr(collect_dialog, "ask_folder", lambda parent, title: str(folder))

    def fill(dialog):
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()   # nothing chosen yet
        dialog._add_folder()
        dialog._accept()
        return dialog.result() == dialog.DialogCode.Accepted
    dialog_log.run_dialog = fill
    window.summary_actions.act_collect.trigger()
    overview = window.summary_actions.overviews[-1]
    return overview


def test_collect_from_the_menu_shows_the_units_the_changes_and_the_files_not_taken(window, qtbot, usb, dialog_log,
                                                                                      monkeypatch):
    folder, old, new = usb
    seen = []
    original = collect

    def counting(*args, **kwargs):
        inner = kwargs["progress"]
        kwargs["progress"] = lambda done, total, name: (seen.append((done, total, name)), inner(done, total, name))
        return original(*args, **kwargs)
    monkeypatch.setattr("perfdesk.collect.gather.collect", counting)
    overview = collect_from_menu(window, dialog_log, monkeypatch, folder)
    qtbot.addWidget(overview)
    assert [n for _, _, n in seen] and seen[0][:2] == (0, 5) and seen[-1][:2] == (4, 5)   # every file, in turn
    rows = rows_by_unit(overview)
    assert len(rows) == 3 and overview.model.rowCount() == 3 and overview.shown.text() == "3 / 3 个单位"
    shenzhen = next(r for u, r in rows.items() if "光明" in u)
    assert shenzhen["file"].endswith("shenzhen-again.perfdesk") and "修改" in shenzhen["changes"]
    # the changes tab: old → new of the changed cell
    changes = [overview.changes_model.rows()[r] for r in range(overview.changes_model.rowCount())]
    assert any(c[7] == old and c[8] == new and c[2].endswith("shenzhen-guangming-2024.perfdesk") for c in changes), changes
    # the files not taken, with their reasons in Chinese
    rejected = {Path(r[0]).name: r for r in overview.rejected_model.rows()}
    assert rejected["cut.perfdesk"][1] == "无法读取" and "无法读取" in rejected["cut.perfdesk"][2]
    assert rejected["shenzhen-guangming-2024.perfdesk"][1] == "已被取代"
    assert "未保存" in overview.windowTitle() and "已报送 <b>3</b>" in overview.headline.text()
    # 已取代 filter: only shenzhen
    overview.state_box.setCurrentIndex([label for label, _ in STATE_FILTERS].index("已取代（重新报送过）"))
    assert overview.proxy.rowCount() == 1 and overview.shown.text() == "1 / 3 个单位"
    assert overview.proxy.row(overview.proxy.index(0, 0)) is shenzhen
    overview.state_box.setCurrentIndex(0)
    overview.filter_edit.setText("414999")       # no such code
    assert overview.proxy.rowCount() == 0
    overview.saved = True


def test_cancelling_the_collect_opens_nothing(window, usb, dialog_log, monkeypatch):
    folder, _, _ = usb

    def cancel(self, label):
        raise progress_module.Cancelled()
    monkeypatch.setattr(progress_module.Progress, "step", cancel)
    assert window.summary_actions.collect_sources([str(folder)]) is None
    assert window.summary_actions.overviews == []
    assert "已取消汇总" in window.statusBar().currentMessage()


def test_a_folder_without_workbooks_and_a_missing_source_are_said_in_chinese(window, tmp_path, dialog_log):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert window.summary_actions.collect_sources([str(empty)]) is None
    assert dialog_log.errors[-1] == "所选位置中没有 .perfdesk 或 .xlsx 工作簿文件"
    dialog = collect_dialog.CollectDialog(window)
    dialog.add_source(str(tmp_path / "nowhere"))
    dialog._accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.text() == f"找不到：{tmp_path / 'nowhere'}"
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert window.summary_actions.collect_sources([str(empty)], manifest=str(tmp_path / "bad.json")) is None
    assert "无法读取任务清单" in dialog_log.errors[-1] and "bad.json" in dialog_log.errors[-1]


# -- a unit's forms, read-only -----------------------------------------------------------------

def test_double_click_opens_the_units_forms_read_only_with_their_findings(qtbot, usb):
    folder, _, _ = usb
    from perfdesk.gui.summary.overview_window import OverviewWindow

    summary = Summary.from_collection(collect([folder]))
    overview = OverviewWindow(summary, saved=True)
    qtbot.addWidget(overview)
    overview.show()
    qtbot.waitExposed(overview)
    overview.view.sortByColumn(column("errors"), Qt.SortOrder.DescendingOrder)
    index = overview.proxy.index(0, 0)
    row = overview.row_at(index)
    assert row["errors"] > 0
    before = summary.workbook(row)
    from perfdesk.codec import workbook_to_dict
    dumped = workbook_to_dict(before)
    double_click(qtbot, overview.view, index)
    unit = overview.unit_windows[-1]
    qtbot.waitExposed(unit)
    assert unit.delivered is before and unit.document.workbook.forms is before.forms and "只读" in unit.windowTitle()
    assert unit.forms.count() == len(before.forms)
    qtbot.waitUntil(lambda: not unit.check_dock.checking, timeout=20000)
    findings = unit.check_dock.findings()
    assert sum(1 for f in findings if f.severity.value == "错误") == row["errors"]
    # the cells are marked as in the main window; typing is refused and nothing changes
    marked = [f for f in findings if f.place is not None]
    assert marked and unit.document.mark(marked[0].form, marked[0].place) is not None
    editor = unit.editor(before.forms[0].id)
    assert editor.title_edit.isReadOnly()
    from perfdesk.domain import edits
    refused = []
    unit.document.refused.connect(refused.append)
    from perfdesk.domain.places import TitlePlace
    unit.document.push(edits.SetValue(before.forms[0].id, TitlePlace(), "改过的标题"), "改")
    assert refused and "只读" in refused[0]
    assert workbook_to_dict(before) == dumped
    # a double-click on the same row raises the same window
    double_click(qtbot, overview.view, overview.proxy.index(0, 0))
    assert len(overview.unit_windows) == 1
    # a finding's double-click reaches its form
    unit.check_dock.place_activated.emit(marked[-1].form, marked[-1].place)
    assert unit.stack.currentWidget() is unit.editors[marked[-1].form]


# -- saving, opening, exporting ----------------------------------------------------------------

def test_save_reopen_and_export_the_summary(window, qtbot, usb, dialog_log, tmp_path):
    folder, _, _ = usb
    overview = window.summary_actions.collect_sources([str(folder)])
    qtbot.addWidget(overview)
    dialog_log.save_path = str(tmp_path / "总.perfdesk-summary")
    overview.act_save.trigger()
    assert overview.saved and "总.perfdesk-summary" in overview.windowTitle()
    reopened = window.summary_actions.open_summary(str(tmp_path / "总.perfdesk-summary"))
    qtbot.addWidget(reopened)
    assert reopened.summary.rows == overview.summary.rows
    assert reopened.changes_model.rows() == overview.changes_model.rows()
    row = reopened.summary.rows[0]
    assert reopened.summary.workbook(row).unit == row["unit"]       # decoded when opened
    dialog_log.save_path = str(tmp_path / "概览.xlsx")
    reopened.act_export.trigger()
    xl = openpyxl.load_workbook(tmp_path / "概览.xlsx")
    names = [r[0] for r in xl["汇总概览"].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(r["unit"] for r in overview.summary.rows)
    assert any("cut.perfdesk" in (r[0] or "") for r in xl["未采用的文件"].iter_rows(values_only=True))
    # not a summary: said with the file's name, nothing opened
    (tmp_path / "x.perfdesk-summary").write_text("不是 JSON", encoding="utf-8")
    assert window.summary_actions.open_summary(str(tmp_path / "x.perfdesk-summary")) is None
    assert "x.perfdesk-summary" in dialog_log.errors[-1] and "不是 perfdesk 汇总文件" in dialog_log.errors[-1]
    # .perfdesk is a unit's workbook, never a summary
    dialog_log.save_path = str(tmp_path / "错.perfdesk")
    assert not overview.save(ask=True) and ".perfdesk" in dialog_log.errors[-1]
    assert not (tmp_path / "错.perfdesk").exists()


def test_closing_an_unsaved_summary_asks(qtbot, usb, dialog_log):
    from perfdesk.gui.summary.overview_window import OverviewWindow

    folder, _, _ = usb
    overview = OverviewWindow(Summary.from_collection(collect([folder])), saved=False)
    # kept after closing: qtbot closes it again at teardown, which a deleted window (whether its
    # Python wrapper is still around then depends on when the garbage collector last ran) refuses
    overview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(overview)
    overview.show()
    dialog_log.confirm_answer = False
    assert not overview.close() and overview.isVisible()
    assert "尚未保存" in dialog_log.asked[-1]
    dialog_log.confirm_answer = True
    assert overview.close()


# -- 下发任务 and the task banner ------------------------------------------------------------------

def units_csv(tmp_path, lines) -> Path:
    path = tmp_path / "units.csv"
    path.write_text("\n".join(["单位名称,单位代码", *lines]) + "\n", encoding="utf-8")
    return path


def test_dispatch_from_the_menu_then_collect_lists_those_not_delivered(window, qtbot, tmp_path, dialog_log):
    out = tmp_path / "task"
    units = units_csv(tmp_path, ["甲局,100001", "乙局,100002", "丙局,100003"])

    def fill(dialog):
        dialog.units_edit.setText(str(units))
        dialog.year_box.setValue(2025)
        dialog.set_forms(["jiangsu_dept_target"])
        dialog.deadline_edit.setText("2025年3月31日")
        dialog.issuer_edit.setText("某县财政局")
        dialog.note_edit.setPlainText("请于截止日期前报送。")
        dialog.out_edit.setText(str(out))
        dialog._accept()
        return dialog.result() == dialog.DialogCode.Accepted
    dialog_log.run_dialog = fill
    manifest = window.summary_actions.dispatch()
    assert [u["name"] for u in manifest["units"]] == ["甲局", "乙局", "丙局"]
    assert "3 个单位" in dialog_log.asked[-1]
    wb = read_workbook(out / "100001-甲局.perfdesk")
    assert wb.task == Task(issuer="某县财政局", deadline="2025-03-31", note="请于截止日期前报送。") and wb.year == 2025
    # two units fill in and deliver; the third does not
    delivered = tmp_path / "back"
    delivered.mkdir()
    for name in ("100001-甲局.perfdesk", "100002-乙局.perfdesk"):
        wb = read_workbook(out / name)
        wb.forms[0].fields[next(iter(wb.forms[0].definition.fields)).id] = "已填"
        write_workbook(delivered / name, wb)
    overview = window.summary_actions.collect_sources([str(delivered)], manifest=str(out / "任务清单.json"))
    qtbot.addWidget(overview)
    states = {r["unit"]: overview.model.index(i, column("state")).data()
              for i, r in enumerate(overview.summary.rows)}
    assert states["丙局"] == "未报送" and states["甲局"] != "未报送" and states["乙局"] != "未报送"
    assert "未报送 <b>1</b>" in overview.headline.text()
    overview.saved = True


def test_dispatch_errors_are_said_in_chinese_with_the_place_and_write_nothing(qtbot, tmp_path, dialog_log):
    from perfdesk.gui.summary.dispatch_dialog import DispatchDialog

    dialog = DispatchDialog()
    qtbot.addWidget(dialog)
    out = tmp_path / "task"
    dialog.out_edit.setText(str(out))
    assert dialog.run_dispatch() is None and "单位名单" in dialog.error.text()
    dialog.units_edit.setText(str(units_csv(tmp_path, ["甲局,100001", ",100002"])))
    assert dialog.run_dispatch() is None and "勾选" in dialog.error.text()
    dialog.set_forms(["jiangsu_dept_target"])
    assert dialog.run_dispatch() is None
    assert "第 3 行" in dialog.error.text(), dialog.error.text()
    dialog.units_edit.setText(str(units_csv(tmp_path, ["甲局,100001"])))
    dialog.deadline_edit.setText("2025年2月30日")
    assert dialog.run_dispatch() is None and dialog.error.text() == "截止日期“2025年2月30日”不存在"
    assert not out.exists()
    dialog.deadline_edit.setText("")
    assert dialog.run_dispatch() is not None and (out / "100001-甲局.perfdesk").exists()
    # again: the files are there; declining to overwrite writes nothing
    dialog_log.confirm_answer = False
    before = (out / "100001-甲局.perfdesk").stat().st_mtime_ns
    assert dialog.run_dispatch() is None and "文件已存在" in dialog.error.text() and "--force" not in dialog.error.text()
    assert (out / "100001-甲局.perfdesk").stat().st_mtime_ns == before
    dialog_log.confirm_answer = True
    assert dialog.run_dispatch() is not None and dialog.error.isHidden()


def test_deadline_text():
    today = dt.date(2025, 4, 2)
    assert deadline_text("2025-03-31", today) == ("2025年3月31日（已逾期 2 天）", True)
    assert deadline_text("2025-04-02", today) == ("2025年4月2日（今天截止）", False)
    assert deadline_text("2025-04-12", today) == ("2025年4月12日（还有 10 天）", False)
    assert deadline_text("月底前", today) == ("月底前", False)


def test_a_dispatched_workbook_shows_its_task_on_opening(window, qtbot, tmp_path):
    wb = read_workbook_of_sample()
    wb.task = Task(issuer="某县财政局", deadline="2020-03-31", note="权重合计应为100。\n请补充偏差原因。")
    write_workbook(tmp_path / "task.perfdesk", wb)
    assert window.open_path(str(tmp_path / "task.perfdesk"))
    banner = window.task_banner
    assert banner.isVisible() and banner.overdue
    text = banner.label.text()
    assert "某县财政局" in text and "2020年3月31日" in text and "已逾期" in text and "请补充偏差原因" in text
    banner.hide_button.click()
    assert not banner.isVisible()
    window.close_document()
    wb.task = None
    write_workbook(tmp_path / "plain.perfdesk", wb)
    assert window.open_path(str(tmp_path / "plain.perfdesk"))
    assert not banner.isVisible()


def read_workbook_of_sample():
    from perfdesk.samples import load_sample
    return load_sample("nantong-2024")


# -- the 分析 hook -------------------------------------------------------------------------------

TINY_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
            b'<rect x="0" y="0" width="200" height="100" fill="#ff0000"/></svg>')


def test_the_analysis_tab_shows_svg_charts_it_is_given(qtbot, usb, monkeypatch):
    from perfdesk.gui.summary.overview_window import OverviewWindow

    folder, _, _ = usb
    summary = Summary.from_collection(collect([folder]))
    asked = []
    monkeypatch.setattr(analysis_pane, "CHARTS", lambda s: (asked.append(s), [("等级分布", TINY_SVG), ("坏图", b"<svg")])[1])
    overview = OverviewWindow(summary, saved=True)
    qtbot.addWidget(overview)
    overview.resize(900, 600)
    overview.show()
    assert overview.analysis.placeholder is not None and not asked      # asked only when the tab is shown
    overview.tabs.setCurrentWidget(overview.analysis)
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == [summary] and len(overview.analysis.charts) == 1
    chart = overview.analysis.charts[0]
    qtbot.waitUntil(lambda: chart.isVisible() and chart.width() > 0)
    image = chart.grab().toImage()
    assert image.pixelColor(10, 10) == QColor("#ff0000")
    assert chart.heightForWidth(100) == 50 and chart.heightForWidth(1000) == 150   # at most 1.5 × its own size
    labels = [w.text() for w in overview.analysis.widget().findChildren(type(overview.headline))]
    assert "坏图：图表不是有效的 SVG" in labels and chart.accessibleName() == "等级分布"


def test_the_analysis_tab_draws_the_printed_pages_charts(qtbot, usb, tmp_path):
    """The real hook: the 分析 tab shows the charts of the printed 汇总分析 page (the same analysis,
    the same drawings), from a summary saved and opened again (workbooks decoded on demand)."""
    from perfdesk.collect.summary_file import read_summary
    from perfdesk.collect.summary_tables import summary_analysis
    from perfdesk.gui.summary.overview_window import OverviewWindow

    folder, _, _ = usb
    saved = tmp_path / "y.perfdesk-summary"
    assert main(["collect", str(folder), "--year", "2024", "-o", str(saved)]) == 0
    expected = summary_analysis(read_summary(saved))
    overview = OverviewWindow(Summary.load(saved), saved=True)
    qtbot.addWidget(overview)
    overview.resize(1000, 700)
    overview.show()
    overview.tabs.setCurrentWidget(overview.analysis)
    qtbot.waitUntil(lambda: len(overview.analysis.charts) == len(expected.charts))
    assert [c.title for c in expected.charts] == [c.accessibleName() for c in overview.analysis.charts]
    chart = overview.analysis.charts[0]
    qtbot.waitUntil(lambda: chart.isVisible() and chart.width() > 0)
    image = chart.grab().toImage()
    dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if image.pixelColor(x, y).lightness() < 200)
    assert dark > 20          # bars and labels drawn, not an empty or black box
    assert dark < (image.width() // 4) * (image.height() // 4) // 2


def test_a_summary_of_several_years_says_why_it_has_no_charts(qtbot, usb):
    from perfdesk.gui.summary.overview_window import OverviewWindow

    folder, _, _ = usb
    overview = OverviewWindow(Summary.from_collection(collect([folder])), saved=True)
    qtbot.addWidget(overview)
    overview.show()
    overview.tabs.setCurrentWidget(overview.analysis)
    qtbot.waitUntil(lambda: "图表未能生成" in (overview.analysis.placeholder.text()
                                                if overview.analysis.placeholder else ""))
    assert "年度" in overview.analysis.placeholder.text()


def test_a_summary_with_comments_saves_and_reopens_with_them(window, qtbot, usb, dialog_log, tmp_path):
    """The comments of a summary (added with `perfdesk comment`) survive the GUI's save, in the
    GUI's own collect and from a file opened again."""
    folder, _, _ = usb
    first = tmp_path / "一.perfdesk-summary"
    assert main(["collect", str(folder), "-o", str(first)]) == 0
    unit = read_summary(first)["units"][0]["workbook"]
    assert main(["comment", str(first), "--unit", unit.unit_code or unit.unit, "--form", unit.forms[0].id,
                 "请补充偏差原因"]) == 0
    reopened = window.summary_actions.open_summary(str(first))
    qtbot.addWidget(reopened)
    dialog_log.save_path = str(tmp_path / "二.perfdesk-summary")
    assert reopened.save(ask=True)
    again = read_summary(tmp_path / "二.perfdesk-summary")
    texts = [c.text for u in again["units"] for c in u["comments"]]
    assert texts == ["请补充偏差原因"]


def test_amounts_show_in_wan_with_every_decimal():
    """The overview adds up in 万元: 深圳's 14 268 915.71 元 shows as 1,426.891571, not rounded."""
    from perfdesk.gui.summary.overview_model import COLUMNS, _money

    assert _money(1426.891571) == "1,426.891571" and _money(410.99) == "410.99" and _money(20) == "20.00"
    assert _money(12.5, "千元") == "12.50（千元）" and _money(None) == ""
    headers = {key: header for key, header, _ in COLUMNS}
    assert headers["budget"] == "预算数（万元）" and headers["spent"] == "执行数（万元）"
