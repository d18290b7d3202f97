"""`perfdesk import IN.xlsx -o NEW.perfdesk [--force]` writes a new workbook;
`perfdesk import IN.xlsx --into FILE.perfdesk` merges into an existing one, after an automatic
snapshot. `--dry-run` only shows what would change. All or nothing: on any error nothing is
written."""
from __future__ import annotations

import sys
from pathlib import Path

from .main import CliError


def register(subparsers) -> None:
    p = subparsers.add_parser("import", help="从 Excel 文件（.xlsx）导入：本程序导出的文件，或版式同官方表样的表格")
    p.add_argument("input", help="要导入的 Excel 文件（.xlsx）")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", help="写成新的工作簿文件（.perfdesk）")
    target.add_argument("--into", metavar="FILE", help="并入已有的工作簿文件（先自动保存快照）")
    p.add_argument("--force", action="store_true", help="与 -o 同用：覆盖已有的文件")
    p.add_argument("--dry-run", action="store_true", help="只列出将要新增、修改的内容和发现的问题，不写文件")
    p.add_argument("--definition", metavar="ID",
                   help="外来表格一律按此表样读入（perfdesk forms list 列出可用的表样），不自动匹配")
    p.add_argument("--strict", action="store_true",
                   help="有任何单元格未能导入（无处放置）时拒绝导入，不写文件")
    p.set_defaults(func=cmd_import)


def report(result) -> None:
    """What the import did, on stdout: the definition chosen per sheet and why, the money units
    converted, the changes, and every cell not placed; problems on stderr."""
    if not result.ok:            # refused: only why, on stderr (the choice helps read the errors)
        for choice in result.choices:
            print(str(choice), file=sys.stderr)
        for problem in result.problems:
            print(str(problem), file=sys.stderr)
        return
    for choice in result.choices:
        print(str(choice))
    for conversion in result.conversions:
        print(str(conversion))
    for change in result.changes:
        print(str(change))
    if result.not_placed:
        print(f"未导入的单元格（{len(result.not_placed)} 个）：")
        for item in result.not_placed:
            print("    " + str(item))
    for problem in result.problems:
        print(str(problem), file=sys.stderr)


def refuse_if_strict(args, result, where: str) -> None:
    if args.strict and result.not_placed:
        raise CliError(f"未导入（--strict）：{len(result.not_placed)} 个单元格无处放置，{where}")


def cmd_import(args) -> int:
    from ..codec import dump_workbook
    from ..store.workbook_file import WorkbookFile, write_workbook
    from ..xlsx.importer import import_xlsx

    source = Path(args.input)
    if args.output:
        out = Path(args.output)
        if out.exists() and not args.force and not args.dry_run:
            raise CliError(f"文件已存在：{out}（如要覆盖，请加 --force；要并入已有工作簿，请用 --into）")
        result = import_xlsx(source, definition=args.definition)
        report(result)
        if not result.ok:
            raise CliError(f"未导入：{source} 有 {len(result.errors)} 处错误，未写入任何文件")
        refuse_if_strict(args, result, "未写入任何文件")
        if args.dry_run:
            print("（试运行，未写入文件）", file=sys.stderr)
            return 0
        write_workbook(out, result.workbook)
        print(f"已导入 {len(result.workbook.forms)} 张表，写入 {out}", file=sys.stderr)
        return 0

    # read-only first: a refusal, a dry run or an import that changes nothing leaves the target
    # untouched (bytes and time stamp), and works on a read-only workbook
    with WorkbookFile.open(args.into, read_only=True) as file:
        current = file.load()
    result = import_xlsx(source, into=current, definition=args.definition)
    report(result)
    if not result.ok:
        raise CliError(f"未导入：{source} 有 {len(result.errors)} 处错误，{args.into} 未作任何修改")
    refuse_if_strict(args, result, f"{args.into} 未作任何修改")
    if args.dry_run:
        print("（试运行，未写入文件）", file=sys.stderr)
        return 0
    if not result.has_effect:
        print(f"导入的内容与 {args.into} 相同，未作修改", file=sys.stderr)
        return 0
    with WorkbookFile.open(args.into) as file:
        now = file.load()
        if dump_workbook(now) != dump_workbook(current):      # changed meanwhile: import again
            current, result = now, import_xlsx(source, into=now, definition=args.definition)
            if not result.ok or not result.has_effect:
                raise CliError(f"未导入：{args.into} 在导入期间被修改，请重新导入")
        # the snapshot first, always: an import that went wrong can be undone from it
        file.create_snapshot(current, f"导入 {source.name} 之前", auto=True)
        file.save(result.workbook)
    changed = sum(1 for c in result.changes if c.kind in ("added", "changed"))
    print(f"已导入 {changed} 张表到 {args.into}（导入前的状态已存为快照）", file=sys.stderr)
    return 0
