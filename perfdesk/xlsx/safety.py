"""Checks on an untrusted xlsx before openpyxl sees it.

defusedxml (which openpyxl uses when installed) covers XML attacks; it does not cover zip bombs,
nor a sheet that declares millions of cells or one huge merged range (openpyxl creates an object
for every cell of a merge). Python's zipfile never inflates a member beyond its declared size,
so checking the declared sizes bounds what loading can unpack.
"""
from __future__ import annotations

import re
import zipfile
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


_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_xlsx(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse what is not a plausible, modestly sized xlsx; raise UnsafeFile with the reason."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise UnsafeFile("文件不存在") from None
    except OSError as exc:
        raise UnsafeFile(f"无法读取：{exc.strerror or exc}") from None
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
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsafeFile(f"不是有效的 xlsx 文件（压缩包已损坏：{exc}）") from None
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
        for info in infos:
            if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise UnsafeFile(f"压缩包成员 {info.filename} 已损坏：{exc}") from None
            cells += len(_CELL.findall(data))
            for m in _MERGE.finditer(data):
                merged += _area(m)
                if merged > limits.merged_cells:
                    raise UnsafeFile(f"合并单元格范围过大（超过 {limits.merged_cells} 个单元格），已拒绝")
            if cells > limits.cells:
                raise UnsafeFile(f"单元格过多（超过 {limits.cells} 个），不像是一张绩效表，已拒绝")


def _area(m: re.Match) -> int:
    if not m.group(3):
        return 1
    try:
        c1, c2 = (column_index_from_string(g.decode()) for g in (m.group(1), m.group(3)))
    except ValueError:
        raise UnsafeFile("合并单元格的范围无效，文件可能已损坏") from None
    r1, r2 = int(m.group(2)), int(m.group(4))
    return (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)
