"""A corpus of damaged workbook files: each function takes a sound workbook file and damages it in
place with sqlite3 directly, as a hostile or unlucky user (or another program) could.

Used by tests/store/test_damaged_files.py, which runs every command that opens a workbook over
each of them."""
from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

FORM = "dept_self_eval"          # the one form of the rugao-2023 sample


def _sql(path: Path, *statements: tuple) -> None:
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("BEGIN")
        for statement in statements:
            con.execute(*statement) if isinstance(statement, tuple) else con.execute(statement)
        con.execute("COMMIT")
    finally:
        con.close()


def _form_json(path: Path) -> dict:
    con = sqlite3.connect(str(path))
    try:
        return json.loads(con.execute("SELECT data FROM forms WHERE id = ?", (FORM,)).fetchone()[0])
    finally:
        con.close()


def _set_form(path: Path, data) -> None:
    text = data if isinstance(data, (str, bytes)) else json.dumps(data, ensure_ascii=False)
    _sql(path, ("UPDATE forms SET data = ? WHERE id = ?", (text, FORM)))


def _pending(path: Path, key: str, data) -> None:
    _sql(path, ("INSERT OR REPLACE INTO pending (key, data, modified) VALUES (?, ?, '2030-01-01T00:00:00')",
                (key, data)))


def _deep(n: int = 50_000) -> str:
    return "[" * n + "]" * n


def _edit_form(path: Path, change) -> None:
    data = _form_json(path)
    change(data)
    _set_form(path, data)


def _first_leaf(data: dict) -> dict:
    return data["indicators"]["tree"][0]["children"][0]["children"][0]


# -- the damaged files ------------------------------------------------------------------
def form_random_bytes(path):
    _set_form(path, random.Random(19).randbytes(256))


def form_ff00fe_blob(path):
    _sql(path, ("UPDATE forms SET data = x'ff00fe' WHERE id = ?", (FORM,)))


def form_ff00fe_text(path):
    _sql(path, ("UPDATE forms SET data = CAST(x'ff00fe' AS TEXT) WHERE id = ?", (FORM,)))


def form_not_json(path):
    _set_form(path, "{\"id\": ")


def form_deep_json(path):
    _set_form(path, _deep())


def form_deep_json_in_field(path):
    data = _form_json(path)
    text = json.dumps(data).replace('"fields": {', '"fields": {"deep": ' + _deep() + ", ", 1)
    _set_form(path, text)


def form_huge_integer_text(path):     # json.loads: ValueError "Exceeds the limit (4300 digits)"
    data = _form_json(path)
    text = json.dumps(data).replace('"basic": {"adjusted": "12768.19"', '"basic": {"adjusted": ' + "9" * 5000, 1)
    assert text != json.dumps(data)
    _set_form(path, text)


def amount_1e999999999(path):
    _edit_form(path, lambda d: d["funds"]["finance"]["rows"]["basic"].update(adjusted="1e999999999"))


def amount_tiny(path):
    _edit_form(path, lambda d: d["funds"]["finance"]["rows"]["basic"].update(adjusted="1e-999999999"))


def amount_1e30(path):
    _edit_form(path, lambda d: d["funds"]["finance"]["rows"]["basic"].update(adjusted="1e30"))


def amount_tiny_divisor(path):     # the bottom of an execution rate: a rate of 10^100 %
    _edit_form(path, lambda d: d["funds"]["finance"]["rows"]["basic"].update(adjusted="1e-90", final="1e17"))


def amount_nan(path):
    _edit_form(path, lambda d: d["funds"]["finance"]["rows"]["basic"].update(adjusted="NaN"))


def stated_total_1e999999999(path):
    _edit_form(path, lambda d: d["indicators"]["stated_totals"].update(score="1e999999999"))


def indicator_number_1e999999999(path):
    _edit_form(path, lambda d: _first_leaf(d)["cells"].update(
        target_value={"kind": "quantitative", "text": "5", "number": "1e999999999", "op": "=",
                      "explicit_op": False}))


def indicator_value_bad_types(path):
    _edit_form(path, lambda d: _first_leaf(d)["cells"].update(
        target_value={"kind": "date", "text": 5, "date": 20240101, "parts": {"a": 1}}))


def indicator_value_unknown_kind(path):
    _edit_form(path, lambda d: _first_leaf(d)["cells"].update(target_value={"kind": "nonsense", "text": "x"}))


def score_as_list(path):
    _edit_form(path, lambda d: _first_leaf(d)["cells"].update(score=[1, 2]))


def form_json_not_object(path):
    _set_form(path, "[1, 2, 3]")


def form_id_disagrees(path):
    _sql(path, ("UPDATE forms SET id = 'other' WHERE id = ?", (FORM,)))


def form_ids_duplicate(path):
    con = sqlite3.connect(str(path))
    row = con.execute("SELECT position, definition, data, modified FROM forms WHERE id = ?", (FORM,)).fetchone()
    con.close()
    _sql(path, ("INSERT INTO forms (id, position, definition, data, modified) VALUES ('copy', 1, ?, ?, ?)",
                (row[1], row[2], row[3])))


