"""Print forms of a workbook as one PDF: each form as its official table, optionally preceded by a
cover page and a table of contents (forms with their first page)."""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO

import msgspec
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer

from ..domain.column_labels import labelled
from ..domain.definition import FormDefinition
from ..domain.model import Form, Workbook
from ..domain.print_code import code_label, content_code
from ..domain.printed import header_items, is_header_item, money_line
from .blocks import BlockBuilder, Page, signature_block
from .canvas import FormMark, canvas_class
from .fonts import FontSet, find_fonts
from .formatting import fill, form_title
from .indicators import indicator_tables
from .keep import Stack, WithTail
from .table import GridStyle
from .text import TextBlock, TextStyle, TwoSidedLine, draw_lines, layout_lines, line_width

TOP_MARGIN = 15 * mm
BOTTOM_MARGIN = 18 * mm      # the page number sits in it (canvas.FOOTER_Y)
SIDE_MARGIN = 15 * mm

GRID = GridStyle(text=TextStyle(size=9.5, leading=13.0))
BODY = TextStyle(size=11, leading=19)
TITLE = TextStyle(size=16, leading=24, align="center", bold=True, space_after=2)
SUBTITLE = TextStyle(size=12, leading=18, align="center", bold=True, space_after=2)   # 2024年度
UNIT_LINE = TextStyle(size=10.5, leading=16, space_before=2, space_after=3)


# The mark at the top of every page of a draft: a print of forms the checks (审核) found errors in.
# The GUI's 打印草稿 and `perfdesk print` both pass it as render_pdf(draft=...).
DRAFT_MARK = "草稿：审核有 {n} 处错误，不能盖章报送"


def draft_mark(errors: int) -> str:
    return DRAFT_MARK.format(n=errors) if errors else ""


class UnknownFormError(KeyError):
    def __init__(self, form_id: str, known: list[str]):
        super().__init__(form_id)
        self.message = f"工作簿中没有表单 “{form_id}”，可用：{'、'.join(known)}"

    def __str__(self) -> str:
        return self.message


class PrintResult(msgspec.Struct):
    pages: int
    form_pages: dict[str, tuple[int, int]] = msgspec.field(default_factory=dict)  # form id → first, last page
    fonts: FontSet | None = None
    chars: set[str] = msgspec.field(default_factory=set)     # every character this print drew

    @property
    def front_pages(self) -> int:
        """The cover and contents before the first form: unnumbered (the tables count from 1)."""
        return min((first for first, _ in self.form_pages.values()), default=1) - 1

    @property
    def table_pages(self) -> int:
        """The y of 第 x 页 共 y 页: the pages of the tables."""
        return self.pages - self.front_pages

    @property
    def missing(self) -> set[str]:
        """Characters of this print that no font has (printed as a missing-glyph box)."""
        return {ch for ch in self.chars if self.fonts is not None and ch in self.fonts.missing}

    def font_report(self, paths: bool = True) -> str:
        """For the user: the font this print used, its fallbacks and missing characters
        (paths=False: font names only, for the GUI)."""
        return self.fonts.describe(self.chars, paths) if self.fonts is not None else ""


def _page_size(orientation: str):
    return landscape(A4) if orientation == "landscape" else A4


def _frame_page(orientation: str) -> Page:
    w, h = _page_size(orientation)
    return Page(w - 2 * SIDE_MARGIN, h - TOP_MARGIN - BOTTOM_MARGIN, orientation == "landscape")


def _template(orientation: str) -> PageTemplate:
    w, h = _page_size(orientation)
    frame = Frame(SIDE_MARGIN, BOTTOM_MARGIN, w - 2 * SIDE_MARGIN, h - TOP_MARGIN - BOTTOM_MARGIN,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=orientation)
    return PageTemplate(id=orientation, frames=[frame], pagesize=(w, h))


# ------------------------------------------------------------------------------------- one form

def _layout_items(definition: FormDefinition) -> list[str]:
    if definition.print.layout:
        return list(definition.print.layout)
    items = [f.id for f in definition.fields] + [s.id for s in definition.sections]
    items += [t.id for t in definition.funds] + [x.id for x in definition.lists]
    return items + (["indicators"] if definition.indicators else [])


