"""Portable mode: a portable.ini beside the program keeps the user's forms, the cache and the
settings in a folder beside it (issue 18)."""
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from perfdesk import portable

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    portable.portable_root.cache_clear()
    monkeypatch.setattr(portable, "program_dirs", lambda: [tmp_path])
    yield tmp_path
    portable.portable_root.cache_clear()


def test_no_marker_means_no_portable_mode(fresh):
    assert portable.portable_root() is None
    assert portable.data_dir() is None and portable.cache_dir() is None and portable.settings_dir() is None


def test_marker_gives_folders_beside_the_program(fresh, monkeypatch):
    (fresh / "portable.ini").write_text("", encoding="utf-8")
    assert portable.portable_root() == fresh / "perfdesk-data"
    monkeypatch.delenv("PERFDESK_DATA_DIR", raising=False)
    monkeypatch.delenv("PERFDESK_CACHE_DIR", raising=False)
    from perfdesk.definitions.locations import data_dir, user_forms_dir
    from perfdesk.definitions.toml_cache import cache_dir

    assert data_dir() == fresh / "perfdesk-data" / "data"
    assert user_forms_dir() == fresh / "perfdesk-data" / "data" / "forms"
    assert cache_dir() == fresh / "perfdesk-data" / "cache"


def test_marker_names_another_folder_and_environment_still_wins(fresh, monkeypatch):
    (fresh / "portable.ini").write_text("\ufeff[portable]\nfolder = 我的数据\n", encoding="utf-8")
    assert portable.portable_root() == fresh / "我的数据"
    monkeypatch.setenv("PERFDESK_DATA_DIR", str(fresh / "env"))
    from perfdesk.definitions.locations import data_dir

    assert data_dir() == fresh / "env"


def test_a_portable_copy_keeps_forms_cache_and_settings_beside_itself(tmp_path):
    """An unpacked copy of the program with portable.ini: `forms add`, the cache and QSettings
    all land in its folder, and nothing in the (fake) home."""
    copy = tmp_path / "stick"
    copy.mkdir()
    shutil.copytree(ROOT / "perfdesk", copy / "perfdesk", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("forms", "resources"):
        os.symlink(ROOT / name, copy / name)
    (copy / "portable.ini").write_text("[portable]\n", encoding="utf-8")
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PERFDESK_", "XDG_"))}
    env.update(HOME=str(home), PYTHONPATH=str(copy), QT_QPA_PLATFORM="offscreen")
    form = next((ROOT / "forms").glob("*.toml"))
    user_form = tmp_path / "my_form.toml"
    user_form.write_text(form.read_text(encoding="utf-8").replace(f'id = "{form.stem}"', 'id = "my_form"', 1),
                         encoding="utf-8")
    added = subprocess.run([sys.executable, "-m", "perfdesk", "forms", "add", str(user_form)], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    data = copy / "perfdesk-data"
    assert (data / "data" / "forms" / "my_form.toml").is_file()
    assert list((data / "cache").rglob("*.json"))
    code = textwrap.dedent("""
        from perfdesk.gui.app import make_app
        from perfdesk.gui import settings
        app = make_app()
        settings.remember(__import__("sys").argv[1], "单位", 2024)
        print(settings.settings().fileName())
    """)
    shown = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.perfdesk")], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    ini = Path(shown.stdout.strip().splitlines()[-1])
    assert ini.is_relative_to(data / "settings") and ini.is_file()
    assert "x.perfdesk" in ini.read_text(encoding="utf-8")
    assert not home.exists() or not any(home.rglob("*perfdesk*"))
