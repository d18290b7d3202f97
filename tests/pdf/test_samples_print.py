"""Every sample prints: all its names, values and amounts are in the PDF's text, row by row and on
the pages of their own form; every font is embedded; every page says 「第 x 页 共 y 页」 with the right
total, in the bottom margin, with nothing else there; and computed totals are printed."""
import re
from decimal import Decimal

import pytest

from perfdesk.domain import figures
from perfdesk.domain.print_code import content_code
from perfdesk.pdf import write_pdf
from perfdesk.pdf.formatting import amount_text, cell_text, percent_text, value_texts
from perfdesk.pdf.table import CONTINUED
from perfdesk.samples import load_sample, sample_names

from .pdftools import (margin_texts, needs_poppler, page_numbers, pdf_fonts, pdf_page_count, pdf_page_layout,
                       pdf_pages_text, squash)

pytestmark = needs_poppler

FOOTER = re.compile(r"第\d+页共\d+页(校验码[2-9A-Z]{4}-[2-9A-Z]{4})?")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Each sample workbook printed whole, once: name → (workbook, pdf path, result, page texts)."""
    out = {}
    directory = tmp_path_factory.mktemp("printed")
    for name in sample_names():
        workbook = load_sample(name)
        path = directory / f"{name}.pdf"
        result = write_pdf(workbook, path)
        out[name] = (workbook, path, result, pdf_pages_text(path))
    return out


def form_text(printed_sample, form) -> str:
    """The text of the form's own pages, squashed, without the page footers."""
    _workbook, _path, result, pages = printed_sample
    first, last = result.form_pages[form.id]
    return FOOTER.sub("", squash("".join(pages[first - 1:last])))


def present(expected: str, text: str) -> bool:
    """In the text as one run; or, for a long text cut by a page break, as its start on one page
    and 「（续）」 + the rest on the next."""
    expected = squash(expected)
    if expected in text:
        return True
    return any(expected[:i] in text and CONTINUED + expected[i:] in text for i in range(1, len(expected)))


def indicator_rows(form) -> list[str]:
    """Each printed indicator row as one run: the 三级 name, then its values in column order (a
    二级 without 三级 prints its own values in an otherwise empty row)."""
    ind = form.definition.indicators
    if ind is None:
        return []
    rows = []
    for level, node, _parents in form.walk():
        if node.children or level == 1:
            continue
        name = node.name if level == 3 else ""
        # a split column prints its three parts (指标性质 | 指标值 | 度量单位) side by side
        rows.append(name + "".join(t for c in ind.columns for t in value_texts(c, node.cell(c.id))))
    return [r for r in rows if squash(r)]


def funds_rows(form) -> list[str]:
    """Each printed funds row as one run: its label, then its figures in column order."""
    decimals = form.definition.print.decimals
    rows = []
    for table_id, table in form.funds.items():
        d = table.definition
        if d.kind == "cumulative_plan":     # 3月底 | 6月底 | 10月底 | 12月底 over the percentages
            rows += ["".join(percent_text(table.value(r.id, c.id)) for c in d.columns) for r in d.rows]
            continue
        def shown(value, column):       # a rate column prints as a percent: 75.00%
            if column.computed:
                return "" if value is None else amount_text(value, 2) + "%"
            return amount_text(value, decimals)

        show = [(r.label, [shown(table.value(r.id, c.id), c) for c in d.columns]) for r in d.rows]
        if table_id in form.definition.print.horizontal:   # 预算数 | 6.80 | 其中：财政资金 | 6.80 | …
            rows += [label + values[0] for label, values in show]
            continue
        rows += [label + "".join(values) for label, values in show]
        rows += [line.name + "".join(amount_text(line.values.get(c.id), decimals) for c in d.columns)
                 for line in table.lines]
    return rows


def other_texts(form) -> list[str]:
    """Names, fields and list items (checked one by one)."""
    notation = form.definition.notation
    texts = [node.name for _level, node, _parents in form.walk()]
    texts += [f"{d.label}{form.fields.get(d.id, '')}" for d in form.definition.fields
              if form.fields.get(d.id, "").strip()]
    for item in [i for items in form.lists.values() for i in items]:
        texts += [cell_text(v, notation) for v in item.values()]
    return [t for t in texts if squash(t)]


@pytest.mark.parametrize("name", sample_names())
def test_every_indicator_row_prints_whole_on_its_forms_pages(printed, name):
    workbook = printed[name][0]
    for form in workbook.forms:
        text = form_text(printed[name], form)
        missing = [r for r in indicator_rows(form) if squash(r) not in text]
        assert not missing, f"{name}/{form.id}: rows not printed as one run: {missing[:3]}"


@pytest.mark.parametrize("name", sample_names())
def test_every_amount_prints_in_its_row(printed, name):
    workbook = printed[name][0]
    for form in workbook.forms:
        text = form_text(printed[name], form)
        rows = funds_rows(form)
        missing = [r for r in rows if squash(r) not in text]
        assert not missing, f"{name}/{form.id}: funds rows not printed: {missing[:3]}"


