"""A large foreign-layout sheet for the benchmark, generated (never committed) the same way each run.

Laid out like the national 项目支出绩效自评表 (财预〔2020〕10号 附1) as provinces publish it, with
the quirks of the fixtures in tests/data/foreign/make_fixtures.py (the 丽江古城区 table): a title,
项目名称 / 主管部门 / 实施单位 with codes glued to the names, a 项目资金(万元) block with
年度资金总额 / 其中:当年财政拨款 / 上年结转资金 / 其他资金, the 年度总体目标 cross, then
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 (split over a second header row into
指标性质 | 指标值 | 度量单位) | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施, level-1 and level-2
cells merged down their groups, and a 总分 row at the end.

The indicators are drawn from a seeded random.Random: the same file content for the same
(indicators, seed), whatever the machine.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

# (level 1, [level 2 …]) and each group's share of the level-3 rows, in the order the table prints them
GROUPS = [
    ("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"], 0.6),
    ("效益指标", ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"], 0.3),
    ("满意度指标", ["服务对象满意度指标"], 0.1),
]

# (name stem, operator, low, high, unit): the split target's three cells; unit None = no 度量单位
QUANTITATIVE = {
    "数量指标": [("培训场次", "﹦", 2, 40, "场"), ("购置设备数量", "≥", 5, 200, "台"), ("覆盖人数", "≥", 100, 5000, "人"),
              ("巡查次数", "=", 4, 52, "次")],
    "质量指标": [("验收合格率", "﹦", 100, 100, "%"), ("设备完好率", "≥", 90, 99, "%"), ("问题整改率", ">=", 85, 100, "%")],
    "时效指标": [("项目完成及时率", "﹦", 100, 100, "%"), ("资金拨付及时率", "≥", 90, 100, "%")],
    "成本指标": [("单位成本", "≤", 500, 9000, "元"), ("项目总成本", "<=", 5, 90, "万元")],
    "经济效益指标": [("带动增收", "≥", 1, 50, "万元")],
    "社会效益指标": [("违法行为责停率", "≥", 80, 99, "%"), ("受益群众人数", "≥", 200, 20000, "人")],
    "生态效益指标": [("绿化覆盖率", "≥", 30, 60, "%")],
    "可持续影响指标": [("设施使用年限", "≥", 5, 20, "年")],
    "服务对象满意度指标": [("服务对象满意度", "≥", 85, 95, "%"), ("群众满意度", "≥", 80, 95, "%")],
}
QUALITATIVE = ["明显改善", "有效提升", "持续发挥作用", "规范", "显著"]
REASONS = ["受疫情影响部分培训延期", "设备到货延迟，已于次年一季度完成安装", "实际参训人数少于预期，下年度加强宣传"]

FIXED_TIME = dt.datetime(2026, 12, 1, 0, 0, 0)   # document properties: the same content each run


def level3_counts(n: int) -> list[tuple[str, str, int]]:
    """(level 1, level 2, number of level-3 rows) for n level-3 rows, every level-2 group non-empty."""
    groups = [(l1, l2, share / len(l2s)) for l1, l2s, share in GROUPS for l2 in l2s]
    if n < len(groups):
        raise ValueError(f"at least {len(groups)} level-3 rows (one per level-2 group), not {n}")
    counts = [max(1, int(n * share)) for _, _, share in groups]
    # hand the rounding difference to the largest groups so that the total is exactly n
    i = 0
    while sum(counts) != n:
        step = 1 if sum(counts) < n else -1
        if counts[i % len(counts)] + step >= 1:
            counts[i % len(counts)] += step
        i += 1
    return [(l1, l2, k) for (l1, l2, _), k in zip(groups, counts)]


def sheet_rows(indicators: int = 1000, seed: int = 1) -> tuple[list[list], list[str], dict]:
    """(rows, merged ranges, facts) of the sheet; rows are lists of cell values (None = empty).
    `facts` says what the importer must find: level-3 count, the split rows' (op, number, unit)."""
    rnd = random.Random(seed)
    rows: list[list] = [
        ["2024年度项目支出绩效自评表"],
        ["项目名称", None, "51092324T000010263358-某某县城乡综合服务能力提升项目"],
        ["主管部门", None, "123-某某县某某局", None, None, None, "实施单位", None, "123001-某某县某某局"],
        ["项目资金(万元)", None, None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, None, "年度资金总额", None, 128.5, 131.2, 127.94, 10, 0.9752, 9.75],
        [None, None, "其中:当年财政拨款", None, 120, 122.7, 119.44, None, 0.9734],
        [None, None, "上年结转资金", None, 8.5, 8.5, 8.5, None, 1],
        [None, None, "其他资金", None, 0, 0, 0],
        ["年度总体目标", None, "预期目标", None, None, None, "实际完成情况"],
        [None, None, "完成全年服务能力提升任务，设施按期投入使用，服务对象满意度不低于85%。", None, None, None,
         "已按期完成全年任务，设施投入使用，服务对象满意度达到92%。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", None, None, "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, None, None, None, "指标性质", "指标值", "度量单位"],
    ]
    merges = ["A1:K1", "A2:B2", "C2:K2", "A3:B3", "C3:F3", "G3:H3", "I3:K3", "A4:B8", "C4:D4", "J4:K4", "C5:D5", "J5:K5",
              "C6:D6", "J6:K6", "C7:D7", "C8:D8", "A9:B10", "C9:F9",
              "G9:K9", "C10:F10", "G10:K10", "B11:B12", "C11:C12", "D11:D12", "E11:G11", "H11:H12", "I11:I12",
              "J11:J12", "K11:K12"]
    # the funds figures' number formats are what the fixtures carry; they do not change the values
    formats = {"I5": "0.00%", "I6": "0.00%", "I7": "0.00%"}
    head = len(rows)
    facts = {"level3": 0, "split": {}}
    l1_top = None
    for l1, l2, count in level3_counts(indicators):
        if l1_top is None or rows[l1_top - 1][1] != l1:
            if l1_top is not None and len(rows) > l1_top:
                merges.append(f"B{l1_top}:B{len(rows)}")
            l1_top = len(rows) + 1
        l2_top = len(rows) + 1
        for k in range(count):
            row: list = [None, l1 if len(rows) + 1 == l1_top else None, l2 if k == 0 else None]
            weight = 0.09                                       # 1000 rows × 0.09 = 90 分
            if rnd.random() < 0.15:                             # 定性: the value in words, no unit
                name = f"{l2[:-2]}定性指标{k + 1}"
                word = rnd.choice(QUALITATIVE)
                reached = rnd.random() < 0.9
                row += [name, "定性", word, None, word if reached else "基本达成", weight,
                        weight if reached else round(weight * 0.8, 3)]
                split = ("", word, "")
            else:
                stem, op, low, high, unit = rnd.choice(QUANTITATIVE[l2])
                number = rnd.randint(low, high)
                reached = rnd.random() < 0.9
                actual = number if reached else max(0, number - rnd.randint(1, max(1, number // 10)))
                row += [f"{stem}{k + 1}", op, number, unit, actual, weight,
                        weight if reached else round(weight * 0.9, 3)]
                split = (op, number, unit)
            if not reached:
                row.append(rnd.choice(REASONS))
            rows.append(row)
            facts["split"][len(rows)] = split
            facts["level3"] += 1
        if len(rows) > l2_top:
            merges.append(f"C{l2_top}:C{len(rows)}")
    if len(rows) > l1_top:
        merges.append(f"B{l1_top}:B{len(rows)}")
    merges.append(f"A{head + 1}:A{len(rows)}")
    rows.append(["总分", None, None, None, None, None, None, None, 100, None])
    merges.append(f"A{len(rows)}:H{len(rows)}")
    facts["formats"] = formats
    return rows, merges, facts


def write_sheet(path: str | Path, indicators: int = 1000, seed: int = 1) -> dict:
    """Write the sheet as an xlsx at `path`; returns the facts of sheet_rows plus the cell count."""
    import openpyxl

    rows, merges, facts = sheet_rows(indicators, seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    cells = 0
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            cells += 1
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"          # the operator "=", not a formula
    for rng in merges:
        ws.merge_cells(rng)
    for ref, fmt in facts.pop("formats").items():
        ws[ref].number_format = fmt
    wb.properties.creator = "perfdesk benchmarks/foreign_sheet.py"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.save(path)
    facts["cells"] = cells
    facts["rows"] = len(rows)
    return facts


_OPS = {"﹦": "=", "＝": "=", "=": "=", "≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤"}


def check_import(result, facts: dict) -> None:
    """Raise unless the import read the sheet whole: one form, every level-3 row, and each split
    target joined into one value with its operator, number and unit."""
    from perfdesk.domain.values import Kind

    if result.workbook is None or len(result.workbook.forms) != 1:
        raise RuntimeError(f"the foreign sheet did not import: {[str(p) for p in result.problems][:5]}")
    form = result.workbook.forms[0]
    leaves = [node for level, node, _ in form.walk() if level == 3]
    expected = list(facts["split"].values())
    if len(leaves) != len(expected):
        raise RuntimeError(f"imported {len(leaves)} level-3 indicators of {len(expected)}")
    for node, (op, number, unit) in zip(leaves, expected):
        value = node.cells.get("target_value")
        if value is None:
            raise RuntimeError(f"{node.name}: no 年度指标值")
        if not op:
            ok = value.kind is Kind.QUALITATIVE and value.text == number
        else:
            ok = (value.op is not None and value.op.value == _OPS[op] and value.number == number
                  and value.unit == unit)
        if not ok:
            raise RuntimeError(f"{node.name}: 年度指标值 {value.text!r}, expected {op}{number}{unit}")
