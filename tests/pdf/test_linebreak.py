"""Chinese line breaking: no closing punctuation at a line start, no opening one at a line end,
numbers kept whole, and no line wider than its box."""
import pytest

from perfdesk.pdf.linebreak import NO_END, NO_START, atoms, break_paragraph, break_text


def width(ch: str) -> float:
    """A simple metric: Chinese characters 1 em, Latin and digits half."""
    return 0.5 if ord(ch) < 0x2E80 else 1.0


TEXT = ("通过实施本项目，主要完成以下目标：加强财务管理、后勤综合管理等工作，租赁办公场所5处，实现围绕中心、"
        "服务大局，全面履行管理、保障和服务职能；《规范管理体制》、“完善服务机制”，提升保障实力（更好地服务于"
        "广大干部职工及人民群众）。年度资金总额14268915.71元，执行率99.67%，指标值≥90%。")


@pytest.mark.parametrize("max_width", [5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 23, 31])
def test_no_forbidden_line_starts_or_ends_and_nothing_overflows(max_width):
    lines = break_paragraph(TEXT, width, max_width)
    assert "".join(lines) == TEXT
    for i, line in enumerate(lines):
        assert sum(width(c) for c in line) <= max_width
        if i > 0:
            assert line[0] not in NO_START, (max_width, lines)
        if i < len(lines) - 1:
            assert line[-1] not in NO_END, (max_width, lines)


def test_numbers_and_operators_stay_whole():
    lines = break_paragraph(TEXT, width, 12)
    for token in ("14268915.71", "99.67%", "≥90%"):
        assert any(token in line for line in lines), (token, lines)
    assert "14268915.71" in atoms("总额14268915.71元")


def test_a_word_wider_than_the_line_is_cut_by_characters():
    lines = break_paragraph("13030322P00LDLE10006G", width, 4)
    assert "".join(lines) == "13030322P00LDLE10006G"
    assert all(sum(width(c) for c in line) <= 4 for line in lines)


def test_comma_moves_down_with_the_character_before_it():
    # "一二三，" at width 3: the comma may not start line 2, so 三 goes down with it
    assert break_paragraph("一二三，四五", width, 3) == ["一二", "三，四", "五"]


def test_paragraphs_and_their_last_lines():
    lines = break_text("第一段很长很长很长\n第二段", width, 4)
    assert [line.text for line in lines] == ["第一段很", "长很长很", "长", "第二段"]
    assert [line.last for line in lines] == [False, False, True, True]


def test_a_short_bracketed_label_is_never_broken_inside():
    from perfdesk.pdf.linebreak import break_paragraph
    width = lambda ch: 1.0
    text = "满意度指标（10分）"
    for max_width in range(7, 11):        # every width at which the label no longer fits the line
        lines = break_paragraph(text, width, max_width)
        assert "".join(lines) == text
        assert any("（10分）" in line for line in lines), (max_width, lines)
    assert break_paragraph("甲（很长很长很长很长的括号内容）", width, 6)[0] == "甲（很长很长"   # long: breaks as before
