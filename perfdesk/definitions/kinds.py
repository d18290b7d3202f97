"""Load the form kinds (forms/kinds/*.toml) into a `KindSet`, refusing a broken file naming file
and key, as the definitions are.

A kinds file:

    [defaults]                      # optional: keys every kind of this file gets unless it sets them
    links = { unit = ["unit_name"], year = ["eval_year"] }
    required_level1 = ["产出", "效益", "满意度"]

    [[kinds]]
    id = "monitoring"               # what a definition's `kind` names
    name = "绩效运行监控表"
    stage = "monitoring"            # optional, for people: target, self_eval, monitoring, summary …
    per_project = true              # optional: one form per project (default false)
    id_prefix = "monitor"           # optional: form ids monitor_01, monitor_02 … (default: the id)
    project_title = "{project_name}绩效运行监控表"   # optional: title when made from a named project
    links = { project_name = ["project_name"] }      # optional: role → field ids
    required_level1 = ["产出", "效益"]                # optional
    bounded_rates = ["满意度", "合格率"]              # optional
    [kinds.aliases]                                    # optional: import header role → other names
    actual_value = ["1-6月执行情况"]

Link roles: unit, unit_code, year (the workbook's details: filled into a blank form, read back from
an imported sheet, copied by a derivation) and project_name, project_code (what a per-project form
is about: navigator, titles, matching an imported sheet to its form). A definition may add its own
`[links]` table; its roles replace the kind's for that definition.

The `links` and `aliases` tables of a kind replace the defaults' entries of the same role only;
every other key replaces the default's value.
"""
from __future__ import annotations

import functools
from pathlib import Path

from msgspec.structs import replace

from ..domain.kinds import LINK_ROLES, KindDef, KindSet
from .reader import _ID, DefinitionError, _Reader, forms_dir, read_toml
from . import locations

class KindsError(DefinitionError):
    """A refused kinds file: file, key and problem, in Chinese."""

    def __init__(self, source: str, key: str, problem: str):
        super().__init__(source, key, problem)
        where = f"{source}" + (f"，键 “{key}”" if key else "")
        self.args = (f"表类型文件有误：{where}：{problem}",)

    def __str__(self) -> str:
        return self.args[0]


def kinds_dir() -> Path:
    return forms_dir() / "kinds"


def _words(r: _Reader, name: str) -> tuple[str, ...]:
    items = r.get(name, list)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            r.fail(f"{name}[{i}]", f"应为非空文本，实际为 {item!r}")
    return tuple(items)


def _role_table(r: _Reader, name: str, roles: tuple[str, ...] | None, ident: bool) -> dict[str, tuple[str, ...]]:
    """A table of role → list of texts (a single text is a list of one)."""
    table = r.get(name, dict)
    out: dict[str, tuple[str, ...]] = {}
    for role, value in table.items():
        key = f"{name}.{role}"
        if roles is not None and role not in roles:
            r.fail(key, f"未知的关联项 “{role}”，可用：{'、'.join(roles)}")
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
            r.fail(key, f"应为文本或文本列表，实际为 {value!r}")
        if ident:
            bad = next((x for x in items if not _is_ident(x)), None)
            if bad is not None:
                r.fail(key, f"字段标识 {bad!r} 只能由小写字母、数字和下划线组成，且以字母开头")
        out[role] = tuple(items)
    return out


def _is_ident(text: str) -> bool:
    return _ID.match(text) is not None


def _read_keys(r: _Reader) -> dict:
    """The optional kind keys present in a [[kinds]] entry or in [defaults], typed."""
    got: dict = {}
    if "stage" in r.data:
        got["stage"] = r.ident("stage")
    if "per_project" in r.data:
        got["per_project"] = r.get("per_project", bool)
    if "id_prefix" in r.data:
        got["id_prefix"] = r.ident("id_prefix")
    if "project_title" in r.data:
        got["project_title"] = r.get("project_title", str)
    if "links" in r.data:
        got["links"] = _role_table(r, "links", LINK_ROLES, ident=True)
    for name in ("required_level1", "bounded_rates"):
        if name in r.data:
            got[name] = _words(r, name)
    if "aliases" in r.data:
        got["aliases"] = _role_table(r, "aliases", None, ident=False)
    return got


def _merged(defaults: dict, own: dict) -> dict:
    out = dict(defaults)
    for key, value in own.items():
        if key in ("links", "aliases") and key in out:
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def parse_kinds(data: dict, source: str) -> tuple[KindDef, ...]:
    """The kinds of one file's data; KindsError naming the file and key when anything is wrong."""
    try:
        return _parse(data, source)
    except KindsError:
        raise
    except DefinitionError as exc:
        raise KindsError(exc.source, exc.key, exc.problem) from None


