"""The batch half of `perfdesk print` (cmd_print.py): `perfdesk print SUMMARY|DIR|FILE… (-o ALL.pdf | --each DIR)`:
batch print (汇总). Summary files are read as written by `perfdesk collect -o`; folders and other
workbooks are collected as `perfdesk collect` collects them (the newer delivery of a unit wins,
damaged files are listed). Every unit is printed with the existing print and its checks; units
with 审核 errors print as drafts (or, with --strict, not at all), units that cannot be printed
are listed, and none stops the others. See docs/collect.md."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .main import CliError

# collect's reasons that are about a file superseded by another, not a unit left out
_NOT_LEFT_OUT = ("replaced", "duplicate")
SHOWN_UNITS = 20    # draft units whose errors stderr lists; the rest by count (--json lists all)


def _gather(sources: list[str]) -> tuple[list, list[dict], int | None]:
    """The units to print (in order), the files/units left out before printing, and the year."""
    from ..collect.dispatch import DispatchError
    from ..collect.gather import collect
    from ..collect.summary_file import read_summary

    units, left, year = [], [], None
    to_collect = []
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise CliError(f"文件或文件夹不存在：{source}")
        if path.is_file() and path.name.lower().endswith(".perfdesk-summary"):
            try:
                data = read_summary(path, lenient=True)
            except (ValueError, KeyError, TypeError, OSError) as exc:
                raise CliError(f"无法读取汇总文件 {path}：{exc}") from None
            year = year if year is not None else data.get("year")
            units += data["units"]
            left += [_left(r) for r in data.get("rejected", []) if r.get("code") not in _NOT_LEFT_OUT]
        else:
            to_collect.append(source)
    if to_collect:
        try:
            collection = collect(to_collect)
        except DispatchError as exc:
            raise CliError(str(exc)) from None
        year = year if year is not None else collection.year
        units += collection.deliveries
        left += [_left(r.to_dict()) for r in collection.rejected if r.code not in _NOT_LEFT_OUT]
    return units, left, year


def _left(rejected: dict) -> dict:
    return {"unit": "", "unit_code": "", "file": rejected.get("file", ""), "reason": rejected.get("reason", "")}


def cmd_print_batch(args, font) -> int:
    """font: --font as cmd_print.chosen_font gave it (None for the default)."""
    from ..pdf import FontError, find_fonts
    from ..pdf.batch import print_units

    if bool(args.output) == bool(args.each):
        raise CliError("汇总打印：请用 -o 指定合为一个的 PDF，或用 --each 指定每个单位一个 PDF 的文件夹（二者选一）",
                       exit_code=2)
    out = Path(args.each or args.output)
    if args.output and out.is_dir():
        raise CliError(f"输出路径是一个目录：{out}（每个单位一个 PDF 请用 --each）")
    if args.each and out.exists() and not out.is_dir():
        raise CliError(f"--each 应为文件夹，而 {out} 是一个文件")
    try:
        fonts = find_fonts(font)
    except FontError as exc:
        raise CliError(str(exc)) from None
    units, left, year = _gather(args.file)
    if not units:
        raise CliError("没有可打印的单位：" + ("；".join(f"{x['file']}：{x['reason']}" for x in left[:5]) or "未找到工作簿"))
    try:
        result = print_units(units, out, each=bool(args.each), fonts=fonts, strict=args.strict,
                             form_ids=args.forms, cover=args.cover, contents=args.contents, year=year,
                             left_out=left)
    except ValueError as exc:
        raise CliError(f"{exc}（{len(units)} 个单位都不能打印，加 --json 可见原因）") from None
    except OSError as exc:
        raise pdf_write_error(out, exc) from None
    print(result.font_report(), file=sys.stderr)
    drafts, left_out = result.drafts, result.left_out
    for u in drafts[:SHOWN_UNITS]:
        print(f"【{u.unit}】审核发现 {u.errors} 处错误，打印的是草稿：", file=sys.stderr)
        print("\n".join(u.error_lines), file=sys.stderr)
    if len(drafts) > SHOWN_UNITS:
        print(f"…… 另有 {len(drafts) - SHOWN_UNITS} 个单位为草稿（--json 列出全部）", file=sys.stderr)
    where = (f"{len(result.outputs)} 个 PDF 写入 {out}" if args.each else f"已写入 {out}（共 {result.pages} 页）")
    print(f"汇总打印：{len(result.printed)} 个单位，{where}；草稿 {len(drafts)} 个"
          + (f"（{'、'.join(u.unit for u in drafts[:10])}{'等' if len(drafts) > 10 else ''}）" if drafts else "")
          + f"；未打印 {len(left_out)} 个", file=sys.stderr)
    for u in left_out:
        print(f"  未打印：{u.unit or u.file}（{u.unit_code or '无代码'}）：{u.reason}", file=sys.stderr)
    if args.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    refused = [u for u in left_out if args.strict and "--strict" in u.reason]
    return 1 if refused else 0

def pdf_write_error(out, exc: OSError) -> CliError:
    """A PDF that could not be written: most often one still open in a PDF reader."""
    if isinstance(exc, PermissionError):
        return CliError(f"无法写入 {out}：没有权限，或文件正被其他程序（如 PDF 阅读器）打开，"
                        "请关闭后重试或换一个文件名或位置")
    return CliError(f"无法写入 {out}：{exc.strerror or exc}")
