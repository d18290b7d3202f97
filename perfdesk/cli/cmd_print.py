"""`perfdesk print FILE -o OUT.pdf [--form ID ...] [--font NAME|PATH] [--cover|--no-cover]
[--contents|--no-contents] [--strict]`: the official tables as
one PDF. The printed forms are checked first (审核): with errors the PDF is a draft, marked at the
top of every page as the GUI marks it, and stderr says how many errors and the first few;
`--strict` refuses to write it instead (exit 1)."""
from __future__ import annotations

import sys
from pathlib import Path

from .main import CliError, open_workbook

SHOWN_ERRORS = 5        # errors listed on stderr; `perfdesk check` lists them all


def register(subparsers) -> None:
    p = subparsers.add_parser("print", help="打印表单：输出可盖章报送的 PDF")
    p.add_argument("file", help="工作簿文件（.perfdesk）")
    p.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
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
                   help="审核有错误时不输出 PDF（退出码 1）；默认照常输出，每页顶端标注草稿")
    p.set_defaults(func=cmd_print)


def print_errors(workbook, form_ids: list[str]) -> list:
    """The findings that make a print a draft (错误) in the forms to print, in print order."""
    from ..definitions.profiles import ProfileError, default_profiles
    from ..domain.checks import check_workbook

    try:
        profiles = default_profiles()
    except ProfileError as exc:
        raise CliError(str(exc)) from None
    by_form = check_workbook(workbook, profiles)     # all forms: a self-evaluation compares with its target
    return [f for form_id in form_ids for f in by_form.get(form_id, []) if f.severity.blocks_print]


def describe_errors(workbook, errors: list) -> list[str]:
    titles = {f.id: f.title.strip() or f.definition.name for f in workbook.forms}
    lines = [f"  【{titles.get(e.form, e.form)}】{e.where}：{e.message}" for e in errors[:SHOWN_ERRORS]]
    if len(errors) > SHOWN_ERRORS:
        lines.append(f"  …… 另有 {len(errors) - SHOWN_ERRORS} 处，perfdesk check 列出全部")
    return lines


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


def cmd_print(args) -> int:
    from ..pdf import FontError, UnknownFormError, draft_mark, find_fonts, select_forms, write_pdf

    font = chosen_font(args.font)
    workbook = open_workbook(args.file)
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
    except PermissionError:
        raise CliError(f"无法写入 {out}：没有权限，或文件正被其他程序（如 PDF 阅读器）打开，"
                       "请关闭后重试或换一个文件名") from None
    except OSError as exc:
        raise CliError(f"无法写入 {out}：{exc.strerror or exc}") from None
    print(result.font_report(), file=sys.stderr)
    if errors:
        print(f"审核发现 {len(errors)} 处错误，输出的是草稿，每页顶端标有“{draft}”"
              "（加 --strict 则有错误时不输出 PDF）：", file=sys.stderr)
        print("\n".join(describe_errors(workbook, errors)), file=sys.stderr)
    forms_printed = len(result.form_pages)
    print(f"已写入 {out}{'（草稿）' if errors else ''}：{forms_printed} 张表，共 {result.pages} 页", file=sys.stderr)
    return 0
