"""Workbook JSON (perfdesk.codec) under Hypothesis: a sound workbook with places damaged (wrong
types, deep nesting, huge numbers, NaN and Infinity, bad strings, parts removed) and JSON of any
shape. Reading either gives a workbook or a WorkbookDataError with a Chinese message naming the
place; nothing else is ever raised, and what is accepted writes back and reads back the same."""
import json
import re

import pytest
from hypothesis import given

from perfdesk.codec import WorkbookDataError, dump_workbook, workbook_from_dict
from perfdesk.samples import load_sample

from .conftest import examples
from .strategies import JSON, JSON_TEXTS, damaged_workbooks

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SOUND = json.loads(dump_workbook(load_sample("rugao-2023")))
SOUND_PROJECT = json.loads(dump_workbook(load_sample("shenzhen-guangming-2024")))


def read(data):
    try:
        wb = workbook_from_dict(data)
    except WorkbookDataError as exc:
        assert CHINESE.search(str(exc)), str(exc)
        return None
    text = dump_workbook(wb)
    assert dump_workbook(workbook_from_dict(json.loads(text))) == text   # accepted: writes back the same
    return wb


@examples(1200)
@given(damaged_workbooks(SOUND))
def test_a_damaged_department_workbook_reads_or_is_refused_in_chinese(data):
    read(data)


@examples(800)
@given(damaged_workbooks(SOUND_PROJECT))
def test_a_damaged_project_workbook_reads_or_is_refused_in_chinese(data):
    read(data)


@examples(600)
@given(JSON)
def test_json_of_any_shape_is_refused_in_chinese(data):
    read(data)


@examples(600)
@given(JSON_TEXTS)
def test_any_text_parsed_as_json_then_read(text):
    # the way the file store and `load` read it: json.loads first (deep nesting, huge numbers
    # and NaN are json's to refuse, as ValueError or RecursionError, which the callers handle)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    read(data)


def test_the_sound_samples_read():
    assert read(SOUND) is not None and read(SOUND_PROJECT) is not None
