"""`perfdesk return SUMMARY --unit CODE|NAME [--year Y] -o OUT.perfdesk` (or `--all -o DIR`): 退回, the
unit's workbook exactly as it delivered it, with the 审核意见 of the summary in it; the unit
opens it, sees them beside the cells and marks each done. docs/collect.md § 审核意见."""
from __future__ import annotations

import sys
from pathlib import Path

from .main import CliError


def register(subparsers) -> None:
    p = subparsers.add_parser("return", help="退回：写出某单位报送的工作簿（内容不变）并附上审核意见")
    p.add_argument("summary", help="汇总文件（.perfdesk-summary）")
    p.add_argument("--unit", help="单位代码或单位名称")
    p.add_argument("--year", type=int, help="汇总含同一单位多个年度的工作簿时，指定年度")
    p.add_argument("--all", action="store_true", help="每个有未处理意见的单位各写一个文件到 -o 文件夹")
    p.add_argument("-o", "--output", required=True, help="写入的工作簿（.perfdesk），--all 时为文件夹")
    p.add_argument("--force", action="store_true", help="覆盖已有的文件")
    p.set_defaults(func=cmd_return)


def cmd_return(args) -> int:
    from ..collect import review
    from ..domain.comments import counts
    from ..store.workbook_file import WorkbookFileError

    if bool(args.unit) == bool(args.all):
        raise CliError("请用 --unit 指定一个单位，或用 --all 退回所有有未处理意见的单位", exit_code=2)
    out = Path(args.output)
    try:
        data = review.load_summary(Path(args.summary))
        if args.unit:
            if out.is_dir():
                raise CliError(f"输出路径是一个文件夹：{out}（一个单位写一个 .perfdesk 文件）")
            if out.suffix.lower() != ".perfdesk":
                raise CliError(f"退回的工作簿应以 .perfdesk 结尾：{out}", exit_code=2)
            jobs = [(review.returned_workbook(review.find_unit(data, args.unit, args.year)), out)]
        else:
            if out.exists() and not out.is_dir():
                raise CliError(f"输出路径不是文件夹：{out}")
            workbooks = review.returns_with_open_comments(data)
            jobs = [(wb, out / name) for wb, name in zip(workbooks, review.return_file_names(workbooks))]
    except review.ReviewError as exc:
        raise CliError(f"{exc}；未写入任何文件") from None
    there = [str(path) for _, path in jobs if path.exists()]
    if there and not args.force:
        raise CliError(f"文件已存在：{'、'.join(there[:5])}（如要覆盖，请加 --force）；未写入任何文件")
    if args.all:
        out.mkdir(parents=True, exist_ok=True)
    for wb, path in jobs:
        try:
            review.write_return(path, wb)
        except (WorkbookFileError, OSError) as exc:
            raise CliError(f"无法写入 {path}：{exc}") from None
        open_, done = counts(wb.comments)
        print(f"已退回 {wb.unit}（{wb.unit_code or '无代码'}）：{path}，审核意见 {open_} 条未处理、{done} 条已处理",
              file=sys.stderr)
    if args.all and not jobs:
        print("没有单位有未处理的审核意见，未写入文件", file=sys.stderr)
    return 0
