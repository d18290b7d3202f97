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
from ..definitions.form_figures import profile_of
from .seals import header_context, verified_records, write_seals

SUFFIX = ".perfdesk"
HEADER_KEY, ORDER_KEY = "@header", "@order"
DEFINITION_KEY = "@definition:"     # pending key of an autosaved definition: @definition:<kind>:<id>


class WorkbookFileError(Exception):
    """A workbook file that cannot be opened or written; the message is for the user."""


class WorkbookBusyError(WorkbookFileError):
    """Another program is writing the file right now: try again shortly (it is not damaged)."""


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


# Every value read from a file passes here: what SQLite stored may be any type (a BLOB where
# text belongs, a number where a list belongs), any bytes, and JSON of any depth or size. Damage
# becomes a WorkbookFileError naming the file and the place; nothing else escapes.
_CONTENT_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError, LookupError,
                   RecursionError, ArithmeticError, UnicodeError)

_SQLITE_TEXTS = (
    ("database disk image is malformed", "数据库结构已损坏"),
    ("file is not a database", "不是数据库文件"),
    ("file is encrypted or is not a database", "不是数据库文件"),
    ("no such table", "缺少数据表"),
    ("no such column", "数据表缺少列"),
    ("disk i/o error", "磁盘读写错误"),
    ("unable to open database file", "无法打开数据库文件"),
    ("could not decode to utf-8", "含有不是 UTF-8 编码的文本"),
    ("attempt to write a readonly database", "文件只读，不能写入"),
    ("database or disk is full", "磁盘空间不足"),
)


def _busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def sqlite_text(exc: BaseException) -> str:
    """SQLite's English message as a Chinese phrase (the English kept in brackets)."""
    text = str(exc)
    for english, chinese in _SQLITE_TEXTS:
        if english in text.lower():
            return f"{chinese}（SQLite：{text}）"
    return f"SQLite 报告错误（{text}）"


def _read_error(path: Path, exc: sqlite3.Error, doing: str = "读取") -> WorkbookFileError:
    if _busy(exc):
        return WorkbookBusyError(f"文件 {path} 正被另一个程序写入（正忙），请稍后再试；文件未作改动")
    return WorkbookFileError(f"文件 {path} 已损坏，无法{doing}：{sqlite_text(exc)}；程序不会改动它，请用快照或备份恢复")


