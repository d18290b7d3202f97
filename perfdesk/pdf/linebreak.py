"""Chinese line breaking (禁则): where a line of mixed Chinese and Latin text may end.

Lines break between any two Chinese characters, but never so that closing punctuation (，。、
；：！？）》” …) starts a line or opening punctuation (（《“ …) ends one; a number or Latin word
(14268915.71, ≥90%, 2024年 → "2024") and a short bracketed label (（10分）, （万元）) are kept whole unless it alone is wider than the line.
Nothing hangs into the margin: the character before a forbidden break moves down instead.
"""
from __future__ import annotations

import re
from typing import Callable

import msgspec

# May not start a line.
NO_START = set(
    "，。、；：！？）》」』】〕〉］｝〗〙”’…‥·・ー～%％‰℃°′″,.;:!?)]}>"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻"
)
# May not end a line (an operator belongs to its number: ≥ | 90%).
NO_END = set("（《「『【〔〈［｛〖〘“‘([{<$￥¥＄#＃≥≤＞＜＝﹦=＋+±")
# Kept together as one unit: digits, Latin letters and what joins them inside a number or word.
_BRACKETED = re.compile(r"[（(][^（）()\s]{1,6}[）)]")   # a short label: （10分） never as "（10 / 分）"
_WORD = re.compile(
    r"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+(?:[.,:/\-_%'][0-9A-Za-z\uff10-\uff19]+)*%?"
    r"|—+|…+"  # a dash or an ellipsis is never cut in two
)
_MAX_BACKTRACK = 4


class Line(msgspec.Struct, frozen=True):
    text: str
    last: bool          # the last line of its paragraph (not justified)


def atoms(text: str, bracketed: bool = True) -> list[str]:
    """The unbreakable pieces of a paragraph: short bracketed labels, words/numbers, single
    characters, single spaces."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        m = (bracketed and _BRACKETED.match(text, i)) or _WORD.match(text, i)
        if m:
            out.append(m.group())
            i = m.end()
        else:
            out.append(text[i])
            i += 1
    return out


def _split_long(atom: str, width: Callable[[str], float], max_width: float) -> list[str]:
    """A word wider than the line: cut it by characters."""
    pieces, cur, w = [], "", 0.0
    for ch in atom:
        cw = width(ch)
        if cur and w + cw > max_width:
            pieces.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    if cur:
        pieces.append(cur)
    return pieces


def _can_break(before: str, after: str) -> bool:
    return not (after[0] in NO_START or before[-1] in NO_END)


def break_paragraph(text: str, width: Callable[[str], float], max_width: float) -> list[str]:
    """Greedy breaking of one paragraph (no newlines) into lines no wider than max_width."""
    if max_width <= 0:
        return [text]
    items: list[tuple[str, float]] = []
    for atom in atoms(text):
        w = sum(width(ch) for ch in atom)
        if w > max_width and len(atom) > 1 and _BRACKETED.fullmatch(atom):
            # a label wider than the line: broken as ordinary text (the 禁则 still hold)
            items.extend((a, sum(width(ch) for ch in a)) for a in atoms(atom, bracketed=False))
        elif w > max_width and len(atom) > 1:
            items.extend((p, sum(width(ch) for ch in p)) for p in _split_long(atom, width, max_width))
        else:
            items.append((atom, w))
    lines: list[str] = []
    start, n = 0, len(items)
    while start < n:
        # a line never starts with a space
        while start < n and items[start][0] == " " and lines:
            start += 1
        if start >= n:
            break
        end, used = start, 0.0
        while end < n and (used + items[end][1] <= max_width + 1e-6 or end == start):
            used += items[end][1]
            end += 1
        if end < n:
            # move the break back until it is allowed (never past the line's first item)
            cut = end
            for _ in range(_MAX_BACKTRACK + 1):
                if cut > start + 1 and not _can_break(items[cut - 1][0], items[cut][0]):
                    cut -= 1
                else:
                    break
            if cut > start and _can_break(items[cut - 1][0], items[cut][0]):
                end = cut
        lines.append("".join(t for t, _ in items[start:end]).rstrip(" "))
        start = end
    return lines or [""]


def break_text(text: str, width: Callable[[str], float], max_width: float) -> list[Line]:
    """Lines of a text whose paragraphs are separated by "\\n"; empty paragraphs stay empty lines."""
    out: list[Line] = []
    for paragraph in text.split("\n"):
        lines = break_paragraph(paragraph.strip(" \t\r"), width, max_width)
        out.extend(Line(t, i == len(lines) - 1) for i, t in enumerate(lines))
    return out
