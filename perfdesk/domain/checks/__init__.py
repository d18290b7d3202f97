"""The checker (审核): rules over a form that find what gets tables sent back, each finding with
a code, a severity (错误 blocks a clean print; 警告 and 提示 do not), a place and a Chinese message
with the numbers. One module per rule family; see engine.FAMILIES."""
from .finding import Finding, Severity, counts, worst

_ENGINE = ("FAMILIES", "check_form", "check_workbook", "chooser", "flatten")

__all__ = ["Finding", "Severity", "counts", "worst", *_ENGINE]


def __getattr__(name: str):
    # the rules load on the first check, not with every module that only names a Finding
    # (the GUI shows its window before it checks anything)
    if name in _ENGINE:
        from . import engine
        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
