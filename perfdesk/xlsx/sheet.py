"""plan_form: a form's sheet as a plan, block by block in the order of the definition's print
layout, following its print hints (fields_per_row, narrative, horizontal, indicator_label_column,
section_groups) and its signature block."""
from __future__ import annotations

from ..domain.column_labels import labelled
from ..domain.definition import FormDefinition
from ..domain.model import Form, Workbook
from ..domain.printed import header_items, is_header_item
from .blocks_funds import funds_block, horizontal_block, horizontal_possible
from .blocks_indicators import indicator_block, indicator_columns
from .blocks_text import (fields_block, group_heading, list_block, list_widths, narrative_section, section_rows,
                          sections_side_by_side, side_group, signature_block, title_block)
from .layout import SheetPlan, split_label


def _default_layout(definition: FormDefinition) -> list[str]:
    items = [f.id for f in definition.fields] + [s.id for s in definition.sections]
    items += [t.id for t in definition.funds] + [x.id for x in definition.lists]
    if definition.indicators is not None:
        items.append("indicators")
    return items


def plan_form(form: Form, workbook: Workbook) -> SheetPlan:
    form = labelled(form)          # 1-{month}月执行数 → 1-6月执行数
    d = form.definition
    pr = d.print
    if d.indicators is not None:
        roles, widths = indicator_columns(d)
    else:
        roles, widths = [], list_widths(form)
    plan = SheetPlan(form, widths, landscape=pr.orientation == "landscape", side="side" in roles)
    title_block(plan, workbook)
    layout = list(pr.layout) or _default_layout(d)
    funds_ids = {t.id for t in d.funds}
    exec_cells: dict[str, str] = {}
    last_group = [""]
    i = 0
    while i < len(layout):
        item = layout[i]
        if is_header_item(d, item):         # fields, and `pairs` funds tables among them
            run = [item]
            while i + 1 < len(layout) and is_header_item(d, layout[i + 1]):
                i += 1
                run.append(layout[i])
            fields_block(plan, form, header_items(d, run))
        elif d.section_def(item):
            sdef = d.section_def(item)
            if pr.narrative:
                narrative_section(plan, sdef, form.sections.get(item, ""), last_group)
            elif pr.section_groups == "side" and sdef.group:
                run = [sdef]
                while i + 1 < len(layout) and d.section_def(layout[i + 1]) \
                        and d.section_def(layout[i + 1]).group == sdef.group:
                    i += 1
                    run.append(d.section_def(layout[i]))
                side_group(plan, form, sdef.group, run)
                last_group[0] = sdef.group
            else:
                group = split_label(sdef.label)[0]
                run = [sdef]
                while group and i + 1 < len(layout) and d.section_def(layout[i + 1]) \
                        and split_label(d.section_def(layout[i + 1]).label)[0] == group:
                    i += 1
                    run.append(d.section_def(layout[i]))
                if len(run) > 1:
                    sections_side_by_side(plan, form, run)
                else:
                    if sdef.group and sdef.group != last_group[0]:
                        group_heading(plan, sdef.group)
                    last_group[0] = sdef.group
                    section_rows(plan, sdef, form.sections.get(item, ""))
        elif item in funds_ids:
            tdef = d.funds_table(item)
            if item in pr.horizontal and horizontal_possible(tdef) and horizontal_block(plan, form, tdef):
                pass
            else:
                run = [item]
                prefix = split_label(tdef.label)[0]
                while prefix and i + 1 < len(layout) and layout[i + 1] in funds_ids \
                        and layout[i + 1] not in pr.horizontal \
                        and split_label(d.funds_table(layout[i + 1]).label)[0] == prefix:
                    i += 1
                    run.append(layout[i])
                funds_block(plan, form, run, exec_cells)
        elif d.list_def(item):
            list_block(plan, form, d.list_def(item))
        elif item == "indicators" and d.indicators is not None:
            indicator_block(plan, form, roles, exec_cells)
        i += 1
    signature_block(plan, workbook, form)
    return plan
