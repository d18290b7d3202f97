"""The exported sheets as LibreOffice prints them (skipped where LibreOffice or poppler-utils is
not installed): our page breaks are the only ones, pages are A4 in the form's orientation with
"第 x 页 共 y 页", and the hidden key column never prints.

Row heights are estimated for Excel's metrics; LibreOffice measures columns with the workbook's
default font (Calibri), so without a metric-compatible font (Carlito, Debian package
fonts-crosextra-carlito) its columns come out about a third wider than Excel's."""
import re
import shutil
import subprocess

import openpyxl
import pytest

from perfdesk.samples import load_sample, sample_names
from perfdesk.xlsx import export_xlsx
from perfdesk.xlsx.writer import META_SHEET

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(not (SOFFICE and shutil.which("pdfinfo") and shutil.which("pdftotext")),
                                reason="LibreOffice and poppler-utils are not installed")

A4 = (595.3, 841.9)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    d = tmp_path_factory.mktemp("lo")
    for name in sample_names():
        export_xlsx(load_sample(name), d / f"{name}.xlsx")
    profile = d / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(d / "pdf"), *sorted(str(p) for p in d.glob("*.xlsx"))],
                   check=True, capture_output=True, timeout=110)
    return d


def _pages(pdf) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


@pytest.mark.parametrize("name", sample_names())
def test_printed_pages_are_the_planned_ones(printed, name):
    wb = openpyxl.load_workbook(printed / f"{name}.xlsx")
    sheets = [ws for ws in wb.worksheets if ws.title != META_SHEET]
    planned = sum(len(ws.row_breaks.brk) + 1 for ws in sheets)
    pages = _pages(printed / "pdf" / f"{name}.pdf")
    assert len(pages) == planned              # no page break of LibreOffice's own: nothing overflowed
    expected = []
    for ws in sheets:
        size = (A4[1], A4[0]) if ws.page_setup.orientation == "landscape" else A4
        expected += [size] * (len(ws.row_breaks.brk) + 1)
    assert [(round(w), round(h)) for w, h in pages] == [(round(w), round(h)) for w, h in expected]
    text = subprocess.run(["pdftotext", str(printed / "pdf" / f"{name}.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "perfdesk:form:" not in text and "i:123/3" not in text     # the hidden key column
    # every page has its footer; LibreOffice (like Excel printing a whole workbook) numbers the
    # pages of all sheets as one document, printing one sheet numbers that form's pages alone
    footers = re.findall(r"第(\d+)页共(\d+)页", re.sub(r"\s+", "", text))
    assert footers == [(str(i), str(len(pages))) for i in range(1, len(pages) + 1)]
