"""汇总: a 主管部门 sends blank workbooks to its units (dispatch) and gathers them back (collect).

Qt-free: the command line and, later, the GUI both drive it. See docs/collect.md.
"""
