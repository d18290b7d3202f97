"""打印预览 and 打印: show the PDF that perfdesk.pdf writes inside the program, send it to a printer.

Pages are drawn by QtPdf where it is installed (PySide6-Pdf / PySide6-Addons; not part of
PySide6-Essentials), else by poppler's pdftoppm where that is on the PATH (Linux, UOS, Kylin);
with neither, the preview opens the PDF in the system's viewer, from which it can be printed.
Standalone: the main window calls show_print_preview() and print_pdf(); nothing here knows it.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QPageLayout, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

PREVIEW_DPI = 96
PREVIEW_WIDTH = 1100         # pages wider than this (landscape A4 at 96 dpi) are shown scaled down
MAX_PRINT_DPI = 300          # enough for text on paper; printers at 1200 dpi get a scaled image
_RENDER_TIMEOUT = 60


class PrintError(Exception):
    """A message for the user, in Chinese."""


# ------------------------------------------------------------------------------ page renderers

class QtPdfPages:
    """Pages through QtPdf's QPdfDocument (when the QtPdf module is installed)."""

    def __init__(self, path: Path):
        from PySide6.QtPdf import QPdfDocument

        self.path = path
        self.document = QPdfDocument()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            raise PrintError(f"无法读取 PDF：{path}")

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def render(self, page: int, dpi: float) -> QImage:
        size = self.document.pagePointSize(page)
        pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
        image = self.document.render(page, pixels)
        return _on_white(image)     # QPdfDocument renders onto transparency


class PopplerPages:
    """Pages through poppler's pdftoppm/pdfinfo command-line tools."""

    def __init__(self, path: Path):
        self.path = path
        info = _run(["pdfinfo", str(path)])
        match = re.search(r"^Pages:\s+(\d+)", info.stdout.decode("utf-8", "replace"), re.M)
        if info.returncode != 0 or not match:
            raise PrintError(f"无法读取 PDF：{path}")
        self._count = int(match.group(1))

    @property
    def page_count(self) -> int:
        return self._count

    def render(self, page: int, dpi: float) -> QImage:
        with tempfile.TemporaryDirectory(prefix="perfdesk-") as tmp:
            stem = Path(tmp) / "page"
            done = _run(["pdftoppm", "-f", str(page + 1), "-l", str(page + 1), "-r", str(round(dpi)),
                         "-png", "-singlefile", str(self.path), str(stem)])
            image = QImage(str(stem) + ".png")
        if done.returncode != 0 or image.isNull():
            raise PrintError(f"无法显示第 {page + 1} 页")
        return image


def _run(argv: list[str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(argv, capture_output=True, timeout=_RENDER_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintError(f"无法运行 {argv[0]}：{exc}") from None


def _on_white(image: QImage) -> QImage:
    out = QImage(image.size(), QImage.Format.Format_RGB32)
    out.fill(QColor("white"))
    painter = QPainter(out)
    painter.drawImage(0, 0, image)
    painter.end()
    return out


def qtpdf_available() -> bool:
    try:
        import PySide6.QtPdf  # noqa: F401
    except ImportError:
        return False
    return True


def page_renderer(path: str | Path):
    """The best available way to draw the pages of this PDF, or None when there is none."""
    path = Path(path)
    if qtpdf_available():
        return QtPdfPages(path)
    if shutil.which("pdftoppm") and shutil.which("pdfinfo"):
        return PopplerPages(path)
    return None


# ------------------------------------------------------------------------------------ printing

def open_in_system_viewer(path: str | Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).resolve())))


def print_pdf(path: str | Path, printer: QPrinter, renderer=None, on_page=None) -> int:
    """Print every page of the PDF: each page drawn at the printer's resolution, fitted to the paper
    with its own orientation. Returns the number of pages sent.

    on_page(page, count) is called before each page; if it raises (the user cancelled), the job
    is aborted and the exception propagates."""
    renderer = renderer or page_renderer(path)
    if renderer is None:
        raise PrintError("本机没有可用的 PDF 渲染组件，无法直接打印。请用系统的 PDF 阅读器打开后打印。")
    count = renderer.page_count
    if count == 0:
        return 0
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    try:
        _print_pages(renderer, printer, painter, count, dpi, on_page)
    except BaseException:
        if painter.isActive():
            printer.abort()
            painter.end()
        raise
    painter.end()
    return count


