"""Funds: computed totals vs stated, relations, 半年 ≤ 全年, 执行数 ≤ 预算数, shares, spending plan."""
from decimal import Decimal

from perfdesk.domain.model import FundsLine
from perfdesk.domain.places import FundsPlace, LinePlace, SectionPlace
from tests.domain.checks.helpers import of, run, sample

D = Decimal
FUNDS_CODES = ("funds.total", "funds.negative", "funds.relation", "funds.not_greater",
               "funds.spent_over_budget", "funds.spent_without_budget", "funds.execution_stated", "funds.share")


def funds_findings(findings):
    return [f for f in findings if f.code.startswith("funds.") or f.code.startswith("plan.")]


def test_nantong_funds_add_up_and_nothing_is_reported():
    assert funds_findings(run(sample("nantong-2024"))) == []


def test_suzhou_annual_column_adds_up_but_half_year_does_not():
    (f,) = of(run(sample("suzhou-2024")), "funds.total")
    assert f.place == FundsPlace("expense", "project", "half")
    assert "20" in f.message and "24.02" in f.message and "4.02" in f.message
    assert f.severity.value == "错误"


def test_stated_sum_row_against_its_parts():
    form = sample("hebei-2022", "project_01")            # 预算数 6.80 = 财政资金 6.80 + 其他资金
    assert of(run(form), "funds.total") == []
    form.funds["budget"].stated["total"]["amount"] = D("7.00")
    (f,) = of(run(form), "funds.total")
    assert f.place == FundsPlace("budget", "total", "amount")
    assert "7" in f.message and "财政资金 6.8" in f.message and "相差 0.2" in f.message


def test_negative_amounts():
    form = sample("nantong-2024")
    form.funds["income"].values["carryover"]["annual"] = D("-5")
    (f,) = of(run(form), "funds.negative")
    assert f.place == FundsPlace("income", "carryover", "annual") and "-5" in f.message


def test_relation_basic_plus_project_equals_total():
    form = sample("nantong-2024")
    form.funds["expense"].values["basic"]["annual"] = D("430")
    (f,) = of(run(form), "funds.relation")
    assert f.place == FundsPlace("income", "total", "annual")
    assert "430 + 项目支出 85 = 515" in f.message and "517.11" in f.message


def test_half_year_not_above_annual_on_every_line():
    form = sample("nantong-2024")
    assert of(run(form), "funds.not_greater") == []
    form.funds["expense"].lines.append(FundsLine("新项目", {"half": D(9), "annual": D(3)}))
    found = of(run(form), "funds.not_greater")
    assert [f.place for f in found] == [LinePlace("expense", 4, "half")]
    assert "9" in found[0].message and "3" in found[0].message


def test_spent_not_above_budget():
    form = sample("shenzhen-guangming-2024")
    assert of(run(form), "funds.spent_over_budget") == []
    form.funds["execution"].values["current_fiscal"]["spent"] = D("15000000")
    (f,) = of(run(form), "funds.spent_over_budget")
    assert f.place == FundsPlace("execution", "total", "spent") and "15000000" in f.message


def test_stated_execution_rate_and_score():
    form = sample("shenzhen-guangming-2024")
    assert of(run(form), "funds.execution_stated") == []
    form.funds["execution"].stated["total"]["rate"] = D("98")
    form.funds["execution"].stated["total"]["score"] = D("10")
    found = of(run(form), "funds.execution_stated")
    assert len(found) == 2
    assert "98%" in found[0].message and "99.67%" in found[0].message
    assert "9.97" in found[1].message


def test_narrative_shares_against_the_amounts():
    form = sample("rugao-2023")
    assert of(run(form), "funds.share") == []              # every 占比 in 如皋 is right (9.2% included)
    form.sections["finance_text"] = form.sections["finance_text"].replace("占比94.26%", "占比92.26%")
    (f,) = of(run(form), "funds.share")
    assert f.place == SectionPlace("finance_text")
    assert "14446.63 ÷ 15326.63 = 94.26%" in f.message and "92.26%" in f.message


def _plan(form, **values):
    form.funds["plan"].values["plan"] = {k: D(v) for k, v in values.items()}
    return [f for f in run(form) if f.code.startswith("plan.")]


def test_spending_plan_cumulative_and_ending_at_100():
    form = sample("hebei-2022", "project_09")             # 6月 50, 10月 50, 12月 100: blanks and equal steps ok
    assert _plan(form, m06="50", m10="50", m12="100") == []
    found = _plan(form, m03="30", m06="20", m10="75", m12="100")
    assert [(f.code, f.place.column_id) for f in found] == [("plan.decreasing", "m06")]
    found = _plan(form, m03="25", m06="50", m10="90")
    assert [(f.code, f.place.column_id) for f in found] == [("plan.end", "m10")]
    found = _plan(form, m03="25", m12="120")
    assert {f.code for f in found} == {"plan.range", "plan.end"}
    form.funds["plan"].values["plan"] = {}
    assert [f.code for f in run(form) if f.code.startswith("plan.")] == ["plan.empty"]


def test_spent_amount_without_any_budget():
    form = sample("shenzhen-guangming-2024")
    assert of(run(form), "funds.spent_without_budget") == []
    row = form.funds["execution"].values.setdefault("other", {})
    row.clear()
    row["spent"] = D("100")
    (f,) = of(run(form), "funds.spent_without_budget")
    assert f.place == FundsPlace("execution", "other", "spent")
    assert f.severity.value == "警告"
    assert "其他资金" in f.message and "100" in f.message and "全年预算数" in f.message and "年初预算数" in f.message
    row["initial"] = D("50")        # any budget figure on the row is enough
    assert of(run(form), "funds.spent_without_budget") == []


def test_every_sample_has_no_spent_without_budget():
    from perfdesk.samples import load_sample, sample_names
    from tests.domain.checks.helpers import check_form, profile
    for name in sample_names():
        for form in load_sample(name).forms:
            assert of(check_form(form, profile("national")), "funds.spent_without_budget") == [], name


def test_a_stated_rate_within_a_rounding_step_is_said_not_an_error():
    """上海 普陀 2022 prints 86.19% where 215457.6 ÷ 250000 is 86.18%: not a mistake, but the print
    shows the computed rate, so the check says so (提示) instead of changing it silently."""
    form = sample("shenzhen-guangming-2024")
    assert of(run(form), "funds.execution_rounding") == []
    form.funds["execution"].stated["total"]["rate"] = D("99.68")      # computed 99.67
    (f,) = of(run(form), "funds.execution_rounding")
    assert f.place == FundsPlace("execution", "total", "rate") and f.severity.name == "INFO"
    assert "99.68" in f.message and "99.67" in f.message
    assert of(run(form), "funds.execution_stated") == []
