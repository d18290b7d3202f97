"""Cell values as printed: indicator values exactly as typed, amounts with fixed decimals."""
from __future__ import annotations

from decimal import Decimal

from ..domain.definition import ColumnDef
from ..domain.entry import amount_places, cell_display
from ..domain.model import CellValue
from ..domain.printed import fill, form_title  # noqa: F401 - the printout's names for them
from ..domain.values import IndicatorValue, Notation, decimal_text, split_parts


def amount_text(value: Decimal | None, decimals: int = 2) -> str:
    """An amount as the forms print it: 6.80, 14268915.71, 0.00 (blank when not filled)."""
    if value is None:
        return ""
    places = amount_places(value, decimals)      # never rounded: 89.974 prints as 89.974
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


def number_text(value: Decimal | None) -> str:
    """Weights and scores print as written: 2, 1.5, 99.47."""
    return "" if value is None else decimal_text(value)


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else f"{decimal_text(value)}%"


def cell_text(value: CellValue, notation: Notation | None = None) -> str:
    """As the editor shows it (a value as typed, never rewritten into the form's notation), but a
    number as written (2, 1.5), without thousands separators. `notation` is ignored."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    return cell_display(value).strip()


SPLIT_SHARES = (1 / 3, 1 / 3, 1 / 3)   # a split column's width, when given as one entry, among its parts


def column_labels(column: ColumnDef) -> list[str]:
    return list(column.part_labels) if column.split else [column.label]


def value_texts(column: ColumnDef, value: CellValue) -> list[str]:
    """The printed text(s) of one cell: as typed; a split column's three parts."""
    if not column.split:
        return [cell_text(value)]
    if value is None or isinstance(value, IndicatorValue):
        return [t.strip() for t in split_parts(value)]
    return ["", cell_text(value), ""]
