"""A writer for the kill test: opens a workbook (taking over a dead predecessor's lock) and
streams edits (autosaved) and imports (a new form, with an automatic snapshot, saved), printing
one acknowledgement line after each commit has returned."""
import copy
import sys

from perfdesk.store.workbook_file import WorkbookFile


def main(path: str, first: int) -> None:
    wf = WorkbookFile.open(path)
    wb = wf.load()
    template = next(f for f in wb.forms if f.kind == "project_target")
    n = first
    while True:
        n += 1
        if n % 7 == 0:
            form = copy.deepcopy(template)
            form.id, form.title = f"import_{n}", f"导入{n}"
            wf.create_snapshot(wb, f"导入前自动快照 {n}", auto=True)
            wb.forms.append(form)
            wf.save(wb, [form])
            print(f"import {n} {form.id}", flush=True)
        else:
            form = wb.forms[n % 10]
            form.title = f"编辑{n}"
            wf.autosave(wb, [form])
            print(f"edit {n} {form.id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
