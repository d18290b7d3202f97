"""A summary file with one unit whose workbook cannot be read (edited by hand, or written where a
province's form kind was installed): the overview opens it; 打印汇总表和分析 and 导出汇总表 refuse
naming that unit (the 汇总表 adds up every delivered unit: it must not be short of one without
saying so), and 批量打印 leaves that unit out, named, and prints the others."""
from __future__ import annotations

import json

import pytest

from perfdesk.cli.main import main
from perfdesk.collect.gather import collect
from perfdesk.gui.summary.batch_print_actions import print_batch
from perfdesk.gui.summary.data import Summary
from perfdesk.gui.summary.overview_window import OverviewWindow


@pytest.fixture
def damaged(qtbot, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    for name in ("nantong-2024", "suzhou-2024"):
        assert main(["demo", name, "-o", str(folder / f"{name}.perfdesk")]) == 0
    path = tmp_path / "s.perfdesk-summary"
    Summary.from_collection(collect([folder])).save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    bad = data["units"][0]["workbook"]
    bad["forms"][0]["indicators"] = "oops"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    window = OverviewWindow(Summary.load(path), saved=True)
    qtbot.addWidget(window)
    good = data["units"][1]["workbook"]["unit"]
    return window, bad["unit"], bad["unit_code"], good


def test_the_summary_tables_refuse_naming_the_unreadable_unit(damaged, dialog_log, tmp_path):
    window, unit, code, _ = damaged
    assert len(window.summary.rows) == 2                    # the overview opened with both
    dialog_log.save_path = str(tmp_path / "汇总表.pdf")
    assert window.summary_print_actions.print_pdf() is None
    assert unit in dialog_log.errors[-1] and "无法读取" in dialog_log.errors[-1]
    dialog_log.save_path = str(tmp_path / "汇总表.xlsx")
    assert window.summary_print_actions.export_xlsx() is None
    assert unit in dialog_log.errors[-1]
    assert not list(tmp_path.glob("汇总表.*"))


def test_batch_print_leaves_the_unreadable_unit_out_named_and_prints_the_others(damaged, dialog_log, tmp_path):
    window, unit, code, good = damaged
    dialog_log.save_path = str(tmp_path / "全部.pdf")
    assert print_batch(window, each=False) is True
    result = window.last_batch
    assert [u.unit for u in result.printed] == [good]
    assert [(u.unit.startswith(unit), u.unit_code) for u in result.left_out] == [(True, code)]
    assert unit in dialog_log.asked[-1] and "无法读取" in dialog_log.asked[-1]
    assert (tmp_path / "全部.pdf").stat().st_size > 1000
