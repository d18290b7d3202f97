"""Reading definition files: the typed TOML reader every definitions loader shares (forms,
kinds, profiles, library, derivation rules), the error that names file, line and key, and the
TOML files themselves (through the parsed-copy cache, toml_cache).

A module of its own so that loader.py can read forms/kinds/ (kinds.py) and kinds.py can read its
files with the same helpers without either importing the other.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import toml_cache

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def forms_dir() -> Path:
    """forms/ beside the package in a checkout; inside the package when installed as a wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "forms", here / "forms"):
        if candidate.is_dir():
            return candidate
    raise DefinitionError(str(here.parent / "forms"), "", "找不到表样定义目录 forms/")


class DefinitionError(Exception):
    KIND = "表样定义文件"

    def __init__(self, source: str, key: str, problem: str, line: int | None = None):
        self.source, self.key, self.problem, self.line = source, key, problem, line
        super().__init__(f"{self.KIND}有误：{self.where}：{problem}")

    @property
    def where(self) -> str:
        """File, line and key, as the messages name them."""
        return (f"{self.source}" + (f"，第 {self.line} 行" if self.line else "")
                + (f"，键 “{self.key}”" if self.key else ""))

    def at_line(self, text: str) -> DefinitionError:
        """The same problem, naming the line of its key in `text` (the file's TOML)."""
        from .toml_lines import line_of

        if self.line is not None:
            return self
        return type(self)(self.source, self.key, self.problem, line_of(text, self.key))


class _Reader:
    """Typed access to one TOML table, with the key path kept for messages."""

    def __init__(self, source: str, data: Any, path: str = ""):
        self.source, self.data, self.path = source, data, path
        if not isinstance(data, dict):
            self.fail("", "应为表（键值对）")
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str):
        raise DefinitionError(self.source, self.key(name) if name else self.path, problem)

    def get(self, name: str, kind: type | tuple, default: Any = ..., required: bool = False) -> Any:
        self.used.add(name)
        if name not in self.data:
            if required or default is ...:
                self.fail(name, "缺少必填项")
            return default
        value = self.data[name]
        # bool is an int in Python: refuse it where a number is meant
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _tuple(kind)):
            self.fail(name, f"类型应为{_kind_name(kind)}，实际为 {value!r}")
        return value

    def ident(self, name: str) -> str:
        value = self.get(name, str)
        if not _ID.match(value):
            self.fail(name, f"标识 {value!r} 只能由小写字母、数字和下划线组成，且以字母开头")
        return value

    def child(self, name: str, index: int | None = None, data: Any = None) -> _Reader:
        path = self.key(name) + (f"[{index}]" if index is not None else "")
        return _Reader(self.source, data, path)

    def tables(self, name: str, required: bool = False) -> list[_Reader]:
        items = self.get(name, list, default=[] if not required else ..., required=required)
        return [self.child(name, i, item) for i, item in enumerate(items)]

    def finish(self):
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            self.fail(unknown[0], "未知的键（拼写错误？）")


def _tuple(kind) -> tuple:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind) -> str:
    names = {str: "文本", int: "整数", bool: "布尔值", list: "列表", dict: "表"}
    return "或".join(names.get(k, k.__name__) for k in _tuple(kind))


def read_toml(path: Path, source: str) -> dict:
    """A TOML file as data; unreadable or malformed files are refused naming the file."""
    return read_toml_text(path, source)[1]


def read_toml_text(path: Path, source: str) -> tuple[str, dict]:
    """A TOML file's text and data; unreadable or malformed files are refused naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(source, "", f"无法读取：{exc}") from exc
    return text, toml_cache.load(path, text, lambda t: _parse_toml(t, source))


def _parse_toml(text: str, source: str) -> dict:
    import tomllib      # only for files the cache does not hold (see toml_cache)

    from .toml_lines import syntax_error_line

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(source, "", f"TOML 语法错误：{exc}", syntax_error_line(str(exc))) from exc
