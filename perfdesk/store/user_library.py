"""The user's own indicator library: a JSON file in the user's profile directory.

The GUI passes the directory (QStandardPaths.StandardLocation.AppDataLocation); nothing here knows Qt. Every change
is written at once and atomically (a temporary file beside it, then os.replace), and the file is
read again before each change, so two windows adding entries do not undo each other.

A missing file is an empty library. A damaged one is never silently dropped: it is moved aside
as `<name>.bak` and `problem` says so in Chinese; entries that cannot be read inside an otherwise
good file are skipped, the file is copied aside the same way, and `problem` counts them. A file
written by a newer program is read but not written (`read_only`).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Iterable

from ..definitions.loader import Registry, default_registry
from ..domain.definition import FormDefinition
from ..domain.library import LibraryEntry, LibraryError, entry_from_node
from ..domain.model import IndicatorNode

FILE_NAME = "indicator_library.json"
FORMAT = "perfdesk-user-library"
VERSION = 1
MAX_NAME = 100


class UserLibraryError(Exception):
    """A change that could not be made or saved; the message is for the user."""


class UserLibrary:
    def __init__(self, directory: str | os.PathLike, file_name: str = FILE_NAME):
        self.path = Path(directory) / file_name
        self.problem = ""          # what went wrong reading the file, for the user; "" when fine
        self.read_only = False     # written by a newer program, or unreadable: not overwritten
        self._entries: list[LibraryEntry] = []
        self.load()

    # -- reading --------------------------------------------------------------------------
    def entries(self) -> tuple[LibraryEntry, ...]:
        return tuple(self._entries)

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key) -> bool:
        key = key.key if isinstance(key, LibraryEntry) else tuple(key)
        return any(e.key == key for e in self._entries)

    def load(self) -> tuple[LibraryEntry, ...]:
        """Read the file again; a damaged file is set aside and reported in `problem`."""
        self.problem, self.read_only = "", False
        self._entries = []
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ()
        except OSError as exc:
            self.read_only = True
            self.problem = f"无法读取个人指标库 {self.path}：{exc.strerror or exc}"
            return ()
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return self._damaged(f"不是有效的 JSON：{_reason(exc)}")
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            return self._damaged("不是 perfdesk 个人指标库文件")
        version = doc.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            return self._damaged(f"版本号 {version!r} 无效")
        items = doc.get("entries")
        if not isinstance(items, list):
            return self._damaged("缺少指标列表（entries）")
        if version > VERSION:
            self.read_only = True
            self.problem = (f"个人指标库 {self.path} 由较新版本的程序写入（格式版本 {version}），"
                            f"本程序只能读取，不能修改。")
        bad = 0
        seen = set()
        for item in items:
            entry = _entry_from_json(item)
            if entry is None or entry.key in seen:
                bad += entry is None
                continue
            seen.add(entry.key)
            self._entries.append(entry)
        if bad and not self.read_only:
            kept = self._set_aside(copy=True)
            self.problem = (f"个人指标库 {self.path} 中有 {bad} 条指标无法读取，已跳过；"
                            f"原文件已另存为 {kept}。")
        return self.entries()

    def _damaged(self, reason: str) -> tuple[LibraryEntry, ...]:
        try:
            kept = self._set_aside(copy=False)
        except OSError as exc:
            self.read_only = True
            self.problem = f"个人指标库 {self.path} 已损坏（{reason}），且无法另存：{exc.strerror or exc}"
            return ()
        self.problem = (f"个人指标库 {self.path} 已损坏（{reason}），原文件已另存为 {kept}，"
                        f"个人指标库从空白开始。")
        return ()

    def _set_aside(self, copy: bool) -> Path:
        """Keep the file as <name>.bak (or <name>.1.bak … when that is taken)."""
        target = self.path.with_name(self.path.name + ".bak")
        content = self.path.read_bytes() if copy else None
        n = 1
        while target.exists():
            if copy and target.read_bytes() == content:
                return target          # already kept (the program read this file before)
            target = self.path.with_name(f"{self.path.name}.{n}.bak")
            n += 1
        if copy:
            shutil.copy2(self.path, target)
        else:
            os.replace(self.path, target)
        return target

    # -- changing ---------------------------------------------------------------------------
    def add(self, entry: LibraryEntry) -> LibraryEntry:
        """Keep an entry (as a user entry); one with the same category and name is replaced."""
        entry = _as_user(entry)
        problem = _entry_problem(entry)
        if problem:
            raise UserLibraryError(f"不能加入个人指标库：{problem}")

        def change(entries: list[LibraryEntry]) -> None:
            for i, e in enumerate(entries):
                if e.key == entry.key:
                    entries[i] = entry
                    return
            entries.append(entry)

        self._change(change)
        return entry

    def add_indicator(self, node: IndicatorNode, level1: str, level2: str, definition: FormDefinition,
                      year: int | None = None, registry: Registry | None = None) -> LibraryEntry:
        """Keep a level-3 row of a workbook: its name, target and description. It applies to its
        form's definition and to every other definition whose tree has its category; a deadline
        in the workbook's `year` is kept relative to the year ({year}年12月前)."""
        registry = registry or default_registry()
        try:
            entry = entry_from_node(node, level1, level2, definition, also=list(registry), year=year)
        except LibraryError as exc:
            raise UserLibraryError(str(exc)) from None
        return self.add(entry)

    def remove(self, entry: LibraryEntry | tuple[str, str, str]) -> bool:
        """Drop an entry (by entry or by its (level1, level2, name) key); False if it was not there."""
        key = entry.key if isinstance(entry, LibraryEntry) else tuple(entry)
        removed = []

        def change(entries: list[LibraryEntry]) -> None:
            for i, e in enumerate(entries):
                if e.key == key:
                    removed.append(entries.pop(i))
                    return

        self._change(change)
        return bool(removed)

    def _change(self, change) -> None:
        self.load()            # another window may have written since
        if self.read_only:
            raise UserLibraryError(self.problem or f"个人指标库 {self.path} 不能修改")
        entries = list(self._entries)
        change(entries)
        self._write(entries)
        self._entries = entries

    def _write(self, entries: Iterable[LibraryEntry]) -> None:
        doc = {"format": FORMAT, "version": VERSION, "entries": [_entry_to_json(e) for e in entries]}
        text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
            tmp = None
            _sync_directory(self.path.parent)
        except OSError as exc:
            raise UserLibraryError(f"无法保存个人指标库 {self.path}：{exc.strerror or exc}") from exc
        finally:
            if tmp is not None:
                with suppress(OSError):
                    os.unlink(tmp)


