"""The sheet plan's helpers: spreading value cells over the grid, splitting long texts into rows
and joining them back, estimating heights, page breaks."""
from perfdesk.samples import load_sample
from perfdesk.xlsx import textsize
from perfdesk.xlsx.layout import join_text, partition, split_text, spread
from perfdesk.xlsx.paginate import paginate
from perfdesk.xlsx.sheet import plan_form


def test_partition_takes_columns_from_the_right_until_each_cell_is_wide_enough():
    widths = [12, 16, 18, 12, 18, 18, 18]
    assert partition(widths, 2, [10]) == (7, [(7, 1)])
    assert partition(widths, 2, [10, 10]) == (6, [(6, 1), (7, 1)])
    assert partition(widths, 2, [20, 20]) == (4, [(4, 2), (6, 2)])
    assert partition([10, 6, 6], 1, [12, 12]) is None       # no room left for the labels


def test_spread_splits_the_grid_into_runs_of_similar_width():
    runs = spread([15, 13, 28, 16, 6, 16, 6, 6, 24], 3)
    assert [c for c, _ in runs] == [1, 4, 7] and sum(s for _, s in runs) == 9
    assert spread([10, 10], 5) == [(1, 1), (2, 1)]


def test_long_texts_split_into_rows_and_join_back_exactly():
    paragraph = "这一年，我们" + "推进市场监管工作，" * 400 + "成效明显。"
    text = "一、总体情况\n" + paragraph + "\n\n二、下一步" + "\n" + "x" * 3000
    chunks = split_text(text, 60)
    assert len(chunks) > 3
    assert {j for j, _ in chunks[1:]} <= {"n", "c"} and chunks[0][0] == ""
    assert join_text(chunks) == text
    assert all(textsize.text_height(c, 60) <= 409 for _, c in chunks)


def test_text_height_grows_with_lines():
    one = textsize.text_height("健全", 12)
    many = textsize.text_height("负责全市市场监督管理系统网络安全和正常运行的维护保障" * 3, 12)
    assert one == textsize.MIN_ROW_PT and many > 5 * textsize.LINE_PT


def test_pages_break_between_groups_and_merged_cells_continue():
    wb = load_sample("nantong-2024")
    plan = plan_form(wb.forms[0], wb)
    paginate(plan)
    assert plan.breaks
    for b in plan.breaks:
        # no merged cell crosses a break; the part after it says （续）
        assert not any(c.row < b <= c.last_row for c in plan.cells)
    continued = [c.value for c in plan.cells if isinstance(c.value, str) and c.value.endswith("（续）")]
    assert "过程（续）" in continued or "履职（续）" in continued
    # a break inside the 履职 block repeats its own header (重点工作, 对应项目) on the new page
    duty_headers = [r for r, k in plan.keys.items() if k == "ih"
                    and any(c.row == r and c.value == "重点工作" for c in plan.cells)]
    assert len(duty_headers) == 2
