"""Batch print (汇总 item 6): every collected unit's forms as one PDF, or one PDF per unit.

Qt-free; the GUI's overview and `perfdesk print SUMMARY|DIR` call `print_units`.

One PDF: a cover and a contents page listing the units (with their first page in the file, the
units printed as drafts and the units left out), then each unit exactly as its own `perfdesk
print` would be — its own cover and contents when it has several forms, its pages numbered
「第 x 页 共 y 页」 among its own tables, each form's 校验码 in the footer, and its draft mark
when the checks (审核) find errors — all laid out in ONE ReportLab document (no joining of
PDFs). The PDF outline has a bookmark per unit and, under it, one per form.

One PDF per unit: `DIR/<代码>-<名称>.pdf` (names made safe for Windows), each the unit's own print.
"""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

import msgspec
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, NextPageTemplate, PageBreak, Spacer

from ..domain.file_names import safe_file_name, unit_base_name
from ..domain.model import Form, Workbook
from .canvas import NumberedCanvas
from .document import (DRAFT_MARK, SIDE_MARGIN, TITLE, BOTTOM_MARGIN, TOP_MARGIN, TocEntries, _page_size,
                       _template, draft_mark, first_orientation, print_story, render_pdf_bytes)
from .fonts import FontSet, find_fonts
from .text import TextBlock, TextStyle

Progress = Callable[[int, int, str], None]

PRINTED, DRAFT, LEFT_OUT = "printed", "draft", "left_out"


class UnitPrint(msgspec.Struct):
    """What became of one unit in a batch print."""

    unit: str
    unit_code: str
    file: str = ""                  # the workbook the unit was delivered as ("" when unknown)
    status: str = PRINTED           # printed | draft (checks found errors) | left_out
    errors: int = 0                 # 审核 errors in the printed forms
    error_lines: list[str] = msgspec.field(default_factory=list)    # the first few, for the user
    reason: str = ""                # why left out
    forms: int = 0
    pages: tuple[int, int] | None = None    # one PDF: the unit's first and last page in the file
    output: str = ""                # one PDF per unit: the file written

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in msgspec.structs.asdict(self).items()}


class BatchResult(msgspec.Struct):
    units: list[UnitPrint]
    pages: int = 0                  # one PDF: all its pages (front pages included)
    outputs: list[str] = msgspec.field(default_factory=list)
    fonts: FontSet | None = None
    chars: set[str] = msgspec.field(default_factory=set)

    @property
    def printed(self) -> list[UnitPrint]:
        return [u for u in self.units if u.status != LEFT_OUT]

    @property
    def drafts(self) -> list[UnitPrint]:
        return [u for u in self.units if u.status == DRAFT]

    @property
    def left_out(self) -> list[UnitPrint]:
        return [u for u in self.units if u.status == LEFT_OUT]

    def font_report(self, paths: bool = True) -> str:
        return self.fonts.describe(self.chars, paths) if self.fonts is not None else ""

    def to_dict(self) -> dict:
        return {"pages": self.pages, "outputs": self.outputs,
                "printed": len(self.printed), "drafts": [_short(u) for u in self.drafts],
                "left_out": [_short(u) for u in self.left_out],
                "units": [u.to_dict() for u in self.units]}


def _short(u: UnitPrint) -> dict:
    out = {"unit": u.unit, "unit_code": u.unit_code, "file": u.file}
    if u.status == DRAFT:
        out["errors"] = u.errors
    else:
        out["reason"] = u.reason
    return out


class BatchUnit(msgspec.Struct):
    """One unit to print: its workbook, or why there is none (a unit damaged in the summary)."""

    workbook: Workbook | None
    file: str = ""
    unit: str = ""
    unit_code: str = ""
    problem: str = ""


def as_batch_unit(item) -> BatchUnit:
    """A Workbook, a BatchUnit, a collected Delivery (has .workbook and .file) or a unit of
    read_summary (a dict with "workbook" and "file")."""
    if isinstance(item, BatchUnit):
        return item
    if isinstance(item, Workbook):
        return BatchUnit(item, "", item.unit, item.unit_code)
    if isinstance(item, dict):
        wb, file = item.get("workbook"), str(item.get("file", ""))
    else:
        wb, file = getattr(item, "workbook", None), str(getattr(item, "file", ""))
    if isinstance(wb, Workbook):
        return BatchUnit(wb, file, wb.unit, wb.unit_code)
    get = item.get if isinstance(item, dict) else (lambda k, d="": getattr(item, k, d))
    return BatchUnit(None, file, str(get("unit", "") or ""), str(get("unit_code", "") or ""),
                     str(get("problem", "") or "") or "汇总文件中该单位的工作簿无法读取")