def _short(value, most: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= most else text[:most] + f"…（共 {len(text)} 个字符）"


def column_text(path: Path, place: str, value) -> str:
    """A TEXT column's value (read as BLOB so that no encoding error escapes from SQLite)."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise WorkbookFileError(f"文件 {path} 已损坏：{place}不是有效的 UTF-8 文本") from None
    if isinstance(value, str):
        return value
    raise WorkbookFileError(f"文件 {path} 已损坏：{place}应为文本，实际为 {_short(value)}")


def column_json(path: Path, place: str, value):
    """The JSON in a TEXT column, whatever its bytes, depth or numbers."""
    text = column_text(path, place, value)
    try:
        return json.loads(text)
    except RecursionError:
        raise WorkbookFileError(f"文件 {path} 已损坏：{place}的 JSON 嵌套过深") from None
    except json.JSONDecodeError as exc:
        raise WorkbookFileError(
            f"文件 {path} 已损坏：{place}不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）") from None
    except ValueError:     # e.g. an integer of more digits than Python converts
        raise WorkbookFileError(f"文件 {path} 已损坏：{place}的 JSON 含有无法读取的数字") from None


def _lenient_text(value) -> str:
    """For what is only shown (snapshot names, who holds the lock): damage shows, never stops."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else str(value)


def holder_of(row) -> session.Holder:
    """The lock row, whatever it holds: a damaged claim reads as one no process owns (stale)."""
    token, user, host, pid, since, heartbeat = row
    pid = pid if isinstance(pid, int) and not isinstance(pid, bool) and 0 <= pid < 2 ** 31 else 0
    return session.Holder(_lenient_text(token), _lenient_text(user), _lenient_text(host), pid,
                          _lenient_text(since), _lenient_text(heartbeat))


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
        if _busy(exc):
            raise WorkbookBusyError(f"文件 {path} 正被另一个程序写入（正忙），请稍后再打开") from None
        raise WorkbookFileError(f"文件 {path} 已损坏，无法撤回未完成的写入：{sqlite_text(exc)}") from None
    except sqlite3.DatabaseError as exc:
        raise WorkbookFileError(f"文件 {path} 已损坏，无法撤回未完成的写入：{sqlite_text(exc)}") from None
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
        self.damaged_backup: Path | None = None   # written by open(to_restore=True) over damaged content
        self.read_only_reason = ""
        self._journaled: dict[str, str] = {}   # definitions autosaved in this session: key → text

    # -- opening and creating -----------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, registry: Registry | None = None, read_only: bool = False,
             to_restore: bool = False) -> WorkbookFile:
        """Open for editing (locking it), or read-only. Never writes to a damaged or foreign file,
        except `to_restore`: a sound SQLite file whose content cannot be read is opened so that a
        snapshot can replace the content (restore_snapshot keeps a byte copy first)."""
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
            if "con" in locals():
                con.close()
            raise _read_error(path, exc, "打开") from None
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
                # read (and so check) everything before the first write: a file whose content
                # is damaged is refused unchanged, not locked, migrated or written to first
                try:
                    wf._first_load = wf._load(include_pending=True)
                except WorkbookFileError:
                    if not (to_restore and version == SCHEMA_VERSION):
                        raise
                    con.execute("BEGIN IMMEDIATE")      # the copy before our lock row is written
                    try:
                        wf.damaged_backup = wf._byte_copy("损坏备份", "恢复快照前")
                    finally:
                        con.execute("ROLLBACK")
                    wf._keep_pristine()     # a restore that fails leaves the file as it was
                    wf._acquire()
                    return wf
                if version < SCHEMA_VERSION:
                    wf._migrate()
                else:
                    wf._keep_pristine()
                wf._acquire()
                if wf.recovery is not None:
                    wf._pristine = None   # a session that ended badly: the user decides
        except BaseException:
            con.close()
            raise
        return wf

    _first_load: Workbook | None = None
    # the file as opened (bytes, stat) while this session has written nothing but its lock:
    # closing then puts it back exactly, so opening and closing changes neither content nor
    # the 最后修改 the start page shows
    _pristine: tuple[bytes, os.stat_result] | None = None
    PRISTINE_LIMIT = 64 * 1024 * 1024

    def _keep_pristine(self) -> None:
        try:
            st = self.path.stat()
            if st.st_size <= self.PRISTINE_LIMIT:
                self._pristine = (self.path.read_bytes(), st)
        except OSError:
            self._pristine = None

    def _restore_pristine(self) -> bool:
        """Put the file back as it was opened, still holding the lock (EXCLUSIVE): a process
        that has the old file open sees it locked by us, never free to write into a file that
        is no longer the workbook. False when that cannot be done (then the lock is released
        as usual and only the time is put back)."""
        data, st = self._pristine
        con = self._con
        tmp = self.path.with_name(f".{self.path.stem}-{self.token[:8]}.tmp")
        try:
            con.execute("BEGIN EXCLUSIVE")
        except sqlite3.Error:
            return False
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, st.st_mode & 0o7777)
            os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
            os.replace(tmp, self.path)
            _fsync_directory(self.path.parent)
        except OSError:
            tmp.unlink(missing_ok=True)
            try:
                con.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            return False
        return True

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
        before = self._load_saved()
        con = self._con
        try:
            con.execute("BEGIN IMMEDIATE")   # no other writer while we copy and upgrade
            backup = self._byte_copy(f"备份-格式{old}", "升级文件格式前")
            migrate(con, old)
            _write_definitions(con, before)
            write_seals(con, before, list(before.forms), written=False)
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
                holder = holder_of(row)
                if not session.is_stale(holder):
                    con.execute("ROLLBACK")
                    raise WorkbookLockedError(self.path, holder)
                pending = tuple((_lenient_text(k), _lenient_text(m)) for k, m in con.execute(
                    "SELECT CAST(key AS BLOB), CAST(modified AS BLOB) FROM pending ORDER BY modified, key"))
                self.recovery = Recovery(holder, pending)
            con.execute("INSERT OR REPLACE INTO session (id, token, user, host, pid, since, heartbeat) "
                        "VALUES (1, ?, ?, ?, ?, ?, ?)", (me.token, me.user, me.host, me.pid, me.since, me.heartbeat))
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
                raise WorkbookBusyError(f"文件 {self.path} 正被另一个程序写入（正忙），请稍后再试；文件未作改动") from None
            raise WorkbookFileError(_disk_message(self.path, exc)) from None
        self.token = token

    def close(self, discard_pending: bool = False) -> None:
        """Release the file. Nothing is left beside it: the rollback journal exists only mid-write."""
        if self._con is None:
            return
        pristine = self._pristine
        if pristine is not None and not self.read_only and self.token and self._restore_pristine():
            self._con.close()           # (its open EXCLUSIVE transaction dies with the old file)
            self._con = None
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
        if pristine is not None:       # nothing but the lock was written: the time goes back
            try:
                os.utime(self.path, ns=(pristine[1].st_atime_ns, pristine[1].st_mtime_ns))
            except OSError:
                pass

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
        first, self._first_load = self._first_load, None
        if first is not None and include_pending:
            return first       # read when the file was opened, nothing written since
        return self._load(include_pending)

    def _load(self, include_pending: bool) -> Workbook:
        """Every value read passes column_text / column_json and the codec's checks: damaged
        content of any kind is a WorkbookFileError naming the file and the place."""
        con, path = self._con, self.path
        try:
            header_row = con.execute("SELECT CAST(data AS BLOB) FROM workbook WHERE id = 1").fetchone()
            form_rows = con.execute("SELECT CAST(id AS BLOB), CAST(data AS BLOB) FROM forms "
                                    "ORDER BY position").fetchall()
            pending_rows = []
            if include_pending and "pending" in self._tables():
                pending_rows = con.execute("SELECT CAST(key AS BLOB), CAST(data AS BLOB) FROM pending "
                                           "ORDER BY key").fetchall()
            texts = self._definition_texts()
        except sqlite3.DatabaseError as exc:
            raise _read_error(path, exc) from None
        if header_row is None:
            raise WorkbookFileError(f"文件 {path} 缺少工作簿信息，可能已损坏")
        pending: dict[str, object] = {}
        for i, (key, data) in enumerate(pending_rows):
            key = column_text(path, f"未保存的修改（pending 表第 {i + 1} 行）的键", key)
            pending[key] = None if data is None else column_text(path, f"未保存的修改“{key}”", data)
        for key, text in pending.items():
            if key.startswith(DEFINITION_KEY) and text is not None:
                kind, _, item_id = key[len(DEFINITION_KEY):].partition(":")
                texts.setdefault(kind, {})[item_id] = text
        try:
            if pending.get(HEADER_KEY) is not None:
                place, header = "未保存的工作簿信息（@header）", pending[HEADER_KEY]
            else:
                place, header = "工作簿信息（workbook 表）", header_row[0]
            wb = _converted(path, place, workbook_header_from_dict, column_json(path, place, header))
            registry = self._registry
            if texts["form"]:
                registry = _converted(path, "表样定义（definitions 表）", embedded_registry, texts["form"],
                                      self._registry)
            wb.profile_texts = dict(sorted(texts["profile"].items()))
            forms: dict[str, object] = {}
            order = []
            for i, (form_id, data) in enumerate(form_rows):
                form_id = column_text(path, f"forms 表第 {i + 1} 行的标识", form_id)
                forms[form_id] = ("forms", data)
                order.append(form_id)
            if ORDER_KEY in pending:
                order = column_json(path, "未保存的表单顺序（@order）", pending[ORDER_KEY])
                if not isinstance(order, list) or not all(isinstance(x, str) for x in order):
                    raise WorkbookFileError(
                        f"文件 {path} 已损坏：未保存的表单顺序（@order）为 {_short(order)}，不是表单标识的列表")
                if len(set(order)) != len(order):
                    raise WorkbookFileError(f"文件 {path} 已损坏：未保存的表单顺序（@order）中有重复的表单")
            for key, data in pending.items():
                if not key.startswith("@"):
                    forms[key] = None if data is None else ("pending", data)
            for form_id in order:
                if forms.get(form_id) is None:
                    continue
                table, data = forms[form_id]
                place = (f"表单“{form_id}”（forms 表）" if table == "forms"
                         else f"表单“{form_id}”的未保存修改（pending 表）")
                form = _converted(path, place, form_from_dict, column_json(path, place, data), registry)
                if form.id != form_id:
                    raise WorkbookFileError(
                        f"文件 {path} 已损坏：{place}的内容标识为“{form.id}”，与所在行的标识“{form_id}”不符")
                wb.forms.append(form)
        except RecursionError:
            raise WorkbookFileError(f"文件 {path} 已损坏：内容嵌套过深，无法读取") from None
        return wb

    def _definition_texts(self) -> dict[str, dict[str, str]]:
        """The definitions and profiles the file carries ({"form": {id: text}, "profile": …})."""
        texts: dict[str, dict[str, str]] = {"form": {}, "profile": {}}
        if "definitions" in self._tables():
            rows = self._con.execute("SELECT CAST(kind AS BLOB), CAST(id AS BLOB), CAST(text AS BLOB) "
                                     "FROM definitions ORDER BY kind, id")
            for i, (kind, item_id, text) in enumerate(rows):
                place = f"definitions 表第 {i + 1} 行"
                kind = column_text(self.path, f"{place}的类别", kind)
                item_id = column_text(self.path, f"{place}的标识", item_id)
                text = column_text(self.path, f"表样或评分方案“{item_id}”（definitions 表）", text)
                texts.setdefault(kind, {})[item_id] = text
        return texts

    @property
    def has_pending(self) -> bool:
        if "pending" not in self._tables():
            return False
        return self._con.execute("SELECT count(*) FROM pending").fetchone()[0] > 0

    # -- writing ------------------------------------------------------------------------
    class _Transaction:
        def __init__(self, wf: WorkbookFile, pristine=None):
            self.wf = wf
            self.pristine = pristine     # put back when the write rolls back: the file is as opened

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
                    if self.pristine is not None:
                        self.wf._pristine = self.pristine
                except sqlite3.Error:
                    pass
            if isinstance(exc, sqlite3.Error):
                raise WorkbookFileError(_disk_message(self.wf.path, exc)) from None
            return False

    def _write(self, content: bool = True) -> WorkbookFile._Transaction:
        pristine = self._pristine
        if content:
            self._pristine = None      # the file now differs from the one opened
        return WorkbookFile._Transaction(self, pristine)

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
                            (form.id, _form_json(form), now))
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
        with self._write(content=False) as con:
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
        try:
            return self._con.execute("SELECT name, created, auto, data FROM snapshots ORDER BY id").fetchall()
        except sqlite3.DatabaseError as exc:
            raise _read_error(self.path, exc) from None

    def snapshots(self) -> list[SnapshotInfo]:
        if "snapshots" not in self._tables():
            return []
        try:
            rows = self._con.execute("SELECT id, CAST(name AS BLOB), CAST(created AS BLOB), auto "
                                     "FROM snapshots ORDER BY id").fetchall()
        except sqlite3.DatabaseError as exc:
            raise _read_error(self.path, exc) from None
        return [SnapshotInfo(i, _lenient_text(n), _lenient_text(c), a not in (0, None, b"", ""))
                for i, n, c, a in rows]

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
        try:
            data = self._con.execute("SELECT CAST(data AS BLOB) FROM snapshots WHERE id = ?",
                                     (snapshot.id,)).fetchone()
        except sqlite3.DatabaseError as exc:
            raise _read_error(self.path, exc) from None
        place = f"快照 #{snapshot.id}“{snapshot.name}”"
        if data is None:
            raise WorkbookFileError(f"文件 {self.path} 中没有{place}")
        return _converted(self.path, place, workbook_from_dict, column_json(self.path, place, data[0]),
                          self._registry)

    def restore_snapshot(self, key: str, current: Workbook | None = None) -> Workbook:
        """Make a snapshot the saved state; the state before is kept as an automatic snapshot.

        When the current content cannot be read (damaged forms, header or journal; opened with
        `to_restore`), restoring is the way out: the state before is then the exact byte copy
        open() made beside the file (`damaged_backup`), since it cannot be kept as a snapshot."""
        try:
            snap = self.find_snapshot(key)
            restored = self.snapshot_workbook(snap)
            if current is None and self.damaged_backup is None:
                current = self.load()
            with self._write() as con:
                if current is not None:
                    con.execute("INSERT INTO snapshots (name, created, auto, data) VALUES (?, ?, 1, ?)",
                                (f"恢复快照“{snap.name}”前自动快照", _now(), dump_workbook(current)))
                _write_contents(con, restored, None, _now())
                con.execute("DELETE FROM pending")
        except BaseException:
            if self.damaged_backup is not None:     # nothing was changed: no copy to explain
                self.damaged_backup.unlink(missing_ok=True)
                self.damaged_backup = None
            raise
        self._journaled.clear()
        return restored

    def _byte_copy(self, label: str, when: str = "") -> Path:
        """An exact copy beside the file, on disk when this returns (call it holding the write lock)."""
        import shutil    # (loaded when first needed, not to open a file)

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.stem}.{label}-{stamp}{self.path.suffix}")
        try:
            shutil.copyfile(self.path, backup)
            with open(backup, "rb+") as fh:
                os.fsync(fh.fileno())
        except OSError as exc:
            backup.unlink(missing_ok=True)
            raise WorkbookFileError(
                f"{when}无法写入备份 {backup.name}：{exc.strerror or exc}；文件未作改动") from None
        return backup

    def delete_snapshot(self, snapshot: SnapshotInfo) -> None:
        with self._write() as con:
            con.execute("DELETE FROM snapshots WHERE id = ?", (snapshot.id,))


