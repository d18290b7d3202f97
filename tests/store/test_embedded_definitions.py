"""A workbook file carries the definitions its forms use: exact text, autosaved beside the forms."""
import json
import sqlite3

import pytest

from perfdesk.definitions.embedded import compare_installed, profile_for
from perfdesk.definitions.loader import definition_from_text, forms_dir
from perfdesk.definitions.locations import reset_defaults, user_forms_dir
from perfdesk.domain.blank import new_workbook
from perfdesk.domain.migrate import migrate_form
from perfdesk.codec import WorkbookDataError, dump_workbook, workbook_from_dict
from perfdesk.store.workbook_file import WorkbookFile, read_workbook, write_workbook

MINE = "qinghai_test_project_self_eval"
TEXT = (forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8").replace(
    'id = "shenzhen_project_self_eval"', f'id = "{MINE}"', 1)


def stored(path):
    con = sqlite3.connect(path)
    try:
        return {(k, i): t for k, i, t in con.execute("SELECT kind, id, text FROM definitions")}
    finally:
        con.close()


@pytest.fixture
def path(tmp_path, user_data_dir):
    user_forms_dir().mkdir(parents=True)
    (user_forms_dir() / f"{MINE}.toml").write_text(TEXT, encoding="utf-8")
    from perfdesk.definitions.loader import default_registry
    wb = new_workbook("某县", "", 2025, [(default_registry()[MINE], 2)])
    p = tmp_path / "w.perfdesk"
    write_workbook(p, wb)
    return p


def test_the_file_keeps_the_exact_text_and_opens_without_the_installed_file(path):
    assert stored(path) == {("form", MINE): TEXT, ("profile", "national"): stored(path)[("profile", "national")]}
    (user_forms_dir() / f"{MINE}.toml").unlink()
    reset_defaults()
    wb = read_workbook(path)
    assert [f.definition.origin for f in wb.forms] == ["workbook", "workbook"]
    assert wb.forms[0].definition.text == TEXT
    assert profile_for(wb.forms[0], wb).origin == "workbook"
    assert [(s.kind, s.id, s.status) for s in compare_installed(wb)] == [
        ("form", MINE, "not installed"), ("profile", "national", "same")]


def test_autosaved_definitions_wait_beside_the_forms_until_saved(path):
    changed = TEXT.replace('name = "项目支出绩效自评表（深圳）"', 'name = "改过的名称"')
    new = definition_from_text(changed, "x.toml", "user")
    wf = WorkbookFile.open(path)
    wb = wf.load()
    wb.forms[0], _ = migrate_form(wb.forms[0], new)
    wb.forms[1], _ = migrate_form(wb.forms[1], new)
    wf.autosave(wb, [wb.forms[0], wb.forms[1]])
    assert stored(path)[("form", MINE)] == TEXT              # the saved copy is untouched
    assert wf.load().forms[0].definition.name == "改过的名称"
    wf.close(discard_pending=True)                             # closing without saving
    assert read_workbook(path).forms[0].definition.text == TEXT

    wf = WorkbookFile.open(path)
    wb = wf.load()
    wb.forms = [migrate_form(f, new)[0] for f in wb.forms]
    wf.autosave(wb)
    wf.save(wb)
    wf.close()
    assert stored(path)[("form", MINE)] == changed
    assert read_workbook(path).forms[1].definition.name == "改过的名称"


def test_json_definitions_are_used_and_a_broken_one_is_named(path):
    data = json.loads(dump_workbook(read_workbook(path)))
    assert data["definitions"]["forms"] == {MINE: TEXT}
    (user_forms_dir() / f"{MINE}.toml").unlink()
    reset_defaults()
    assert dump_workbook(workbook_from_dict(data)) == dump_workbook(read_workbook(path))
    data["definitions"]["forms"][MINE] = TEXT.replace('kind = "project_self_eval"', 'kind = "nonsense"')
    with pytest.raises(WorkbookDataError) as info:
        workbook_from_dict(data)
    assert "definitions › forms" in str(info.value) and "第 3 行" in str(info.value) and "kind" in str(info.value)


def test_the_profile_a_workbook_carries_scores_its_own_forms(path):
    con = sqlite3.connect(path)
    (text,) = con.execute("SELECT text FROM definitions WHERE kind = 'profile' AND id = 'national'").fetchone()
    mine = text.replace('name = "', 'name = "本工作簿的', 1)
    con.execute("UPDATE definitions SET text = ? WHERE kind = 'profile' AND id = 'national'", (mine,))
    con.commit()
    con.close()
    wb = read_workbook(path)
    profile = profile_for(wb.forms[0], wb)
    assert profile.origin == "workbook" and profile.name.startswith("本工作簿的") and profile.text == mine
    assert ("profile", "national", "differs") in [(s.kind, s.id, s.status) for s in compare_installed(wb)]
    # a form added now, of the installed definition, uses the installed profile
    from perfdesk.definitions.loader import default_registry
    from perfdesk.domain.blank import new_form
    added = new_form(default_registry()[MINE], wb)
    assert profile_for(added, wb).origin == "builtin"
