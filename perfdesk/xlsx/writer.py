"""Export: one sheet per form, laid out like the printed table (see layout.py), plus a hidden
sheet that lets our own import read the file back exactly."""
from __future__ import annotations

import errno
import io
import json
import os
import re
import secrets
import stat
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import _escape_cdata

import msgspec
from openpyxl import Workbook as XlWorkbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from ..domain.model import Form, Workbook
from ..domain.values import decimal_text
from ..codec import canonical_json, workbook_header_to_dict
from . import fastsave
from . import layout as L
from .layout import Cell, SheetPlan
from .sheet import plan_form
from .paginate import paginate
from .rowkeys import Row, kind_of

META_SHEET = "perfdesk"
META_MARK = "perfdesk-xlsx"
META_VERSION = 1
FORM_MARK = "perfdesk:form:"

FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_NONE = Side(style=None)


class XlsxExportError(Exception):
    """The export could not be written; the message is for the user."""


class ExportReport(msgspec.Struct):
    path: str
    sheets: list[tuple[str, str]] = msgspec.field(default_factory=list)   # (sheet name, form id)
    seconds: float = 0.0
    notes: list[str] = msgspec.field(default_factory=list)


def _styles() -> dict[str, dict]:
    body = Font(name=FONT, size=10)
    bold = Font(name=FONT, size=10, bold=True)
    wrap_left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    wrap_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    right = Alignment(horizontal="right", vertical="center")
    return {
        L.TITLE: {"font": Font(name=FONT, size=16, bold=True), "alignment": wrap_center},
        L.SUBTITLE: {"font": Font(name=FONT, size=11), "alignment": wrap_center},
        L.UNITLINE: {"font": body, "alignment": Alignment(horizontal="left", vertical="bottom")},
        L.MONEY_UNIT: {"font": body, "alignment": Alignment(horizontal="right", vertical="bottom")},
        L.LABEL: {"font": bold, "alignment": wrap_center},
        L.TEXT: {"font": body, "alignment": wrap_left},
        L.TEXT_TOP: {"font": body, "alignment": Alignment(horizontal="left", vertical="top", wrap_text=True)},
        L.HEADER: {"font": bold, "alignment": wrap_center},
        L.GROUP: {"font": Font(name=FONT, size=11, bold=True),
                  "alignment": Alignment(horizontal="left", vertical="center", wrap_text=True)},
        L.CAPTION: {"font": Font(name=FONT, size=11, bold=True),
                    "alignment": Alignment(horizontal="left", vertical="bottom")},
        L.NUMBER: {"font": body, "alignment": right},
        L.AMOUNT: {"font": body, "alignment": right},
        L.PERCENT: {"font": body, "alignment": right},
        L.CENTER: {"font": body, "alignment": wrap_center},
        L.SIGN: {"font": body, "alignment": Alignment(horizontal="left", vertical="center")},
        L.SIDE: {"font": bold, "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True,
                                                      textRotation=255)},   # stacked, read downwards
        L.HEADING: {"font": bold, "alignment": Alignment(horizontal="left", vertical="bottom", wrap_text=True)},
    }


def _border(kind: str) -> Border:
    if kind == "none":
        return Border()
    top = _NONE if kind in ("open_top", "open_both") else _THIN
    bottom = _NONE if kind in ("open_bottom", "open_both") else _THIN
    return Border(left=_THIN, right=_THIN, top=top, bottom=bottom)


