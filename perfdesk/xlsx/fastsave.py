"""Saving our exports faster, with the XML openpyxl would write.

openpyxl keeps every cell as an object (and its style as assignments that hash Font, Border and
Alignment objects), then serialises each cell by building an ElementTree element and running it
through et_xmlfile's namespace-aware serialiser. For an export of 200 forms that was most of the
time. Here:

- the writer keeps a sheet's cells as plain records (SheetContent: a StyleArray, a data type and
  a value per cell, row heights beside), never as openpyxl cells;
- save_bytes writes each worksheet's <sheetData> (and <mergeCells>) as strings, byte for byte what
  openpyxl 3.1 writes for the same cells (the same attributes in the same order, the same
  escaping functions, the same number formatting), with the cached results of formulas put in
  directly (writer._inject_cached_values did it afterwards by rewriting the whole archive);
- everything else in the file (styles, workbook, columns, print setup …) is openpyxl's own code.

Anything unusual goes the ordinary way: a cell that is a real openpyxl cell of a kind this module
does not write itself (dates, rich text, comments, hyperlinks, array formulas) is written by
openpyxl's cell writer; with lxml installed (openpyxl then writes through lxml) or another
openpyxl release SUPPORTED is false and the writer materializes the records as openpyxl cells
and lets openpyxl save.
"""
from __future__ import annotations

import datetime
import io
from collections import defaultdict
from decimal import Decimal
from xml.etree.ElementTree import _escape_attrib, _escape_cdata   # what et_xmlfile itself uses
from zipfile import ZIP_DEFLATED, ZipFile

import openpyxl
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.writer.excel import ExcelWriter

from ..domain.values import decimal_text

# the row writer below copies openpyxl 3.1's ElementTree cell writer; with lxml openpyxl writes
# differently
SUPPORTED = openpyxl.__version__.startswith("3.1.") and not openpyxl.LXML

_NUMBER = (int, float, Decimal)


def cached_text(value) -> tuple[str, str] | None:
    """(t attribute, <v> text) of a formula's cached result."""
    if value is None:
        return None
    if isinstance(value, str):
        return "str", value
    if isinstance(value, Decimal):
        return "n", decimal_text(value)
    if isinstance(value, (int, float)):
        return "n", repr(value)
    return None


MERGED = "merged"   # the data type of a covered cell of a merged range in SheetContent


class SheetContent:
    """A worksheet's cells kept outside openpyxl: {(row, column): record} and row heights.

    A record is a tuple (StyleArray or None, data type, value) for a plain value ("s" text, "n"
    number or nothing, MERGED for a covered cell of a merged range), or a real openpyxl Cell
    for anything else (formulas, dates …). Saved by save_bytes without ever becoming openpyxl
    cells; `materialize` makes them cells (for openpyxl's own save, and for tests)."""

    __slots__ = ("cells", "heights")

    def __init__(self):
        self.cells: dict[tuple[int, int], object] = {}
        self.heights: dict[int, float] = {}


def materialize(ws, content: SheetContent):
    """Put the content into the worksheet as openpyxl cells and row dimensions."""
    cells = ws._cells
    for (r, c), record in sorted(content.cells.items()):
        if type(record) is tuple:
            style, data_type, value = record
            if data_type == MERGED:
                cell = MergedCell(ws, row=r, column=c)
                cell._style = None if style is None else StyleArray(style)
            else:
                cell = Cell(ws, row=r, column=c, style_array=style)
                cell._value = value
                cell.data_type = data_type
        else:
            cell = record
        cells[(r, c)] = cell
        ws._current_row = max(ws._current_row, r)
    for r, h in content.heights.items():
        ws.row_dimensions[r].height = h
    for merged in ws.merged_cells.ranges:
        if getattr(merged, "start_cell", True) is None:
            merged.start_cell = cells.get((merged.min_row, merged.min_col))


def save_bytes(xl, cached_by_sheet: dict[int, dict[str, object]],
               content_by_sheet: dict[int, SheetContent] | None = None) -> bytes:
    """The workbook as xlsx bytes; `cached_by_sheet` maps id(worksheet) to {coordinate: result}
    for formula cells, `content_by_sheet` id(worksheet) to cells kept outside openpyxl (written
    after the worksheet's own). Only call when SUPPORTED."""
    buffer = io.BytesIO()
    archive = ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)
    xl.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
    _ExcelWriter(xl, archive, cached_by_sheet, content_by_sheet or {}).save()
    return buffer.getvalue()


class _ExcelWriter(ExcelWriter):
    def __init__(self, workbook, archive, cached_by_sheet, content_by_sheet):
        super().__init__(workbook, archive)
        self._cached_by_sheet = cached_by_sheet
        self._content_by_sheet = content_by_sheet

    def write_worksheet(self, ws):
        # ExcelWriter.write_worksheet, with our row writer and an in-memory buffer (openpyxl
        # writes each sheet to a temporary file first)
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, io.BytesIO(), self._cached_by_sheet.get(id(ws)) or {},
                              self._content_by_sheet.get(id(ws)))
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


