"""汇总 in the GUI: collect a folder of units' workbooks (collect_actions), the overview window
(overview_window, over overview_model), a unit's delivered forms read-only (unit_window),
下发任务 (dispatch_dialog) and the task banner a dispatched workbook shows on opening
(task_banner). The work itself is perfdesk.collect's (Qt-free); see docs/collect.md."""
