"""Snapshots and file health from the command line: snapshot, snapshots, restore, check-file."""
from __future__ import annotations

import datetime as dt
import json
import sys



def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def cmd_snapshot(args) -> int:
    from ..store.workbook_file import WorkbookFile

    name = args.name or f"快照 {dt.datetime.now():%Y-%m-%d %H:%M}"
    with WorkbookFile.open(args.file) as wf:
        snap = wf.create_snapshot(wf.load(), name)
    print(f"已保存快照 #{snap.id}“{snap.name}”（{snap.created}）", file=sys.stderr)
    return 0


def cmd_snapshots(args) -> int:
    from ..store.workbook_file import WorkbookFile

    with WorkbookFile.open(args.file, read_only=True) as wf:
        snaps = wf.snapshots()
    if args.json:
        _print_json([{"id": s.id, "name": s.name, "created": s.created, "auto": s.auto} for s in snaps])
    elif not snaps:
        print("（没有快照）")
    else:
        for s in snaps:
            print(f"#{s.id}\t{s.created}\t{s.name}" + ("\t（自动）" if s.auto else ""))
    return 0


def cmd_restore(args) -> int:
    from ..store.workbook_file import WorkbookFile

    with WorkbookFile.open(args.file, read_only=True) as wf:   # a refusal changes nothing
        wf.snapshot_workbook(wf.find_snapshot(args.name))
    with WorkbookFile.open(args.file, to_restore=True) as wf:
        snap = wf.find_snapshot(args.name)
        wf.restore_snapshot(args.name)
        backup = wf.damaged_backup
    if backup is not None:
        print(f"已恢复快照“{snap.name}”；恢复前的内容已损坏、无法存为快照，已原样备份为 {backup.name}", file=sys.stderr)
    else:
        print(f"已恢复快照“{snap.name}”；恢复前的状态已保存为自动快照", file=sys.stderr)
    return 0


def cmd_check_file(args) -> int:
    from ..store.workbook_file import inspect_file

    r = inspect_file(args.file, full=True)
    if args.json:
        _print_json({
            "path": r.path, "ok": r.ok, "busy": r.busy, "problems": r.problems, "warnings": r.warnings,
            "schema_version": r.schema_version,
            "application_id": r.application_id, "unit": r.unit, "year": r.year, "forms": r.forms,
            "modified": r.modified, "snapshots": r.snapshots, "unsaved_forms": r.pending,
            "open_by": None if r.holder is None else {
                "user": r.holder.user, "host": r.holder.host, "pid": r.holder.pid, "since": r.holder.since,
                "stale": r.holder_stale},
        })
    else:
        print(f"文件：{r.path}")
        if r.ok:
            print(f"完好：格式版本 {r.schema_version}，{r.unit} {r.year} 年度，{r.forms} 张表，"
                  f"{r.snapshots} 个快照，最后修改 {r.modified}")
            if r.pending:
                print(f"有 {r.pending} 张表的自动保存修改尚未正式保存")
            if r.holder is not None:
                state = "（该程序已不在运行，可接管）" if r.holder_stale else "（编辑中）"
                print(f"打开者：{r.holder.user}@{r.holder.host}，自 {r.holder.since_text} 起{state}")
            for warning in r.warnings:
                print(f"注意：{warning}")
        else:
            for problem in r.problems:
                print(f"问题：{problem}")
    if not r.ok:
        if not args.json:
            if r.busy:
                print(f"perfdesk：文件 {r.path} 正忙（另一个程序正在写入），请稍后再检查", file=sys.stderr)
            else:
                print(f"perfdesk：文件 {r.path} 有问题，不能作为工作簿使用", file=sys.stderr)
        return 1
    return 0


def register(sub) -> None:
    p = sub.add_parser("snapshot", help="在工作簿内保存一个命名快照")
    p.add_argument("file")
    p.add_argument("--name", help="快照名称（默认按时间命名）")
    p.set_defaults(func=cmd_snapshot)

    p = sub.add_parser("snapshots", help="列出工作簿内的快照")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_snapshots)

    p = sub.add_parser("restore", help="恢复一个快照（恢复前的状态自动另存为快照）")
    p.add_argument("file")
    p.add_argument("name", help="快照名称或编号（#3）")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check-file", help="检查文件完整性与格式版本；损坏时以非零状态退出")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check_file)
