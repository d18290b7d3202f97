import json
import subprocess
import sys
from decimal import Decimal

import pytest

from perfdesk.cli.main import main
from perfdesk.samples import sample_names


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_list_names_the_five_samples(capsys):
    code, out, _ = run(capsys, "demo", "--list")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == sample_names()


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("samples")
    files = {}
    for name in sample_names():
        files[name] = d / f"{name}.perfdesk"
        assert main(["demo", name, "-o", str(files[name])]) == 0
    return files


def info(capsys, path):
    code, out, err = run(capsys, "info", str(path), "--json")
    assert code == 0, err
    return json.loads(out)


def test_info_json_on_the_samples(capsys, sample_files):
    nantong = info(capsys, sample_files["nantong-2024"])
    assert nantong["unit"] == "南通市市场监管局网络受理中心" and nantong["year"] == 2024
    assert [f["indicators"] for f in nantong["forms"]] == [56]
    assert [f["indicators"] for f in info(capsys, sample_files["suzhou-2024"])["forms"]] == [46]

    hebei = info(capsys, sample_files["hebei-2022"])
    assert hebei["unit_code"] == "414001"
    projects = [f for f in hebei["forms"] if f["kind"] == "project_target"]
    assert len(projects) == 9 and sum(f["indicators"] for f in projects) == 68
    assert sum(Decimal(str(f["budget_total"])) for f in projects) == Decimal("420.06")
    (plan,) = [f for f in hebei["forms"] if f["kind"] == "dept_plan"]
    assert plan["lists"]["sub_goals"] == 15

    (rugao,) = info(capsys, sample_files["rugao-2023"])["forms"]
    assert (rugao["indicators"], rugao["weight_total"], rugao["score_total"]) == (39, 103, 98)

    (sz,) = info(capsys, sample_files["shenzhen-guangming-2024"])["forms"]
    assert (sz["indicators"], sz["execution_rate"], sz["weight_total"], sz["score_total"]) == (26, 99.67, 100, 99.47)
    expected_keys = {"id", "kind", "title", "indicators", "budget_total", "execution_rate", "weight_total",
                     "score_total", "code", "execution", "money_unit"}
    assert set(sz) == expected_keys
    # 全年预算数 and 执行数 behind the rate, in their table's unit (汇总表 sums them, converted)
    assert sz["execution"]["unit"] == sz["money_unit"] == "元"
    assert round(sz["execution"]["spent"] / sz["execution"]["budget"] * 100, 2) == sz["execution_rate"]


def test_dump_of_the_file_equals_dump_of_the_sample_reloaded(capsys, sample_files, tmp_path):
    for name, path in sample_files.items():
        code, first, _ = run(capsys, "dump", str(path))
        assert code == 0
        # dump → load → write → dump again
        from perfdesk.codec import workbook_from_dict
        from perfdesk.store.workbook_file import write_workbook
        copy = tmp_path / f"{name}-again.perfdesk"
        write_workbook(copy, workbook_from_dict(json.loads(first)))
        code, second, _ = run(capsys, "dump", str(copy))
        assert second == first, name


def test_human_info_names_the_unit(capsys, sample_files):
    code, out, _ = run(capsys, "info", str(sample_files["rugao-2023"]))
    assert code == 0 and "如皋市市场监督管理局" in out and "权重合计 103" in out


def test_errors_are_chinese_on_stderr_with_nonzero_exit(capsys, tmp_path):
    code, out, err = run(capsys, "info", str(tmp_path / "missing.perfdesk"))
    assert code == 1 and out == "" and "文件不存在" in err
    bogus = tmp_path / "notes.perfdesk"
    bogus.write_text("这不是工作簿" * 20, encoding="utf-8")
    code, _, err = run(capsys, "dump", str(bogus))
    assert code == 1 and "不是 perfdesk 工作簿" in err
    code, _, err = run(capsys, "demo", "shanghai-2025", "-o", str(tmp_path / "x.perfdesk"))
    assert code == 1 and "没有名为" in err


def test_demo_refuses_to_overwrite_without_force(capsys, sample_files):
    path = sample_files["nantong-2024"]
    code, _, err = run(capsys, "demo", "nantong-2024", "-o", str(path))
    assert code == 1 and "已存在" in err
    assert run(capsys, "demo", "nantong-2024", "-o", str(path), "--force")[0] == 0


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["info"])
    assert exc.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "perfdesk", "demo", "--list"], capture_output=True, text=True,
                         encoding="utf-8", timeout=60)
    assert out.returncode == 0 and "shenzhen-guangming-2024" in out.stdout
