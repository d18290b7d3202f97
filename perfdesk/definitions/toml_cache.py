"""Parsed TOML files, kept as JSON in the user's cache folder.

Importing tomllib compiles its regular expressions (about 10 ms) and parsing a form definition
takes another 1–2 ms; reading the same data back from JSON takes 0.1 ms. A start-up opens only
files it read before, so it need not load tomllib at all. An entry holds the TOML text it was
made from and is used only while the file still has exactly that text; a missing, stale or
damaged entry is simply made again. Nothing here is needed for correctness: when the cache
folder cannot be written, every file is parsed.
"""
from __future__ import annotations

import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

FORMAT = 1


def cache_dir() -> Path:
    """PERFDESK_CACHE_DIR, else the portable folder (portable.ini), else the platform's folder for caches."""
    override = os.environ.get("PERFDESK_CACHE_DIR")
    if override:
        return Path(override)
    from ..portable import cache_dir as portable_cache_dir

    portable = portable_cache_dir()      # a portable.ini beside the program
    if portable is not None:
        return portable
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "perfdesk" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "perfdesk"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "perfdesk"


def _entry(path: Path) -> Path:
    where = str(path.resolve()).encode("utf-8", "surrogateescape")
    return cache_dir() / "toml" / f"{path.stem}-{zlib.crc32(where):08x}.json"


def load(path: Path, text: str, parse) -> dict[str, Any]:
    """The data of a TOML file whose text is `text`: from the cache when it holds this very text,
    else parse(text) (which raises on bad TOML), kept for next time."""
    entry = _entry(path)
    try:
        cached = json.loads(entry.read_text(encoding="utf-8"))
        if cached.get("format") == FORMAT and cached.get("text") == text and isinstance(cached.get("data"), dict):
            return cached["data"]
    except (OSError, ValueError, AttributeError):
        pass                       # missing or damaged: made again below
    data = parse(text)
    try:
        payload = json.dumps({"format": FORMAT, "text": text, "data": data}, ensure_ascii=False)
    except (TypeError, ValueError):
        return data                # dates and times have no JSON form: such a file is always parsed
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        tmp.write_text(payload, encoding="utf-8")
        os.replace(tmp, entry)
    except OSError:
        pass
    return data
