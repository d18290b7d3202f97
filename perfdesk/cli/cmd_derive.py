"""perfdesk derive (target → self-evaluation) and perfdesk next-year."""
from __future__ import annotations

import sys
from pathlib import Path

from .main import CliError


def cmd_derive(args) -> int:
    from ..definitions.derivations import rule_for_source
    from ..definitions.loader import default_registry
    from ..domain.derive import DeriveError, derive_self_eval
    from ..store.workbook_file import WorkbookFile

    with WorkbookFile.open(args.file) as wf:
        wb = wf.load()
        try:
            source = wb.form(args.self_eval)
        except KeyError:
            ids = "、".join(f.id for f in wb.forms)
            raise CliError(f"工作簿中没有表 “{args.self_eval}”；现有：{ids}") from None
        rule = rule_for_source(source.definition.id, args.to)
        if rule is None:
            what = "运行监控表" if args.to == "monitoring" else "自评表"
            raise CliError(f"表“{source.title}”（{source.definition.name}）不是可生成{what}的目标表"
                           f"（forms/derivations 中没有相应规则）")
        try:
            form = derive_self_eval(wb, source, rule, default_registry()[rule.target])
        except DeriveError as exc:
            raise CliError(str(exc)) from None
        wf.create_snapshot(wb, f"生成“{form.title}”前自动快照", auto=True)
        wb.forms.insert(wb.forms.index(source) + 1, form)
        wf.save(wb, [form])
    print(form.id)
    todo = "截至月份、执行数与执行情况待填写" if args.to == "monitoring" else "实际完成值待填写"
    print(f"已生成“{form.title}”（{form.id}），{todo}", file=sys.stderr)
    return 0


def cmd_next_year(args) -> int:
    from ..domain.next_year import NextYearOptions, next_year
    from ..store.workbook_file import read_workbook, write_workbook

    out = Path(args.output)
    if out.exists() and not args.force:
        raise CliError(f"文件已存在：{out}（如要覆盖，请加 --force）")
    wb = read_workbook(args.file)
    new = next_year(wb, NextYearOptions(keep_figures=args.keep_figures, keep_actuals=args.keep_actuals))
    write_workbook(out, new)
    print(f"已生成 {new.year} 年度工作簿：{out}", file=sys.stderr)
    return 0


def register(sub) -> None:
    p = sub.add_parser("derive", help="由绩效目标表生成绩效自评表（或运行监控表），加入同一工作簿")
    p.add_argument("file")
    p.add_argument("--self-eval", required=True, metavar="FORM_ID",
                   help="作为来源的表编号（绩效目标表，或生成自评表时的运行监控表）")
    p.add_argument("--to", choices=("self_eval", "monitoring"), default="self_eval",
                   help="生成什么表：self_eval 自评表（默认），monitoring 绩效运行监控表")
    p.set_defaults(func=cmd_derive)

    p = sub.add_parser("next-year", help="由本年度工作簿生成下一年度工作簿")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True, help="新工作簿文件")
    p.add_argument("--keep-figures", action="store_true", help="保留资金数字（默认清空）")
    p.add_argument("--keep-actuals", action="store_true", help="保留实际完成值、得分与说明（默认清空）")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(func=cmd_next_year)
