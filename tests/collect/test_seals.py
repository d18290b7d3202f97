"""审核摘要 (seals): the overview figures each form's row carries, written with it by the store,
and collect's use of them (docs/collect.md, "The 审核摘要"). A sealed unit must collect exactly
as the full reading and checking does: the same overview row, the same workbook JSON in the
summary; anything that does not match the bytes means the full path."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest

import perfdesk
from perfdesk.cli.main import main
from perfdesk.collect.gather import collect
from perfdesk.collect.overview import unit_figures
from perfdesk.collect.summary_file import overview_rows, summary_dict
from perfdesk.definitions.embedded import profile_chooser, profile_for
from perfdesk.domain import figures
from perfdesk.domain.checks import Severity, check_workbook, flatten
from perfdesk.domain.completeness import completeness
from perfdesk.domain.kinds import per_project
from perfdesk.domain.print_code import content_code
from perfdesk.domain.scoring.columns import is_scored
from perfdesk.samples import sample_names
from perfdesk.samples.synthetic import synthetic_workbook
from perfdesk.store import seals
from perfdesk.store.workbook_file import WorkbookFile, read_sealed, read_workbook, write_workbook

from ..store import damaged


def reference_figures(wb) -> dict:
    """The overview row as unit_figures computed it before the seals (checks over the whole
    workbook at once): the independent reference the per-form records must add up to."""
    def num(d):
        return None if d is None else int(d) if d == d.to_integral_value() else float(d)

    findings = flatten(check_workbook(wb, choose=profile_chooser(wb)))
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    filled = total = 0
    for form in wb.forms:
        c = completeness(form)
        filled, total = filled + c.filled, total + c.total
    def wan(form, ref, value):       # in 万元: a table kept in 元 divided by 10000, exactly
        unit = form.definition.funds_table(ref.split(".")[0]).unit
        return value / {"元": Decimal(10000), "万元": Decimal(1)}[unit]

    unit_budgets = [wan(f, f.definition.budget_total, b) for f in wb.forms
                    if not per_project(f.definition) if (b := figures.budget_total(f)) is not None]
    project_budgets = [wan(f, f.definition.budget_total, b) for f in wb.forms
                       if per_project(f.definition) if (b := figures.budget_total(f)) is not None]
    budget = unit_budgets[0] if unit_budgets else (sum(project_budgets, Decimal(0)) if project_budgets else None)
    ex_budget = ex_spent = None
    for form in wb.forms:
        ex = figures.execution(form)
        if ex is not None and ex.budget is not None and ex.spent is not None:
            ref = form.definition.execution.budget
            ex_budget = (ex_budget or Decimal(0)) + wan(form, ref, ex.budget)
            ex_spent = (ex_spent or Decimal(0)) + wan(form, ref, ex.spent)
    rate = figures.round2(ex_spent / ex_budget * 100) if ex_budget else None
    scored = [f for f in wb.forms if is_scored(f.definition) and figures.score_total(f) is not None]
    unit_scored = [f for f in scored if not per_project(f.definition)]
    score = grade = profile = None
    if unit_scored:
        score, profile = figures.score_total(unit_scored[0]), profile_for(unit_scored[0], wb)
    elif scored:
        score = figures.round2(sum((figures.score_total(f) for f in scored), Decimal(0)) / len(scored))
        profile = profile_for(scored[0], wb)
    if score is not None and profile is not None:
        g = profile.grade_for(score)
        grade = g.name if g else None
    return {"forms": [{"id": f.id, "title": f.title, "definition": f.definition.id, "code": content_code(wb, f)}
                      for f in wb.forms],
            "errors": errors, "warnings": warnings,
            "completeness": 100 if total == 0 else filled * 100 // total,
            "budget": num(budget), "spent": num(ex_spent), "execution_rate": num(rate),
            "score_total": num(score), "grade": grade, "money_unit": "万元"}


def touch(path: Path, when: float) -> None:
    os.utime(path, (when, when))


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    """Every sample and a synthetic unit, each written by the store (so sealed)."""
    folder = tmp_path_factory.mktemp("sealed")
    for i, name in enumerate(sample_names()):
        assert main(["demo", name, "-o", str(folder / f"{name}.perfdesk")]) == 0
        touch(folder / f"{name}.perfdesk", 1_700_000_000 + i)
    write_workbook(folder / "synthetic.perfdesk", synthetic_workbook(4, 3))
    touch(folder / "synthetic.perfdesk", 1_700_000_100)
    return folder


def summary_bytes(collection) -> tuple[list[dict], bytes]:
    """The overview rows and the units as the summary file holds them (formatted as written)."""
    rows = overview_rows(collection)
    data = summary_dict(collection, rows)
    return rows, msgspec.json.format(msgspec.json.encode(data["units"]), indent=1)


def fast_and_slow(sources, **kw):
    fast, slow = collect(sources, **kw), collect(sources, recheck=True, **kw)
    assert all(d.sealed is None for d in slow.deliveries)
    return fast, slow


def test_every_form_written_by_the_store_is_sealed(units):
    for path in sorted(units.glob("*.perfdesk")):
        sealed = read_sealed(path)
        assert sealed is not None, path.name
        assert [r["id"] for r in sealed.records] == [f.id for f in read_workbook(path).forms]


def test_the_records_add_up_to_the_whole_workbook_figures(units):
    """unit_figures (records added up) against the computation over the whole workbook, and the
    seals the store wrote against both: samples and synthetic."""
    from perfdesk.definitions.form_figures import unit_row

    for path in sorted(units.glob("*.perfdesk")):
        wb = read_workbook(path)
        expected = reference_figures(wb)
        assert unit_figures(wb) == expected, path.name
        assert unit_row(read_sealed(path).records) == expected, path.name
    wb = synthetic_workbook(12, 7)
    assert unit_figures(wb) == reference_figures(wb)


def test_fast_and_full_collect_write_the_same_summary(units):
    fast, slow = fast_and_slow([units])
    assert len(fast.deliveries) == len(slow.deliveries) >= 10
    assert any(d.replaced for d in fast.deliveries)     # samples of one unit and year replace each other
    assert all(d.sealed is not None for d in fast.deliveries)
    assert all(d.loaded is None for d in fast.deliveries if not d.replaced)   # decoded only for celldiff
    assert summary_bytes(fast) == summary_bytes(slow)
    # and the workbooks the fast path decodes on demand are the delivered ones
    for f, s in zip(fast.deliveries, slow.deliveries):
        assert f.workbook == s.workbook


def test_a_replaced_delivery_and_a_manifest(units, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(units, folder)
    again = folder / "later" / "shenzhen-again.perfdesk"
    again.parent.mkdir()
    with WorkbookFile.create(again, read_workbook(folder / "shenzhen-guangming-2024.perfdesk")) as wf:
        wb = wf.load()
        wb.forms[0].fields[next(iter(wb.forms[0].fields))] = "改过的项目名称"
        wf.save(wb, forms=[wb.forms[0]])
    touch(again, 1_700_000_900)
    fast, slow = fast_and_slow([folder])
    replaced = [d for d in fast.deliveries if d.file == str(again)]
    assert len(replaced) == 1 and replaced[0].replaced[-1]["changes"]
    assert replaced[0].sealed is not None          # its figures still from the seals
    assert summary_bytes(fast) == summary_bytes(slow)
    assert [r.to_dict() for r in fast.rejected] == [r.to_dict() for r in slow.rejected]

    # a task asking for one definition: units with other forms are read in full, the rest sealed
    manifest = tmp_path / "任务清单.json"
    wb = read_workbook(folder / "hebei-2022.perfdesk")
    nantong = read_workbook(folder / "nantong-2024.perfdesk")
    manifest.write_text(json.dumps({
        "format": "perfdesk-task", "version": 1, "year": 2022, "forms": [wb.forms[0].definition.id],
        "units": [{"name": wb.unit, "code": wb.unit_code, "file": ""},
                  {"name": nantong.unit, "code": nantong.unit_code, "file": ""}]}, ensure_ascii=False),
        encoding="utf-8")
    fast, slow = fast_and_slow([folder], manifest_path=manifest)
    assert fast.deliveries and all(d.sealed is None for d in fast.deliveries)   # hebei: forms left out
    assert summary_bytes(fast) == summary_bytes(slow)
    assert [r.to_dict() for r in fast.rejected] == [r.to_dict() for r in slow.rejected]


def sql(path: Path, *statements) -> None:
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        for s in statements:
            con.execute(*s) if isinstance(s, tuple) else con.execute(s)
    finally:
        con.close()


def test_a_tampered_row_or_another_seal_version_means_the_full_check(units, tmp_path, monkeypatch):
    path = tmp_path / "rugao.perfdesk"
    shutil.copyfile(units / "rugao-2023.perfdesk", path)
    assert read_sealed(path) is not None
    # a figure changed by hand in SQLite, the seal left as it was: the row no longer matches
    con = sqlite3.connect(str(path))
    data = json.loads(con.execute("SELECT data FROM forms").fetchone()[0])
    con.close()
    data["title"] = data["title"] + "（改）"
    sql(path, ("UPDATE forms SET data = ?", (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n",)))
    assert read_sealed(path) is None
    fast, slow = fast_and_slow([path])
    assert fast.deliveries[0].sealed is None
    assert overview_rows(fast)[0]["forms"][0]["title"].endswith("（改）")
    assert summary_bytes(fast) == summary_bytes(slow)
    # another seal rule or program version: every seal written before stops counting
    other = tmp_path / "nantong.perfdesk"
    shutil.copyfile(units / "nantong-2024.perfdesk", other)
    assert read_sealed(other) is not None
    monkeypatch.setattr(seals, "SEAL_VERSION", seals.SEAL_VERSION + 1)
    assert read_sealed(other) is None and collect([other]).deliveries[0].sealed is None
    monkeypatch.undo()
    monkeypatch.setattr(perfdesk, "__version__", perfdesk.__version__ + ".1")
    assert read_sealed(other) is None
    monkeypatch.undo()
    assert read_sealed(other) is not None


def test_a_file_without_seals_collects_as_before(units, tmp_path):
    """An older perfdesk wrote it (no seals table): the full path, the same summary."""
    path = tmp_path / "hebei.perfdesk"
    shutil.copyfile(units / "hebei-2022.perfdesk", path)
    sql(path, "DROP TABLE seals")
    assert read_sealed(path) is None
    fast, slow = fast_and_slow([path])
    assert fast.deliveries[0].sealed is None
    assert summary_bytes(fast) == summary_bytes(slow)
    # saving with this perfdesk seals what it writes (the table comes back, the schema version not)
    with WorkbookFile.open(path) as wf:
        wb = wf.load()
        wf.save(wb)
    assert read_sealed(path) is not None
    con = sqlite3.connect(str(path))
    assert con.execute("PRAGMA user_version").fetchone()[0] == 3
    con.close()


def test_saving_after_an_edit_updates_that_form_s_seal(units, tmp_path):
    path = tmp_path / "synthetic.perfdesk"
    shutil.copyfile(units / "synthetic.perfdesk", path)
    before = {r["id"]: r for r in read_sealed(path).records}
    with WorkbookFile.open(path) as wf:
        wb = wf.load()
        form = wb.forms[1]
        field = next(f.id for f in form.definition.fields if form.fields.get(f.id))
        form.fields[field] = ""            # one fewer filled item, another 校验码
        wf.save(wb, forms=[form])
    sealed = read_sealed(path)
    assert sealed is not None
    after = {r["id"]: r for r in sealed.records}
    assert after[form.id]["code"] != before[form.id]["code"]
    assert after[form.id]["filled"] == before[form.id]["filled"] - 1
    assert {k: v for k, v in after.items() if k != form.id} == {k: v for k, v in before.items() if k != form.id}
    from perfdesk.definitions.form_figures import unit_row
    assert unit_row(sealed.records) == reference_figures(read_workbook(path))
    # a form removed: its seal goes with it
    with WorkbookFile.open(path) as wf:
        wb = wf.load()
        gone = wb.forms.pop()
        wf.save(wb, forms=[])
    con = sqlite3.connect(str(path))
    assert con.execute("SELECT count(*) FROM seals WHERE form_id = ?", (gone.id,)).fetchone()[0] == 0
    con.close()
    assert read_sealed(path) is not None


def test_a_seal_that_cannot_be_computed_never_stops_a_save(units, tmp_path, monkeypatch):
    path = tmp_path / "shenzhen.perfdesk"
    shutil.copyfile(units / "shenzhen-guangming-2024.perfdesk", path)

    def broken(*a, **k):
        raise RuntimeError("boom")
    monkeypatch.setattr(seals, "form_record", broken)
    with WorkbookFile.open(path) as wf:
        wb = wf.load()
        wb.forms[0].title = "另一个标题"
        wf.save(wb, forms=[wb.forms[0]])
    assert read_workbook(path).forms[0].title == "另一个标题"
    assert read_sealed(path) is None             # its old seal is gone, not left to mislead
    monkeypatch.undo()
    fast, slow = fast_and_slow([path])
    assert summary_bytes(fast) == summary_bytes(slow)


@pytest.mark.parametrize("name", ["seals_blob", "seals_not_json", "seals_table_other_columns",
                                  "seals_record_wrong_form"])
def test_damaged_seals_mean_the_full_path_not_a_refusal(units, tmp_path, name):
    path = tmp_path / "rugao.perfdesk"
    shutil.copyfile(units / "rugao-2023.perfdesk", path)
    damaged.DAMAGES[name](path)
    assert read_sealed(path) is None
    got = collect([path])
    assert not got.rejected and got.deliveries[0].sealed is None
    assert overview_rows(got)[0] == overview_rows(collect([units / "rugao-2023.perfdesk"], recheck=True))[0] | {
        "file": str(path), "modified": overview_rows(got)[0]["modified"]}


REFUSED_BY_READING = [n for n in damaged.DAMAGES if n not in (
    "session_pid_text", "session_heartbeat_number", "session_blob", "snapshot_blob", "snapshot_name_blob",
    "snapshot_deep", "modified_blob", "definition_kind_number", "profile_not_toml", "amount_tiny_divisor")
    and not n.startswith("seals_")]


def test_collect_rejects_every_damaged_file_as_before(tmp_path):
    """A sealed file damaged any way the corpus knows is refused by collect exactly as the full
    reading refuses it: the seals never let damage through."""
    sound = tmp_path / "sound.perfdesk"
    assert main(["demo", "rugao-2023", "-o", str(sound)]) == 0
    assert read_sealed(sound) is not None
    for name in REFUSED_BY_READING:
        path = tmp_path / f"{name}.perfdesk"
        shutil.copyfile(sound, path)
        damaged.DAMAGES[name](path)
        fast, slow = collect([path]), collect([path], recheck=True)
        assert not fast.deliveries, name
        assert [r.to_dict() for r in fast.rejected] == [r.to_dict() for r in slow.rejected], name


def test_recheck_from_the_command_line(units, tmp_path, capsys):
    a, b = tmp_path / "a.perfdesk-summary", tmp_path / "b.perfdesk-summary"
    assert main(["collect", str(units), "-o", str(a), "--json"]) == 0
    assert main(["collect", str(units), "-o", str(b), "--json", "--recheck"]) == 0
    capsys.readouterr()
    da, db = json.loads(a.read_text(encoding="utf-8")), json.loads(b.read_text(encoding="utf-8"))
    assert da["overview"] == db["overview"] and da["units"] == db["units"]


def test_a_migrated_file_is_sealed(units, tmp_path):
    """A file of schema version 1 (no seals, no definitions): opening it migrates it, and the
    forms it read are sealed on the way — collect then takes the shortcut, with the same result."""
    path = tmp_path / "shenzhen.perfdesk"
    shutil.copyfile(units / "shenzhen-guangming-2024.perfdesk", path)
    con = sqlite3.connect(path)
    for table in ("pending", "snapshots", "session", "definitions", "seals"):
        con.execute(f"DROP TABLE {table}")
    con.execute("PRAGMA user_version=1")
    con.commit()
    con.close()
    assert read_sealed(path) is None
    with WorkbookFile.open(path) as wf:
        assert wf.backup_path is not None
    assert read_sealed(path) is not None
    fast, slow = fast_and_slow([path])
    assert fast.deliveries[0].sealed is not None
    assert summary_bytes(fast) == summary_bytes(slow)


def test_review_comments_in_the_header_keep_the_seals(units, tmp_path):
    """审核意见 live in the header but no figure reads them: marking one done and saving keeps
    every seal valid; renaming the unit (printed in the signature block, so in the 校验码) seals
    every form again, the ones not written by that save too."""
    from perfdesk.domain.model import Comment

    path = tmp_path / "rugao.perfdesk"
    shutil.copyfile(units / "rugao-2023.perfdesk", path)
    with WorkbookFile.open(path) as wf:
        wb = wf.load()
        wb.comments = [Comment(id="c1", form_id=wb.forms[0].id, text="请补充偏差原因", status="done")]
        wf.save(wb, forms=[])
    assert read_sealed(path) is not None and read_sealed(path).header.comments[0].status == "done"
    fast, slow = fast_and_slow([path])
    assert summary_bytes(fast) == summary_bytes(slow)
    with WorkbookFile.open(path) as wf:
        wb = wf.load()
        wb.unit = wb.unit + "（更名）"
        wf.save(wb, forms=[])
    assert read_sealed(path) is not None
    fast, slow = fast_and_slow([path])
    assert fast.deliveries[0].sealed is not None
    assert summary_bytes(fast) == summary_bytes(slow)
    # a stale seal is still refused: the header changed behind the store's back
    con = sqlite3.connect(path)
    with con:
        header = json.loads(con.execute("SELECT data FROM workbook WHERE id = 1").fetchone()[0])
        header["unit"] = "另一个单位"
        con.execute("UPDATE workbook SET data = ? WHERE id = 1", (json.dumps(header, ensure_ascii=False),))
    con.close()
    assert read_sealed(path) is None
