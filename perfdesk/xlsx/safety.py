"""Checks on an untrusted xlsx before openpyxl sees it.

defusedxml (which openpyxl uses when installed) covers XML attacks; it does not cover zip bombs,
nor a sheet that declares millions of cells or one huge merged range (openpyxl creates an object
for every cell of a merge). Python's zipfile never inflates a member beyond its declared size,
so checking the declared sizes bounds what loading can unpack.
"""
from __future__ import annotations

import errno
import re
import zipfile
import zlib
from pathlib import Path

import msgspec
from openpyxl.utils.cell import column_index_from_string


class Limits(msgspec.Struct, frozen=True):
    file_bytes: int = 50 * 1024 * 1024
    members: int = 1000
    member_bytes: int = 64 * 1024 * 1024
    total_bytes: int = 160 * 1024 * 1024
    ratio: float = 200.0             # inflated / compressed, for members above ratio_floor
    ratio_floor: int = 2 * 1024 * 1024
    cells: int = 300_000             # cells declared in all worksheets
    merged_cells: int = 200_000      # cells covered by merged ranges, all worksheets
    rows: int = 20_000               # rows the reader looks at per sheet
    columns: int = 200


DEFAULT_LIMITS = Limits()


class UnsafeFile(Exception):
    """The file is refused before parsing; the message (Chinese) says why."""


class Uncomputed(msgspec.Struct, frozen=True):
    """A formula cell the file holds no result for: openpyxl (data_only) reads it as empty."""

    ref: str            # "C7"; "" when the file does not say (the r attribute is optional)
    formula: str        # as written, without "="; "" for the dependants of a shared formula


class XlsxScan(msgspec.Struct):
    """What check_xlsx saw while it had each worksheet's XML in hand."""

    # worksheet member ("xl/worksheets/sheet1.xml") → formula cells without a cached result
    uncomputed: dict[str, list[Uncomputed]] = msgspec.field(default_factory=dict)