# ------------------------------------------------------------------------------- the checks

SHOWN_ERRORS = 5


def print_errors(workbook: Workbook, forms: list[Form], profiles=None) -> list:
    """The findings that make a print a draft (错误) in the forms to print, in print order — as
    `perfdesk print` checks (all forms are checked: a self-evaluation compares with its target).
    profiles: the scoring profiles (default_profiles() when None; ProfileError propagates)."""
    from ..definitions.profiles import default_profiles
    from ..domain.checks import check_workbook

    by_form = check_workbook(workbook, profiles if profiles is not None else default_profiles())
    return [f for form in forms for f in by_form.get(form.id, []) if f.severity.blocks_print]


def describe_errors(workbook: Workbook, errors: list, shown: int = SHOWN_ERRORS) -> list[str]:
    titles = {f.id: f.title.strip() or f.definition.name for f in workbook.forms}
    lines = [f"  【{titles.get(e.form, e.form)}】{e.where}：{e.message}" for e in errors[:shown]]
    if len(errors) > shown:
        lines.append(f"  …… 另有 {len(errors) - shown} 处，perfdesk check 列出全部")
    return lines


# ---------------------------------------------------------------------------------- file names

def unit_file_name(workbook: Workbook) -> str:
    return unit_base_name(workbook.unit, workbook.unit_code) + ".pdf"


# ------------------------------------------------------------------------------ the one PDF

class UnitMark(Flowable):
    """Zero-size marker at the start of a unit: its first page and its bookmark."""

    def __init__(self, index: int, title: str):
        super().__init__()
        self.index, self.title = index, title

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv.mark_unit(self.index, self.title)


class _Step(Flowable):
    """Zero-size: the unit being laid out (for progress, and to know which unit a failure is in)."""

    def __init__(self, state: dict, index: int, step: int, total: int, text: str, progress):
        super().__init__()
        self.state, self.index, self.step, self.total, self.text, self.progress = \
            state, index, step, total, text, progress

    def wrap(self, avail_width, avail_height):
        self.state["current"] = self.index
        return 0, 0

    def draw(self):
        if self.progress is not None:
            try:
                self.progress(self.step, self.total, self.text)
            except BaseException:
                self.state["cancelled"] = True      # the caller's stop, not this unit's failure
                raise


class BatchCanvas(NumberedCanvas):
    """Pages of several prints in one document: each unit's pages are numbered, coded and marked
    as its own print's would be; the front pages (the batch's cover and contents) are not."""

    units: dict[int, tuple[str, bool, dict[str, str]]] = {}     # index → draft, front matter, codes

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_pages: dict[int, int] = {}

    def mark_unit(self, index: int, title: str) -> None:
        self.unit_pages.setdefault(index, self.getPageNumber())
        self.form_pages.setdefault(f"unit:{index}", self.getPageNumber())    # the batch contents' numbers
        key = f"unit:{index}"
        self.hold_bookmark(key)
        self.addOutlineEntry(title, key, level=0)

    def mark_form(self, key: str, title: str) -> None:
        self.form_pages.setdefault(key, self.getPageNumber())
        self.hold_bookmark(key)
        self.addOutlineEntry(title, key, level=1)

    def save(self):
        total_pages = len(self._held)
        starts = sorted((page, i) for i, page in self.unit_pages.items())
        sections = []
        for n, (page, i) in enumerate(starts):
            end = starts[n + 1][0] - 1 if n + 1 < len(starts) else total_pages
            draft, front, codes = self.units[i]
            forms = sorted((p, k) for k, p in self.form_pages.items() if k.startswith(f"u{i}:"))
            front_count = (forms[0][0] - page) if front and forms else 0
            sections.append((page, end, draft, front_count, forms, codes))
        slots: dict[int, list] = {}
        for page, x, y, key, size in self.toc_slots:
            slots.setdefault(page, []).append((x, y, key, size))
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            section = next((s for s in reversed(sections) if s[0] <= number), None)
            if section is None:         # the batch's own cover and contents
                self.draft = ""
                self._finish_page(0, 0, slots.get(number, ()), 0, "")
            else:
                first, end, draft, front_count, forms, codes = section
                self.draft = draft
                key = next((k for p, k in reversed(forms) if p <= number), None)
                offset = first - 1 + front_count
                self._finish_page(number - offset, end - offset, slots.get(number, ()), offset,
                                  codes.get(key, ""))
            self.place_bookmarks(number)
            Canvas.showPage(self)       # the plain canvas's: NumberedCanvas's holds the page back
        Canvas.save(self)