def _converted(path: Path, place: str, convert, *args):
    """The codec's reading of data from the file; any damage it meets names file and place."""
    try:
        return convert(*args)
    except WorkbookDataError as exc:
        raise WorkbookFileError(f"文件 {path} 的内容有误：{place}：{exc}；文件未作改动") from None
    except RecursionError:
        raise WorkbookFileError(f"文件 {path} 已损坏：{place}嵌套过深，无法读取") from None
    except _CONTENT_ERRORS:
        raise WorkbookFileError(f"文件 {path} 已损坏：{place}的结构有误，无法读取") from None


def _form_json(form: Form) -> str:
    """The form as stored, refused (nothing written: the transaction rolls back) when it holds a
    field or section its definition lacks — the reader would refuse the whole file afterwards."""
    d = form.definition
    for key, lookup, what in ((form.fields, d.field_def, "栏目"), (form.sections, d.section_def, "段落")):
        for item_id in key:
            if lookup(item_id) is None:
                raise WorkbookFileError(f"表单“{form.title or form.id}”中有表样“{d.name}”没有的{what}“{item_id}”，"
                                        "未写入文件（文件保持原样）")
    return canonical_json(form_to_dict(form))


def _write_contents(con: sqlite3.Connection, workbook: Workbook, forms: list[Form] | None, now: str):
    old_header = con.execute("SELECT data FROM workbook WHERE id = 1").fetchone()
    header = workbook_header_to_dict(workbook)
    con.execute("INSERT INTO workbook (id, data, modified) VALUES (1, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET data = excluded.data, modified = excluded.modified",
                (canonical_json(header), now))
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
            (form.id, positions[form.id], form.definition.id, _form_json(form), now))
    _write_definitions(con, workbook)
    # each written form's 审核摘要 (perfdesk.store.seals); never a reason for the write to fail.
    # A header the figures depend on (unit name, signature lines) changed: every form's seal is stale
    others = []
    if forms is not None and old_header is not None and _header_context_changed(old_header[0], header):
        written = {f.id for f in forms}
        others = [f for f in workbook.forms if f.id not in written]
    write_seals(con, workbook, list(workbook.forms if forms is None else forms), others=others)


