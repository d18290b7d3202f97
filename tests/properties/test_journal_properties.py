"""Pending-edit journals under Hypothesis: rows a damaged file (or another program) could leave
in a real .perfdesk file's `pending` table — any key, data of any type (text, blobs, numbers,
deep or huge JSON, a form under another id, a removed form) — and then every reading command:
no traceback, a Chinese message when it refuses, the file's bytes (sha256) unchanged."""
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from perfdesk.cli.main import main
from perfdesk.codec import form_to_dict
from perfdesk.samples import load_sample

from .cli_helpers import every_reading_command
from .conftest import examples
from .strategies import DAMAGE, JSON_TEXTS, deep, replaced, paths

FORM = "dept_self_eval"              # the one form of the rugao-2023 sample
SOUND_FORM = form_to_dict(load_sample("rugao-2023").forms[0])
FORM_PLACES = paths(SOUND_FORM)

KEYS = st.one_of(st.sampled_from(["@header", "@order", FORM, "@definition:form:jiangsu_dept_self_eval",
                                  "@definition:profile:national", "@definition:", "@", "other_form", ""]),
                 st.text(max_size=12), st.binary(max_size=6))


def _damaged_form(draw_args):
    path, value, delete = draw_args
    try:
        return json.dumps(replaced(SOUND_FORM, path, value, delete and bool(path)), ensure_ascii=False)
    except (KeyError, IndexError, TypeError, ValueError):
        return json.dumps(SOUND_FORM)


DATA = st.one_of(
    st.none(),
    JSON_TEXTS,
    st.tuples(st.sampled_from(FORM_PLACES), DAMAGE, st.booleans()).map(_damaged_form),
    st.binary(max_size=32),
    st.integers(-2**63, 2**63 - 1), st.floats(allow_nan=True),
    st.sampled_from(['{"unit": "某单位", "unit_code": "", "year": 1e999}', '{"unit": 5, "year": "2024"}',
                     '["dept_self_eval", "dept_self_eval"]', '["missing"]', "[]", '{"year": NaN}',
                     deep(50_000), "[" * 3000]),
)
ROWS = st.lists(st.tuples(KEYS, DATA, st.one_of(st.just("2030-01-01T00:00:00"), st.text(max_size=5),
                                                st.integers(-2**63, 2**63 - 1))),
                min_size=1, max_size=4)


@pytest.fixture(scope="module")
def sound(tmp_path_factory):
    path = tmp_path_factory.mktemp("journal") / "sound.perfdesk"
    assert main(["demo", "rugao-2023", "-o", str(path)]) == 0
    assert main(["snapshot", str(path), "--name", "一"]) == 0
    return path


def with_rows(sound: Path, folder: Path, rows) -> Path:
    path = folder / "damaged.perfdesk"
    shutil.copyfile(sound, path)
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
        for key, data, modified in rows:
            con.execute("INSERT OR REPLACE INTO pending (key, data, modified) VALUES (?, ?, ?)",
                        (key, data, modified))
    finally:
        con.close()
    return path


@pytest.mark.timeout(900)
@examples(200)
@given(ROWS)
def test_every_reading_command_over_a_damaged_journal(capsys, sound, rows):
    with tempfile.TemporaryDirectory(prefix="perfdesk-prop-") as folder:
        every_reading_command(capsys, with_rows(sound, Path(folder), rows))
