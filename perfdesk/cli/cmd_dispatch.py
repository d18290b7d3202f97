"""`perfdesk dispatch --units UNITS.xlsx|csv --year Y --form DEF_ID … -o DIR`: 下发任务, one blank
workbook per unit with the deadline and instructions in it, and 任务清单.json for collect."""
from __future__ import annotations

import sys
from pathlib import Path

from .main import CliError


def register(subparsers) -> None:
    p = subparsers.add_parser("dispatch", help="下发任务：按单位名单为每个单位生成空白工作簿和任务清单")
    p.add_argument("--units", required=True, help="单位名单（.csv UTF-8 或 .xlsx，列：单位名称、单位代码）")
    p.add_argument("--year", required=True, type=int, help="年度")
    p.add_argument("--form", action="append", required=True, metavar="DEF_ID", dest="forms",
                   help="要求填报的表样（可重复；见 perfdesk forms list）")
    p.add_argument("--deadline", default="", help="报送截止日期，如 2025-03-31")
    p.add_argument("--note", default="", help="填报说明（单位打开工作簿时显示）")
    p.add_argument("--issuer", default="", help="下发单位（主管部门）名称")
    p.add_argument("-o", "--output", required=True, help="写入的文件夹")
    p.add_argument("--force", action="store_true", help="覆盖文件夹中已有的同名文件")
    p.set_defaults(func=cmd_dispatch)


def cmd_dispatch(args) -> int:
    from ..collect.dispatch import MANIFEST_NAME, DispatchError, dispatch
    from ..collect.units import UnitsError, read_units
    from ..definitions.loader import default_registry

    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise CliError(f"输出路径不是文件夹：{out}")
    try:
        units = read_units(args.units)
        manifest = dispatch(units, args.year, args.forms, out, default_registry(), deadline=args.deadline,
                            note=args.note, issuer=args.issuer, force=args.force)
    except (UnitsError, DispatchError) as exc:
        raise CliError(str(exc)) from None
    print(f"已为 {len(manifest['units'])} 个单位写入 {args.year} 年度空白工作簿到 {out}"
          f"（表样：{'、'.join(args.forms)}），任务清单：{out / MANIFEST_NAME}", file=sys.stderr)
    return 0