def _header_context_changed(old_text, header: dict) -> bool:
    try:
        return header_context(json.loads(old_text)) != header_context(header)
    except Exception:       # noqa: BLE001 - an unreadable old header: seal everything again
        return True


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
    remove_stale_temporaries(path)
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


STALE_TEMPORARY_AGE = 60.0      # seconds: a live write of a new file takes far less


def remove_stale_temporaries(path: Path, min_age: float = STALE_TEMPORARY_AGE) -> list[Path]:
    """A write of a new file killed midway leaves its hidden `.NAME-xxxx.tmp` (and perhaps a
    `-journal`) beside the target. Remove the ones this program made for `path` that no process
    is writing any more: older than `min_age`, and lockable at once (SQLite's locks die with
    their process). Anything else is left alone."""
    import time

    directory = path.parent if str(path.parent) else Path(".")
    removed = []
    try:
        candidates = sorted(directory.glob(f".{path.stem}-*.tmp")) + sorted(directory.glob(f".{path.stem}-*.tmp-journal"))
    except OSError:
        return removed
    now = time.time()
    for candidate in candidates:
        try:
            if not candidate.is_file() or now - candidate.stat().st_mtime < min_age:
                continue
            if candidate.name.endswith(".tmp"):
                journal = candidate.with_name(candidate.name + "-journal")
                con = sqlite3.connect(str(candidate), isolation_level=None, timeout=0)
                try:
                    con.execute("BEGIN EXCLUSIVE")   # fails while a live writer holds it
                    con.execute("ROLLBACK")
                finally:
                    con.close()
                candidate.unlink(missing_ok=True)
                journal.unlink(missing_ok=True)
            elif not candidate.with_name(candidate.name[: -len("-journal")]).exists():
                candidate.unlink(missing_ok=True)    # a journal whose database is gone
            else:
                continue
            removed.append(candidate)
        except (OSError, sqlite3.Error):
            continue
    return removed


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


