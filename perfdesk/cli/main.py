"""The command line: `perfdesk [FILE]` starts the GUI; sub-commands drive the same code as it.

Errors go to stderr in Chinese with a non-zero exit code (1: the work failed, 2: wrong usage).
"""
from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from .. import __version__

BUILTIN_COMMANDS = ("demo", "info", "dump", "gui")


class CliError(Exception):
    """A failure to report to the user (in Chinese), with exit code 1 unless told otherwise."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages, framed in Chinese
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：参数错误：{message}\n")


def _json_number(d: Decimal | None):
    """JSON numbers from Decimals: 103 stays an integer, 99.47 a short decimal."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


# ---------------------------------------------------------------------------------- commands

def cmd_demo(args) -> int:
    from ..samples import SAMPLES, find_sample, load_sample
    from ..store.workbook_file import write_workbook

    if args.list or not args.name:
        if args.json:
            _print_json([{"name": s.name, "label": s.label} for s in SAMPLES])
        else:
            for s in SAMPLES:
                print(f"{s.name}\t{s.label}")
        return 0
    if args.name == "synthetic":
        return _demo_synthetic(args)
    try:
        find_sample(args.name)
    except KeyError:
        raise CliError(f"没有名为 “{args.name}” 的示例，可用：{'、'.join(s.name for s in SAMPLES)}") from None
    if not args.output:
        raise CliError("请用 -o 指定要写入的工作簿文件")
    out = Path(args.output)
    if out.exists() and not args.force:
        raise CliError(f"文件已存在：{out}（如要覆盖，请加 --force）")
    write_workbook(out, load_sample(args.name))
    print(f"已写入示例 {args.name}：{out}", file=sys.stderr)
    return 0


def _demo_synthetic(args) -> int:
    from ..samples.synthetic import synthetic_workbook
    from ..store.workbook_file import write_workbook

    if not args.output:
        raise CliError("请用 -o 指定要写入的工作簿文件")
    if not 0 <= args.projects <= 5000:
        raise CliError("--projects 应在 0 到 5000 之间")
    out = Path(args.output)
    if out.exists() and not args.force:
        raise CliError(f"文件已存在：{out}（如要覆盖，请加 --force）")
    write_workbook(out, synthetic_workbook(args.projects, args.seed))
    print(f"已写入合成工作簿（{args.projects} 个项目，种子 {args.seed}）：{out}", file=sys.stderr)
    return 0


def open_workbook(path: str):
    from ..store.workbook_file import read_workbook
    return read_workbook(path)


def form_summary(form, workbook=None) -> dict:
    from ..domain import figures

    ex = figures.execution(form)
    summary = {
        "id": form.id,
        "kind": form.kind,
        "title": form.title,
        "indicators": len(figures.named_indicators(form)),
        "budget_total": _json_number(figures.budget_total(form)),
        "execution_rate": _json_number(ex.rate if ex else None),
        "weight_total": _json_number(figures.weight_total(form)),
        "score_total": _json_number(figures.score_total(form)),
    }
    d = form.definition
    if ex is not None:      # 全年预算数 and 全年执行数 behind the rate, in the unit of their table
        summary["execution"] = {"budget": _json_number(ex.budget), "spent": _json_number(ex.spent),
                                "unit": d.funds_table(d.execution.budget.split(".")[0]).unit}
    if d.budget_total:
        summary["money_unit"] = d.funds_table(d.budget_total.split(".")[0]).unit
    if workbook is not None:    # the 校验码 printed in the form's footer (docs/print-code.md)
        from ..domain.print_code import content_code
        summary["code"] = content_code(workbook, form)
    if form.definition.lists:  # e.g. the 15 分项绩效目标 of a dept_plan form
        summary["lists"] = {ld.id: len(form.lists.get(ld.id, [])) for ld in form.definition.lists}
    from ..domain import monitor

    if monitor.is_monitoring(form):     # the warning lights, computed with the form's profile
        from ..definitions.embedded import profile_for

        profile = profile_for(form, workbook)
        lights = monitor.form_lights(form, profile.monitoring if profile else monitor.NATIONAL)
        summary["lights"] = monitor.light_counts(lights)
        budget = next((x for x in lights if not x.path), None)
        summary["budget_light"] = budget.colour.value if budget else None
    return summary


