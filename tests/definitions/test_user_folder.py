"""The user's forms folder: found by platform, read beside forms/, clashes ignored unless replaced."""
from pathlib import Path

import pytest

from perfdesk.definitions import locations
from perfdesk.definitions.library import default_library, library_dir, library_problems
from perfdesk.definitions.loader import DefinitionError, default_registry, forms_dir, load_definition_file
from perfdesk.definitions.profiles import default_profiles, profile_problems, profiles_dir
from perfdesk.definitions.toml_lines import line_of


def copy_as(new_id: str, folder: Path, source: str = "shenzhen_project_self_eval") -> Path:
    text = (forms_dir() / f"{source}.toml").read_text(encoding="utf-8")
    text = text.replace(f'id = "{source}"', f'id = "{new_id}"', 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{new_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_data_folder_by_platform(monkeypatch, tmp_path):
    monkeypatch.delenv("PERFDESK_DATA_DIR")
    monkeypatch.setattr(locations.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert locations.data_dir() == tmp_path / "xdg" / "perfdesk"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert locations.data_dir() == tmp_path / "home" / ".local" / "share" / "perfdesk"
    monkeypatch.setattr(locations.sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "roaming"))
    assert locations.data_dir() == tmp_path / "roaming" / "perfdesk"
    monkeypatch.setenv("PERFDESK_DATA_DIR", str(tmp_path / "mine"))
    assert locations.user_forms_dir() == tmp_path / "mine" / "forms"
    assert locations.user_profiles_dir() == tmp_path / "mine" / "forms" / "profiles"
    assert locations.user_library_dir() == tmp_path / "mine" / "forms" / "library"


def test_user_definition_is_read_beside_the_builtin_ones(user_data_dir):
    copy_as("qinghai_test_project_self_eval", locations.user_forms_dir())
    registry = default_registry()
    assert registry.origin("qinghai_test_project_self_eval") == "user"
    mine = registry["qinghai_test_project_self_eval"]
    assert mine.origin == "user" and mine.text.startswith((forms_dir() / "shenzhen_project_self_eval.toml")
                                                        .read_text(encoding="utf-8")[:20])
    assert registry["shenzhen_project_self_eval"].origin == "builtin"
    assert registry["shenzhen_project_self_eval"].text == (
        forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")
    assert "qinghai_test_project_self_eval" in {d.id for d in registry}


def test_user_file_with_a_builtin_id_is_ignored_unless_replaced(user_data_dir):
    path = copy_as("shenzhen_project_self_eval", locations.user_forms_dir())
    path.write_text(path.read_text(encoding="utf-8").replace('name = "', 'name = "我的', 1), encoding="utf-8")
    registry = default_registry()
    assert registry["shenzhen_project_self_eval"].origin == "builtin"
    assert any("shenzhen_project_self_eval" in p and "已忽略" in p for p in registry.problems)
    locations.set_replaced("forms", "shenzhen_project_self_eval", True)
    locations.reset_defaults()
    replaced = default_registry()["shenzhen_project_self_eval"]
    assert replaced.origin == "user" and replaced.name.startswith("我的")


def test_a_broken_user_file_is_left_out_of_the_list_not_the_program(user_data_dir):
    folder = locations.user_forms_dir()
    folder.mkdir(parents=True)
    (folder / "broken_form.toml").write_text('id = "broken_form"\nkind = "nonsense"\n', encoding="utf-8")
    registry = default_registry()
    ids = {d.id for d in registry}
    assert "broken_form" not in ids and "shenzhen_project_self_eval" in ids
    assert any("broken_form" in p for p in registry.problems)
    with pytest.raises(DefinitionError) as info:
        registry["broken_form"]
    assert info.value.line == 2 and info.value.key == "kind"


def test_user_profiles_and_library_files(user_data_dir):
    profile = (profiles_dir() / "national.toml").read_text(encoding="utf-8")
    folder = locations.user_profiles_dir()
    folder.mkdir(parents=True)
    (folder / "national.toml").write_text(profile, encoding="utf-8")           # clashes
    mine = profile.replace('id = "national"', 'id = "qinghai"').replace("default = true", "default = false")
    mine = "\n".join('applies_to = ["qinghai_test_project_self_eval"]' if line.startswith("applies_to") else line
                     for line in mine.splitlines())
    (folder / "qinghai.toml").write_text(mine, encoding="utf-8")
    profiles = default_profiles()
    assert profiles.get("national").origin == "builtin"
    assert profiles.get("qinghai").origin == "user"
    assert profiles.for_definition("qinghai_test_project_self_eval").id == "qinghai"
    assert any("national" in p for p in profile_problems())

    lib = locations.user_library_dir()
    lib.mkdir(parents=True)
    (lib / "project.toml").write_text((library_dir() / "project.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert len(default_library()) > 0
    assert any("project.toml" in p for p in library_problems())


def test_line_of_a_key():
    text = ('id = "x"\n'
            '[print]\nlayout = ["a",\n  "b"]\n'
            '[[funds]]\nid = "f"\n'
            '[[funds.rows]]\nid = "r1"\n'
            '[[funds]]\nid = "g"\ncolumns = [\n  { id = "c1" },\n  { id = "c2", type = "bad" },\n]\n'
            '[[funds.rows]]\nid = "r2"\n')
    assert line_of(text, "id") == 1
    assert line_of(text, "print.layout[1]") == 4
    assert line_of(text, "funds[0].rows[0].id") == 8
    assert line_of(text, "funds[1].id") == 10
    assert line_of(text, "funds[1].columns[1].type") == 13
    assert line_of(text, "funds[1].rows[0].label") == 15      # missing: its table's header
    assert line_of(text, "funds[1].rows[0].id") == 16


def test_a_refused_definition_names_file_key_and_line(tmp_path):
    text = (forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines) if 'id = "weight"' in line)
    lines[n] = lines[n].replace('type = "number"', 'type = "numbr"')
    path = tmp_path / "shenzhen_project_self_eval.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_definition_file(path)
    assert info.value.key == "indicators.columns[3].type" and info.value.line == n + 1
    assert f"第 {n + 1} 行" in str(info.value) and "shenzhen_project_self_eval.toml" in str(info.value)
