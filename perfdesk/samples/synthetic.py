"""Synthetic workbooks the size of a county bureau: one unit-wide target form and N project
target forms, drawn from the real samples (indicator names, values, long texts), deterministic
for a seed. For benchmarks and load tests, never shipped as data."""
from __future__ import annotations

import copy
import random
from decimal import Decimal

from ..definitions.loader import Registry, default_registry
from ..domain.kinds import per_project
from ..domain.model import Form, FundsLine, FundsTable, IndicatorNode, Workbook
from ..domain.values import parse_value
from . import load_sample

_PROJECT_WORDS = ["市场监管", "食品安全", "特种设备", "质量提升", "知识产权", "计量检定", "标准化", "网络监测",
                  "消费维权", "信用监管", "执法办案", "信息化运维", "档案管理", "药品监管", "广告监测", "价格监督"]
_PROJECT_KINDS = ["专项经费", "工作经费", "补助经费", "运维费", "购置费", "宣传经费", "检测费", "服务费"]


def _pools(registry: Registry):
    """Level-3 rows of the real project forms, by (level-1, level-2), and their long texts."""
    hebei = load_sample("hebei-2022", registry)
    rows: dict[tuple[str, str], list[IndicatorNode]] = {}
    texts: list[str] = []
    for form in hebei.forms:
        if not per_project(form.definition):
            texts += [t for t in form.sections.values() if t]
            continue
        texts += [t for t in form.sections.values() if t]
        for l1 in form.indicators:
            for l2 in l1.children:
                rows.setdefault((l1.name, l2.name), []).extend(l2.children)
    for name in ("rugao-2023", "nantong-2024"):
        for form in load_sample(name, registry).forms:
            texts += [t for t in form.sections.values() if len(t) > 80]
    return rows, texts


def _long_text(rng: random.Random, texts: list[str], paragraphs: int) -> str:
    return "\n".join(rng.choice(texts) for _ in range(paragraphs))


def synthetic_workbook(projects: int, seed: int, registry: Registry | None = None) -> Workbook:
    registry = registry or default_registry()
    rng = random.Random(seed)
    rows, texts = _pools(registry)
    unit_form = copy.deepcopy(load_sample("nantong-2024", registry).forms[0])
    wb = Workbook(unit="某县市场监督管理局", unit_code="414999", year=2025)
    wb.forms.append(unit_form)
    unit_form.title = "某县本级部门整体预算绩效目标表"
    definition = registry["hebei_project_target"]
    expense: FundsTable = unit_form.funds_table("expense")
    expense.lines.clear()
    expense.stated.clear()
    categories = [(l1, [l2 for l2 in l1.level2 if (l1.name, l2) in rows]) for l1 in definition.indicators.level1]
    total_annual = Decimal(0)
    for i in range(1, projects + 1):
        name = f"{rng.choice(_PROJECT_WORDS)}{rng.choice(_PROJECT_KINDS)}（{i:03d}）"
        amount = Decimal(rng.randint(50, 300000)) / 100
        form = Form(id=f"project_{i:03d}", definition=definition, title=f"{name}绩效目标表")
        form.fields = {"project_code": f"13030325P{rng.randrange(16 ** 10):010X}", "project_name": name}
        form.sections = {"fund_use": _long_text(rng, texts, 1), "goal": _long_text(rng, texts, rng.randint(1, 3))}
        budget = form.funds_table("budget")
        budget.values["fiscal"] = {"amount": amount}
        plan = form.funds_table("plan")
        q = sorted(rng.sample(range(5, 100, 5), 3))
        plan.values["plan"] = {"m03": Decimal(q[0]), "m06": Decimal(q[1]), "m10": Decimal(q[2]), "m12": Decimal(100)}
        for l1_def, level2 in categories:
            l1 = IndicatorNode(l1_def.name)
            for l2_name in level2:
                pool = rows[(l1_def.name, l2_name)]
                if l1_def.name == "效益指标" and l2_name != "社会效益指标" and rng.random() < 0.6:
                    continue   # like the samples: most projects state social benefits only
                picks = rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 1, 2])))
                if not picks:
                    continue
                l2 = IndicatorNode(l2_name)
                for pick in picks:
                    cells = dict(pick.cells)
                    cells["target_value"] = parse_value(cells["target_value"].text)
                    l2.children.append(IndicatorNode(pick.name, cells))
                l1.children.append(l2)
            form.indicators.append(l1)
        wb.forms.append(form)
        half = (amount * Decimal(q[1]) / 100).quantize(Decimal("0.01"))
        expense.lines.append(FundsLine(name, {"half": half, "annual": amount}))
        total_annual += amount
    # the unit's income covers basic spending plus the projects
    basic = expense.values.get("basic", {}).get("annual", Decimal(0))
    income = unit_form.funds_table("income")
    income.values = {"general_budget": {"annual": basic + total_annual}}
    income.stated.clear()
    return wb