def cmd_info(args) -> int:
    from ..domain import figures

    from ..definitions.embedded import STATUS_TEXT, compare_installed

    wb = open_workbook(args.file)
    statuses = compare_installed(wb)
    info = {"unit": wb.unit, "unit_code": wb.unit_code, "year": wb.year,
            "forms": [form_summary(f, wb) for f in wb.forms],
            "definitions": [s.to_dict() for s in statuses]}
    if wb.task is not None:       # a task package from the 主管部门 (perfdesk dispatch)
        info["task"] = {"issuer": wb.task.issuer, "deadline": wb.task.deadline, "note": wb.task.note}
    if wb.comments:               # 审核意见 returned by the 主管部门 (perfdesk return)
        from ..domain.comments import counts

        open_, done = counts(wb.comments)
        info["comments"] = {"open": open_, "done": done}
    if args.json:
        _print_json(info)
        return 0
    print(f"单位：{wb.unit}" + (f"（{wb.unit_code}）" if wb.unit_code else ""))
    print(f"年度：{wb.year}")
    if "task" in info:
        t = info["task"]
        print(f"任务：{t['issuer'] or '主管部门'}下发" + (f"，截止 {t['deadline']}" if t["deadline"] else ""))
    if "comments" in info:
        print(f"审核意见：未处理 {info['comments']['open']} 条，已处理 {info['comments']['done']} 条")
    print(f"表单：{len(wb.forms)} 张")
    for form, f in zip(wb.forms, info["forms"]):
        extras = [f"指标 {f['indicators']} 项"]
        total = figures.budget_total(form)
        if total is not None:
            extras.append(f"资金 {figures.round2(total):,} {form.definition.print.money_unit}".rstrip())
        if f["execution_rate"] is not None:
            extras.append(f"执行率 {f['execution_rate']}%")
        if f["weight_total"] is not None:
            extras.append(f"权重合计 {f['weight_total']}，得分合计 {f['score_total']}")
        if "lights" in f:
            n = f["lights"]
            extras.append(f"预警 红 {n['red']} 黄 {n['yellow']} 绿 {n['green']} 蓝 {n['blue']}")
        if "code" in f:
            extras.append(f"校验码 {f['code']}")
        print(f"  {f['id']}\t{f['title']}\t" + "，".join(extras))
    if statuses:
        print("表样与评分方案（工作簿中的副本与本机比较）：")
        for s in statuses:
            what = "表样" if s.kind == "form" else "评分方案"
            print(f"  {what} {s.id}\t{STATUS_TEXT[s.status]}")
        if any(s.status == "differs" for s in statuses):
            print("  （与本机不同：工作簿按其中的副本打开；perfdesk migrate 可迁移到本机的版本）")
    return 0


