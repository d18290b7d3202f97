"""What the program remembers between runs (QSettings): window layout and the recent workbooks."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import msgspec
from PySide6.QtCore import QSettings

MAX_RECENT = 12
_RECENT_KEY = "recent/workbooks"


def settings() -> QSettings:
    # INI everywhere: one readable file, and tests redirect it with QSettings.setPath
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "perfdesk", "perfdesk")


class RecentEntry(msgspec.Struct, frozen=True):
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


# ------------------------------------------------------------------ sessions and crash recovery
# Which workbook each running window has open, by process: a clean close removes its entry, so an
# entry whose process is gone is a session that crashed (or was killed), and the next start
# offers that workbook again with what its autosave journal kept.
_SESSIONS_KEY = "session/open"


def _sessions() -> list[dict]:
    raw = settings().value(_SESSIONS_KEY, "")
    try:
        data = json.loads(raw) if raw else []
    except (TypeError, ValueError):
        return []
    return [d for d in data if isinstance(d, dict) and isinstance(d.get("path"), str)
            and isinstance(d.get("pid"), int)]


def _store_sessions(entries: list[dict]) -> None:
    s = settings()
    s.setValue(_SESSIONS_KEY, json.dumps(entries, ensure_ascii=False))
    s.sync()


def session_opened(path: str | os.PathLike) -> None:
    path = str(Path(path).resolve())
    pid = os.getpid()
    entries = [d for d in _sessions() if d["pid"] != pid and d["path"] != path]
    _store_sessions(entries + [{"path": path, "pid": pid}])


def session_closed() -> None:
    pid = os.getpid()
    _store_sessions([d for d in _sessions() if d["pid"] != pid])


def interrupted_sessions() -> list[str]:
    """Workbooks that a session which did not close properly had open (newest last)."""
    from ..store.session import process_alive

    return [d["path"] for d in _sessions() if d["pid"] != os.getpid() and not process_alive(d["pid"])]


def forget_interrupted(path: str) -> None:
    path = str(Path(path).resolve())
    _store_sessions([d for d in _sessions() if not (d["path"] == path and d["pid"] != os.getpid())])


# --------------------------------------------------------------------- the user's own files
def data_dir() -> Path:
    """Where the user's own indicator library lives (PERFDESK_DATA_DIR overrides, for tests)."""
    override = os.environ.get("PERFDESK_DATA_DIR")
    if override:
        return Path(override)
    from PySide6.QtCore import QStandardPaths

    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".perfdesk")
