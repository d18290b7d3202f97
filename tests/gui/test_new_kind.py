"""The navigator groups the forms of a per-project kind it has never seen under 项目支出 and names
each by the field its definition links to the project name (tests/data/monitoring)."""
from pathlib import Path

from perfdesk.definitions.kinds import kinds_dir, load_kinds
from perfdesk.definitions.loader import default_registry, load_definition_file
from perfdesk.domain.blank import new_workbook
from perfdesk.gui.navigator_model import build_tree

DATA = Path(__file__).parent.parent / "data" / "monitoring"


def test_a_new_per_project_kind_is_grouped_and_named_by_its_linked_project_field():
    kinds = load_kinds(kinds_dir(), DATA / "kinds")
    monitoring = load_definition_file(DATA / "forms" / "sichuan_monitoring.toml", kinds=kinds)
    wb = new_workbook("成都市某局", "", 2025, [(default_registry()["jiangsu_dept_target"], 1), (monitoring, 2)])
    wb.forms[1].fields.update(xmmc="城乡供水保障", xmbm="P001")
    top = build_tree(wb).children[0]
    unit_form, group = top.children
    assert unit_form.form_id == "dept_target" and group.kind == "group" and "（2）" in group.label
    assert [c.form_id for c in group.children] == ["monitor_01", "monitor_02"]
    assert group.children[0].label == "城乡供水保障" and "P001" in group.children[0].tooltip