def sheet_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", title).strip().strip("'") or "表"
    base = base[:31]
    name, n = base, 2
    while name.lower() in used or name.lower() == META_SHEET:
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _clean(value):
    """Excel refuses control characters; they cannot be typed into a form anyway."""
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _write_plan(ws, plan: SheetPlan, styles: "_SheetStyles", cached: dict[str, object],
                notes: list[str]) -> fastsave.SheetContent | None:
    """The plan into the worksheet: its cells as a SheetContent (returned; see fastsave), or, for
    a plan whose cells overlap (none of ours: see _Overlap), as openpyxl cells put in one by one
    (None)."""
    for i, w in enumerate(plan.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(w, 2)
    noted = len(notes)
    try:
        content = _plan_content(ws, plan, styles, cached, notes)
    except _Overlap:   # undo, and put the cells in one by one
        del notes[noted:]
        cached.clear()
        ws.merged_cells.ranges.clear()
        _write_cells(ws, plan, styles, cached, notes)
        content = None
    # the hidden key column: what each row holds, for reading the file back
    key_col = plan.key_col
    letter = get_column_letter(key_col)
    keys = [(1, FORM_MARK + plan.form.id)] + [(r, key) for r, key in plan.keys.items() if r != 1 and key]
    if plan.typed:   # the texts of split values typed as one text, after a tab (layout.py)
        typed = plan.typed
        keys = [(r, key + "\t" + json.dumps(typed[r], ensure_ascii=False, sort_keys=True) if r in typed else key)
                for r, key in keys]
    for r, key in keys:
        if content is None:
            ws.cell(row=r, column=key_col, value=key)
        else:
            content.cells[(r, key_col)] = _text_record(key)
    ws.column_dimensions[letter].hidden = True
    ws.column_dimensions[letter].width = 10
    if plan.choices:
        _drop_downs(ws, plan)
    return content


def _drop_downs(ws, plan: SheetPlan):
    """A list drop-down (指标性质) on the given columns of the indicator rows."""
    rows = sorted(r for r, key in plan.keys.items() if kind_of(key) == Row.INDICATOR)
    if not rows:
        return
    runs, start = [], rows[0]
    for prev, r in zip(rows, rows[1:] + [None]):
        if r != prev + 1:
            runs.append((start, prev))
            start = r
    for col, choices in plan.choices:
        letter = get_column_letter(col)
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                            showDropDown=False)
        # a warning, not a refusal: a value typed split in perfdesk may carry another sign (﹦)
        dv.error, dv.errorTitle = "建议从列表中选择：" + "、".join(choices), "指标性质"
        dv.errorStyle, dv.showErrorMessage = "warning", True
        dv.sqref = MultiCellRange(" ".join(f"{letter}{a}:{letter}{b}" if a != b else f"{letter}{a}"
                                           for a, b in runs))
        ws.add_data_validation(dv)


EXCEL_CELL_LIMIT = 32767       # characters in one cell: Excel cuts (openpyxl too) what is longer


def _fits(text: str, ws, row: int, col: int, plan: SheetPlan | None = None) -> str:
    """A text as it goes into a cell, never cut: a longer one refuses the export, naming the
    place (the form, the sheet and cell, the row's field), so nothing is lost without a word."""
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    form = f"表单“{plan.form.title or plan.form.id}”（{plan.form.id}）" if plan is not None else "工作簿信息"
    key = plan.keys.get(row) if plan is not None else None
    field = f"，字段 {key}" if key else ""
    raise XlsxExportError(
        f"{form}中工作表“{ws.title}”{get_column_letter(col)}{row}{field}的文字长 {len(text)} 个字符"
        f"（开头：“{text[:20]}…”），超过 Excel 单元格最多 {EXCEL_CELL_LIMIT} 个字符的上限；"
        f"导出会截断它，因此未导出。请缩短这段文字后再导出")


def _text_record(text: str) -> tuple:
    """A text cell as `ws.cell(value=text)` makes it: openpyxl's check_string and type rules."""
    text = text[:32767]
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
    if len(text) > 1 and text.startswith("="):
        return (None, "f", text)
    return (None, "e" if text in ERROR_CODES else "s", text)


def _plan_content(ws, plan: SheetPlan, styles: "_SheetStyles", cached: dict[str, object],
                  notes: list[str]) -> fastsave.SheetContent:
    content = fastsave.SheetContent()
    cells = content.cells
    key_col = plan.key_col
    for cell in plan.cells:
        at = (cell.row, cell.col)
        if at in cells or cell.last_col >= key_col:
            raise _Overlap
        value = cell.value
        record = None
        if not cell.formula:
            if value is None:
                record = (styles.array(ws, cell), "n", None)
            else:
                clean = _clean(value)
                if clean is not value and clean != value:
                    notes.append(f"工作表“{ws.title}”{get_column_letter(cell.col)}{cell.row}：已去掉 Excel 不允许的控制字符")
                if isinstance(clean, Decimal):
                    clean = _excel_number(clean)
                kind = type(clean)
                if kind is str:
                    # what `target.value = clean` does (check_string: at most 32767 characters,
                    # none illegal: _clean took them out), then always a string: "=100%" is a
                    # value here, never a formula
                    record = (styles.array(ws, cell), "s", _fits(clean, ws, cell.row, cell.col, plan))
                elif kind is int or kind is float:
                    record = (styles.array(ws, cell), "n", clean)
                else:
                    value = clean
        if record is None:   # a formula, a date …: a real openpyxl cell, as _write_cells makes it
            target = OpenpyxlCell(ws, row=cell.row, column=cell.col)
            if cell.formula:
                target.value = cell.formula
                if value is not None:
                    cached[target.coordinate] = value
            else:
                target.value = value
                if isinstance(value, str):
                    target.data_type = "s"
            if target._style is None:
                target._style = StyleArray(styles.array(ws, cell))
            else:   # the value set a number format (dates): the rest goes on top, as it did
                styles.apply(target, cell, reuse=False)
            record = target
        cells[at] = record
        if cell.rows > 1 or cell.cols > 1:
            _merge(ws, cells, cell, styles)
    for r, h in plan.heights.items():
        content.heights[r] = round(h, 1)
    return content


