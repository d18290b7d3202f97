"""The cache of parsed TOML files: used only while a file keeps the very text it was made from."""
import json
import os
import subprocess
import sys

import pytest

from perfdesk.definitions import toml_cache
from perfdesk.definitions.loader import DefinitionError, forms_dir, read_toml


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PERFDESK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _entries(cache):
    return sorted((cache / "toml").glob("*.json"))


def test_a_file_is_parsed_once_then_read_from_the_cache(tmp_path, cache):
    path = tmp_path / "x.toml"
    path.write_text('id = "x"\nname = "表"\n[[rows]]\nn = 1.5\n', encoding="utf-8")
    calls = []

    def parse(text):
        calls.append(text)
        import tomllib
        return tomllib.loads(text)

    first = toml_cache.load(path, path.read_text(encoding="utf-8"), parse)
    second = toml_cache.load(path, path.read_text(encoding="utf-8"), parse)
    assert first == second == {"id": "x", "name": "表", "rows": [{"n": 1.5}]}
    assert len(calls) == 1 and len(_entries(cache)) == 1


def test_a_changed_file_is_parsed_again(tmp_path, cache):
    path = tmp_path / "x.toml"
    path.write_text('id = "x"\n', encoding="utf-8")
    assert read_toml(path, "x.toml") == {"id": "x"}
    path.write_text('id = "y"\n', encoding="utf-8")
    assert read_toml(path, "x.toml") == {"id": "y"}


def test_a_damaged_entry_is_made_again(tmp_path, cache):
    path = tmp_path / "x.toml"
    path.write_text('id = "x"\n', encoding="utf-8")
    read_toml(path, "x.toml")
    (entry,) = _entries(cache)
    entry.write_text("{not json", encoding="utf-8")
    assert read_toml(path, "x.toml") == {"id": "x"}
    assert json.loads(entry.read_text(encoding="utf-8"))["data"] == {"id": "x"}


def test_bad_toml_is_refused_and_not_cached(tmp_path, cache):
    path = tmp_path / "x.toml"
    path.write_text("id = \n", encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        read_toml(path, "x.toml")
    assert info.value.source == "x.toml" and not (cache / "toml").exists()


def test_dates_are_not_cached_but_still_read(tmp_path, cache):
    path = tmp_path / "x.toml"
    path.write_text("day = 2024-07-30\n", encoding="utf-8")
    import datetime
    assert read_toml(path, "x.toml") == {"day": datetime.date(2024, 7, 30)}
    assert _entries(cache) == []


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False,
                    reason="running as root: file permissions do not stop writes (not strict: CI runs as root, tests/needs.py)")
def test_an_unwritable_cache_folder_changes_nothing(tmp_path, cache):
    cache.mkdir()
    cache.chmod(0o500)
    try:
        data = read_toml(forms_dir() / "hebei_dept_plan.toml", "hebei_dept_plan.toml")
        assert data["id"] == "hebei_dept_plan"
    finally:
        cache.chmod(0o700)


def test_a_cache_that_is_a_file_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("PERFDESK_CACHE_DIR", str(blocker))
    assert read_toml(forms_dir() / "hebei_dept_plan.toml", "hebei_dept_plan.toml")["id"] == "hebei_dept_plan"


def test_with_a_warm_cache_opening_a_workbook_loads_no_toml_parser(tmp_path, cache):
    code = ("import sys\n"
            "from perfdesk.store.workbook_file import read_workbook\n"
            "read_workbook(sys.argv[1])\n"
            "print('tomllib' in sys.modules)\n")
    from perfdesk.samples import load_sample
    from perfdesk.store.workbook_file import write_workbook
    book = tmp_path / "s.perfdesk"
    write_workbook(book, load_sample("shenzhen-guangming-2024"))
    env = dict(os.environ, PERFDESK_CACHE_DIR=str(tmp_path / "fresh-cache"))
    runs = [subprocess.run([sys.executable, "-c", code, str(book)], env=env, capture_output=True, text=True,
                           check=True).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]        # the first run parses and keeps; the second reads it back
