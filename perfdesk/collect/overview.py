"""The overview of collected units: one row per unit with the figures a 主管部门 looks at first."""
from __future__ import annotations

from decimal import Decimal

from ..definitions.embedded import profile_chooser, profile_for
from ..domain import figures
from ..domain.checks import Severity, check_workbook, flatten
from ..domain.completeness import completeness
from ..domain.kinds import per_project
from ..domain.model import Workbook
from ..domain.scoring.columns import is_scored
from ..domain.print_code import content_code


def _num(d: Decimal | None):
    """JSON numbers: 103 stays an integer, 99.47 a short decimal (as `perfdesk info --json`)."""
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def unit_figures(wb: Workbook) -> dict:
    """The unit's figures. Budget: the unit-wide form's total where there is one (the projects are
    inside it), else the sum of the project forms. 执行数 and 执行率 over the forms that score
    execution. Self-evaluation: the unit-wide scored form's total, else the mean of the project
    forms' totals; the grade from that form's scoring profile."""
    findings = flatten(check_workbook(wb, choose=profile_chooser(wb)))
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    filled = total = 0
    for form in wb.forms:
        c = completeness(form)
        filled, total = filled + c.filled, total + c.total
    unit_budgets = [b for f in wb.forms if not per_project(f.definition)
                    if (b := figures.budget_total(f)) is not None]
    project_budgets = [b for f in wb.forms if per_project(f.definition)
                       if (b := figures.budget_total(f)) is not None]
    budget = unit_budgets[0] if unit_budgets else (sum(project_budgets, Decimal(0)) if project_budgets else None)
    ex_budget = ex_spent = None
    for form in wb.forms:
        ex = figures.execution(form)
        if ex is not None and ex.budget is not None and ex.spent is not None:
            ex_budget = (ex_budget or Decimal(0)) + ex.budget
            ex_spent = (ex_spent or Decimal(0)) + ex.spent
    rate = figures.round2(ex_spent / ex_budget * 100) if ex_budget else None
    scored = [f for f in wb.forms if is_scored(f.definition) and figures.score_total(f) is not None]
    unit_scored = [f for f in scored if not per_project(f.definition)]
    score = grade = None
    if unit_scored:
        score = figures.score_total(unit_scored[0])
        profile = profile_for(unit_scored[0], wb)
    elif scored:
        score = figures.round2(sum((figures.score_total(f) for f in scored), Decimal(0)) / len(scored))
        profile = profile_for(scored[0], wb)
    if score is not None and profile is not None:
        g = profile.grade_for(score)
        grade = g.name if g else None
    return {
        # each form's 校验码, as its printed pages carry it: the paper handed in matches this delivery
        "forms": [{"id": f.id, "title": f.title, "definition": f.definition.id, "code": content_code(wb, f)}
                  for f in wb.forms],
        "errors": errors, "warnings": warnings,
        "completeness": 100 if total == 0 else filled * 100 // total,
        "budget": _num(figures.round2(budget) if budget is not None else None),
        "spent": _num(ex_spent), "execution_rate": _num(rate),
        "score_total": _num(score), "grade": grade,
    }


COLUMNS = (("unit", "单位"), ("unit_code", "单位代码"), ("year", "年度"), ("status", "状态"),
           ("form_count", "表数"), ("errors", "审核错误"), ("warnings", "审核警告"),
           ("completeness", "完成度（%）"), ("budget", "预算数"), ("spent", "执行数"),
           ("execution_rate", "执行率（%）"), ("score_total", "自评得分"), ("grade", "等级"),
           ("modified", "最后修改"), ("file", "文件"), ("changes", "与上次报送相比"), ("codes", "校验码"),
           ("comments", "审核意见"))


def comments_text(row: dict) -> str:
    """The overview's 审核意见 cell: "未处理 2，已处理 1" ("" when the unit has none)."""
    open_, done = row.get("comments_open") or 0, row.get("comments_done") or 0
    if not open_ and not done:
        return ""
    return "，".join(t for t in (f"未处理 {open_}" if open_ else "", f"已处理 {done}" if done else "") if t)


def write_overview_xlsx(rows: list[dict], rejected: list[dict], path) -> None:
    """The overview as an Excel sheet (汇总概览), and the rejected files on a second (未采用的文件)."""
    import openpyxl
    from openpyxl.styles import Font

    xl = openpyxl.Workbook()
    ws = xl.active
    ws.title = "汇总概览"
    ws.append([label for _, label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        codes = "；".join(f"{f['title']} {f['code']}" for f in row.get("forms", []) if f.get("code"))
        special = {"form_count": len(row.get("forms", [])), "codes": codes, "comments": comments_text(row)}
        ws.append([special[key] if key in special else row.get(key) for key, _ in COLUMNS])
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMNOPQR", (30, 10, 6, 8, 6, 8, 8, 10, 14, 14, 10, 9, 6, 20, 30, 30, 40, 18)):
        ws.column_dimensions[letter].width = width
    ws2 = xl.create_sheet("未采用的文件")
    ws2.append(["文件", "原因"])
    for item in rejected:
        ws2.append([item["file"], item["reason"]])
    xl.save(path)
