"""汇总表 definitions (forms/summaries/*.toml and `summaries/` in the user's forms folder).

They are form definitions in the ordinary format (docs/forms.md) of a kind whose stage is
"summary" (forms/kinds/summary.toml), with a [summary] table and a `from` on each column of its
list; they live apart from forms/*.toml so that 新建 and `perfdesk forms list` never offer a unit
a table only its 主管部门 computes. A province's own 汇总表 is one more file here, no code."""
from __future__ import annotations

import functools

from . import locations
from .loader import Registry
from .reader import forms_dir

SUMMARIES = "summaries"
DEFAULT_IDS = ("national_self_eval_summary", "national_target_summary")


@functools.cache
def summary_registry() -> Registry:
    """The installed summary definitions: the program's forms/summaries/, then the user's
    forms/summaries/ (a user file with a built-in id is ignored, as for forms)."""
    return Registry.from_directories(forms_dir() / SUMMARIES, locations.user_forms_dir() / SUMMARIES)


locations.forget_on_reset(summary_registry.cache_clear)
