"""`perfdesk summary print|export|show SUMMARY.perfdesk-summary`: the 主管部门's 汇总表 (forms/summaries/:
项目支出绩效自评汇总表 and 绩效目标汇总表 by default), computed from the units collected by
`perfdesk collect -o SUMMARY.perfdesk-summary`; print adds the 汇总分析 page (docs/collect.md)."""
from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from .main import CliError


def register(subparsers) -> None:
    p = subparsers.add_parser("summary", help="汇总表：由汇总文件计算项目支出绩效自评汇总表等，打印（含汇总分析页）或导出 Excel")
    sub = p.add_subparsers(dest="action", required=True, metavar="print|export|show")
    for name, text in (("print", "打印为 PDF：汇总表，随后是汇总分析页（图表）"),
                       ("export", "导出为 Excel 文件（.xlsx），每张汇总表一个工作表"),
                       ("show", "在终端列出汇总表的各行与合计（--json：JSON）")):
        q = sub.add_parser(name, help=text)
        q.add_argument("summary", help="perfdesk collect -o 写出的汇总文件（.perfdesk-summary）")
        if name != "show":
            q.add_argument("-o", "--output", required=True, help="输出文件（.pdf 或 .xlsx）")
            q.add_argument("--force", action="store_true", help="覆盖已有的输出文件")
        q.add_argument("--dept", help="主管部门名称（印在“主管部门（盖章）”处；默认取任务清单的下发单位）")
        q.add_argument("--year", type=int, help="年度（汇总文件含多个年度时必须指定）")
        q.add_argument("--table", action="append", metavar="DEF_ID", dest="tables",
                       help="只要这张汇总表（可重复；默认：national_self_eval_summary 和 national_target_summary）")
        if name == "print":
            q.add_argument("--no-analysis", action="store_true", help="不印汇总分析页")
            q.add_argument("--font", metavar="NAME|PATH", help="打印用的中文字体（同 perfdesk print）")
        if name == "show":
            q.add_argument("--json", action="store_true", help="以 JSON 输出")
        q.set_defaults(func=cmd_summary)


def _build(args):
    from ..collect.summary_file import read_summary
    from ..collect.summary_tables import SummaryError, summary_tables

    path = Path(args.summary)
    if not path.is_file():
        raise CliError(f"汇总文件不存在：{path}")
    try:
        data = read_summary(path, workbooks=False)
    except (ValueError, KeyError, TypeError) as exc:
        raise CliError(f"无法读取汇总文件 {path}：{exc}") from None
    try:
        return summary_tables(data, args.dept, args.year, args.tables)
    except SummaryError as exc:
        raise CliError(str(exc)) from None


def _out(args, suffix: str) -> Path:
    out = Path(args.output)
    if out.suffix.lower() != suffix:
        raise CliError(f"输出文件应以 {suffix} 结尾：{out}", exit_code=2)
    if out.is_dir():
        raise CliError(f"输出路径是一个目录：{out}")
    if out.exists() and not args.force:
        raise CliError(f"文件已存在：{out}（如要覆盖，请加 --force）")
    return out


def cmd_summary(args) -> int:
    if args.action == "print":
        out = _out(args, ".pdf")
        return _print(args, out, _build(args))
    if args.action == "export":
        from ..xlsx.writer import XlsxExportError, export_xlsx

        out = _out(args, ".xlsx")
        workbook = _build(args).workbook
        try:
            report = export_xlsx(workbook, out)
        except XlsxExportError as exc:
            raise CliError(str(exc)) from None
        print(f"已导出 {len(report.sheets)} 张汇总表到 {out}", file=sys.stderr)
        return 0
    tables = _build(args)
    _show(tables.workbook, tables.rows, args.json)
    return 0


def _print(args, out: Path, tables) -> int:
    from ..pdf import FontError, find_fonts
    from ..pdf.summary_print import write_summary_pdf
    from .cmd_print import chosen_font

    try:
        fonts = find_fonts(chosen_font(args.font))
    except FontError as exc:
        raise CliError(str(exc)) from None
    analysis = None if args.no_analysis else tables.analysis()
    result = write_summary_pdf(tables.workbook, out, fonts, analysis, tables.analysis_title)
    print(f"已打印 {len(tables.workbook.forms)} 张汇总表" + ("和汇总分析页" if analysis else "")
          + f"，共 {result.pages} 页：{out}", file=sys.stderr)
    print(result.font_report(), file=sys.stderr)
    return 0


def _json_value(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def _show(workbook, rows, as_json: bool) -> None:
    from ..domain import figures

    tables = []
    for form in workbook.forms:
        spec = form.definition.summary
        ldef = form.definition.list_def(spec.list)
        totals = figures.list_totals(form, spec.list)
        tables.append({
            "id": form.definition.id, "title": form.title, "money_unit": form.definition.print.money_unit,
            "columns": [{"id": c.id, "label": c.label, "from": c.source} for c in ldef.columns],
            "rows": [{c.id: _json_value(item.get(c.id)) for c in ldef.columns} for item in form.lists[spec.list]],
            "totals": {k: _json_value(v) for k, v in totals.items()},
            "note": form.sections.get(spec.note, "") if spec.note else "",
        })
    if as_json:
        sys.stdout.write(json.dumps({"year": workbook.year, "dept": workbook.unit, "tables": tables},
                                    ensure_ascii=False, indent=1) + "\n")
        return
    for t in tables:
        print(f"{t['title']}（金额单位：{t['money_unit']}）")
        print("\t".join(c["label"] for c in t["columns"]))
        for r in t["rows"]:
            print("\t".join("" if r.get(c["id"]) is None else str(r[c["id"]]) for c in t["columns"]))
        print("合计\t" + "\t".join(f"{k}={'' if v is None else v}" for k, v in t["totals"].items()))
        if t["note"]:
            print(t["note"])
        print()
