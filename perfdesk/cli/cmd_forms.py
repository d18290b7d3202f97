"""`perfdesk forms list|check|add`: the form definitions, scoring profiles and library files the
program reads (built-in forms/ and the user's folder, see perfdesk.definitions.locations)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..definitions.user_files import KIND_NAMES, UserFileError, add_file, builtin_path, check_file
from .main import CliError, _print_json


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

def cmd_check(args) -> int:
    try:
        checked = check_file(Path(args.file), args.kind)
    except UserFileError as exc:
        raise CliError(str(exc)) from None
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
    try:
        said = add_file(Path(args.file), args.kind, args.replace)
    except UserFileError as exc:
        for p in exc.problems:
            print(str(p), file=sys.stderr)
        raise CliError(str(exc)) from None
    print(said, file=sys.stderr)
    return 0


