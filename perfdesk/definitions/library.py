"""Load the shipped indicator library (forms/library/*.toml) into typed entries, refusing anything
malformed with a Chinese message naming the file and the key, as the form definitions are.

A library file (one per scope: unit_wide.toml, project.toml …):

    scope = "project"                         # the file's name without .toml
    name = "项目支出共性指标"
    definitions = ["hebei_project_target"]    # form definitions its entries apply to

    [[categories]]                            # one level-1/level-2 pair of those forms
    level1 = "产出指标"
    level2 = "时效指标"
    # definitions = [...]                     # optional: instead of the file's

    [[categories.indicators]]
    name = "按项目计划完成工作"
    description = "按照工作要求按时完成预定计划"
    value = "100%"                            # optional; "{year}年12月前" for a deadline
    # values = { half_value = "=40%" }        # optional: another value for one target column

Every category must exist, with the same names, in every form definition it applies to.
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from ..domain.definition import FormDefinition
from ..domain.library import Library, LibraryEntry, accepts, check_value, target_columns
from .loader import Registry, default_registry
from .reader import DefinitionError, _Reader, forms_dir
from . import locations

MAX_NAME = 100       # the provincial systems refuse longer indicator names


class LibraryFileError(Exception):
    """A broken library file: which file, which line and key, what is wrong (in Chinese)."""

    def __init__(self, source: str, key: str, problem: str, line: int | None = None):
        self.source, self.key, self.problem, self.line = source, key, problem, line
        where = source + (f"，第 {line} 行" if line else "") + (f"，键 “{key}”" if key else "")
        super().__init__(f"指标库文件有误：{where}：{problem}")

    def at_line(self, text: str) -> LibraryFileError:
        from .toml_lines import line_of

        if self.line is not None:
            return self
        return LibraryFileError(self.source, self.key, self.problem, line_of(text, self.key))


def library_dir() -> Path:
    return forms_dir() / "library"


def parse_library(data: dict, source: str, registry: Registry) -> tuple[LibraryEntry, ...]:
    """The entries of one library file's data; LibraryFileError when anything is wrong."""
    try:
        return _parse(data, source, registry)
    except DefinitionError as exc:   # raised by _Reader for types, missing and unknown keys
        raise LibraryFileError(exc.source, exc.key, exc.problem) from None


def _parse(data: dict, source: str, registry: Registry) -> tuple[LibraryEntry, ...]:
    r = _Reader(source, data)
    r.ident("scope")
    r.get("name", str)
    default = _definitions(r, registry, required=True)
    entries: list[LibraryEntry] = []
    seen: dict[tuple[str, str, str], str] = {}
    categories = r.tables("categories", required=True)
    if not categories:
        r.fail("categories", "至少需要一个类别")
    for c in categories:
        level1 = _text(c, "level1")
        level2 = _text(c, "level2")
        definitions = _definitions(c, registry) if "definitions" in c.data else default
        for d in definitions:
            branch = d.indicators.branch(level1)
            if branch is None:
                c.fail("level1", f"表样 “{d.id}” 没有一级指标 “{level1}”，可用：{'、'.join(b.name for b in d.indicators.level1)}")
            if not accepts(d, level1, level2):
                c.fail("level2", f"表样 “{d.id}” 的 “{level1}” 下没有二级指标 “{level2}”，可用：{'、'.join(branch.level2)}")
        indicators = c.tables("indicators", required=True)
        if not indicators:
            c.fail("indicators", "至少需要一个指标")
        for i in indicators:
            entry = _entry(i, level1, level2, definitions)
            if entry.key in seen:
                i.fail("name", f"指标 “{entry.name}” 在 “{level1} › {level2}” 下重复（已见于 {seen[entry.key]}）")
            seen[entry.key] = i.path
            entries.append(entry)
        c.finish()
    r.finish()
    return tuple(entries)


def _text(r: _Reader, name: str, required: bool = True, max_length: int | None = None) -> str:
    value = r.get(name, str) if required else r.get(name, str, default="")
    if required and not value.strip():
        r.fail(name, "不能为空")
    if value != value.strip() or "\n" in value or "\r" in value:
        r.fail(name, "前后不能有空格，也不能换行")
    if max_length is not None and len(value) > max_length:
        r.fail(name, f"不能超过 {max_length} 个字（现有 {len(value)} 个）")
    return value


def _definitions(r: _Reader, registry: Registry, required: bool = False) -> tuple[FormDefinition, ...]:
    ids = r.get("definitions", list) if required else r.get("definitions", list, default=[])
    if not ids:
        r.fail("definitions", "至少要列出一个表样定义")
    out = []
    for definition_id in ids:
        if not isinstance(definition_id, str):
            r.fail("definitions", f"类型应为文本，实际为 {definition_id!r}")
        if definition_id not in registry:
            r.fail("definitions", f"未知的表样定义 “{definition_id}”")
        d = registry[definition_id]
        if d.indicators is None:
            r.fail("definitions", f"表样 “{definition_id}” 没有绩效指标表")
        if any(x.id == definition_id for x in out):
            r.fail("definitions", f"表样定义 “{definition_id}” 重复")
        out.append(d)
    return tuple(out)


