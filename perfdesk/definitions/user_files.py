"""Checking and adding the user's own definition files (a form definition, a scoring profile or
a library file): every problem in a file, each with file, line and key; adding one to the user's
folder (perfdesk.definitions.locations) only when it is sound and fits beside the others.

`perfdesk forms check|add` (perfdesk.cli.cmd_forms) and 表样管理 (perfdesk.gui.forms_catalogue)
both use it; it raises UserFileError, in Chinese, which each says in its own way.
"""
from __future__ import annotations

import copy
import os
import re
from pathlib import Path

from . import locations

KIND_NAMES = {"forms": "表样定义", "profiles": "评分方案", "library": "指标库"}
MAX_PROBLEMS = 50


class UserFileError(Exception):
    """A file that cannot be read, or is not added; `problems` lists what checking found."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class Problem:
    def __init__(self, source: str, line: int | None, key: str, problem: str):
        self.source, self.line, self.key, self.problem = source, line, key, problem

    def __str__(self) -> str:
        return (f"{self.source}" + (f"，第 {self.line} 行" if self.line else "")
                + (f"，键 “{self.key}”" if self.key else "") + f"：{self.problem}")


def guess_kind(data: dict) -> str:
    if "kind" in data and "id" in data:
        return "forms"
    if "scope" in data or "categories" in data:
        return "library"
    if "kind" in data:
        return "forms"
    return "profiles"


def _path_parts(key: str) -> list:
    parts: list = []
    for bit in key.split("."):
        m = re.fullmatch(r"(.*?)((?:\[\d+\])*)", bit)
        if m.group(1):
            parts.append(m.group(1))
        parts += [int(i) for i in re.findall(r"\[(\d+)\]", m.group(2))]
    return parts


def _leaf(data, key: str) -> bool:
    """Whether the key names a single value (text, number, true/false), not a table or list."""
    node = data
    try:
        for part in _path_parts(key):
            node = node[part]
    except (KeyError, IndexError, TypeError):
        return False
    return not isinstance(node, (dict, list))


def _drop(data, key: str) -> bool:
    """Remove the key a problem names from the data, to look for further problems."""
    parts = _path_parts(key)
    if not parts:
        return False
    node = data
    try:
        for part in parts[:-1]:
            node = node[part]
        if isinstance(node, dict) and parts[-1] in node:
            del node[parts[-1]]
            return True
    except (KeyError, IndexError, TypeError):
        pass
    return False


class Checked:
    """What checking a definition file found: its kind, id and problems (and the text)."""

    def __init__(self, path: Path, kind: str, item_id: str, text: str, problems: list[Problem], name: str = ""):
        self.path, self.kind, self.id, self.text, self.problems, self.name = path, kind, item_id, text, problems, name


def check_file(path: Path, kind: str | None = None) -> Checked:
    """Every problem that can be found in one definition file (a form definition, a scoring
    profile or a library file), each with file, line and key."""
    import tomllib

    from .library import LibraryFileError, parse_library
    from .loader import DefinitionError, default_registry, parse_definition
    from .profiles import parse_profile
    from .toml_lines import line_of, syntax_error_line

    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserFileError(f"文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserFileError(f"无法读取 {path}：{exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Checked(path, kind or "forms", "", text,
                       [Problem(source, syntax_error_line(str(exc)), "", f"TOML 语法错误：{exc}")])
    kind = kind or guess_kind(data)
    parse = {"forms": lambda d: parse_definition(d, source),
             "profiles": lambda d: parse_profile(d, source),
             "library": lambda d: parse_library(d, source, default_registry())}[kind]
    problems: list[Problem] = []
    work = copy.deepcopy(data)
    name = ""
    for _ in range(MAX_PROBLEMS):
        try:
            result = parse(work)
            if kind != "library":
                name = result.name
            break
        except (DefinitionError, LibraryFileError) as exc:
            if problems and problems[-1].key == exc.key:
                break                 # the key set aside below was required: nothing more to learn
            problems.append(Problem(source, exc.line or line_of(text, exc.key), exc.key, exc.problem))
            # to look for more, set the key aside: an unknown key, or a wrong value of a key that
            # has a default (an id stays: others refer to it); anything else stops the search
            settable = "未知的键" in exc.problem or (
                _leaf(work, exc.key) and not exc.key.endswith(("id", "name", "scope")))
            if not (settable and _drop(work, exc.key)):
                break
    item_id = data.get("scope" if kind == "library" else "id")
    item_id = item_id if isinstance(item_id, str) else ""
    return Checked(path, kind, item_id, text, problems, name)


def builtin_path(kind: str, item_id: str) -> Path:
    from .library import library_dir
    from .loader import forms_dir
    from .profiles import profiles_dir

    folder = {"forms": forms_dir, "profiles": profiles_dir, "library": library_dir}[kind]()
    return folder / f"{item_id}.toml"


def add_file(path: Path, kind: str | None = None, replace: bool = False) -> str:
    """Check `path`, then copy it into the user's folder (replacing a built-in one only with
    `replace`); the loaded definitions are forgotten, so the next use reads it. Returns what was
    done, in Chinese; UserFileError when it was not added."""
    checked = check_file(path, kind)
    kind, what = checked.kind, KIND_NAMES[checked.kind]
    if checked.problems:
        raise UserFileError(f"未添加：{what}文件 {path} 有 {len(checked.problems)} 处问题（{checked.problems[0]}）",
                            checked.problems)
    clash = builtin_path(kind, checked.id).is_file()
    if clash and not replace:
        raise UserFileError(f"未添加：标识 “{checked.id}” 与内置{what}相同；如要以此文件替换内置的，请加 --replace")
    folder = locations.user_dir(kind)
    target = folder / f"{checked.id}.toml"
    previous = target.read_bytes() if target.is_file() else None
    was_replaced = checked.id in locations.replaced(kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(path.read_bytes())
        os.replace(tmp, target)
        if clash:
            locations.set_replaced(kind, checked.id, True)
    except OSError as exc:
        raise UserFileError(f"无法写入 {target}：{exc.strerror or exc}") from None
    locations.reset_defaults()
    problem = _loads_as_user(kind, checked.id, target)
    if problem:
        # it does not fit beside the others: put things back as they were
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(previous)
        if clash and not was_replaced:
            locations.set_replaced(kind, checked.id, False)
        locations.reset_defaults()
        raise UserFileError(f"未添加：{problem}")
    verb = "已更新" if previous is not None else "已添加"
    return f"{verb}{what} “{checked.id}”" + ("（替换内置的）" if clash else "") + f"：{target}"


def _loads_as_user(kind: str, item_id: str, target: Path) -> str:
    """Why the added file is not read as the user's (a clash with another file), or ""."""
    from .library import LibraryFileError, library_problems
    from .loader import DefinitionError, default_registry
    from .profiles import ProfileError, default_profiles, profile_problems

    try:
        if kind == "forms":
            registry = default_registry()
            if registry.origin(item_id) != "user":
                return next((p for p in registry.problems if item_id in p), "未能读取")
            registry[item_id]
            return ""
        if kind == "profiles":
            profiles = default_profiles()
            if item_id not in profiles.ids or profiles.get(item_id).origin != "user":
                return next((p for p in profile_problems() if str(target) in p), "未能读取")
            return ""
        return next((p for p in library_problems() if str(target) in p), "")
    except (DefinitionError, ProfileError, LibraryFileError) as exc:
        return str(exc)
