"""The hidden perfdesk sheet of our own exports, read as the untrusted input it is.

The sheet says the workbook's header (unit, year, signature), which definition each form sheet
was written with, and figures no cell shows (stated totals). The form sheets carry their form's
id (FORM_MARK) and every row's key in a hidden column. When the info sheet is damaged the file is
still recognisably ours by those markers: it is then refused, said as a damaged perfdesk export,
instead of being read as someone else's table — which took the hidden keys for data (the unit
name from the marker column). A sheet read as a foreign table never shows the reader our hidden
key column: it is taken out of the loaded sheet first.

Formula cells the file holds no result for (damage.py) are reported here too, where it is known
which sheets are ours: in those, the formulas our own export wrote into computed cells (totals,
rates) are harmless, because the reader computes those figures itself.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

from ..codec import WorkbookDataError, checked_decimal, workbook_header_from_dict
from .damage import split_ref
from .problems import ERROR, WARNING
from .rowkeys import Row, kind_of
from .writer import FORM_MARK, META_MARK, META_SHEET

FORM_ID = re.compile(r"[a-z][a-z0-9_]*")
MAX_FORM_ROWS = 4000

# The formulas our export writes (layout.sum_formula, blocks_funds, blocks_indicators), and the
# kinds of rows it writes them on. A formula of another shape, or elsewhere, is the user's.
_REF = r"\$?[A-Z]{1,3}\$?[0-9]+"
_RANGE = rf"{_REF}(?::{_REF})?"
OUR_FORMULA = re.compile(
    rf"0|SUM\({_RANGE}(?:,{_RANGE})*\)(?:\+N\({_REF}\))*"
    rf'|IF\(N\({_REF}\)=0,"",{_REF}/{_REF}\)'
    rf'|IF\(N\({_REF}\)=0,"",ROUND\({_REF}\*MIN\(1,{_REF}/{_REF}\),2\)\)'
    rf'|IF\(OR\({_REF}="",N\({_REF}\)=0\),"",ROUND\({_REF}/{_REF},4\)\)')
COMPUTED_ROWS = {Row.FUNDS_ROW, Row.FUNDS_EXECUTION, Row.FUNDS_ONE_ROW, Row.FUNDS_LINE, Row.INDICATOR_TOTAL,
                 Row.LIST_TOTAL}


class _Damage(Exception):
    def __init__(self, message: str, row: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message, self.row, self.column = message, row, column


def read_meta(xl, problem) -> dict | None:
    """{"header": Workbook, "forms": {form_id: (definition_id, hidden)}} from a sound info sheet;
    None for a foreign file, or (with an error reported) for a damaged export of ours."""
    markers = marker_columns(xl)
    meta = None
    damaged = False
    if META_SHEET in xl.sheetnames:
        try:
            meta = _parse(xl[META_SHEET])
        except _Damage as damage:
            damaged = bool(markers)
            if markers:
                problem(ERROR, "此文件是 perfdesk 导出的表格，但其中隐藏的信息工作表（记录单位、年度和各表的表样）已损坏："
                               f"{damage.message}。为免读错数据，不导入；请从 perfdesk 重新导出，或改用未经改动的导出文件",
                        META_SHEET, damage.row, damage.column)
            elif damage.row != 1:
                problem(WARNING, f"工作表“{META_SHEET}”不是可识别的 perfdesk 信息（{damage.message}），按外来表格导入",
                        META_SHEET, damage.row, damage.column)
    elif markers:
        problem(WARNING, "工作表带有 perfdesk 导出的标记，但文件中没有 perfdesk 信息工作表（已删除？），"
                         "按外来表格读取；只在该工作表中的信息（如填报的合计数）不导入", next(iter(markers)))
    # before the hidden keys go: they say which formulas our export wrote
    _keep_uncomputed(xl, markers, meta, damaged)
    for title, (column, form_id) in markers.items():
        if meta is None or form_id not in meta["forms"]:
            _drop_column(xl[title], column)     # read as a foreign table: without our hidden keys
    return meta


def marker_columns(xl) -> dict[str, tuple[int, str]]:
    """Sheets that carry our FORM_MARK in row 1: title → (key column, form id)."""
    found = {}
    for ws in xl.worksheets:
        if ws.title == META_SHEET:
            continue
        for (r, c), cell in ws._cells.items():
            if r == 1 and isinstance(cell.value, str) and cell.value.startswith(FORM_MARK):
                found[ws.title] = (c, cell.value[len(FORM_MARK):])
                break
    return found


def _drop_column(ws, column: int) -> None:
    for key in [k for k in ws._cells if k[1] == column]:
        del ws._cells[key]


# ---------------------------------------------------------------------------------- parsing

def _parse(ws) -> dict:
    if ws["A1"].value != META_MARK:
        raise _Damage(f"A1 应为“{META_MARK}”", 1, 1)
    try:
        header = workbook_header_from_dict(_json(ws["B3"].value, "工作簿信息", 3, 2))
    except WorkbookDataError as exc:          # Chinese, naming the key
        raise _Damage(f"工作簿信息有误（{exc}）", 3, 2) from None
    forms: dict[str, tuple[str, dict]] = {}
    for r, row in enumerate(ws.iter_rows(min_row=4, max_row=min(ws.max_row, MAX_FORM_ROWS), max_col=4,
                                         values_only=True), start=4):
        row = tuple(row) + (None,) * (4 - len(row))
        if row[0] != "form":
            continue
        form_id, definition_id = row[1], row[2]
        if not isinstance(form_id, str) or not FORM_ID.fullmatch(form_id):
            raise _Damage(f"第 {r} 行的表单编号“{_shown(form_id)}”无效", r, 2)
        if not isinstance(definition_id, str) or not definition_id.strip():
            raise _Damage(f"表单“{form_id}”的表样编号“{_shown(definition_id)}”无效", r, 3)
        if form_id in forms:
            raise _Damage(f"表单“{form_id}”出现了两次", r, 2)
        hidden = _hidden(_json(row[3] if row[3] is not None else "{}", f"表单“{form_id}”的隐藏信息", r, 4), form_id, r)
        forms[form_id] = (definition_id, hidden)
    return {"header": header, "forms": forms}


def _json(value, what: str, row: int, column: int):
    if not isinstance(value, str):
        raise _Damage(f"{what}应为文本，实际为 {_shown(value)}", row, column)
    try:
        return json.loads(value)
    except RecursionError:
        raise _Damage(f"{what}嵌套过深", row, column) from None
    except json.JSONDecodeError as exc:
        raise _Damage(f"{what}不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）", row, column) from None
    except ValueError:        # e.g. an integer of more digits than Python converts
        raise _Damage(f"{what}含有无法读取的数字", row, column) from None


def _hidden(data, form_id: str, row: int) -> dict:
    """The hidden figures, checked to the shape own.py reads: {"stated": {table: {row: {column:
    amount}}}, "stated_totals": {key: amount}, "source": {...}}, every amount a finite number in range."""
    what = f"表单“{form_id}”的隐藏信息"

    def fail(problem: str):
        raise _Damage(f"{what}{problem}", row, 4)

    def amount(v, where: str) -> str:
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            fail(f"中 {where} 应为数字，实际为 {_shown(v)}")
        try:
            d = Decimal(str(v))
        except (InvalidOperation, ValueError):
            fail(f"中 {where} 的“{_shown(v)}”不是数字")
        why = checked_decimal(d)
        if why:
            fail(f"中 {where} 的“{_shown(v)}”{why}")
        return str(d)

    def mapping(v, where: str) -> dict:
        if not isinstance(v, dict):
            fail(f"中 {where} 应为表，实际为 {_shown(v)}")
        return v

    data = mapping(data, "整体")
    stated = {}
    for table_id, rows in mapping(data.get("stated", {}), "stated").items():
        stated[table_id] = {}
        for row_id, values in mapping(rows, f"stated.{table_id}").items():
            where = f"stated.{table_id}.{row_id}"
            stated[table_id][row_id] = {c: amount(v, f"{where}.{c}") for c, v in mapping(values, where).items()}
    totals = {k: amount(v, f"stated_totals.{k}")
              for k, v in mapping(data.get("stated_totals", {}), "stated_totals").items()}
    out = {"stated": stated, "stated_totals": totals}
    if "source" in data:              # where an imported form came from (own.py checks the ids)
        source = mapping(data["source"], "source")
        for key in ("file", "sheet", "money_unit"):
            if not isinstance(source.get(key, ""), str) or len(source.get(key, "")) > 1000:
                fail(f"中 source.{key} 应为文本，实际为 {_shown(source.get(key))}")
        absent = source.get("absent", [])
        if not isinstance(absent, list) or len(absent) > 1000 or not all(isinstance(a, str) for a in absent):
            fail(f"中 source.absent 应为文本列表，实际为 {_shown(absent)}")
        out["source"] = {k: source.get(k, "") for k in ("file", "sheet", "money_unit")} | {"absent": absent}
    if "origin" in data:              # what a derived form was made from (its 比对 baseline)
        origin = mapping(data["origin"], "origin")
        for key in ("form", "rule"):
            if not isinstance(origin.get(key), str) or len(origin.get(key)) > 200:
                fail(f"中 origin.{key} 应为文本，实际为 {_shown(origin.get(key))}")
        baseline = mapping(origin.get("baseline", {}), "origin.baseline")
        if len(baseline) > 20000 or not all(isinstance(k, str) and isinstance(v, str) for k, v in baseline.items()):
            fail("中 origin.baseline 应为文本到文本的表")
        out["origin"] = {"form": origin["form"], "rule": origin["rule"], "baseline": dict(baseline)}
    return out


def _shown(value, most: int = 30) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= most else text[:most] + f"…（共 {len(text)} 个字符）"


# ---------------------------------------------------------------------------------- formulas

def _keep_uncomputed(xl, markers: dict[str, tuple[int, str]], meta: dict | None, damaged: bool) -> None:
    """Formula cells without a result in a sheet the import reads, less those our own export
    wrote (their values are computed by the reader): left for the importer to list as not placed
    (xl._perfdesk_unplaced_formulas), since data_only reads each as blank."""
    found = getattr(xl, "_perfdesk_uncomputed", None) or {}
    kept: dict = {}
    xl._perfdesk_unplaced_formulas = kept
    for title, cells in found.items():
        ws = xl[title] if title in xl.sheetnames else None
        if ws is None or title == META_SHEET or ws.sheet_state != "visible" and meta is None:
            continue                 # a sheet the import does not read
        if title in markers:
            if damaged:
                continue             # refused as a damaged export of ours already
            cells = [cell for cell in cells if not _written_by_us(ws, markers[title][0], cell)]
        if cells:
            kept[title] = cells


def _written_by_us(ws, key_col: int, cell) -> bool:
    row, _ = split_ref(cell.ref)
    if row is None or not OUR_FORMULA.fullmatch(cell.formula):
        return False
    key = ws._cells.get((row, key_col))
    return key is not None and isinstance(key.value, str) and kind_of(key.value) in COMPUTED_ROWS
