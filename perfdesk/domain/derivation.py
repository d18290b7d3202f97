"""What a derivation rule says (target form → self-evaluation), as plain data from forms/derivations."""
from __future__ import annotations

from decimal import Decimal

import msgspec


class FundsCopy(msgspec.Struct, frozen=True):
    target: str      # "table.row.column" in the new form
    source: str      # "table.row.column" in the source form


class DerivationRule(msgspec.Struct, frozen=True):
    id: str
    name: str
    source: str                          # source form definition id
    target: str                          # new form definition id
    money_factor: Decimal                # 万元 → 元 is 10000
    columns: tuple[tuple[str, str], ...]     # level-3 column: source → target
    fields: tuple[tuple[str, str], ...]      # target field ← "field:x" | "section:x" | "year" | "unit" | "unit_code"
    sections: tuple[tuple[str, str], ...]    # target section ← same sources
    funds: tuple[FundsCopy, ...]
    level1: tuple[tuple[str, str], ...]      # source level-1 name → target level-1 name
    level2: tuple[tuple[str, str], ...]      # source level-2 name (or "*<level-1>") → target level-2 name
    weights: tuple[tuple[str, Decimal], ...]  # target level-1 → its weight, spread over its rows
    source_file: str = ""
