"""`perfdesk comment SUMMARY --unit CODE|NAME --form ID [--place PLACE] TEXT`: a 审核意见 on a
unit's form (or a place in it) kept in the summary file; `perfdesk comments SUMMARY` lists them
(`--places`: the places a form has). `perfdesk return` sends them to the unit. docs/collect.md."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .main import CliError


def register(subparsers) -> None:
    p = subparsers.add_parser("comment", help="审核意见：在汇总文件中给某单位的表（或表中某处）添加一条意见")
    p.add_argument("summary", help="汇总文件（perfdesk collect -o 写出的 .perfdesk-summary）")
    p.add_argument("text", help="意见内容，如 “权重合计应为100”")
    p.add_argument("--unit", required=True, help="单位代码或单位名称")
    p.add_argument("--year", type=int, help="汇总含同一单位多个年度的工作簿时，指定年度")
    p.add_argument("--form", required=True, help="表的标识（如 project_01）或表名")
    p.add_argument("--place", default="",
                   help="表中的位置：按表上的名称从外到内写、用 > 分隔（如 “年度资金总额>全年预算数”、"
                        "“数量指标>培训人数”、“项目名称”），或位置标识（如 funds:execution.total.adjusted，"
                        "见 perfdesk comments --places）；不写则是对整张表的意见")
    p.add_argument("--author", default="", help="提出意见的单位或人（默认：任务清单的下发单位）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出添加的意见")
    p.set_defaults(func=cmd_comment)
    p = subparsers.add_parser("comments", help="列出汇总文件中的审核意见及其处理状态；或某张表可写的位置")
    p.add_argument("summary", help="汇总文件（.perfdesk-summary）")
    p.add_argument("--unit", help="只列这个单位（单位代码或名称）")
    p.add_argument("--year", type=int, help="只列这个年度（汇总含多个年度时与 --unit 一起用）")
    p.add_argument("--form", help="只列这张表（标识）")
    p.add_argument("--places", action="store_true", help="列出 --unit 的 --form 这张表可以写的位置（标识和名称）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_comments)


def cmd_comment(args) -> int:
    from ..collect import review

    path = Path(args.summary)
    if not args.text.strip():
        raise CliError("请写出意见内容", exit_code=2)
    try:
        comment = review.add_comment(path, args.unit, args.form, args.text, args.place, args.author,
                                     args.year)
    except review.ReviewError as exc:
        raise CliError(f"{exc}；汇总文件未改动") from None
    except OSError as exc:
        raise CliError(f"无法写入汇总文件 {path}：{exc}；汇总文件未改动") from None
    if args.json:
        from ..codec import comment_to_dict

        sys.stdout.write(json.dumps(comment_to_dict(comment), ensure_ascii=False, indent=1) + "\n")
    else:
        print(f"已添加审核意见 {comment.id}：【{comment.where or '整张表'}】{comment.text}")
    return 0


def cmd_comments(args) -> int:
    from ..collect import review

    try:
        data = review.load_summary(Path(args.summary))
        return _places(review, data, args) if args.places else _list(review, data, args)
    except review.ReviewError as exc:
        raise CliError(str(exc)) from None


def _list(review, data: dict, args) -> int:
    from ..codec import comment_to_dict
    from ..domain.comments import STATUS_LABELS

    entries = [review.find_unit(data, args.unit, args.year)] if args.unit else \
        [u for u in data["units"] if args.year is None or u["workbook"].get("year") == args.year]
    rows = []
    for entry in entries:
        wb = entry["workbook"]
        for c in review.entry_comments(entry):
            if args.form and c.form_id != args.form:
                continue
            rows.append({"unit": wb.get("unit", ""), "unit_code": wb.get("unit_code", ""), **comment_to_dict(c)})
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return 0
    if not rows:
        print("没有审核意见")
        return 0
    print("单位\t代码\t标识\t表\t位置\t状态\t意见\t单位答复")
    for r in rows:
        print("\t".join((r["unit"], r["unit_code"], r["id"], r["form"], r["where"] or "整张表",
                         STATUS_LABELS.get(r["status"], r["status"]), r["text"], r["reply"])))
    return 0


def _places(review, data: dict, args) -> int:
    from ..domain.comments import candidate_places
    from ..domain.places import describe, place_to_text

    if not args.unit or not args.form:
        raise CliError("列出位置需要 --unit 和 --form", exit_code=2)
    wb = review.entry_workbook(review.find_unit(data, args.unit, args.year))
    form = review.find_form(wb, args.form)
    places = [(place_to_text(p), describe(form, p)) for p in candidate_places(form)]
    if args.json:
        sys.stdout.write(json.dumps([{"place": i, "where": w} for i, w in places], ensure_ascii=False, indent=1) + "\n")
    else:
        for place_id, where in places:
            print(f"{place_id}\t{where}")
    return 0
