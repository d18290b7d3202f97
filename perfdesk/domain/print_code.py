"""The 校验码 of a form: a short code computed from what its printout says, so that whoever holds
the stamped paper and the file can see they are the same version (docs/print-code.md).

The code hashes a canonical list of the printed texts, in print order: the title and head lines,
fields, sections, funds tables (typed and computed figures with their row and column labels),
lists, the indicator tree (cells as displayed) and the signature block. Nothing else enters it:
not the stated (原表填报) figures, which the paper does not show, the form's id, the file's dates,
the user's settings, nor the order in which a dict happens to hold its keys.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from decimal import Decimal

from . import figures
from .column_labels import labelled
from .entry import cell_display
from .model import CellValue, Form, FundsTable, Workbook
from .printed import fill, form_title
from .signature import signature_lines
from .values import decimal_text

RULE = "perfdesk-print-code-1"     # bump when what counts changes: old codes then no longer match
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"   # no 0/O, 1/I/L: nothing to misread on paper
LENGTH = 8
PREFIX = "校验码"


def _amount(value: Decimal | None) -> str:
    # amounts are printed unrounded with the form's decimals: equal Decimals print alike
    return "" if value is None else decimal_text(value)


def _cell(value: CellValue) -> str:
    return cell_display(value).strip()


def _funds(form: Form) -> list:
    out = []
    for t in form.definition.funds:
        data = form.funds.get(t.id) or FundsTable(t)    # never add a table to the form
        columns = [c.label for c in t.columns]
        rows = [[row.label] + [_amount(data.value(row.id, c.id)) for c in t.columns] for row in t.rows]
        lines = [[line.name] + [_amount(line.values.get(c.id)) for c in t.columns] for line in data.lines]
        # the stated (原表填报) figures are not printed — the paper shows the computed sums — so
        # they do not count: the code follows the paper alone
        out.append([t.label, t.unit, columns, rows, lines])
    return out


def _indicators(form: Form) -> list:
    ind = form.definition.indicators
    if ind is None:
        return []
    out = []
    branch_name = ""
    for level, node, parents in form.walk():
        branch_name = parents[0].name if parents else node.name
        columns = form.columns_for(level, branch_name)
        cells = [[c.label, _cell(node.cell(c.id))] for c in columns]
        extra = []
        if level == 1:
            branch = ind.branch(node.name)
            extra = [branch.points] if branch is not None and branch.points is not None else []
        out.append([level, node.name.strip(), extra, cells])
    return [ind.label, list(ind.level_labels), out]


def printed_content(workbook: Workbook, form: Form) -> list:
    """The form's printed texts as plain lists and strings, in print order (what the code hashes)."""
    form = labelled(form)
    d = form.definition
    hints = d.print
    ex = figures.execution(form)
    return [
        RULE,
        form_title(workbook, form).strip(),
        fill(hints.subtitle, workbook, form).strip(),
        fill(hints.unit_line, workbook, form).strip(),
        hints.money_unit,
        [[f.label, (form.fields.get(f.id) or "").strip()] for f in d.fields],
        [[s.group, s.label, (form.sections.get(s.id) or "").strip()] for s in d.sections],
        _funds(form),
        [[x.label, [[_cell(item.get(c.id)) for c in x.columns] for item in form.lists.get(x.id, [])]]
         for x in d.lists],
        _indicators(form),
        [] if ex is None else [_amount(ex.points), _amount(ex.rate), _amount(ex.score)],
        [workbook.unit.strip()] + [[label, text] for label, text in signature_lines(workbook, form)],
    ]


def content_code(workbook: Workbook, form: Form) -> str:
    """The form's 校验码, e.g. "3F7K-9QX2"."""
    text = json.dumps(printed_content(workbook, form), ensure_ascii=False, separators=(",", ":"))
    number = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")
    chars = []
    for _ in range(LENGTH):
        number, i = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[i])
    code = "".join(chars)
    return f"{code[:4]}-{code[4:]}"


def code_label(code: str) -> str:
    return f"{PREFIX} {code}"


def normalise_code(text: str) -> str:
    """What a reader typed ("校验码 3f7k 9qx2", full-width, with or without the dash) → "3F7K-9QX2";
    "" when it cannot be a code."""
    s = unicodedata.normalize("NFKC", text or "").upper().replace(PREFIX, "")
    s = re.sub(r"[\s\-–—_:：]", "", s)
    if len(s) != LENGTH or any(ch not in ALPHABET for ch in s):
        return ""
    return f"{s[:4]}-{s[4:]}"


def form_codes(workbook: Workbook) -> dict[str, str]:
    """Each form's id → its 校验码."""
    return {form.id: content_code(workbook, form) for form in workbook.forms}


def forms_with_code(workbook: Workbook, code: str) -> list[Form]:
    """The workbook's forms whose current content has this code (normally none or one)."""
    wanted = normalise_code(code)
    if not wanted:
        return []
    return [form for form in workbook.forms if content_code(workbook, form) == wanted]
