"""Hand-made xlsx files for the import tests: sheets laid out like the official tables, each
with the quirks real files have."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter


def build(path: Path, rows: list[list], merges: tuple[str, ...] = (), title: str = "Sheet1",
          formats: dict[str, str] | None = None, extra_sheets: dict[str, list[list]] | None = None,
          epoch=None) -> Path:
    """A workbook with one sheet of these rows (None = empty cell) and these merged ranges."""
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.title = title
    _fill(ws, rows)
    for rng in merges:
        ws.merge_cells(rng)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    for name, more in (extra_sheets or {}).items():
        _fill(wb.create_sheet(name), more)
    wb.save(path)
    return path


def _fill(ws, rows):
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"


def use_builtin_format(path: Path, marker: str, builtin_id: int) -> Path:
    """Make the cells formatted with `marker` use Excel's built-in number format `builtin_id`
    (openpyxl cannot write built-in ids 27–36, the Chinese date formats)."""
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    styles = files["xl/styles.xml"].decode()
    code = marker.replace("&", "&amp;").replace('"', "&quot;")
    m = re.search(r'<numFmt numFmtId="(\d+)" formatCode="' + re.escape(code) + r'"\s*/>', styles)
    assert m, "marker format not found"
    custom = m.group(1)
    styles = styles.replace(m.group(0), "").replace(f'numFmtId="{custom}"', f'numFmtId="{builtin_id}"')
    files["xl/styles.xml"] = styles.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in files.items():
            z.writestr(n, data)
    path.write_bytes(out.getvalue())
    return path


def col(n: int) -> str:
    return get_column_letter(n)
