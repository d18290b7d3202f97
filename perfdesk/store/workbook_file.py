"""The workbook file: one SQLite database (suffix .perfdesk) holding one unit's forms for a year.

Python's sqlite3 only (never Qt's QSQLITE on the same file: two SQLite builds on one file is a
documented way to corrupt it). A rollback journal with synchronous=FULL: a file users carry on
USB sticks and shared folders must not depend on a -wal sidecar. Each form is one row of
canonical JSON, so saving one edited form rewrites one row.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import tempfile
from pathlib import Path

from ..definitions.loader import Registry
from ..domain.model import Form, Workbook
from .codec import (
    WorkbookDataError,
    canonical_json,
    form_from_dict,
    form_to_dict,
    workbook_header_from_dict,
    workbook_header_to_dict,
)

SUFFIX = ".perfdesk"
APPLICATION_ID = 0x50464B31   # "PFK1": marks the file as a perfdesk workbook
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE workbook (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE TABLE forms (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    definition TEXT NOT NULL,
    data TEXT NOT NULL,
    modified TEXT NOT NULL
);
"""


class WorkbookFileError(Exception):
    """A workbook file that cannot be opened or written; the message is for the user."""


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), isolation_level=None)  # explicit BEGIN/COMMIT below
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    return con


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        raise WorkbookFileError(f"文件不存在：{path}") from None
    except OSError as exc:
        raise WorkbookFileError(f"无法读取文件 {path}：{exc.strerror or exc}") from None
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        if len(head) == 0:
            raise WorkbookFileError(f"文件 {path} 是空文件，不是 perfdesk 工作簿")
        raise WorkbookFileError(f"文件 {path} 不是 perfdesk 工作簿（文件格式不符或已被截断）")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != APPLICATION_ID:
        raise WorkbookFileError(f"文件 {path} 是 SQLite 数据库，但不是 perfdesk 工作簿")


class WorkbookFile:
    """An open workbook file. Load it, save edited forms, save a copy elsewhere, close."""

    def __init__(self, path: Path, con: sqlite3.Connection, registry: Registry | None = None):
        self.path = Path(path)
        self._con = con
        self._registry = registry

    # -- opening and creating -----------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, registry: Registry | None = None) -> WorkbookFile:
        path = Path(path)
        _check_header(path)
        try:
            con = _connect(path)
            version = con.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise WorkbookFileError(f"文件 {path} 已损坏，无法打开：{exc}") from None
        if version > SCHEMA_VERSION:
            con.close()
            raise WorkbookFileError(
                f"文件 {path} 的格式版本为 {version}，本程序只支持到版本 {SCHEMA_VERSION}，请升级 perfdesk 后再打开")
        if version < 1:
            con.close()
            raise WorkbookFileError(f"文件 {path} 的格式版本 {version} 无效")
        return cls(path, con, registry)

    @classmethod
    def create(cls, path: str | os.PathLike, workbook: Workbook, registry: Registry | None = None,
               overwrite: bool = False) -> WorkbookFile:
        """Write a new file. It appears complete or not at all: built beside, then renamed."""
        path = Path(path)
        if path.exists() and not overwrite:
            raise WorkbookFileError(f"文件已存在：{path}")
        _write_new_file(path, workbook)
        return cls.open(path, registry)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- reading ------------------------------------------------------------------------
    def load(self) -> Workbook:
        try:
            header_row = self._con.execute("SELECT data FROM workbook WHERE id = 1").fetchone()
            form_rows = self._con.execute("SELECT id, data FROM forms ORDER BY position").fetchall()
        except sqlite3.DatabaseError as exc:
            raise WorkbookFileError(f"文件 {self.path} 已损坏，无法读取：{exc}") from None
        if header_row is None:
            raise WorkbookFileError(f"文件 {self.path} 缺少工作簿信息，可能已损坏")
        try:
            wb = workbook_header_from_dict(json.loads(header_row[0]))
            for form_id, data in form_rows:
                wb.forms.append(form_from_dict(json.loads(data), self._registry))
        except (json.JSONDecodeError, WorkbookDataError) as exc:
            raise WorkbookFileError(f"文件 {self.path} 的内容有误：{exc}") from None
        return wb

    # -- writing ------------------------------------------------------------------------
    def save(self, workbook: Workbook, forms: list[Form] | None = None) -> None:
        """Write the header and the given forms (all when None) in one transaction.

        Forms no longer in the workbook are removed; the commit is on disk when this returns.
        """
        con = self._con
        now = _now()
        try:
            con.execute("BEGIN IMMEDIATE")
            _write_contents(con, workbook, forms, now)
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise WorkbookFileError(f"保存到 {self.path} 失败：{exc}") from None

    def save_as(self, workbook: Workbook, path: str | os.PathLike) -> WorkbookFile:
        """Write the workbook to a new file and return it open; this file stays as it was."""
        target = Path(path)
        _write_new_file(target, workbook)
        return WorkbookFile.open(target, self._registry)


def _write_contents(con: sqlite3.Connection, workbook: Workbook, forms: list[Form] | None, now: str):
    con.execute("INSERT INTO workbook (id, data, modified) VALUES (1, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET data = excluded.data, modified = excluded.modified",
                (canonical_json(workbook_header_to_dict(workbook)), now))
    ids = [f.id for f in workbook.forms]
    placeholders = ",".join("?" * len(ids))
    con.execute(f"DELETE FROM forms WHERE id NOT IN ({placeholders})", ids)
    positions = {f.id: i for i, f in enumerate(workbook.forms)}
    for form_id, position in positions.items():
        con.execute("UPDATE forms SET position = ? WHERE id = ?", (position, form_id))
    for form in workbook.forms if forms is None else forms:
        con.execute(
            "INSERT INTO forms (id, position, definition, data, modified) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET position = excluded.position, definition = excluded.definition, "
            "data = excluded.data, modified = excluded.modified",
            (form.id, positions[form.id], form.definition.id, canonical_json(form_to_dict(form)), now))


def _write_new_file(path: Path, workbook: Workbook) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise WorkbookFileError(f"目录不存在：{directory}")
    fd, tmp_name = tempfile.mkstemp(prefix="." + path.stem + "-", suffix=".tmp", dir=directory)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = _connect(tmp)
        try:
            con.execute(f"PRAGMA application_id={APPLICATION_ID}")
            con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            con.execute("BEGIN")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    con.execute(statement)
            _write_contents(con, workbook, None, _now())
            con.execute("COMMIT")
        finally:
            con.close()
        os.replace(tmp, path)
        _fsync_directory(directory)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise WorkbookFileError(f"写入 {path} 失败：{exc}") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WorkbookFileError(f"写入 {path} 失败：{exc.strerror or exc}") from None


def _fsync_directory(directory: Path) -> None:
    # the rename itself must survive a power cut; not possible on Windows, where it is atomic enough
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_workbook(path: str | os.PathLike, registry: Registry | None = None) -> Workbook:
    with WorkbookFile.open(path, registry) as f:
        return f.load()


def write_workbook(path: str | os.PathLike, workbook: Workbook, overwrite: bool = True) -> None:
    target = Path(path)
    if target.exists() and not overwrite:
        raise WorkbookFileError(f"文件已存在：{target}")
    _write_new_file(target, workbook)
