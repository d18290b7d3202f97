"""`perfdesk collect DIR|FILES… -o SUMMARY.perfdesk-summary [--json] [--xlsx OUT.xlsx]`: 汇总 the
units' workbooks; the overview on stdout (or as JSON), the rejected files with their reasons."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .main import CliError


def register(subparsers) -> None:
    p = subparsers.add_parser("collect", help="汇总：读取各单位报送的工作簿，列出概览、变更和未采用的文件")
    p.add_argument("sources", nargs="+", help="文件夹（含其子文件夹）或工作簿文件（.perfdesk、.xlsx）")
    p.add_argument("-o", "--output", help="写入的汇总文件（建议 .perfdesk-summary，JSON，见 docs/collect.md）")
    p.add_argument("--year", type=int, help="只汇总这一年度（有任务清单时默认为其年度）")
    p.add_argument("--manifest", help="任务清单（perfdesk dispatch 写出的 任务清单.json）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出概览、变更、未采用的文件和未报送的单位")
    p.add_argument("--xlsx", help="把概览写成 Excel 文件（.xlsx）")
    p.add_argument("--force", action="store_true", help="覆盖已有的输出文件（其中的审核意见会保留到新汇总中）")
    p.add_argument("--comments-from", help="从这个较早的汇总文件接续审核意见（默认：被覆盖的 -o 汇总文件）")
    p.add_argument("--recheck", action="store_true",
                   help="每个工作簿都重新读入并审核，不采用文件中随保存写入的审核摘要（见 docs/collect.md）")
    p.set_defaults(func=cmd_collect)


def _check_out(path: Path | None, force: bool) -> None:
    if path is None:
        return
    if path.is_dir():
        raise CliError(f"输出路径是一个文件夹：{path}")
    if path.exists() and not force:
        raise CliError(f"文件已存在：{path}（如要覆盖，请加 --force）")
    if path.suffix.lower() == ".perfdesk":     # a .perfdesk is one unit's workbook: never that
        raise CliError(f"汇总文件不是单个单位的工作簿，请用 .perfdesk-summary 结尾：{path}", exit_code=2)


def cmd_collect(args) -> int:
    from ..collect.dispatch import DispatchError
    from ..collect.gather import collect
    from ..collect.overview import write_overview_xlsx
    from ..collect.review import ReviewError, carry_comments, previous_comments
    from ..collect.summary_file import overview_rows, summary_dict, write_summary

    out = Path(args.output) if args.output else None
    xlsx = Path(args.xlsx) if args.xlsx else None
    _check_out(out, args.force)
    _check_out(xlsx, args.force)
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise CliError(f"--xlsx 的文件应以 .xlsx 结尾：{xlsx}", exit_code=2)
    for s in args.sources:
        if not Path(s).exists():
            raise CliError(f"文件或文件夹不存在：{s}")
    previous = {}
    if args.comments_from:
        try:
            previous = previous_comments(Path(args.comments_from))
        except ReviewError as exc:
            raise CliError(f"{exc}（审核意见无法接续，未汇总）") from None
    elif out is not None and out.exists():      # --force over an earlier summary: its comments go on
        try:
            previous = previous_comments(out)
        except ReviewError as exc:
            print(f"注意：{exc}；没有可接续的审核意见", file=sys.stderr)
    try:
        collection = collect(args.sources, args.year, Path(args.manifest) if args.manifest else None,
                             recheck=getattr(args, "recheck", False))
    except DispatchError as exc:
        raise CliError(str(exc)) from None
    carry_comments(collection, previous)
    rows = overview_rows(collection)
    data = summary_dict(collection, rows)
    if out is not None:
        write_summary(out, data)
    if xlsx is not None:
        write_overview_xlsx(rows, data["rejected"], xlsx)
    if args.json:
        view = {k: v for k, v in data.items() if k != "units"}
        view["changes"] = [{"unit": d.header.unit, "unit_code": d.header.unit_code, "file": d.file,
                            "replaced": d.replaced} for d in collection.deliveries if d.replaced]
        sys.stdout.write(json.dumps(view, ensure_ascii=False, indent=1) + "\n")
    else:
        _print_text(rows, data, collection)
    if out is not None:
        print(f"已写入汇总文件 {out}：{len(collection.deliveries)} 个单位", file=sys.stderr)
    return 0


def _print_text(rows, data, collection) -> None:
    def v(x):
        return "" if x is None else str(x)

    print(f"汇总：{len(collection.deliveries)} 个单位已报送" + (f"，{len(collection.missing)} 个未报送"
                                                         if collection.manifest else "")
          + (f"，{len(data['rejected'])} 个文件未采用" if data["rejected"] else ""))
    from ..collect.overview import comments_text

    print("单位\t代码\t年度\t状态\t表数\t错误\t警告\t完成度\t预算数（万元）\t执行数（万元）\t执行率\t自评得分\t等级\t最后修改\t审核意见")
    for r in rows:
        print("\t".join(v(x) for x in (r["unit"], r["unit_code"], r["year"], r["status"], len(r["forms"]),
                                        r["errors"], r["warnings"], r["completeness"], r["budget"], r["spent"],
                                        r["execution_rate"], r["score_total"], r["grade"], r["modified"],
                                        comments_text(r))))
    for d in collection.deliveries:
        for older in d.replaced:
            print(f"\n【{d.header.unit}】{d.file} 取代了 {older['file']}：")
            for c in older["changes"]:
                print(f"  {c['title'] or c['form']}（{c['form']}）：{c['kind']}")
                for cell in c["cells"]:
                    if cell["kind"] == "修改":
                        print(f"    {cell['place']}：“{cell['old']}” → “{cell['new']}”")
                    else:
                        print(f"    {cell['place']}：{cell['kind']}“{cell['old'] or cell['new']}”")
    if data["rejected"]:
        print("\n未采用的文件：")
        for r in data["rejected"]:
            print(f"  {r['file']}：{r['reason']}")
    if collection.missing:
        print("\n未报送的单位：")
        for u in collection.missing:
            print(f"  {u['name']}（{u['code'] or '无代码'}）")
