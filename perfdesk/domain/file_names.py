"""File names Windows accepts, made from what a unit is called (batch print's PDFs, dispatch's and
退回's workbooks): one rule for every file the program names after a unit."""
from __future__ import annotations

import re

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 120      # characters before the suffix: well inside Windows' 260-character paths


def safe_file_name(text: str, fallback: str = "单位") -> str:
    """A file name (without suffix) Windows accepts: no <>:"/\\|?* or control characters, no
    trailing dot or space, not a reserved device name (CON, aux.txt …), not too long."""
    name = _UNSAFE.sub("_", " ".join(text.split()))[:MAX_NAME].strip(" .")
    if not name:
        name = fallback
    if name.split(".")[0].strip().upper() in _RESERVED:
        name = "_" + name
    return name


def unit_base_name(name: str, code: str = "") -> str:
    """<代码>-<名称> made safe (just the name without a code)."""
    return safe_file_name("-".join(p for p in (code.strip(), name.strip()) if p))


def unique_names(bases: list[str], suffix: str) -> list[str]:
    """base + suffix for each, the second of one name (case-insensitively, as Windows compares)
    getting -2, the third -3 …"""
    seen: dict[str, int] = {}
    out = []
    for base in bases:
        n = seen.get(base.lower(), 0) + 1
        seen[base.lower()] = n
        candidate = base if n == 1 else f"{base}-{n}"
        while n > 1 and candidate.lower() in seen:
            n += 1
            candidate = f"{base}-{n}"
        if candidate != base:
            seen[candidate.lower()] = 1
        out.append(candidate + suffix)
    return out
