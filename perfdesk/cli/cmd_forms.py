"""`perfdesk forms list|check|add`: the form definitions, scoring profiles and library files the
program reads (built-in forms/ and the user's folder, see perfdesk.definitions.locations)."""
from __future__ import annotations

import copy
import os
import re
import sys
from pathlib import Path

from .main import CliError, _print_json

KIND_NAMES = {"forms": "表样定义", "profiles": "评分方案", "library": "指标库"}
MAX_PROBLEMS = 50


def register(subparsers) -> None:
    p = subparsers.add_parser("forms", help="表样管理：列出、检查、添加表样定义（以及评分方案、指标库文件）")
    sub = p.add_subparsers(dest="forms_command", metavar="子命令", required=True)

    q = sub.add_parser("list", help="列出全部表样、评分方案和指标库文件及其来源")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=cmd_list)

    for name, text in (("check", "检查一个定义文件，列出每个问题（文件、行、键）"),
                       ("add", "检查后把定义文件复制到用户的表样文件夹")):
        q = sub.add_parser(name, help=text)
        q.add_argument("file", help="定义文件（.toml）")
        kind = q.add_mutually_exclusive_group()
        kind.add_argument("--profile", dest="kind", action="store_const", const="profiles",
                          help="这是评分方案文件（默认按内容判断）")
        kind.add_argument("--library", dest="kind", action="store_const", const="library",
                          help="这是指标库文件（默认按内容判断）")
        if name == "add":
            q.add_argument("--replace", action="store_true", help="标识与内置的相同时，以此文件替换内置的")
        q.set_defaults(func=cmd_check if name == "check" else cmd_add)


# ---------------------------------------------------------------------------------- list

def cmd_list(args) -> int:
    from ..definitions.library import library_dir, library_problems
    from ..definitions.loader import DefinitionError, default_registry
    from ..definitions.locations import replaced, user_library_dir
    from ..definitions.profiles import ProfileError, default_profiles, profile_problems, profiles_dir

    registry = default_registry()
    forms, problems = [], []
    for definition_id in registry.ids():
        row = {"id": definition_id, "kind": "", "name": "", "origin": registry.origin(definition_id),
               "path": str(registry.paths.get(definition_id, ""))}
        try:
            d = registry[definition_id]
            row.update(kind=d.kind, name=d.name)
        except DefinitionError as exc:
            row["problem"] = str(exc)
        forms.append(row)
    problems += registry.problems
    profiles = []
    try:
        for p in default_profiles().profiles:
            folder = profiles_dir() if p.origin == "builtin" else Path(p.source).parent
            profiles.append({"id": p.id, "name": p.name, "origin": p.origin, "path": str(folder / f"{p.id}.toml"),
                             "applies_to": list(p.applies_to), "default": p.default})
        problems += profile_problems()
    except ProfileError as exc:
        problems.append(str(exc))
    library = []
    files = {p.stem: p for p in sorted(library_dir().glob("*.toml"))}
    origins = dict.fromkeys(files, "builtin")
    if user_library_dir().is_dir():
        for p in sorted(user_library_dir().glob("*.toml")):
            if p.stem not in files or p.stem in replaced("library"):
                files[p.stem], origins[p.stem] = p, "user"
    for stem in sorted(files):
        library.append({"id": stem, "origin": origins[stem], "path": str(files[stem])})
    try:
        problems += library_problems()
    except Exception as exc:          # a broken built-in library file: say so, list the rest
        problems.append(str(exc))

    if args.json:
        _print_json({"forms": forms, "profiles": profiles, "library": library, "problems": problems})
        return 0
    origin_text = {"builtin": "内置", "user": "用户"}
    print(f"表样（{len(forms)} 个）：")
    for f in forms:
        print(f"  {f['id']}\t{f['kind']}\t{f['name']}\t{origin_text[f['origin']]}\t{f['path']}"
              + (f"\t有误：{f['problem']}" if "problem" in f else ""))
    print(f"评分方案（{len(profiles)} 个）：")
    for p in profiles:
        print(f"  {p['id']}\t{p['name']}\t{origin_text[p['origin']]}\t{p['path']}")
    print(f"指标库文件（{len(library)} 个）：")
    for x in library:
        print(f"  {x['id']}\t{origin_text[x['origin']]}\t{x['path']}")
    for problem in problems:
        print(f"注意：{problem}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------- check

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

    from ..definitions.library import LibraryFileError, parse_library
    from ..definitions.loader import DefinitionError, default_registry, parse_definition
    from ..definitions.profiles import parse_profile
    from ..definitions.toml_lines import line_of, syntax_error_line

    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"无法读取 {path}：{exc}") from None
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
    from ..definitions.library import library_dir
    from ..definitions.loader import forms_dir
    from ..definitions.profiles import profiles_dir

    folder = {"forms": forms_dir, "profiles": profiles_dir, "library": library_dir}[kind]()
    return folder / f"{item_id}.toml"


def cmd_check(args) -> int:
    checked = check_file(Path(args.file), args.kind)
    what = KIND_NAMES[checked.kind]
    if checked.problems:
        for p in checked.problems:
            print(str(p))
        raise CliError(f"{what}文件 {args.file} 有 {len(checked.problems)} 处问题")
    print(f"{what}文件无误：{args.file}（{checked.id}" + (f"，{checked.name}" if checked.name else "") + "）")
    if builtin_path(checked.kind, checked.id).is_file():
        print(f"注意：标识 “{checked.id}” 与内置{what}相同；添加时需加 --replace 才会替换内置的", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------- add

def cmd_add(args) -> int:
    from ..definitions import locations

    path = Path(args.file)
    checked = check_file(path, args.kind)
    kind, what = checked.kind, KIND_NAMES[checked.kind]
    if checked.problems:
        for p in checked.problems:
            print(str(p), file=sys.stderr)
        raise CliError(f"未添加：{what}文件 {path} 有 {len(checked.problems)} 处问题（{checked.problems[0]}）")
    clash = builtin_path(kind, checked.id).is_file()
    if clash and not args.replace:
        raise CliError(f"未添加：标识 “{checked.id}” 与内置{what}相同；如要以此文件替换内置的，请加 --replace")
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
        raise CliError(f"无法写入 {target}：{exc.strerror or exc}") from None
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
        raise CliError(f"未添加：{problem}")
    verb = "已更新" if previous is not None else "已添加"
    print(f"{verb}{what} “{checked.id}”" + ("（替换内置的）" if clash else "") + f"：{target}", file=sys.stderr)
    return 0


def _loads_as_user(kind: str, item_id: str, target: Path) -> str:
    """Why the added file is not read as the user's (a clash with another file), or ""."""
    from ..definitions.library import LibraryFileError, library_problems
    from ..definitions.loader import DefinitionError, default_registry
    from ..definitions.profiles import ProfileError, default_profiles, profile_problems

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