def _print_pages(renderer, printer: QPrinter, painter: QPainter, count: int, dpi: float, on_page) -> None:
    for page in range(count):
        if on_page is not None:
            on_page(page, count)
        image = renderer.render(page, dpi)
        orientation = (QPageLayout.Orientation.Landscape if image.width() > image.height()
                       else QPageLayout.Orientation.Portrait)
        if page == 0:
            printer.setPageOrientation(orientation)
            if not painter.begin(printer):
                raise PrintError("无法开始打印（打印机不可用？）")
        else:
            printer.setPageOrientation(orientation)
            printer.newPage()
        area = QRectF(painter.viewport())
        scale = min(area.width() / image.width(), area.height() / image.height())
        target = QRectF(0, 0, image.width() * scale, image.height() * scale)
        target.moveCenter(area.center())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, image)


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    """The system print dialog (replaced in tests: never exec() a modal dialog under test)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def show_error(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, "打印", text)


# ------------------------------------------------------------------------------------ preview

class PrintPreviewDialog(QDialog):
    """The pages of a PDF, one under the other, with 打印 and 用系统阅读器打开."""

    def __init__(self, path: str | Path, renderer, parent: QWidget | None = None, title: str = "",
                 note: str = "", warning: str = "", print_with=None):
        super().__init__(parent)
        self.path, self.renderer = Path(path), renderer
        self.print_with = print_with        # print_with(dialog) -> pages sent: the program's own way to print
        self.setWindowTitle(f"打印预览 — {title}" if title else "打印预览")
        self.page_labels: list[QLabel] = []
        self.pdf_view = None
        layout = QVBoxLayout(self)
        # what the print says about itself: the font used; in red, missing characters, a draft
        self.note_label = QLabel(note)
        self.note_label.setObjectName("previewNote")
        self.warning_label = QLabel(warning)
        self.warning_label.setObjectName("previewWarning")
        self.warning_label.setStyleSheet("color: #b00020;")
        for label in (self.note_label, self.warning_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setVisible(bool(label.text()))
            layout.addWidget(label)
        if isinstance(renderer, QtPdfPages):
            from PySide6.QtPdfWidgets import QPdfView

            self.pdf_view = QPdfView(self)
            self.pdf_view.setDocument(renderer.document)
            self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            layout.addWidget(self.pdf_view)
        else:
            self.scroll = QScrollArea(self)
            pages = QWidget()
            column = QVBoxLayout(pages)
            column.setSpacing(12)
            for page in range(renderer.page_count):
                label = QLabel()
                label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
                image = renderer.render(page, PREVIEW_DPI)
                if image.width() > PREVIEW_WIDTH:
                    image = image.scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation)
                label.setPixmap(QPixmap.fromImage(image))
                label.setToolTip(f"第 {page + 1} 页")
                column.addWidget(label)
                self.page_labels.append(label)
            self.scroll.setWidget(pages)
            self.scroll.setWidgetResizable(True)
            self.scroll.setStyleSheet("QScrollArea { background: #808080; }")
            layout.addWidget(self.scroll)
        bar = QHBoxLayout()
        self.count_label = QLabel(f"共 {renderer.page_count} 页")
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton("打印…")
        self.viewer_button = QPushButton("用系统阅读器打开")
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.viewer_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_pages)
        self.viewer_button.clicked.connect(lambda: open_in_system_viewer(self.path))
        bar.addWidget(buttons)
        layout.addLayout(bar)
        self.resize(PREVIEW_WIDTH + 80, 1000)

    def print_pages(self) -> int:
        if self.print_with is not None:
            return self.print_with(self)
        printer = choose_printer(self)
        if printer is None:
            return 0
        try:
            return print_pdf(self.path, printer, self.renderer)
        except PrintError as exc:
            show_error(self, str(exc))
            return 0


def show_print_preview(path: str | Path, parent: QWidget | None = None, title: str = "", note: str = "",
                       warning: str = "", print_with=None):
    """Show the preview window (not modal), or hand the PDF to the system viewer when this machine
    has no way to draw PDF pages. Returns the dialog, or None when the system viewer was used.
    note: lines above the pages (the font used); warning: lines in red under it; print_with: what
    its 打印 button does (see PrintPreviewDialog)."""
    try:
        renderer = page_renderer(path)
    except PrintError as exc:
        show_error(parent, str(exc))
        return None
    if renderer is None:
        if not open_in_system_viewer(path):
            show_error(parent, f"无法打开 PDF 阅读器。打印文件已保存在：{path}")
        return None
    dialog = PrintPreviewDialog(path, renderer, parent, title, note, warning, print_with)
    dialog.show()
    return dialog


def write_preview_pdf(workbook, form_ids: list[str] | None = None, fonts=None) -> Path:
    """Print the forms to a temporary PDF for the preview (perfdesk.pdf does the work)."""
    from ..pdf import write_pdf

    path = temporary_pdf_path(workbook)
    write_pdf(workbook, path, form_ids=form_ids, fonts=fonts)
    return path


def temporary_pdf_path(workbook) -> Path:
    """A fresh path in a new temporary directory, named after the unit and year."""
    directory = Path(tempfile.mkdtemp(prefix="perfdesk-print-"))
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", workbook.unit or "perfdesk")
    return directory / f"{name}-{workbook.year}.pdf"
