"""The tables of a workbook file, by schema version, and the steps from one version to the next.

Version 1: workbook header and forms. Version 2 adds the autosave journal (pending), named
snapshots and the session row that locks a file open for editing. Version 3 adds the exact TOML
text of every form definition and scoring profile the workbook's forms use (definitions).
"""
from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x50464B31   # "PFK1": marks the file as a perfdesk workbook
SCHEMA_VERSION = 3

_V1 = """
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

_V2 = """
-- Edits autosaved since the last explicit save: key '@header', '@order' or a form id;
-- data NULL for a form deleted since.
CREATE TABLE pending (
    key TEXT PRIMARY KEY,
    data TEXT,
    modified TEXT NOT NULL
);
CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    created TEXT NOT NULL,
    auto INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL
);
-- Who has the file open for editing (one row at most).
CREATE TABLE session (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL,
    user TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    since TEXT NOT NULL,
    heartbeat TEXT NOT NULL
);
"""

_V3 = """
-- The definitions (kind 'form') and scoring profiles (kind 'profile') the forms use, as the
-- exact TOML text: the file opens, checks and prints on a PC that lacks them.
CREATE TABLE definitions (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
"""

# MIGRATIONS[v] takes a file from version v to v + 1.
MIGRATIONS = {1: _V2, 2: _V3}


def _run(con: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT on its own; statements one by one stay in our transaction
    for statement in script.split(";"):
        if statement.strip():
            con.execute(statement)


def create_tables(con: sqlite3.Connection) -> None:
    """Create the current schema (inside the caller's transaction)."""
    _run(con, _V1)
    for version in range(1, SCHEMA_VERSION):
        _run(con, MIGRATIONS[version])
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def migrate(con: sqlite3.Connection, from_version: int) -> None:
    """Bring an older file to the current schema (inside the caller's transaction)."""
    for version in range(from_version, SCHEMA_VERSION):
        _run(con, MIGRATIONS[version])
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
