"""Self-evaluation scoring: profiles (forms/profiles/*.toml) and the scorer that suggests a score
for every row with the rule that produced it."""
from .profile import ExecutionCap, Grade, Level1Points, ProfileSet, QualitativeBand, ScoringProfile
from .scorer import ExecutionScore, FormScore, RowScore, Suggestion, score_execution, score_form, suggest

__all__ = [
    "ExecutionCap", "ExecutionScore", "FormScore", "Grade", "Level1Points", "ProfileSet",
    "QualitativeBand", "RowScore", "ScoringProfile", "Suggestion", "score_execution", "score_form", "suggest",
]
