"""Self-evaluation scoring: profiles (forms/profiles/*.toml) and the scorer that suggests a score
for every row with the rule that produced it."""

_PROFILE = ("ExecutionCap", "Grade", "Level1Points", "ProfileSet", "QualitativeBand", "ScoringProfile")
_SCORER = ("ExecutionScore", "FormScore", "RowScore", "Suggestion", "score_execution", "score_form", "suggest")

__all__ = sorted(_PROFILE + _SCORER)


def __getattr__(name: str):
    # the submodules load when a name is first used, not with `scoring.columns` (the GUI names the
    # score columns at start-up; the scorer is needed only when a suggested score is shown)
    if name in _PROFILE or name in _SCORER:
        from importlib import import_module

        return getattr(import_module(".profile" if name in _PROFILE else ".scorer", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
