"""`perfdesk print FILE -o OUT.pdf [--form ID ...] [--font PATH]`: the official tables as one PDF."""
from __future__ import annotations

import sys
from pathlib import Path

from .main import CliError, open_workbook


def register(subparsers) -> None:
    p = subparsers.add_parser("print", help="打印表单：输出可盖章报送的 PDF")
    p.add_argument("file", help="工作簿文件（.perfdesk）")
    p.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
    p.add_argument("--form", action="append", metavar="ID", dest="forms",
                   help="只打印这张表（可重复；默认打印全部，多张表时带封面和目录）")
    p.add_argument("--font", metavar="PATH", help="使用这个 TrueType 字体文件（.ttf/.ttc）")
    cover = p.add_mutually_exclusive_group()
    cover.add_argument("--cover", dest="cover", action="store_true", default=None, help="总是加封面和目录")
    cover.add_argument("--no-cover", dest="cover", action="store_false", help="不加封面和目录")
    p.set_defaults(func=cmd_print)


def cmd_print(args) -> int:
    from ..pdf import FontError, UnknownFormError, find_fonts, write_pdf

    workbook = open_workbook(args.file)
    out = Path(args.output)
    if out.is_dir():
        raise CliError(f"输出路径是一个目录：{out}")
    try:
        fonts = find_fonts(args.font)
    except FontError as exc:
        raise CliError(str(exc)) from None
    try:
        result = write_pdf(workbook, out, form_ids=args.forms, fonts=fonts, cover=args.cover)
    except UnknownFormError as exc:
        raise CliError(exc.message) from None
    except ValueError as exc:      # nothing to print
        raise CliError(str(exc)) from None
    except PermissionError:
        raise CliError(f"无法写入 {out}：没有权限，或文件正被其他程序（如 PDF 阅读器）打开，"
                       "请关闭后重试或换一个文件名") from None
    except OSError as exc:
        raise CliError(f"无法写入 {out}：{exc.strerror or exc}") from None
    print(result.font_report(), file=sys.stderr)
    forms = len(result.form_pages)
    print(f"已写入 {out}：{forms} 张表，共 {result.pages} 页", file=sys.stderr)
    return 0
