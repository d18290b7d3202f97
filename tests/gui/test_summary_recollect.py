"""汇总 again in the GUI and 保存 over the earlier summary keeps the 审核意见 made there that the
units have not delivered back yet — as `perfdesk collect -o S --force` does."""
import json

from perfdesk.cli.main import main
from perfdesk.collect.gather import collect
from perfdesk.gui.summary.data import Summary
from perfdesk.gui.summary.overview_window import OverviewWindow

from tests.collect.summary_units import write_units


def comments_by_unit(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return {u["workbook"]["unit_code"]: [c["text"] for c in u["comments"]] for u in data["units"]}


def test_a_new_collect_saved_over_a_summary_keeps_its_comments(qtbot, dialog_log, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    write_units(usb, 2, projects=1)
    summary = tmp_path / "all.perfdesk-summary"
    assert main(["collect", str(usb), "-o", str(summary)]) == 0
    assert main(["comment", str(summary), "--unit", "500000", "--form", "project_eval_01", "请补充绩效目标"]) == 0
    window = OverviewWindow(Summary.from_collection(collect([str(usb)])))
    qtbot.addWidget(window)
    dialog_log.save_path = str(summary)
    assert window.save(ask=True)
    assert comments_by_unit(summary)["500000"] == ["请补充绩效目标"]
    row = next(r for r in window.summary.rows if r["unit_code"] == "500000")
    assert row["comments_open"] == 1
    assert "接续" in window.statusBar().currentMessage()
    # saving it again (its own file now) does not bring back what was deleted since
    entry = next(u for u in window.summary.data["units"] if u["file"] == row["file"])
    entry["comments"] = []
    assert window.save()
    assert comments_by_unit(summary)["500000"] == []
