"""The overview's 批量打印: every delivered unit's forms as one PDF (units with errors as drafts,
the files the collect did not use listed) or one PDF per unit, through print_units."""
import subprocess

import pytest

from perfdesk.cli.main import main
from perfdesk.collect.gather import collect
from perfdesk.gui.summary import collect_dialog
from perfdesk.gui.summary.data import Summary
from perfdesk.gui.summary.overview_window import OverviewWindow

from tests.pdf.pdftools import needs_poppler


@pytest.fixture
def overview(qtbot, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    for name in ("nantong-2024", "suzhou-2024"):
        assert main(["demo", name, "-o", str(folder / f"{name}.perfdesk")]) == 0
    (folder / "cut.perfdesk").write_bytes((folder / "suzhou-2024.perfdesk").read_bytes()[:3000])
    window = OverviewWindow(Summary.from_collection(collect([folder])), saved=True)
    qtbot.addWidget(window)
    return window


@needs_poppler
def test_one_pdf_with_every_unit(overview, dialog_log, tmp_path):
    dialog_log.save_path = str(tmp_path / "全部.pdf")
    overview.act_batch_print.trigger()
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "全部.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    units = [r["unit"] for r in overview.summary.rows]
    assert len(units) == 2 and all(u in text for u in units)
    result = overview.last_batch
    assert len(result.printed) == 2 and result.pages > 2
    said = dialog_log.asked[-1]
    assert "已打印 2 个单位" in said and "cut.perfdesk" in said          # the damaged file listed
    drafts = [u.unit for u in result.drafts]
    assert all(u in said for u in drafts)                                # drafts named
    assert ("草稿" in text) == bool(drafts)


def test_one_pdf_per_unit(overview, dialog_log, tmp_path, monkeypatch):
    out = tmp_path / "各单位"
    monkeypatch.setattr(collect_dialog, "ask_folder", lambda parent, title: str(out))
    overview.act_batch_each.trigger()
    files = sorted(p.name for p in out.glob("*.pdf"))
    assert len(files) == 2
    for row in overview.summary.rows:        # <代码>-<名称>.pdf, or the name alone without a code
        assert any(row["unit"][:6] in name for name in files), (row["unit"], files)
    assert [u.output for u in overview.last_batch.printed if not u.output.endswith(".pdf")] == []


def test_cancelling_the_file_choice_writes_nothing(overview, dialog_log, tmp_path):
    dialog_log.save_path = None
    overview.act_batch_print.trigger()
    assert not list(tmp_path.glob("*.pdf")) and not dialog_log.asked
