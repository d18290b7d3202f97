"""What the program remembers between runs (QSettings): window layout and the recent workbooks."""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 12
_RECENT_KEY = "recent/workbooks"


def settings() -> QSettings:
    # INI everywhere: one readable file, and tests redirect it with QSettings.setPath
    return QSettings(QSettings.IniFormat, QSettings.UserScope, "perfdesk", "perfdesk")


@dataclass(frozen=True)
class RecentEntry:
    path: str
    unit: str
    year: int | None
    changed: str          # last change, "2024-11-23 19:30"

    @property
    def exists(self) -> bool:
        return os.path.isfile(self.path)


def _load() -> list[dict]:
    raw = settings().value(_RECENT_KEY, "")
    try:
        data = json.loads(raw) if raw else []
    except (TypeError, ValueError):
        return []
    return [d for d in data if isinstance(d, dict) and isinstance(d.get("path"), str)]


def recent_entries() -> list[RecentEntry]:
    out = []
    for d in _load():
        changed = d.get("changed", "")
        try:   # the file's own time is the truth when it is there
            changed = dt.datetime.fromtimestamp(os.path.getmtime(d["path"])).strftime("%Y-%m-%d %H:%M")
        except OSError:
            pass
        year = d.get("year")
        out.append(RecentEntry(d["path"], str(d.get("unit", "")), year if isinstance(year, int) else None, changed))
    return out


def remember(path: str | os.PathLike, unit: str, year: int) -> None:
    path = str(Path(path).resolve())
    entries = [d for d in _load() if d["path"] != path]
    entries.insert(0, {"path": path, "unit": unit, "year": year,
                       "changed": dt.datetime.now().strftime("%Y-%m-%d %H:%M")})
    _store(entries[:MAX_RECENT])


def forget(path: str) -> None:
    _store([d for d in _load() if d["path"] != path])


def _store(entries: list[dict]) -> None:
    s = settings()
    s.setValue(_RECENT_KEY, json.dumps(entries, ensure_ascii=False))
    s.sync()
