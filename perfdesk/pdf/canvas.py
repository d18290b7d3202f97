"""The page canvas: 「第 x 页 共 y 页」 on every page, the form's 校验码 at the right of the footer
of each of its pages, and the table of contents' page numbers.

Both need the total layout first, so pages are held back until save() and finished then.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .fonts import FontSet

FOOTER_SIZE = 9
FOOTER_Y = 10 * mm


def page_label(page: int, total: int) -> str:
    return f"第 {page} 页 共 {total} 页"


class NumberedCanvas(Canvas):
    """A canvas that numbers pages when it knows how many there are.

    Set `fonts` (class attribute on a subclass made per document) before building.
    """

    fonts: FontSet | None = None
    draft: str = ""          # printed at the top of every page of a draft ("" for a clean print)
    front_matter: bool = False   # a cover and contents come first: unnumbered, the tables from 1
    codes: dict[str, str] = {}   # form key → its 校验码 line, drawn on each page of that form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []
        self.form_pages: dict[str, int] = {}            # form key → first page
        self.toc_slots: list[tuple[int, float, float, str, float]] = []
        # bookmarks by page, placed when the page is really emitted in save(): ReportLab points a
        # bookmark at the page it is emitting, and while pages are held back that is always the first
        self.page_bookmarks: dict[int, list[str]] = {}

    # called by flowables while drawing
    def mark_form(self, key: str, title: str) -> None:
        self.form_pages.setdefault(key, self.getPageNumber())
        self.hold_bookmark(key)
        self.addOutlineEntry(title, key, level=0)

    def hold_bookmark(self, key: str) -> None:
        self.page_bookmarks.setdefault(self.getPageNumber(), []).append(key)

    def place_bookmarks(self, number: int) -> None:
        """On replaying page `number` in save(), before it is emitted."""
        for key in self.page_bookmarks.get(number, ()):
            self.bookmarkPage(key)

    def toc_slot(self, key: str, x_right: float, baseline: float, size: float) -> None:
        """Draw the first page of form `key` here (right-aligned) once the layout is known.

        x_right, baseline: in the calling flowable's coordinates (the canvas is translated).
        """
        x, y = self.absolutePosition(x_right, baseline)
        self.toc_slots.append((self.getPageNumber(), x, y, key, size))

    def showPage(self):
        self._held.append(dict(self.__dict__))
        self._startPage()

    @property
    def front_pages(self) -> int:
        """Pages before the first form (cover and contents): not counted in 第 x 页 共 y 页."""
        if not self.front_matter or not self.form_pages:
            return 0
        return min(self.form_pages.values()) - 1

    def save(self):
        front = self.front_pages
        total = len(self._held) - front
        slots: dict[int, list] = {}
        for page, x, y, key, size in self.toc_slots:
            slots.setdefault(page, []).append((x, y, key, size))
        starts = sorted((page, key) for key, page in self.form_pages.items())
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            key = next((k for page, k in reversed(starts) if page <= number), None)
            self._finish_page(number - front, total, slots.get(number, ()), front, self.codes.get(key, ""))
            self.place_bookmarks(number)
            super().showPage()
        super().save()

    def _finish_page(self, number: int, total: int, slots, front: int = 0, code: str = "") -> None:
        """number: the page's number among the tables (0 or less: the cover and contents);
        code: the 校验码 line of the form on this page."""
        fonts = self.fonts
        name = fonts.name if fonts else "Helvetica"
        width = self._pagesize[0]
        self.setFillColorRGB(0, 0, 0)
        self.setFont(name, FOOTER_SIZE)
        if number > 0:
            self.drawCentredString(width / 2, FOOTER_Y, page_label(number, total))
            if code:
                self.drawRightString(width - 15 * mm, FOOTER_Y, code)
        if self.draft:
            self.setFont(name, FOOTER_SIZE)
            self.drawRightString(width - 15 * mm, self._pagesize[1] - 9 * mm, self.draft)
        for x, y, key, size in slots:
            page = self.form_pages.get(key)
            if page is not None:
                self.setFont(name, size)
                self.drawRightString(x, y, str(page - front))     # as its footer says


def canvas_class(fonts: FontSet, draft: str = "", front_matter: bool = False,
                 codes: dict[str, str] | None = None) -> type[NumberedCanvas]:
    return type("FormCanvas", (NumberedCanvas,), {"fonts": fonts, "draft": draft, "front_matter": front_matter,
                                                  "codes": dict(codes or {})})


class FormMark(Flowable):
    """Zero-size marker at the start of a form: records its first page and a PDF bookmark."""

    def __init__(self, key: str, title: str):
        super().__init__()
        self.key, self.title = key, title

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        mark = getattr(self.canv, "mark_form", None)
        if mark:
            mark(self.key, self.title)
