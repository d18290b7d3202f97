"""No network for the test suite and for every Python program it starts (issue 18: the program
never opens a network connection, so no test may either).

tests/conftest.py calls `install()` before anything else is imported, and puts this folder on the
PYTHONPATH of every child process it starts; Python imports `sitecustomize` at start-up, so a
`python -m perfdesk …` that a test runs is under the same ban.

Banned: `connect`/`connect_ex`/`sendto`/`sendmsg` on an AF_INET or AF_INET6 socket (loopback too),
`socket.create_connection`, and name lookups (`getaddrinfo`, `gethostbyname…`, `gethostbyaddr`).
AF_UNIX stays allowed: Qt and D-Bus use it locally, and it never leaves the machine.
`socket.gethostname()` is no lookup (the workbook lock records it) and stays allowed.

An attempt raises `NetworkForbidden` — a RuntimeError, not an OSError, so code that handles
"no network" gracefully cannot quietly absorb it — and is appended to the file named by
$PERFDESK_TEST_NO_NETWORK, which the conftest reads after each test: an attempt that the code
under test caught and swallowed still fails the test. That variable set to "" turns the ban off
for a child (only tests/tools' kit build, which downloads wheels on purpose, does that).
"""
from __future__ import annotations

import os
import socket
import sys

ENV = "PERFDESK_TEST_NO_NETWORK"
HERE = os.path.dirname(os.path.abspath(__file__))
_INET = (socket.AF_INET, socket.AF_INET6)


class NetworkForbidden(RuntimeError):
    pass


def installed() -> bool:
    return getattr(socket, "_perfdesk_no_network", False)


def _refuse(what: str, target: object) -> None:
    message = f"network access is forbidden in perfdesk's tests: {what}({target!r})"
    log = os.environ.get(ENV)
    if log:
        try:
            with open(log, "a", encoding="utf-8") as f:
                f.write(f"pid {os.getpid()} {' '.join(sys.argv)[:200]}: {what}({target!r})\n")
        except OSError:
            pass
    raise NetworkForbidden(message)


def install() -> None:
    if installed():
        return
    sock = socket.socket
    originals = {name: getattr(sock, name) for name in ("connect", "connect_ex", "sendto", "sendmsg")}

    def guarded(name):
        original = originals[name]

        def method(self, *args, **kwargs):
            if self.family in _INET:
                _refuse(f"socket.{name}", args[-1] if name in ("sendto",) else (args[0] if args else None))
            return original(self, *args, **kwargs)
        method.__name__ = name
        return method

    for name in originals:
        setattr(sock, name, guarded(name))

    def lookup(name):
        def refuse(*args, **kwargs):
            _refuse(f"socket.{name}", args[0] if args else kwargs.get("host"))
        refuse.__name__ = name
        return refuse

    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        setattr(socket, name, lookup(name))
    socket._perfdesk_no_network = True


def child_env(env: dict[str, str]) -> dict[str, str]:
    """`env` for a child process, with the ban: the log variable and this folder on PYTHONPATH.
    A child whose env sets the variable to "" keeps the network (and is left as it is)."""
    if env.get(ENV) == "":
        return env
    env = dict(env)
    env.setdefault(ENV, os.environ.get(ENV, os.devnull))
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if HERE not in parts:
        env["PYTHONPATH"] = os.pathsep.join([HERE, *parts])
    return env


# A Python program started with this folder on its PYTHONPATH (a child of the test suite).
if os.environ.get(ENV):
    install()
