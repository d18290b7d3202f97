"""Write the foreign-sheet fixtures of issue 16 (item 7): published provincial tables typed into
xlsx as they were printed, and synthetic sheets, one per quirk the importer must handle.

    python tests/data/foreign/make_fixtures.py          # rewrites the .xlsx files beside this script

Every table is a list of rows (None = an empty cell) so that a reviewer can hold it against
tests/data/provincial/SOURCES.md, which says where each real table was published and what the
copy leaves out. Nothing in a real table is corrected: its mistakes are the point. Numbers are
Python numbers where the publication prints a number, and str where it prints text (`150万`,
`100%`, a number typed as text). A string that starts with "=" is stored as text, not a formula.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2026, 12, 1, 0, 0, 0)   # document properties: the same bytes of content each run


class Sheet:
    def __init__(self, title: str, rows: list[list], merges: tuple[str, ...] = (),
                 formats: dict[str, str] | None = None):
        self.title, self.rows, self.merges, self.formats = title, rows, merges, formats or {}


# Each fixture: file stem -> (what it is, [sheets]). REAL_* are published tables; SYN_* synthetic.
FIXTURES: dict[str, tuple[str, list[Sheet]]] = {}


def fixture(stem: str, about: str, *sheets: Sheet) -> None:
    assert stem not in FIXTURES, stem
    FIXTURES[stem] = (about, list(sheets))


# =================================================================================== real tables

# A. 四川 510000_0013zp 部门预算项目支出绩效自评表, 青神县发展和改革局 2023 (SOURCES.md A).
# 万元 in the header 年度预算数(万元); 其中:财政资金 / 财政专户管理资金 / 单位资金 / 其他资金;
# split 指标性质 | 指标值 | 度量单位 with "="; a 22-character project code glued to the name.
fixture("real_sichuan_qingshen_2023", "四川 青神县发展和改革局 项目支出绩效自评表 2023 (万元, split values, code-name)", Sheet(
    "510000_0013zp",
    [
        ["报表编号:510000_0013zp"],
        ["部门预算项目支出绩效自评表(2023年度)"],
        ["项目名称", None, "51000021R000000019951-工资性支出"],
        ["主管部门", None, "青神县发展和改革局本级", None, None, None, "实施单位 (盖章)", None, "青神县发展和改革局"],
        ["项目基本情况", "1.项目年度目标完成情况"],
        [None, "项目年度目标", None, None, None, None, "年度目标完成情况"],
        [None, "严格执行相关政策,保障工资及时、足额发放或社保及时、足额缴纳,预算编制科学合理,减少结余资金。",
         None, None, None, None, "对照年度目标，说明相关任务目标的完成情况(100字以内)"],
        [None, "2.项目实施内容及过程概述"],
        ["预算执行情况(10分)", "年度预算数(万元)", None, "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"],
        [None, "总额", None, 238.93, 251.89, 251.89, 1, 10, None,
         "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);2.年中发生预算调整的(追加或调减),"
         "应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."],
        [None, "其中:财政资金", None, 238.93, 251.89, 251.89, 1, "/", "/"],
        [None, "财政专户管理资金", None, 0, 0, 0, 0, "/", "/"],
        [None, "单位资金", None, 0, 0, 0, 0, "/", "/"],
        [None, "其他资金", None, None, None, None, None, "/", "/"],
        ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
        [None, "产出指标", "数量指标", "发放(缴纳)覆盖率", "=", 100, "%", None, 60],
        [None, "效益指标", "社会效益指标", "足额保障率(参保率)", "=", 100, "%", None, 30],
        [None, "合计", None, None, None, None, None, None, 100],
        ["评价结论", None, "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)"],
        ["存在问题", None, "结合自评情况,分析存在的问题及原因。(200字以内)"],
        ["改进措施", None, "针对项目自评中发现的问题,提出下一步改进完善的意见及有关政策性建议。(200字以内)"],
        ["项目负责人:", None, None, None, None, "财务负责人:"],
    ],
    ("A1:K1", "A2:K2", "A3:B3", "C3:K3", "A4:B4", "C4:F4", "G4:H4", "I4:K4", "A5:A8", "B5:K5", "B6:F6", "G6:K6",
     "B7:F7", "G7:K7", "B8:D8", "E8:K8", "A9:A14", "B9:C9", "J9:K9", "B10:C10", "J10:K14", "B11:C11", "B12:C12",
     "B13:C13", "B14:C14", "A15:A18", "B18:H18", "A19:B19", "C19:K19", "A20:B20", "C20:K20", "A21:B21", "C21:K21",
     "A22:E22", "F22:K22"),
    {"D10": "0.00", "E10": "0.00", "F10": "0.00", "G10": "0.00%", "D11": "0.00", "E11": "0.00", "F11": "0.00",
     "G11": "0.00%", "D12": "0.00", "E12": "0.00", "F12": "0.00", "G12": "0.00%", "D13": "0.00", "E13": "0.00",
     "F13": "0.00", "G13": "0.00%"},
))

# C. 云南 2020年度项目支出绩效自评表, 丽江市古城区自然资源局 (SOURCES.md C). 财预〔2020〕10号 附1 with
# 项目资金(万元), 其中:当年财政拨款, 年度指标值 split into 指标性质 | 指标值 | 度量单位 with the small "﹦";
# one indicator in 元 (72890 元, the 7.29 万元 of the funds); 10.00 and 20 side by side; the copy is cut
# inside the satisfaction row (its 得分 and the 总分 row are not in it).
fixture("real_yunnan_gucheng_2020", "云南 丽江古城区自然资源局 项目支出绩效自评表 2020 (项目资金(万元), split ﹦/≥)", Sheet(
    "自评表",
    [
        ["2020年度项目支出绩效自评表"],
        ["项目名称", None, "2020年省级自然资源卫片执法补助经费支出绩效自评表"],
        ["主管部门", None, "丽江市自然资源和规划局", None, None, None, "实施单位", None, "丽江市古城区自然资源局"],
        ["项目资金(万元)", None, None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, None, "年度资金总额", None, 7.29, 7.29, 7.29, 10, 1, 10],
        [None, None, "其中:当年财政拨款", None, 7.29, 7.29, 7.29, None, 1],
        [None, None, "上年结转资金"],
        [None, None, "其他资金"],
        ["年度总体目标", None, "预期目标", None, None, None, "实际完成情况"],
        [None, None, "自然资源卫片执法补助经费", None, None, None, "自然资源卫片执法补助经费"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", None, None, "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, None, None, None, "指标性质", "指标值", "度量单位"],
        [None, "产出指标", "数量指标", "卫片执法补助经费", "﹦", 72890, "元", 72890, 10, 9],
        [None, None, "质量指标", "项目验收合格率", "﹦", 100, "%", 100, 20, 19],
        [None, None, "时效指标", "项目完成及时率", "﹦", 100, "%", 100, 20, 19],
        [None, "效益指标", "社会效益指标", "违法行为责停率", "≥", 95, "%", 95, 30, 27],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥", 95, "%", 95, 10],
    ],
    ("A1:K1", "A2:B2", "C2:K2", "A3:B3", "C3:F3", "G3:H3", "I3:K3", "A4:B8", "C4:D4", "J4:K4", "C5:D5", "J5:K5",
     "C6:D6", "J6:K6", "C7:D7", "C8:D8", "A9:B10", "C9:F9", "G9:K9", "C10:F10", "G10:K10", "A11:A17", "B11:B12",
     "C11:C12", "D11:D12", "E11:G11", "H11:H12", "I11:I12", "J11:J12", "K11:K12", "B13:B15"),
    {"E5": "0.00", "F5": "0.00", "G5": "0.00", "H5": "0.00", "I5": "0%", "J5": "0.00", "E6": "0.00", "F6": "0.00",
     "G6": "0.00", "I6": "0%", "I13": "0.00", "J13": "0.00", "I15": "0.00", "J15": "0.00", "I16": "0.00",
     "J16": "0.00", "I17": "0.00"},
))

# E. 安徽 项目支出绩效自评表（2022年度）, 池州市贵池区棠溪镇人民政府 (SOURCES.md E). 项目资金(万元);
# 年度资金总额: 0 | 0 | 0 above 其中:本年财政拨款 90 | 89.974 | 89.974 (the stated total disagrees with
# its part); `219-` and `219001-` unit codes glued to the names; ≥100百分比; 产出指标(50分) in the
# level-1 cells. The copy is cut inside the satisfaction row (`公众满…`), which is left out here.
fixture("real_anhui_tangxi_2022", "安徽 池州棠溪镇 项目支出绩效自评表 2022 (万元, total ≠ parts, 本年财政拨款, codes)", Sheet(
    "项目支出绩效自评表",
    [
        ["项目支出绩效自评表"],
        ["(2022年度)"],
        ["项目名称", None, "委托业务项目"],
        ["主管部门", None, "219-池州市贵池区棠溪镇人民政府", None, None, "实施单位", None, "219001-池州市贵池区棠溪镇人民政府"],
        ["项目资金(万元)", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, None, "年度资金总额:", 0, 0, 0, 10, 0, 0],
        [None, None, "其中:本年财政拨款", 90, 89.974, 89.974],
        [None, None, "上年结转资金"],
        [None, None, "其他资金"],
        ["年度总体目标", None, "预期目标", None, None, "实际完成情况"],
        [None, None, "本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
                     "30万元用于基建工程项目设计、规划、测绘。", None, None,
         "本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
         "29.99万元用于基建工程项目设计、规划、测绘。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", 50, 8, 8],
        [None, None, "质量指标", "委托业务报告合格率", "≥100百分比", 100, 8, 8],
        [None, None, None, "经费支出合规性", "严格执行相关制度规定", "达成预期指标", 8, 8],
        [None, None, "时效指标", "提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", 8, 8],
        [None, None, "成本指标", "项目总成本", "≤90万元", 90, 8, 8],
        [None, None, None, "单项业务成本", "符合相关规定", "达成预期指标", 10, 10],
        [None, "效益指标(30分)", "社会效益指标", "对维护基建市场公平的影响程度", "效果明显", "达成预期指标", 10, 10],
        [None, None, "生态效益指标", "对控制基建项目成本影响程度", "效果明显", "达成预期指标", 10, 10],
        [None, None, "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响", "效果明显", "达成预期指标", 10, 10],
        [None, None, "经济效益指标"],
        [None, "满意度指标(10分)", "满意度指标"],
    ],
    ("A1:I1", "A2:I2", "A3:B3", "C3:I3", "A4:B4", "C4:E4", "F4:G4", "H4:I4", "A5:B9", "A10:B11", "C10:E10",
     "F10:I10", "C11:E11", "F11:I11", "A12:A23", "B13:B18", "C14:C15", "C17:C18", "B19:B22"),
))

# D. 湖南 岳阳楼区价格认证鉴定中心2023年度整体绩效目标表 (SOURCES.md D): a unit-wide target form
# with 指标值类型 (定量/定性) | *指标值 | 计量单位, and its mistakes (28.8万元 with unit %, 定量 for 按月安排,
# % on a qualitative row). The copy is cut at the 生态效益 row.
fixture("real_hunan_yueyanglou_2023", "湖南 岳阳楼区价格认证鉴定中心 整体绩效目标表 2023 (target, 定量/定性)", Sheet(
    "整体绩效目标表",
    [
        ["岳阳楼区价格认证鉴定中心2023年度整体绩效目标表"],
        ["部门(单位)名称", None, "岳阳楼区价格认证鉴定中心"],
        ["*部门(单位)职责", None, "负责价格认定工作"],
        ["*年度总体绩效目标", None, "做好涉案、价格认定工作。"],
        ["一级指标", "二级指标", "三级指标", "指标值类型", "*指标值", "计量单位", "*指标解释", "*评(扣)分标准", "备注"],
        ["产出指标", "数量指标", "业务工作支出安排金额", "定量", "28.8万元", "%", "该指标主要考察业务工作支出安排情况", "未达指标值酌情扣分"],
        [None, "质量指标", "业务工作支出到位率", "定量", 100, "%", "该指标主要考察业务工作支出安排到位情况", "未达指标值酌情扣分"],
        [None, "时效指标", "工作安排时间", "定量", "按月安排", None, "该指标主要考察业务工作支出安排时间", "未达指标值酌情扣分"],
        [None, "成本指标", "社会成本指标", "定量", 100, "%", "该指标主要考察总成本控制情况", "未达指标值酌情扣分"],
        ["效益指标", "经济效益指标", None, None, None, None, None, "未达指标值酌情扣分"],
        [None, "社会效益指标", "保证单位正常运转", "定性", "应保尽保", "%", "该指标主要考察单位运转需要保障范围应保尽保", "未达指标值酌情扣分"],
    ],
    ("A1:I1", "A2:B2", "C2:I2", "A3:B3", "C3:I3", "A4:B4", "C4:I4", "A6:A9", "A10:A11"),
))

# G. 湖北 鄂州市行政审批局 项目支出绩效自评表 (2021 年度) (SOURCES.md G). 项目资金 (万元) in the header
# but the amounts typed with 万 (`150万`, `125.25万`); 分值 100 and 得分 98 on the funds row; 主管部门 and
# 实施单位 blank; blank spacer rows inside the indicator table; the copy is cut in the 社会效益 row.
fixture("real_hubei_ezhou_2021", "湖北 鄂州市行政审批局 项目支出绩效自评表 2021 (项目资金 (万元), amounts typed 150万)", Sheet(
    "Sheet1",
    [
        ["项目支出绩效自评表"],
        ["( 2021 年度)"],
        ["项目名称", None, "市民中心运行维护费"],
        ["主管部门", None, None, None, None, "实施单位"],
        ["项目资金 (万元)", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, None, "年度资金总额", "150万", "150万", "125.25万", 100, "83.5%", 98],
        [None, None, "其中:当年财政拨款", "150万", "150万", "125.25万", "—", None, "—"],
        [None, None, "上年结转资金", 0, 0, 0, "—", None, "—"],
        [None, None, "其他资金", 0, 0, 0, "—", None, "—"],
        ["年度总体目标", None, "预期目标", None, None, "实际完成情况"],
        [None, None, "为更好的建设行政服务大厅窗口建设和全市行政服务工作的组织协调、业务指导及督办检查;"
                     "市政务服务大厅及周边设施日常维修升级改造费用。", None, None,
         "本年度财政拨款为150万元:执行数为125.25万元,完成预算的83.50%。"],
        ["绩 效 指 标", "一级指标", "二级指标", "三级指标", "年度 指标值", "实际 完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "预算执行率", "100%", "83.5%", 20, 18],
        [None, None, None, "预算资金拨款率", "100%", "100%", 10, 10],
        [],
        [None, None, "质量指标", "政务服务工作办结率", "100%", "100%", 10, 10],
        [None, None, None, "大厅业务日常考核结果", "100%", "100%", 10, 10],
        [],
        [None, None, "时效指标"],
        [None, None, "成本指标", "市民中心运行维护费", "150万", "150万", 10, 10],
        [None, "效益指标", "经济效益 指标", "大厅运行正常率", "100%", "100%", 10, 10],
        [None, None, "社会效益 指标"],
    ],
    ("A1:I1", "A2:I2", "A3:B3", "C3:I3", "A4:B4", "C4:E4", "F4:G4", "H4:I4", "A5:B9", "A10:B11", "C10:E10",
     "F10:I10", "C11:E11", "F11:I11", "A12:A22", "B13:B20", "C13:C15", "C16:C18", "B21:B22"),
))

# H. 湖南 湘潭市环境卫生管理处 2023年项目支出绩效目标申报表 (SOURCES.md H): a project target form whose
# money unit stands in one cell with 填报单位 (`填报单位:(盖章) 单位:万元`), amounts typed `250万`, one
# 指标值及单位 column, and the level-1 满意度 row printed across two columns. The preparer's name and
# mobile number on the last line are left out (see SOURCES.md).
fixture("real_hunan_xiangtan_2023", "湖南 湘潭市环境卫生管理处 项目支出绩效目标申报表 2023 (target, 单位:万元, 250万)", Sheet(
    "Sheet1",
    [
        ["2023年项目支出绩效目标申报表"],
        ["填报单位:(盖章)                    单位:万元"],
        ["项目支出名称", "雾炮车降尘抑尘服务", None, "预算部门", "湘潭市环境卫生管理处"],
        ["年度本级 预算金额", "250万", None, "该项目支出上级资金", 0],
        ["项目支出实施期", "2023.07-2024.01"],
        ["实施期绩效目标", "通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01,全市空气质量达到优良"],
        ["本年度绩效目标", "通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01,全市空气质量达到优良"],
        ["本年度 绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"],
        [None, "产出指标", "数量指标", "雾炮车降尘抑尘服务配备车辆数", "10辆", "计划标准"],
        [None, None, None, "雾炮车风炮射程", "≥80M", "计划标准"],
        [None, None, "质量指标", "服务周期内空气质量", "优良", "计划标准"],
        [None, None, "时效指标", "服务周期", "2023.07-2024.01", "计划标准"],
        [None, None, "成本指标", "控制在预算成本内", "250万", "计划标准"],
        [None, "效益指标", "经济效益指标"],
        [None, None, "社会效益指标", "服务周期内,市民对空气质量改善的满意程度", "≥85%", "计划标准"],
        [None, None, "生态效益指标"],
        [None, None, "可持续影响指标"],
        [None, "社会公众或服务对象满意度指标", None, "市民满意度", "≥90%", "计划标准"],
        ["财政部门审核意见"],
        ["填表人:           联系电话:           填报日期:           单位负责人签字:"],
    ],
    ("A1:F1", "A2:F2", "B3:C3", "E3:F3", "B4:C4", "E4:F4", "B5:F5", "B6:F6", "B7:F7", "A8:A18", "B9:B13",
     "C9:C10", "B14:B17", "B18:C18", "B19:F19", "A20:F20"),
))

# F. 重庆 2023年项目支出绩效目标审批表, 奉节县云雾土家族乡 (SOURCES.md F): 金额单位:万元 beside 预算单位,
# funds as label/value pairs (项目总预算 65, 其中:财政资金 65, 其中:其它资金 0), 年度预算执行率 100%,
# level-1 cells with point ranges (`成本指标(0-20)分`), ≤65万元. Cut after the 产出指标 cell. The
# 项目负责人 name and 联系电话 are left out (see SOURCES.md).
fixture("real_chongqing_yunwu_2023", "重庆 奉节县云雾土家族乡 项目支出绩效目标审批表 2023 (target, 金额单位:万元)", Sheet(
    "审批表",
    [
        ["2023年云雾土家族乡加工园配套设施建设项目支出绩效目标审批表"],
        ["(   2023年度)"],
        ["预算单位: 奉节县云雾土家族乡人民政府", None, None, None, None, "金额单位:万元"],
        ["项目名称", "2023年云雾土家族乡加工园配套设施建设项目", None, None, "项目分类", "资产资源类--房屋类"],
        ["建设周期", "2023年4月-2024年2月", None, None, "业务主管部门", "县民宗委"],
        ["实施单位", "云雾土家族乡", None, "项目负责人", None, "联系电话"],
        ["项目审批", "奉节县民族宗教事务委员会《关于下达2023年度少数民族发展资金项目计划的通知》(奉节民宗委发〔2022〕3号)"],
        ["项目总体概况", "新建中药材晾晒房一座,占地300平方米,包含场坪整治及硬化,硬化室外晒坝420平方米,室内场坪1800平方米,"
                       "C25混凝土,厚15cm;新建厕所1个,长4.5米,宽3米,占地13.5平方米,配套三格式化粪池4.5立方米。"
                       "经济效益:项目建成后能够带动当地20名群众务工增收5000元/年;社会效益:促进当地中药材产业发展,"
                       "带动受益总人口200人,其他脱贫人口和监测对象41人;群众满意度:群众满意度达到95%以上。"],
        ["年度主要目标     和成果", "新建中药材晾晒房一座,占地300平方米,包含场坪整治及硬化,硬化室外晒坝420平方米,"
                                   "室内场坪1800平方米,C25混凝土,厚15cm;新建厕所1个,长4.5米,宽3米,占地13.5平方米,"
                                   "配套三格式化粪池4.5立方米。"],
        ["项目资金\n预算执行\n10分", "项目总预算", 65, None, "财政资金预算分类", "一般公共预算"],
        [None, "当年年度预算", 65],
        [None, "其中:财政资金", 65, None, "财政资金科目代码", "21305"],
        [None, "其中:其它资金", 0],
        [None, "年度预算执行率", "100%", None, "分值", "10分"],
        ["年度绩效目标(90分)", "一级指标", "二级指标", "三级指标", "指标值", "分值", "指标解释"],
        [None, "成本指标(0-20)分", "经济成本指标", "项目建设成本", "≤65万元", 10],
        [None, None, "社会成本指标"],
        [None, None, "生态环境成本指标"],
        [None, "产出指标\n(40-50)分"],
    ],
    ("A1:G1", "A2:G2", "A3:E3", "F3:G3", "B4:D4", "F4:G4", "B5:D5", "F5:G5", "B6:C6", "B7:G7", "B8:G8", "B9:G9",
     "A10:A14", "C10:D10", "F10:G10", "C11:D11", "C12:D12", "F12:G12", "C13:D13", "C14:D14", "F14:G14",
     "A15:A19", "B16:B18"),
))

# --- Tables found for issue "build for the general case" (helper fid25), from provinces no other
# fixture comes from. Each block names its URL; a mirror of a PDF/XLS (pdf.chddh.cn, bigxun.com)
# prints the cells as a run of text, so the row/column structure below is the official layout the
# run follows, and where the run leaves a cell's place open the comment says which was chosen.

# I. 上海 财政项目支出绩效自评表 (2022 年度), 上海市普陀区体育事业管理中心, first of the PDF's tables
# (https://pdf.chddh.cn/archives/48n5zg2zkkjxn27q6rjv.html, "上海市普陀区体育事业管理中心2022年度项目
# 自评价.pdf"). 财预〔2020〕10号 附1 with 项目资金 (元): 250000.00 元 budget, 215,457.6 元 spent (typed
# with a thousands comma in the total row), 执行率 86.19%, 得分 8.62; 上年结转资金 and 其他资金 print two
# figures each (0 0) — placed under 全年预算数 and 全年执行数; 预期目标 is blank in the copy; >=90%.
fixture("real_shanghai_putuo_2022", "上海 普陀区体育事业管理中心 财政项目支出绩效自评表 2022 (项目资金 (元), 215,457.6)", Sheet(
    "自评表",
    [
        ["财政项目支出绩效自评表"],
        ["(2022 年度)"],
        ["项目名称", None, "普陀体育中心与委托运营方结算费用"],
        ["主管部门", None, "上海市普陀区体育局", None, None, "实施单位", None, "上海市普陀区体育事业管理中心"],
        ["项目资金 (元)", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, None, "年度资金总额", 250000, 250000, "215,457.6", 10, 0.8619, 8.62],
        [None, None, "其中:当年财政拨款", 250000, 250000, 215457.6, "—", None, "—"],
        [None, None, "上年结转资金", None, 0, 0, "—", None, "—"],
        [None, None, "其他资金", None, 0, 0, "—", None, "—"],
        ["年度 总体 目标", None, "预期目标", None, None, "实际完成情况"],
        [None, None, None, None, None, "已完成普陀体育中心与委托运营方费用结算。"],
        ["绩 效 指 标", "一级指标", "二级指标", "三级指标", "年度 指标值", "实际 完成值", "分值", "得分", "偏差原因分析及 改进措施"],
        [None, "产出指标", "数量指标", "与委托运营方结算完成率", "=100%", "100%", 10, 10],
        [None, None, "质量指标", "合同结算条款完成率", "=100%", "100%", 20, 20],
        [None, None, "时效指标", "费用结算及时性", "及时", "及时", 20, 20],
        [None, "效益指标", "社会效益指标", "与委托运营方合同完成率", "=100%", "100%", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "场馆开放满意度", ">=90%", "100%", 10, 10],
        ["总分", None, None, None, None, None, 100, 98.62],
    ],
    ("A1:I1", "A2:I2", "A3:B3", "C3:I3", "A4:B4", "C4:E4", "F4:G4", "H4:I4", "A5:B9", "A10:B11", "C10:E10",
     "F10:I10", "C11:E11", "F11:I11", "A12:A17", "B13:B15", "A18:F18"),
    {"D6": "0.00", "E6": "0.00", "D7": "0.00", "E7": "0.00", "H6": "0.00%"},
))

# J. 广东 东莞市财政项目支出绩效目标表 (2022 年度), 东莞展览馆 物业管理费支出
# (http://www.dgec.org.cn/news_show/1361): the money in one label/value pair beside the project name
# (本年度申请市财政预算资金(万元) | 282.92); 总体目标 as 实施周期总目标 | 年度目标; the indicator table
# prints the 实施周期 block (二级 | 三级 | 实施周期指标值) beside the 当年度 block (二级 | 三级 |
# 当年度指标值). The copy is cut inside the 维修施工验收合格率 row, which is left out.
_DG_PERIOD = ("东莞展览馆是“十一五”期间我市投资兴建的标志性文化场馆,用于展示我市五千年悠久历史、改革开放成就和未来的规划,"
              "隶属东莞市文化广电旅游体育局,是财政全额拨款的事业单位,位于东莞市中心广场鸿福路97号,每年为维护保养建筑面积"
              "2.6万平方米,展示面积约1万平方米的场馆,我馆物业管理费通过公开招标确定,用于维持场馆正常开放运转,达到场馆环境"
              "舒适优美,增强观众参观舒适感的目的,不断提升服务品质。")
_DG_YEAR = ("东莞展览馆是“十一五”期间我市投资兴建的标志性文化场馆,用于展示我市五千年悠久历史、改革开放成就和未来的规划,"
            "2022年,为维护建筑面积2.6万平方米,展示面积约1万平方米的场馆正常运转配套,我馆物业管理费2021年7月到期后已通过"
            "公开招标,中标金额为 282.92万元,用于维持场馆正常开放运转配套,达到场馆环境舒适优美,增强观众参观舒适感的目的,"
            "不断提升服务品质。")
fixture("real_guangdong_dongguan_2022", "广东 东莞展览馆 财政项目支出绩效目标表 2022 (target, 实施周期 | 当年度 blocks)", Sheet(
    "Sheet1",
    [
        ["东莞市财政项目支出绩效目标表"],
        ["( 2022 年度)"],
        ["预算单位:东莞展览馆"],
        ["项目 名称", "物业管理费支出", None, None, "本年度申请市财政预算资金(万元)", None, 282.92],
        ["总体目标", "实施周期总目标(2022年--2024年)", None, None, "年度目标"],
        [None, _DG_PERIOD, None, None, _DG_YEAR],
        ["绩效指标", "一级 指标", "二级 指标", "三级 指标", "实施周期指标值", "二级 指标", "三级 指标", "当年度指标值"],
        [None, "产出指标", "数量指标", "物管服务面积", "建筑面积2.6万平方米,展示面积1万平方米", "数量指标", "物管服务面积",
         "建筑面积2.6万平方米,展示面积1万平方米"],
        [None, None, "质量指标", "物业管理保障工作合格率", "100%", "质量指标", "物业管理保障工作合格率", "100%"],
        [None, None, None, "物业管理各项任务完成达标率", "100%", None, "物业管理各项任务完成达标率", "100%"],
    ],
    ("A1:H1", "A2:H2", "A3:H3", "B4:D4", "E4:F4", "G4:H4", "A5:A6", "B5:D5", "E5:H5", "B6:D6", "E6:H6", "A7:A10",
     "B8:B10", "C9:C10", "F9:F10"),
))

# K. 广东 部门(单位)整体支出绩效目标批复表 (2022 年度), 东莞展览馆 (http://www.dgec.org.cn/news_show/1354):
# a unit-wide target whose money is a list of 年度主要任务 (任务名称 | 主要内容 | 年度预算金额(万元):
# 小计 | 市财政拨款 | 其他资金). Each task prints one amount, in the first amount column (小计); the
# 金额合计 row prints `* | 0 | 2377.15 | 0` (小计 0 although the tasks add to 2377.15). The copy is cut
# inside the 年度目标 text, which is left out with everything below it.
_DGX_MID = ("目标1:以建成在国内外具有影响力的城市博物馆为目标,办成当代东莞文物的收藏、研究基地,对外文化交流的平台,全面推介"
            "东莞的窗口、市情教育的学校和高品位的文化休闲场所,达到国家二级博物馆标准,拥有藏品1万件/套以上,每年举办专题展览"
            "10个以上,形成在国内外具有影响力的知名文化品牌。受疫情影响,预估参观人数60万人次以上.")
fixture("real_guangdong_dongguanexpo_2022", "广东 东莞展览馆 部门(单位)整体支出绩效目标批复表 2022 (dept target by 年度主要任务)", Sheet(
    "Sheet1",
    [
        ["部门(单位)整体支出绩效目标批复表"],
        ["( 2022 年度)"],
        ["批复单位:东莞市财政局", None, None, None, "预算单位:东莞展览馆"],
        ["部门(单位)名称", None, "东莞展览馆2022年部门整体绩效目标"],
        ["年度 主要 任务", "任务名称", "主要内容", None, None, None, "年度预算金额(万元)"],
        [None, None, None, None, None, None, "小计", "市财政拨款", "其他资金"],
        [None, "场馆日常运转人员经费", "我馆在编人数30人,普通聘员13人,临时工7人,事业单位购买服务人员2名。", None, None, None, 1166.1],
        [None, "场馆日常运转公用经费", "包括办公费、三公经费、工会经费、差旅费等。", None, None, None, 83.4],
        [None, "场馆日常维护", "水电费、物业管理费、绿化费、电话费、非经营性物业日常维护费、网络线路租赁维护费等", None, None, None,
         549.34],
        [None, "场馆专项职能事务管理", "根据我馆职能定位,每年需布展引展10个以上,征集展品藏品100件(套)以上,并对展品藏品及时"
                                     "保护整理,举办50场以上社教活动,定期开展“莞邑论坛”系列活动等", None, None, None, 271.77],
        [None, "场馆基本陈列调整更新经费", "展览馆二楼调整更新整层的展面2505平方米", None, None, None, 306.54],
        ["金额合计", None, "*", None, None, None, 0, 2377.15, 0],
        ["总体目标", "中期滚动目标(2022年--2024年)", None, None, None, "年度目标"],
        [None, _DGX_MID],
    ],
    ("A1:I1", "A2:I2", "A3:D3", "E3:I3", "A4:B4", "C4:I4", "A5:A11", "B5:B6", "C5:F6", "G5:I5", "C7:F7", "C8:F8",
     "C9:F9", "C10:F10", "C11:F11", "A12:B12", "C12:F12", "A13:A14", "B13:E13", "F13:I13", "B14:E14"),
))

# L. 甘肃 省级部门预算项目支出绩效目标表 (2023年度), 嘉峪关城市博物馆 博物馆纪念馆市级免费开放补助资金,
# first of the document's tables (http://bigxun.com/view/1667741699571552258, a text copy of the
# published file). Label/value pairs two to a row; money typed with its unit (20万元); 成本指标 as a
# level-1 branch with 经济成本指标 / 社会成本指标 / 生态环境成本指标 (财预〔2021〕101号); values in
# 一体化 wording (=300天, =100百分比, a name ending in %). The copy's text recognition garbles three
# places, read here as the table prints them: 项目完成H期 → 项目完成日期, 二100百分比 → =100百分比, and the
# 经济效益指标 row (`为当地提供就业LJUI,冈位增加岗位`), whose name and value cannot be told apart and is
# left out (its 二级 label stays).
fixture("real_gansu_jiayuguan_2023", "甘肃 嘉峪关城市博物馆 省级部门预算项目支出绩效目标表 2023 (target, 20万元, 成本指标 level 1)", Sheet(
    "Sheet1",
    [
        ["省级部门预算项目支出绩效目标表"],
        ["(2023年度)"],
        ["一级项目名称", "文化事业发展专项资金", "二级项目名称", "博物馆纪念馆市级免费开放补助资金"],
        ["项目类型", "新增项目", "项目分类", "专项工作经费"],
        ["资金用途", "业务类", "项目主管部门", "嘉峪关市文化和旅游局"],
        ["项目开始日期", "2023-01-01", "项目完成日期", "2023-12-31"],
        ["项目总投资", "20万元", "中央补助安排", 0],
        ["省级财政安排", 0, "其他资金", "20万元"],
        ["预算申报数", "20万元", "资金性质", "一般公共预算"],
        ["基本情况", "保障博物馆正常运转"],
        ["项目立项必要性", "保障各项业务正常运行"],
        ["保证项目实施的制度措施", "博物馆绩效考核"],
        ["项目实施计划"],
        ["组织实施单位", "甘肃省文物局", "监督管理单位", "嘉峪关文旅局"],
        ["项目实施单位", "嘉峪关城市博物馆"],
        ["政策依据", "甘财科[2022]78号"],
        ["其他依据"],
        ["需要说明的其他问题"],
        ["年度绩效目标", "进一步提高博物馆纪念馆运行效率和免费开放服务水平"],
        ["一级指标", "二级指标", "三级指标", "指标目标值"],
        ["产出指标", "数量指标", "免费开放天数", "=300天"],
        [None, "质量指标", "博物馆绩效考核指标完成率", "=100百分比"],
        [None, "时效指标", "各项工作完成及时率%", "=99百分比"],
        ["成本指标", "经济成本指标", "资金使用效率", "=100百分比"],
        [None, "社会成本指标", "对当地文物保护、文化传承影响", "长远"],
        [None, "生态环境成本指标", "提升博物馆绿化水平", "提升"],
        ["效益指标", "经济效益指标"],
        [None, "社会效益指标", "免费开放接待观众人数", "=30000人次"],
        [None, "生态效益指标", "历史文化传承环保意识时限", "长远"],
        ["满意度指标", "服务对象满意度", "服务对象满意度%", "=99百分比"],
    ],
    ("A1:D1", "A2:D2", "B10:D10", "B11:D11", "B12:D12", "A13:D13", "B15:D15", "B16:D16", "B17:D17", "B18:D18",
     "B19:D19", "A21:A23", "A24:A26", "A27:A29"),
))


# ============================================================================== synthetic sheets

def national(title: str, unit_line: str | None, funds_header: str, funds_rows: list[list], *,
             unit: str = "123001-某某县某某局", project: str = "办公设备购置项目", columns=("年初预算数", "全年预算数", "全年执行数"),
             indicators: list[list] | None = None, split: bool = False) -> tuple[list[list], tuple[str, ...]]:
    """A 财预〔2020〕10号 附1 sheet: title, optional unit line, names, funds, goals, indicators."""
    rows: list[list] = [[title]]
    merges = ["A1:J1"] if not split else ["A1:K1"]
    if unit_line is not None:
        rows.append([unit_line])
    rows.append(["项目名称", None, project])
    rows.append(["主管部门", None, "123-某某县某某局", None, None, "实施单位", None, unit])
    top = len(rows) + 1
    rows.append([funds_header, None, None, *columns, "分值", "执行率", "得分"])
    for r in funds_rows:
        rows.append([None, None, *r])
    merges.append(f"A{top}:B{len(rows)}")
    rows.append(["年度总体目标", None, "预期目标", None, None, "实际完成情况"])
    rows.append([None, None, "按期完成办公设备购置，保障日常办公。", None, None, "已按期完成购置并投入使用。"])
    merges += [f"A{len(rows) - 1}:B{len(rows)}"]
    head = len(rows) + 1
    if split:
        rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分",
                     "偏差原因分析及改进措施"])
    else:
        rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    for r in indicators or STANDARD_INDICATORS:
        rows.append([None, *r])
    merges.append(f"A{head}:A{len(rows)}")
    return rows, tuple(merges)


STANDARD_INDICATORS = [
    ["产出指标(50分)", "数量指标", "购置办公设备数量", "≥20台", "22台", 25, 25],
    [None, "时效指标", "设备购置完成时间", "2024年10月前", "2024年9月20日", 25, 25],
    ["效益指标(30分)", "社会效益指标", "设备完好率", "≥95%", "98%", 30, 30],
    ["满意度指标(10分)", "服务对象满意度指标", "使用人员满意度", "≥90%", "95%", 10, 10],
]

FUNDS_WAN = [  # 项目资金 in 万元: total 12.5 = 10 + 2.5 + 0
    ["年度资金总额", 12.5, 12.5, 12.3, 10, 0.984, 9.84],
]


def syn(stem: str, about: str, title: str, unit_line, funds_header, funds_rows, **kw) -> None:
    rows, merges = national(title, unit_line, funds_header, funds_rows, **kw)
    fixture(stem, about, Sheet("Sheet1", rows, merges))


# --- funds labels: 当年财政拨款 / 本年财政拨款 / 财政拨款 / 财政资金, 上年结转资金 / 上年结转, 其他资金,
#     财政专户管理资金, 单位资金; 其中: / 其中：/ leading spaces / numbering.
syn("syn_funds_dangnian_halfwidth", "funds labels 其中:当年财政拨款 / 上年结转资金 / 其他资金 (half-width colon)",
    "项目支出绩效自评表（2024年度）", None, "项目资金(万元)", [
        ["年度资金总额", 12.5, 12.5, 12.3, 10, 0.984, 9.84],
        ["其中:当年财政拨款", 10, 10, 9.8],
        ["上年结转资金", 2.5, 2.5, 2.5],
        ["其他资金", 0, 0, 0],
    ])
syn("syn_funds_bennian_fullwidth", "funds labels 其中：本年财政拨款 / 上年结转 / 其他资金 (full-width colon)",
    "项目支出绩效自评表（2024年度）", None, "项目资金(万元)", [
        ["年度资金总额", 12.5, 12.5, 12.3, 10, 0.984, 9.84],
        ["其中：本年财政拨款", 10, 10, 9.8],
        ["上年结转", 2.5, 2.5, 2.5],
        ["其他资金", 0, 0, 0],
    ])
syn("syn_funds_spaces_numbering", "funds labels with leading spaces and numbering: '  其中：财政拨款', '2.上年结转', '3、其他资金'",
    "项目支出绩效自评表（2024年度）", None, "项目资金(万元)", [
        ["年度资金总额", 12.5, 12.5, 12.3, 10, 0.984, 9.84],
        ["   其中：财政拨款", 10, 10, 9.8],
        ["2.上年结转", 2.5, 2.5, 2.5],
        ["3、其他资金", 0, 0, 0],
    ])
syn("syn_funds_yitihua", "一体化 funds rows: 总额 / 1.财政资金 / 2.财政专户管理资金 / 3.单位资金 / 4.其他资金",
    "项目支出绩效自评表（2024年度）", None, "项目资金(万元)", [
        ["总额", 12.5, 12.5, 12.3, 10, 0.984, 9.84],
        ["其中:1.财政资金", 10, 10, 9.8],
        ["2.财政专户管理资金", 1.5, 1.5, 1.5],
        ["3.单位资金", 1, 1, 1],
        ["4.其他资金", 0, 0, 0],
    ], columns=("年初预算", "调整后预算数", "预算执行数"))
syn("syn_total_disagrees", "a stated total (100 | 100 | 90) that disagrees with its parts (10 + 2.5 + 0 = 12.5)",
    "项目支出绩效自评表（2024年度）", None, "项目资金(万元)", [
        ["年度资金总额", 100, 100, 90, 10, 0.9, 9],
        ["其中：当年财政拨款", 10, 10, 9.8],
        ["上年结转资金", 2.5, 2.5, 2.5],
        ["其他资金", 0, 0, 0],
    ])

# --- money units: each place tables print it, and one amount with no unit anywhere.
syn("syn_unit_funds_header", "money unit in the funds header 项目资金(万元)",
    "项目支出绩效自评表（2024年度）", None, "项目资金(万元)", [
        ["年度资金总额", 7.29, 7.29, 7.29, 10, 1, 10],
        ["其中：当年财政拨款", 7.29, 7.29, 7.29],
    ])
syn("syn_unit_line_yuan", "money unit on its own line 单位：元 (amounts 72900 元)",
    "项目支出绩效自评表（2024年度）", "单位：元", "项目资金", [
        ["年度资金总额", 72900, 72900, 72900, 10, 1, 10],
        ["其中：当年财政拨款", 72900, 72900, 72900],
    ])
syn("syn_unit_line_jine_wanyuan", "money unit on its own line 金额单位：万元",
    "项目支出绩效自评表（2024年度）", "填报单位（盖章）：某某县某某局                金额单位：万元", "项目资金", [
        ["年度资金总额", 7.29, 7.29, 7.29, 10, 1, 10],
        ["其中：当年财政拨款", 7.29, 7.29, 7.29],
    ])
syn("syn_unit_column_headers", "money unit in each column header 年初预算数(万元) | 全年预算数(万元) | 全年执行数(万元)",
    "项目支出绩效自评表（2024年度）", None, "项目资金", [
        ["年度资金总额", 7.29, 7.29, 7.29, 10, 1, 10],
        ["其中：当年财政拨款", 7.29, 7.29, 7.29],
    ], columns=("年初预算数(万元)", "全年预算数(万元)", "全年执行数(万元)"))
syn("syn_unit_unknown", "amounts with no money unit anywhere on the sheet (must be flagged, not assumed)",
    "项目支出绩效自评表（2024年度）", None, "项目资金", [
        ["年度资金总额", 7.29, 7.29, 7.29, 10, 1, 10],
        ["其中：当年财政拨款", 7.29, 7.29, 7.29],
    ])

# --- split values with every operator spelling, and 定性.
SPLIT_INDICATORS = [
    ["产出指标", "数量指标", "购置办公设备数量", "﹦", 20, "台", "20", 10, 10],
    [None, None, "培训场次", "＝", 4, "场", "4", 10, 10],
    [None, None, "覆盖科室数", "=", 12, "个", "12", 10, 10],
    [None, "质量指标", "设备验收合格率", "≥", 95, "%", "100", 10, 10],
    [None, None, "设备完好率", ">=", 90, "%", "96", 10, 10],
    [None, "成本指标", "单台设备成本", "≤", 6000, "元", "5800", 10, 10],
    [None, None, "项目总成本", "<=", 12.5, "万元", "12.3", 10, 10],
    ["效益指标", "社会效益指标", "办公条件改善情况", "定性", "明显改善", None, "明显改善", 20, 20],
    ["满意度指标", "服务对象满意度指标", "使用人员满意度", "≥", 90, "%", "95", 10, 10],
]
syn("syn_split_operators", "指标性质 | 指标值 | 度量单位 split with ﹦ ＝ = ≥ >= ≤ <= and 定性",
    "项目支出绩效自评表（2024年度）", None, "项目资金(万元)", [
        ["年度资金总额", 12.5, 12.5, 12.3, 10, 0.984, 9.84],
        ["其中：当年财政拨款", 12.5, 12.5, 12.3],
    ], indicators=SPLIT_INDICATORS, split=True)

# --- <code>-<name> names, a date serial where a date belongs, numbers typed as text.
syn("syn_code_names", "`<code>-<name>` unit and project names (6-digit unit code, 21-character project code)",
    "项目支出绩效自评表（2024年度）", None, "项目资金(万元)", [
        ["年度资金总额", 12.5, 12.5, 12.3, 10, 0.984, 9.84],
        ["其中：当年财政拨款", 12.5, 12.5, 12.3],
    ], unit="123001-某某县某某局", project="51092324T000010263358-办公设备购置项目")
syn("syn_text_numbers_date_serial", "amounts and scores typed as text ('12.50', ' 12.3 ', '98.4%') and a date serial (45503) as an actual date",
    "项目支出绩效自评表（2024年度）", None, "项目资金(万元)", [
        ["年度资金总额", "12.50", "12.5", " 12.3 ", "10", "98.4%", "9.84"],
        ["其中：当年财政拨款", "10", "10.00", "9.8"],
        ["上年结转资金", "2.5", "2.5", "2.5"],
    ], indicators=[
        ["产出指标(50分)", "数量指标", "购置办公设备数量", "≥20台", "22台", "25", "25"],
        [None, "时效指标", "设备购置完成时间", "2024年10月前", 45503, "25", "25"],
        ["效益指标(30分)", "社会效益指标", "设备完好率", "≥95%", "98%", "30", "30"],
        ["满意度指标(10分)", "服务对象满意度指标", "使用人员满意度", "≥90%", "95%", "10", "10"],
    ])


# ==================================================================================== writing

def build(stem: str, out_dir: Path = HERE) -> Path:
    import openpyxl

    _about, sheets = FIXTURES[stem]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"          # "= | 100 | %": the operator, not a formula
        for rng in sheet.merges:
            ws.merge_cells(rng)
        for ref, fmt in sheet.formats.items():
            ws[ref].number_format = fmt
    wb.properties.creator = "perfdesk tests/data/foreign/make_fixtures.py"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    path = out_dir / f"{stem}.xlsx"
    wb.save(path)
    return path


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else HERE
    for stem, (about, _sheets) in FIXTURES.items():
        print(f"{build(stem, out_dir).name}: {about}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
