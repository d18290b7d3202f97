"""Money units of a foreign sheet: where tables print them (`项目资金(万元)`, `单位：元`,
`金额单位：万元`, a column header `年初预算数(万元)`, an amount typed `150万`), and exact
conversion between 元 and 万元.

The choice (docs/import.md): amounts are converted exactly (Decimal, no rounding) into the unit of
the definition's funds table, and the import says so, with an example. An amount whose unit the
sheet never states is read as typed and flagged; it is never assumed silently.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

FACTORS = {"元": Decimal(1), "万元": Decimal(10000)}

# 单位：元 / 金额单位:万元 / 资金单位：万元 / 单位（万元）
_DECLARED = re.compile(r"(?:金额|资金|货币|计量)?单位\s*[:：]\s*(万元|元)(?![\u4e00-\u9fff/／])")
# 项目资金(万元), 年初预算数（万元）, 项目资金 (万元)
_BRACKETED = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
# 150万 / 150万元 / 72,900元 / 7.29 万元
_AMOUNT = re.compile(r"^([+-]?\d+(?:\.\d+)?)(万元|万|元)$")


def declared_unit(text: str) -> str | None:
    """The money unit a label or a unit line states, or None. A long sentence that happens to
    contain 万元 (本项目共申请预算资金90万元) states nothing."""
    s = unicodedata.normalize("NFKC", text or "")
    s = re.sub(r"\s+", "", s)
    if not s:
        return None
    m = _DECLARED.search(s)
    if m:
        return m.group(1)
    if len(s) <= 24:
        m = _BRACKETED.search(s)
        if m:
            return m.group(1)
    return None


def amount_with_unit(text: str) -> tuple[Decimal, str] | None:
    """`150万` → (150, 万元); `72900元` → (72900, 元); plain numbers → None."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).replace(",", "")
    m = _AMOUNT.match(s)
    if not m:
        return None
    unit = "万元" if m.group(2) in ("万", "万元") else "元"
    return Decimal(m.group(1)), unit


def convert(amount: Decimal, source: str, target: str) -> Decimal:
    """Exact: 7.29 万元 → 72900 元, 72900 元 → 7.29 万元; no digit is lost or invented."""
    if source == target or source not in FACTORS or target not in FACTORS:
        return amount
    value = amount * FACTORS[source] / FACTORS[target]
    return tidy(value)


def tidy(value: Decimal) -> Decimal:
    """No exponent and no trailing zeros the conversion added: 72900.00 → 72900, 7.2900 → 7.29."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def shown(amount: Decimal) -> str:
    """72 900 as the preview shows an amount: thin grouping, the digits as they are."""
    text = format(amount, "f")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + " ".join(groups) + ("." + frac if frac else "")