# ------------------------------------------------------------------------------ the format

def _entry_to_json(e: LibraryEntry) -> dict:
    d = {"level1": e.level1, "level2": e.level2, "name": e.name, "description": e.description,
         "value": e.value, "definitions": list(e.definitions)}
    if e.column_values:
        d["values"] = dict(e.column_values)
    return d


def _entry_from_json(item) -> LibraryEntry | None:
    if not isinstance(item, dict):
        return None
    texts = {k: item.get(k, "") for k in ("level1", "level2", "name", "description", "value")}
    if not all(isinstance(v, str) for v in texts.values()):
        return None
    definitions = item.get("definitions", [])
    values = item.get("values", {})
    if not isinstance(definitions, list) or not all(isinstance(d, str) for d in definitions):
        return None
    if not isinstance(values, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
        return None
    entry = LibraryEntry(texts["level1"], texts["level2"], texts["name"], texts["description"], texts["value"],
                         tuple(definitions), "user", tuple(values.items()))
    return None if _entry_problem(entry) else entry


def _entry_problem(e: LibraryEntry) -> str:
    if not e.name.strip() or not e.level1.strip() or not e.level2.strip():
        return "指标名称、一级指标和二级指标都不能为空"
    if len(e.name) > MAX_NAME:
        return f"指标名称不能超过 {MAX_NAME} 个字"
    return ""


def _as_user(e: LibraryEntry) -> LibraryEntry:
    if e.source == "user":
        return e
    return LibraryEntry(e.level1, e.level2, e.name, e.description, e.value, e.definitions, "user", e.column_values)


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}"
    return "不是 UTF-8 文本"


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows (POSIX); best effort."""
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
