"""The workbook file: one SQLite database (suffix .perfdesk) holding one unit's forms for a year.

Python's sqlite3 only (never Qt's QSQLITE on the same file: two SQLite builds on one file is a
documented way to corrupt it). A rollback journal with synchronous=FULL: a file users carry on
USB sticks and shared folders must not depend on a -wal sidecar, and every commit is on disk
when it returns. Each form is one row of canonical JSON, so saving one edited form rewrites one
row. Edits are autosaved into a journal table (`pending`) inside the same file; an explicit save
folds them into the forms; closing without saving discards them; a crash leaves them to recover.
"""
from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sqlite3
from pathlib import Path


import msgspec

from ..definitions.loader import Registry
from ..domain.model import Form, Workbook
from . import session
from ..codec import (
    WorkbookDataError,
    canonical_json,
    dump_workbook,
    embedded_registry,
    form_from_dict,
    form_to_dict,
    workbook_from_dict,
    workbook_header_from_dict,
    workbook_header_to_dict,
)
from .schema import APPLICATION_ID, SCHEMA_VERSION, create_tables, migrate

SUFFIX = ".perfdesk"
HEADER_KEY, ORDER_KEY = "@header", "@order"
DEFINITION_KEY = "@definition:"     # pending key of an autosaved definition: @definition:<kind>:<id>


class WorkbookFileError(Exception):
    """A workbook file that cannot be opened or written; the message is for the user."""


class WorkbookLockedError(WorkbookFileError):
    """The file is open for editing elsewhere; it may still be opened read-only."""

    def __init__(self, path: Path, holder: session.Holder):
        self.path, self.holder = path, holder
        super().__init__(
            f"工作簿 {path.name} 正由 {holder.user}（计算机 {holder.host}）自 {holder.since_text} 起编辑中，"
            f"可以只读方式打开")


class SnapshotInfo(msgspec.Struct, frozen=True):
    id: int
    name: str
    created: str
    auto: bool


class Recovery(msgspec.Struct, frozen=True):
    """What an earlier session that did not close properly left behind."""

    holder: session.Holder
    pending: tuple[tuple[str, str], ...]   # (form id or '@header'/'@order', autosaved at)

    @property
    def forms(self) -> list[str]:
        return [key for key, _ in self.pending if not key.startswith("@")]


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        con = sqlite3.connect(str(path), isolation_level=None)  # explicit BEGIN/COMMIT below
        con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA synchronous=FULL")
    return con


def _disk_message(path: Path, exc: BaseException) -> str:
    text = str(exc)
    if "full" in text or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG):
        return f"磁盘空间不足，未能写入 {path}；文件保持上次写入完成时的状态"
    if "readonly" in text or "read-only" in text or getattr(exc, "errno", None) in (errno.EACCES, errno.EROFS):
        return f"文件 {path} 不可写（只读文件或无权限）；文件未作改动"
    return f"写入 {path} 失败：{text}；文件保持上次写入完成时的状态"


