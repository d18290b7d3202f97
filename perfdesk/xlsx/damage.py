"""Damage an xlsx can carry past the safety checks, said in Chinese: why openpyxl could not open
it (its own messages are English: XML parser errors, missing archive members), formula cells the
file holds no result for (listed as not placed), and sheets the workbook lists but the archive lacks.

Nothing here raises: each function turns what it finds into problems for the import to report."""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from .problems import ERROR, NotPlaced
from .safety import UNCOMPUTED_KEPT, Uncomputed, XlsxScan, os_error_text


UNCOMPUTED_WHY = "公式没有计算结果（请在 Excel 或 WPS 中打开并保存后再导入），未导入"


def open_error_text(exc: BaseException, path: Path) -> str:
    """Why openpyxl could not open a file that passed check_xlsx. The archive member at fault is
    found by reading them again (only on this failing path, so a sound file pays nothing)."""
    causes = _chain(exc)
    for e in causes:
        if isinstance(e, OSError) and not isinstance(e, zipfile.BadZipFile) and e.errno:
            return f"无法读取：{os_error_text(e)}"
    for e in causes:
        name = type(e).__name__
        if name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "NotSupportedError"):
            return _bad_member(path) or "文件含有不允许的 XML 实体或文档类型定义，出于安全原因不读取"
        if isinstance(e, (zipfile.BadZipFile, zlib.error, EOFError)):
            return "压缩包已损坏，文件不完整或已被改动；请找回原文件或在 Excel 中重新保存"
        if isinstance(e, KeyError):
            m = re.search(r"no item named '([^']*)'", str(e))
            if m:
                return f"压缩包中缺少 {m.group(1)}，文件不完整或已损坏；请找回原文件或在 Excel 中重新保存"
    member = _bad_member(path)
    if member:
        return member
    detail = next((type(e).__name__ for e in reversed(causes)), type(exc).__name__)
    return f"文件内容有误，无法读取（技术信息：{detail}）；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入"


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen and len(seen) < 10:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def _bad_member(path: Path) -> str:
    """The first XML member that does not parse, said in Chinese with line and column."""
    try:
        from defusedxml.ElementTree import fromstring
        from defusedxml.common import DefusedXmlException
        from xml.etree.ElementTree import ParseError
    except ImportError:    # the importer refuses foreign XML without defusedxml before this
        return ""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                try:
                    fromstring(archive.read(info))
                except ParseError as exc:
                    line, column = getattr(exc, "position", (None, None))
                    at = f"第 {line} 行第 {column + 1} 列" if line else "某处"
                    return f"压缩包成员 {info.filename} 不是有效的 XML（{at}），文件已损坏或被截断"
                except DefusedXmlException:
                    return (f"压缩包成员 {info.filename} 含有不允许的 XML 实体或文档类型定义，"
                            "出于安全原因不读取")
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError):
        return ""
    return ""


def uncomputed_by_sheet(sheet_parts: dict[str, str], scan: XlsxScan | None) -> dict[str, list[Uncomputed]]:
    """check_xlsx's findings (by archive member) by sheet title."""
    if scan is None or not scan.uncomputed:
        return {}
    return {title: scan.uncomputed[member] for title, member in sheet_parts.items() if member in scan.uncomputed}


def uncomputed_not_placed(title: str, cells: list[Uncomputed]) -> list[NotPlaced]:
    """A formula cell with no result in the file reads as empty: imported as such, it would clear
    a figure without a word. Each is listed as not placed (the form keeps that place blank, and
    `import --strict` refuses); past the scan's bound one more entry says how many were left out."""
    shown = [NotPlaced(title, cell.ref or "?", f"={cell.formula}" if cell.formula else "=（共享公式）",
                       UNCOMPUTED_WHY) for cell in cells]
    if len(cells) >= UNCOMPUTED_KEPT:
        shown.append(NotPlaced(title, "…", "", f"此外可能还有更多公式单元格没有计算结果（只列出前 {UNCOMPUTED_KEPT} 个），未导入"))
    return shown


def report_missing_sheets(listed: dict[str, str], present: set[str], problem) -> None:
    """Sheets workbook.xml lists whose XML the archive lacks (openpyxl skips them silently)."""
    for title, member in listed.items():
        if member not in present:
            problem(ERROR, f"压缩包中缺少工作表“{title}”的内容（{member}），文件不完整或已损坏；"
                           "请找回原文件或在 Excel 中重新保存", title)


def split_ref(ref: str) -> tuple[int | None, int | None]:
    m = re.fullmatch(r"([A-Z]{1,3})([0-9]+)", ref or "")
    if not m:
        return None, None
    column = 0
    for ch in m.group(1):
        column = column * 26 + ord(ch) - 64
    return int(m.group(2)), column
