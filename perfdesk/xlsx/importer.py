"""import_xlsx: read an xlsx (our own export, or a sheet laid out like an official table) into a
new workbook. Pure: the workbook passed as `into` is never changed; the caller applies the
result (after a snapshot) or throws it away. Any error leaves `result.workbook` None."""
from __future__ import annotations

import copy
import os
import re
import warnings
from pathlib import Path

from ..definitions.loader import Registry, default_registry
from ..domain.model import Form, Signature, Workbook
from ..codec import form_to_dict
from .diff import describe_changes
from .grid import SheetGrid
from .own import read_own_sheet
from .damage import open_error_text, report_missing_sheets, uncomputed_by_sheet, uncomputed_not_placed
from .own_meta import read_meta
from .problems import (ERROR, WARNING, DefinitionChoice, ImportResult, NotPlaced, Problem, UnitConversion,
                       column_letter)
from .safety import DEFAULT_LIMITS, Limits, UnsafeFile, XlsxScan, check_xlsx
from .writer import FORM_MARK, META_SHEET


def import_xlsx(path: str | os.PathLike, into: Workbook | None = None, registry: Registry | None = None,
                limits: Limits = DEFAULT_LIMITS, progress=None, definition: str | None = None) -> ImportResult:
    """progress(done, total, sheet) is called before each sheet is read; whatever it raises (the
    GUI's Cancelled) ends the import, and since `into` is never changed that is harmless.
    `definition` names the definition every foreign sheet is read with (else the best match)."""
    path = Path(path)
    label = path.name
    registry = registry or default_registry()
    result = ImportResult(source=str(path), workbook=None)
    if definition is not None and definition not in registry:
        result.problems.append(Problem(ERROR, f"没有表样定义“{definition}”（perfdesk forms list 列出可用的表样）",
                                       label))
        return result

    def problem(severity, message, sheet="", row=None, column=None):
        result.problems.append(Problem(severity, message, label, sheet, row, column))

    try:
        scan = check_xlsx(path, limits)
    except UnsafeFile as exc:
        problem(ERROR, str(exc))
        return result
    xl = _load(path, problem, scan)
    if xl is None:
        return result

    meta = _read_meta(xl, problem)
    result.own_export = meta is not None
    forms: list[tuple[str, Form]] = []         # (sheet, form)
    header: Workbook | None = None
    if meta is not None:
        header = meta["header"]
    foreign_context = {"into": into, "registry": registry, "used_ids": set(), "definition": definition,
                       "file": label}
    year_guessed = False
    found_sheet = False
    sheets = [ws for ws in xl.worksheets if ws.title != META_SHEET]
    unplaced_formulas = getattr(xl, "_perfdesk_unplaced_formulas", None) or {}
    for done, ws in enumerate(sheets):
        if progress is not None:
            progress(done, len(sheets), ws.title)
        if ws.sheet_state != "visible" and meta is None:
            continue
        # formulas without a result read as blank: never placed, each listed (own_meta.py filters)
        result.not_placed.extend(uncomputed_not_placed(ws.title, unplaced_formulas.get(ws.title, [])))
        uncomputed = unplaced_formulas.get(ws.title, [])
        if into is not None and uncomputed:
            # read as blank, they would clear the figures the workbook holds in their places
            first = uncomputed[0].ref
            problem(ERROR, f"有 {len(uncomputed)} 个公式单元格没有计算结果"
                           + (f"（如 {first}）" if first else "")
                           + "：并入现有工作簿会把相应位置原有的数值清空，因此不导入；"
                             "请在 Excel 或 WPS 中打开此文件并保存（让公式算出结果）后再导入", ws.title)
        try:
            grid = SheetGrid(ws, xl.epoch, limits)
        except Exception as exc:  # noqa: BLE001 - a malformed sheet must not take the import down
            problem(ERROR, f"无法读取此工作表：{exc}", ws.title)
            continue
        key_col, form_id = _own_marker(grid) if meta is not None else (None, None)
        if key_col is not None and form_id in meta["forms"]:
            found_sheet = True
            twin = next((sheet for sheet, f in forms if f.id == form_id), None)
            if twin is not None:
                problem(ERROR, f"工作表“{twin}”和“{ws.title}”是同一张表（{form_id}）的导出（复制了工作表？），"
                               "请删除其中一张后再导入", ws.title)
                continue
            definition_id, hidden = meta["forms"][form_id]
            if definition_id not in registry:
                problem(ERROR, f"本机没有表样定义 “{definition_id}”，无法导入此表", ws.title)
                continue
            form, errors = read_own_sheet(grid, key_col, form_id, registry[definition_id], hidden)
            for message, row, col in errors:
                problem(ERROR, message, ws.title, row, col)
            if form is not None:
                forms.append((ws.title, form))
            continue
        from .foreign import read_foreign_sheet   # the heavier reader, only when needed
        outcome = read_foreign_sheet(grid, registry, foreign_context)
        for severity, message, row, col in outcome.problems:
            problem(severity, message, ws.title, row, col)
        _report_reading(result, ws.title, outcome)
        if outcome.form is not None:
            found_sheet = True
            forms.append((ws.title, outcome.form))
            foreign_context["used_ids"].add(outcome.form.id)
            header, year_guessed = _merge_header(header, year_guessed, outcome, meta is not None)
        elif not outcome.problems and grid.cells:
            problem(WARNING, "未找到可识别的表头（一级指标、二级指标、三级指标、指标值……），已跳过此工作表", ws.title)
    if meta is not None:
        read_ids = {f.id for _, f in forms}
        for form_id in meta["forms"]:
            if form_id not in read_ids and not any(p.is_error for p in result.problems):
                problem(WARNING, f"导出时的表单 “{form_id}” 在文件中找不到对应的工作表（已删除？），不导入")
    if year_guessed and into is None and header is not None:
        problem(WARNING, f"未能从表格中识别年度，已按 {header.year} 年处理，请在工作簿中核对")
    if not found_sheet and not result.errors:
        problem(ERROR, "文件中没有可导入的表格：未找到可识别的表头（一级指标、二级指标、三级指标、指标值……）")
    if result.errors:
        return result

    workbook, changes = _assemble(into, header, forms, problem, result.own_export)
    result.changes = changes
    if workbook is not None and not result.errors:
        result.workbook = workbook
    return result


