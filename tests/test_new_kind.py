"""A form kind the program has never seen (绩效运行监控表), added as data only — a kinds file and a
definition in tests/data/monitoring — loads, makes numbered blank forms with its own id prefix and
links, is checked by its own kind's rules, derives, prints, exports and imports back."""
import tomllib
from pathlib import Path

import pytest

from perfdesk.definitions.derivations import parse_rule
from perfdesk.definitions.kinds import kinds_dir, load_kinds
from perfdesk.definitions.loader import DefinitionError, Registry, default_registry, load_definition_file
from perfdesk.domain.blank import new_form, new_workbook
from perfdesk.domain.checks import check_form
from perfdesk.domain.derive import derive_self_eval
from perfdesk.domain.model import IndicatorNode
from perfdesk.domain.values import IndicatorValue

DATA = Path(__file__).parent / "data" / "monitoring"
DEFINITION = DATA / "forms" / "sichuan_monitoring.toml"


@pytest.fixture(scope="module")
def kinds():
    return load_kinds(kinds_dir(), DATA / "kinds")


@pytest.fixture(scope="module")
def monitoring(kinds):
    return load_definition_file(DEFINITION, kinds=kinds)


def test_the_package_alone_does_not_know_the_kind():
    with pytest.raises(DefinitionError) as info:
        load_definition_file(DEFINITION)
    assert info.value.key == "kind" and "monitoring" in str(info.value) and "forms/kinds" in str(info.value)


def test_the_kinds_file_adds_the_kind_beside_the_shipped_ones(kinds, monitoring):
    assert kinds.ids[-1] == "monitoring" and "project_self_eval" in kinds
    kind = monitoring.kind_info
    assert kind.per_project and kind.prefix == "monitor" and kind.stage == "monitoring"
    # the kind's links, and the definition's own [links] for the project
    assert dict(kind.links) == {"unit": ("ssdw",), "year": ("jknd",),
                                "project_name": ("xmmc",), "project_code": ("xmbm",)}


def test_blank_forms_are_numbered_with_the_kinds_prefix_and_filled_from_the_workbook(monitoring):
    wb = new_workbook("成都市某局", "510100001", 2025, [(monitoring, 2)])
    assert [f.id for f in wb.forms] == ["monitor_01", "monitor_02"]
    form = wb.forms[0]
    assert form.fields == {"ssdw": "成都市某局", "jknd": "2025"}
    assert form.title == "2025年度项目支出绩效运行监控表"
    assert [n.name for n in form.indicators] == ["产出指标", "效益指标", "满意度指标"]
    wb.forms.append(new_form(monitoring, wb))
    assert wb.forms[-1].id == "monitor_03"


def _codes(form):
    return sorted((f.code, f.message) for f in check_form(form) if f.code.startswith(("structure.", "value.rate")))


def _fill(form):
    form.fields.update(xmmc="城乡供水保障", xmbm="51010025X000001")
    out, benefit = form.indicators[0], form.indicators[1]
    out.children[0].children.append(IndicatorNode("新建管网长度", cells={
        "target_value": IndicatorValue.parse("≥20公里"), "actual_value": IndicatorValue.parse("12公里")}))
    benefit.children[0].children.append(IndicatorNode("受益人口", cells={
        "target_value": IndicatorValue.parse("≥5万人"), "actual_value": IndicatorValue.parse("3万人")}))


def test_structure_checks_follow_the_kinds_required_branches(monitoring):
    form = new_workbook("成都市某局", "", 2025, [(monitoring, 1)]).forms[0]
    missing = [m for c, m in _codes(form) if c == "structure.missing"]
    # 产出 and 效益 are required by the kind; 满意度 is not (the shipped kinds require it)
    assert len(missing) == 2 and any("产出" in m for m in missing) and any("效益" in m for m in missing)
    assert not any("满意度" in m for m in missing)
    _fill(form)
    assert _codes(form) == []


def test_bounded_rates_come_from_the_kind(monitoring):
    form = new_workbook("成都市某局", "", 2025, [(monitoring, 1)]).forms[0]
    _fill(form)
    form.indicators[0].children[1].children.append(IndicatorNode("工程任务完成率", cells={
        "target_value": IndicatorValue.parse("≥120%")}))
    codes = [c for c, _ in _codes(form)]
    assert codes == ["value.rate_over_100"]       # 完成率 is bounded in this kind only


def test_a_named_projects_form_derives_into_the_new_kind(monitoring):
    registry = Registry({d.id: d for d in default_registry()} | {monitoring.id: monitoring})
    data = tomllib.loads((DATA / "derivations" / "monitoring.toml").read_text(encoding="utf-8"))
    rule = parse_rule(data, "derivations/monitoring.toml", registry)
    wb = new_workbook("成都市某局", "510100001", 2025, [(registry["hebei_project_target"], 1)])
    source = wb.forms[0]
    source.fields.update(project_name="城乡供水保障", project_code="P001")
    form = derive_self_eval(wb, source, rule, monitoring)
    assert form.id == "project_01_monitoring"
    assert form.title == "城乡供水保障绩效运行监控表"      # the kind's project_title
    assert form.fields["xmmc"] == "城乡供水保障" and form.fields["jknd"] == "2025"


def test_the_new_kinds_form_prints_exports_and_imports_back(monitoring, tmp_path):
    from perfdesk.pdf.document import render_pdf_bytes
    from perfdesk.codec import dump_workbook
    from perfdesk.xlsx import export_xlsx, import_xlsx

    wb = new_workbook("成都市某局", "510100001", 2025, [(monitoring, 1)])
    _fill(wb.forms[0])
    pdf, _ = render_pdf_bytes(wb)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "monitoring.xlsx"
    export_xlsx(wb, path)
    result = import_xlsx(path, registry=Registry({monitoring.id: monitoring}))
    assert dump_workbook(result.workbook) == dump_workbook(wb)
