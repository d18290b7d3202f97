import json

from perfdesk.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_derive_adds_the_self_evaluation_after_its_target(capsys, tmp_path):
    path = str(tmp_path / "hebei.perfdesk")
    assert run(capsys, "demo", "hebei-2022", "-o", path)[0] == 0
    code, out, err = run(capsys, "derive", path, "--self-eval", "project_01")
    assert code == 0 and out.strip() == "project_01_self_eval"
    code, out, _ = run(capsys, "info", path, "--json")
    forms = json.loads(out)["forms"]
    assert [f["id"] for f in forms][1:3] == ["project_01", "project_01_self_eval"]
    derived = forms[2]
    assert derived["kind"] == "project_self_eval" and derived["indicators"] == 6
    assert derived["weight_total"] == 100 and derived["budget_total"] == 68000
    # what is left to do on it is to fill in the actual values (DOMAIN: the 是/否 targets are
    # the target form's mistakes and are reported there)
    code, out, _ = run(capsys, "check", path, "--json")
    mine = [f for f in json.loads(out) if f["form"] == "project_01_self_eval"]
    assert len(mine) == 7 and {f["code"] for f in mine} == {"required.actual"}
    assert any("全年执行数" in f["message"] for f in mine)
    code, out, _ = run(capsys, "snapshots", path, "--json")
    assert json.loads(out)[-1]["auto"] is True
    code, _, err = run(capsys, "derive", path, "--self-eval", "dept_plan")
    assert code == 1 and "不是可生成自评表的目标表" in err
    code, _, err = run(capsys, "derive", path, "--self-eval", "project_99")
    assert code == 1 and "没有表" in err


def test_next_year_dump_differs_only_in_year_and_figures(capsys, tmp_path):
    old, new = str(tmp_path / "nt.perfdesk"), str(tmp_path / "nt2025.perfdesk")
    assert run(capsys, "demo", "nantong-2024", "-o", old)[0] == 0
    code, _, err = run(capsys, "next-year", old, "-o", new)
    assert code == 0 and "2025" in err
    a = json.loads(run(capsys, "dump", old)[1])
    b = json.loads(run(capsys, "dump", new)[1])
    assert (a["year"], b["year"]) == (2024, 2025)
    assert a["forms"][0]["indicators"] == b["forms"][0]["indicators"]
    assert a["forms"][0]["sections"] == b["forms"][0]["sections"]
    assert b["forms"][0]["funds"]["expense"]["rows"] == {}
    code, _, err = run(capsys, "next-year", old, "-o", new)
    assert code == 1 and "已存在" in err
