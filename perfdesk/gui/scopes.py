"""Which forms a print or an export covers (FormScopeDialog offers them)."""
CURRENT, SELECTED, ALL = "current", "selected", "all"
