"""render_pdf's hooks for the GUI: progress per form (which may stop the print) and a draft mark."""
import subprocess

import pytest

from tests.needs import POPPLER, have, needs

from perfdesk.pdf import render_pdf_bytes, write_pdf
from perfdesk.samples import load_sample


class Stop(Exception):
    pass


def test_progress_is_told_each_form_in_order():
    seen = []
    _, result = render_pdf_bytes(load_sample("hebei-2022"),
                                 progress=lambda done, total, title: seen.append((done, total, title)))
    assert [s[0] for s in seen] == list(range(10)) and {s[1] for s in seen} == {10}
    assert seen[0][2] == "部门整体绩效目标" and len(result.form_pages) == 10


def test_progress_that_raises_stops_and_writes_nothing(tmp_path):
    def stop(done, total, title):
        if done == 2:
            raise Stop()

    out = tmp_path / "stopped.pdf"
    with pytest.raises(Stop):
        write_pdf(load_sample("hebei-2022"), out, progress=stop)
    assert list(tmp_path.iterdir()) == []         # no half PDF, no temporary file


@needs(have("pdftotext"), POPPLER, "poppler-utils not installed")
def test_draft_mark_on_every_page(tmp_path):
    out = tmp_path / "draft.pdf"
    result = write_pdf(load_sample("shenzhen-guangming-2024"), out, draft="草稿：审核有 1 处错误，不能盖章报送")
    pages = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split("\f")
    marked = [p for p in pages if "草稿：审核有 1 处错误" in p]
    assert len(marked) == result.pages
    clean = tmp_path / "clean.pdf"
    write_pdf(load_sample("shenzhen-guangming-2024"), clean)
    assert "草稿" not in subprocess.run(["pdftotext", str(clean), "-"], capture_output=True, text=True).stdout
