"""The built-in sample workbooks: the five real documents in shared/seeds and two published
provincial forms, transcribed faithfully (their mistakes and blanks included, so the checker has
something real to find), and one filled example of each national layout (forms/national_*.toml),
with realistic made-up figures."""
from __future__ import annotations

import json
from importlib import resources

import msgspec

from ..definitions.loader import Registry
from ..domain.model import Workbook
from ..codec import workbook_from_dict


class Sample(msgspec.Struct, frozen=True):
    name: str
    file: str
    label: str


SAMPLES = (
    Sample("nantong-2024", "nantong_2024.json", "南通市市场监管局网络受理中心 2024 部门整体预算绩效目标表"),
    Sample("suzhou-2024", "suzhou_2024.json", "苏州市商务服务中心 2024 部门整体预算绩效目标表"),
    Sample("hebei-2022", "hebei_2022.json", "河北某区市场监督管理局 2022 部门整体绩效目标及九个项目支出绩效目标表"),
    Sample("rugao-2023", "rugao_2023.json", "如皋市市场监督管理局 2023 部门整体支出绩效自评价表"),
    Sample("shenzhen-guangming-2024", "shenzhen_guangming_2024.json", "深圳市市场监督管理局光明监管局 2024 项目支出绩效自评表"),
    # published provincial 一体化 forms (tests/data/provincial/SOURCES.md A and C)
    Sample("sichuan-qingshen-2023", "sichuan_qingshen_2023.json", "青神县发展和改革局 2023 部门预算项目支出绩效自评表（四川）"),
    Sample("yunnan-gucheng-2020", "yunnan_gucheng_2020.json", "丽江市古城区自然资源局 2020 项目支出绩效自评表（云南）"),
    # The national layouts (DOMAIN.md §7), filled with realistic made-up figures (示例数据).
    Sample("national-project-self-eval-2024", "national_project_self_eval_2024.json",
           "中国气象局气象探测中心 2024 项目支出绩效自评表（全国表样，示例数据）"),
    Sample("national-project-target-2025", "national_project_target_2025.json",
           "水利部长江水利委员会水文局 2025 项目支出绩效目标申报表（中央部门表样，示例数据）"),
    Sample("national-dept-target-2025", "national_dept_target_2025.json",
           "水利部长江水利委员会水文局 2025 部门整体支出绩效目标申报表（中央部门表样，示例数据）"),
    Sample("national-dept-self-eval-2024", "national_dept_self_eval_2024.json",
           "水利部长江水利委员会水文局 2024 部门整体支出绩效自评表（全国表样，示例数据）"),
    # Mid-year monitoring (财预〔2019〕136号) derived from three of the Hebei seed's target forms
    # (real) with made-up figures to the end of June that light every colour
    # (tools/make_monitor_sample.py writes it).
    Sample("hebei-monitor-2022", "hebei_monitor_2022.json",
           "河北某区市场监督管理局 2022 项目支出绩效目标执行监控表（1-6月，由目标表生成，示例数据）"),
)

DEFAULT_SAMPLE = "shenzhen-guangming-2024"


def sample_names() -> list[str]:
    return [s.name for s in SAMPLES]


def find_sample(name: str) -> Sample:
    for s in SAMPLES:
        if s.name == name:
            return s
    raise KeyError(name)


def load_sample(name: str, registry: Registry | None = None) -> Workbook:
    sample = find_sample(name)
    text = resources.files(__package__).joinpath(sample.file).read_text(encoding="utf-8")
    return workbook_from_dict(json.loads(text), registry)