def _write_cells(ws, plan: SheetPlan, styles: "_SheetStyles", cached: dict[str, object], notes: list[str]):
    for cell in plan.cells:
        target = ws.cell(row=cell.row, column=cell.col)
        value = cell.value
        if cell.formula:
            target.value = cell.formula
            if value is not None:
                cached[target.coordinate] = value
        elif value is not None:
            clean = _clean(value)
            if clean != value:
                notes.append(f"工作表“{ws.title}”{target.coordinate}：已去掉 Excel 不允许的控制字符")
            if isinstance(clean, Decimal):
                clean = _excel_number(clean)
            if isinstance(clean, str):
                clean = _fits(clean, ws, cell.row, cell.col, plan)
            target.value = clean
            if isinstance(clean, str):
                target.data_type = "s"   # "=100%" is a value here, never a formula
        styles.apply(target, cell, reuse=False)
        if cell.rows > 1 or cell.cols > 1:
            ws.merge_cells(start_row=cell.row, start_column=cell.col,
                           end_row=cell.last_row, end_column=cell.last_col)
            _border_merged(ws, cell)
    for r, h in plan.heights.items():
        ws.row_dimensions[r].height = round(h, 1)


class _SheetStyles:
    """The style of every cell, computed once per kind of cell for the whole export.

    Assigning font, alignment and border to an openpyxl cell hashes and compares those objects
    each time (most of the export's time); here the first cell of a kind gets them assigned and
    every other cell a copy of its StyleArray (the indices into the workbook's style lists), which
    is what the assignments would have produced."""

    def __init__(self, workbook: XlWorkbook):
        self.named = _styles()
        self.workbook = workbook
        self.cells: dict[tuple, StyleArray] = {}
        self.edges: dict[tuple, StyleArray] = {}

    def array(self, ws, cell: Cell) -> StyleArray:
        """The StyleArray of a new cell like this one (shared: copy it before changing it)."""
        key = (cell.style, cell.indent, cell.border, cell.number_format or None)
        array = self.cells.get(key)
        if array is None:
            self.apply(OpenpyxlCell(ws, row=cell.row, column=cell.col), cell)
            array = self.cells[key]
        return array

    def apply(self, target, cell: Cell, reuse: bool = True):
        """reuse=False: assign each attribute (a cell that may already have a style of its own)."""
        key = (cell.style, cell.indent, cell.border, cell.number_format or None)
        array = self.cells.get(key) if reuse else None
        if array is None:
            style = self.named[cell.style]
            target.font = style["font"]
            alignment = style["alignment"]
            if cell.indent:
                alignment = Alignment(horizontal="left", vertical=alignment.vertical, wrap_text=True,
                                      indent=cell.indent)
            target.alignment = alignment
            target.border = _border(cell.border)
            if cell.number_format:
                target.number_format = cell.number_format
            if reuse:
                self.cells[key] = StyleArray(target._style)
        else:
            target._style = StyleArray(array)   # a copy: cells never share one

    def edge(self, kind: str, left: bool, right: bool, top: bool, bottom: bool) -> StyleArray:
        """A covered cell of a merged range: only the range's outer edges (see _border_merged).
        Shared: copy it before changing it."""
        key = (kind, left, right, top, bottom)
        array = self.edges.get(key)
        if array is None:
            border = _border(kind)
            array = StyleArray()
            array.borderId = self.workbook._borders.add(Border(
                left=border.left if left else _NONE, right=border.right if right else _NONE,
                top=border.top if top else _NONE, bottom=border.bottom if bottom else _NONE))
            self.edges[key] = array
        return array


class _Overlap(Exception):
    """A cell of the plan lies on another one, inside a merged range or in the key column: never
    in the layouts we make. Such a sheet goes the slow way of openpyxl's merge_cells."""


