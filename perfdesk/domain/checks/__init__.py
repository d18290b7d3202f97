"""The checker (审核): rules over a form that find what gets tables sent back, each finding with
a code, a severity (错误 blocks a clean print; 警告 and 提示 do not), a place and a Chinese message
with the numbers. One module per rule family; see engine.FAMILIES."""
from .engine import FAMILIES, check_form, check_workbook, chooser, flatten
from .finding import Finding, Severity, counts, worst

__all__ = ["FAMILIES", "Finding", "Severity", "check_form", "check_workbook", "chooser", "counts", "flatten", "worst"]
