"""The user's own indicator library: kept in a JSON file in the profile, written atomically,
surviving a restart, and never silently dropping a damaged file."""
import json
import os

import pytest

from perfdesk.definitions.library import default_library
from perfdesk.definitions.loader import default_registry
from perfdesk.domain.library import LibraryEntry, landing
from perfdesk.samples import load_sample
from perfdesk.store import user_library
from perfdesk.store.user_library import FILE_NAME, UserLibrary, UserLibraryError

MINE = LibraryEntry("产出指标", "数量指标", "网格巡查次数", "反映全年网格巡查的次数。", "≥12次",
                    ("hebei_project_target", "shenzhen_project_self_eval"), "user")


def test_a_missing_file_is_an_empty_library_and_the_directory_is_made_on_first_write(tmp_path):
    profile = tmp_path / "profile" / "perfdesk"
    lib = UserLibrary(profile)
    assert lib.entries() == () and lib.problem == "" and not lib.read_only
    assert not profile.exists()
    lib.add(MINE)
    assert (profile / FILE_NAME).is_file()


def test_round_trip_survives_a_restart(tmp_path):
    lib = UserLibrary(tmp_path)
    lib.add(MINE)
    lib.add(LibraryEntry("决策", "计划制定", "年度工作要点制定及时性", "反映年度工作要点是否按时制定。", "及时",
                         ("jiangsu_dept_target",), "user", (("half_value", "及时"),)))
    again = UserLibrary(tmp_path)                      # a new program start
    assert again.entries() == lib.entries()
    assert again.entries()[0] == MINE
    assert again.entries()[1].column_values == (("half_value", "及时"),)
    doc = json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))
    assert doc["format"] == "perfdesk-user-library" and doc["version"] == 1
    assert "网格巡查次数" in (tmp_path / FILE_NAME).read_text(encoding="utf-8")   # readable Chinese


def test_adding_the_same_indicator_again_replaces_it_and_remove_persists(tmp_path):
    lib = UserLibrary(tmp_path)
    lib.add(MINE)
    changed = LibraryEntry(MINE.level1, MINE.level2, MINE.name, MINE.description, "≥24次", MINE.definitions, "user")
    lib.add(changed)
    assert UserLibrary(tmp_path).entries() == (changed,)
    assert MINE.key in lib
    assert lib.remove(MINE.key) is True
    assert lib.remove(MINE) is False
    assert UserLibrary(tmp_path).entries() == ()


def test_shipped_entries_added_become_user_entries(tmp_path):
    shipped = next(e for e in default_library() if e.name == "群众满意度")
    stored = UserLibrary(tmp_path).add(shipped)
    assert stored.source == "user" and UserLibrary(tmp_path).entries()[0].source == "user"


def test_two_windows_do_not_undo_each_others_additions(tmp_path):
    first, second = UserLibrary(tmp_path), UserLibrary(tmp_path)
    first.add(MINE)
    second.add(LibraryEntry("效益指标", "社会效益指标", "群众投诉下降率", "反映群众投诉量较上年下降的比例。",
                            "≥5%", ("hebei_project_target",), "user"))
    assert [e.name for e in UserLibrary(tmp_path)] == ["网格巡查次数", "群众投诉下降率"]


def test_an_indicator_from_a_workbook_is_found_after_a_restart(tmp_path):
    wb = load_sample("hebei-2022")
    form = wb.form("project_04")
    output = form.indicators[0]
    quantity = output.children[0]
    patrols = quantity.children[0]
    assert patrols.name == "散煤管控执法巡查次数"
    entry = UserLibrary(tmp_path).add_indicator(patrols, output.name, quantity.name, form.definition)
    assert entry.value == "≥180次" and entry.description == "反映开展散煤管控执法巡查的次数"
    assert entry.definitions == ("hebei_project_target", "dongguan_dept_target", "dongguan_project_target", "gansu_project_target", "hunan_project_target", "national_dept_monitor", "national_dept_self_eval",
                                 "national_dept_target", "national_project_monitor", "national_project_self_eval", "national_project_target", "shenzhen_project_self_eval",
                                 "sichuan_project_self_eval", "yunnan_project_self_eval")

    restarted = UserLibrary(tmp_path)
    library = default_library() + restarted
    found = library.search("smgk", definition=default_registry()["shenzhen_project_self_eval"])
    assert [e.name for e in found] == ["散煤管控执法巡查次数"]
    # and it lands in another project form with its value
    target = wb.form("project_01")
    place = landing(target, found[0], wb.year)
    assert place.node.cells["target_value"].number == 180


