"""Load derivation rules (forms/derivations/*.toml), refusing broken ones naming file and key."""
from __future__ import annotations

import functools
import tomllib
from decimal import Decimal
from pathlib import Path

from ..domain.derivation import DerivationRule, FundsCopy
from ..domain.kinds import WORKBOOK_LINKS
from .loader import Registry, default_registry
from .reader import DefinitionError, _Reader, forms_dir
from . import locations

_SOURCES = WORKBOOK_LINKS     # the workbook's own details a rule may copy


def _pairs(r: _Reader, name: str) -> tuple[tuple[str, str], ...]:
    table = r.get(name, dict, default={})
    for k, v in table.items():
        if not isinstance(v, str):
            r.fail(f"{name}.{k}", "应为文本")
    return tuple(table.items())


def parse_rule(data: dict, source: str, registry: Registry) -> DerivationRule:
    r = _Reader(source, data)
    rule_id = r.ident("id")
    src_id, tgt_id = r.get("source", str), r.get("target", str)
    for key, def_id in (("source", src_id), ("target", tgt_id)):
        if def_id not in registry:
            r.fail(key, f"没有表样定义 “{def_id}”")
    src, tgt = registry[src_id], registry[tgt_id]
    columns = _pairs(r, "columns")
    for s, t in columns:
        if src.indicators is None or src.indicators.column(s) is None:
            r.fail(f"columns.{s}", f"源表样没有指标列 “{s}”")
        if tgt.indicators is None or tgt.indicators.column(t) is None:
            r.fail(f"columns.{s}", f"目标表样没有指标列 “{t}”")

    def check_origin(key: str, origin: str):
        kind, _, name = origin.partition(":")
        if origin in _SOURCES:
            return
        if kind == "field" and src.field_def(name) is not None:
            return
        if kind == "section" and src.section_def(name) is not None:
            return
        r.fail(key, f"来源 “{origin}” 无效：应为 field:字段、section:段落、year、unit 或 unit_code")

    fields = _pairs(r, "fields")
    for t, origin in fields:
        if tgt.field_def(t) is None:
            r.fail(f"fields.{t}", "目标表样没有这个字段")
        check_origin(f"fields.{t}", origin)
    sections = _pairs(r, "sections")
    for t, origin in sections:
        if tgt.section_def(t) is None:
            r.fail(f"sections.{t}", "目标表样没有这个段落")
        check_origin(f"sections.{t}", origin)
    funds = []
    for fr in r.tables("funds"):
        copy = FundsCopy(fr.get("target", str), fr.get("source", str))
        for key, definition, ref in (("target", tgt, copy.target), ("source", src, copy.source)):
            bits = ref.split(".")
            try:
                table = definition.funds_table(bits[0])
                row = table.row(bits[1])
                ok = len(bits) == 3 and bits[2] in table.column_ids
            except (KeyError, IndexError):
                ok, row = False, None
            if not ok:
                fr.fail(key, f"“{ref}” 不是资金单元格（表.行.列）")
            if key == "target" and row.computed:
                fr.fail(key, f"“{ref}” 是计算行，不能直接填写")
        fr.finish()
        funds.append(copy)
    weights = []
    for name, value in r.get("weights", dict).items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            r.fail(f"weights.{name}", "应为数字")
        if tgt.indicators.branch(name) is None:
            r.fail(f"weights.{name}", "目标表样没有这个一级指标")
        weights.append((name, Decimal(str(value))))
    factor = r.get("money_factor", int, default=1)
    rule = DerivationRule(
        id=rule_id, name=r.get("name", str), source=src_id, target=tgt_id, money_factor=Decimal(factor),
        columns=columns, fields=fields, sections=sections, funds=tuple(funds),
        level1=_pairs(r, "level1"), level2=_pairs(r, "level2"), weights=tuple(weights), source_file=source,
    )
    r.finish()
    return rule


def load_rules(directory: Path, registry: Registry) -> dict[str, DerivationRule]:
    rules = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise DefinitionError(f"derivations/{path.name}", "", f"TOML 语法错误：{exc}") from exc
        rule = parse_rule(data, f"derivations/{path.name}", registry)
        rules[rule.id] = rule
    return rules


@functools.cache
def default_rules() -> dict[str, DerivationRule]:
    return load_rules(forms_dir() / "derivations", default_registry())


def rule_for_source(definition_id: str, stage: str | None = "self_eval") -> DerivationRule | None:
    """The rule deriving a form of `stage` (the target kind's stage: self_eval, monitoring; None:
    any) from a form of this definition."""
    registry = default_registry()

    def stage_of(rule: DerivationRule) -> str:
        target = registry[rule.target] if rule.target in registry else None
        return target.kind_info.stage if target is not None and target.kind_info is not None else ""

    return next((r for r in default_rules().values()
                 if r.source == definition_id and (stage is None or stage_of(r) == stage)), None)


locations.forget_on_reset(default_rules.cache_clear)