class SealedFile:
    """A workbook file whose every form carries a 审核摘要 that matches its bytes (read_sealed):
    the header decoded, the forms still as stored, each form's overview figures from its seal."""

    def __init__(self, path: Path, header: Workbook, header_data: dict, forms: list[tuple[bytes, bytes, bytes]],
                 texts: list[tuple[bytes, bytes, bytes]], records: list[dict], registry: Registry | None):
        self.path, self.header, self.header_data = path, header, header_data
        self.forms, self.texts, self.records, self._registry = forms, texts, records, registry

    @property
    def definition_ids(self) -> list[str]:
        return [d.decode("utf-8") for _, d, _ in self.forms]

    def workbook(self) -> Workbook:
        """The whole workbook, decoded from the bytes read (as read_workbook would give it)."""
        path = self.path
        texts: dict[str, dict[str, str]] = {"form": {}, "profile": {}}
        for kind, item_id, text in self.texts:
            texts.setdefault(kind.decode("utf-8"), {})[item_id.decode("utf-8")] = text.decode("utf-8")
        wb = _converted(path, "工作簿信息（workbook 表）", workbook_header_from_dict, self.header_data)
        registry = self._registry
        if texts["form"]:
            registry = _converted(path, "表样定义（definitions 表）", embedded_registry, texts["form"], self._registry)
        wb.profile_texts = dict(sorted(texts["profile"].items()))
        for form_id, _, data in self.forms:
            form_id = form_id.decode("utf-8")
            place = f"表单“{form_id}”（forms 表）"
            form = _converted(path, place, form_from_dict, column_json(path, place, data), registry)
            if form.id != form_id:
                raise WorkbookFileError(
                    f"文件 {path} 已损坏：{place}的内容标识为“{form.id}”，与所在行的标识“{form_id}”不符")
            wb.forms.append(form)
        return wb

    def workbook_json(self) -> bytes:
        """The workbook JSON (docs/workbook-json.md, definitions embedded) with sorted keys,
        composed from the stored texts (each form's row as it is: canonical JSON, keys sorted);
        formatted (msgspec.json.format, as the summary file is written) byte for byte what
        `msgspec.json.encode(workbook_to_dict(self.workbook()), order="sorted")` gives.
        """
        data = dict(self.header_data)
        data["forms"] = [msgspec.Raw(raw) for _, _, raw in self.forms]     # JSON (read_sealed checked)
        definitions = {i.decode("utf-8"): t.decode("utf-8") for k, i, t in self.texts if k == b"form"}
        profile_texts = {i.decode("utf-8"): t.decode("utf-8") for k, i, t in self.texts if k == b"profile"}
        used = set(self.definition_ids)
        profiles: dict[str, str] = {}         # embedded_texts: the profiles of the scored forms
        for record in self.records:
            if record["scored"]:
                p = profile_of(record["definition"], profile_texts)
                if p is not None and p.id not in profiles:
                    profiles[p.id] = p.text
        data["definitions"] = {"forms": {i: definitions[i] for i in sorted(used)},
                               "profiles": {i: t for i, t in sorted(profiles.items()) if t}}
        return msgspec.json.encode(data, order="sorted")


