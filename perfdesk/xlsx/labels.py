"""Header labels of foreign sheets: normalising them and knowing the names different provinces
use for the same column (指标值 / 年度指标值 / 全年指标值, 权重 / 分值, 偏差原因 …)."""
from __future__ import annotations

import re
import unicodedata

from ..domain.definition import FormDefinition

# Other names of a definition's column, by column id (definitions are data: an unknown id
# matches its own label only).
ALIASES: dict[str, tuple[str, ...]] = {
    "target_value": ("指标值", "年度指标值", "全年指标值", "年初指标值", "目标值", "预期指标值", "绩效指标值",
                     "年度目标值", "预期目标值", "指标目标值", "计划指标值"),
    "annual_value": ("全年指标值", "年度指标值", "指标值", "全年目标值", "年度目标值"),
    "half_value": ("半年指标值", "半年目标值", "上半年指标值"),
    "actual_value": ("实际完成值", "实际值", "完成值", "全年实际值", "实际完成情况", "全年完成值", "年度完成值",
                     "实际完成指标值"),
    "weight": ("权重", "分值", "权重分值", "指标权重", "权重分", "指标分值", "标准分值"),
    "score": ("得分", "自评得分", "实际得分", "评分"),
    "reason": ("偏差原因分析及改进措施", "偏差原因", "偏差原因分析", "未完成原因分析", "原因分析及改进措施",
               "偏差原因及改进措施", "未完成原因及改进措施", "说明", "备注"),
    "note": ("说明", "备注", "偏差原因分析及改进措施", "偏差原因", "扣分原因", "得分说明"),
    "unit": ("度量单位", "计量单位", "单位"),
    "description": ("绩效指标描述", "指标描述", "指标解释", "指标说明", "指标内涵"),
    "basis": ("指标值确定依据", "确定依据", "指标值设定依据", "指标来源", "指标值依据", "设定依据"),
    "key_work": ("重点工作", "重点工作任务"),
    "project": ("对应项目", "对应项目名称", "关联项目"),
}
LEVEL_ALIASES = {
    "l1": ("一级指标", "一级", "类别", "指标类别", "一级指标名称"),
    "l2": ("二级指标", "二级", "职能", "二级指标名称"),
    "l3": ("三级指标", "三级", "绩效指标", "指标名称", "三级指标名称", "具体指标", "绩效指标名称"),
}
OPERATOR_LABELS = ("指标性质", "指标方向", "运算符号", "运算符", "比较符", "符号", "指标值性质")
MEASURE_LABELS = ("度量单位", "计量单位", "单位")
TOTAL_WORDS = ("合计", "总计", "总分", "合 计", "总 分")
FOOTER_PREFIXES = ("备注", "注：", "注:", "说明：", "说明:", "填表说明", "填报说明", "填报单位", "单位负责人", "填报人",
                   "联系电话", "审核人", "填报日期", "自评价单位")

_OPERATORS = {
    "≥": "≥", "≧": "≥", ">=": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥", "正向": "≥",
    "≤": "≤", "≦": "≤", "<=": "≤", "小于等于": "≤", "不高于": "≤", "不超过": "≤", "反向": "≤",
    ">": ">", "大于": ">", "<": "<", "小于": "<",
    "=": "=", "==": "=", "等于": "=", "﹦": "=",
    "定性": "", "定量": "", "": "",
}


def norm(text: str) -> str:
    """Comparable form of a label: half-width, no spaces, no * marks, no trailing colon."""
    s = unicodedata.normalize("NFKC", str(text))
    s = re.sub(r"\s+", "", s)
    s = s.strip("*★☆")
    s = s.rstrip(":")
    return s


def clean_name(text: str) -> str:
    """An indicator or line name as typed in a cell: no line breaks inside, no spaces around."""
    return re.sub(r"\s*\n\s*", "", text).strip()


def base(text: str) -> str:
    """norm without a bracketed tail: 权重（分） → 权重, 偏差原因（必填） → 偏差原因."""
    return re.sub(r"\([^()]*\)$", "", norm(text)) or norm(text)


def strip_numbering(text: str) -> str:
    """（一）部门基本情况 → 部门基本情况; 一、总体绩效目标 → 总体绩效目标."""
    s = norm(text)
    return re.sub(r"^(\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、])", "", s)


def operator(text: str) -> str | None:
    """The operator of a 指标性质 cell ('' for 定性), None when not understood."""
    s = norm(text)
    return _OPERATORS.get(s)


class LabelMap:
    """Header text → role for one definition's indicator table (or one list)."""

    def __init__(self, exact: dict[str, str], aliases: dict[str, str]):
        self.exact, self.aliases = exact, aliases

    def role(self, text: str) -> tuple[str, int] | None:
        """(role, strength): 3 for the definition's own label, 1 for another province's name."""
        if not text:
            return None
        for key in (norm(text), base(text)):
            if key in self.exact:
                return self.exact[key], 3
        for key in (norm(text), base(text)):
            if key in self.aliases:
                return self.aliases[key], 1
        return None


def indicator_labels(definition: FormDefinition) -> LabelMap:
    ind = definition.indicators
    exact: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for role, label in zip(("l1", "l2", "l3"), ind.level_labels):
        exact.setdefault(norm(label), role)
    columns = list(ind.columns)
    for branch in ind.level1:
        if branch.level2_label:
            exact.setdefault(norm(branch.level2_label), "l2")
        columns += [c for c in branch.level2_columns if c.id not in {x.id for x in columns}]
    for c in columns:
        exact.setdefault(norm(c.label), c.id)
    ids = {c.id for c in columns}
    for role, names in LEVEL_ALIASES.items():
        for n in names:
            aliases.setdefault(norm(n), role)
    for cid, names in ALIASES.items():
        if cid in ids:
            for n in names:
                aliases.setdefault(norm(n), cid)
    for n in OPERATOR_LABELS:
        aliases.setdefault(norm(n), "op")
    if "unit" not in ids:
        for n in MEASURE_LABELS:
            aliases.setdefault(norm(n), "measure")
    for key in list(aliases):
        if key in exact:
            del aliases[key]
    return LabelMap(exact, aliases)


def list_labels(columns) -> LabelMap:
    exact = {norm(c.label): c.id for c in columns}
    aliases: dict[str, str] = {}
    for c in columns:
        for n in ALIASES.get(c.id, ()):
            if norm(n) not in exact:
                aliases.setdefault(norm(n), c.id)
    return LabelMap(exact, aliases)