def _merge(ws, cells: dict, cell: Cell, styles: _SheetStyles):
    """ws.merge_cells and _border_merged, for a range no other cell of the plan touches: the
    covered cells become MergedCells bearing the range's edges, as they would there, without
    openpyxl's MergedCellRange.format() (which adds each edge to each covered cell in turn)."""
    merged = MergedCellRange.__new__(MergedCellRange)
    CellRange.__init__(merged, min_col=cell.col, min_row=cell.row, max_col=cell.last_col, max_row=cell.last_row)
    merged.ws = ws
    merged.start_cell = None   # fastsave.materialize sets it, if the cells ever become openpyxl's
    ws.merged_cells.ranges.add(merged)   # MultiCellRange.add, less its test for overlaps
    merged_type = fastsave.MERGED
    for r in range(cell.row, cell.last_row + 1):
        for c in range(cell.col, cell.last_col + 1):
            if r == cell.row and c == cell.col:
                continue
            if (r, c) in cells:
                raise _Overlap
            cells[(r, c)] = (styles.edge(cell.border, c == cell.col, c == cell.last_col, r == cell.row,
                                         r == cell.last_row), merged_type, None)


def _border_merged(ws, cell: Cell):
    """Excel draws a merged range's border from its edge cells: give them the same edges."""
    border = _border(cell.border)
    for r in range(cell.row, cell.last_row + 1):
        for c in range(cell.col, cell.last_col + 1):
            if r == cell.row and c == cell.col:
                continue
            ws.cell(row=r, column=c).border = Border(
                left=border.left if c == cell.col else _NONE,
                right=border.right if c == cell.last_col else _NONE,
                top=border.top if r == cell.row else _NONE,
                bottom=border.bottom if r == cell.last_row else _NONE)


def _excel_number(d: Decimal):
    if d == d.to_integral_value() and abs(d) < 10 ** 15:
        return int(d)
    return float(d)


def _print_setup(ws, plan: SheetPlan):
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if plan.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.75
    ws.page_margins.header = 0.3
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9
    ws.oddFooter.center.font = FONT
    if plan.title_rows:
        ws.print_title_rows = f"{plan.title_rows[0]}:{plan.title_rows[1]}"
    ws.print_area = f"A1:{get_column_letter(plan.ncols)}{plan.last_row}"
    for b in plan.breaks:
        ws.row_breaks.append(Break(id=b - 1))
    ws.sheet_view.showGridLines = False


def _meta_sheet(xl: XlWorkbook, workbook: Workbook, forms: list[Form]):
    ws = xl.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    ws["A1"], ws["B1"] = META_MARK, str(META_VERSION)
    ws["A2"], ws["B2"] = "说明", "此工作表由 perfdesk 导出时生成，导回 perfdesk 时用于还原工作簿信息，请勿修改或删除。"
    ws["A3"], ws["B3"] = "workbook", _fits(canonical_json(workbook_header_to_dict(workbook)), ws, 3, 2)
    for i, form in enumerate(forms, start=4):
        hidden = {
            "stated": {tid: {rid: {c: decimal_text(v) for c, v in vals.items() if v is not None}
                             for rid, vals in table.stated.items()}
                       for tid, table in form.funds.items() if table.stated},
            "stated_totals": {k: decimal_text(v) for k, v in form.stated_totals.items()},
        }
        if form.source is not None:       # an imported form keeps where it came from
            hidden["source"] = {"file": form.source.file, "sheet": form.source.sheet,
                                "money_unit": form.source.money_unit, "absent": list(form.source.absent)}
        if form.origin is not None:       # a derived form keeps what it was made from (生成自评表 → 比对)
            hidden["origin"] = {"form": form.origin.source_form, "rule": form.origin.rule,
                                "baseline": dict(form.origin.baseline)}
        ws.cell(row=i, column=1, value="form")
        ws.cell(row=i, column=2, value=form.id)
        ws.cell(row=i, column=3, value=form.definition.id)
        ws.cell(row=i, column=4, value=_fits(json.dumps(hidden, ensure_ascii=False, sort_keys=True), ws, i, 4))
    for cell in ws["B"]:
        cell.data_type = "s"