def _front(units: list[BatchUnit], results: list[UnitPrint], printable: list[int], fonts: FontSet,
           year) -> list[Flowable]:
    title = TextStyle(size=24, leading=36, align="center", bold=True)
    line = TextStyle(size=15, leading=26, align="center")
    forms = sum(results[i].forms for i in printable)
    drafts = [i for i in printable if results[i].status == DRAFT]
    out: list[Flowable] = [Spacer(1, 150), TextBlock(f"{year or ''}{'年度' if year else ''}预算绩效管理表（汇总打印）",
                                                     fonts, title), Spacer(1, 40),
                           TextBlock(f"共 {len(printable)} 个单位，{forms} 张表", fonts, line)]
    if drafts:
        out.append(TextBlock(f"其中 {len(drafts)} 个单位审核有错误，其表为草稿，不能盖章报送", fonts, line))
    left = [r for r in results if r.status == LEFT_OUT]
    if left:
        out.append(TextBlock(f"另有 {len(left)} 个单位未打印（见目录后的说明）", fonts, line))
    out += [PageBreak(), TextBlock("目　录", fonts, TITLE.but(space_after=6)),
            TextBlock("右列为各单位在本文件中的起始页；各单位的表按本单位单独编页，与其单独打印时相同", fonts,
                      TextStyle(size=9.5, leading=14, align="center", space_after=10))]
    entries = []
    for n, i in enumerate(printable, start=1):
        r = results[i]
        name = r.unit + (f"（{r.unit_code}）" if r.unit_code else "")
        mark = f"　〔草稿：审核有 {r.errors} 处错误〕" if r.status == DRAFT else ""
        entries.append((f"unit:{i}", f"{n}．{name}{mark}"))
    out.append(TocEntries(entries, fonts, TextStyle(size=12, leading=24)))
    if left:
        out.append(TextBlock("未打印的单位", fonts, TextStyle(size=12, leading=22, bold=True, space_before=14)))
        for r in left:
            name = (r.unit or "（单位不明）") + (f"（{r.unit_code}）" if r.unit_code else "")
            where = f"，文件 {r.file}" if r.file else ""
            out.append(TextBlock(f"{name}：{r.reason}{where}", fonts, TextStyle(size=10.5, leading=17)))
    return out


def _unit_title(r: UnitPrint) -> str:
    return r.unit + (f"（{r.unit_code}）" if r.unit_code else "")


def _prepare(units: list[BatchUnit], strict: bool, form_ids, profiles, progress, total_steps) -> list[UnitPrint]:
    """Check every unit (as `perfdesk print` does); note the drafts and what cannot be printed."""
    from .document import select_forms

    results = []
    for i, u in enumerate(units):
        wb = u.workbook
        r = UnitPrint(wb.unit if wb else u.unit, wb.unit_code if wb else u.unit_code, u.file)
        results.append(r)
        if progress is not None:
            progress(i, total_steps, f"审核：{_unit_title(r) or u.file}")
        if wb is None:
            r.status, r.reason = LEFT_OUT, u.problem or "没有可打印的工作簿"
            continue
        try:
            forms = select_forms(wb, form_ids) if form_ids else list(wb.forms)
        except KeyError:
            forms = [f for f in wb.forms if f.id in set(form_ids)]
        if not forms:
            r.status, r.reason = LEFT_OUT, ("没有要打印的表" if not form_ids else
                                           f"没有表 {'、'.join(form_ids)}")
            continue
        r.forms = len(forms)
        try:
            errors = print_errors(wb, forms, profiles)
        except Exception as exc:    # noqa: BLE001 - one unit never stops the batch
            r.status, r.reason = LEFT_OUT, f"无法审核（{type(exc).__name__}：{exc}）"
            continue
        r.errors = len(errors)
        r.error_lines = describe_errors(wb, errors)
        if errors and strict:
            r.status, r.reason = LEFT_OUT, f"审核有 {len(errors)} 处错误，按 --strict 未打印"
        elif errors:
            r.status = DRAFT
    return results


