"""`perfdesk load` and every reading command, in-process, over generated workbook JSON (a sound
workbook damaged in one to three places, and texts that are not JSON at all): the load is done or
refused in Chinese, never a traceback; what it writes every reading command opens unchanged."""
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from perfdesk.codec import dump_workbook
from perfdesk.samples import load_sample

from .cli_helpers import assert_failure_said_in_chinese, every_reading_command, run
from .conftest import examples
from .strategies import JSON_TEXTS, damaged_workbooks

SOUND = json.loads(dump_workbook(load_sample("rugao-2023")))


def load_then_read(capsys, text: str | bytes) -> int:
    with tempfile.TemporaryDirectory(prefix="perfdesk-prop-") as folder:
        source, out = Path(folder) / "in.json", Path(folder) / "out.perfdesk"
        source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        code, stdout, err = run(capsys, ["load", str(source), "-o", str(out)])
        assert code in (0, 1)
        if code:
            assert_failure_said_in_chinese(code, stdout, err, "load")
            assert not out.exists(), "a refused load left a file"
            return code
        codes = every_reading_command(capsys, out)
        assert codes["check-file --json"] == 0 and codes["info"] == 0, codes
        return code


@pytest.mark.timeout(900)
@examples(200)
@given(damaged_workbooks(SOUND))
def test_load_a_damaged_workbook_json(capsys, data):
    load_then_read(capsys, json.dumps(data, ensure_ascii=False))


@pytest.mark.timeout(900)
@examples(150)
@given(st.one_of(JSON_TEXTS, st.binary(max_size=64), st.sampled_from([b"\xff\xfe{}", b"\xef\xbb\xbf{}", "[" * 100_000])))
def test_load_any_text(capsys, text):
    load_then_read(capsys, text)
