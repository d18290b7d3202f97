"""`perfdesk verify FILE CODE`: does a 校验码 (from a printed form's footer) belong to one of the
workbook's forms as it is now? Exit 0: yes, naming the form; 1: no (or not a code), listing each
form's current code; also 1 (the reason on stderr) when the file cannot be read. docs/print-code.md."""
from __future__ import annotations

import json
import sys

from . import cmd_check
from .main import CliError


def register(subparsers) -> None:
    p = subparsers.add_parser("verify", help="核对纸质表页脚的校验码是否与工作簿中某张表的当前内容一致")
    p.add_argument("file", help="工作簿文件（.perfdesk），或 perfdesk dump 输出的 JSON")
    p.add_argument("code", help="纸质表页脚的校验码，如 3F7K-9QX2（大小写、空格、连字符均可）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（match、code、forms）")
    p.set_defaults(func=cmd_verify)


def cmd_verify(args) -> int:
    from ..domain.print_code import form_codes, normalise_code
    from ..domain.printed import form_title

    try:
        wb = cmd_check.load(args.file)
    except CliError as exc:       # check's own exit code 3 is check's alone
        raise CliError(str(exc)) from None
    code = normalise_code(args.code)
    codes = form_codes(wb)
    titles = {f.id: form_title(wb, f) for f in wb.forms}
    matches = [form_id for form_id, c in codes.items() if code and c == code]
    if args.json:
        data = {"match": bool(matches), "code": code or args.code.strip(),
                "forms": [{"id": i, "title": titles[i], "code": c, "match": i in matches} for i, c in codes.items()]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return 0 if matches else 1
    if matches:
        for form_id in matches:
            print(f"一致：校验码 {code} 是表【{titles[form_id]}】（{form_id}）当前内容的校验码，纸质表与文件是同一版本")
        return 0
    if not code:
        print(f"不一致：“{args.code.strip()}” 不是校验码的写法（8 位字母数字，如 3F7K-9QX2，不含 0、1、I、L、O）")
    else:
        print(f"不一致：校验码 {code} 不属于本工作簿中任何一张表的当前内容（纸质表与文件不是同一版本，"
              f"或表已在打印后修改）")
    if codes:
        print("各表当前的校验码：")
        for form_id, c in codes.items():
            print(f"  {c}\t【{titles[form_id]}】（{form_id}）")
    else:
        print("工作簿中没有表单")
    return 1
