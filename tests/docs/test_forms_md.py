"""docs/forms.md cannot drift from the loader: every TOML example in it loads, and every key the
loader reads is named in it.

A block after `<!-- example: full -->` is a whole definition; one after `<!-- example: fragment -->`
is added to a minimal definition. `new` in the marker: the example uses keys added for issue 15,
which load once that change is in (until then such examples are skipped, and say so)."""
import re
import tomllib
from pathlib import Path

import pytest

from perfdesk.definitions import loader
from perfdesk.definitions.loader import DefinitionError, parse_definition

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "forms.md"
MARKER = re.compile(r"<!-- example: (full|fragment)( new)? -->\n```toml\n(.*?)```", re.S)
BASE = 'id = "example"\nkind = "project_self_eval"\nname = "示例"\n'


def examples() -> list[tuple[str, bool, str, int]]:
    text = DOC.read_text(encoding="utf-8")
    return [(m.group(1), bool(m.group(2)), m.group(3), text.count("\n", 0, m.start()) + 1)
            for m in MARKER.finditer(text)]


def new_keys_supported() -> bool:
    """Whether the loader knows the issue-15 keys (the definition type gains `signature`)."""
    from perfdesk.domain.definition import FormDefinition
    return "signature" in FormDefinition.__struct_fields__


def test_the_doc_has_examples_of_both_sorts():
    found = examples()
    assert len([e for e in found if e[0] == "full"]) >= 2
    assert len([e for e in found if e[0] == "fragment"]) >= 15
    # every ```toml block is marked, so none escapes this test
    assert DOC.read_text(encoding="utf-8").count("```toml") == len(found)


@pytest.mark.parametrize("sort,new,body,line", examples(), ids=lambda v: str(v) if isinstance(v, int) else None)
def test_example_loads(sort, new, body, line):
    if new and not new_keys_supported():
        pytest.skip(f"docs/forms.md line {line}: uses issue-15 keys this loader does not have yet")
    text = body if sort == "full" else BASE + body
    try:
        data = tomllib.loads(text)
        parse_definition(data, f"docs/forms.md:{line}")
    except (tomllib.TOMLDecodeError, DefinitionError) as exc:
        pytest.fail(f"docs/forms.md line {line}: {exc}")


def test_a_broken_example_would_be_caught():
    with pytest.raises(DefinitionError):
        parse_definition(tomllib.loads(BASE + '[[fields]]\nid = "x"\nlabel = "x"\ntype = "colour"\n'), "t")


def loader_keys() -> set[str]:
    source = Path(loader.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'\.(?:get|ident|tables|child)\("([a-z_0-9]+)"', source))
    return keys | set(re.findall(r'_columns\(\w+, "([a-z_0-9]+)"\)', source))


def test_every_key_the_loader_reads_is_documented():
    doc = DOC.read_text(encoding="utf-8")
    keys = loader_keys()
    assert {"id", "kind", "layout", "level2_columns", "sum_lines"} <= keys
    forms = ("`{}`", "{} =", "[{}]", "[[{}]]", ".{}]")      # `key`, key = …, [key], [[key]], [[a.key]]
    missing = sorted(k for k in keys if not any(f.format(k) in doc for f in forms))
    assert missing == []


def test_the_monitoring_thresholds_example_loads_as_a_profile():
    from perfdesk.definitions.profiles import parse_profile
    from perfdesk.domain.monitor import Colour

    text = DOC.read_text(encoding="utf-8").split("## Monitoring forms", 1)[1]
    block = text.split("```\n", 2)[1]
    data = tomllib.loads('id = "p"\nname = "p"\n' + block)
    rules = parse_profile(data, "docs/forms.md").monitoring
    assert rules.budget.red_below == 60 and rules.higher.blue_from == 120
    assert rules.word_colour("进度滞后")[0] is Colour.YELLOW
