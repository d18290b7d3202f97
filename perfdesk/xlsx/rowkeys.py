"""The keys our exports write in a hidden column, one per row, saying what the row holds
(layout.py documents each); the blocks_*.py modules write them and own.py reads them back, and
paginate.py and writer.py look at them. One enum, so that writer and reader cannot drift apart.

A key is the kind, then its parts after colons: `fr:funds:total` (a funds table's row),
`i:123/3` (an indicator row). Keys of files written by older versions are the same strings.
"""
from __future__ import annotations

from enum import StrEnum


class Row(StrEnum):
    TITLE = "title"
    SUBTITLE = "sub"
    UNIT_LINE = "unitline"
    FIELDS = "f"                    # f:<field>[,<field>…]
    GROUP = "g"                     # a group heading of sections
    SECTION = "s"                   # s:<section>[:n|:c]
    SECTION_HEAD = "sh"             # sh:<section>
    SECTION_TEXT = "sn"             # sn:<section>[:n|:c]
    SIDE_HEADER = "sg"              # sections side by side: their header
    SIDE_ROW = "ss"                 # ss:<id>=<joiner>;<id>=<joiner>
    FUNDS_HEADER = "fh"             # fh:<table>
    FUNDS_ROW = "fr"                # fr:<table>:<row>
    FUNDS_LINE = "fl"               # fl:<table>
    FUNDS_EXECUTION = "fe"          # fe:<table>
    FUNDS_ONE_ROW = "fz"            # fz:<table>
    LIST_CAPTION = "lt"             # lt:<list>
    LIST_HEADER = "lh"              # lh:<list>
    LIST_ITEM = "li"                # li:<list>
    LIST_TOTAL = "lz"               # lz:<list>: a list's 合计 row (汇总表), computed
    INDICATOR_CAPTION = "ic"
    INDICATOR_HEADER = "ih"
    INDICATOR_TOTAL = "it"
    INDICATOR = "i"                 # i:<opens>/<owner>
    SIGNATURE = "sig"


def row_key(kind: Row, *parts: str) -> str:
    """The key of a row: its kind, then its parts after colons."""
    return ":".join((kind.value, *parts))


def kind_of(key: str) -> Row | None:
    """The kind of a key (None for an empty or unknown one)."""
    try:
        return Row(key.partition(":")[0])
    except ValueError:
        return None
