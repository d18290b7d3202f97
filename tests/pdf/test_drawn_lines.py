"""What the renderer draws, line by line, for every sample: no line wider than its box, no cell
whose lines are taller than the cell, no 。，、 (or other closing punctuation) at the start of a
wrapped line, and the title and year centred and bold."""
import io

import pytest

from tests.needs import FONTS, missing

from perfdesk.pdf import render_pdf, text as textmod
from perfdesk.pdf.fonts import FontError, find_fonts
from perfdesk.pdf.formatting import cell_text, fill, form_title
from perfdesk.pdf.indicators import SHORT_LABEL
from perfdesk.pdf.linebreak import NO_END, NO_START
from perfdesk.pdf.table import RuledTable
from perfdesk.samples import load_sample, sample_names


@pytest.fixture(scope="module")
def drawn():
    """name → (workbook, [(text, width used, box width, style)], [wrapped lines],
    [(cell text, height of its lines, room in the cell, colspan, number of lines)])."""
    try:
        find_fonts()
    except FontError as exc:   # pragma: no cover
        missing(FONTS, str(exc))
    mp = pytest.MonkeyPatch()
    out = {}
    draws, paragraphs, cells = [], [], []
    draw_line, break_text = textmod.draw_line, textmod.break_text
    draw_rows = RuledTable._draw_rows

    def spy_draw(canv, fonts, line, x, baseline, width, style):
        draws.append((line.text, fonts.text_width(line.text, style.size), width, style))
        return draw_line(canv, fonts, line, x, baseline, width, style)

    def spy_break(text, width, max_width):
        lines = break_text(text, width, max_width)
        paragraphs.append(lines)
        return lines

    def spy_rows(self, rows, heights, lines_of, top, layout, header):
        st = self.style
        for r, row in enumerate(rows):
            for c, cell in row.items():
                room = sum(heights[r:r + cell.rowspan]) - 2 * st.pad_y
                lines = lines_of[(r, c)]
                cells.append((cell.text, len(lines) * st.text.leading, room, cell.colspan, len(lines)))
        return draw_rows(self, rows, heights, lines_of, top, layout, header)

    mp.setattr(textmod, "draw_line", spy_draw)
    mp.setattr(textmod, "break_text", spy_break)
    mp.setattr(RuledTable, "_draw_rows", spy_rows)
    try:
        for name in sample_names():
            workbook = load_sample(name)
            render_pdf(workbook, io.BytesIO())
            out[name] = (workbook, list(draws), list(paragraphs), list(cells))
            draws.clear(), paragraphs.clear(), cells.clear()
    finally:
        mp.undo()
    return out


@pytest.mark.parametrize("name", sample_names())
def test_no_line_is_wider_than_its_box(drawn, name):
    _workbook, draws, _paragraphs, _cells = drawn[name]
    wide = [(text, round(used, 1), round(box, 1)) for text, used, box, _st in draws if used > box + 0.01]
    assert draws and not wide, wide[:3]


@pytest.mark.parametrize("name", sample_names())
def test_no_cell_text_is_taller_than_its_cell(drawn, name):
    _workbook, _draws, _paragraphs, cells = drawn[name]
    tall = [(text[:20], need, round(room, 1)) for text, need, room, *_ in cells if need > room + 0.01]
    assert cells and not tall, tall[:3]


@pytest.mark.parametrize("name", sample_names())
def test_wrapped_lines_follow_chinese_line_breaking(drawn, name):
    _workbook, _draws, paragraphs, _cells = drawn[name]
    wrapped = [lines for lines in paragraphs if len(lines) > 1]
    assert wrapped
    for lines in wrapped:
        for before, after in zip(lines, lines[1:]):
            if before.last or not after.text:
                continue
            assert after.text[0] not in NO_START, (before.text, after.text)
            assert not before.text or before.text[-1] not in NO_END, (before.text, after.text)


@pytest.mark.parametrize("name", sample_names())
def test_title_and_year_are_centred_and_bold(drawn, name):
    workbook, draws, _paragraphs, _cells = drawn[name]
    styles = {}
    for text, _used, _box, style in draws:
        styles.setdefault(text, style)
    for form in workbook.forms:
        heads = [form_title(workbook, form), fill(form.definition.print.subtitle, workbook, form)]
        for head in filter(None, heads):
            style = styles[head]
            assert style.bold and style.align == "center", (form.id, head)


def indicator_texts(form) -> set[str]:
    """The texts of a form's indicator table: its headers, names and values."""
    ind = form.definition.indicators
    if ind is None:
        return set()
    columns = list(ind.columns) + [c for b in ind.level1 for c in b.level2_columns]
    texts = set(ind.level_labels) | {c.label for c in columns}
    for _level, node, _parents in form.walk():
        texts.add(node.name)
        texts |= {cell_text(v, form.definition.notation) for v in node.cells.values()}
    return texts


@pytest.mark.parametrize("name", sample_names())
def test_short_indicator_labels_and_values_never_wrap(drawn, name):
    """满意度指标, 财务管理, 指标值确定依据, ≥20000件: a column is widened (taking room from the
    long-text columns) rather than leave a character of such a cell alone on a second line."""
    workbook, _draws, _paragraphs, cells = drawn[name]
    texts = set().union(*(indicator_texts(f) for f in workbook.forms))
    wrapped = [text for text, _need, _room, span, lines in cells
               if span == 1 and lines > 1 and text in texts and len(text) <= SHORT_LABEL]
    assert not wrapped, wrapped
