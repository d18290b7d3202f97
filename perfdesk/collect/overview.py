"""The overview of collected units: one row per unit with the figures a 主管部门 looks at first."""
from __future__ import annotations

from ..definitions.form_figures import form_records, unit_row
from ..domain.model import Workbook


def unit_figures(wb: Workbook) -> dict:
    """The unit's figures (perfdesk.definitions.form_figures.unit_row over each form's record:
    the same computation the 审核摘要 written with the file holds per form). Budget: the
    unit-wide form's total where there is one (the projects are inside it), else the sum of the
    project forms. 执行数 and 执行率 over the forms that score execution. Self-evaluation: the
    unit-wide scored form's total, else the mean of the project forms' totals; the grade from
    that form's scoring profile."""
    return unit_row(form_records(wb))


COLUMNS = (("unit", "单位"), ("unit_code", "单位代码"), ("year", "年度"), ("status", "状态"),
           ("form_count", "表数"), ("errors", "审核错误"), ("warnings", "审核警告"),
           ("completeness", "完成度（%）"), ("budget", "预算数（万元）"), ("spent", "执行数（万元）"),
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
        unit = row.get("money_unit") or "万元"
        if unit != "万元":         # an amount the overview could not convert: its unit written beside it
            special.update({k: f"{row[k]}（{unit}）" for k in ("budget", "spent") if row.get(k) is not None})
        ws.append([special[key] if key in special else row.get(key) for key, _ in COLUMNS])
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMNOPQR", (30, 10, 6, 8, 6, 8, 8, 10, 14, 14, 10, 9, 6, 20, 30, 30, 40, 18)):
        ws.column_dimensions[letter].width = width
    ws2 = xl.create_sheet("未采用的文件")
    ws2.append(["文件", "原因"])
    for item in rejected:
        ws2.append([item["file"], item["reason"]])
    xl.save(path)
