"""Where the user's own files live: form definitions, scoring profiles and library files.

The data folder is `PERFDESK_DATA_DIR` when set (the tests set it, so that no test touches the
real home), else `%APPDATA%\\perfdesk` on Windows, else `$XDG_DATA_HOME/perfdesk` (by default
`~/.local/share/perfdesk`); in portable mode (perfdesk/portable.py) a folder beside the program.
Inside it:

    forms/*.toml              the user's form definitions (file name = the definition's id)
    forms/profiles/*.toml     scoring profiles (file name = the profile's id)
    forms/library/*.toml      indicator library files (file name = the file's scope)
    forms/replaced.json       the ids the user added with --replace (see below)

A user file whose id is also a built-in one is ignored (with a warning) unless it was added with
`perfdesk forms add --replace`; that command records the id in replaced.json, as
{"forms": [...], "profiles": [...], "library": [...]}. Deleting the user file (or the id from the
manifest) brings the built-in one back.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Callable

KINDS = ("forms", "profiles", "library")
MANIFEST = "replaced.json"


def data_dir() -> Path:
    override = os.environ.get("PERFDESK_DATA_DIR")
    if override:
        return Path(override)
    from ..portable import data_dir as portable_data_dir

    portable = portable_data_dir()       # a portable.ini beside the program
    if portable is not None:
        return portable
    if sys.platform == "win32":
        base = os.environ.get("APPDATA")
        return Path(base) / "perfdesk" if base else Path.home() / "AppData" / "Roaming" / "perfdesk"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "perfdesk"


def user_forms_dir() -> Path:
    return data_dir() / "forms"


def user_profiles_dir() -> Path:
    return user_forms_dir() / "profiles"


def user_library_dir() -> Path:
    return user_forms_dir() / "library"


def user_dir(kind: str) -> Path:
    """The user's folder for "forms", "profiles" or "library"."""
    return {"forms": user_forms_dir, "profiles": user_profiles_dir, "library": user_library_dir}[kind]()


def replaced(kind: str) -> frozenset[str]:
    """The ids of `kind` the user chose to put in place of built-in ones (--replace)."""
    try:
        data = json.loads((user_forms_dir() / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    items = data.get(kind, []) if isinstance(data, dict) else []
    return frozenset(x for x in items if isinstance(x, str))


def set_replaced(kind: str, item_id: str, on: bool) -> None:
    """Record (or forget) that the user's `item_id` replaces the built-in one."""
    path = user_forms_dir() / MANIFEST
    data = {k: sorted(replaced(k)) for k in KINDS}
    items = set(data[kind])
    (items.add if on else items.discard)(item_id)
    data[kind] = sorted(items)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


_forgetters: list[Callable[[], None]] = []


def forget_on_reset(clear: Callable[[], None]) -> Callable[[], None]:
    """Have reset_defaults() call `clear`. Each loader (definitions, kinds, profiles, library,
    derivation rules) registers the cache it keeps when it is imported: this module, the lowest,
    never imports them (a loader not imported yet has nothing to forget)."""
    _forgetters.append(clear)
    return clear


def reset_defaults() -> None:
    """Forget the loaded definitions, profiles, library and derivation rules, so that the next
    use reads the folders again (after `forms add`, or between tests)."""
    for clear in list(_forgetters):
        clear()