def check_header(path: Path) -> None:
    """Refuse what is not a workbook before SQLite touches it (and never write to it)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        raise WorkbookFileError(f"文件不存在：{path}") from None
    except IsADirectoryError:
        raise WorkbookFileError(f"{path} 是文件夹，不是工作簿文件") from None
    except OSError as exc:
        raise WorkbookFileError(f"无法读取文件 {path}：{exc.strerror or exc}") from None
    if len(head) == 0:
        raise WorkbookFileError(f"文件 {path} 是空文件（0 字节），不是 perfdesk 工作簿")
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        raise WorkbookFileError(f"文件 {path} 不是 perfdesk 工作簿（文件格式不符或已被截断）")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != APPLICATION_ID:
        raise WorkbookFileError(f"文件 {path} 是 SQLite 数据库，但不是 perfdesk 工作簿")


def _integrity(con: sqlite3.Connection, quick: bool) -> list[str]:
    rows = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
    problems = [r[0] for r in rows]
    return [] if problems == ["ok"] else problems


def roll_back_interrupted_write(path: Path) -> bool:
    """A write cut off by a crash leaves a hot journal beside the file; SQLite rolls it back on
    the next read by a connection that may write. Read-only connections cannot, so do it first."""
    journal = path.with_name(path.name + "-journal")
    if not journal.exists():
        return False
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise WorkbookFileError(
            f"文件 {path} 有一次未完成的写入需要撤回，但文件或文件夹不可写；请复制到可写的位置后再打开")
    try:
        con = sqlite3.connect(str(path), isolation_level=None, timeout=0.5)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            _remove_stale_journal(con, journal)
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise WorkbookFileError(f"文件 {path} 正被另一个程序写入，请稍后再打开") from None
        raise WorkbookFileError(f"文件 {path} 已损坏，无法撤回未完成的写入：{exc}") from None
    except sqlite3.DatabaseError as exc:
        raise WorkbookFileError(f"文件 {path} 已损坏，无法撤回未完成的写入：{exc}") from None
    return True


def _remove_stale_journal(con: sqlite3.Connection, journal: Path) -> None:
    """A process killed while it was creating its journal leaves one that is not hot (empty or
    with a zeroed header); SQLite ignores it but never deletes it, so it would sit beside the
    file for the user to copy around. Holding the write lock, no one else can own a journal,
    and SQLite has rolled back any hot one on the way in: what is left is ours to delete."""
    if not journal.exists():
        return
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return  # another program is writing right now: the journal may be live
    try:
        journal.unlink(missing_ok=True)
    finally:
        con.execute("ROLLBACK")


class WorkbookFile:
    """An open workbook file: load, autosave, save, snapshots, close."""

    def __init__(self, path: Path, con: sqlite3.Connection, registry: Registry | None, read_only: bool,
                 version: int):
        self.path = Path(path)
        self._con = con
        self._registry = registry
        self.read_only = read_only
        self.version = version
        self.token = ""                    # our session token when open for editing
        self.recovery: Recovery | None = None
        self.backup_path: Path | None = None   # written before a migration
        self.read_only_reason = ""
        self._journaled: dict[str, str] = {}   # definitions autosaved in this session: key → text

    # -- opening and creating -----------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, registry: Registry | None = None, read_only: bool = False) -> WorkbookFile:
        """Open for editing (locking it), or read-only. Never writes to a damaged or foreign file."""
        path = Path(path)
        check_header(path)
        roll_back_interrupted_write(path)
        if not read_only and not os.access(path, os.W_OK):
            raise WorkbookFileError(f"文件 {path} 是只读文件（或没有写入权限），只能以只读方式打开")
        if not read_only and not os.access(path.parent, os.W_OK):
            # the rollback journal lives beside the file while a write is under way
            raise WorkbookFileError(f"文件夹 {path.parent} 不可写，只能以只读方式打开 {path.name}")
        try:
            con = _connect(path, read_only)
            version = con.execute("PRAGMA user_version").fetchone()[0]
            problems = _integrity(con, quick=True)
        except sqlite3.DatabaseError as exc:
            raise WorkbookFileError(f"文件 {path} 已损坏，无法打开：{exc}") from None
        if problems:
            con.close()
            raise WorkbookFileError(f"文件 {path} 已损坏（{problems[0]}），程序不会改动它；请用快照或备份恢复")
        if version > SCHEMA_VERSION:
            con.close()
            raise WorkbookFileError(
                f"文件 {path} 的格式版本为 {version}，本程序只支持到版本 {SCHEMA_VERSION}；"
                f"它由更新的 perfdesk 写成，请升级后再打开，本程序不会改动它")
        if version < 1:
            con.close()
            raise WorkbookFileError(f"文件 {path} 的格式版本 {version} 无效，可能已损坏")
        wf = cls(path, con, registry, read_only, version)
        try:
            if not read_only:
                if version < SCHEMA_VERSION:
                    wf._migrate()
                wf._acquire()
        except BaseException:
            con.close()
            raise
        return wf

    @classmethod
    def create(cls, path: str | os.PathLike, workbook: Workbook, registry: Registry | None = None,
               overwrite: bool = False) -> WorkbookFile:
        """Write a new file and open it. It appears complete or not at all: built beside, renamed."""
        path = Path(path)
        if path.exists() and not overwrite:
            raise WorkbookFileError(f"文件已存在：{path}")
        write_new_file(path, workbook)
        return cls.open(path, registry)

    def _migrate(self) -> None:
        """Upgrade an older file: an exact copy beside it first, then the schema steps and an
        automatic snapshot, in one transaction (a crash leaves the old version intact)."""
        old = self.version
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.stem}.备份-格式{old}-{stamp}{self.path.suffix}")
        before = self._load_saved()
        con = self._con
        try:
            con.execute("BEGIN IMMEDIATE")   # no other writer while we copy and upgrade
            try:
                import shutil    # (with tempfile: loaded when first needed, not to open a file)

                shutil.copyfile(self.path, backup)
                with open(backup, "rb+") as fh:
                    os.fsync(fh.fileno())
            except OSError as exc:
                backup.unlink(missing_ok=True)
                raise WorkbookFileError(
                    f"升级文件格式前无法写入备份 {backup.name}：{exc.strerror or exc}；文件未作改动") from None
            migrate(con, old)
            _write_definitions(con, before)
            con.execute("INSERT INTO snapshots (name, created, auto, data) VALUES (?, ?, 1, ?)",
                        (f"格式升级前自动快照（版本 {old}）", _now(), dump_workbook(before)))
            con.execute("COMMIT")
        except (sqlite3.Error, WorkbookFileError) as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            if isinstance(exc, WorkbookFileError):
                raise
            raise WorkbookFileError(_disk_message(self.path, exc)) from None
        self.version, self.backup_path = SCHEMA_VERSION, backup

    def _acquire(self) -> None:
        con = self._con
        token = os.urandom(16).hex()     # a session's own mark (uuid4 without importing uuid)
        me = session.this_holder(token)
        try:
            con.execute("BEGIN IMMEDIATE")
            row = con.execute("SELECT token, user, host, pid, since, heartbeat FROM session WHERE id = 1").fetchone()
            if row is not None:
                holder = session.Holder(*row)
                if not session.is_stale(holder):
                    con.execute("ROLLBACK")
                    raise WorkbookLockedError(self.path, holder)
                pending = tuple(con.execute("SELECT key, modified FROM pending ORDER BY modified, key").fetchall())
                self.recovery = Recovery(holder, pending)
            con.execute("INSERT OR REPLACE INTO session (id, token, user, host, pid, since, heartbeat) "
                        "VALUES (1, ?, ?, ?, ?, ?, ?)", (me.token, me.user, me.host, me.pid, me.since, me.heartbeat))
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise WorkbookFileError(f"文件 {self.path} 正被另一个程序写入，请稍后再试") from None
            raise WorkbookFileError(_disk_message(self.path, exc)) from None
        self.token = token

    def close(self, discard_pending: bool = False) -> None:
        """Release the file. Nothing is left beside it: the rollback journal exists only mid-write."""
        if self._con is None:
            return
        try:
            if not self.read_only and self.token:
                with self._write():
                    if discard_pending:
                        self._con.execute("DELETE FROM pending")
                    self._con.execute("DELETE FROM session WHERE token = ?", (self.token,))
        except WorkbookFileError:
            pass  # the lock row is recognised as stale next time
        finally:
            self._con.close()
            self._con = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- reading ------------------------------------------------------------------------
    def _tables(self) -> set[str]:
        return {r[0] for r in self._con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _load_saved(self) -> Workbook:
        return self._load(include_pending=False)

    def load(self, include_pending: bool = True) -> Workbook:
        """The workbook as last saved, with autosaved edits on top unless told otherwise."""
        return self._load(include_pending)

    def _load(self, include_pending: bool) -> Workbook:
        con = self._con
        try:
            header_row = con.execute("SELECT data FROM workbook WHERE id = 1").fetchone()
            form_rows = con.execute("SELECT id, data FROM forms ORDER BY position").fetchall()
            pending = {}
            if include_pending and "pending" in self._tables():
                pending = dict(con.execute("SELECT key, data FROM pending").fetchall())
        except sqlite3.DatabaseError as exc:
            raise WorkbookFileError(f"文件 {self.path} 已损坏，无法读取：{exc}") from None
        if header_row is None:
            raise WorkbookFileError(f"文件 {self.path} 缺少工作簿信息，可能已损坏")
        try:
            texts = self._definition_texts(pending)
        except sqlite3.DatabaseError as exc:
            raise WorkbookFileError(f"文件 {self.path} 已损坏，无法读取：{exc}") from None
        try:
            wb = workbook_header_from_dict(json.loads(pending.get(HEADER_KEY) or header_row[0]))
            registry = embedded_registry(texts["form"], self._registry) if texts["form"] else self._registry
            wb.profile_texts = dict(sorted(texts["profile"].items()))
            forms = {form_id: data for form_id, data in form_rows}
            order = [form_id for form_id, _ in form_rows]
            if ORDER_KEY in pending:
                order = json.loads(pending[ORDER_KEY])
            for key, data in pending.items():
                if not key.startswith("@"):
                    forms[key] = data
            for form_id in order:
                if forms.get(form_id) is not None:
                    wb.forms.append(form_from_dict(json.loads(forms[form_id]), registry))
        except (json.JSONDecodeError, WorkbookDataError) as exc:
            raise WorkbookFileError(f"文件 {self.path} 的内容有误：{exc}") from None
        return wb

    def _definition_texts(self, pending: dict[str, str | None]) -> dict[str, dict[str, str]]:
        """The definitions and profiles the file carries ({"form": {id: text}, "profile": …}),
        autosaved ones over saved ones."""
        texts: dict[str, dict[str, str]] = {"form": {}, "profile": {}}
        if "definitions" in self._tables():
            for kind, item_id, text in self._con.execute("SELECT kind, id, text FROM definitions"):
                texts.setdefault(kind, {})[item_id] = text
        for key, text in pending.items():
            if key.startswith(DEFINITION_KEY) and text is not None:
                kind, _, item_id = key[len(DEFINITION_KEY):].partition(":")
                texts.setdefault(kind, {})[item_id] = text
        return texts

    @property
    def has_pending(self) -> bool:
        if "pending" not in self._tables():
            return False
        return self._con.execute("SELECT count(*) FROM pending").fetchone()[0] > 0

    # -- writing ------------------------------------------------------------------------
    class _Transaction:
        def __init__(self, wf: WorkbookFile):
            self.wf = wf

        def __enter__(self):
            wf = self.wf
            if wf.read_only:
                raise WorkbookFileError(f"工作簿 {wf.path.name} 以只读方式打开，不能写入")
            try:
                wf._con.execute("BEGIN IMMEDIATE")
                row = wf._con.execute("SELECT token FROM session WHERE id = 1").fetchone()
            except sqlite3.Error as exc:
                if wf._con.in_transaction:
                    wf._con.execute("ROLLBACK")
                raise WorkbookFileError(_disk_message(wf.path, exc)) from None
            if row is None or row[0] != wf.token:
                wf._con.execute("ROLLBACK")
                raise WorkbookFileError(
                    f"工作簿 {wf.path.name} 已被另一个程序接管编辑，本窗口的修改未写入；请另存为新文件")
            return wf._con

        def __exit__(self, exc_type, exc, tb):
            con = self.wf._con
            if exc_type is None:
                try:
                    con.execute("COMMIT")
                    return False
                except sqlite3.Error as commit_exc:
                    exc = commit_exc
            if con.in_transaction:
                try:
                    con.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            if isinstance(exc, sqlite3.Error):
                raise WorkbookFileError(_disk_message(self.wf.path, exc)) from None
            return False

    def _write(self) -> WorkbookFile._Transaction:
        return WorkbookFile._Transaction(self)

    def autosave(self, workbook: Workbook, forms: list[Form] | None = None,
                 removed: list[str] = ()) -> None:
        """Journal edits not yet saved: on disk when this returns, folded in by save()."""
        now = _now()
        with self._write() as con:
            con.execute("INSERT OR REPLACE INTO pending (key, data, modified) VALUES (?, ?, ?)",
                        (HEADER_KEY, canonical_json(workbook_header_to_dict(workbook)), now))
            con.execute("INSERT OR REPLACE INTO pending (key, data, modified) VALUES (?, ?, ?)",
                        (ORDER_KEY, json.dumps([f.id for f in workbook.forms]), now))
            for form in workbook.forms if forms is None else forms:
                con.execute("INSERT OR REPLACE INTO pending (key, data, modified) VALUES (?, ?, ?)",
                            (form.id, canonical_json(form_to_dict(form)), now))
            for form_id in removed:
                con.execute("INSERT OR REPLACE INTO pending (key, data, modified) VALUES (?, NULL, ?)",
                            (form_id, now))
            # the definitions of the forms (journaled beside them: closing without saving must
            # leave the saved forms with the definitions they were saved with)
            chosen = workbook.forms if forms is None else forms
            if chosen:
                for kind, items in _texts_of(workbook, chosen).items():
                    for item_id, text in items.items():
                        key = f"{DEFINITION_KEY}{kind}:{item_id}"
                        if self._journaled.get(key) == text:
                            continue
                        con.execute("INSERT OR REPLACE INTO pending (key, data, modified) VALUES (?, ?, ?)",
                                    (key, text, now))
                        self._journaled[key] = text

    def save(self, workbook: Workbook, forms: list[Form] | None = None) -> None:
        """Save explicitly: the given forms (all when None) and every autosaved one, in one
        transaction that is on disk when this returns; the journal is then empty."""
        with self._write() as con:
            journaled = {r[0] for r in con.execute("SELECT key FROM pending WHERE key NOT LIKE '@%'")}
            wanted = journaled | {f.id for f in forms} if forms is not None else None
            chosen = workbook.forms if wanted is None else [f for f in workbook.forms if f.id in wanted]
            _write_contents(con, workbook, chosen, _now())
            con.execute("DELETE FROM pending")
        self._journaled.clear()

    def discard_pending(self) -> None:
        with self._write() as con:
            con.execute("DELETE FROM pending")
        self._journaled.clear()

    def heartbeat(self) -> None:
        """Tell other instances this session is alive (call every half minute or so)."""
        with self._write() as con:
            con.execute("UPDATE session SET heartbeat = ? WHERE token = ?", (session.now_text(), self.token))

    def save_as(self, workbook: Workbook, path: str | os.PathLike) -> WorkbookFile:
        """Write the workbook (as in memory) to a new file and return it open; this file stays
        as it was. Snapshots travel with the copy."""
        target = Path(path)
        snapshots = self._snapshot_rows()
        write_new_file(target, workbook, snapshots)
        return WorkbookFile.open(target, self._registry)

    # -- snapshots ----------------------------------------------------------------------
    def _snapshot_rows(self) -> list[tuple]:
        if "snapshots" not in self._tables():
            return []
        return self._con.execute("SELECT name, created, auto, data FROM snapshots ORDER BY id").fetchall()

    def snapshots(self) -> list[SnapshotInfo]:
        if "snapshots" not in self._tables():
            return []
        rows = self._con.execute("SELECT id, name, created, auto FROM snapshots ORDER BY id").fetchall()
        return [SnapshotInfo(i, n, c, bool(a)) for i, n, c, a in rows]

    def create_snapshot(self, workbook: Workbook, name: str, auto: bool = False) -> SnapshotInfo:
        """Keep the workbook as it is now (unsaved edits included) under a name, in the file."""
        name = name.strip()
        if not name:
            raise WorkbookFileError("快照名称不能为空")
        created = _now()
        with self._write() as con:
            cur = con.execute("INSERT INTO snapshots (name, created, auto, data) VALUES (?, ?, ?, ?)",
                              (name, created, int(auto), dump_workbook(workbook)))
            snap_id = cur.lastrowid
        return SnapshotInfo(snap_id, name, created, auto)

    def find_snapshot(self, key: str) -> SnapshotInfo:
        """By name (the newest of that name) or by number ("#3" or "3")."""
        snaps = self.snapshots()
        named = [s for s in snaps if s.name == key]
        if named:
            return named[-1]
        number = key[1:] if key.startswith("#") else key
        if number.isdigit():
            for s in snaps:
                if s.id == int(number):
                    return s
        names = "、".join(s.name for s in snaps) or "（无）"
        raise WorkbookFileError(f"没有名为 “{key}” 的快照；现有快照：{names}")

    def snapshot_workbook(self, snapshot: SnapshotInfo) -> Workbook:
        data = self._con.execute("SELECT data FROM snapshots WHERE id = ?", (snapshot.id,)).fetchone()
        try:
            return workbook_from_dict(json.loads(data[0]), self._registry)
        except (json.JSONDecodeError, WorkbookDataError) as exc:
            raise WorkbookFileError(f"快照 “{snapshot.name}” 的内容有误：{exc}") from None

    def restore_snapshot(self, key: str, current: Workbook | None = None) -> Workbook:
        """Make a snapshot the saved state; the state before is kept as an automatic snapshot."""
        snap = self.find_snapshot(key)
        restored = self.snapshot_workbook(snap)
        current = current if current is not None else self.load()
        with self._write() as con:
            con.execute("INSERT INTO snapshots (name, created, auto, data) VALUES (?, ?, 1, ?)",
                        (f"恢复快照“{snap.name}”前自动快照", _now(), dump_workbook(current)))
            _write_contents(con, restored, None, _now())
            con.execute("DELETE FROM pending")
        self._journaled.clear()
        return restored

    def delete_snapshot(self, snapshot: SnapshotInfo) -> None:
        with self._write() as con:
            con.execute("DELETE FROM snapshots WHERE id = ?", (snapshot.id,))


def _write_contents(con: sqlite3.Connection, workbook: Workbook, forms: list[Form] | None, now: str):
    con.execute("INSERT INTO workbook (id, data, modified) VALUES (1, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET data = excluded.data, modified = excluded.modified",
                (canonical_json(workbook_header_to_dict(workbook)), now))
    ids = [f.id for f in workbook.forms]
    placeholders = ",".join("?" * len(ids))
    con.execute(f"DELETE FROM forms WHERE id NOT IN ({placeholders})", ids)
    positions = {f.id: i for i, f in enumerate(workbook.forms)}
    con.executemany("UPDATE forms SET position = ? WHERE id = ?", [(p, i) for i, p in positions.items()])
    for form in workbook.forms if forms is None else forms:
        con.execute(
            "INSERT INTO forms (id, position, definition, data, modified) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET position = excluded.position, definition = excluded.definition, "
            "data = excluded.data, modified = excluded.modified",
            (form.id, positions[form.id], form.definition.id, canonical_json(form_to_dict(form)), now))
    _write_definitions(con, workbook)


def _texts_of(workbook: Workbook, forms: list[Form]) -> dict[str, dict[str, str]]:
    """{"form": {id: text}, "profile": {id: text}} of the definitions and profiles of `forms`."""
    from ..definitions.embedded import embedded_texts

    part = Workbook(workbook.unit, workbook.unit_code, workbook.year, forms=list(forms),
                    profile_texts=workbook.profile_texts)
    texts = embedded_texts(part)
    return {"form": texts["forms"], "profile": texts["profiles"]}


def _write_definitions(con: sqlite3.Connection, workbook: Workbook) -> None:
    """Keep exactly the definitions and profiles the workbook's forms use (those whose text is
    known), unchanged rows untouched."""
    wanted = {(kind, item_id): text for kind, items in _texts_of(workbook, workbook.forms).items()
              for item_id, text in items.items()}
    stored = {(k, i): t for k, i, t in con.execute("SELECT kind, id, text FROM definitions")}
    gone = [key for key in stored if key not in wanted]
    con.executemany("DELETE FROM definitions WHERE kind = ? AND id = ?", gone)
    con.executemany("INSERT OR REPLACE INTO definitions (kind, id, text) VALUES (?, ?, ?)",
                    [(k, i, t) for (k, i), t in wanted.items() if stored.get((k, i)) != t])


def write_new_file(path: Path, workbook: Workbook, snapshots: list[tuple] = ()) -> None:
    """Build a complete file beside the target and rename it into place (atomic on one volume)."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise WorkbookFileError(f"目录不存在：{directory}")
    try:
        import tempfile

        fd, tmp_name = tempfile.mkstemp(prefix="." + path.stem + "-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WorkbookFileError(_disk_message(path, exc)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes 0600; a workbook gets the ordinary mode a new file would have
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        con = _connect(tmp)
        try:
            con.execute(f"PRAGMA application_id={APPLICATION_ID}")
            con.execute("BEGIN")
            create_tables(con)
            _write_contents(con, workbook, None, _now())
            con.executemany("INSERT INTO snapshots (name, created, auto, data) VALUES (?, ?, ?, ?)", snapshots)
            con.execute("COMMIT")
        finally:
            con.close()
        os.replace(tmp, path)
        _fsync_directory(directory)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + "-journal").unlink(missing_ok=True)
        raise WorkbookFileError(_disk_message(path, exc)) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + "-journal").unlink(missing_ok=True)
        raise WorkbookFileError(_disk_message(path, exc)) from None


