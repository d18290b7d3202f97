"""The findings model: forms with counts per severity, findings below, one form replaceable alone."""
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from perfdesk.definitions.profiles import default_profiles
from perfdesk.domain.checks import Severity, check_workbook
from perfdesk.gui.check_model import CountsRole, FindingRole, FindingsModel, FormIdRole, PlaceRole, SeverityRole
from perfdesk.samples import load_sample, sample_names


def filled(name):
    wb = load_sample(name)
    by_form = check_workbook(wb, default_profiles())
    model = FindingsModel()
    model.set_forms([(f.id, f.title) for f in wb.forms], by_form)
    return wb, by_form, model


def test_model_passes_the_model_tester_on_every_sample(qtmodeltester):
    for name in sample_names():
        _, _, model = filled(name)
        qtmodeltester.check(model)


def test_forms_with_counts_and_findings_below(qtmodeltester):
    wb, by_form, model = filled("hebei-2022")
    assert model.rowCount() == 10
    first = model.index(1, 0)                                  # project_01
    assert model.data(first) == "车辆保险费绩效目标表"
    assert model.data(first.siblingAtColumn(1)) == "错误 2 · 警告 1 · 提示 0"
    assert model.data(first, CountsRole) == {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}
    assert model.data(first, SeverityRole) is Severity.ERROR and model.data(first, FormIdRole) == "project_01"
    assert model.rowCount(first) == 3
    child = model.index(0, 0, first)
    f = model.data(child, FindingRole)
    assert f is by_form["project_01"][0]
    assert model.data(child) == f.message and model.data(child.siblingAtColumn(1)) == f.where
    assert model.data(child.siblingAtColumn(2)) == f.code and model.data(child, PlaceRole) == f.place
    assert model.parent(child) == first and model.parent(first) == QModelIndex()
    assert model.data(child, Qt.ItemDataRole.DecorationRole) is not None
    assert model.rowCount(child) == 0


def test_replacing_one_form_leaves_the_others_alone(qtmodeltester):
    wb, by_form, model = filled("hebei-2022")
    qtmodeltester.check(model)
    other = QPersistentModelIndex(model.index(0, 0, model.index(3, 0)))   # a finding of project_03
    before = model.data(other)
    removed, inserted = [], []
    model.rowsRemoved.connect(lambda parent, a, b: removed.append((parent.row(), a, b)))
    model.rowsInserted.connect(lambda parent, a, b: inserted.append((parent.row(), a, b)))
    assert model.set_form_findings("project_02", by_form["project_02"][:1])
    assert removed == [(2, 0, len(by_form["project_02"]) - 1)] and inserted == [(2, 0, 0)]
    assert model.data(model.index(2, 0).siblingAtColumn(1)) == "错误 1 · 警告 0 · 提示 0"
    assert other.isValid() and model.data(other) == before
    assert model.set_form_findings("project_02", [])
    assert model.data(model.index(2, 0).siblingAtColumn(1)) == "未发现问题"
    assert not model.set_form_findings("nope", [])
    qtmodeltester.check(model)


def test_finding_index_by_place():
    wb, by_form, model = filled("shenzhen-guangming-2024")
    serial = next(f for f in by_form["project_self_eval"] if f.code == "value.excel_serial")
    index = model.finding_index("project_self_eval", serial.place)
    assert model.data(index, FindingRole) is serial
    assert not model.finding_index("project_self_eval", None).isValid()