@pytest.mark.parametrize("name", sample_names())
def test_every_name_field_and_list_item_is_printed(printed, name):
    workbook = printed[name][0]
    for form in workbook.forms:
        text = form_text(printed[name], form)
        missing = [t for t in other_texts(form) if not present(t, text)]
        assert not missing, f"{name}/{form.id}: not in the PDF: {missing[:5]}"


@pytest.mark.parametrize("name", sample_names())
def test_every_section_text_is_printed_whole(printed, name):
    """Narrative texts, also those cut by a page break (the rest goes on under 「label（续）」)."""
    workbook = printed[name][0]
    for form in workbook.forms:
        text = form_text(printed[name], form)
        for d in form.definition.sections:
            text = text.replace(squash(d.label.rpartition("·")[2]) + CONTINUED, "")
        missing = [d.id for d in form.definition.sections
                   if squash(form.sections.get(d.id, "")) not in text]
        assert not missing, f"{name}/{form.id}: sections not printed whole: {missing}"


@pytest.mark.parametrize("name", sample_names())
def test_no_character_lacks_a_glyph(printed, name):
    _workbook, _path, result, _pages = printed[name]
    assert result.chars and not result.missing, result.font_report()


@pytest.mark.parametrize("name", sample_names())
def test_every_font_is_embedded(printed, name):
    _workbook, path, _result, _pages = printed[name]
    fonts = pdf_fonts(path)
    assert fonts, "the PDF names no font"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert not [f for f in fonts if "Helvetica" in f["name"]], "ReportLab's unembedded default font"


@pytest.mark.parametrize("name", sample_names())
def test_every_page_is_numbered_with_the_right_total(printed, name):
    _workbook, path, result, pages = printed[name]
    total = pdf_page_count(path)
    assert result.pages == total == len(pages)
    front = result.front_pages          # several forms: a cover and contents, not counted
    assert front == (2 if len(result.form_pages) > 1 else 0)
    tables = total - front
    assert page_numbers(pages, front) == [(n, tables) for n in range(1, tables + 1)]


@pytest.mark.parametrize("name", sample_names())
def test_margins_hold_only_the_page_number_and_the_code(printed, name):
    """Nothing is drawn into the footer or the top margin: no cut cell runs over the page end. The
    footer: 第 x 页 共 y 页 and the 校验码 of the form on that page (docs/print-code.md)."""
    workbook, path, result, _pages = printed[name]
    front, tables = result.front_pages, result.table_pages
    code_of_page = {}
    for form in workbook.forms:
        first, last = result.form_pages[form.id]
        for page in range(first, last + 1):
            code_of_page[page] = content_code(workbook, form)
    assert margin_texts(path) == [("", "")] * front + [
        ("", f"第{n}页共{tables}页校验码{code_of_page[front + n]}") for n in range(1, tables + 1)]


def test_self_evaluation_prints_points_execution_and_computed_total(printed):
    workbook, _path, _result, pages = printed["shenzhen-guangming-2024"]
    text = squash("".join(pages))
    form = workbook.forms[0]
    ex = figures.execution(form)
    assert (ex.rate, ex.score) == (Decimal("99.67"), Decimal("9.97"))
    # the 年度资金总额 row: 分值 10, 执行率 99.67%, 得分 9.97
    assert "14315925.0014268915.711099.67%9.97" in text
    for label in ("产出指标（50分）", "效益指标（30分）", "满意度指标（10分）"):
        assert label in text
    assert re.search(r"总分10099\.47", text)     # 10 execution points + the rows' weights; the scores


def test_dept_self_evaluation_total_is_what_the_rows_add_up_to(printed):
    # The filed document says 合计 100 / 95; its rows add up to 103 / 98, and that is what prints.
    _workbook, _path, _result, pages = printed["rugao-2023"]
    text = squash("".join(pages))
    assert "合计10398" in text and "合计10095" not in text


def test_funds_totals_are_computed_not_copied(printed):
    # 苏州 printed 项目支出 half-year 20; its project lines add up to 24.02.
    _workbook, _path, _result, pages = printed["suzhou-2024"]
    text = squash("".join(pages))
    assert "项目支出24.0254.81" in text
    assert "资金总额410.99" in text


def test_whole_workbook_has_cover_and_contents_with_page_numbers(printed):
    workbook, path, result, pages = printed["hebei-2022"]
    assert "2022年度预算绩效管理表" in squash(pages[0])
    contents = pdf_page_layout(path, 2)
    assert "目录" in squash(contents)
    for n, form in enumerate(workbook.forms, start=1):
        first, last = result.form_pages[form.id]
        assert squash(form.title) in squash(pages[first - 1])          # the form starts there
        line = next(x for x in contents.splitlines() if squash(form.title) in squash(x))
        numbered = first - result.front_pages                           # the number its footer shows
        assert f"第{numbered}页共{result.table_pages}页" in squash(pages[first - 1])
        assert squash(line).endswith(str(numbered)), line               # and the contents say so
    assert result.form_pages["project_09"][1] == result.pages


