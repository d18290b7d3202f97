from perfdesk.definitions.loader import default_registry
from perfdesk.domain import edits
from perfdesk.domain.blank import new_workbook
from perfdesk.domain.completeness import completeness
from perfdesk.domain.edits import SetValue
from perfdesk.domain.model import IndicatorNode
from perfdesk.domain.places import FieldPlace, IndicatorPlace, SectionPlace
from perfdesk.domain.values import IndicatorValue
from perfdesk.samples import load_sample


def test_a_blank_project_form_lists_what_is_missing_and_fills_up():
    wb = new_workbook("某局", "", 2025, [(default_registry()["hebei_project_target"], 1)])
    form = wb.forms[0]
    c = completeness(form)
    assert c.percent == 0
    places = {m.place for m in c.missing}
    assert FieldPlace("project_code") in places and SectionPlace("goal") in places
    assert any("“产出指标”下尚无指标" in m.text for m in c.missing)
    edits.apply(wb, edits.InsertNodes(form.id, (0, 0), 0, (IndicatorNode("办理数量"),)))
    c2 = completeness(form)
    assert c2.total > c.total and IndicatorPlace((0, 0, 0), "target_value") in {m.place for m in c2.missing}
    edits.apply(wb, SetValue(form.id, IndicatorPlace((0, 0, 0), "target_value"), IndicatorValue.parse("是/否")))
    placeholder = next(m for m in completeness(form).missing if m.place == IndicatorPlace((0, 0, 0), "target_value"))
    assert "占位" in placeholder.text
    edits.apply(wb, SetValue(form.id, IndicatorPlace((0, 0, 0), "target_value"), IndicatorValue.parse("≥20件")))
    assert completeness(form).filled == c2.filled + 1


def test_samples_completeness():
    assert completeness(load_sample("nantong-2024").forms[0]).percent == 100
    hebei = completeness(load_sample("hebei-2022").form("project_01"))
    assert hebei.percent < 100 and all("是/否" in m.text for m in hebei.missing)
    # a level-2 row stating 无 counts as complete (seed 004)
    assert completeness(load_sample("shenzhen-guangming-2024").forms[0]).missing == ()