class _SheetWriter(WorksheetWriter):
    def __init__(self, ws, out, cached: dict[str, object], content: SheetContent | None = None):
        super().__init__(ws, out)
        self.cached = cached
        self.content = content

    def _all_cells(self) -> dict[tuple[int, int], object]:
        if self.content is None:
            return self.ws._cells
        if not self.ws._cells:
            return self.content.cells
        return {**self.ws._cells, **self.content.cells}

    def write_dimensions(self):
        if self.content is None:
            return super().write_dimensions()
        cells = self._all_cells()   # Worksheet.calculate_dimension, over both
        if not cells:
            ref = "A1:A1"
        else:
            rows = {r for r, _ in cells}
            cols = {c for _, c in cells}
            ref = f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}"
        self.xf.send(SheetDimension(ref).to_tree())

    def _rows(self):
        """WorksheetWriter.rows, with the content's cells and heights."""
        rows = defaultdict(list)
        for (row, col), cell in sorted(self._all_cells().items()):
            rows[row].append((col, cell))
        heights = self.content.heights if self.content is not None else {}
        for row in (self.ws.row_dimensions.keys() | heights.keys()) - rows.keys():
            rows[row] = []
        return sorted(rows.items())

    def _row_attrs(self, row_idx: int) -> str:
        attrs = {"r": f"{row_idx}"}
        dims = self.ws.row_dimensions
        h = self.content.heights.get(row_idx) if self.content is not None else None
        if h is not None and row_idx not in dims and h:
            # what RowDimension(ht=h) gives: the height, marked custom
            attrs.update({"ht": safe_string(h), "customHeight": "1"})
        else:
            if h is not None:
                dims[row_idx].height = h
            attrs.update(dims.get(row_idx, {}))
        return "".join(f' {k}="{_escape_attrib(v)}"' for k, v in attrs.items())

    def write_rows(self):
        xf = self.xf.send(True)
        write = self._write = xf._file
        styles = self.ws.parent._cell_styles
        style_ids: dict[int, tuple[object, str]] = {}   # id(StyleArray) -> (it, ' s="…"' or "")
        cached = self.cached
        letters: dict[int, str] = {}
        with xf.element("sheetData"):
            for row_idx, row in self._rows():
                parts = ["<row", self._row_attrs(row_idx), ">"]
                r = f"{row_idx}"
                for column, cell in row:
                    kind = type(cell)
                    if kind is tuple:
                        style, t, value = cell
                        if t == MERGED:
                            t = "n"
                    elif kind is MergedCell:
                        style, t, value = cell._style, "n", None
                    elif kind is Cell and cell._comment is None and cell._hyperlink is None:
                        style, t, value = cell._style, cell.data_type, cell._value
                    else:
                        self._fallback(xf, write, parts, cell)
                        continue
                    # openpyxl.cell._writer.etree_write_cell, as strings. Records share their
                    # StyleArrays: each is looked up once (in the order openpyxl would add them)
                    known = style_ids.get(id(style))
                    if known is None or known[0] is not style:
                        styled = style is not None and any(style)
                        known = style_ids[id(style)] = (style, f' s="{styles.add(style)}"' if styled else "")
                    s_attr = known[1]
                    if value is None and not s_attr:
                        continue
                    letter = letters.get(column) or letters.setdefault(column, get_column_letter(column))
                    head = f'<c r="{letter}{r}"{s_attr}'
                    if value is None or value == "":
                        if t == "s":
                            parts.append(head + ' t="inlineStr" />')
                        elif t == "f":
                            parts.append(head + " />")
                        else:
                            parts.append(f'{head} t="{_escape_attrib(t)}" />')
                    elif t == "s" and type(value) is str:
                        stripped = value.strip()
                        space = ' xml:space="preserve"' if stripped and value != stripped else ""
                        parts.append(f'{head} t="inlineStr"><is><t{space}>{_escape_cdata(value)}</t></is></c>')
                    elif t == "f" and type(value) is str:
                        got = cached_text(cached.get(f"{letter}{r}")) if cached else None
                        if got is None:
                            parts.append(f"{head}><f>{_escape_cdata(value[1:])}</f><v /></c>")
                        else:
                            type_attr = ' t="str"' if got[0] == "str" else ""
                            parts.append(f"{head}{type_attr}><f>{_escape_cdata(value[1:])}</f>"
                                         f"<v>{_escape_cdata(got[1])}</v></c>")
                    elif t in ("n", "b", "e") and isinstance(value, (*_NUMBER, str)):
                        text = safe_string(value)    # "" for NaN and infinities: an empty <v />
                        v = f"<v>{_escape_cdata(text)}</v>" if text else "<v />"
                        parts.append(f'{head} t="{t}">{v}</c>')
                    elif kind is Cell:
                        self._fallback(xf, write, parts, cell)
                    else:
                        raise TypeError(f"cannot write {value!r} as a cell")
                parts.append("</row>")
                write("".join(parts))
        self.xf.send(None)

    def write_merged_cells(self):
        merged = self.ws.merged_cells
        if merged:
            refs = "".join(f'<mergeCell ref="{ref}" />' for ref in merged)
            self._write(f'<mergeCells count="{len(merged.ranges)}">{refs}</mergeCells>')

    def _fallback(self, xf, write, parts, cell):
        """One cell the ordinary way (what WorksheetWriter.write_row does with it)."""
        from openpyxl.comments.comment_sheet import CommentRecord
        write("".join(parts))
        parts.clear()
        if cell._comment is not None:
            self.ws._comments.append(CommentRecord.from_cell(cell))
        if cell._value is None and not cell.has_style and not cell._comment:
            return
        write_cell(xf, self.ws, cell, cell.has_style)