def _kind_of(definition: FormDefinition, item: str) -> str:
    if item == "indicators":
        return "indicators"
    if is_header_item(definition, item):      # a `pairs` funds table flows with the fields
        return "field"
    if definition.section_def(item):
        return "section"
    if definition.list_def(item):
        return "list"
    return "funds"


def form_flowables(workbook: Workbook, form: Form, fonts: FontSet) -> list[Flowable]:
    """The flowables of one form, from its title to its signature block."""
    form = labelled(form)          # 1-{month}月执行数 → 1-6月执行数
    definition = form.definition
    hints = definition.print
    page = _frame_page(hints.orientation)
    builder = BlockBuilder(workbook, form, fonts, GRID, page, BODY)
    out: list[Flowable] = [TextBlock(form_title(workbook, form), fonts, TITLE)]
    subtitle = fill(hints.subtitle, workbook, form)
    if subtitle:
        out.append(TextBlock(subtitle, fonts, SUBTITLE))
    unit_line = fill(hints.unit_line, workbook, form)
    money = money_line(definition)
    if unit_line or money:
        out.append(TwoSidedLine(unit_line, money, fonts, UNIT_LINE))
    else:
        out.append(Spacer(1, 6))

    items = _layout_items(definition)
    last_group = [""]
    i = 0
    while i < len(items):
        kind = _kind_of(definition, items[i])
        j = i + 1
        while j < len(items) and kind in ("field", "section") and _kind_of(definition, items[j]) == kind:
            j += 1
        run = items[i:j]
        if kind == "field":
            parts = builder.fields(header_items(definition, run))
        elif kind == "section":
            defs = [definition.section_def(x) for x in run]
            if hints.narrative:
                parts = builder.narrative(defs, last_group)
            elif hints.section_groups == "side":
                parts = builder.section_rows_side(defs)
            else:
                parts = builder.section_rows(defs)
        elif kind == "list":
            parts = builder.list_items(definition.list_def(items[i]), hints.narrative)
        elif kind == "indicators":
            parts = indicator_tables(form, fonts, GRID, page.height, side_label=hints.indicator_label_column)
        elif any(x.total_row.partition(".")[0] == items[i] for x in definition.lists):
            parts = []          # a list's 合计 row (total_row): printed as the list's last row
        else:
            table = definition.funds_table(items[i])
            if table.kind == "cumulative_plan":
                parts = builder.funds_plan(table)
            elif table.id in hints.horizontal:
                parts = builder.funds_horizontal(table)
            else:   # consecutive funds tables of one group print as one table
                group = table.label.partition("·")[0] if "·" in table.label else None
                tables = [table]
                while (group and j < len(items) and _kind_of(definition, items[j]) == "funds"
                       and definition.funds_table(items[j]).label.startswith(group + "·")):
                    tables.append(definition.funds_table(items[j]))
                    j += 1
                parts = builder.funds_group(tables)
        if hints.narrative and kind not in ("section", "list") and parts:
            parts[0].spaceBefore = max(getattr(parts[0], "spaceBefore", 0), 8)
        out += parts
        i = j
    signature = signature_block(workbook, form, fonts, BODY.but(size=10.5, leading=18))
    if signature is None:      # the definition says: no signature block
        return out
    if len(out) > 4 and _short(out[-1], page) and getattr(out[-2], "split", None):
        # a one-line block after a long table (a 汇总表's 说明) rides with the table's last rows
        # and the signature, never on a page of its own
        out[-2:] = [WithTail(out[-2], Stack([out[-1], signature]))]
    elif len(out) > 3 and getattr(out[-1], "split", None):
        out[-1] = WithTail(out[-1], signature)      # never a signature page without the form
    else:
        out.append(signature)
    return out


def _short(block: Flowable, page) -> bool:
    """A block of a line or two: too little to stand on a page with the signature alone."""
    try:
        _w, h = block.wrap(page.width, page.height)
    except Exception:       # noqa: BLE001 - a block that cannot be measured here is not short
        return False
    return h < 40


class ProgressMark(Flowable):
    """Zero-size: tells the caller that form `done` of `total` is being laid out now."""

    def __init__(self, callback, done: int, total: int, title: str):
        super().__init__()
        self.callback, self.done, self.total, self.title = callback, done, total, title

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.callback(self.done, self.total, self.title)


