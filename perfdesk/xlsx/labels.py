"""Header labels of foreign sheets: normalising them and knowing the names different provinces
use for the same column (指标值 / 年度指标值 / 全年指标值, 权重 / 分值, 偏差原因 …)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..domain.definition import FormDefinition
from ..domain.kinds import LEVEL_ROLES, MEASURE_ROLE, OPERATOR_ROLE, kind_of

# The other names provinces give a header (指标值 / 年度指标值 / 全年指标值 …) are the form kind's
# `aliases` (forms/kinds/): by column id, l1/l2/l3 for the levels, op for 指标性质, measure for 度量单位.

TOTAL_WORDS = ("合计", "总计", "总分", "合 计", "总 分")
FOOTER_PREFIXES = ("备注", "注：", "注:", "说明：", "说明:", "填表说明", "填报说明", "填报单位", "单位负责人", "填报人",
                   "联系电话", "审核人", "填报日期", "自评价单位")

_OPERATORS = {
    "≥": "≥", "≧": "≥", ">=": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥", "正向": "≥",
    "≤": "≤", "≦": "≤", "<=": "≤", "小于等于": "≤", "不高于": "≤", "不超过": "≤", "反向": "≤",
    ">": ">", "大于": ">", "<": "<", "小于": "<",
    "=": "=", "==": "=", "等于": "=", "﹦": "=",
    "定性": "", "定量": "", "": "",
}


# A foreign sheet's cells are compared with every definition's labels, so the same texts are
# normalised many times over in one import: the three below remember their recent answers.
_CACHE = 16384
_BRACKET_TAIL = re.compile(r"\([^()]*\)$")
_NUMBERING = re.compile(r"^(\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、])")


def norm(text: str) -> str:
    """Comparable form of a label: half-width, no spaces, no * marks, no trailing colon."""
    return _norm(text if type(text) is str else str(text))   # 1, 1.0 and True are equal keys


@lru_cache(maxsize=_CACHE)
def _norm(text: str) -> str:
    s = text if text.isascii() else unicodedata.normalize("NFKC", text)   # ASCII is its own NFKC
    s = "".join(s.split())     # str.split's whitespace is re's \s for str: str.isspace()
    s = s.strip("*★☆")
    s = s.rstrip(":")
    return s


def forget() -> None:
    """Drop the remembered normalisations (the benchmark times each import as a first one)."""
    for cached in (_norm, _base, _strip_numbering):
        cached.cache_clear()


def clean_name(text: str) -> str:
    """An indicator or line name as typed in a cell: no line breaks inside, no spaces around."""
    return re.sub(r"\s*\n\s*", "", text).strip()


def base(text: str) -> str:
    """norm without a bracketed tail: 权重（分） → 权重, 偏差原因（必填） → 偏差原因."""
    return _base(norm(text))


@lru_cache(maxsize=_CACHE)
def _base(normed: str) -> str:
    if not normed.endswith(")"):      # normed has no newline for the pattern's $ to stop before
        return normed
    return _BRACKET_TAIL.sub("", normed) or normed


def label_keys(text: str) -> tuple[str, str]:
    """The keys LabelMap.role looks a header text up by: norm(text) and base(text)."""
    n = norm(text)
    return n, _base(n)


def strip_numbering(text: str) -> str:
    """（一）部门基本情况 → 部门基本情况; 一、总体绩效目标 → 总体绩效目标."""
    return _strip_numbering(norm(text))


@lru_cache(maxsize=_CACHE)
def _strip_numbering(normed: str) -> str:
    return _NUMBERING.sub("", normed)


def operator(text: str) -> str | None:
    """The operator of a 指标性质 cell ('' for 定性), None when not understood."""
    s = norm(text)
    return _OPERATORS.get(s)


class LabelMap:
    """Header text → role for one definition's indicator table (or one list)."""

    def __init__(self, exact: dict[str, str], aliases: dict[str, str]):
        self.exact, self.aliases = exact, aliases
        self.keys = frozenset(exact).union(aliases)   # a row none of whose label_keys is here names nothing

    def role(self, text: str) -> tuple[str, int] | None:
        """(role, strength): 3 for the definition's own label, 1 for another province's name."""
        if not text:
            return None
        keys = label_keys(text)
        for key in keys:
            if key in self.exact:
                return self.exact[key], 3
        for key in keys:
            if key in self.aliases:
                return self.aliases[key], 1
        return None


