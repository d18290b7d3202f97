"""Reading workbook data refuses what does not fit the form definition, naming the place."""
import copy
import json

import pytest

from perfdesk.samples import load_sample
from perfdesk.codec import WorkbookDataError, workbook_from_dict, workbook_to_dict


@pytest.fixture
def shenzhen():
    return json.loads(json.dumps(workbook_to_dict(load_sample("shenzhen-guangming-2024"))))


def refusal(data) -> str:
    with pytest.raises(WorkbookDataError) as info:
        workbook_from_dict(data)
    return str(info.value)


def test_unknown_definition(shenzhen):
    shenzhen["forms"][0]["definition"] = "zhejiang_project_self_eval"
    assert "zhejiang_project_self_eval" in refusal(shenzhen)


def test_unknown_indicator_column_names_row_and_column(shenzhen):
    node = shenzhen["forms"][0]["indicators"]["tree"][0]["children"][0]["children"][0]
    node["cells"]["remark"] = "x"
    msg = refusal(shenzhen)
    assert "后勤经费保障伙食人员数量" in msg and "remark" in msg


def test_text_in_a_number_column(shenzhen):
    node = shenzhen["forms"][0]["indicators"]["tree"][0]["children"][0]["children"][0]
    node["cells"]["weight"] = "两分"
    msg = refusal(shenzhen)
    assert "权重" in msg and "两分" in msg


def test_computed_row_cannot_be_typed(shenzhen):
    shenzhen["forms"][0]["funds"]["execution"]["rows"]["total"] = {"initial": "1"}
    assert "计算行" in refusal(shenzhen)


def test_fourth_level_refused(shenzhen):
    node = shenzhen["forms"][0]["indicators"]["tree"][0]["children"][0]["children"][0]
    node["children"] = [{"name": "四级", "cells": {}, "children": []}]
    assert "三级指标下不能再有下级指标" in refusal(shenzhen)


def test_newer_data_version(shenzhen):
    shenzhen["version"] = 99
    assert "升级" in refusal(shenzhen)


def test_duplicate_form_ids(shenzhen):
    shenzhen["forms"].append(copy.deepcopy(shenzhen["forms"][0]))
    assert "重复" in refusal(shenzhen)


def test_bad_year(shenzhen):
    shenzhen["year"] = "二〇二四"
    assert "年度" in refusal(shenzhen)


def test_a_stored_value_missing_what_its_kind_needs_is_refused():
    # found by tests/properties: a quantitative value without a number loaded, then `check` failed
    import json as _json

    import pytest as _pytest

    from perfdesk.codec import WorkbookDataError, dump_workbook, workbook_from_dict
    from perfdesk.samples import load_sample

    data = _json.loads(dump_workbook(load_sample("rugao-2023")))

    def leaves(node):
        yield node
        for child in node.get("children", []):
            yield from leaves(child)
    values = [leaf["cells"][key] for top in data["forms"][0]["indicators"]["tree"] for leaf in leaves(top)
              for key in ("target_value", "actual_value") if isinstance(leaf.get("cells", {}).get(key), dict)]
    quantity = next(v for v in values if v.get("kind") == "quantitative")
    quantity["number"] = None
    with _pytest.raises(WorkbookDataError, match="缺少数值"):
        workbook_from_dict(data)
    quantity["number"] = "5"
    quantity["text"] = None                  # null reads as absent: the text is empty
    assert workbook_from_dict(data).forms