def test_add_indicator_refuses_a_row_without_name(tmp_path):
    wb = load_sample("hebei-2022")
    form = wb.form("project_01")
    node = type(form.indicators[0])("   ")
    with pytest.raises(UserLibraryError, match="没有名称"):
        UserLibrary(tmp_path).add_indicator(node, "产出指标", "数量指标", form.definition)
    assert not (tmp_path / FILE_NAME).exists()


# --------------------------------------------------------------------------- damaged files

def test_a_damaged_file_is_kept_aside_as_bak_and_reported(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text('{"format": "perfdesk-user-library", "version": 1, "entries": [', encoding="utf-8")
    original = path.read_bytes()
    lib = UserLibrary(tmp_path)
    assert lib.entries() == ()
    assert "已损坏" in lib.problem and ".bak" in lib.problem
    bak = tmp_path / (FILE_NAME + ".bak")
    assert bak.read_bytes() == original and not path.exists()
    # the library works again, and the damaged copy stays
    lib.add(MINE)
    assert UserLibrary(tmp_path).entries() == (MINE,) and UserLibrary(tmp_path).problem == ""
    assert bak.read_bytes() == original


@pytest.mark.parametrize("content", [
    b"\xff\xfe not utf-8",
    b"[1, 2, 3]",
    b'{"format": "something-else", "entries": []}',
    b'{"format": "perfdesk-user-library", "version": 1}',
    b'{"format": "perfdesk-user-library", "version": "1", "entries": []}',
    b"",
])
def test_every_kind_of_damage_is_reported_not_raised(tmp_path, content):
    (tmp_path / FILE_NAME).write_bytes(content)
    lib = UserLibrary(tmp_path)
    assert lib.entries() == () and "已损坏" in lib.problem
    assert (tmp_path / (FILE_NAME + ".bak")).read_bytes() == content


def test_a_second_damaged_file_does_not_overwrite_the_first_backup(tmp_path):
    (tmp_path / FILE_NAME).write_text("first", encoding="utf-8")
    UserLibrary(tmp_path)
    (tmp_path / FILE_NAME).write_text("second", encoding="utf-8")
    UserLibrary(tmp_path)
    assert (tmp_path / (FILE_NAME + ".bak")).read_text(encoding="utf-8") == "first"
    assert (tmp_path / (FILE_NAME + ".1.bak")).read_text(encoding="utf-8") == "second"


def test_unreadable_entries_are_skipped_and_the_file_copied_aside_once(tmp_path):
    good = {"level1": "产出指标", "level2": "数量指标", "name": "网格巡查次数", "description": "",
            "value": "≥12次", "definitions": ["hebei_project_target"]}
    doc = {"format": "perfdesk-user-library", "version": 1,
           "entries": [good, {"name": 5}, {"level1": "产出指标", "level2": "", "name": "无类别"}]}
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    original = path.read_bytes()
    lib = UserLibrary(tmp_path)
    assert [e.name for e in lib] == ["网格巡查次数"]
    assert "2 条" in lib.problem and ".bak" in lib.problem
    assert path.read_bytes() == original                       # nothing rewritten yet
    assert (tmp_path / (FILE_NAME + ".bak")).read_bytes() == original
    UserLibrary(tmp_path)                                       # read again: no second copy
    assert not (tmp_path / (FILE_NAME + ".1.bak")).exists()


def test_a_file_from_a_newer_program_is_read_but_not_written(tmp_path):
    doc = {"format": "perfdesk-user-library", "version": 2,
           "entries": [{"level1": "产出指标", "level2": "数量指标", "name": "网格巡查次数", "value": "≥12次",
                        "definitions": ["hebei_project_target"], "colour": "red"}]}
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    lib = UserLibrary(tmp_path)
    assert lib.read_only and "较新版本" in lib.problem
    assert [e.name for e in lib] == ["网格巡查次数"]
    with pytest.raises(UserLibraryError, match="较新版本"):
        lib.add(MINE)
    assert path.read_bytes() == before


# ------------------------------------------------------------------------- atomic writing

def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    lib = UserLibrary(tmp_path)
    lib.add(MINE)
    before = (tmp_path / FILE_NAME).read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(user_library.os, "replace", broken_replace)
    with pytest.raises(UserLibraryError, match="无法保存个人指标库"):
        lib.add(LibraryEntry("效益指标", "社会效益指标", "群众投诉下降率", "说明", "≥5%",
                             ("hebei_project_target",), "user"))
    monkeypatch.undo()
    assert (tmp_path / FILE_NAME).read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == [FILE_NAME]
    assert UserLibrary(tmp_path).entries() == (MINE,)
