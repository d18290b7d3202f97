"""Who has a workbook open for editing, and whether that claim is still alive.

The claim is a row inside the file (no lock file beside it to forget on a USB stick). It names
user, computer, process and start time, and is refreshed by a heartbeat. It is stale when its
process is gone from this computer, or when a claim from another computer has not been
refreshed for STALE_AFTER (that computer crashed or lost the share).
"""
from __future__ import annotations

import datetime as dt
import os

import msgspec

HEARTBEAT_EVERY = dt.timedelta(seconds=30)
STALE_AFTER = dt.timedelta(minutes=3)


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class Holder(msgspec.Struct, frozen=True):
    token: str
    user: str
    host: str
    pid: int
    since: str
    heartbeat: str

    @property
    def since_text(self) -> str:
        try:
            return dt.datetime.fromisoformat(self.since).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.since


def _user() -> str:
    # the variables getpass reads first; getpass itself (and termios) only when they are unset
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    try:
        import getpass
        return getpass.getuser()
    except Exception:  # no login name (services, some Windows setups)
        return "未知用户"


def _host() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket     # Windows
    return socket.gethostname()


def this_holder(token: str) -> Holder:
    now = now_text()
    return Holder(token, _user(), _host(), os.getpid(), now, now)


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(holder: Holder, now: dt.datetime | None = None) -> bool:
    """A claim from a process gone from this computer, or one not refreshed for STALE_AFTER
    (another computer that crashed; or a reused process number after a reboot here)."""
    if holder.host == _host() and not process_alive(holder.pid):
        return True
    now = now or dt.datetime.now()
    try:
        last = dt.datetime.fromisoformat(holder.heartbeat)
    except ValueError:
        return True
    return now - last > STALE_AFTER
