"""`perfdesk check FILE [--json]`: the checker (审核) on a workbook.

Exit code 0: clean (nothing, or only 提示); 1: warnings only; 2: errors; 3: the file could not be
read (so that a script never mistakes an unreadable file for "warnings only").
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .main import CliError, open_workbook

EXIT_CLEAN, EXIT_WARNINGS, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2, 3


def register(subparsers) -> None:
    p = subparsers.add_parser("check", help="审核工作簿：合计、结构、指标值、自评得分，按严重程度给出退出码")
    p.add_argument("file", help="工作簿文件（.perfdesk），或 perfdesk dump 输出的 JSON")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（列表：severity、code、form、place、message）")
    p.add_argument("--profile", help="评分方案（forms/profiles 中的文件名，如 national、guangxi）；默认按表样选")
    p.add_argument("--form", action="append", metavar="ID", help="只审核这张表（可重复）")
    p.set_defaults(func=cmd_check)


def load(path: str):
    """A workbook from a .perfdesk file or from workbook JSON (perfdesk dump)."""
    from ..definitions.loader import DefinitionError
    from ..codec import WorkbookDataError, workbook_from_dict
    from ..store.workbook_file import WorkbookFileError

    try:
        if path.lower().endswith(".json"):
            p = Path(path)
            if not p.is_file():
                raise CliError(f"文件不存在：{path}", exit_code=EXIT_UNREADABLE)
            try:
                data = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CliError(f"无法读取 JSON 工作簿 {path}：{exc}", exit_code=EXIT_UNREADABLE) from None
            return workbook_from_dict(data)
        return open_workbook(path)
    except (WorkbookFileError, WorkbookDataError, DefinitionError) as exc:
        raise CliError(str(exc), exit_code=EXIT_UNREADABLE) from None


def exit_code(findings) -> int:
    from ..domain.checks import Severity

    severities = {f.severity for f in findings}
    if Severity.ERROR in severities:
        return EXIT_ERRORS
    if Severity.WARNING in severities:
        return EXIT_WARNINGS
    return EXIT_CLEAN


def cmd_check(args) -> int:
    from ..definitions.embedded import profile_chooser
    from ..definitions.profiles import ProfileError, default_profiles
    from ..domain.checks import check_workbook, counts, flatten

    wb = load(args.file)
    try:
        profiles = default_profiles()
    except ProfileError as exc:
        raise CliError(str(exc), exit_code=EXIT_UNREADABLE) from None
    if args.profile and args.profile not in profiles.ids:
        raise CliError(f"没有名为 “{args.profile}” 的评分方案，可用：{'、'.join(profiles.ids)}", exit_code=EXIT_UNREADABLE)
    if args.form:
        unknown = [f for f in args.form if f not in {x.id for x in wb.forms}]
        if unknown:
            raise CliError(f"工作簿中没有表单 “{unknown[0]}”，有：{'、'.join(f.id for f in wb.forms)}",
                           exit_code=EXIT_UNREADABLE)
        wb.forms = [f for f in wb.forms if f.id in args.form]
    # a form of the workbook's own definition is scored by the profile the workbook carries
    by_form = check_workbook(wb, choose=profile_chooser(wb, args.profile, profiles))
    findings = flatten(by_form)
    if args.json:
        sys.stdout.write(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1) + "\n")
        return exit_code(findings)

    def tally(items) -> str:
        c = counts(items)
        return "，".join(f"{s.value} {n} 项" for s, n in c.items())

    print(f"{wb.unit} {wb.year}年度：{tally(findings)}")
    for form in wb.forms:
        items = by_form[form.id]
        print(f"\n【{form.title or form.definition.name}】（{form.id}）{tally(items) if items else '未发现问题'}")
        for f in items:
            print(f"  {f.severity.value}  {f.where}：{f.message}  [{f.code}]")
    return exit_code(findings)
