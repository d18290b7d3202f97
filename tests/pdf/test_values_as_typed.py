"""Values print as typed (issue 15, item 4): for every built-in sample, each indicator and list
value's text in `perfdesk dump` is in the PDF exactly, on its own form's pages, in its own row.
Only whitespace is normalised (a wrapped cell's line breaks, a justified line's spaces).

A split column (指标性质 | 指标值 | 度量单位) prints `split_parts` of the value, as the editor and the
xlsx show it: 指标值 and 度量单位 as typed, 指标性质 as its drop-down names the operator (a typed
﹦ or = shows as ＝); those three texts are what must be printed, side by side."""
import json
from decimal import Decimal

import pytest

from perfdesk.cli.main import main, open_workbook
from perfdesk.domain.model import IndicatorNode
from perfdesk.domain.values import IndicatorValue, decimal_text, split_parts
from perfdesk.pdf import write_pdf
from perfdesk.samples import load_sample, sample_names

from .pdftools import needs_poppler, pdf_pages_text, squash

pytestmark = needs_poppler


def dumped_text(cell) -> str:
    """A cell of the dump as the user typed it: a value's `text`, a string as is."""
    if isinstance(cell, dict):
        return cell.get("text", "")
    return str(cell)


def printed_text(column, cell) -> str:
    """What the PDF must show for a dumped cell: its text; a split column's three parts in a row
    (指标值 and 度量单位 taken verbatim from the typed text); a number as written (2.0 → 2)."""
    if cell is None:
        return ""
    if column is not None and column.split and isinstance(cell, dict):
        op, number, unit = split_parts(IndicatorValue.from_dict(cell))
        assert squash(number + unit) in squash(cell["text"]) or op == "定性", cell   # nothing rewritten
        return op + number + unit
    if column is not None and column.type == "number":
        return decimal_text(Decimal(str(cell)))
    return dumped_text(cell)


def tree_values(nodes: list[dict], definition, out: list[str]) -> list[str]:
    """The printed text of every value cell (type "value") in a dumped indicator tree."""
    for node in nodes:
        for column_id, cell in node.get("cells", {}).items():
            if isinstance(cell, dict) and squash(dumped_text(cell)):
                out.append(printed_text(definition.indicators.column(column_id), cell))
        tree_values(node.get("children", []), definition, out)
    return out


def dumped_rows(form_json: dict, definition) -> list[str]:
    """Each level-3 row (or a level-2 row without level 3) as printed from the dump: the name, then
    each column's text as dumped."""
    ind = definition.indicators
    rows = []
    for level1 in form_json.get("indicators", {}).get("tree", []):
        for level2 in level1.get("children", []):
            leaves = level2.get("children") or [dict(level2, name="")]
            for leaf in leaves:
                cells = leaf.get("cells", {})
                run = leaf["name"] + "".join(printed_text(c, cells.get(c.id)) for c in ind.columns)
                if squash(run):
                    rows.append(run)
    return rows


@pytest.fixture(scope="module")
def printed(tmp_path_factory, capsys_module=None):
    """Each sample written by `perfdesk demo`, dumped by `perfdesk dump`, printed to PDF."""
    directory = tmp_path_factory.mktemp("as_typed")
    out = {}
    for name in sample_names():
        path = directory / f"{name}.perfdesk"
        assert main(["demo", name, "-o", str(path)]) == 0
        assert main(["dump", str(path), "-o", str(directory / f"{name}.json")]) == 0
        dump = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        workbook = open_workbook(str(path))
        result = write_pdf(workbook, directory / f"{name}.pdf")
        pages = pdf_pages_text(directory / f"{name}.pdf")
        texts = {form_id: squash("".join(pages[first - 1:last]))
                 for form_id, (first, last) in result.form_pages.items()}
        out[name] = (workbook, dump, texts)
    return out


def form_values(form_json: dict, definition) -> list[str]:
    values = tree_values(form_json.get("indicators", {}).get("tree", []), definition, [])
    for list_id, items in form_json.get("lists", {}).items():
        columns = {c.id: c for c in definition.list_def(list_id).columns}
        for item in items:
            values += [printed_text(columns.get(k), v) for k, v in item.items() if squash(dumped_text(v))]
    return values


@pytest.mark.parametrize("name", sample_names())
def test_each_value_text_of_the_dump_is_printed_exactly(printed, name):
    workbook, dump, texts = printed[name]
    checked = 0
    for form_json, form in zip(dump["forms"], workbook.forms):
        assert form_json["title"] == form.title
        text = texts[form.id]
        values = form_values(form_json, form.definition)
        missing = [v for v in values if squash(v) not in text]
        assert not missing, f"{name}/{form.id}: values not printed as typed: {missing[:5]}"
        checked += len(values)
    assert checked > 0          # the sample has values: the test looks at something


@pytest.mark.parametrize("name", sample_names())
def test_each_indicator_row_prints_the_dumped_texts_in_order(printed, name):
    workbook, dump, texts = printed[name]
    for form_json, form in zip(dump["forms"], workbook.forms):
        if form.definition.indicators is None:
            continue
        missing = [r for r in dumped_rows(form_json, form.definition) if squash(r) not in texts[form.id]]
        assert not missing, f"{name}/{form.id}: rows not printed as dumped: {missing[:3]}"


def test_values_typed_in_words_are_not_rewritten(tmp_path):
    """90%以上 stays 90%以上 (not ≥90%), 5万批次以上 stays (not ≥50000批次), 100% stays (not =100%)."""
    wb = load_sample("shenzhen-guangming-2024")
    form = wb.forms[0]
    leaves = [node for level, node, _p in form.walk() if level == 3]
    typed = {"target_value": ["90%以上", "5万批次以上", "100%"], "actual_value": ["92.5%", "6万批次", "100%"]}
    for leaf, target, actual in zip(leaves, typed["target_value"], typed["actual_value"]):
        leaf.cells["target_value"] = IndicatorValue.parse(target)
        leaf.cells["actual_value"] = IndicatorValue.parse(actual)
    assert isinstance(leaves[0], IndicatorNode)
    write_pdf(wb, tmp_path / "typed.pdf")
    text = squash("".join(pdf_pages_text(tmp_path / "typed.pdf")))
    for leaf, target, actual in zip(leaves, typed["target_value"], typed["actual_value"]):
        assert squash(leaf.name) + target in text, target
    assert "≥90%" not in text and "50000" not in text and "=100%" not in text and "＝100%" not in text
