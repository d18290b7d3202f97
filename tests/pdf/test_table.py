"""The ruled table's page breaks: header repeated, merged cells continued with their labels, rows
that never overflow their cells, and rows taller than a page cut between lines (no LayoutError)."""
import pytest

from tests.needs import FONTS, missing

from perfdesk.pdf.fonts import FontError, find_fonts
from perfdesk.pdf.table import CONTINUED, Cell, GridStyle, RowsBuilder, RuledTable
from perfdesk.pdf.text import TextStyle

WIDTH = 480.0
STYLE = GridStyle(text=TextStyle(size=9.5, leading=13.0))


@pytest.fixture(scope="module")
def fonts():
    try:
        return find_fonts()
    except FontError as exc:   # pragma: no cover
        missing(FONTS, str(exc))


def grouped_table(fonts, groups=(("产出指标", ("数量指标", 30), ("质量指标", 25)),), frame_height=300.0,
                  long_text=""):
    header = RowsBuilder(4)
    header.add([Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值")])
    body = RowsBuilder(4)
    for l1, *l2s in groups:
        total = sum(n for _name, n in l2s)
        pending = Cell(l1, rowspan=total, label=True)
        for l2, n in l2s:
            cells = [pending] if pending else []
            pending = None
            cells.append(Cell(l2, rowspan=n, label=True))
            body.add(cells + [Cell(f"{l2}第1项{long_text}", align="justify"), Cell("≥90%")])
            for i in range(2, n + 1):
                body.add([Cell(f"{l2}第{i}项", align="justify"), Cell("100%")])
    header_rows, _ = header.finish()
    rows, breakable = body.finish()
    return RuledTable([12, 16, 52, 20], header_rows, rows, fonts, STYLE, breakable, frame_height=frame_height)


def paginate(table, first_room: float, page: float) -> list[RuledTable]:
    """What the frame does: place what fits, split the rest onto fresh pages."""
    parts, room = [], first_room
    while True:
        _w, h = table.wrap(WIDTH, room)
        if h <= room + 1e-6:
            return parts + [table]
        pieces = table.split(WIDTH, room)
        if not pieces:
            assert room < page, "a table that cannot be split at the top of a page"
            room = page
            continue
        assert len(pieces) == 3 and isinstance(pieces[2], RuledTable)   # first, FrameBreak, rest
        parts.append(pieces[0])
        table, room = pieces[2], page


def texts(part: RuledTable, header=False):
    rows = part.header if header else part.body
    return [cell.text for row in rows for cell in row.values()]


def assert_cells_fit(part: RuledTable):
    layout = part._layout(WIDTH)
    st = part.style
    for rows, heights, lines_of in ((part.header, layout.header_h, layout.header_lines),
                                    (part.body, layout.body_h, layout.body_lines)):
        for r, row in enumerate(rows):
            for c, cell in row.items():
                lines = lines_of[(r, c)]
                height = sum(heights[r:r + cell.rowspan])
                assert len(lines) * st.text.leading + 2 * st.pad_y <= height + 1e-6
                inner = sum(layout.col_w[c:c + cell.colspan]) - 2 * st.pad_x
                for line in lines:
                    assert part.fonts.text_width(line.text, st.text.size) <= inner + 1e-6, line


def test_pages_repeat_the_header_and_continue_merged_labels(fonts):
    parts = paginate(grouped_table(fonts), first_room=120, page=300)
    assert len(parts) >= 3
    for part in parts:
        assert texts(part, header=True) == ["一级指标", "二级指标", "三级指标", "指标值"]
        _w, h = part.wrap(WIDTH, 300)
        assert h <= 300 + 1e-6
        assert_cells_fit(part)
    rows = [t for part in parts for t in texts(part) if "第" in t]
    assert len(rows) == 55 and len(set(rows)) == 55
    for part in parts[1:]:
        first_row = [c.text for c in part.body[0].values()]
        assert first_row[0] == "产出指标" + CONTINUED
        group, starts = first_row[2][:4], first_row[2].endswith("第1项")
        assert first_row[1] == group + ("" if starts else CONTINUED)


def test_a_group_taller_than_a_page_no_longer_breaks_the_layout(fonts):
    # ReportLab's Table raises LayoutError for a row span taller than the frame
    table = grouped_table(fonts, groups=(("产出指标", ("数量指标", 60)),), frame_height=200)
    parts = paginate(table, first_room=200, page=200)
    assert len(parts) >= 4
    for part in parts:
        assert part.wrap(WIDTH, 200)[1] <= 200 + 1e-6
        assert_cells_fit(part)


def test_a_row_taller_than_a_page_is_cut_between_its_lines(fonts):
    text = "很长的绩效指标描述，" * 300
    table = grouped_table(fonts, groups=(("产出指标", ("数量指标", 2)),), long_text=text, frame_height=250)
    parts = paginate(table, first_room=250, page=250)
    assert len(parts) >= 3
    printed = "".join(line.text for part in parts for (r, c), lines in part._layout(WIDTH).body_lines.items()
                      if c == 2 for line in lines)
    assert printed.count("很长的绩效指标描述") == 300
    for part in parts:
        assert_cells_fit(part)


def test_long_text_merged_cell_fills_the_page_and_goes_on(fonts):
    b = RowsBuilder(2)
    work = "开展消费调查，发布消费提示，" * 40
    b.add([Cell(work, rowspan=6, label=True, align="justify"), Cell("指标1")])
    for i in range(2, 7):
        b.add([Cell(f"指标{i}")])
    rows, breakable = b.finish()
    table = RuledTable([30, 70], [], rows, fonts, STYLE, breakable, frame_height=400)
    first, _break, second = table.split(WIDTH, 150)
    assert first.wrap(WIDTH, 150)[1] <= 150 + 1e-6
    first_lines = first._layout(WIDTH).body_lines[(0, 0)]
    assert first_lines and first.body[0][0].lines is not None     # the start of the text, cut
    assert second.body[0][0].text.startswith(CONTINUED)           # the rest, marked as continued


def test_fit_columns_widens_short_label_columns_from_the_text_columns():
    from perfdesk.pdf.table import fit_columns

    widths = [50.0, 60.0, 200.0, 40.0]
    got = fit_columns(widths, need=[58.0, 0.0, 0.0, 45.0], donors=(2,))
    assert got[0] == pytest.approx(58.0) and got[3] == pytest.approx(45.0)
    assert got[1] == widths[1] and sum(got) == pytest.approx(sum(widths))
    # a donor gives at most a fifth of its width; what it cannot give is shared out
    got = fit_columns([50.0, 100.0], need=[100.0, 0.0], donors=(1,))
    assert got == pytest.approx([70.0, 80.0])
    assert fit_columns(widths, need=[58.0], donors=()) == widths      # nobody to take from


def test_the_last_row_total_never_goes_alone_to_the_next_page(fonts):
    header = [{0: Cell("名称"), 1: Cell("分值")}]
    rows = [{0: Cell(f"指标{i}"), 1: Cell("10")} for i in range(8)] + [{0: Cell("总分"), 1: Cell("80")}]
    table = RuledTable([70, 30], header, rows, fonts, STYLE, [False] * len(rows), frame_height=400)
    _w, full = table.wrap(WIDTH, 1000)
    row_h = full / (len(rows) + 1)
    # room for the header and all rows but the last: the cut must take more than 总分 along
    first, _brk, rest = table.split(WIDTH, full - row_h * 0.5)
    assert texts(rest)[-2:] == ["总分", "80"]
    assert len(rest.body) >= 2 and len(first.body) == len(rows) - len(rest.body)