# ----------------------------------------------------------------------- cover and contents

class TocEntries(Flowable):
    """Lines of the table of contents; the page numbers are drawn once the layout is known."""

    def __init__(self, entries: list[tuple[str, str]], fonts: FontSet, style: TextStyle):
        super().__init__()
        self.entries, self.fonts, self.style = entries, fonts, style

    def _laid(self, width):
        number_w = 4 * self.style.size
        return [(key, layout_lines(text, self.fonts, self.style, width - number_w - 2 * self.style.size))
                for key, text in self.entries]

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._lines = self._laid(avail_width)
        self.height = sum(len(lines) for _, lines in self._lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width, avail_height):
        laid = self._laid(avail_width)
        used, n = 0.0, 0
        for _, lines in laid:
            if used + len(lines) * self.style.leading > avail_height:
                break
            used += len(lines) * self.style.leading
            n += 1
        if n == 0 or n == len(self.entries):
            return [] if n == 0 else [self]
        return [TocEntries(self.entries[:n], self.fonts, self.style),
                TocEntries(self.entries[n:], self.fonts, self.style)]

    def draw(self):
        canv, st = self.canv, self.style
        top = self.height
        slot = getattr(canv, "toc_slot", None)
        for key, lines in self._lines:
            draw_lines(canv, self.fonts, lines, 0, top, self.width, st)
            top -= len(lines) * st.leading
            baseline = top + 0.5 * st.leading - 0.36 * st.size
            end = line_width(lines[-1].text if lines else "", self.fonts, st.size) + 4
            canv.saveState()
            canv.setLineWidth(0.6)
            canv.setDash(0.8, 2.5)
            canv.line(end, baseline + 1, self.width - 3 * st.size, baseline + 1)
            canv.restoreState()
            if slot:
                slot(key, self.width, baseline, st.size)


def front_matter(workbook: Workbook, forms: list[Form], fonts: FontSet, cover: bool = True,
                 contents: bool = True, key_prefix: str = "") -> list[Flowable]:
    """The cover page and/or the table of contents (each on its own page).

    key_prefix: before each form's key (`form:<id>`), where one document holds several units."""
    out: list[Flowable] = []
    if cover:
        title = TextStyle(size=24, leading=36, align="center", bold=True)
        line = TextStyle(size=15, leading=26, align="center")
        out += [Spacer(1, 150), TextBlock(f"{workbook.year}年度预算绩效管理表", fonts, title), Spacer(1, 40)]
        unit = workbook.unit + (f"（单位编码：{workbook.unit_code}）" if workbook.unit_code else "")
        out.append(TextBlock(unit, fonts, line))
        out.append(TextBlock(f"共 {len(forms)} 张表", fonts, line))
        if workbook.signature.date.strip():
            out.append(TextBlock(f"填报日期：{workbook.signature.date.strip()}", fonts, line))
    if not contents:
        return out
    if out:
        out.append(PageBreak())
    out.append(TextBlock("目　录", fonts, TITLE.but(space_after=14)))
    entries = [(f"{key_prefix}form:{f.id}", f"{n}．{form_title(workbook, f)}") for n, f in enumerate(forms, start=1)]
    out.append(TocEntries(entries, fonts, TextStyle(size=12, leading=24)))
    return out


# ------------------------------------------------------------------------------------ the PDF

def select_forms(workbook: Workbook, form_ids: list[str] | None) -> list[Form]:
    if not form_ids:
        return list(workbook.forms)
    known = [f.id for f in workbook.forms]
    for form_id in form_ids:
        if form_id not in known:
            raise UnknownFormError(form_id, known)
    wanted = set(form_ids)
    return [f for f in workbook.forms if f.id in wanted]


def first_orientation(forms: list[Form], front: bool) -> str:
    """The orientation of a print's first page: the cover's (portrait), else the first form's."""
    return "portrait" if front else forms[0].definition.print.orientation


