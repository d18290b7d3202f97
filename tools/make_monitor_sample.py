"""Build perfdesk/samples/hebei_monitor_2022.json: three of the Hebei seed's project target forms
(real, as transcribed) and the 项目支出绩效目标执行监控表 derived from each with the shipped rule,
filled with made-up but realistic figures to the end of June that light every colour.

Run: PYTHONPATH=. python tools/make_monitor_sample.py (rewrites the JSON; the sample test checks it)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from perfdesk.codec import workbook_to_dict
from perfdesk.definitions.derivations import rule_for_source
from perfdesk.definitions.loader import default_registry
from perfdesk.domain import figures
from perfdesk.domain.derive import derive_self_eval
from perfdesk.domain.model import Workbook
from perfdesk.domain.values import IndicatorValue
from perfdesk.samples import load_sample

OUT = Path(__file__).resolve().parent.parent / "perfdesk" / "samples" / "hebei_monitor_2022.json"

# per source form: to-date funds (spent, forecast), the 目前执行情况 text, and per indicator name:
# (1-6月执行情况, 全年预计完成情况, 偏差原因分析, 原因说明, 完成目标可能性, 备注)
FILLS = {
    "project_03": (("10.50", "14.00"), "上半年集中开展了 4 次专项整治，执法计划按进度推进；一季度辖区发生一起电梯伤亡事故，特种设备死亡率已超出年度指标值。", {
        "市场专项整治行动次数": ("4次", "6次", "", "", "确定能", "上半年集中开展节前及春季专项整治，进度超前"),
        "监管执法计划完成率": ("92%", "95%", "", "", "确定能", ""),
        "按项目计划完成工作": ("60%", "90%", "人员保障", "执法人员上半年抽调参加创城检查，部分计划顺延", "有可能", ""),
        "万台特种设备死亡率": ("0.40%", "0.40%", "其他", "3 月一起电梯困人伤亡事故，年内无法扭转", "完全不可能",
                         "开展电梯、锅炉等重点设备隐患排查，下半年检验覆盖率提高到 100%"),
    }),
    "project_04": (("7.00", "19.60"), "散煤管控巡查按月推进；成品油抽检受人员不足影响，检测费支付偏慢。", {
        "散煤管控执法巡查次数": ("96次", "190次", "", "", "确定能", ""),
        "成品油抽检计划完成率": ("62%", "90%", "人员保障", "抽检人员不足，第三方检测机构 5 月才确定", "有可能", ""),
        "按项目计划完成工作": ("按进度推进", "达成", "", "", "确定能", ""),
        "管控工作计划完成率": ("93%", "95%", "", "", "确定能", ""),
        "劣质散煤销售是否得到控制": ("部分达成", "达成", "制度保障", "跨区流动摊贩的联合执法机制尚未建立", "有可能", ""),
    }),
    "project_08": (("26.00", "100.00"), "执法装备采购合同 7 月签订，资金支付滞后；案件办结受人员调整影响。", {
        "市场专项整治行动次数": ("1次", "5次", "经费保障", "专项资金 5 月下达，整治行动推迟到下半年", "有可能", ""),
        "监管执法计划完成率": ("88%", "92%", "", "", "确定能", ""),
        "万台特种设备死亡率": ("0%", "0%", "", "", "确定能", ""),
        "案件办结率": ("45%", "80%", "人员保障、其他", "办案人员调整，积案较多", "完全不可能",
                  "抽调骨干成立积案清理专班，按月通报办结进度"),
    }),
}


def main() -> None:
    seed = load_sample("hebei-2022")
    wb = Workbook(seed.unit, seed.unit_code, seed.year, signature=seed.signature)
    registry = default_registry()
    for source_id, ((spent, forecast), progress, rows) in FILLS.items():
        source = seed.form(source_id)
        wb.forms.append(source)
        rule = rule_for_source(source.definition.id, "monitoring")
        form = derive_self_eval(wb, source, rule, registry[rule.target])
        wb.forms.append(form)
        form.fields.update(month="6", competent_dept=f"{seed.unit}（{seed.unit_code}）")
        form.sections["goal_progress"] = progress
        fiscal = form.funds_table("funds").values["fiscal"]
        fiscal.update(spent=Decimal(spent), forecast=Decimal(forecast))
        named = {r.name: r for r in figures.named_indicators(form)}
        for name, (actual, fc, deviation, reason, likelihood, note) in rows.items():
            cells = named[name].cells
            cells["actual_value"] = IndicatorValue.parse(actual)
            cells["forecast_value"] = IndicatorValue.parse(fc)
            for key, text in (("deviation", deviation), ("reason", reason), ("likelihood", likelihood), ("note", note)):
                if text:
                    cells[key] = text
    OUT.write_text(json.dumps(workbook_to_dict(wb), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(OUT)


if __name__ == "__main__":
    main()