def _fsync_directory(directory: Path) -> None:
    # the rename itself must survive a power cut (POSIX); Windows has no directory fsync
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_workbook(path: str | os.PathLike, registry: Registry | None = None) -> Workbook:
    """Read a workbook without locking it (autosaved edits included)."""
    with WorkbookFile.open(path, registry, read_only=True) as f:
        return f.load()


def write_workbook(path: str | os.PathLike, workbook: Workbook, overwrite: bool = True) -> None:
    target = Path(path)
    if target.exists() and not overwrite:
        raise WorkbookFileError(f"文件已存在：{target}")
    write_new_file(target, workbook)


class FileReport(msgspec.Struct):
    """What `perfdesk check-file` and the recent-drafts list say about a file."""

    path: str
    exists: bool
    ok: bool = False
    problems: list[str] = msgspec.field(default_factory=list)
    schema_version: int | None = None
    application_id: int | None = None
    unit: str = ""
    year: int | None = None
    forms: int = 0
    modified: str = ""
    snapshots: int = 0
    pending: int = 0
    holder: session.Holder | None = None
    holder_stale: bool = False


def inspect_file(path: str | os.PathLike, full: bool = False) -> FileReport:
    """Examine a file without changing it: kind, version, integrity, content summary, lock."""
    path = Path(path)
    report = FileReport(str(path), path.exists())
    if not report.exists:
        report.problems.append("文件不存在")
        return report
    try:
        check_header(path)
        roll_back_interrupted_write(path)
    except WorkbookFileError as exc:
        report.problems.append(str(exc))
        return report
    try:
        con = _connect(path, read_only=True)
    except sqlite3.Error as exc:
        report.problems.append(f"无法打开：{exc}")
        return report
    try:
        report.application_id = con.execute("PRAGMA application_id").fetchone()[0]
        report.schema_version = con.execute("PRAGMA user_version").fetchone()[0]
        report.problems += _integrity(con, quick=not full)
        if report.schema_version > SCHEMA_VERSION:
            report.problems.append(f"格式版本 {report.schema_version} 比本程序支持的版本 {SCHEMA_VERSION} 新")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        header = con.execute("SELECT data, modified FROM workbook WHERE id = 1").fetchone()
        if header is None:
            report.problems.append("缺少工作簿信息")
        else:
            data = json.loads(header[0])
            report.unit, report.year, report.modified = data.get("unit", ""), data.get("year"), header[1]
        report.forms = con.execute("SELECT count(*) FROM forms").fetchone()[0]
        latest = con.execute("SELECT max(modified) FROM forms").fetchone()[0]
        if latest and latest > report.modified:
            report.modified = latest
        if "snapshots" in tables:
            report.snapshots = con.execute("SELECT count(*) FROM snapshots").fetchone()[0]
        if "pending" in tables:
            report.pending = con.execute("SELECT count(*) FROM pending WHERE key NOT LIKE '@%'").fetchone()[0]
            latest = con.execute("SELECT max(modified) FROM pending").fetchone()[0]
            if latest and latest > report.modified:
                report.modified = latest
        if "session" in tables:
            row = con.execute("SELECT token, user, host, pid, since, heartbeat FROM session WHERE id = 1").fetchone()
            if row:
                report.holder = session.Holder(*row)
                report.holder_stale = session.is_stale(report.holder)
    except (sqlite3.DatabaseError, json.JSONDecodeError) as exc:
        report.problems.append(f"已损坏：{exc}")
    finally:
        con.close()
    report.ok = not report.problems
    return report
