"""The definition keys of provincial 一体化 layouts in print (issue 15, item 3): split 指标性质 |
指标值 | 度量单位 columns, per-row 执行率 columns, execution cells merged down the table, a section
group's label down the left, a form's own signature block, and funds tables whose heading rows
repeat when they break across pages. The definition is tests/pdf/provincial.py (the Shenzhen form
rewritten); the texts are read back with pdftotext."""
import re
import subprocess
from decimal import Decimal

import pytest

from perfdesk.domain.definition import DEFAULT_SIGNATURE
from perfdesk.domain.model import FundsLine
from perfdesk.domain.values import IndicatorValue
from perfdesk.pdf import write_pdf
from perfdesk.pdf.blocks import SignatureBlock, SignatureLines, signature_block
from perfdesk.pdf.document import BODY
from perfdesk.pdf.fonts import find_fonts
from perfdesk.pdf.indicators import _widths
from perfdesk.pdf.table import CONTINUED
from perfdesk.samples import load_sample

from .pdftools import needs_poppler, pdf_page_layout, pdf_pages_text, squash
from .provincial import provincial_definition, provincial_text, provincial_workbook, replaced

pytestmark = needs_poppler


def layout_lines(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.splitlines()


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    wb = provincial_workbook()
    leaves = [node for level, node, _p in wb.forms[0].walk() if level == 3]
    leaves[1].cells["target_value"] = IndicatorValue.from_parts("≥", "90", "%")          # typed split
    leaves[2].cells["target_value"] = IndicatorValue.from_parts("定性", "有效提升", "")
    path = tmp_path_factory.mktemp("provincial") / "provincial.pdf"
    result = write_pdf(wb, path)
    return wb, path, result, pdf_pages_text(path)


def test_split_value_column_prints_three_cells(printed):
    _wb, path, _result, _pages = printed
    lines = layout_lines(path)
    header = next(line for line in lines if "三级指标" in line)
    assert re.search(r"三级指标\s+指标性质\s+年度指标值\s+度量单位\s+实际完成值\s+权重\s+得分", header), header

    def row(pattern: str) -> bool:
        return any(re.search(pattern, line) for line in lines)

    # typed as one string (≥273人, 5处): cut into its parts; 实际完成值 stays one cell
    assert row(r"后勤经费保障伙食人员数量\s+≥\s+273\s+人\s+321人\s+2\s+2")
    assert row(r"办公场所租赁数量\s+＝\s+5\s+处\s+5处\s+2\s+2")
    # typed split: the parts as typed; 定性 keeps its text in 指标值 and leaves 度量单位 blank
    assert row(r"流量采集分析服务完成率\s+≥\s+90\s+%\s+100%\s+2\s+2")
    assert row(r"安全防护服务完成率\s+定性\s+有效提升\s+100%\s+2\s+2")
    assert not row(r"≥273人")


def test_totals_row_lines_up_with_its_columns_after_a_split(printed):
    _wb, path, _result, pages = printed
    assert "总分10099.47" in squash(pages[-1])


def test_widths_one_per_printed_column_or_one_per_definition_column():
    d = provincial_definition()
    ind = d.indicators
    assert len(ind.widths) == 10 and _widths(ind, None, 10) == [float(w) for w in ind.widths]
    # a definition that only added split = true keeps its old list: the split entry is shared equally
    old = provincial_definition(replaced(provincial_text(), "widths = [15, 13, 28, 8, 10, 7, 16, 6, 6, 24]",
                                         "widths = [15, 13, 28, 20, 16, 6, 6, 24]"))
    widths = _widths(old.indicators, None, 10)
    assert widths[:3] == [15, 13, 28] and widths[6:] == [16, 6, 6, 24]
    assert widths[3:6] == pytest.approx([20 / 3] * 3)
    odd = provincial_definition(replaced(provincial_text(), "widths = [15, 13, 28, 8, 10, 7, 16, 6, 6, 24]",
                                         "widths = [15, 13, 28]"))
    assert _widths(odd.indicators, None, 10) == [1.0] * 10


def test_rate_column_and_execution_cells_merged_down_the_table(printed):
    _wb, _path, _result, pages = printed
    text = squash(pages[0])
    # the definition's labels head the three cells; they are drawn once, in the first row, and
    # cover the table's rows (no 「—」 beside the other rows as without span)
    assert "项目年初预算数全年预算数全年执行数执行率权重预算执行率得分" in text
    assert "年度资金总额14143700.0014315925.0014268915.7199.67%1099.67%9.97其中：当年财政拨款" in text
    assert "其中：当年财政拨款14143700.0014315925.0014268915.7199.67%上年结转资金" in text
    # a row whose divisor is 0 has a blank rate
    assert "上年结转资金0.000.000.00其他资金0.000.000.00" in text
    assert "—" not in text and text.count("9.97") == 1


def test_section_group_printed_down_the_left(printed):
    wb, _path, _result, pages = printed
    text = squash(pages[0])
    expected = squash(wb.forms[0].sections["goal_expected"])[:20]
    assert text.count("项目基本情况") == 1
    assert "项目基本情况项目年度目标" + expected in text       # the group's cell, then its first section
    assert "年度目标完成情况通过实施本项目" in text                # the second section: no label of its own


def test_section_group_continued_on_the_next_page_repeats_its_label(tmp_path):
    wb = provincial_workbook()
    form = wb.forms[0]
    form.sections["goal_expected"] = "。".join(f"第{i}项目标按计划推进并完成验收" for i in range(160))
    path = tmp_path / "long_group.pdf"
    write_pdf(wb, path)
    pages = [squash(p) for p in pdf_pages_text(path)]
    assert pages[0].count("项目基本情况") == 1
    assert "项目基本情况" + CONTINUED in pages[1]
    assert "年度目标完成情况" in pages[1]


def test_signature_block_of_the_form(printed):
    _wb, path, result, pages = printed
    last = pdf_page_layout(path, result.pages)
    first_line = next(line for line in last.splitlines() if "填报单位（盖章）" in line)
    assert re.search(r"填报单位（盖章）：深圳市市场监督管理局光明监管局\s+项目负责人：深圳市市场监督管理局光明监管局"
                     r"\s+财务负责人：\s*$", first_line), first_line
    second = next(line for line in last.splitlines() if "联系电话" in line)
    assert re.search(r"联系电话：0755-12345678\s+填报日期：\s*$", second), second
    assert "单位负责人" not in "".join(pages) and "填报人：" not in "".join(pages)


def test_no_signature_block_when_items_are_empty(tmp_path):
    text = provincial_text()
    text = text[:text.index("\n[signature]")] + "\n[signature]\nitems = []\n"
    wb = provincial_workbook(text)
    path = tmp_path / "none.pdf"
    write_pdf(wb, path)
    joined = squash("".join(pdf_pages_text(path)))
    assert "填报单位" not in joined and "填报日期" not in joined and "总分10099.47" in joined


def test_default_signature_prints_the_block_as_before():
    fonts = find_fonts()
    wb = load_sample("shenzhen-guangming-2024")
    style = BODY.but(size=10.5, leading=18)
    assert wb.forms[0].definition.signature is None
    assert isinstance(signature_block(wb, wb.forms[0], fonts, style), SignatureBlock)
    spelled_out = "\n[signature]\nper_row = 2\nitems = [\n" + "".join(
        f'  {{ label = "{i.label}", value = "{i.value}" }},\n' for i in DEFAULT_SIGNATURE.items) + "]\n"
    wb = provincial_workbook(provincial_text()[:provincial_text().index("\n[signature]")] + spelled_out)
    assert wb.forms[0].definition.signature == DEFAULT_SIGNATURE
    assert isinstance(signature_block(wb, wb.forms[0], fonts, style), SignatureBlock)
    assert isinstance(signature_block(provincial_workbook(), provincial_workbook().forms[0], fonts, style),
                      SignatureLines)


# -- funds tables across pages -------------------------------------------------------------------

def test_grouped_funds_table_repeats_its_heading_on_the_next_page(tmp_path):
    """南通 部门整体资金 (收入 and 支出 in one table) with 60 project lines under 项目支出."""
    wb = load_sample("nantong-2024")
    table = wb.form("dept_target").funds_table("expense")
    names = [f"测试项目{i:02d}" for i in range(60)]
    table.lines += [FundsLine(n, {c: Decimal(i) for c in table.definition.typed_column_ids})
                    for i, n in enumerate(names)]
    path = tmp_path / "long_funds.pdf"
    result = write_pdf(wb, path, form_ids=["dept_target"])
    pages = [squash(p) for p in pdf_pages_text(path)]
    assert result.pages >= 3
    assert "部门整体资金（万元）（续）支出（续）项目半年计划执行数全年预算数测试项目" in pages[1]
    assert pages[0].count("项目半年计划执行数全年预算数") == 1
    joined = "".join(pages)
    assert all(joined.count(n + f"{i}.00{i}.00") == 1 for i, n in enumerate(names))   # none lost, none twice


def test_funds_table_heading_and_merged_figures_repeat_across_pages(tmp_path):
    rows = "".join(f'  {{ id = "x{i:02d}", label = "补充资金{i:02d}", indent = 1 }},\n' for i in range(45))
    text = replaced(provincial_text(), '  { id = "other", label = "其他资金", indent = 1 },\n',
                    '  { id = "other", label = "其他资金", indent = 1 },\n' + rows)
    wb = provincial_workbook(text)
    values = wb.forms[0].funds_table("execution").values
    for i in range(45):
        values[f"x{i:02d}"] = {"adjusted": Decimal(100 + i), "spent": Decimal(90)}
    path = tmp_path / "long_execution.pdf"
    write_pdf(wb, path)
    pages = [squash(p) for p in pdf_pages_text(path)]
    heading = "项目年初预算数全年预算数全年执行数执行率权重预算执行率得分"
    assert pages[1].startswith("预算执行情况" + CONTINUED + heading)
    assert heading + "1099.67%9.97补充资金" in pages[1]          # the merged cells go on, figures as they are
    assert "10（续）" not in "".join(pages)
    assert "补充资金44144.0090.0062.50%" in "".join(pages)


def test_split_column_in_a_form_with_a_branch_of_its_own_columns(tmp_path):
    """Jiangsu: 全年指标值 split; the 履职 block (职能 | 重点工作 | 对应项目) keeps its own widths
    list of one entry per definition column, its split entry shared among the three parts."""
    from perfdesk.definitions.loader import forms_dir, parse_definition_text

    from .provincial import rebind

    text = replaced((forms_dir() / "jiangsu_dept_target.toml").read_text(encoding="utf-8"),
                    '{ id = "annual_value", label = "全年指标值", type = "value" }',
                    '{ id = "annual_value", label = "全年指标值", type = "value", split = true }')
    wb = rebind(load_sample("nantong-2024"), parse_definition_text(text, "js.toml", "user"))
    path = tmp_path / "jiangsu_split.pdf"
    write_pdf(wb, path)
    lines = layout_lines(path)
    text = squash("".join(pdf_pages_text(path)))      # (a narrow portrait header may wrap: read it in order)
    assert "重点工作对应项目三级指标半年指标值指标性质全年指标值度量单位" in text
    assert any(re.search(r"县区抽测实施率\s+≥40%\s+≥\s+40\s+%", ln) for ln in lines)
    # the 履职 block's columns keep their proportions (重点工作 wider than 三级指标 as the definition says)
    d = wb.forms[0].definition
    own = d.indicators.branch("履职")
    widths = _widths(d.indicators, own, 9)
    assert widths[:5] == [float(w) for w in own.widths[:5]] and sum(widths[6:9]) == pytest.approx(own.widths[6])


def test_sichuan_sample_side_group_with_sub_labels_and_rates(tmp_path):
    """forms/sichuan_project_self_eval.toml: 项目基本情况 | 1.项目年度目标完成情况 (merged over its
    two sections) | 项目年度目标 / 年度目标完成情况; 2.项目实施内容及过程概述 spans both label
    columns. The execution prints two cells, 权重 | 得分, beside 总额 (the per-row rate column shows
    预算执行率) and "/" in them on the other rows, as the published form (SOURCES.md §A)."""
    wb = load_sample("sichuan-qingshen-2023")
    path = tmp_path / "sichuan.pdf"
    write_pdf(wb, path)
    text = squash("".join(pdf_pages_text(path)))
    assert text.count("项目基本情况") == 1 and text.count("1.项目年度目标完成情况") == 1
    assert "项目基本情况1.项目年度目标完成情况项目年度目标" + squash(wb.forms[0].sections["annual_goal"])[:10] in text
    assert "年度目标完成情况2.项目实施内容及过程概述" in text
    assert "总额238.93251.89251.89100.00%1010.00" in text
    assert "其中：财政资金238.93251.89251.89100.00%//财政专户管理资金" in text
    assert "其他资金//" in text and "—" not in text
    header = next(ln for ln in layout_lines(path) if "调整后预算数" in ln).split()
    assert header == ["项目", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"]
