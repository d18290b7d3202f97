"""What an imported form changes in the workbook, in words for the preview."""
from __future__ import annotations

from ..domain.model import Form
from ..codec import form_to_dict
from .problems import ADDED, CHANGED, UNCHANGED, Change


def _short(text: str, n: int = 24) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _leaves(tree: list[dict]) -> dict[tuple, dict]:
    """Indicator rows by their path of names (with a counter for repeated names)."""
    out: dict[tuple, dict] = {}

    def visit(nodes, path):
        seen: dict[str, int] = {}
        for node in nodes:
            seen[node["name"]] = seen.get(node["name"], 0) + 1
            key = path + ((node["name"], seen[node["name"]]),)
            if node["cells"] or not node["children"]:
                out[key] = node["cells"]
            visit(node["children"], key)

    visit(tree, ())
    return out


def form_summary(data: dict) -> str:
    leaves = _leaves(data["indicators"]["tree"])
    parts = [f"指标 {len(leaves)} 行"] if leaves else []
    for key, items in data["lists"].items():
        parts.append(f"列表 {len(items)} 项")
    if data["funds"]:
        parts.append(f"资金表 {len(data['funds'])} 张")
    if data["sections"]:
        parts.append(f"文字段落 {len(data['sections'])} 段")
    return "，".join(parts) or "空表"


def _added_summary(form: Form) -> str:
    """form_summary of a new form, counted on the form itself (no JSON of 1000 rows to count)."""
    leaves = 0
    stack = list(form.indicators)
    while stack:
        node = stack.pop()
        if node.cells or not node.children:
            leaves += 1
        stack.extend(node.children)
    parts = [f"指标 {leaves} 行"] if leaves else []
    for items in form.lists.values():
        if items:
            parts.append(f"列表 {len(items)} 项")
    funds = [t for t in form.funds.values() if t.values or t.stated or t.lines]
    if funds:
        parts.append(f"资金表 {len(funds)} 张")
    sections = [v for v in form.sections.values() if v]
    if sections:
        parts.append(f"文字段落 {len(sections)} 段")
    return "，".join(parts) or "空表"


def describe_changes(form: Form, before: dict | None, before_title: str | None, sheet: str) -> Change:
    if before is None:
        return Change(ADDED, form.id, form.title, sheet, (_added_summary(form),))
    after = form_to_dict(form)
    if before == after:
        return Change(UNCHANGED, form.id, form.title, sheet)
    d = form.definition
    details = []
    if before["title"] != after["title"]:
        details.append(f"标题：{_short(before['title'])} → {_short(after['title'])}")
    for key, lookup in (("fields", d.field_def), ("sections", d.section_def)):
        for fid in sorted(set(before[key]) | set(after[key])):
            old, new = before[key].get(fid, ""), after[key].get(fid, "")
            if old != new:
                label = lookup(fid).label if lookup(fid) else fid
                if key == "fields":
                    details.append(f"{label}：{_short(old) or '（空）'} → {_short(new) or '（空）'}")
                else:
                    details.append(f"{label}：文字有修改" if old and new else f"{label}：{'新填' if new else '清空'}")
    for table_id in sorted(set(before["funds"]) | set(after["funds"])):
        if before["funds"].get(table_id) != after["funds"].get(table_id):
            try:
                label = d.funds_table(table_id).label
            except KeyError:
                label = table_id
            details.append(f"{label}：金额有修改")
    for list_id in sorted(set(before["lists"]) | set(after["lists"])):
        old, new = before["lists"].get(list_id, []), after["lists"].get(list_id, [])
        if old != new:
            label = d.list_def(list_id).label if d.list_def(list_id) else list_id
            changed = sum(1 for a, b in zip(old, new) if a != b)
            details.append(f"{label}：{len(old)} 项 → {len(new)} 项" + (f"，{changed} 项有修改" if changed else ""))
    old_leaves, new_leaves = _leaves(before["indicators"]["tree"]), _leaves(after["indicators"]["tree"])
    added = [k for k in new_leaves if k not in old_leaves]
    removed = [k for k in old_leaves if k not in new_leaves]
    changed = [k for k in new_leaves if k in old_leaves and new_leaves[k] != old_leaves[k]]
    if added or removed or changed:
        bits = []
        if added:
            bits.append(f"新增 {len(added)} 行（如“{_short(added[0][-1][0])}”）")
        if removed:
            bits.append(f"删除 {len(removed)} 行（如“{_short(removed[0][-1][0])}”）")
        if changed:
            bits.append(f"修改 {len(changed)} 行（如“{_short(changed[0][-1][0])}”）")
        details.append("指标：" + "，".join(bits))
    elif before["indicators"]["tree"] != after["indicators"]["tree"]:
        details.append("指标：层级或顺序有调整")
    if before["indicators"]["stated_totals"] != after["indicators"]["stated_totals"]:
        details.append("填报的合计数有修改")
    if not details:
        details.append("内容有调整")
    return Change(CHANGED, form.id, form.title, sheet, tuple(details))