def read_sealed(path: str | os.PathLike, registry: Registry | None = None) -> SealedFile | None:
    """Open the file as read_workbook does (the same checks: header, interrupted write,
    integrity, version — the same WorkbookFileError when it cannot be read) and read its rows
    without decoding the forms. A SealedFile when every form's 审核摘要 matches the bytes read;
    None when any does not, the file has no seals or has unsaved (autosaved) edits: then read it
    with read_workbook and check it in full."""
    path = Path(path)
    with WorkbookFile.open(path, registry, read_only=True) as wf:
        con = wf._con
        try:
            tables = wf._tables()
            if "seals" not in tables or "definitions" not in tables:
                return None
            con.execute("BEGIN")       # one consistent reading
            try:
                if "pending" in tables and con.execute("SELECT count(*) FROM pending").fetchone()[0]:
                    return None
                header = con.execute("SELECT CAST(data AS BLOB) FROM workbook WHERE id = 1").fetchone()
                forms = con.execute("SELECT CAST(id AS BLOB), CAST(definition AS BLOB), CAST(data AS BLOB) "
                                    "FROM forms ORDER BY position").fetchall()
                texts = con.execute("SELECT CAST(kind AS BLOB), CAST(id AS BLOB), CAST(text AS BLOB) "
                                    "FROM definitions ORDER BY kind, id").fetchall()
                seals = dict(con.execute("SELECT CAST(form_id AS BLOB), CAST(data AS BLOB) FROM seals").fetchall())
            finally:
                con.execute("ROLLBACK")
            if header is None or not all(isinstance(x, bytes) for row in forms + texts for x in row):
                return None
            header_data = msgspec.json.decode(header[0])
            if not isinstance(header_data, dict):
                return None
            records = verified_records(header_data, forms, texts, seals)
            if records is None:
                return None
            for _, _, raw in forms:     # JSON (a hand-made row must not break a summary file), not decoded
                msgspec.json.decode(raw, type=msgspec.Raw)
            head = workbook_header_from_dict(header_data)
        except Exception:     # noqa: BLE001 - anything odd: the full reading says what it is
            return None
        return SealedFile(path, head, header_data, forms, texts, records, registry)


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
    warnings: list[str] = msgspec.field(default_factory=list)   # e.g. a damaged snapshot
    busy: bool = False               # another program is writing it right now (not damaged)
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
    """Examine a file without changing it: kind, version, integrity, lock, and everything the
    other commands read (header, forms, autosaved edits, snapshots) through the same reader, so
    that a file it calls sound opens everywhere, and one every command refuses is not sound."""
    path = Path(path)
    report = FileReport(str(path), path.exists())
    if not report.exists:
        report.problems.append("文件不存在")
        return report
    try:
        check_header(path)
        roll_back_interrupted_write(path)
    except WorkbookFileError as exc:
        report.busy = isinstance(exc, WorkbookBusyError)
        report.problems.append(str(exc))
        return report
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=1.0)
    except sqlite3.Error as exc:
        report.problems.append(str(_read_error(path, exc, "打开")))
        return report
    try:
        report.application_id = con.execute("PRAGMA application_id").fetchone()[0]
        report.schema_version = con.execute("PRAGMA user_version").fetchone()[0]
        report.problems += [f"完整性检查：{p}" for p in _integrity(con, quick=not full)]
        if report.schema_version > SCHEMA_VERSION:
            report.problems.append(f"格式版本 {report.schema_version} 比本程序支持的版本 {SCHEMA_VERSION} 新")
        if report.schema_version < 1:
            report.problems.append(f"格式版本 {report.schema_version} 无效")
        if report.problems:
            return report
        con.execute("BEGIN")         # one consistent reading of everything below
        wf = WorkbookFile(path, con, None, True, report.schema_version)
        tables = wf._tables()
        try:
            wb = wf.load()
            report.unit, report.year, report.forms = wb.unit, wb.year, len(wb.forms)
        except WorkbookFileError as exc:
            report.busy = isinstance(exc, WorkbookBusyError)
            report.problems.append(str(exc))
        times = [con.execute("SELECT max(CAST(modified AS BLOB)) FROM workbook").fetchone()[0],
                 con.execute("SELECT max(CAST(modified AS BLOB)) FROM forms").fetchone()[0]]
        if "pending" in tables:
            report.pending = con.execute("SELECT count(*) FROM pending WHERE key NOT LIKE '@%'").fetchone()[0]
            times.append(con.execute("SELECT max(CAST(modified AS BLOB)) FROM pending").fetchone()[0])
        report.modified = max((_lenient_text(t) for t in times if t is not None), default="")
        if "snapshots" in tables:
            snaps = wf.snapshots()
            report.snapshots = len(snaps)
            if full:
                for snap in snaps:
                    try:
                        wf.snapshot_workbook(snap)
                    except WorkbookFileError as exc:
                        report.warnings.append(f"快照 #{snap.id}“{snap.name}”无法恢复：{exc}")
        if "session" in tables:
            row = con.execute("SELECT token, user, host, pid, since, heartbeat FROM session WHERE id = 1").fetchone()
            if row:
                report.holder = holder_of(row)
                report.holder_stale = session.is_stale(report.holder)
    except WorkbookFileError as exc:
        report.busy = isinstance(exc, WorkbookBusyError)
        report.problems.append(str(exc))
    except sqlite3.DatabaseError as exc:
        error = _read_error(path, exc)
        report.busy = isinstance(error, WorkbookBusyError)
        report.problems.append(str(error))
    finally:
        con.close()
        report.ok = not report.problems
    return report
