"""The line of a key in a TOML text, so that a refused definition names file, key and line.

The loader names a problem's key as a path: `indicators.level1[2].level2_columns[0].type`
(tables joined by dots, array elements by index). `line_of(text, key)` finds the line that
states it: a `[table]` or `[[array.of.tables]]` header, a `key =` line, or an element of an
inline array or table. A key that is not written in the text (a missing key, a whole list) gets
the line of the nearest enclosing place that is. Only used on text tomllib has accepted; anything
this small scanner does not follow gives None rather than a wrong line.
"""
from __future__ import annotations

import bisect
import re

_PART = re.compile(r"\[(\d+)\]$")


def line_of(text: str, key: str) -> int | None:
    """The 1-based line stating `key` (or its nearest enclosing place), None when not found."""
    if not text:
        return None
    lines = key_lines(text)
    path = key
    while path:
        if path in lines:
            return lines[path]
        m = _PART.search(path)
        if m:
            path = path[: m.start()]
        elif "." in path:
            path = path.rsplit(".", 1)[0]
        else:
            break
    return None


def syntax_error_line(message: str) -> int | None:
    """The line tomllib names in a syntax error ("… (at line 3, column 7)")."""
    m = re.search(r"at line (\d+)", message)
    return int(m.group(1)) if m else None


def key_lines(text: str) -> dict[str, int]:
    """Every place the text states, as path → line (the first line that names it)."""
    try:
        return _Scan(text).run()
    except (IndexError, ValueError):      # not something this scanner follows: no lines
        return {}


class _Scan:
    def __init__(self, text: str):
        self.t, self.i = text, 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.out: dict[str, int] = {}
        self.arrays: dict[str, int] = {}   # array-of-tables path → elements so far

    def line(self) -> int:
        return bisect.bisect_left(self.newlines, self.i) + 1

    def record(self, path: str) -> None:
        self.out.setdefault(path, self.line())

    # -- characters ---------------------------------------------------------------------
    def peek(self, n: int = 1) -> str:
        return self.t[self.i: self.i + n]

    def skip_space(self, newlines: bool) -> None:
        while self.i < len(self.t):
            c = self.t[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                end = self.t.find("\n", self.i)
                self.i = len(self.t) if end < 0 else end
            else:
                break

    # -- keys ---------------------------------------------------------------------------
    def key_parts(self, stop: str) -> list[str]:
        parts = []
        while True:
            self.skip_space(False)
            c = self.peek()
            if c in "\"'":
                parts.append(self.string())
            else:
                start = self.i
                while self.i < len(self.t) and (self.t[self.i].isalnum() or self.t[self.i] in "_-"):
                    self.i += 1
                if self.i == start:
                    raise ValueError("key expected")
                parts.append(self.t[start: self.i])
            self.skip_space(False)
            if self.peek() == ".":
                self.i += 1
                continue
            if not self.t.startswith(stop, self.i):
                raise ValueError(f"{stop} expected")
            self.i += len(stop)
            return parts

    @staticmethod
    def join(prefix: str, part: str) -> str:
        return f"{prefix}.{part}" if prefix else part

    def resolve(self, parts: list[str]) -> str:
        """A header's path: arrays of tables on the way refer to their last element."""
        path = ""
        for part in parts[:-1]:
            path = self.join(path, part)
            if path in self.arrays:
                path += f"[{self.arrays[path] - 1}]"
        return self.join(path, parts[-1])

    # -- values -------------------------------------------------------------------------
    def string(self) -> str:
        t = self.t
        for quote in ('"""', "'''"):
            if t.startswith(quote, self.i):
                end = self.i + 3
                while True:
                    end = t.index(quote, end)
                    if quote == '"""' and _escaped(t, end):
                        end += 1
                        continue
                    break
                while t.startswith(quote[0], end + 3):      # """ab"""" ends with a quote
                    end += 1
                value = t[self.i + 3: end]
                self.i = end + 3
                return value
        quote = t[self.i]
        end = self.i + 1
        while True:
            end = t.index(quote, end)
            if quote == '"' and _escaped(t, end):
                end += 1
                continue
            break
        value = t[self.i + 1: end]
        self.i = end + 1
        return value

    def value(self, path: str) -> None:
        self.skip_space(False)
        c = self.peek()
        if c in "\"'":
            self.string()
        elif c == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_space(True)
                if self.peek() == "]":
                    self.i += 1
                    return
                element = f"{path}[{index}]"
                self.record(element)
                self.value(element)
                self.skip_space(True)
                if self.peek() == ",":
                    self.i += 1
                    index += 1
        elif c == "{":
            self.i += 1
            while True:
                self.skip_space(True)
                if self.peek() == "}":
                    self.i += 1
                    return
                line_at = self.i
                parts = self.key_parts("=")
                keep, self.i = self.i, line_at
                inner = path
                for part in parts:
                    inner = self.join(inner, part)
                    self.record(inner)
                self.i = keep
                self.value(inner)
                self.skip_space(True)
                if self.peek() == ",":
                    self.i += 1
        else:
            while self.i < len(self.t) and self.t[self.i] not in ",]}\n#":
                self.i += 1

    # -- statements ---------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        prefix = ""
        while True:
            self.skip_space(True)
            if self.i >= len(self.t):
                return self.out
            if self.t.startswith("[[", self.i):
                self.i += 2
                path = self.resolve(self.key_parts("]]"))
                n = self.arrays.get(path, 0)
                self.arrays[path] = n + 1
                self.record(path)
                prefix = f"{path}[{n}]"
                self.record(prefix)
            elif self.peek() == "[":
                self.i += 1
                prefix = self.resolve(self.key_parts("]"))
                self.record(prefix)
            else:
                start = self.i
                parts = self.key_parts("=")
                keep, self.i = self.i, start
                path = prefix
                for part in parts:
                    path = self.join(path, part)
                    self.record(path)
                self.i = keep
                self.value(path)


def _escaped(text: str, at: int) -> bool:
    """Whether the quote at `at` is escaped by an odd number of backslashes."""
    n = 0
    while at - 1 - n >= 0 and text[at - 1 - n] == "\\":
        n += 1
    return n % 2 == 1