def workbook_to_xlsx_bytes(workbook: Workbook, form_ids: list[str] | None = None,
                           notes: list[str] | None = None, progress=None) -> tuple[bytes, list[tuple[str, str]]]:
    """progress(done, total, title) before each form; what it raises ends the export, unwritten."""
    forms = _select(workbook, form_ids)
    notes = notes if notes is not None else []
    xl = XlWorkbook()
    xl.remove(xl.active)
    styles = _SheetStyles(xl)
    used: set[str] = set()
    cached_by_sheet: list[dict[str, object]] = []
    contents: list[fastsave.SheetContent | None] = []
    sheets = []
    for done, form in enumerate(forms):
        if progress is not None:
            progress(done, len(forms), form.title or form.id)
        plan = plan_form(form, workbook)
        paginate(plan)
        ws = xl.create_sheet(sheet_name(form.title or form.id, used))
        cached: dict[str, object] = {}
        contents.append(_write_plan(ws, plan, styles, cached, notes))
        _print_setup(ws, plan)
        cached_by_sheet.append(cached)
        sheets.append((ws.title, form.id))
    _meta_sheet(xl, workbook, forms)
    xl.calculation.fullCalcOnLoad = True
    worksheets = xl.worksheets
    if fastsave.SUPPORTED:
        return fastsave.save_bytes(xl, {id(ws): c for ws, c in zip(worksheets, cached_by_sheet)},
                                   {id(ws): c for ws, c in zip(worksheets, contents) if c is not None}), sheets
    for ws, content in zip(worksheets, contents):
        if content is not None:
            fastsave.materialize(ws, content)
    buffer = io.BytesIO()
    xl.save(buffer)
    return _inject_cached_values(buffer.getvalue(), cached_by_sheet), sheets


def _select(workbook: Workbook, form_ids: list[str] | None) -> list[Form]:
    if not form_ids:
        return list(workbook.forms)
    known = {f.id for f in workbook.forms}
    missing = [f for f in form_ids if f not in known]
    if missing:
        raise XlsxExportError(f"工作簿中没有表单 “{missing[0]}”，可用：{'、'.join(f.id for f in workbook.forms)}")
    wanted = set(form_ids)
    return [f for f in workbook.forms if f.id in wanted]


def _inject_cached_values(data: bytes, cached_by_sheet: list[dict[str, object]]) -> bytes:
    """openpyxl writes formulas without results. Put the results in, so that viewers that do not
    calculate (Excel's protected view, previewers, provincial importers) show the figures.
    (fastsave writes them in the first place; this is for when it cannot be used.)"""
    if not any(cached_by_sheet):
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if m and int(m.group(1)) <= len(cached_by_sheet) and cached_by_sheet[int(m.group(1)) - 1]:
                content = _inject_sheet(content.decode("utf-8"), cached_by_sheet[int(m.group(1)) - 1]).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f><v\s*/></c>')


def _inject_sheet(xml: str, cached: dict[str, object]) -> str:
    def repl(m: re.Match) -> str:
        got = fastsave.cached_text(cached.get(m.group(1)))
        if got is None:
            return m.group(0)
        t, text = got
        attrs = re.sub(r'\s+t="[^"]*"', "", m.group(2))
        type_attr = ' t="str"' if t == "str" else ""
        return f'<c r="{m.group(1)}"{attrs}{type_attr}><f>{m.group(3)}</f><v>{_escape_cdata(text)}</v></c>'

    return _FORMULA_CELL.sub(repl, xml)


def export_xlsx(workbook: Workbook, path: str | os.PathLike, form_ids: list[str] | None = None,
                progress=None) -> ExportReport:
    """Write the workbook's forms (all, or those named) to an xlsx file, atomically; an export
    ended by `progress` (see workbook_to_xlsx_bytes) writes nothing."""
    started = time.perf_counter()
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise XlsxExportError(f"目录不存在：{directory}")
    notes: list[str] = []
    data, sheets = workbook_to_xlsx_bytes(workbook, form_ids, notes, progress)
    try:
        fd, tmp_name = _temporary_file(directory, target.stem)
    except OSError as exc:
        raise XlsxExportError(f"写入 {target} 失败：{exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():      # overwriting: the file keeps the permissions it had
            os.chmod(tmp_name, stat.S_IMODE(target.stat().st_mode))
        os.replace(tmp_name, target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise XlsxExportError(f"写入 {target} 失败：{exc.strerror or exc}") from None
    return ExportReport(str(target), sheets, time.perf_counter() - started, notes)


def _temporary_file(directory: Path, stem: str) -> tuple[int, str]:
    """A new file beside the target, created with the permissions of any file the user saves
    (0666 less the umask). tempfile.mkstemp would make it 0600: an export copied to a shared
    folder could then not be opened by the colleague it was meant for."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = str(directory / f".{stem}-{secrets.token_hex(6)}.tmp")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "无法创建临时文件", str(directory))


__all__ = ["ExportReport", "XlsxExportError", "export_xlsx", "workbook_to_xlsx_bytes", "META_SHEET",
           "META_MARK", "FORM_MARK"]
