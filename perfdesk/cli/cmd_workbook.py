"""`perfdesk new` (an empty workbook from any definitions), `perfdesk load` (dump's inverse) and
`perfdesk migrate` (move forms to the installed definitions)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .main import CliError, os_error_text


def register(subparsers) -> None:
    p = subparsers.add_parser("new", help="新建空白工作簿：单位、年度和任意表样的表单")
    p.add_argument("-o", "--output", required=True, help="写入的工作簿文件（.perfdesk）")
    p.add_argument("--unit", required=True, help="单位名称")
    p.add_argument("--year", required=True, type=int, help="年度")
    p.add_argument("--unit-code", default="", help="单位编码")
    p.add_argument("--form", action="append", required=True, metavar="DEF_ID[:FORM_ID]", dest="forms",
                   help="一张表：表样定义的标识，可加 :表单标识（可重复；见 perfdesk forms list）")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(func=cmd_new)

    p = subparsers.add_parser("load", help="由 perfdesk dump 输出的 JSON 写成工作簿文件")
    p.add_argument("input", help="工作簿 JSON（docs/workbook-json.md）")
    p.add_argument("-o", "--output", required=True, help="写入的工作簿文件（.perfdesk）")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(func=cmd_load)

    p = subparsers.add_parser("migrate", help="把表单迁移到本机安装的表样定义（工作簿中的副本与本机不同时）")
    p.add_argument("file", help="工作簿文件（.perfdesk）")
    p.add_argument("--form", action="append", metavar="ID", dest="forms",
                   help="只迁移这张表所用的表样（同一表样的表一并迁移；可重复）")
    p.add_argument("--dry-run", action="store_true", help="只列出将会丢失的内容，不写文件")
    p.set_defaults(func=cmd_migrate)


def _check_output(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise CliError(f"文件已存在：{out}（如要覆盖，请加 --force）")
    if out.is_dir():
        raise CliError(f"输出路径是一个目录：{out}")


# ---------------------------------------------------------------------------------- new

def cmd_new(args) -> int:
    from ..definitions.loader import default_registry
    from ..domain.blank import new_form
    from ..domain.model import Workbook
    from ..store.workbook_file import write_workbook

    out = Path(args.output)
    _check_output(out, args.force)
    if not args.unit.strip():
        raise CliError("单位名称不能为空", exit_code=2)
    if not 1900 <= args.year <= 2200:
        raise CliError(f"年度应为四位数年份，实际为 {args.year}", exit_code=2)
    registry = default_registry()
    wb = Workbook(unit=args.unit.strip(), unit_code=args.unit_code.strip(), year=args.year)
    for spec in args.forms:
        definition_id, _, form_id = spec.partition(":")
        definition_id, form_id = definition_id.strip(), form_id.strip()
        if definition_id not in registry:
            raise CliError(f"没有表样定义 “{definition_id}”，可用：{'、'.join(registry.ids())}")
        if ":" in spec and not form_id:
            raise CliError(f"“{spec}” 中冒号后的表单标识为空", exit_code=2)
        if form_id and form_id in {f.id for f in wb.forms}:
            raise CliError(f"表单标识 “{form_id}” 重复")
        wb.forms.append(new_form(registry[definition_id], wb, form_id or None))
    write_workbook(out, wb)
    print(f"已写入新工作簿 {out}：{len(wb.forms)} 张表（{'、'.join(f.id for f in wb.forms)}）", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------- load

def cmd_load(args) -> int:
    from ..codec import workbook_from_dict
    from ..store.workbook_file import write_workbook

    source, out = Path(args.input), Path(args.output)
    _check_output(out, args.force)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CliError(f"文件不存在：{source}") from None
    except UnicodeDecodeError as exc:
        raise CliError(f"无法读取 {source}：不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节有误）") from None
    except OSError as exc:
        raise CliError(f"无法读取 {source}：{os_error_text(exc)}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:     # its msg is English: the place is said in Chinese instead
        raise CliError(f"{source} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列有误") from None
    except RecursionError:
        raise CliError(f"{source} 的 JSON 嵌套过深，无法读取") from None
    except ValueError:                      # a number of more than 4300 digits
        raise CliError(f"{source} 中有位数过多的数字，无法读取") from None
    wb = workbook_from_dict(data)          # WorkbookDataError names the place in the data
    write_workbook(out, wb)
    print(f"已写入 {out}：{len(wb.forms)} 张表", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------- migrate

def cmd_migrate(args) -> int:
    from ..definitions.embedded import DIFFERS, NOT_INSTALLED, compare_installed, profile_for
    from ..definitions.loader import default_registry
    from ..domain.migrate import migrate_form
    from ..store.workbook_file import WorkbookFile

    if not args.dry_run and not args.forms:
        # look first without the lock: a workbook that needs nothing is left untouched
        with WorkbookFile.open(args.file, read_only=True) as wf:
            wb = wf.load()
            if not any(s.kind == "form" and s.status == DIFFERS or s.kind == "profile" and s.status == DIFFERS
                       for s in compare_installed(wb)):
                print("工作簿中的表样与本机安装的相同，无需迁移", file=sys.stderr)
                return 0
    with WorkbookFile.open(args.file, read_only=args.dry_run) as wf:
        wb = wf.load()
        if args.forms:
            unknown = [f for f in args.forms if f not in {x.id for x in wb.forms}]
            if unknown:
                raise CliError(f"工作簿中没有表单 “{unknown[0]}”，有：{'、'.join(f.id for f in wb.forms)}")
        chosen = {wb.form(f).definition.id for f in args.forms} if args.forms else None
        statuses = compare_installed(wb)
        registry = default_registry()
        differing_profiles = {s.id for s in statuses if s.kind == "profile" and s.status == DIFFERS}
        todo = []
        for s in statuses:
            if s.kind != "form" or (chosen is not None and s.id not in chosen):
                continue
            if s.status == NOT_INSTALLED:
                print(f"本机没有表样 “{s.id}”，表单 {'、'.join(s.forms)} 保留工作簿中的副本", file=sys.stderr)
                continue
            profile_moves = any(
                (p := profile_for(wb.form(f), wb)) is not None and p.id in differing_profiles for f in s.forms)
            if s.status == DIFFERS or profile_moves:
                todo.append(s)
        if not todo:
            print("工作簿中的表样与本机安装的相同，无需迁移", file=sys.stderr)
            return 0
        before = None if args.dry_run else wf.load()
        total_lost = 0
        for s in todo:
            new = registry[s.id]
            if chosen is not None and set(s.forms) - set(args.forms):
                print(f"表样 “{s.id}” 也用于表单 {'、'.join(sorted(set(s.forms) - set(args.forms)))}，一并迁移",
                      file=sys.stderr)
            for form_id in s.forms:
                index = next(i for i, f in enumerate(wb.forms) if f.id == form_id)
                moved, lost = migrate_form(wb.forms[index], new)
                wb.forms[index] = moved
                total_lost += len(lost)
                if not lost:
                    print(f"表单 {form_id}（表样 {s.id}）：全部内容保留")
                    continue
                print(f"表单 {form_id}（表样 {s.id}）：以下 {len(lost)} 项在新表样中没有位置，迁移后不再保留：")
                for where, text in lost:
                    print(f"  {where}：{text}")
        if args.dry_run:
            print("（试运行，未写入文件）", file=sys.stderr)
            return 0
        wf.create_snapshot(before, "迁移表样前自动快照", auto=True)
        wf.save(wb)
    forms = sum(len(s.forms) for s in todo)
    print(f"已迁移 {forms} 张表到本机的表样" + (f"，{total_lost} 项内容没有位置（迁移前的状态已存为快照）"
                                         if total_lost else "（迁移前的状态已存为快照）"), file=sys.stderr)
    return 0
