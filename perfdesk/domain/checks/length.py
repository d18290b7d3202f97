"""Character limits the printed form states (项目年度目标（100字以内）): a longer text is
refused by the provincial systems and overflows the printed box."""
from __future__ import annotations

from ..places import FieldPlace, IndicatorPlace, ListPlace, SectionPlace
from ..values import IndicatorValue
from .context import FormContext


def text_length(text: str) -> int:
    """Characters as the provincial systems count them: line breaks do not count."""
    return len(text.strip().replace("\r", "").replace("\n", ""))


def _over(value, limit: int | None) -> int | None:
    if limit is None or value is None:
        return None
    text = value.shown if isinstance(value, IndicatorValue) else value if isinstance(value, str) else None
    if text is None:
        return None
    n = text_length(text)
    return n if n > limit else None


def check(ctx: FormContext) -> None:
    d, form = ctx.definition, ctx.form
    for f in d.fields:
        n = _over(form.fields.get(f.id), f.max_chars)
        if n:
            ctx.warning("length.max_chars", FieldPlace(f.id), f"“{f.label}”限 {f.max_chars} 字，现为 {n} 字")
    for s in d.sections:
        n = _over(form.sections.get(s.id), s.max_chars)
        if n:
            ctx.warning("length.max_chars", SectionPlace(s.id), f"“{s.label}”限 {s.max_chars} 字，现为 {n} 字")
    for ld in d.lists:
        for i, item in enumerate(form.lists.get(ld.id, [])):
            for c in ld.columns:
                n = _over(item.get(c.id), c.max_chars)
                if n:
                    ctx.warning("length.max_chars", ListPlace(ld.id, i, c.id),
                                f"第{i + 1}{ld.item_label}的“{c.label}”限 {c.max_chars} 字，现为 {n} 字")
    if d.indicators is None:
        return
    for row in ctx.rows:
        for column_id, value in row.node.cells.items():
            column = d.indicators.column(column_id)
            n = _over(value, column.max_chars if column else None)
            if n:
                ctx.warning("length.max_chars", IndicatorPlace(row.path, column_id),
                            f"“{row.node.name or '（未命名）'}”的“{column.label}”限 {column.max_chars} 字，现为 {n} 字")