# ---------------------------------------------------------------------------------- loading

def _load(path: Path, problem, scan: XlsxScan | None = None):
    """The workbook, or None with the reason (Chinese) reported. Damage openpyxl does not see is
    reported here too: sheets the archive lacks (damage.py)."""
    import openpyxl
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:   # never parse untrusted XML without it
        problem(ERROR, "缺少 defusedxml，出于安全原因不读取外来的 Excel 文件（请安装 defusedxml）")
        return None
    parts: dict[str, str] = {}
    present: set[str] = set()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # openpyxl warns about unknown extensions, data validation …
            xl = _load_workbook(path, parts, present)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        problem(ERROR, f"无法打开，文件已损坏或不是有效的 xlsx：{open_error_text(exc, path)}")
        return None
    report_missing_sheets(parts, present, problem)
    # reported by _read_meta, which knows which sheets are our own (own_meta.py)
    xl._perfdesk_uncomputed = uncomputed_by_sheet(parts, scan)
    return xl


def _load_workbook(path: Path, parts: dict[str, str] | None = None, present: set[str] | None = None):
    """openpyxl.load_workbook(path, data_only=True, keep_links=False), less the formatting of
    merged ranges: for each range openpyxl copies the top-left cell's border onto every cell of
    the range's edges, one side at a time (three quarters of the loading time of our exports,
    which have thousands of merged ranges). The readers only look at values, number formats and
    the ranges themselves; the covered cells keep the style the file gives them.
    `parts` gets each worksheet's archive member by title, `present` the members that exist."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(path, read_only=False, keep_vba=False, data_only=True, keep_links=False,
                         rich_text=False)
    read_workbook = reader.read_workbook

    def read_workbook_then_hook():
        read_workbook()
        wb = reader.wb
        create_sheet = wb.create_sheet

        def create_sheet_hooked(*args, **kwargs):
            ws = create_sheet(*args, **kwargs)
            ws._clean_merge_range = lambda merged: _cover_merged(ws, merged)   # this sheet only
            sheets.append(ws)
            return ws

        wb.create_sheet = create_sheet_hooked   # this workbook only

    sheets = []
    reader.read_workbook = read_workbook_then_hook
    try:
        reader.read()
    finally:
        wb = getattr(reader, "wb", None)
        if wb is not None:
            wb.__dict__.pop("create_sheet", None)
        for ws in sheets:
            ws.__dict__.pop("_clean_merge_range", None)
    if parts is not None:
        for sheet, rel in reader.parser.find_sheets():
            if "chartsheet" not in (rel.Type or ""):
                parts[sheet.name] = rel.target
    if present is not None:
        present.update(reader.valid_files)
    return reader.wb


def _cover_merged(ws, merged):
    """Worksheet._clean_merge_range without MergedCellRange.format()."""
    from openpyxl.cell.cell import MergedCell

    cells = ws._cells
    covered = merged.cells
    next(covered)   # the top-left cell stays
    for row, col in covered:
        cell = MergedCell(ws, row, col)
        before = cells.get((row, col))
        if before is not None:
            cell._style = before._style
        cells[row, col] = cell


def _read_meta(xl, problem) -> dict | None:
    """The info sheet of our own exports, checked; damage and hidden keys: own_meta.py."""
    return read_meta(xl, problem)


def _own_marker(grid: SheetGrid) -> tuple[int | None, str | None]:
    for c in range(1, grid.max_col + 1):
        cell = grid.cell(1, c)
        if cell is not None and isinstance(cell.value, str) and cell.value.startswith(FORM_MARK):
            form_id = cell.value[len(FORM_MARK):]
            if re.fullmatch(r"[a-z][a-z0-9_]*", form_id):
                return c, form_id
    return None, None


# ---------------------------------------------------------------------------------- assembling

def _report_reading(result: ImportResult, sheet: str, outcome) -> None:
    """The foreign reader's account of one sheet: the definition chosen and why, the money
    units converted, and every cell not placed."""
    if outcome.choice is not None:
        d, matched, total, runner, r_matched, r_total, forced = outcome.choice
        result.choices.append(DefinitionChoice(
            sheet, d.id, d.name, matched, total,
            runner.id if runner is not None else "", runner.name if runner is not None else "",
            r_matched, r_total, forced))
    for source_unit, unit, example, count in outcome.conversions:
        result.conversions.append(UnitConversion(sheet, source_unit, unit, example, count))
    for row, col, text, why in outcome.not_placed:
        result.not_placed.append(NotPlaced(sheet, f"{column_letter(col)}{row}", text, why))


def _merge_header(header: Workbook | None, guessed: bool, outcome, own: bool) -> tuple[Workbook | None, bool]:
    """Unit and year from the sheets: the first that states each wins."""
    got = outcome.header
    if own and header is not None:
        return header, False
    if got is None:
        return header, guessed
    if header is None:
        return Workbook(got.unit, got.unit_code, got.year), outcome.year_guessed
    header.unit = header.unit or got.unit
    header.unit_code = header.unit_code or got.unit_code
    if guessed and not outcome.year_guessed:
        header.year, guessed = got.year, False
    return header, guessed


def _copy_workbook(wb: Workbook) -> Workbook:
    memo = {id(f.definition): f.definition for f in wb.forms}
    for f in wb.forms:
        for t in f.funds.values():
            memo[id(t.definition)] = t.definition
    return copy.deepcopy(wb, memo)


def _assemble(into: Workbook | None, header: Workbook | None, forms: list[tuple[str, Form]], problem,
              own: bool):
    if into is not None:
        workbook = _copy_workbook(into)
        if header is not None and (header.unit and header.unit != into.unit or header.year != into.year):
            problem(WARNING, f"表格所属单位、年度（{header.unit or '未知'}，{header.year}）与当前工作簿"
                             f"（{into.unit}，{into.year}）不同，请确认导入的是正确的文件")
    else:
        if header is None:
            problem(ERROR, "无法确定单位和年度")
            return None, []
        workbook = Workbook(header.unit, header.unit_code, header.year, [],
                            copy.deepcopy(header.signature) if header.signature else Signature())
    before = {f.id: form_to_dict(f) for f in workbook.forms}
    titles = {f.id: f.title for f in workbook.forms}
    changes = []
    for sheet, form in forms:
        replaced = False
        for i, existing in enumerate(workbook.forms):
            if existing.id == form.id:
                workbook.forms[i] = form
                replaced = True
                break
        if not replaced:
            workbook.forms.append(form)
        changes.append(describe_changes(form, before.get(form.id), titles.get(form.id), sheet))
    return workbook, changes
