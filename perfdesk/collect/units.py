"""The list of units a task goes to: a CSV (UTF-8) or xlsx file with columns 单位名称 and 单位代码."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import msgspec

NAME, CODE = "单位名称", "单位代码"
MAX_UNITS = 5000


class UnitsError(Exception):
    """A units file that cannot be used; the message names the place in Chinese."""


class Unit(msgspec.Struct, frozen=True):
    name: str
    code: str = ""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():   # a code typed as a number in Excel
        value = int(value)
    return " ".join(str(value).split())


def _rows_csv(path: Path) -> list[list[str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnitsError(f"单位名单 {path} 不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节有误），"
                         f"请在 Excel 中另存为“CSV UTF-8”") from None
    try:
        return [list(r) for r in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise UnitsError(f"单位名单 {path} 不是有效的 CSV：{exc}") from None


def _rows_xlsx(path: Path) -> list[list]:
    import zipfile

    import openpyxl

    try:
        xl = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnitsError(f"无法读取单位名单 {path}：不是有效的 Excel 文件（{type(exc).__name__}）") from None
    try:
        ws = xl.worksheets[0]
        rows = []
        for row in ws.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_UNITS + 10:
                break
        return rows
    finally:
        xl.close()


def read_units(path: str | Path) -> list[Unit]:
    """The units in the file, in its order. The header row may be preceded by title rows."""
    path = Path(path)
    if not path.is_file():
        raise UnitsError(f"单位名单文件不存在：{path}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _rows_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _rows_xlsx(path)
    else:
        raise UnitsError(f"单位名单应为 .csv 或 .xlsx 文件：{path}")
    header_at = None
    for i, row in enumerate(rows[:20]):
        cells = [_cell(c) for c in row]
        if NAME in cells:
            header_at = i
            break
    if header_at is None:
        raise UnitsError(f"单位名单 {path} 的前 20 行中没有“{NAME}”列（应有列：{NAME}、{CODE}）")
    header = [_cell(c) for c in rows[header_at]]
    name_col = header.index(NAME)
    code_col = header.index(CODE) if CODE in header else None
    units: list[Unit] = []
    seen_names: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for i, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cells = [_cell(c) for c in row]
        if not any(cells):
            continue
        name = cells[name_col] if name_col < len(cells) else ""
        code = cells[code_col] if code_col is not None and code_col < len(cells) else ""
        if not name:
            raise UnitsError(f"单位名单 {path} 第 {i} 行：“{NAME}”列为空")
        if len(name) > 100:
            raise UnitsError(f"单位名单 {path} 第 {i} 行：“{NAME}”超过 100 个字")
        if name in seen_names:
            raise UnitsError(f"单位名单 {path} 第 {i} 行：单位“{name}”与第 {seen_names[name]} 行重复")
        if code and code in seen_codes:
            raise UnitsError(f"单位名单 {path} 第 {i} 行：“{CODE}”{code} 与第 {seen_codes[code]} 行重复")
        seen_names[name] = i
        if code:
            seen_codes[code] = i
        units.append(Unit(name, code))
        if len(units) > MAX_UNITS:
            raise UnitsError(f"单位名单 {path} 超过 {MAX_UNITS} 个单位")
    if not units:
        raise UnitsError(f"单位名单 {path} 中没有单位（“{NAME}”列下没有内容）")
    return units
