"""The floors: the bare libraries doing the same job on the same cells, measured in the same run.

- PDF: ReportLab drawing every cell as a plain string in one long table, with the same embedded
  CJK font (no Paragraphs, no spans, no styles).
- xlsx: openpyxl writing every cell, one sheet per form, no styles; and openpyxl loading the very
  file we exported and reading every cell's value.
- foreign xlsx: openpyxl loading a sheet someone else made (benchmarks/foreign_sheet.py) as a
  reader of values would, `load_workbook(path, data_only=True)`, and reading every cell's value.
"""
from __future__ import annotations

import io

from openpyxl import Workbook as XlWorkbook
from openpyxl import load_workbook


def pdf_plain_table(rows_by_form, font_name: str, font_path: str, subfont_index: int = 0) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    if font_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font_name, font_path, subfontIndex=subfont_index))
    width = max(len(r) for _, rows in rows_by_form for r in rows)
    data = [(r + [""] * width)[:width] for _, rows in rows_by_form for r in rows]
    data = [part for row in data for part in _plain_rows(row)]
    table = Table(data, repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font_name, 8),
                               ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), initialFontName=font_name)
    doc.build([table])
    return buffer.getvalue()


def _plain_rows(row: list[str], width: int = 40, height: int = 20) -> list[list[str]]:
    """Plain strings do not wrap: cut long texts into lines, and a tall row into rows that fit."""
    lines = [[ln[i:i + width] for ln in c.split("\n") for i in range(0, max(len(ln), 1), width)] for c in row]
    tallest = max(len(c) for c in lines)
    return [["\n".join(c[k:k + height]) for c in lines] for k in range(0, tallest, height)]


def xlsx_plain_write(rows_by_form) -> bytes:
    xl = XlWorkbook()
    xl.remove(xl.active)
    for i, (title, rows) in enumerate(rows_by_form):
        ws = xl.create_sheet(f"表{i + 1}")
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    xl.save(buffer)
    return buffer.getvalue()


def xlsx_plain_read(data: bytes) -> int:
    xl = load_workbook(io.BytesIO(data))
    n = 0
    for ws in xl.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += sum(1 for v in row if v is not None)
    return n


def xlsx_read_cells(path) -> int:
    xl = load_workbook(path, data_only=True)
    n = 0
    for ws in xl.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += sum(1 for v in row if v is not None)
    return n