def _parse(data: dict, source: str) -> tuple[KindDef, ...]:
    r = _Reader(source, data)
    defaults: dict = {}
    if "defaults" in data:
        dr = r.child("defaults", data=r.get("defaults", dict))
        defaults = _read_keys(dr)
        for name in ("id_prefix", "project_title"):
            if name in defaults:
                dr.fail(name, "每种表类型各不相同，不能作为默认值")
        dr.finish()
    kinds = []
    for kr in r.tables("kinds", required=True):
        kind_id = kr.ident("id")
        name = kr.get("name", str)
        values = _merged(defaults, _read_keys(kr))
        kr.finish()
        kinds.append(KindDef(
            id=kind_id, name=name, source=source,
            stage=values.get("stage", ""), per_project=values.get("per_project", False),
            id_prefix=values.get("id_prefix", ""), project_title=values.get("project_title", ""),
            links=tuple(values.get("links", {}).items()),
            required_level1=values.get("required_level1", ()),
            bounded_rates=values.get("bounded_rates", ()),
            aliases=tuple(values.get("aliases", {}).items()),
        ))
    if not kinds:
        r.fail("kinds", "至少需要一种表类型")
    seen: dict[str, int] = {}
    for i, k in enumerate(kinds):
        if k.id in seen:
            r.fail(f"kinds[{i}].id", f"表类型 “{k.id}” 重复（另见 kinds[{seen[k.id]}]）")
        seen[k.id] = i
    prefixes: dict[str, str] = {}
    for i, k in enumerate(kinds):
        if k.prefix in prefixes:
            r.fail(f"kinds[{i}].id_prefix", f"表标识前缀 “{k.prefix}” 与表类型 “{prefixes[k.prefix]}” 相同")
        prefixes[k.prefix] = k.id
    r.finish()
    return tuple(kinds)


def load_kinds_file(path: Path, source: str | None = None) -> tuple[KindDef, ...]:
    source = source or f"kinds/{path.name}"
    try:
        data = read_toml(path, source)
    except DefinitionError as exc:
        raise KindsError(exc.source, exc.key, exc.problem) from None
    return parse_kinds(data, source)


def load_kinds(*directories: Path) -> KindSet:
    """Every kinds file of these folders (the package's first); a kind id defined twice is refused."""
    kinds: list[KindDef] = []
    for directory in directories or (kinds_dir(),):
        for path in sorted(Path(directory).glob("*.toml")):
            for i, k in enumerate(load_kinds_file(path)):
                other = next((o for o in kinds if o.id == k.id), None)
                if other is not None:
                    raise KindsError(k.source, f"kinds[{i}].id", f"表类型 “{k.id}” 已在 {other.source} 中定义")
                clash = next((o for o in kinds if o.prefix == k.prefix), None)
                if clash is not None:
                    raise KindsError(k.source, f"kinds[{i}].id_prefix",
                                          f"表标识前缀 “{k.prefix}” 与 {clash.source} 的表类型 “{clash.id}” 相同")
                kinds.append(k)
    return KindSet(tuple(kinds))


@functools.cache
def default_kinds() -> KindSet:
    """The program's kinds, then the user's (`<forms folder>/kinds/*.toml`: a province's own kind
    is a file there). A broken or clashing user file is left out, so the program still starts;
    `perfdesk forms check` names its problem."""
    found = load_kinds(kinds_dir())
    if not found.kinds:
        raise KindsError("kinds/", "", "找不到表类型文件（forms/kinds/*.toml）")
    from .locations import user_forms_dir

    user = user_forms_dir() / "kinds"
    if user.is_dir() and any(user.glob("*.toml")):
        try:
            found = load_kinds(kinds_dir(), user)
        except KindsError:
            pass
    return found


def kind_for(r: _Reader, kind_id: str, kinds: KindSet | None) -> KindDef:
    """The kind a definition names (its `kind` key), with the definition's own `[links]` when it
    has them; refuses an unknown kind and links to fields the definition lacks."""
    kinds = kinds if kinds is not None else default_kinds()
    found = kinds.get(kind_id)
    if found is None:
        r.fail("kind", f"未知的表类型 “{kind_id}”，可用：{'、'.join(kinds.ids)}"
                       "（表类型在 forms/kinds/*.toml 中定义）")
    if "links" not in r.data:
        return found
    own = _role_table(r, "links", LINK_ROLES, ident=True)
    fields = r.data.get("fields", [])
    field_ids = {f.get("id") for f in fields if isinstance(f, dict)} if isinstance(fields, list) else set()
    for role, ids in own.items():
        missing = next((f for f in ids if f not in field_ids), None)
        if missing is not None:
            r.fail(f"links.{role}", f"本表没有字段 “{missing}”")
    merged = dict(found.links)
    merged.update(own)
    return replace(found, links=tuple(merged.items()))


locations.forget_on_reset(default_kinds.cache_clear)