def _forms_of(wb: Workbook, form_ids) -> list[Form]:
    return [f for f in wb.forms if not form_ids or f.id in set(form_ids)]


def render_units(units: list[BatchUnit], out: str | os.PathLike | BinaryIO, results: list[UnitPrint],
                 fonts: FontSet, *, form_ids=None, cover=None, contents=None, year=None,
                 progress: Progress | None = None, invariant: bool = False, steps: int | None = None) -> int:
    """Lay the printable units (status printed or draft) into one PDF; a unit whose layout fails
    is left out (with the reason) and the rest laid out again. Returns the page count."""
    while True:
        printable = [i for i, r in enumerate(results) if r.status != LEFT_OUT]
        if not printable:
            raise ValueError("没有可打印的单位")
        n = len(printable)
        total_steps = steps or 2 * len(results)     # checks take the first half (see _prepare)
        first_step = total_steps // 2
        state: dict = {"current": None}
        story = _front(units, results, printable, fonts, year)
        info: dict[int, tuple[str, bool, dict[str, str]]] = {}
        failed = None
        for step, i in enumerate(printable):
            wb, r = units[i].workbook, results[i]
            forms = _forms_of(wb, form_ids)
            try:
                front, unit_story, codes = print_story(wb, forms, fonts, cover, contents, key_prefix=f"u{i}:")
            except Exception as exc:    # noqa: BLE001
                failed = (i, exc)
                break
            info[i] = (draft_mark(r.errors), front, codes)
            story += [NextPageTemplate(first_orientation(forms, front)), PageBreak(),
                      _Step(state, i, first_step + i, total_steps, f"排版：{_unit_title(r)}", progress),
                      UnitMark(i, _unit_title(r) + ("（草稿）" if r.status == DRAFT else ""))]
            story += unit_story
        if failed is not None:
            i, exc = failed
            results[i].status, results[i].reason = LEFT_OUT, f"无法排版（{type(exc).__name__}：{exc}）"
            continue
        templates = [_template("portrait"), _template("landscape")]
        target = str(out) if isinstance(out, (str, os.PathLike)) else out
        doc = BaseDocTemplate(target, pagesize=_page_size("portrait"), pageTemplates=templates,
                              leftMargin=SIDE_MARGIN, rightMargin=SIDE_MARGIN, topMargin=TOP_MARGIN,
                              bottomMargin=BOTTOM_MARGIN, initialFontName=fonts.name, invariant=int(invariant),
                              title=f"{year or ''}{'年度' if year else ''}预算绩效管理表（汇总打印，{n} 个单位）",
                              creator="perfdesk")
        made = {}
        maker_class = type("BatchFormCanvas", (BatchCanvas,), {"fonts": fonts, "units": info})

        def maker(*args, **kwargs):
            made["canvas"] = maker_class(*args, **kwargs)
            return made["canvas"]

        try:
            doc.build(story, canvasmaker=maker)
        except Exception as exc:        # noqa: BLE001 - the unit being laid out is left out, not the batch
            i = state["current"]
            if i is None or state.get("cancelled") or isinstance(exc, Cancelled):
                raise
            results[i].status, results[i].reason = LEFT_OUT, f"无法排版（{type(exc).__name__}：{exc}）"
            if hasattr(out, "seek"):
                out.seek(0)
                out.truncate()
            continue
        canv = made["canvas"]
        total = len(canv._held)
        starts = sorted((p, i) for i, p in canv.unit_pages.items())
        for k, (p, i) in enumerate(starts):
            results[i].pages = (p, starts[k + 1][0] - 1 if k + 1 < len(starts) else total)
        if progress is not None:
            progress(total_steps, total_steps, "完成")
        return total


class Cancelled(Exception):
    """Raise this from a progress callback to stop a batch print; nothing is written."""