_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_CLOSE = re.compile(rb"</(?:\w+:)?c>")
# a formula not followed at once by a non-empty result (<v> comes right after <f> in the schema's
# order; files that put anything between, even spaces, take the cell-by-cell path below)
_F_WITHOUT_V = re.compile(rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)(?!<(?:\w+:)?v>[^<])")
_REF = re.compile(rb'\br="([A-Za-z]{1,3}[0-9]{1,7})"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_F_TEXT = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_V_TEXT = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.S)
UNCOMPUTED_KEPT = 1000      # per sheet: enough to name them


def uncomputed_formulas(data: bytes) -> list[Uncomputed]:
    """Formula cells of a worksheet's XML with no cached result (no <v>, or an empty one that is
    not a formula's empty text). Files saved by programs that do not calculate (openpyxl and
    many report generators) look like this; Excel and WPS always store the result."""
    if not _FORMULA.search(data) or not _F_WITHOUT_V.search(data):
        return []                      # most files: one or two fast searches, nothing more
    found: list[Uncomputed] = []
    starts = [m.start() for m in _CELL.finditer(data)] + [len(data)]
    # each cell is cut at the next cell's start, so a damaged file without closing tags costs
    # no more than a sound one (a lazy <c>…</c> pattern would rescan to the end for each cell)
    for start, end in zip(starts, starts[1:]):
        chunk = data[start:end]
        close = _CELL_CLOSE.search(chunk)
        if close is not None:
            chunk = chunk[:close.start()]
        head_end = chunk.find(b">")
        if head_end < 0 or chunk[head_end - 1:head_end] == b"/":
            continue                   # <c …/>: empty
        head, body = chunk[:head_end], chunk[head_end + 1:]
        if not _FORMULA.search(body):
            continue
        v = _V_TEXT.search(body)
        if v is not None and v.group(1):
            continue
        t = _TYPE.search(head)
        if v is not None and t is not None and t.group(1) in (b"str", b"inlineStr"):
            continue                   # a formula whose result is the empty text
        ref = _REF.search(head)
        f = _F_TEXT.search(body)
        formula = _unescape((f.group(1) or b"") if f else b"")
        found.append(Uncomputed(ref.group(1).decode().upper() if ref else "", formula))
        if len(found) >= UNCOMPUTED_KEPT:
            break
    return found


def _unescape(raw: bytes) -> str:
    from html import unescape
    return unescape(raw.decode("utf-8", "replace"))


def os_error_text(exc: OSError) -> str:
    """Why a file could not be read, in Chinese; the system's English words stay out of it."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    known = {errno.EACCES: "没有读取权限", errno.EPERM: "没有权限", errno.EISDIR: "这是一个文件夹，不是文件",
             errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENAMETOOLONG: "文件名过长",
             errno.EIO: "磁盘读写错误", errno.EBUSY: "文件正被其他程序占用"}
    if exc.errno in known:
        return known[exc.errno]
    return f"系统报告错误（错误号 {exc.errno}）" if exc.errno else "系统报告错误"


def check_xlsx(path: Path, limits: Limits = DEFAULT_LIMITS) -> XlsxScan:
    """Refuse what is not a plausible, modestly sized xlsx; raise UnsafeFile with the reason.
    What it finds on the way that only matters once the sheets are known is returned."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise UnsafeFile("文件不存在") from None
    except OSError as exc:
        raise UnsafeFile(f"无法读取：{os_error_text(exc)}") from None
    if size == 0:
        raise UnsafeFile("是空文件")
    if head.startswith(_OLE):
        raise UnsafeFile("是旧版 Excel（.xls）文件或已加密的文件，请在 Excel/WPS 中另存为不加密的 .xlsx 后再导入")
    if not head.startswith(b"PK"):
        raise UnsafeFile("不是 xlsx 文件（xlsx 是 zip 压缩包，此文件不是）")
    if size > limits.file_bytes:
        raise UnsafeFile(f"文件过大（{size // (1024 * 1024)} MB，上限 {limits.file_bytes // (1024 * 1024)} MB）")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnsafeFile("不是有效的 xlsx 文件：压缩包已损坏（文件不完整，可能是复制或下载时中断）") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise UnsafeFile(f"压缩包内文件过多（{len(infos)} 个，上限 {limits.members} 个）")
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise UnsafeFile("不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿内容")
        total = 0
        for info in infos:
            if info.file_size > limits.member_bytes:
                raise UnsafeFile(f"压缩包成员 {info.filename} 解压后过大（{info.file_size // (1024 * 1024)} MB），"
                                 "疑似“压缩炸弹”，已拒绝")
            if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
                raise UnsafeFile(f"压缩包成员 {info.filename} 的压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍），"
                                 "疑似“压缩炸弹”，已拒绝")
            total += info.file_size
        if total > limits.total_bytes:
            raise UnsafeFile(f"解压后总大小过大（{total // (1024 * 1024)} MB，上限 {limits.total_bytes // (1024 * 1024)} MB），"
                             "疑似“压缩炸弹”，已拒绝")
        cells = merged = 0
        scan = XlsxScan()
        for info in infos:
            if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError, RuntimeError):
                # bad CRC, truncated data, an unknown compression method, an encrypted member
                raise UnsafeFile(f"压缩包成员 {info.filename} 已损坏，无法解压（文件不完整或已被改动）") from None
            cells += len(_CELL.findall(data))
            for m in _MERGE.finditer(data):
                merged += _area(m)
                if merged > limits.merged_cells:
                    raise UnsafeFile(f"合并单元格范围过大（超过 {limits.merged_cells} 个单元格），已拒绝")
            if cells > limits.cells:
                raise UnsafeFile(f"单元格过多（超过 {limits.cells} 个），不像是一张绩效表，已拒绝")
            uncomputed = uncomputed_formulas(data)
            if uncomputed:
                scan.uncomputed[info.filename] = uncomputed
    return scan


def _area(m: re.Match) -> int:
    if not m.group(3):
        return 1
    try:
        c1, c2 = (column_index_from_string(g.decode()) for g in (m.group(1), m.group(3)))
    except ValueError:
        raise UnsafeFile("合并单元格的范围无效，文件可能已损坏") from None
    r1, r2 = int(m.group(2)), int(m.group(4))
    return (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)