def header_list(path):
    _sql(path, "UPDATE workbook SET data = '[1, 2]'")


def header_string(path):
    _sql(path, "UPDATE workbook SET data = '\"unit\"'")


def header_blob(path):
    _sql(path, "UPDATE workbook SET data = x'ff00fe'")


def header_deep(path):
    _sql(path, ("UPDATE workbook SET data = ?", (_deep(),)))


def header_year_huge(path):
    _sql(path, ("UPDATE workbook SET data = json_set(data, '$.year', 1e999)",))


def header_missing(path):
    _sql(path, "DELETE FROM workbook")


def pending_header_list(path):
    _pending(path, "@header", "[1]")


def pending_order_number(path):
    _pending(path, "@order", "5")


def pending_order_object(path):
    _pending(path, "@order", '{"a": 1}')


def pending_order_nested(path):
    _pending(path, "@order", "[[\"x\"], {\"y\": 1}]")


def pending_order_not_json(path):
    _pending(path, "@order", "[dept_self_eval")


def pending_order_blob(path):
    _pending(path, "@order", b"\xff\x00\xfe")


def pending_form_blob(path):
    _pending(path, FORM, b"\xff\x00\xfe")


def pending_form_deep(path):
    _pending(path, FORM, _deep())


def pending_form_other_id(path):
    _pending(path, FORM, json.dumps(dict(_form_json(path), id="elsewhere")))


def pending_definition_blob(path):
    _pending(path, "@definition:form:jiangsu_dept_self_eval", b"\xff\x00\xfe")


def pending_key_blob(path):
    _sql(path, ("INSERT INTO pending (key, data, modified) VALUES (x'ff00fe', '{}', '2030')",))


def definition_blob(path):
    _sql(path, "UPDATE definitions SET text = x'ff00fe' WHERE kind = 'form'")


def definition_not_toml(path):
    _sql(path, "UPDATE definitions SET text = '[[[' WHERE kind = 'form'")


def definition_id_disagrees(path):
    _sql(path, "UPDATE definitions SET id = 'other' WHERE kind = 'form'")


def profile_blob(path):
    _sql(path, "UPDATE definitions SET text = x'ff00fe' WHERE kind = 'profile'")


def profile_not_toml(path):
    _sql(path, "UPDATE definitions SET text = '= = =' WHERE kind = 'profile'")


def definition_kind_number(path):
    _sql(path, "UPDATE definitions SET kind = 7 WHERE kind = 'profile'")


def session_pid_text(path):
    _sql(path, "INSERT OR REPLACE INTO session VALUES (1, 't', 'u', 'h', 'abc', '2020', 'never')")


def session_heartbeat_number(path):
    _sql(path, "INSERT OR REPLACE INTO session VALUES (1, 't', 'u', 'h', 99999999, 5, 7)")


def session_blob(path):
    _sql(path, "INSERT OR REPLACE INTO session VALUES (1, x'ff', x'ff00fe', x'fe', 1, x'ff', x'ff')")


def snapshot_blob(path):
    _sql(path, "INSERT INTO snapshots (name, created, auto, data) VALUES ('坏快照', '2024', 0, x'ff00fe')")


def snapshot_name_blob(path):
    _sql(path, "INSERT INTO snapshots (name, created, auto, data) VALUES (x'ff00fe', x'fe', 'x', '{}')")


def snapshot_deep(path):
    _sql(path, ("INSERT INTO snapshots (name, created, auto, data) VALUES ('深', '2024', 0, ?)", (_deep(),)))


def modified_blob(path):
    _sql(path, "UPDATE forms SET modified = x'ff00fe'", "UPDATE workbook SET modified = 5")


def forms_table_dropped(path):
    _sql(path, "DROP TABLE forms")


def user_version_huge(path):
    _sql(path, "PRAGMA user_version = 2147483647")


# the 审核摘要 (seals table, perfdesk.store.seals): damage there only costs collect its shortcut

def seals_blob(path):
    _sql(path, "UPDATE seals SET data = x'ff00fe'")


def seals_not_json(path):
    _sql(path, "UPDATE seals SET data = '{\"seal\": 1, '")


def seals_table_other_columns(path):
    _sql(path, "DROP TABLE seals", "CREATE TABLE seals (x INTEGER)", "INSERT INTO seals VALUES (1)")


def seals_record_wrong_form(path):
    con = sqlite3.connect(str(path))
    try:
        seal = json.loads(con.execute("SELECT data FROM seals WHERE form_id = ?", (FORM,)).fetchone()[0])
    finally:
        con.close()
    seal["record"]["id"] = "another_form"
    _sql(path, ("UPDATE seals SET data = ? WHERE form_id = ?", (json.dumps(seal, ensure_ascii=False), FORM)))


DAMAGES = {name: f for name, f in dict(globals()).items()
           if callable(f) and not name.startswith("_") and f.__module__ == __name__}