def indicator_labels(definition: FormDefinition) -> LabelMap:
    ind = definition.indicators
    exact: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for role, label in zip(("l1", "l2", "l3"), ind.level_labels):
        exact.setdefault(norm(label), role)
    columns = list(ind.columns)
    for branch in ind.level1:
        if branch.level2_label:
            exact.setdefault(norm(branch.level2_label), "l2")
        columns += [c for c in branch.level2_columns if c.id not in {x.id for x in columns}]
    for c in columns:
        exact.setdefault(norm(c.label), c.id)
    ids = {c.id for c in columns}
    for role, names in kind_of(definition).aliases:     # in the file's order: earlier roles win a tie
        if role in LEVEL_ROLES or role == OPERATOR_ROLE or role in ids \
                or (role == MEASURE_ROLE and "unit" not in ids):
            for n in names:
                aliases.setdefault(norm(n), role)
    for key in list(aliases):
        if key in exact:
            del aliases[key]
    return LabelMap(exact, aliases)


def list_labels(definition: FormDefinition, columns) -> LabelMap:
    """Header text → column id for one of the definition's lists."""
    kind = kind_of(definition)
    exact = {norm(c.label): c.id for c in columns}
    aliases: dict[str, str] = {}
    for c in columns:
        for n in kind.alias_names(c.id):
            if norm(n) not in exact:
                aliases.setdefault(norm(n), c.id)
    return LabelMap(exact, aliases)


# ------------------------------------------------------------------------------ funds by meaning
# What a funds row or column means, whatever a province calls it: a sheet's row and a definition's
# row are the same when their meanings are. The label as the definition writes it always matches.
FUNDS_ROW_MEANINGS = {
    "total": ("年度资金总额", "资金总额", "总额", "合计", "总计", "资金合计", "金额合计", "年度资金合计",
              "项目资金总额", "资金总计"),
    "fiscal": ("当年财政拨款", "本年财政拨款", "财政拨款", "财政资金", "财政拨款资金", "当年财政资金",
               "本年财政资金", "财政拨款收入"),
    "carryover": ("上年结转资金", "上年结转", "结转资金", "上年结余结转资金"),
    "other": ("其他资金", "其它资金"),
    "special_account": ("财政专户管理资金", "财政专户资金", "财政专户"),
    "unit_funds": ("单位资金", "单位自有资金", "自有资金"),
}
FUNDS_COLUMN_MEANINGS = {
    "initial": ("年初预算数", "年初预算", "年初数", "年初预算金额"),
    "adjusted": ("全年预算数", "调整后预算数", "调整后预算", "全年预算", "预算调整数"),
    "spent": ("全年执行数", "预算执行数", "执行数", "实际支出数", "全年支出数", "决算数"),
    "rate": ("执行率", "预算执行率"),
    "weight": ("分值", "权重"),
    "score": ("得分",),
}
_ROW_MEANING = {norm(w): k for k, words in FUNDS_ROW_MEANINGS.items() for w in words}
_COLUMN_MEANING = {norm(w): k for k, words in FUNDS_COLUMN_MEANINGS.items() for w in words}


# ------------------------------------------------------------------- header fields and sections
# The names provinces give a header field or a goal section (项目主管部门 for 主管部门, 年度绩效目标 for
# 年度目标, 实施周期总目标 for 中长期目标). A definition's own label is always tried first; these are
# read only where the sheet has no cell with it.
LABEL_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("主管部门", "项目主管部门", "主管部门及代码", "主管部门及编码", "项目主管部门及代码"),
    ("实施单位", "项目实施单位", "项目执行单位", "执行单位"),
    ("年度目标", "年度绩效目标", "本年度绩效目标", "当年度绩效目标", "当年度目标", "本年度目标"),
    ("中长期目标", "实施周期总目标", "实施周期目标", "实施期目标", "实施期绩效目标", "中期滚动目标", "长期目标",
     "中期目标"),
)
_SYNONYMS = {norm(w): tuple(x for x in group if norm(x) != norm(w)) for group in LABEL_SYNONYMS for w in group}


def label_synonyms(label: str) -> tuple[str, ...]:
    """Other names of a header field or section label (主管部门 → 项目主管部门, …); () when none."""
    return _SYNONYMS.get(norm(label)) or _SYNONYMS.get(strip_numbering(label)) or ()


def funds_label_core(text: str) -> str:
    """其中:1.财政资金 / 　其中：本年财政拨款 / 2、上年结转 / 年度资金总额: → the bare name."""
    s = norm(text)
    s = re.sub(r"\((万元|元)\)$", "", s)
    for _ in range(2):
        s = re.sub(r"^其中[:]?", "", s)
        s = re.sub(r"^(\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、])", "", s)
    return s.rstrip(":")


def funds_row_meaning(text: str) -> str | None:
    return _ROW_MEANING.get(funds_label_core(text))


def funds_column_meaning(text: str) -> str | None:
    core = re.sub(r"\([A-Z/]+\)$", "", funds_label_core(text))
    return _COLUMN_MEANING.get(core) or _COLUMN_MEANING.get(base(core))
