"""The indicator library (指标库): ready-made indicators an officer picks instead of typing.

Plain types and rules only: what an entry is, how the library is searched (any text, pinyin
initials of the name, category, the form definition in use), and where an entry lands in a form's
indicator tree. The shipped entries come from forms/library/*.toml (perfdesk.definitions.library),
the user's own from a JSON file in the profile (perfdesk.store.user_library).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterable

import msgspec

from .definition import FormDefinition
from .model import Form, IndicatorNode
from .values import IndicatorValue, Kind, Notation, parse_value

SOURCES = ("shipped", "user")

ACTUAL_COLUMN = "actual_value"       # the convention of every definition in forms/
ANNUAL_COLUMN = "annual_value"       # 全年指标值 where a form has 半年 and 全年
DESCRIPTION_COLUMN = "description"   # 绩效指标描述 (Hebei project target form)
WEIGHT_COLUMN = "weight"             # 权重 (self-evaluation forms)
YEAR_FIELD = "{year}"                # a deadline in an entry's value: "{year}年12月前"


class LibraryError(ValueError):
    """An entry that cannot go where it was asked to; the message is for the user."""


class LibraryEntry(msgspec.Struct, frozen=True):
    """One indicator of the library: a level-3 row with its level-1/level-2 category."""

    level1: str
    level2: str
    name: str
    description: str = ""
    value: str = ""                       # typical target as printed: "≥90%", "健全", "{year}年12月前"
    definitions: tuple[str, ...] = ()     # ids of the form definitions it applies to
    source: str = "shipped"               # "shipped" | "user"
    # Another value for a particular target column: ("half_value", "=40%") for 半年指标值.
    column_values: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes an entry the same entry: its category and name."""
        return (self.level1, self.level2, self.name)

    @property
    def category(self) -> str:
        return f"{self.level1} › {self.level2}"

    def applies_to(self, definition: FormDefinition | str) -> bool:
        definition_id = definition if isinstance(definition, str) else definition.id
        return definition_id in self.definitions

    def value_for(self, column_id: str | None = None, year: int | None = None) -> str:
        """The value text for a target column; "{year}" becomes the year (or "" without one)."""
        text = dict(self.column_values).get(column_id, self.value) if column_id else self.value
        if YEAR_FIELD in text:
            return text.replace(YEAR_FIELD, str(year)) if year is not None else ""
        return text

    def display_value(self) -> str:
        """The value as the library panel shows it: a deadline's year reads 当年."""
        return self.value.replace(YEAR_FIELD + "年", "当年").replace(YEAR_FIELD, "当年")


# ------------------------------------------------------------------------------ the library

