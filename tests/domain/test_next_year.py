import json

from perfdesk.domain.next_year import NextYearOptions, next_year
from perfdesk.domain.values import Kind
from perfdesk.samples import load_sample
from perfdesk.codec import workbook_to_dict


def test_nantong_next_year_differs_only_in_year_and_cleared_figures():
    old = load_sample("nantong-2024")
    new = next_year(old)
    assert new.year == 2025
    a, b = workbook_to_dict(old), workbook_to_dict(new)
    # the same once the year is set back and the figures of the old one are cleared too
    b["year"] = 2024
    for table in a["forms"][0]["funds"].values():
        table["rows"], table["stated"] = {}, {}
        for line in table["lines"]:
            line["values"] = {}
    a["forms"][0]["funds"] = {k: v for k, v in a["forms"][0]["funds"].items() if v["lines"]}
    assert json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True, ensure_ascii=False)
    # project names survive; their amounts are cleared
    assert [l.name for l in new.forms[0].funds["expense"].lines][0] == "网络及广告监测经费"


def test_deadlines_and_years_move_on_actuals_cleared():
    new = next_year(load_sample("shenzhen-guangming-2024"))
    form = new.forms[0]
    rows = {n.name: n for lvl, n, _ in form.walk() if lvl == 3}
    deadline = rows["信息安全保障完成时限"].cells["target_value"]
    assert deadline.kind is Kind.DEADLINE and deadline.text == "2025年12月前" and deadline.date.year == 2025
    assert rows["人员体检完成时间"].cells["target_value"].text == "2025年11月30日前"
    assert all(k not in n.cells for n in rows.values() for k in ("actual_value", "score", "reason"))
    assert rows["后勤经费保障伙食人员数量"].cells["weight"] == 2      # structure kept
    assert form.fields["eval_year"] == "2025"
    assert "2025年12月前有效完成" in form.sections["goal_expected"]
    assert form.funds["execution"].values == {}


def test_keep_figures_and_actuals_on_request():
    new = next_year(load_sample("shenzhen-guangming-2024"), NextYearOptions(keep_figures=True, keep_actuals=True))
    assert new.forms[0].funds["execution"].value("total", "spent") is not None
    assert any("actual_value" in n.cells for _, n, _ in new.forms[0].walk())


def test_periods_and_dotted_deadlines_move_on_a_year():
    from perfdesk.domain.next_year import _shift_value
    from perfdesk.domain.values import parse_value

    period = _shift_value(parse_value("2023.07-2024.01"), 2023)
    assert period.kind is Kind.PERIOD and period.text == "2024.07-2025.01"
    assert _shift_value(parse_value("2023.12.31前"), 2023).text == "2024.12.31前"
    assert _shift_value(parse_value("2022.07-2022.12"), 2023).text == "2022.07-2022.12"    # another year's: kept
