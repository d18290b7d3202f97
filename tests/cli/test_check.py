"""`perfdesk check`: the real mistakes of the samples (issue 6, "What must show"), exit codes, JSON."""
import json

import pytest

from perfdesk.cli.main import main
from perfdesk.samples import sample_names


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("check")
    out = {}
    for name in sample_names():
        out[name] = d / f"{name}.perfdesk"
        assert main(["demo", name, "-o", str(out[name])]) == 0
    return out


def check(capsys, *argv):
    code = main(["check", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys, path, *extra):
    code, out, err = check(capsys, path, "--json", *extra)
    data = json.loads(out)
    assert all(set(f) == {"severity", "code", "form", "place", "message"} for f in data)
    return code, data


def having(data, code, *words):
    return [f for f in data if f["code"] == code and all(w in f["message"] + f["place"] for w in words)]


def test_rugao_weights_103_scores_98_while_it_states_100_95_and_youxiu(capsys, files):
    code, data = findings(capsys, files["rugao-2023"])
    assert code == 2
    assert having(data, "score.weight_total", "应为 100", "103")
    assert having(data, "score.stated_total", "权重", "100", "103")
    assert having(data, "score.stated_total", "得分", "95", "98")
    assert having(data, "score.summary_total", "综合得分", "95", "98")              # the field
    assert having(data, "score.summary_total", "综合得分95分", "98")                # the narrative
    # 优秀 matches the rows' 98 as well as the stated 95: no wrong grade is claimed
    assert having(data, "score.grade") == []
    # DOMAIN §4: 1 of 2 where the rule gives 1.87, 1 of 3 where it gives 1.95, two 效益 rows at 2 of 3
    assert having(data, "score.rule", "预算执行率", "1.87")
    assert having(data, "score.rule", "定量包装商品销售企业监督检查数", "1.95")
    effect = [f for f in data if f["code"] in ("score.rule", "score.band") and "效益指标" in f["place"]]
    assert len(effect) == 2
    no_note = having(data, "score.reason_missing", "效益指标")
    assert len(no_note) == 2 and all(f["severity"] == "错误" for f in no_note)


def test_suzhou_half_year_project_lines_24_02_against_20(capsys, files):
    code, data = findings(capsys, files["suzhou-2024"])
    assert code == 2
    (f,) = [f for f in data if f["severity"] == "错误"]
    assert f["code"] == "funds.total" and "半年计划执行数" in f["place"]
    assert "20" in f["message"] and "24.02" in f["message"]


def test_hebei_rate_in_persons_placeholders_and_costs_without_amounts(capsys, files):
    code, data = findings(capsys, files["hebei-2022"])
    assert code == 2
    (rate,) = having(data, "value.unit_name")
    assert rate["form"] == "project_02" and "工资及保险发放准确率" in rate["place"] and "7人" in rate["message"]
    placeholders = having(data, "value.placeholder", "是/否")
    # every 是/否 target of the nine projects, each an error
    assert len(placeholders) == 28 and {f["severity"] for f in placeholders} == {"错误"}
    costs = having(data, "value.cost_amount", "没有给出金额")
    assert len(costs) == 9 and {f["form"] for f in costs} == {f"project_0{i}" for i in range(1, 10)}


def test_shenzhen_excel_serial_and_the_explained_overachievement(capsys, files):
    code, data = findings(capsys, files["shenzhen-guangming-2024"])
    assert code == 2
    (serial,) = having(data, "value.excel_serial", "45503", "2024-07-30")
    assert "开展法律法规宣传教育完成时间" in serial["place"]
    (over,) = having(data, "score.overachieved", "咨询举报投诉工单处理数量", "超出 96.44%", "已说明")
    assert over["severity"] == "提示"
    (deduction,) = having(data, "score.rule", "咨询举报投诉工单处理数量", "1.5", "已说明")
    assert deduction["severity"] == "提示"
    assert having(data, "score.reason_missing") == []


def test_nantong_adds_up_no_error(capsys, files):
    code, data = findings(capsys, files["nantong-2024"])
    assert code == 0 and [f for f in data if f["severity"] == "错误"] == []
    assert [f for f in data if f["code"].startswith("funds.")] == []


def test_exit_1_for_warnings_only_and_json_workbooks(capsys, files, tmp_path):
    assert main(["dump", str(files["nantong-2024"]), "-o", str(tmp_path / "nt.json")]) == 0
    capsys.readouterr()
    data = json.loads((tmp_path / "nt.json").read_text(encoding="utf-8"))
    lvzhi = next(n for n in data["forms"][0]["indicators"]["tree"] if n["name"] == "履职")
    lvzhi["children"][3]["children"][0]["cells"]["half_value"] = "≥50次"     # above the annual ≥40次
    (tmp_path / "nt.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, data = findings(capsys, tmp_path / "nt.json")
    assert code == 1 and [f["code"] for f in data] == ["value.half_over_annual"]


def test_human_output_has_counts_per_form(capsys, files):
    code, out, _ = check(capsys, files["hebei-2022"])
    assert code == 2
    assert out.splitlines()[0] == "市场监管部门市场监督管理局本级 2022年度：错误 29 项，警告 16 项，提示 1 项"
    assert "【车辆保险费绩效目标表】（project_01）错误 2 项，警告 1 项，提示 0 项" in out
    code, out, _ = check(capsys, files["nantong-2024"])
    assert code == 0 and "未发现问题" in out


def test_profile_and_form_options(capsys, files):
    code, data = findings(capsys, files["rugao-2023"], "--profile", "guangxi")
    assert {f["severity"] for f in having(data, "score.overachieved")} == {"错误"}
    code, data = findings(capsys, files["hebei-2022"], "--form", "project_02")
    assert code == 2 and {f["form"] for f in data} == {"project_02"}


def test_unreadable_input_exits_3_not_1(capsys, files, tmp_path):
    code, out, err = check(capsys, tmp_path / "missing.perfdesk")
    assert code == 3 and out == "" and "文件不存在" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert check(capsys, bad)[0] == 3
    code, _, err = check(capsys, files["rugao-2023"], "--profile", "mars")
    assert code == 3 and "national" in err
    code, _, err = check(capsys, files["rugao-2023"], "--form", "nope")
    assert code == 3 and "dept_self_eval" in err