class Library:
    """Entries in a fixed order, with their search keys computed once."""

    def __init__(self, entries: Iterable[LibraryEntry] = ()):
        self.entries: tuple[LibraryEntry, ...] = tuple(entries)
        self._keys = [_SearchKeys.of(e) for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def __add__(self, other: Library | Iterable[LibraryEntry]) -> Library:
        """Another library with these entries first (the shipped ones, then the user's)."""
        return Library(self.entries + tuple(other))

    def search(self, query: str = "", *, level1: str | None = None, level2: str | None = None,
               definition: FormDefinition | str | None = None, source: str | None = None,
               ) -> list[LibraryEntry]:
        """Entries matching every word of the query, best first.

        A word matches the name, the description, the category, or the pinyin of the name:
        its initials ("yszxl" for 预算执行率, zh/ch/sh may be typed in full) or the full syllables.
        An empty query lists every entry that passes the filters, in library order.
        """
        terms = [t for t in (_fold(w) for w in query.split()) if t]
        found = []
        for index, (entry, keys) in enumerate(zip(self.entries, self._keys)):
            if level1 is not None and entry.level1 != level1:
                continue
            if level2 is not None and entry.level2 != level2:
                continue
            if definition is not None and not entry.applies_to(definition):
                continue
            if source is not None and entry.source != source:
                continue
            rank = 0
            for term in terms:
                r = keys.rank(term)
                if r is None:
                    break
                rank += r
            else:
                found.append((rank, index, entry))
        found.sort(key=lambda x: (x[0], x[1]))
        return [entry for _, _, entry in found]

    def categories(self, definition: FormDefinition | None = None) -> list[tuple[str, str]]:
        """The (level-1, level-2) pairs that have entries, for a category filter.

        With a definition: only its entries, in the order of its indicator tree."""
        pairs = []
        for e in self.entries:
            if definition is not None and not e.applies_to(definition):
                continue
            if (e.level1, e.level2) not in pairs:
                pairs.append((e.level1, e.level2))
        if definition is not None and definition.indicators is not None:
            order = {}
            for i, branch in enumerate(definition.indicators.level1):
                for j, name in enumerate(branch.level2):
                    order[(branch.name, name)] = (i, j)
                order.setdefault((branch.name, None), (i, len(branch.level2)))
            last = (len(definition.indicators.level1), 0)
            pairs.sort(key=lambda p: order.get(p, order.get((p[0], None), last)))
        return pairs

    def find(self, key: tuple[str, str, str], source: str | None = None) -> LibraryEntry | None:
        for e in self.entries:
            if e.key == key and (source is None or e.source == source):
                return e
        return None


# --------------------------------------------------------------------------------- search

_DROP = re.compile(r"[\s\u201c\u201d\u2018\u2019\"'()（）、，,。.·:：;；/\\\[\]【】《》<>]")


def _fold(text: str) -> str:
    """Case, width and punctuation folded: “三公经费”变动率 ≈ 三公经费变动率."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower())


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _initials(syllable: str) -> set[str]:
    """What a typist may type for a syllable's initial: "z" or "zh" for zhi."""
    out = {syllable[:1]} if syllable else set()
    if syllable[:2] in ("zh", "ch", "sh"):
        out.add(syllable[:2])
    return out


class PinyinKeys(msgspec.Struct, frozen=True):
    """The pinyin of a name, per character: what may be typed for it (an initial or the whole
    syllable, for every reading of a polyphone), and the usual initials run together."""

    typed: tuple[frozenset[str], ...]      # per character: {"z", "zh", "zhi"}; a letter: {"o"}
    syllables: tuple[frozenset[str], ...]  # per character: its full syllables, for a partial last one
    initials: str                          # 预算执行率 → "yszxl"
    letters: frozenset[str]                # every letter any typed form starts with
    heads: tuple[str, ...]                 # per character, the letters its typed forms start with

    def match(self, term: str) -> int | None:
        """Where the term spells consecutive characters (initials, syllables or both mixed, the last
        syllable possibly unfinished): the first character's index, or None."""
        if term[0] not in self.letters:
            return None
        found = self.initials.find(term)
        if found >= 0:
            return found
        first = term[0]
        for start, head in enumerate(self.heads):
            if first in head and self._spell(start, term):
                return start
        return None

    def _spell(self, i: int, rest: str) -> bool:
        if not rest:
            return True
        if i >= len(self.typed):
            return False
        if any(s.startswith(rest) for s in self.syllables[i]):
            return True
        return any(rest.startswith(o) and self._spell(i + 1, rest[len(o):]) for o in self.typed[i])


@functools.lru_cache(maxsize=None)
def pinyin_keys(name: str) -> PinyinKeys:
    """The pinyin keys of a name, computed once per name (the search cache).

    Letters and digits in the name stand for themselves; punctuation is skipped.
    """
    from pypinyin import Style, pinyin   # imported on first use: loading it takes ~0.3 s

    typed: list[frozenset[str]] = []
    syllables: list[frozenset[str]] = []
    initials: list[str] = []
    text = unicodedata.normalize("NFKC", name).lower()
    for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[^\u3400-\u4dbf\u4e00-\u9fff]+", text):
        if _is_han(run[0]):
            usual = [r[0] for r in pinyin(run, style=Style.NORMAL, errors="ignore")]
            for ch, reading in zip(run, usual):
                readings = {reading} | set(pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")[0])
                readings = {r.lower() for r in readings if r}
                options = set(readings)
                for r in readings:
                    options |= _initials(r)
                typed.append(frozenset(options))
                syllables.append(frozenset(readings))
                initials.append(reading[:1].lower())
        else:
            for ch in run:
                if ch.isalnum():
                    typed.append(frozenset({ch}))
                    syllables.append(frozenset({ch}))
                    initials.append(ch)
    letters = frozenset(o[0] for options in typed for o in options)
    heads = tuple("".join(sorted({o[0] for o in options})) for options in typed)
    return PinyinKeys(tuple(typed), tuple(syllables), "".join(initials), letters, heads)


def initials_of(name: str) -> str:
    """The usual pinyin initials of a name, one letter a character: 预算执行率 → "yszxl"."""
    return pinyin_keys(name).initials


_ASCII_TERM = re.compile(r"^[a-z0-9]+$")


class _SearchKeys(msgspec.Struct, frozen=True):
    name: str
    category: str
    description: str
    pinyin: PinyinKeys

    @classmethod
    def of(cls, entry: LibraryEntry) -> _SearchKeys:
        return cls(_fold(entry.name), _fold(entry.level1 + "\n" + entry.level2), _fold(entry.description),
                   pinyin_keys(entry.name))

    def rank(self, term: str) -> int | None:
        """How well a folded term matches: 0 best; None when it does not."""
        if term == self.name:
            return 0
        if self.name.startswith(term):
            return 1
        if term in self.name:
            return 2
        if _ASCII_TERM.match(term):
            start = self.pinyin.match(term)
            if start is not None:
                return 3 if start == 0 else 4
        if term in self.category:
            return 5
        if term in self.description:
            return 6
        return None


# -------------------------------------------------------------------------- where it lands

def target_columns(definition: FormDefinition) -> tuple[str, ...]:
    """The value columns that state a target (指标值; 半年/全年指标值; 年初指标值)."""
    ind = definition.indicators
    if ind is None:
        return ()
    return tuple(c.id for c in ind.columns if c.type == "value" and c.id != ACTUAL_COLUMN)


def main_target_column(definition: FormDefinition) -> str | None:
    """The one target an entry's value stands for: 全年 where a form has 半年 and 全年."""
    targets = target_columns(definition)
    if ANNUAL_COLUMN in targets:
        return ANNUAL_COLUMN
    return targets[0] if targets else None


def accepts(definition: FormDefinition, level1: str, level2: str) -> bool:
    """Whether a form's indicator tree has room for this category."""
    ind = definition.indicators
    if ind is None:
        return False
    branch = ind.branch(level1)
    return branch is not None and (level2 in branch.level2 or branch.level2_free)


def indicator_node(entry: LibraryEntry, definition: FormDefinition, year: int | None = None) -> IndicatorNode:
    """The level-3 row an entry becomes in a form: its name, its value parsed into every target
    column (半年 and 全年 alike, unless the entry gives one its own value), and its description
    where the form has a 绩效指标描述 column."""
    ind = definition.indicators
    if ind is None:
        raise LibraryError(f"“{definition.name}” 没有绩效指标表")
    cells = {}
    for column_id in target_columns(definition):
        value = parse_value(entry.value_for(column_id, year))
        if not value.is_empty:
            cells[column_id] = value
    if entry.description and any(c.id == DESCRIPTION_COLUMN and c.type == "text" for c in ind.columns):
        cells[DESCRIPTION_COLUMN] = entry.description
    return IndicatorNode(entry.name, cells)


class Landing(msgspec.Struct, frozen=True):
    """Where an entry goes in a form's tree, as one insertion: `node` (a level-3 row, or a new
    level-2 or level-1 row holding it) goes under `parent` at child index `row`, exactly the
    arguments of edits.InsertNodes. `path` is the new level-3 row's path once inserted."""

    parent: tuple[int, ...]
    row: int
    node: IndicatorNode
    path: tuple[int, ...]
    level1: str
    level2: str
    creates: str = ""                     # "" | "level2" | "level1": what the insertion adds
    clear_cells: tuple[str, ...] = ()     # cells of a level-2 that had no rows (无, 权重, 得分)

    def edit(self, form_id: str):
        """The edit that makes the insertion (and clears a stale 无 row), for undo stacks."""
        from .edits import InsertNodes, SetValue, batch
        from .places import IndicatorPlace

        clears = [SetValue(form_id, IndicatorPlace(self.parent, c), None) for c in self.clear_cells]
        return batch([InsertNodes(form_id, self.parent, self.row, (self.node,))] + clears)


def landing(form: Form, entry: LibraryEntry, year: int | None = None) -> Landing:
    """Where an entry lands in a form: at the end of its level-2 under its level-1, creating the
    level-2 (in the definition's order) or the level-1 when the form allows the category.
    Raises LibraryError, with a message for the user, when the form has no room for it."""
    definition = form.definition
    ind = definition.indicators
    if ind is None:
        raise LibraryError(f"“{form.title or definition.name}” 没有绩效指标表，不能插入指标")
    branch = ind.branch(entry.level1)
    if branch is None:
        raise LibraryError(
            f"指标 “{entry.name}” 属于一级指标 “{entry.level1}”，本表（{definition.name}）没有这一类")
    if entry.level2 not in branch.level2 and not branch.level2_free:
        raise LibraryError(
            f"指标 “{entry.name}” 属于 “{entry.level1} › {entry.level2}”，本表的 “{entry.level1}” 下"
            f"只有：{'、'.join(branch.level2)}")
    leaf = indicator_node(entry, definition, year)

    i1 = _find(form.indicators, entry.level1)
    if i1 is None:
        row = _position(form.indicators, [b.name for b in ind.level1], entry.level1)
        node = IndicatorNode(entry.level1, {}, [IndicatorNode(entry.level2, {}, [leaf])])
        return Landing((), row, node, (row, 0, 0), entry.level1, entry.level2, creates="level1")
    level1_node = form.indicators[i1]
    i2 = _find(level1_node.children, entry.level2)
    if i2 is None:
        row = _position(level1_node.children, list(branch.level2), entry.level2)
        node = IndicatorNode(entry.level2, {}, [leaf])
        return Landing((i1,), row, node, (i1, row, 0), entry.level1, entry.level2, creates="level2")
    level2_node = level1_node.children[i2]
    row = len(level2_node.children)
    stale = ()
    if not level2_node.children:
        # Seed 004 prints a level-2 without indicators with its own cells (无, 权重 10, 得分 10).
        # Once it has a level-3 row those cells count for nothing: they are cleared, and the
        # weight moves to the new row so that the weights still add up to the same total.
        own = {c.id for c in branch.level2_columns}
        stale = tuple(sorted(c for c in level2_node.cells if c not in own))
        weight = level2_node.cells.get(WEIGHT_COLUMN)
        if weight is not None and any(c.id == WEIGHT_COLUMN for c in ind.columns):
            leaf.cells[WEIGHT_COLUMN] = weight
    return Landing((i1, i2), row, leaf, (i1, i2, row), entry.level1, entry.level2, clear_cells=stale)


def _find(nodes: list[IndicatorNode], name: str) -> int | None:
    for i, node in enumerate(nodes):
        if node.name.strip() == name:
            return i
    return None


def _position(siblings: list[IndicatorNode], order: list[str], name: str) -> int:
    """Insertion index keeping the definition's order: after the last sibling that comes before."""
    if name not in order:
        return len(siblings)
    rank = order.index(name)
    known = [(i, order.index(n.name.strip())) for i, n in enumerate(siblings) if n.name.strip() in order]
    if not known:
        return len(siblings)
    before = [i for i, r in known if r < rank]
    return before[-1] + 1 if before else known[0][0]


# ------------------------------------------------------------------ from a workbook's row

def entry_from_node(node: IndicatorNode, level1: str, level2: str, definition: FormDefinition,
                    also: Iterable[FormDefinition] = (), year: int | None = None) -> LibraryEntry:
    """A user entry from a level-3 row of a form: its name, its target (in the plain ≥ … %
    notation), its description where the form has one. It applies to the form's definition and
    to those of `also` whose tree has room for the category. Placeholders (是/否) are not kept.
    With the workbook's year, a deadline in that year is kept as "{year}年12月前", so that it
    moves on with the workbook it is inserted into."""
    name = " ".join(node.name.split())
    if not name:
        raise LibraryError("指标没有名称，不能加入指标库")
    if not level1.strip() or not level2.strip():
        raise LibraryError(f"指标 “{name}” 不在一级、二级指标之下，不能加入指标库")
    main = main_target_column(definition)
    value = _value_text(node.cell(main), year) if main else ""
    column_values = []
    for column_id in target_columns(definition):
        if column_id != main:
            other = _value_text(node.cell(column_id), year)
            if other and other != value:
                column_values.append((column_id, other))
    description = node.cell(DESCRIPTION_COLUMN)
    description = " ".join(description.split()) if isinstance(description, str) else ""
    definitions = [definition.id] + [d.id for d in also
                                     if d.id != definition.id and accepts(d, level1.strip(), level2.strip())]
    return LibraryEntry(level1.strip(), level2.strip(), name, description, value, tuple(definitions), "user",
                        tuple(column_values))


def _value_text(cell, year: int | None = None) -> str:
    if isinstance(cell, str):
        cell = parse_value(cell)
    if not isinstance(cell, IndicatorValue):
        return ""
    if cell.kind in (Kind.EMPTY, Kind.PLACEHOLDER):
        return ""
    if cell.kind is Kind.UNPARSED:
        return " ".join(cell.text.split())
    text = cell.format(_PLAIN)
    if cell.kind in (Kind.DEADLINE, Kind.DATE) and year is not None and cell.date.year == year:
        text = YEAR_FIELD + text[len(str(year)):]
    return text


_PLAIN = Notation(operator="symbol", percent="%", exact_sign=False)


def check_value(text: str, sample_year: int = 2024) -> str | None:
    """Why a library value is not a usable target, or None: the rules the provincial systems
    enforce on entry (a number with a unit; words without special characters; no 是/否)."""
    if text != text.strip() or "\n" in text:
        return "前后不能有空格，也不能换行"
    if "{" in text.replace(YEAR_FIELD, "") or "}" in text.replace(YEAR_FIELD, ""):
        return "只能用 {year} 代表年度"
    value = parse_value(text.replace(YEAR_FIELD, str(sample_year)))
    if YEAR_FIELD in text and value.kind not in (Kind.DEADLINE, Kind.DATE, Kind.PERIOD):
        return "含 {year} 的值应为日期或期限，如 {year}年12月前"
    if value.kind is Kind.PLACEHOLDER:
        return f"“{text}” 是占位符，不是指标值：写出目标值（如 ≥90%、≤100%、健全）或留空"
    if value.kind is Kind.NONE:
        return "“无” 不是指标值"
    if value.kind is Kind.UNPARSED:
        return f"“{text}” 不是可识别的指标值（应为如 ≥90%、≥20次、2024年12月前 或 健全）"
    if value.kind is Kind.QUANTITATIVE and not value.unit:
        return f"“{text}” 缺少度量单位"
    if value.kind is Kind.QUALITATIVE and re.search(r"[^\u3400-\u9fffA-Za-z]", value.text):
        return f"定性指标值 “{text}” 只能是文字"
    return None


__all__ = [
    "SOURCES", "LibraryError", "LibraryEntry", "Library", "Landing", "landing", "indicator_node",
    "entry_from_node", "accepts", "target_columns", "main_target_column", "pinyin_keys", "initials_of",
    "check_value",
]
