"""What 表样管理 lists, without Qt: every form definition, scoring profile and library file the
program reads, where each comes from (内置 forms/, the user's folder, the open workbook's own
copies), and adding one from a file (checked first; a clash with a built-in one needs a yes).

The folders, the checks and the copying are perfdesk.definitions.locations and `perfdesk forms`
(perfdesk.cli.cmd_forms); this module only gathers their answers for the dialog."""
from __future__ import annotations

from pathlib import Path

import msgspec

ORIGIN_TEXT = {"builtin": "内置", "user": "用户", "workbook": "工作簿"}
KIND_TEXT = {"forms": "表样", "profiles": "评分方案", "library": "指标库"}


class Item(msgspec.Struct, frozen=True):
    kind: str            # "forms" | "profiles" | "library"
    id: str
    name: str
    origin: str          # "builtin" | "user" | "workbook"
    where: str           # the file, or the workbook
    note: str = ""       # the form kind; for a workbook's copy, how it compares with the installed one
    problem: str = ""    # why it could not be read

    @property
    def origin_text(self) -> str:
        return ORIGIN_TEXT.get(self.origin, self.origin)

    @property
    def kind_text(self) -> str:
        return KIND_TEXT[self.kind]


def catalogue(workbook=None, workbook_name: str = "") -> tuple[list[Item], list[str]]:
    """Every installed definition, profile and library file, then the open workbook's own copies;
    and the problems met (user files ignored, with why)."""
    items: list[Item] = []
    problems: list[str] = []
    items += _forms(problems)
    items += _profiles(problems)
    items += _library(problems)
    if workbook is not None:
        items += _workbook(workbook, workbook_name or "当前工作簿")
    return items, problems


def _forms(problems: list[str]) -> list[Item]:
    from ..definitions.loader import DefinitionError, default_registry

    registry = default_registry()
    out = []
    for definition_id in registry.ids():
        origin = registry.origin(definition_id)
        if origin == "workbook":
            continue
        where = str(registry.paths.get(definition_id, ""))
        try:
            d = registry[definition_id]
        except DefinitionError as exc:
            out.append(Item("forms", definition_id, "", origin, where, problem=str(exc)))
            continue
        kind = d.kind_info.name if d.kind_info is not None else d.kind     # forms/kinds/ names each kind
        out.append(Item("forms", d.id, d.name, origin, where, kind))
    problems += registry.problems
    return out


def _profiles(problems: list[str]) -> list[Item]:
    from ..definitions.profiles import ProfileError, default_profiles, profile_problems, profiles_dir

    try:
        profiles = default_profiles().profiles
    except ProfileError as exc:
        problems.append(str(exc))
        return []
    problems += profile_problems()
    out = []
    for p in profiles:
        where = str(profiles_dir() / f"{p.id}.toml") if p.origin == "builtin" else p.source
        applies = "适用：" + "、".join(p.applies_to) if p.applies_to else ""
        note = "默认方案" if p.default else applies
        out.append(Item("profiles", p.id, p.name, p.origin, where, note))
    return out


def _library(problems: list[str]) -> list[Item]:
    from ..definitions.library import library_dir, library_problems
    from ..definitions.locations import replaced, user_library_dir

    files = {p.stem: (p, "builtin") for p in sorted(library_dir().glob("*.toml"))}
    if user_library_dir().is_dir():
        for p in sorted(user_library_dir().glob("*.toml")):
            if p.stem not in files or p.stem in replaced("library"):
                files[p.stem] = (p, "user")
    try:
        problems += library_problems()
    except Exception as exc:       # a broken built-in file: say so, list the files anyway
        problems.append(str(exc))
    return [Item("library", stem, _library_name(path), origin, str(path)) for stem, (path, origin) in sorted(files.items())]


def _library_name(path: Path) -> str:
    from ..definitions.loader import DefinitionError, read_toml

    try:
        name = read_toml(path, path.name).get("name", "")
    except DefinitionError:
        return ""
    return name if isinstance(name, str) else ""


def _workbook(workbook, where: str) -> list[Item]:
    from ..definitions.embedded import STATUS_TEXT, compare_installed, embedded_profiles

    names = {f.definition.id: f.definition.name for f in workbook.forms}
    try:
        profile_names = {p.id: p.name for p in embedded_profiles(workbook).profiles}
    except Exception:          # a damaged profile copy: the list still shows the id
        profile_names = {}
    out = []
    for status in compare_installed(workbook):
        note = STATUS_TEXT[status.status]
        if status.kind == "form":
            forms = len(status.forms)
            note += f"；{forms} 张表使用"
            out.append(Item("forms", status.id, names.get(status.id, ""), "workbook", where, note))
        else:
            out.append(Item("profiles", status.id, profile_names.get(status.id, ""), "workbook", where, note))
    return out


# ------------------------------------------------------------------------------ adding

class Checked(msgspec.Struct, frozen=True):
    """A file checked before adding: its kind, id, name, its problems (each naming file, line and
    key), and whether its id is a built-in one (adding it then replaces that)."""
    path: str
    kind: str
    id: str
    name: str
    problems: tuple[str, ...]
    replaces_builtin: bool


def check(path: str | Path) -> Checked:
    """Check a definition, profile or library file (one that cannot be read at all comes back with
    that as its one problem)."""
    from ..definitions.user_files import UserFileError, builtin_path, check_file

    try:
        checked = check_file(Path(path))
    except UserFileError as exc:
        return Checked(str(path), "forms", "", "", (str(exc),), False)
    clash = bool(checked.id) and builtin_path(checked.kind, checked.id).is_file()
    return Checked(str(path), checked.kind, checked.id, checked.name, tuple(str(p) for p in checked.problems), clash)


def add(checked: Checked) -> str:
    """Copy a checked file into the user's folder (replacing a built-in one only when it says
    so); the loaded definitions are forgotten, so the next use reads it. Returns what was done;
    AddError when it was not added."""
    from ..definitions.user_files import UserFileError, add_file

    try:
        return add_file(Path(checked.path), checked.kind, checked.replaces_builtin)
    except UserFileError as exc:
        raise AddError(str(exc)) from None


class AddError(Exception):
    pass
