"""User forms end to end: `forms add`, `new` with the added definition, the definition removed
from the folder (the workbook carries it), a changed installed definition reported and migrated,
`load` as dump's inverse, `forms check` naming file, key and line."""
import json
import sqlite3

import pytest

from perfdesk.cli.main import main
from perfdesk.definitions.loader import forms_dir
from perfdesk.definitions.locations import user_forms_dir

MINE = "qinghai_test_project_self_eval"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def user_definition(tmp_path, new_id=MINE, edit=lambda t: t):
    text = (forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")
    text = edit(text.replace('id = "shenzhen_project_self_eval"', f'id = "{new_id}"', 1)
                .replace('name = "项目支出绩效自评表（深圳）"', 'name = "项目支出绩效自评表（四川）"', 1))
    path = tmp_path / f"download-{new_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def workbook(capsys, tmp_path, user_data_dir):
    """A workbook made from a user definition added with forms add."""
    code, _, err = run(capsys, "forms", "add", user_definition(tmp_path))
    assert code == 0, err
    assert (user_forms_dir() / f"{MINE}.toml").is_file()
    path = tmp_path / "sichuan.perfdesk"
    code, _, err = run(capsys, "new", "-o", path, "--unit", "某县财政局", "--year", 2025,
                       "--form", f"{MINE}:project_a", "--form", "hebei_project_target", "--unit-code", "510")
    assert code == 0, err
    return path


def test_forms_list_shows_where_each_comes_from(capsys, workbook):
    code, out, _ = run(capsys, "forms", "list", "--json")
    assert code == 0
    data = json.loads(out)
    by_id = {f["id"]: f for f in data["forms"]}
    assert by_id[MINE]["origin"] == "user" and by_id[MINE]["kind"] == "project_self_eval"
    assert by_id[MINE]["path"] == str(user_forms_dir() / f"{MINE}.toml")
    assert by_id["hebei_project_target"]["origin"] == "builtin"
    assert {p["id"] for p in data["profiles"]} >= {"national", "guangxi"}
    assert {x["id"] for x in data["library"]} == {"project", "unit_wide"}
    code, out, _ = run(capsys, "forms", "list")
    assert code == 0 and MINE in out and "用户" in out


def test_workbook_works_after_its_user_definition_is_removed(capsys, workbook, tmp_path):
    (user_forms_dir() / f"{MINE}.toml").unlink()
    from perfdesk.definitions.locations import reset_defaults
    reset_defaults()
    code, out, err = run(capsys, "info", workbook, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [f["id"] for f in data["forms"]] == ["project_a", "project_01"]
    status = {(d["kind"], d["id"]): d["status"] for d in data["definitions"]}
    assert status == {("form", MINE): "not installed", ("form", "hebei_project_target"): "same",
                      ("profile", "national"): "same"}
    code, out, err = run(capsys, "info", workbook)
    assert code == 0 and "本机没有" in out
    code, out, err = run(capsys, "check", workbook, "--json")
    assert code in (0, 1, 2) and code != 3, err
    assert {f["form"] for f in json.loads(out)} <= {"project_a", "project_01"}
    code, _, err = run(capsys, "print", workbook, "-o", tmp_path / "x.pdf")
    assert code == 0, err
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
    code, _, err = run(capsys, "export", workbook, "-o", tmp_path / "x.xlsx")
    assert code == 0, err
    assert (tmp_path / "x.xlsx").stat().st_size > 0
    code, out, err = run(capsys, "dump", workbook)
    assert code == 0 and MINE in json.loads(out)["definitions"]["forms"]


def test_a_changed_installed_definition_is_reported_and_migrated(capsys, workbook, tmp_path):
    # fill something in the 偏差原因 column and 单位编码, which the new version no longer has
    code, out, _ = run(capsys, "dump", workbook)
    data = json.loads(out)
    form = data["forms"][0]
    form["fields"]["parent_unit"] = "某市财政局"
    leaf = form["indicators"]["tree"][0]["children"][0]
    leaf["children"] = [{"name": "培训人数", "cells": {"target_value": "≥100人", "reason": "按计划完成"},
                         "children": []}]
    source = tmp_path / "filled.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "load", source, "-o", workbook, "--force")[0] == 0

    def without_reason_and_parent(text):
        text = text.replace('  { id = "reason", label = "偏差原因分析及改进措施", type = "text" },\n', "")
        text = text.replace('widths = [15, 13, 28, 16, 6, 16, 6, 6, 24]', 'widths = [15, 13, 28, 16, 6, 16, 6, 6]')
        text = text.replace('[[fields]]\nid = "parent_unit"\nlabel = "一级预算单位"\ntype = "text"\n', "")
        return text.replace('"implementing_unit", "parent_unit",', '"implementing_unit",')

    code, _, err = run(capsys, "forms", "add", user_definition(tmp_path, edit=without_reason_and_parent))
    assert code == 0 and "更新" in err
    code, out, _ = run(capsys, "info", workbook, "--json")
    status = {(d["kind"], d["id"]): d["status"] for d in json.loads(out)["definitions"]}
    assert status[("form", MINE)] == "differs"
    code, out, _ = run(capsys, "info", workbook)
    assert "与本机不同" in out and "perfdesk migrate" in out

    before = workbook.read_bytes()
    code, out, err = run(capsys, "migrate", workbook, "--dry-run")
    assert code == 0 and "试运行" in err
    assert "字段“一级预算单位”：某市财政局" in out and "列“偏差原因分析及改进措施”：按计划完成" in out
    assert workbook.read_bytes() == before

    code, out, err = run(capsys, "migrate", workbook)
    assert code == 0, err
    assert "一级预算单位" in out and "快照" in err
    code, out, _ = run(capsys, "info", workbook, "--json")
    status = {(d["kind"], d["id"]): d["status"] for d in json.loads(out)["definitions"]}
    assert status[("form", MINE)] == "same"
    code, out, _ = run(capsys, "dump", workbook)
    data = json.loads(out)
    form = data["forms"][0]
    assert "parent_unit" not in form["fields"]
    assert form["indicators"]["tree"][0]["children"][0]["children"][0]["cells"] == {"target_value": "≥100人"} or \
        "reason" not in json.dumps(form["indicators"], ensure_ascii=False)
    assert "偏差原因" not in data["definitions"]["forms"][MINE]
    code, out, _ = run(capsys, "snapshots", workbook, "--json")
    assert "迁移表样前自动快照" in out
    code, _, err = run(capsys, "migrate", workbook)
    assert code == 0 and "无需迁移" in err


def test_dump_then_load_gives_the_same_dump(capsys, workbook, tmp_path):
    code, first, _ = run(capsys, "dump", workbook)
    source = tmp_path / "wb.json"
    source.write_text(first, encoding="utf-8")
    code, _, err = run(capsys, "load", source, "-o", tmp_path / "again.perfdesk")
    assert code == 0, err
    code, again, _ = run(capsys, "dump", tmp_path / "again.perfdesk")
    assert again == first
    code, _, err = run(capsys, "load", source, "-o", tmp_path / "again.perfdesk")
    assert code == 1 and "已存在" in err


def test_load_names_the_place_of_an_error(capsys, tmp_path):
    code, out, _ = run(capsys, "demo", "hebei-2022", "-o", tmp_path / "h.perfdesk")
    code, out, _ = run(capsys, "dump", tmp_path / "h.perfdesk")
    data = json.loads(out)
    data["forms"][1]["fields"]["no_such_field"] = "x"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "load", bad, "-o", tmp_path / "x.perfdesk")
    assert code == 1 and "第2张表" in err and "no_such_field" in err
    assert not (tmp_path / "x.perfdesk").exists()
    bad.write_text("{\n  \"format\": \n", encoding="utf-8")
    code, _, err = run(capsys, "load", bad, "-o", tmp_path / "x.perfdesk")
    assert code == 1 and "第 3 行" in err


def test_new_refuses_unknown_definitions_and_duplicate_ids(capsys, tmp_path):
    out = tmp_path / "n.perfdesk"
    code, _, err = run(capsys, "new", "-o", out, "--unit", "某局", "--year", 2025, "--form", "nope")
    assert code == 1 and "nope" in err and "hebei_project_target" in err
    code, _, err = run(capsys, "new", "-o", out, "--unit", "某局", "--year", 2025,
                       "--form", "hebei_project_target:a", "--form", "hebei_dept_plan:a")
    assert code == 1 and "重复" in err
    code, _, err = run(capsys, "new", "-o", out, "--unit", "某局", "--year", 2025,
                       "--form", "hebei_project_target", "--form", "hebei_project_target")
    assert code == 0, err
    code, data, _ = run(capsys, "info", out, "--json")
    assert [f["id"] for f in json.loads(data)["forms"]] == ["project_01", "project_02"]


def test_forms_check_names_file_key_and_line(capsys, tmp_path, user_data_dir):
    def broken(text):
        text = text.replace('{ id = "weight", label = "权重", type = "number" }',
                            '{ id = "weight", label = "权重", type = "numbr" }')
        return text.replace('[print]\n', '[print]\ncolour = "red"\n').replace('[notation]\n', '[notation]\nfont = "宋体"\n')

    path = user_definition(tmp_path, edit=broken)
    lines = path.read_text(encoding="utf-8").splitlines()
    code, out, err = run(capsys, "forms", "check", path)
    assert code == 1 and "3 处问题" in err
    found = out.splitlines()
    for key, marker in (("print.colour", 'colour = "red"'), ("notation.font", 'font = "宋体"'),
                        ("indicators.columns[3].type", 'type = "numbr"')):
        line = next(i for i, text in enumerate(lines) if marker in text) + 1
        assert any(str(path) in f and f"第 {line} 行" in f and f"“{key}”" in f for f in found), (key, found)
    code, _, err = run(capsys, "forms", "add", path)
    assert code == 1 and "未添加" in err and "第" in err and not user_forms_dir().exists()
    syntax = tmp_path / "syntax.toml"
    syntax.write_text('id = "x"\nkind = \n', encoding="utf-8")
    code, out, _ = run(capsys, "forms", "check", syntax)
    assert code == 1 and "第 2 行" in out and "TOML" in out
    code, out, _ = run(capsys, "forms", "check", user_definition(tmp_path))
    assert code == 0 and "无误" in out


def test_clash_with_a_builtin_id_is_refused_without_replace(capsys, tmp_path, user_data_dir):
    path = user_definition(tmp_path, new_id="shenzhen_project_self_eval")
    code, _, err = run(capsys, "forms", "add", path)
    assert code == 1 and "--replace" in err and not (user_forms_dir() / "shenzhen_project_self_eval.toml").exists()
    code, _, err = run(capsys, "forms", "add", path, "--replace")
    assert code == 0, err
    code, out, _ = run(capsys, "forms", "list", "--json")
    mine = next(f for f in json.loads(out)["forms"] if f["id"] == "shenzhen_project_self_eval")
    assert mine["origin"] == "user" and mine["name"] == "项目支出绩效自评表（四川）"


def test_profiles_and_library_files_are_added_the_same_way(capsys, tmp_path, user_data_dir):
    from perfdesk.definitions.profiles import profiles_dir

    text = (profiles_dir() / "guangxi.toml").read_text(encoding="utf-8")
    path = tmp_path / "g.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "forms", "add", path)
    assert code == 1 and "内置评分方案" in err
    mine = "\n".join('applies_to = ["qinghai_test_project_self_eval"]' if line.startswith("applies_to") else line
                     for line in text.replace('id = "guangxi"', 'id = "qinghai"').splitlines())
    path.write_text(mine, encoding="utf-8")
    code, _, err = run(capsys, "forms", "add", path, "--profile")
    assert code == 0, err
    code, out, _ = run(capsys, "forms", "list", "--json")
    assert {p["id"]: p["origin"] for p in json.loads(out)["profiles"]}["qinghai"] == "user"
    # a second profile claiming the same definition does not fit: refused, nothing left behind
    path.write_text(mine.replace('id = "qinghai"', 'id = "qinghai2"'), encoding="utf-8")
    code, _, err = run(capsys, "forms", "add", path, "--profile")
    assert code == 1 and "认领" in err
    assert not (user_forms_dir() / "profiles" / "qinghai2.toml").exists()
