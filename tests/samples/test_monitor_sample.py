"""The monitoring sample: derived from real Hebei target forms with the shipped rule, figures to
the end of June lighting every colour; `perfdesk check` lists each light with its reason and
`perfdesk info --json` counts them per form."""
import json

import pytest

from perfdesk.cli.main import main
from perfdesk.definitions.profiles import default_profiles
from perfdesk.domain import figures
from perfdesk.domain.checks import check_workbook
from perfdesk.domain.checks.finding import Severity
from perfdesk.domain.monitor import form_lights, is_monitoring
from perfdesk.samples import load_sample

NAME = "hebei-monitor-2022"


def _monitoring(wb):
    return [f for f in wb.forms if is_monitoring(f)]


def test_derived_from_the_real_target_forms_values_unchanged():
    wb, seed = load_sample(NAME), load_sample("hebei-2022")
    forms = _monitoring(wb)
    assert [f.origin.source_form for f in forms] == ["project_03", "project_04", "project_08"]
    for form in forms:
        source = seed.form(form.origin.source_form)
        assert [(r.name, r.cells["target_value"].text) for r in figures.named_indicators(form)] == \
               [(r.name, r.cells["target_value"].text) for r in figures.named_indicators(source)]
        assert form.funds["funds"].value("total", "adjusted") == source.funds["budget"].value("total", "amount")
        assert form.fields["month"] == "6"


def test_every_colour_lights_up_budget_and_indicators():
    lights = [x for f in _monitoring(load_sample(NAME)) for x in form_lights(f)]
    budget = {x.colour.value for x in lights if not x.path}
    indicators = {x.colour.value for x in lights if x.path}
    assert budget == {"red", "yellow", "green"}
    assert indicators == {"red", "yellow", "green", "blue"}


def test_the_monitoring_forms_are_complete_only_lights_are_reported():
    wb = load_sample(NAME)
    found = check_workbook(wb, default_profiles())
    for form in _monitoring(wb):
        assert [f for f in found[form.id] if f.severity is not Severity.INFO] == [], form.id
        assert {f.code for f in found[form.id]} == {"monitor.light"}


@pytest.fixture(scope="module")
def workbook_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("monitor") / "m.perfdesk"
    assert main(["demo", NAME, "-o", str(path)]) == 0
    return path


def test_check_lists_each_light_with_its_reason(capsys, workbook_file):
    main(["check", str(workbook_file), "--json", "--form", "project_08_monitoring"])
    data = json.loads(capsys.readouterr().out)
    lights = [f for f in data if f["code"] == "monitor.light"]
    assert len(lights) == 5 and all(f["severity"] == "提示" for f in lights)
    assert lights[0]["place"].endswith("1-6月执行数") and "时间进度 50%" in lights[0]["message"] \
        and "红灯" in lights[0]["message"]
    assert any("案件办结率" in f["place"] and "完成进度 50%" in f["message"] for f in lights)
    main(["check", str(workbook_file), "--form", "project_03_monitoring"])
    out = capsys.readouterr().out
    assert "蓝灯" in out and "monitor.light" in out


def test_info_json_counts_the_lights_per_form(capsys, workbook_file):
    main(["info", str(workbook_file), "--json"])
    forms = {f["id"]: f for f in json.loads(capsys.readouterr().out)["forms"]}
    assert forms["project_03_monitoring"]["lights"] == {"red": 1, "yellow": 1, "green": 1, "blue": 1}
    assert forms["project_08_monitoring"]["lights"]["red"] == 2
    assert forms["project_08_monitoring"]["budget_light"] == "red"
    assert "lights" not in forms["project_03"]


def test_exported_and_imported_back_identically_with_the_derivation_record(tmp_path):
    # the hidden perfdesk sheet keeps where a derived form came from, so 比对 works after a round trip
    from perfdesk.codec import workbook_to_dict
    from perfdesk.definitions.loader import default_registry
    from perfdesk.xlsx import export_xlsx, import_xlsx

    wb = load_sample(NAME)
    path = tmp_path / "m.xlsx"
    export_xlsx(wb, path)
    back = workbook_to_dict(import_xlsx(path, registry=default_registry()).workbook)
    before = workbook_to_dict(wb)
    assert back == before and back["forms"][1]["origin"]["form"] == "project_03"