def _entry(i: _Reader, level1: str, level2: str, definitions: tuple[FormDefinition, ...]) -> LibraryEntry:
    name = _text(i, "name", max_length=MAX_NAME)
    description = _text(i, "description")
    value = i.get("value", str, default="")
    if value:
        _check_value(i, "value", value, level2)
    column_values = []
    if "values" in i.data:
        vr = i.child("values", data=i.get("values", dict))
        targets = {c for d in definitions for c in target_columns(d)}
        for column_id in vr.data:
            text = vr.get(column_id, str)
            if column_id not in targets:
                vr.fail(column_id, f"不是这些表样的指标值列，可用：{'、'.join(sorted(targets))}")
            _check_value(vr, column_id, text, level2)
            column_values.append((column_id, text))
        vr.finish()
    i.finish()
    return LibraryEntry(level1, level2, name, description, value, tuple(d.id for d in definitions), "shipped",
                        tuple(column_values))


def _check_value(r: _Reader, key: str, text: str, level2: str) -> None:
    problem = check_value(text)
    if problem:
        r.fail(key, problem)
    if level2.startswith("成本"):
        from ..domain.values import Kind, parse_value

        v = parse_value(text)
        if v.kind is Kind.QUANTITATIVE and not v.op.lower_is_better:
            r.fail(key, f"成本指标的值应为上限（如 ≤{text.lstrip('=＝')}），实际为 “{text}”")


def load_library_file(path: Path, registry: Registry | None = None, origin: str = "builtin") -> tuple[LibraryEntry, ...]:
    source = f"library/{path.name}" if origin == "builtin" else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LibraryFileError(source, "", f"无法读取：{exc}") from exc
    return library_from_text(text, source, registry, path.stem)


def library_from_text(text: str, source: str, registry: Registry | None = None,
                      scope: str | None = None) -> tuple[LibraryEntry, ...]:
    """The entries of a library file's text; refused naming source, line and key. `scope`: the
    file's name, which its scope must repeat."""
    from .toml_lines import syntax_error_line

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LibraryFileError(source, "", f"TOML 语法错误：{exc}", syntax_error_line(str(exc))) from exc
    try:
        entries = parse_library(data, source, registry or default_registry())
    except LibraryFileError as exc:
        raise exc.at_line(text) from None
    if scope is not None and data.get("scope") != scope:
        raise LibraryFileError(source, "scope", f"范围 “{data.get('scope')}” 应与文件名 “{scope}” 一致").at_line(text)
    return entries


def load_library_directory(directory: Path, registry: Registry | None = None,
                           user_directory: Path | None = None, replaced: frozenset[str] = frozenset(),
                           problems: list[str] | None = None) -> Library:
    """Every library file of a directory, in file-name order; an entry may appear only once.
    The user's folder adds its files: one named like a built-in one is ignored unless replaced;
    a broken or clashing user file is ignored and said so in `problems`."""
    registry = registry or default_registry()
    paths = {p.stem: (p, "builtin") for p in sorted(directory.glob("*.toml"))} if directory.is_dir() else {}
    problems = problems if problems is not None else []
    if user_directory is not None and user_directory.is_dir():
        for p in sorted(user_directory.glob("*.toml")):
            if p.stem in paths and p.stem not in replaced:
                problems.append(f"用户指标库文件 {p} 与内置文件 library/{p.name} 同名，已忽略"
                                f"（如要替换内置文件，请用 perfdesk forms add --library --replace）")
                continue
            paths[p.stem] = (p, "user")
    entries: list[LibraryEntry] = []
    where: dict[tuple[str, str, str], str] = {}
    for stem in sorted(paths):
        path, origin = paths[stem]
        source = f"library/{path.name}" if origin == "builtin" else str(path)
        try:
            found = load_library_file(path, registry, origin)
            for entry in found:
                if entry.key in where:
                    raise LibraryFileError(source, "categories",
                                           f"指标 “{entry.name}”（{entry.category}）已在 {where[entry.key]} 中")
        except LibraryFileError as exc:
            if origin == "builtin":
                raise
            problems.append(f"用户指标库文件未能读取，已忽略：{exc}")
            continue
        for entry in found:
            where[entry.key] = source
            entries.append(entry)
    return Library(entries)


_problems: list[str] = []


@functools.cache
def default_library() -> Library:
    """The shipped library (forms/library) with the user's files (locations.user_library_dir),
    loaded once; locations.reset_defaults() forgets it."""
    from .locations import replaced, user_library_dir

    _problems.clear()
    return load_library_directory(library_dir(), None, user_library_dir(), replaced("library"), _problems)


def library_problems() -> list[str]:
    """What default_library() ignored among the user's files, in Chinese."""
    default_library()
    return list(_problems)


locations.forget_on_reset(default_library.cache_clear)
