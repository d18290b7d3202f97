"""The row keys the export writes are the ones the reader knows: one enum (perfdesk.xlsx.rowkeys)."""
import ast
from pathlib import Path

import perfdesk.xlsx
from perfdesk.samples import load_sample, sample_names
from perfdesk.xlsx.rowkeys import Row, kind_of, row_key
from perfdesk.xlsx.sheet import plan_form

XLSX = Path(perfdesk.xlsx.__file__).parent


def test_every_row_of_every_sample_has_a_known_kind():
    seen = set()
    for name in sample_names():
        wb = load_sample(name)
        for form in wb.forms:
            for r, key in plan_form(form, wb).keys.items():
                if key:
                    assert kind_of(key) is not None, (name, form.id, r, key)
                    seen.add(kind_of(key))
    assert {Row.TITLE, Row.FIELDS, Row.FUNDS_ROW, Row.INDICATOR, Row.INDICATOR_HEADER} <= seen


def test_keys_are_the_strings_older_files_carry():
    assert row_key(Row.FUNDS_ROW, "funds", "total") == "fr:funds:total"
    assert row_key(Row.INDICATOR, "123/3") == "i:123/3"
    assert row_key(Row.SIGNATURE) == "sig"
    assert kind_of("") is None and kind_of("zz:1") is None


def test_the_blocks_and_the_reader_spell_no_key_by_hand():
    """new_row() is given row_key(...), and own.py compares kinds with Row members, never with a
    literal such as "fh"."""
    codes = {r.value for r in Row}
    for path in [*XLSX.glob("blocks_*.py"), XLSX / "own.py", XLSX / "paginate.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "new_row" and node.args:
                first = node.args[0]
                assert not isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp)) or (
                    isinstance(first, ast.Constant) and first.value == ""), f"{path.name}:{node.lineno}"
            if isinstance(node, ast.Compare):
                for c in [node.left, *node.comparators]:
                    if isinstance(c, ast.Constant) and c.value in codes and c.value not in ("s",):
                        raise AssertionError(f"{path.name}:{node.lineno} compares with {c.value!r}")