def print_story(workbook: Workbook, forms: list[Form], fonts: FontSet, cover: bool | None = None,
                contents: bool | None = None, key_prefix: str = "", progress=None,
                ) -> tuple[bool, list[Flowable], dict[str, str]]:
    """One print's flowables (cover, contents, each form) from its first page on, and each form's
    校验码 line by form key. Returns (front matter or not, flowables, codes). The batch print lays
    several of these into one document (key_prefix keeps their form keys apart), so a unit's pages
    there are the pages of its own print."""
    with_cover = len(forms) > 1 if cover is None else cover
    with_contents = with_cover if contents is None else contents
    front = with_cover or with_contents
    story: list[Flowable] = (front_matter(workbook, forms, fonts, with_cover, with_contents, key_prefix)
                             if front else [])
    for n, form in enumerate(forms):
        if story:
            story += [NextPageTemplate(form.definition.print.orientation), PageBreak()]
        if progress is not None:
            story.append(ProgressMark(progress, n, len(forms), form_title(workbook, form)))
        story.append(FormMark(f"{key_prefix}form:{form.id}", form_title(workbook, form)))
        story += form_flowables(workbook, form, fonts)
    codes = {f"{key_prefix}form:{form.id}": code_label(content_code(workbook, form)) for form in forms}
    return front, story, codes


def render_pdf(workbook: Workbook, out: str | os.PathLike | BinaryIO, form_ids: list[str] | None = None,
               fonts: FontSet | None = None, font_path: str | None = None, cover: bool | None = None,
               invariant: bool = False, draft: str = "", progress=None,
               contents: bool | None = None, after: tuple[str, str, list[Flowable]] | None = None) -> PrintResult:
    """Write the chosen forms (all by default) as one PDF; a cover and contents when several.

    cover: the cover page (None: when several forms); contents: the table of contents (None: as
    the cover).

    draft: a line printed at the top of every page (a draft that must not be stamped), "" for none.
    progress(done, total, title): called as each form starts to be laid out; it may raise to stop
    (the exception propagates and nothing is written).

    after: (title, orientation, flowables) printed on new pages after the forms (the 汇总分析
    page); its pages are numbered with the forms' and carry no 校验码 (they print no form)."""
    fonts = fonts or find_fonts(font_path)
    forms = select_forms(workbook, form_ids)
    if not forms:
        raise ValueError("没有要打印的表单")
    front, story, codes = print_story(workbook, forms, fonts, cover, contents, progress=progress)
    first = first_orientation(forms, front)
    templates = [_template(first)] + [_template(o) for o in ("portrait", "landscape") if o != first]
    target = str(out) if isinstance(out, (str, os.PathLike)) else out
    doc = BaseDocTemplate(target, pagesize=_page_size(first), pageTemplates=templates,
                          leftMargin=SIDE_MARGIN, rightMargin=SIDE_MARGIN, topMargin=TOP_MARGIN,
                          bottomMargin=BOTTOM_MARGIN, initialFontName=fonts.name, invariant=int(invariant),
                          title=forms[0].title if len(forms) == 1 else f"{workbook.unit}{workbook.year}年度预算绩效管理表",
                          author=workbook.unit, creator="perfdesk")
    if after is not None:
        after_title, after_orientation, flowables = after
        story += [NextPageTemplate(after_orientation), PageBreak(), FormMark("after", after_title)] + list(flowables)
    canvas_maker = canvas_class(fonts, draft, front, codes)
    made = {}

    def maker(*args, **kwargs):
        made["canvas"] = canvas_maker(*args, **kwargs)
        return made["canvas"]

    with fonts.recording() as chars:
        doc.build(story, canvasmaker=maker)
    canv = made["canvas"]
    total = len(canv._held)
    starts = sorted((page, key.removeprefix("form:")) for key, page in canv.form_pages.items())
    form_pages = {}
    for i, (page, form_id) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else total
        form_pages[form_id] = (page, end)
    return PrintResult(total, form_pages, fonts, chars)


def render_pdf_bytes(workbook: Workbook, **kwargs) -> tuple[bytes, PrintResult]:
    buffer = io.BytesIO()
    result = render_pdf(workbook, buffer, **kwargs)
    return buffer.getvalue(), result


def write_pdf(workbook: Workbook, path: str | Path, **kwargs) -> PrintResult:
    """Write to a temporary file first, so a failed print never leaves half a PDF behind."""
    path = Path(path)
    data, result = render_pdf_bytes(workbook, **kwargs)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)      # fails on Windows while a PDF reader holds the file open
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return result
