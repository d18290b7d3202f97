"""Hypothesis strategies shared by the property suites: indicator value texts as officers type
them (and worse), JSON values of every shape, and hostile JSON texts."""
from __future__ import annotations

import json

from hypothesis import strategies as st

OPERATORS = ["≥", "≧", ">=", "≤", "≦", "<=", ">", "<", "=", "==", "＝", "﹦", "＞", "＜", "不低于", "不少于",
             "达到", "不高于", "不超过", "大于", "小于", "低于", "等于", "定性", ""]
UNITS = ["%", "％", "个", "万元", "元", "人次", "万批次", "天", "小时", "年", "平方米", "km", "‰", "分", ""]
SUFFIXES = ["以上", "以下", "以内", "前", "之前", "左右", "及以上", ""]
WORDS = ["是/否", "无", "有", "健全", "及时", "xx", "××", "待定", "-", "/", "达标", "明显提升", "好", "逐步改善"]
NUMBERS = st.one_of(
    st.integers(-10**30, 10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e999999999", "-1e999999999", "1E-999999999", "NaN", "Infinity", "-inf", "sNaN",
                     "0.0000", "100", "95.5", "１００", "٣", "½", "1,000", "1e5", "9" * 500, "0x1F"]),
)
DATES = st.builds(lambda y, m, d, tail: f"{y}年{m}月{d}日{tail}" if d else f"{y}年{m}月{tail}",
                  st.integers(0, 99999), st.integers(-1, 14), st.integers(0, 40),
                  st.sampled_from(["", "前", "之前", "以前"]))
ISO_DATES = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13),
                      st.integers(0, 32))


def _joined(parts):
    return "".join(parts)


QUANTITIES = st.tuples(st.sampled_from(OPERATORS), NUMBERS, st.sampled_from(UNITS),
                       st.sampled_from(SUFFIXES)).map(_joined)
SPACES = st.sampled_from(["", " ", "\u3000", "\t", "\n", "\u00a0", "\u200b", "\ufeff"])

VALUE_TEXTS = st.one_of(
    QUANTITIES,
    DATES,
    ISO_DATES,
    st.sampled_from(WORDS),
    st.tuples(SPACES, QUANTITIES, SPACES).map(_joined),
    st.lists(st.one_of(st.sampled_from(OPERATORS + UNITS + SUFFIXES + WORDS), NUMBERS), max_size=6).map(_joined),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.text(alphabet="0123456789.%≥≤<>=年月日前-/ ，,。eE+", max_size=30),
)

# JSON values of any shape (valid JSON only: no NaN)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)

# Scalars a damaged file could hold where a value belongs (json.dumps writes NaN/Infinity as
# bare words, which Python's json reads back)
BAD_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**40, 10**40), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["1e999999999", "NaN", "-Infinity", "\ud800", "\x00", "9" * 5000]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def deep(n: int, opener: str = "[") -> str:
    closer = {"[": "]", "{": "}"}[opener]
    return opener * n + closer * n if opener == "[" else '{"a":' * n + "1" + "}" * n


# Raw texts where JSON is expected: valid JSON, JSON with bare NaN/Infinity and huge numbers,
# deep nesting, truncated JSON, and noise
JSON_TEXTS = st.one_of(
    JSON.map(lambda v: json.dumps(v, ensure_ascii=False)),
    BAD_SCALARS.map(lambda v: json.dumps(v, ensure_ascii=False) if not isinstance(v, str) or v.isascii() else json.dumps(v)),
    st.integers(1, 100_000).map(deep),
    st.integers(1, 100_000).map(lambda n: deep(n, "{")),
    st.sampled_from(["1e999999999", "-1e999999999", "NaN", "Infinity", "[1e400]", '{"year": 1e999}',
                     "9" * 5000, "{", "[", '{"a": }', "", " ", "\ufeff{}", "null", "true"]),
    JSON.map(lambda v: json.dumps(v)).flatmap(lambda s: st.integers(0, len(s)).map(lambda i: s[:i])),
    st.text(max_size=50),
)


# ---------------------------------------------------------------------------------- workbook JSON

def paths(data, prefix=()):
    """Every place in a JSON value (containers too), as key/index tuples."""
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += paths(v, prefix + (i,))
    return out


def replaced(data, path, value, delete=False):
    """A copy of data with the place at path set to value (or removed)."""
    if not path:
        return value
    data = json.loads(json.dumps(data))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return data


# what a damaged place can hold: a scalar of the wrong type, a JSON value of any shape, a number
# too large or not a number at all, a deeply nested list
DAMAGE = st.one_of(BAD_SCALARS, JSON, st.integers(10, 300).map(lambda n: json.loads(deep(n))),
                   st.sampled_from([float("nan"), float("inf"), -float("inf"), 10**400, 1e308, -0.0, "", "\u0000"]))


def damaged_workbooks(sound: dict):
    """A sound workbook's JSON with one to three places damaged (replaced or removed); the places
    under "definitions" (long TOML texts) are kept rarer than those of the forms."""
    places = [p for p in paths(sound) if p[:1] != ("definitions",)]
    definition_places = [p for p in paths(sound) if p[:1] == ("definitions",)]
    one = st.tuples(st.one_of(st.sampled_from(places), st.sampled_from(definition_places)) if definition_places
                    else st.sampled_from(places), DAMAGE, st.booleans())

    def apply(changes):
        data = sound
        for path, value, delete in changes:
            try:
                data = replaced(data, path, value, delete and bool(path))
            except (KeyError, IndexError, TypeError):
                pass          # an earlier change removed or replaced that place
        return data
    return st.lists(one, min_size=1, max_size=3).map(apply)
