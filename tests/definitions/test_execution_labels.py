"""[funds_summary].execution `labels` (three: 分值 | 执行率 | 得分, or two: 分值 | 得分 with no rate
cell) and `other_rows` (what the other rows print in those cells, 四川: "/")."""
import pytest

from perfdesk.definitions.loader import DefinitionError, forms_dir, parse_definition_text

SICHUAN = (forms_dir() / "sichuan_project_self_eval.toml").read_text(encoding="utf-8")
LABELS = 'labels = ["权重", "得分"]'


def load(text: str):
    return parse_definition_text(text, "test.toml", "user")


def with_labels(labels: str) -> str:
    assert LABELS in SICHUAN
    return SICHUAN.replace(LABELS, labels)


def test_sichuan_prints_two_execution_cells_and_a_slash_elsewhere():
    ex = load(SICHUAN).execution
    assert ex.labels == ("权重", "得分") and not ex.has_rate
    assert ex.other_rows == "/"


def test_three_labels_are_accepted():
    ex = load(with_labels('labels = ["分值", "执行率", "得分"]')).execution
    assert ex.labels == ("分值", "执行率", "得分") and ex.has_rate


def test_without_labels_and_other_rows_the_defaults_hold():
    plain = SICHUAN.replace(', labels = ["权重", "得分"], other_rows = "/"', "")
    assert plain != SICHUAN
    ex = load(plain).execution
    assert ex.labels == ("分值", "执行率", "得分") and ex.has_rate
    assert ex.other_rows == ""


@pytest.mark.parametrize("labels", ['["得分"]', '["分值", "执行率", "得分", "备注"]', "[]"])
def test_other_counts_are_refused_naming_the_key(labels):
    with pytest.raises(DefinitionError) as exc:
        load(with_labels(f"labels = {labels}"))
    assert exc.value.key.endswith("execution.labels")
    message = str(exc.value)
    assert "labels" in message and "应有 3 项" in message and "2 项" in message


def test_other_rows_must_be_text():
    with pytest.raises(DefinitionError) as exc:
        load(SICHUAN.replace('other_rows = "/"', "other_rows = 1"))
    assert exc.value.key.endswith("execution.other_rows")