def test_jiangsu_functions_that_repeat_share_one_merged_cell(printed):
    # 苏州 履职: 商务执法辅助 has three 重点工作; it prints once, merged over their rows.
    _workbook, _path, _result, pages = printed["suzhou-2024"]
    text = squash("".join(pages))
    assert text.count("商务执法辅助") == 1
    assert text.count("商务领域监管服务") == 1 + text.count("商务领域监管服务（续）")


def test_signature_block_on_each_forms_last_page(printed):
    workbook, _path, result, pages = printed["hebei-2022"]
    for form in workbook.forms:
        first, last = result.form_pages[form.id]
        last_page = squash(pages[last - 1])
        for label in ("填报单位（盖章）", "单位负责人", "填报人", "联系电话", "填报日期"):
            assert label in last_page, (form.id, label)
        assert squash(workbook.unit) in last_page


def test_signature_fields_come_from_the_workbook(tmp_path):
    workbook = load_sample("shenzhen-guangming-2024")
    workbook.signature.leader, workbook.signature.preparer = "张三", "李四"
    workbook.signature.phone, workbook.signature.date = "0755-12345678", "2025年3月1日"
    path = tmp_path / "signed.pdf"
    write_pdf(workbook, path)
    last = squash(pdf_pages_text(path)[-1])
    assert "单位负责人：张三" in last and "填报人：李四" in last
    assert "联系电话：0755-12345678" in last and "填报日期：2025年3月1日" in last


def test_a_selection_prints_only_those_forms(tmp_path):
    workbook = load_sample("hebei-2022")
    path = tmp_path / "two.pdf"
    result = write_pdf(workbook, path, form_ids=["project_03", "project_01"])
    assert list(result.form_pages) == ["project_01", "project_03"]      # in workbook order
    text = squash("".join(pdf_pages_text(path)))
    assert "车辆保险费绩效目标表" in text and "提前下达2022年市场监管补助经费绩效目标表" in text
    assert "人事代理专项补助经费绩效目标表" not in text.replace("目录", "")
    single = write_pdf(workbook, tmp_path / "one.pdf", form_ids=["project_01"])
    assert single.form_pages == {"project_01": (1, single.pages)}          # no cover for one form


def test_each_form_prints_in_its_own_orientation(tmp_path):
    workbook = load_sample("hebei-2022")
    shenzhen = load_sample("shenzhen-guangming-2024").forms[0]     # a landscape form
    workbook.forms = [workbook.forms[1], shenzhen, workbook.forms[2]]
    path = tmp_path / "mixed.pdf"
    result = write_pdf(workbook, path)
    info = __import__("subprocess").run(["pdfinfo", "-f", "1", "-l", str(result.pages), str(path)],
                                        capture_output=True, text=True, check=True).stdout
    sizes = [tuple(map(float, m)) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    landscape = [n for n, (w, h) in enumerate(sizes, start=1) if w > h]
    first, last = result.form_pages["project_self_eval"]
    assert landscape == list(range(first, last + 1))
    pages = pdf_pages_text(path)
    tables = result.table_pages
    assert page_numbers(pages, result.front_pages) == [(n, tables) for n in range(1, tables + 1)]


def test_signature_never_stands_alone_on_a_page(tmp_path):
    """Blank forms of every definition: the signature page also carries the end of the form."""
    from perfdesk.definitions.loader import default_registry
    from perfdesk.domain.model import Form, Workbook

    forms = [Form(id=d.id, definition=d, title="") for d in default_registry()]
    workbook = Workbook(unit="空白单位", unit_code="", year=2025, forms=forms)
    path = tmp_path / "blank.pdf"
    result = write_pdf(workbook, path)
    pages = pdf_pages_text(path)
    for form in forms:
        if not form.definition.signature_block.items:
            continue
        first_label = form.definition.signature_block.items[0].label      # 填报单位（盖章）, 项目负责人 …
        _first, last = result.form_pages[form.id]
        lines = [squash(x) for x in pages[last - 1].splitlines() if squash(x)]
        signature_at = next(i for i, x in enumerate(lines) if x.startswith(squash(first_label)))
        assert signature_at > 0, f"{form.id}: the signature block is alone on page {last}"


def test_jiangsu_duty_block_has_the_official_header(printed):
    # seeds 000 and 003: 一级指标 | 二级指标 | 重点工作 | … — the functions sit under 二级指标
    for name in ("nantong-2024", "suzhou-2024"):
        text = squash("".join(printed[name][3]))
        assert "一级指标二级指标重点工作对应项目三级指标半年指标值全年指标值" in text, name
