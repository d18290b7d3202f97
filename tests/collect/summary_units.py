"""Units with project self-evaluations for the 汇总表 tests and the 200-unit print check: copies of
the national sample's project self-evaluation with their 执行数 and 得分 varied (deterministic by
seed), some projects left with a target form only (not self-evaluated)."""
from __future__ import annotations

import copy
import random
from decimal import Decimal
from pathlib import Path

from perfdesk.domain import figures
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import write_workbook

WORDS = ("财政", "交通", "教育", "卫生健康", "农业农村", "水利", "文化旅游", "市场监管", "自然资源", "住房城乡建设",
         "生态环境", "民政", "人力资源社会保障", "应急管理", "司法", "科技", "商务", "统计", "医疗保障", "林业")


def unit_workbook(i: int, projects: int = 3, year: int = 2024, seed: int = 0, targets_only: int = 0):
    """Unit i: `projects` self-evaluated projects (plus `targets_only` with a target form only)."""
    rng = random.Random(seed * 100_003 + i)
    base = load_sample("national-project-self-eval-2024")
    target = load_sample("national-project-target-2025").forms[0]
    wb = copy.deepcopy(base)
    wb.unit = f"某市{WORDS[i % len(WORDS)]}局（{i:03d}）" + ("下属事业单位服务中心" if i % 7 == 3 else "")
    wb.unit_code = f"{500000 + i}"
    wb.year = year
    template = base.forms[0]
    wb.forms = []
    for k in range(projects):
        form = copy.deepcopy(template)
        form.id = f"project_eval_{k + 1:02d}"
        name = f"{WORDS[(i + k) % len(WORDS)]}专项业务经费（{i:03d}-{k + 1}）"
        for key in ("project_name",):
            if key in form.fields:
                form.fields[key] = name
        form.title = f"{name}项目支出绩效自评表"
        funds = form.funds["funds"]
        scale = Decimal(rng.choice((Decimal("0.2"), Decimal("0.5"), Decimal("1"), Decimal("3"), Decimal("12"))))
        ratio = Decimal(rng.choice((35, 58, 72, 85, 91, 96, 99, 100, 100, 100))) / 100
        for row, cols in funds.values.items():
            for col in list(cols):
                if cols[col] is not None:
                    cols[col] = (cols[col] * scale).quantize(Decimal("0.01"))
            if cols.get("adjusted") is not None:
                cols["spent"] = (cols["adjusted"] * ratio).quantize(Decimal("0.01"))
        cut = Decimal(rng.choice((1, 1, 0.95, 0.9, 0.8, 0.7, 0.55)))
        for node in figures.scored_rows(form):
            w = node.cells.get("weight")
            if isinstance(w, Decimal):
                node.cells["score"] = (w * cut).quantize(Decimal("0.5"))
        wb.forms.append(form)
    for k in range(targets_only):
        form = copy.deepcopy(target)
        form.id = f"project_{k + 1:02d}"
        name = f"新增{WORDS[(i + k) % len(WORDS)]}项目（{i:03d}-T{k + 1}）"
        if "project_name" in form.fields:
            form.fields["project_name"] = name
        form.title = f"{name}绩效目标表"
        wb.forms.append(form)
    wb.profile_texts = dict(base.profile_texts)
    return wb


def write_units(folder: Path, count: int, projects: int = 3, year: int = 2024, seed: int = 0) -> list[Path]:
    out = []
    for i in range(count):
        path = folder / f"unit-{i:03d}.perfdesk"
        write_workbook(path, unit_workbook(i, projects, year, seed, targets_only=1 if i % 5 == 1 else 0))
        out.append(path)
    return out