def print_units(deliveries: Iterable, out: str | os.PathLike, *, each: bool = False,
                progress: Progress | None = None, fonts: FontSet | None = None, strict: bool = False,
                form_ids: list[str] | None = None, cover: bool | None = None, contents: bool | None = None,
                year: int | None = None, profiles=None, left_out: Iterable[dict] = (),
                invariant: bool = False) -> BatchResult:
    """Print collected units with the existing print and its checks.

    deliveries: Workbooks, collected Deliveries, read_summary's units (dicts) or BatchUnits.
    out: the PDF (each=False), or the folder for one `<代码>-<名称>.pdf` per unit (each=True;
    made when missing; existing files of those names are replaced).
    Each unit is checked as `perfdesk print` checks; with errors it prints as a draft (marked on
    every page), or with strict=True is left out. A unit that cannot be read, checked or laid out
    is left out with its reason; none stops the others. left_out: further units not printed,
    as dicts (unit, unit_code, file, reason) — e.g. files collect could not use — listed on the
    contents page and in the result.
    progress(done, total, text): called as the work advances (checks first, then layout); it
    may raise Cancelled (or anything) to stop: the exception propagates and nothing is written.
    form_ids, cover, contents: as `perfdesk print` (applied to every unit).
    Raises ValueError when no unit can be printed."""
    units = [as_batch_unit(d) for d in deliveries]
    fonts = fonts or find_fonts()
    n = len(units)
    results = _prepare(units, strict, form_ids, profiles, progress, n if each else 2 * n)
    extra = [UnitPrint(str(x.get("unit", "")), str(x.get("unit_code", "")), str(x.get("file", "")),
                       LEFT_OUT, reason=str(x.get("reason", ""))) for x in left_out]
    year = year if year is not None else next((u.workbook.year for u in units if u.workbook), None)
    if each:
        return _print_each(units, Path(out), results, extra, fonts, form_ids, cover, contents, progress, invariant)
    with fonts.recording() as chars:
        buffer = io.BytesIO()
        # the extra left-out units show on the contents page too
        all_units = units + [BatchUnit(None, x.file, x.unit, x.unit_code) for x in extra]
        all_results = results + extra
        pages = render_units(all_units, buffer, all_results, fonts, form_ids=form_ids, cover=cover,
                             contents=contents, year=year, progress=progress, invariant=invariant,
                             steps=2 * n)
    _replace(Path(out), buffer.getvalue())
    return BatchResult(all_results, pages, [str(out)], fonts, set(chars))


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _print_each(units, folder: Path, results, extra, fonts, form_ids, cover, contents, progress,
                invariant) -> BatchResult:
    """Each unit into a temporary file in the folder; only when all are made are they renamed to
    their names (existing files of those names replaced then). Cancelled or failed: the
    temporaries are deleted, nothing else in the folder is touched."""
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    outputs, chars, used, staged = [], set(), set(), []
    total = len(units)
    try:
        for i, (u, r) in enumerate(zip(units, results)):
            if r.status == LEFT_OUT:
                continue
            if progress is not None:
                progress(i, total, f"打印：{_unit_title(r)}")
            name = unit_file_name(u.workbook)
            stem, k = name[:-4], 2
            while name.lower() in used:
                name, k = f"{stem}-{k}.pdf", k + 1
            used.add(name.lower())
            try:
                data, printed = render_pdf_bytes(u.workbook, form_ids=[f.id for f in _forms_of(u.workbook, form_ids)],
                                                 fonts=fonts, cover=cover, contents=contents,
                                                 draft=draft_mark(r.errors), invariant=invariant)
            except Exception as exc:    # noqa: BLE001 - one unit never stops the batch
                r.status, r.reason = LEFT_OUT, f"无法排版（{type(exc).__name__}：{exc}）"
                continue
            handle, tmp = tempfile.mkstemp(prefix=".perfdesk-", suffix=".pdf.tmp", dir=folder)
            staged.append((Path(tmp), folder / name))
            with os.fdopen(handle, "wb") as fh:
                fh.write(data)
            chars |= printed.chars
            r.output, r.pages = str(folder / name), (1, printed.pages)
            outputs.append(r.output)
        if progress is not None:
            progress(total, total, "完成")
        if not outputs:
            raise ValueError("没有可打印的单位")
        while staged:
            tmp, target = staged[0]
            os.replace(tmp, target)
            staged.pop(0)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        if made and not any(folder.iterdir()):
            folder.rmdir()
        raise
    return BatchResult(results + extra, 0, outputs, fonts, chars)


__all__ = ["BatchResult", "BatchUnit", "Cancelled", "DRAFT", "DRAFT_MARK", "LEFT_OUT", "PRINTED", "UnitPrint",
           "describe_errors", "print_errors", "print_units", "safe_file_name", "unit_file_name"]
