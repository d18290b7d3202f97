"""The print hints in forms/*.toml that the renderer reads, and the loader's refusal of bad ones."""
import tomllib

import pytest

from perfdesk.definitions.loader import DefinitionError, forms_dir, parse_definition


def load(name: str, **print_hints) -> object:
    data = tomllib.loads((forms_dir() / f"{name}.toml").read_text(encoding="utf-8"))
    data["print"].update(print_hints)
    return parse_definition(data, f"{name}.toml")


def test_shipped_hints():
    hebei = load("hebei_project_target")
    assert (hebei.print.fields_per_row, hebei.print.horizontal) == (2, ("budget",))
    shenzhen = load("shenzhen_project_self_eval")
    assert shenzhen.print.orientation == "landscape" and shenzhen.print.indicator_label_column
    assert load("jiangsu_dept_self_eval").print.narrative and load("hebei_dept_plan").print.narrative
    lvzhi = load("jiangsu_dept_target").indicators.branch("履职")
    assert len(lvzhi.widths) == 3 + len(lvzhi.level2_columns) + 2   # its own block's columns


def test_horizontal_must_name_a_funds_table():
    with pytest.raises(DefinitionError, match="horizontal"):
        load("hebei_project_target", horizontal=["nope"])


def test_fields_per_row_must_be_positive():
    with pytest.raises(DefinitionError, match="fields_per_row"):
        load("hebei_project_target", fields_per_row=0)
