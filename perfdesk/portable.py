"""Portable mode: a file `portable.ini` beside the program keeps everything beside it.

Where "beside the program" is: the folder of the executable in the portable bundle (PyInstaller),
else the folder that holds the perfdesk package (a checkout, or an unpacked copy run with
`python -m perfdesk`). With the file there, the user's forms folder, the cache of parsed
definitions and the settings (QSettings: window layout, recent workbooks) live under one folder
beside it, `perfdesk-data` unless the file says otherwise:

    [portable]
    folder = perfdesk-data        ; relative to portable.ini, or absolute

    perfdesk-data/data/           what %APPDATA%\\perfdesk (~/.local/share/perfdesk) holds
    perfdesk-data/cache/          what %LOCALAPPDATA%\\perfdesk\\cache holds
    perfdesk-data/settings/       perfdesk/perfdesk.ini (QSettings)

The environment variables PERFDESK_DATA_DIR and PERFDESK_CACHE_DIR still come first (tests).
Nothing here imports Qt: `apply_qsettings` does, and the GUI calls it before any setting is read.
"""
from __future__ import annotations

import configparser
import sys
from functools import lru_cache
from pathlib import Path

MARKER = "portable.ini"
DEFAULT_FOLDER = "perfdesk-data"


def program_dirs() -> list[Path]:
    """The folders a portable.ini is looked for in, first found wins."""
    dirs = []
    if getattr(sys, "frozen", False):
        dirs.append(Path(sys.executable).resolve().parent)
    dirs.append(Path(__file__).resolve().parent.parent)
    return dirs


@lru_cache(maxsize=1)
def portable_root() -> Path | None:
    """The portable folder when a portable.ini is beside the program, else None."""
    for folder in program_dirs():
        marker = folder / MARKER
        if marker.is_file():
            parser = configparser.ConfigParser()
            try:
                parser.read(marker, encoding="utf-8-sig")
            except (configparser.Error, OSError, UnicodeDecodeError):
                pass
            name = parser.get("portable", "folder", fallback="").strip() or DEFAULT_FOLDER
            root = Path(name)
            return root if root.is_absolute() else folder / root
    return None


def data_dir() -> Path | None:
    root = portable_root()
    return root / "data" if root else None


def cache_dir() -> Path | None:
    root = portable_root()
    return root / "cache" if root else None


def settings_dir() -> Path | None:
    root = portable_root()
    return root / "settings" if root else None


def apply_qsettings() -> bool:
    """In portable mode, point QSettings' user-scope INI files into the portable folder."""
    where = settings_dir()
    if where is None:
        return False
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(where))
    return True
