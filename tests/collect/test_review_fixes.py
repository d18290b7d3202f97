"""Review fixes of the 汇总 code (fix22): seals and the form kind, returns of a unit collected for
two years, Windows-safe names of returns and dispatched workbooks, batch print per unit that is
cancelled, a summary unit that cannot be read."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfdesk.cli.main import main
from perfdesk.collect import review
from perfdesk.collect.dispatch import unit_file_name as dispatch_name
from perfdesk.collect.gather import collect
from perfdesk.collect.summary_file import overview_rows
from perfdesk.collect.units import Unit
from perfdesk.definitions.locations import reset_defaults
from perfdesk.pdf.batch import Cancelled, print_units
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import read_sealed, read_workbook, write_workbook

from .summary_units import unit_workbook

ROOT = Path(__file__).resolve().parents[2]
KIND = ('[[kinds]]\nid = "prov_self_eval"\nname = "省项目自评表"\nstage = "self_eval"\nper_project = true\n'
        'id_prefix = "prov_eval"\nrequired_level1 = {req}\n')
STRICT = '["产出", "效益", "满意度", "质量", "时效", "成本"]'


def _install_kind(data: Path, req: str | None) -> None:
    kinds = data / "forms" / "kinds"
    kinds.mkdir(parents=True, exist_ok=True)
    defn = (ROOT / "forms" / "national_project_self_eval.toml").read_text(encoding="utf-8")
    defn = defn.replace('id = "national_project_self_eval"', 'id = "prov_project_self_eval"', 1)
    defn = defn.replace('kind = "project_self_eval"', 'kind = "prov_self_eval"', 1)
    (data / "forms" / "prov_project_self_eval.toml").write_text(defn, encoding="utf-8")
    if req is None:
        (kinds / "prov.toml").unlink(missing_ok=True)
        (data / "forms" / "prov_project_self_eval.toml").unlink()
    else:
        (kinds / "prov.toml").write_text(KIND.format(req=req), encoding="utf-8")
    reset_defaults()


@pytest.fixture
def prov_unit(user_data_dir, tmp_path):
    """A unit's file written on a PC whose kind requires nothing: the 满意度 branch's indicators
    have no names (an error either way; a warning only where the kind requires 满意度)."""
    from perfdesk.definitions.loader import default_registry

    _install_kind(user_data_dir, "[]")
    wb = load_sample("national-project-self-eval-2024")
    d = default_registry()["prov_project_self_eval"]
    for f in wb.forms:
        f.definition = d
        for top in f.indicators:
            if "满意度" in top.name:
                for c in top.children:
                    for g in c.children:
                        g.name = ""
    wb.profile_texts = {}
    usb = tmp_path / "usb"
    usb.mkdir()
    write_workbook(usb / "u.perfdesk", wb)
    assert read_sealed(usb / "u.perfdesk") is not None      # sealed where it was written
    return user_data_dir, usb


def test_a_seal_is_not_trusted_where_the_form_kind_says_otherwise(prov_unit):
    data, usb = prov_unit
    _install_kind(data, STRICT)                             # the 主管部门's PC: 满意度 required
    assert read_sealed(usb / "u.perfdesk") is None
    sealed = overview_rows(collect([usb]))[0]
    full = overview_rows(collect([usb], recheck=True))[0]
    assert (sealed["errors"], sealed["warnings"]) == (full["errors"], full["warnings"]) == (1, 1)


def test_a_kind_unknown_here_takes_the_full_path_which_refuses_it(prov_unit, tmp_path, capsys):
    data, usb = prov_unit
    summary = tmp_path / "s.perfdesk-summary"
    assert main(["collect", str(usb), "-o", str(summary)]) == 0      # made where the kind exists
    _install_kind(data, None)                               # a PC without the province's kind
    assert read_sealed(usb / "u.perfdesk") is None
    collection = collect([usb])
    assert collection.deliveries == [] and overview_rows(collection) == []
    assert [r.code for r in collection.rejected] == ["damaged"]
    assert "表样" in collection.rejected[0].reason
    # an older summary holding that unit: `summary show` names the unit it cannot read
    capsys.readouterr()
    assert main(["summary", "show", str(summary)]) == 1
    err = capsys.readouterr().err
    assert "中国气象局气象探测中心" in err and "未知的表类型" in err


def test_a_unit_in_two_years_is_picked_with_year_and_returned_to_two_files(tmp_path, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    write_workbook(usb / "a2023.perfdesk", unit_workbook(0, projects=1, year=2023))
    write_workbook(usb / "a2024.perfdesk", unit_workbook(0, projects=1, year=2024))
    s = tmp_path / "s.perfdesk-summary"
    assert main(["collect", str(usb), "-o", str(s)]) == 0
    capsys.readouterr()
    assert main(["comment", str(s), "--unit", "500000", "--form", "project_eval_01", "x"]) == 1
    err = capsys.readouterr().err
    assert "--year" in err and "2023" in err and "2024" in err and "请用单位代码" not in err
    assert main(["comment", str(s), "--unit", "500000", "--year", "2024", "--form", "project_eval_01", "二四"]) == 0
    assert main(["comment", str(s), "--unit", "500000", "--year", "2023", "--form", "project_eval_01", "二三"]) == 0
    assert main(["comment", str(s), "--unit", "500000", "--year", "2022", "--form", "project_eval_01", "x"]) == 1
    assert "没有 2022 年度" in capsys.readouterr().err
    assert main(["comments", str(s), "--unit", "500000", "--year", "2023", "--json"]) == 0
    assert [c["text"] for c in json.loads(capsys.readouterr().out)] == ["二三"]
    out = tmp_path / "ret"
    assert main(["return", str(s), "--all", "-o", str(out)]) == 0
    got = sorted((p.name, read_workbook(p).year, [c.text for c in read_workbook(p).comments]) for p in out.iterdir())
    assert [(y, t) for _, y, t in got] == [(2023, ["二三"]), (2024, ["二四"])]
    assert [n for n, _, _ in got] == [p.name.replace(".perfdesk", f"-{y}.perfdesk")
                                      for p, y in ((Path(dispatch_name(Unit(read_workbook(out / n).unit, "500000"))), y)
                                                   for n, y, _ in got)]
    one = tmp_path / "one.perfdesk"
    assert main(["return", str(s), "--unit", "500000", "--year", "2023", "-o", str(one)]) == 0
    assert read_workbook(one).year == 2023


def test_return_and_dispatch_names_are_safe_on_windows():
    from perfdesk.domain.file_names import safe_file_name
    from perfdesk.domain.model import Workbook

    assert dispatch_name(Unit("CON", "")) == "_CON.perfdesk"
    assert dispatch_name(Unit("aux.服务中心", "")) == "_aux.服务中心.perfdesk"
    assert dispatch_name(Unit("服务中心", "aux")) == "aux-服务中心.perfdesk"       # not a device name
    cut = dispatch_name(Unit("某" * 118 + " .局", ""))
    assert not cut[:-len(".perfdesk")].endswith((" ", ".")) and len(cut) <= 120 + len(".perfdesk")
    assert review.return_file_name(Workbook(unit="PRN", unit_code="", year=2024)) == "_PRN.perfdesk"
    assert review.return_file_name(Workbook(unit="甲/乙:丙", unit_code="1", year=2024)) == "1-甲_乙_丙.perfdesk"
    assert safe_file_name("AUX .x") == "_AUX .x"
    # two units whose names differ only by unsafe characters: -2, as batch print does
    names = review.return_file_names([Workbook(unit="甲/乙", unit_code="", year=2024), Workbook(unit="甲:乙", unit_code="", year=2024)])
    assert names == ["甲_乙.perfdesk", "甲_乙-2.perfdesk"]


def test_each_cancelled_or_failing_writes_nothing_and_keeps_the_old_files(tmp_path):
    out = tmp_path / "each"
    units = [unit_workbook(i, projects=1) for i in range(3)]

    def cancel(done, total, text):
        if text.startswith("打印：") and done == 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        print_units(units, out, each=True, progress=cancel)
    assert not out.exists()                                 # the folder it made is gone too
    result = print_units(units, out, each=True)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(before) == 3 and all(n.endswith(".pdf") for n in before)

    def fail_late(done, total, text):
        if text == "完成":
            raise OSError("disk full")

    with pytest.raises(OSError):
        print_units(units[:2], out, each=True, progress=fail_late)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before     # untouched, no temporaries
    assert sorted(Path(o).name for o in result.outputs) == sorted(before)
