"""A synthetic form whose indicator table spans several pages: the header repeats on every page and
the merged level-1/level-2 cells cut by a page break go on with their labels and 「（续）」."""
from decimal import Decimal

import pytest

from perfdesk.definitions.loader import default_registry
from perfdesk.domain.print_code import content_code
from perfdesk.domain.model import Form, IndicatorNode, Workbook
from perfdesk.domain.values import IndicatorValue
from perfdesk.pdf import write_pdf

from .pdftools import margin_texts, needs_poppler, page_numbers, pdf_pages_text, squash

pytestmark = needs_poppler

HEADER = "一级指标二级指标三级指标年度指标值度量单位实际完成值权重得分偏差原因分析及改进措施"


def leaf(name: str, i: int) -> IndicatorNode:
    return IndicatorNode(name, {"target_value": IndicatorValue.parse(f"≥{i}件"),
                                "actual_value": IndicatorValue.parse(f"{i + 1}件"),
                                "weight": Decimal(1), "score": Decimal(1)})


def long_form() -> Form:
    definition = default_registry()["shenzhen_project_self_eval"]
    groups = {"产出指标": {"数量指标": 70, "质量指标": 30}, "效益指标": {"社会效益指标": 12}}
    tree = []
    for l1, children in groups.items():
        node = IndicatorNode(l1)
        for l2, count in children.items():
            node.children.append(IndicatorNode(l2, children=[leaf(f"{l2[:2]}合成指标第{i:03d}项", i)
                                                             for i in range(1, count + 1)]))
        tree.append(node)
    return Form(id="long", definition=definition, title="合成长表项目支出绩效自评表", indicators=tree,
                fields={"project_code": "X001", "project_name": "合成长表"})


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    workbook = Workbook(unit="测试单位", unit_code="000000", year=2024, forms=[long_form()])
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    result = write_pdf(workbook, path)
    texts = pdf_pages_text(path)
    assert result.pages == len(texts)
    # nothing of the table runs into the margins: the bottom one holds the page number and 校验码 alone
    code = content_code(workbook, workbook.forms[0])
    assert margin_texts(path) == [("", f"第{n}页共{len(texts)}页校验码{code}") for n in range(1, len(texts) + 1)]
    return [squash(t).removesuffix(f"校验码{code}") for t in texts]


def names_on(page: str) -> list[str]:
    import re
    return re.findall(r"(数量|质量|社会)合成指标第(\d{3})项", page)


def test_table_spans_at_least_three_pages(pages):
    assert len(pages) >= 3
    assert page_numbers(pages) == [(n, len(pages)) for n in range(1, len(pages) + 1)]


def test_header_row_repeats_on_every_page_of_the_table(pages):
    with_rows = [p for p in pages if names_on(p)]
    assert len(with_rows) >= 3
    for page in with_rows:
        assert HEADER in page
        assert page.index(HEADER) < page.index("合成指标第")      # the header comes first


def test_every_row_printed_exactly_once(pages):
    seen = [n for p in pages for n in names_on(p)]
    assert len(seen) == len(set(seen)) == 70 + 30 + 12


def test_cut_merged_cells_go_on_with_their_labels(pages):
    level1 = {"数量": "产出指标（50分）", "质量": "产出指标（50分）", "社会": "效益指标（30分）"}
    level2 = {"数量": "数量指标", "质量": "质量指标", "社会": "社会效益指标"}
    continued = 0
    previous_groups: set[str] = set()
    for page in pages:
        names = names_on(page)
        if not names:
            continue
        first_group = names[0][0]
        if first_group in previous_groups:     # the page starts inside a group of the page before
            assert level1[first_group] + "（续）" in page
            assert level2[first_group] + "（续）" in page
            continued += 1
        else:
            assert level2[first_group] + "（续）" not in page
        previous_groups = {g for g, _ in names}
    assert continued >= 2
    assert "（续）" not in pages[0]


def test_side_label_on_every_page_of_the_table(pages):
    for page in pages:
        if names_on(page):
            assert "年度绩效指标" in page
