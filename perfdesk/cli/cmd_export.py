"""`perfdesk export FILE -o OUT.xlsx [--form ID ...] [--force]`: the forms as an Excel workbook,
one sheet per form laid out like the printed table."""
from __future__ import annotations

import sys
from pathlib import Path

from .main import CliError, open_workbook


def register(subparsers) -> None:
    p = subparsers.add_parser("export", help="导出为 Excel 文件（.xlsx），每张表一个工作表，版式同打印件")
    p.add_argument("file", help="工作簿文件（.perfdesk）")
    p.add_argument("-o", "--output", required=True, help="输出的 Excel 文件（.xlsx）")
    p.add_argument("--form", action="append", metavar="ID", dest="forms",
                   help="只导出这张表（可重复；默认导出全部）")
    p.add_argument("--force", action="store_true", help="覆盖已有的输出文件")
    p.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    from ..xlsx.writer import XlsxExportError, export_xlsx

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"输出文件应以 .xlsx 结尾：{out}", exit_code=2)
    if out.is_dir():
        raise CliError(f"输出路径是一个目录：{out}")
    if out.exists() and not args.force:
        raise CliError(f"文件已存在：{out}（如要覆盖，请加 --force）")
    workbook = open_workbook(args.file)
    try:
        report = export_xlsx(workbook, out, args.forms)
    except XlsxExportError as exc:
        raise CliError(str(exc)) from None
    for note in report.notes:
        print(f"提示：{note}", file=sys.stderr)
    print(f"已导出 {len(report.sheets)} 张表到 {out}：{sheet_list([name for name, _ in report.sheets])}",
          file=sys.stderr)
    return 0


def sheet_list(names: list[str], most: int = 8) -> str:
    """The sheets' names; a bureau's 200 forms are not all spelled out on one line."""
    if len(names) <= most + 2:
        return "、".join(names)
    return "、".join(names[:most]) + f" 等（另有 {len(names) - most} 张）"
