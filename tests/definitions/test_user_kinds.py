"""A province's own form kind is a file in the user's forms folder (kinds/), no code."""
import shutil
from pathlib import Path

from perfdesk.definitions.kinds import default_kinds
from perfdesk.definitions.loader import default_registry

DATA = Path(__file__).resolve().parents[1] / "data" / "monitoring"


def test_a_user_kinds_file_adds_a_kind_and_its_forms_load(user_data_dir):
    forms = user_data_dir / "forms"
    (forms / "kinds").mkdir(parents=True)
    for path in (DATA / "kinds").glob("*.toml"):
        shutil.copy(path, forms / "kinds" / path.name)
    for path in (DATA / "forms").glob("*.toml"):
        shutil.copy(path, forms / path.name)
    new_kinds = set(default_kinds().ids) - {"dept_target", "dept_plan", "project_target", "dept_self_eval",
                                             "project_self_eval"}
    assert new_kinds
    definition = default_registry()["sichuan_monitoring"]
    assert definition.kind in new_kinds and definition.origin == "user"


def test_a_broken_user_kinds_file_leaves_the_program_kinds(user_data_dir):
    (user_data_dir / "forms" / "kinds").mkdir(parents=True)
    (user_data_dir / "forms" / "kinds" / "bad.toml").write_text("[[kinds]]\nid = 3\n", encoding="utf-8")
    assert "project_self_eval" in default_kinds().ids
