"""`perfdesk print FILE -o OUT.pdf [--form ID ...] [--font NAME|PATH] [--cover|--no-cover]
[--contents|--no-contents] [--strict]`: the official tables as
one PDF. The printed forms are checked first (审核): with errors the PDF is a draft, marked at the
top of every page as the GUI marks it, and stderr says how many errors and the first few;
`--strict` refuses to write it instead (exit 1).

Batch print (汇总): `perfdesk print SUMMARY.perfdesk-summary|DIR|FILE… (-o ALL.pdf | --each DIR)
[--json]` prints every collected unit — from summary files and/or folders and workbooks collected
as `perfdesk collect` does — as one PDF (a cover and contents listing the units, then each unit
as its own print), or one `<代码>-<名称>.pdf` per unit into a folder. See docs/collect.md."""
from __future__ import annotations

import sys
from pathlib import Path

from .main import CliError, open_workbook

SHOWN_ERRORS = 5        # errors listed on stderr; `perfdesk check` lists them all


def register(subparsers) -> None:
    p = subparsers.add_parser("print", help="打印表单：输出可盖章报送的 PDF")
    p.add_argument("file", nargs="+",
                   help="工作簿文件（.perfdesk）；汇总打印时为汇总文件（.perfdesk-summary）、文件夹或多个工作簿")
    p.add_argument("-o", "--output", help="输出的 PDF 文件（汇总打印时：所有单位合为这一个 PDF）")
    p.add_argument("--each", metavar="DIR", help="汇总打印：每个单位一个 PDF，写入这个文件夹（<代码>-<名称>.pdf）")
    p.add_argument("--json", action="store_true",
                   help="汇总打印：在标准输出以 JSON 列出打印的单位、草稿（审核有错误）和未打印的单位")
    p.add_argument("--form", action="append", metavar="ID", dest="forms",
                   help="只打印这张表（可重复；默认打印全部，多张表时带封面和目录）")
    p.add_argument("--font", metavar="NAME|PATH",
                   help="用这个字体打印：字体名（如 宋体、SimSun、文泉驿微米黑；写错时列出本机可选的）或 .ttf/.ttc 字体文件")
    cover = p.add_mutually_exclusive_group()
    cover.add_argument("--cover", dest="cover", action="store_true", default=None,
                       help="总是加封面（默认多张表时加）")
    cover.add_argument("--no-cover", dest="cover", action="store_false",
                       help="不加封面（未另加 --contents 时也不加目录）")
    contents = p.add_mutually_exclusive_group()
    contents.add_argument("--contents", dest="contents", action="store_true", default=None,
                          help="总是加目录（默认随封面）")
    contents.add_argument("--no-contents", dest="contents", action="store_false", help="不加目录")
    p.add_argument("--strict", action="store_true",
                   help="审核有错误时不输出 PDF（退出码 1）；默认照常输出，每页顶端标注草稿。"
                        "汇总打印时不打印有错误的单位，其余照常（退出码 1）")
    p.set_defaults(func=cmd_print)


def print_errors(workbook, form_ids: list[str]) -> list:
    """The findings that make a print a draft (错误) in the forms to print, in print order."""
    from ..definitions.profiles import ProfileError
    from ..pdf.batch import print_errors as errors_of

    try:
        return errors_of(workbook, [f for f in workbook.forms if f.id in set(form_ids)])
    except ProfileError as exc:
        raise CliError(str(exc)) from None


def describe_errors(workbook, errors: list) -> list[str]:
    from ..pdf.batch import describe_errors as described

    return described(workbook, errors, SHOWN_ERRORS)


def chosen_font(value: str | None):
    """--font: an existing font file, else a font name from font_choices; None for the default."""
    from ..pdf import font_by_name, font_choices

    if value is None:
        return None
    path = Path(value).expanduser()
    if path.is_file() or len(path.parts) > 1 or path.suffix.lower() in (".ttf", ".ttc", ".otf", ".otc"):
        return value        # a file: find_fonts says plainly why it cannot be used
    font = font_by_name(value)
    if font is None:
        names = "、".join(f.label for f in font_choices()) or "（无）"
        raise CliError(f"--font：找不到字体“{value}”（既不是字体文件，也不是可选的字体名）。可选的字体：{names}")
    return font


def is_batch(args) -> bool:
    """Several sources, a summary file, a folder or --each: the batch print."""
    if args.each or len(args.file) > 1:
        return True
    path = Path(args.file[0])
    return path.is_dir() or path.name.lower().endswith(".perfdesk-summary")


def cmd_print(args) -> int:
    from ..pdf import FontError, UnknownFormError, draft_mark, find_fonts, select_forms, write_pdf

    font = chosen_font(args.font)
    if is_batch(args):
        from .print_batch import cmd_print_batch
        return cmd_print_batch(args, font)
    if args.output is None:        # as argparse refuses a missing required option
        print("perfdesk print：错误：请用 -o 指定输出的 PDF 文件", file=sys.stderr)
        raise SystemExit(2)
    if args.json:
        raise CliError("--json 只用于汇总打印（汇总文件、文件夹或多个工作簿）", exit_code=2)
    workbook = open_workbook(args.file[0])
    out = Path(args.output)
    if out.is_dir():
        raise CliError(f"输出路径是一个目录：{out}")
    try:
        forms = select_forms(workbook, args.forms)
    except UnknownFormError as exc:
        raise CliError(exc.message) from None
    errors = print_errors(workbook, [f.id for f in forms])
    if errors and args.strict:
        print(f"审核发现 {len(errors)} 处错误：", file=sys.stderr)
        print("\n".join(describe_errors(workbook, errors)), file=sys.stderr)
        raise CliError(f"有 {len(errors)} 处审核错误，按 --strict 未输出 PDF；改正后再打印")
    draft = draft_mark(len(errors))
    try:
        fonts = find_fonts(font)
    except FontError as exc:
        raise CliError(str(exc)) from None
    try:
        result = write_pdf(workbook, out, form_ids=args.forms, fonts=fonts, cover=args.cover,
                           contents=args.contents, draft=draft)
    except UnknownFormError as exc:
        raise CliError(exc.message) from None
    except ValueError as exc:      # nothing to print
        raise CliError(str(exc)) from None
    except OSError as exc:
        from .print_batch import pdf_write_error     # (the batch half: loaded when needed)

        raise pdf_write_error(out, exc) from None
    print(result.font_report(), file=sys.stderr)
    if errors:
        print(f"审核发现 {len(errors)} 处错误，输出的是草稿，每页顶端标有“{draft}”"
              "（加 --strict 则有错误时不输出 PDF）：", file=sys.stderr)
        print("\n".join(describe_errors(workbook, errors)), file=sys.stderr)
    forms_printed = len(result.form_pages)
    print(f"已写入 {out}{'（草稿）' if errors else ''}：{forms_printed} 张表，共 {result.pages} 页", file=sys.stderr)
    return 0