def cmd_dump(args) -> int:
    from ..codec import dump_workbook

    text = dump_workbook(open_workbook(args.file))
    if args.output:
        write_output(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 0


def os_error_text(exc: OSError) -> str:
    """An OS error as a Chinese phrase; the system's own words (often English) in brackets."""
    import errno

    known = {errno.EACCES: "没有写入权限", errno.EPERM: "没有权限", errno.EROFS: "所在磁盘只读",
             errno.ENOSPC: "磁盘空间不足", errno.ENOENT: "文件夹不存在", errno.EISDIR: "这是一个文件夹",
             errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENAMETOOLONG: "文件名过长"}
    chinese = known.get(exc.errno, "系统报告错误")
    return f"{chinese}（{exc.strerror or exc}）"


def write_output(path: Path, text: str) -> None:
    """Write an output file completely or not at all, with a Chinese message on failure."""
    import os
    import tempfile

    if path.is_dir():
        raise CliError(f"输出路径是一个文件夹：{path}")
    tmp = None
    try:
        fd, name = tempfile.mkstemp(prefix="." + path.name + "-", suffix=".tmp", dir=path.parent or ".")
        tmp = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise CliError(f"无法写入 {path}：{os_error_text(exc)}；未写入任何文件") from None


def cmd_gui(args) -> int:
    from ..launch import run
    return run(args.file)


# ---------------------------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="perfdesk", description="预算绩效目标表、绩效自评表的填报、审核与打印")
    parser.add_argument("--version", action="version", version=f"perfdesk {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="命令")

    p = sub.add_parser("demo", help="列出或写出内置示例工作簿")
    p.add_argument("name", nargs="?", help="示例名（见 --list），或 synthetic 生成合成工作簿")
    p.add_argument("--projects", type=int, default=200, help="synthetic：项目支出表的数量")
    p.add_argument("--seed", type=int, default=1, help="synthetic：随机种子（相同种子得到相同工作簿）")
    p.add_argument("--list", action="store_true", help="列出全部示例")
    p.add_argument("-o", "--output", help="写入的工作簿文件（.perfdesk）")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出列表")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="工作簿概要：单位、年度、各表指标数与合计")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("dump", help="以规范 JSON 输出整个工作簿")
    p.add_argument("file")
    p.add_argument("-o", "--output", help="写入文件而不是标准输出")
    p.set_defaults(func=cmd_dump)

    p = sub.add_parser("gui", help="打开图形界面")
    p.add_argument("file", nargs="?")
    p.set_defaults(func=cmd_gui)

    # Further commands live in perfdesk/cli/cmd_*.py, each with register(subparsers): one
    # module per capability (check, print, export, import, snapshot …).
    for module in command_modules():
        module.register(sub)
    return parser


def command_modules():
    import importlib
    import pkgutil

    from .. import cli

    names = sorted(m.name for m in pkgutil.iter_modules(cli.__path__) if m.name.startswith("cmd_"))
    return [importlib.import_module(f"{cli.__name__}.{name}") for name in names]


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._subparsers._group_actions:  # argparse keeps sub-commands here
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set(BUILTIN_COMMANDS)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `perfdesk` and `perfdesk FILE` start the GUI, as a desktop shortcut would
    if not argv or (argv[0] not in command_names(parser) and not argv[0].startswith("-")):
        argv = ["gui"] + argv
    args = parser.parse_args(argv)
    from ..definitions.loader import DefinitionError
    from ..codec import WorkbookDataError
    from ..store.workbook_file import WorkbookFileError

    try:
        return args.func(args)
    except (CliError, WorkbookFileError, WorkbookDataError, DefinitionError) as exc:
        print(f"perfdesk：{exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except BrokenPipeError:  # `perfdesk dump FILE | head`
        return 0
    except OSError as exc:   # a file the command writes or reads directly
        where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"perfdesk：无法读写文件{where}：{os_error_text(exc)}；命令未完成", file=sys.stderr)
        return 1
    except Exception as exc:   # noqa: BLE001 - never a stack on the console
        print(f"perfdesk：内部错误，命令未完成（{type(exc).__name__}）；详情已写入 {_log_crash()}",
              file=sys.stderr)
        return 1


def _log_crash() -> str:
    """The traceback of an unexpected error, in a log file the user can send us."""
    import datetime as dt
    import os
    import tempfile
    import traceback

    from ..definitions.toml_cache import cache_dir

    text = traceback.format_exc()
    for folder in (cache_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"perfdesk-error-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return str(path)
        except OSError:
            continue
    return "（无法写入日志文件）"


def gui_main() -> int:
    """The GUI entry point for desktop shortcuts: a file argument, nothing else."""
    argv = sys.argv[1:]
    return cmd_gui(argparse.Namespace(file=argv[0] if argv else None))
