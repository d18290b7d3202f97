"""打印预览 and 打印 offscreen: the pages drawn inside the program, printing through a QPrinter."""
import re
import subprocess

import pytest

from tests.needs import POPPLER, have, needs
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter

from perfdesk.gui import print_preview
from perfdesk.pdf import write_pdf
from perfdesk.samples import load_sample

needs_poppler = needs(have("pdftoppm", "pdfinfo"), POPPLER, "poppler-utils (pdftoppm, pdfinfo) not installed")
# Showing a dialog on the offscreen platform says so; it is no fault of the dialog.
offscreen_show = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture(scope="module")
def shenzhen_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("preview") / "shenzhen.pdf"
    result = write_pdf(load_sample("shenzhen-guangming-2024"), path)
    return path, result.pages


def dark_share(image: QImage) -> float:
    """Share of sampled pixels that are ink (not white paper)."""
    small = image.scaled(120, 85)
    dark = sum(1 for x in range(small.width()) for y in range(small.height())
               if QColor(small.pixel(x, y)).lightness() < 200)
    return dark / (small.width() * small.height())


@needs_poppler
@offscreen_show
def test_preview_shows_every_page_inside_the_program(qtbot, shenzhen_pdf, monkeypatch):
    monkeypatch.setattr(print_preview, "qtpdf_available", lambda: False)   # the poppler path, here
    path, pages = shenzhen_pdf
    dialog = print_preview.show_print_preview(path, title="深圳光明")
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert len(dialog.page_labels) == pages == 3
    assert dialog.count_label.text() == "共 3 页"
    first = dialog.page_labels[0].pixmap().toImage()
    assert first.width() > first.height()            # the Shenzhen form is landscape
    assert 0.005 < dark_share(first) < 0.5            # a printed table, not a blank or black page


def test_preview_without_a_renderer_opens_the_system_viewer(qtbot, shenzhen_pdf, monkeypatch):
    opened = []
    monkeypatch.setattr(print_preview, "page_renderer", lambda path: None)
    monkeypatch.setattr(print_preview.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    path, _ = shenzhen_pdf
    assert print_preview.show_print_preview(path) is None
    assert [u.toLocalFile() for u in opened] == [str(path.resolve())]


@needs_poppler
def test_print_sends_every_page_to_the_printer(qtbot, shenzhen_pdf, tmp_path, monkeypatch):
    monkeypatch.setattr(print_preview, "qtpdf_available", lambda: False)
    path, pages = shenzhen_pdf
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)   # a "printer" that writes a file
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_preview.print_pdf(path, printer) == pages
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+3$", info, re.M)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height                                       # printed landscape, like the form


@needs_poppler
@offscreen_show
def test_print_button_uses_the_chosen_printer(qtbot, shenzhen_pdf, tmp_path, monkeypatch):
    monkeypatch.setattr(print_preview, "qtpdf_available", lambda: False)
    path, _ = shenzhen_pdf
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "button.pdf"))
    monkeypatch.setattr(print_preview, "choose_printer", lambda parent: printer)
    dialog = print_preview.show_print_preview(path)
    qtbot.addWidget(dialog)
    assert dialog.print_pages() == 3
    assert (tmp_path / "button.pdf").stat().st_size > 10_000


def test_cancelled_print_dialog_prints_nothing(qtbot, shenzhen_pdf, monkeypatch):
    path, _ = shenzhen_pdf

    class NoPages:
        page_count = 0

    monkeypatch.setattr(print_preview, "choose_printer", lambda parent: None)
    dialog = print_preview.PrintPreviewDialog(path, NoPages())
    qtbot.addWidget(dialog)
    assert dialog.print_pages() == 0
