"""The overview's 批量打印: every delivered unit's forms with the ordinary print and its checks
(perfdesk.pdf.batch.print_units, as `perfdesk print SUMMARY -o ALL.pdf | --each DIR`), as one
PDF or one PDF per unit; units with 审核 errors print as drafts, and what was left out is said."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction

from .. import dialogs
from ..progress import Cancelled, Progress


def _units(overview) -> tuple[list, list[dict]]:
    """The delivered units (workbooks decoded) and the files the collect did not use."""
    from ...collect.review import unit_label

    summary = overview.summary
    units, unreadable = [], []
    for row in summary.rows:
        entry = summary.unit(row)
        if entry is None:
            continue
        try:
            workbook = summary.workbook(row)
        except Exception as exc:    # noqa: BLE001 - one unreadable unit is left out, the others print
            try:
                label = unit_label(entry)
            except Exception:     # noqa: BLE001
                label = ""
            label = label or row.get("unit", "") or Path(entry.get("file", "")).name
            unreadable.append({"unit": label, "unit_code": row.get("unit_code", "") or "", "file": entry.get("file", ""),
                               "reason": f"汇总文件中该单位的工作簿无法读取（{exc}）"})
            continue
        units.append({"file": entry.get("file", ""), "workbook": workbook})
    left = [{"unit": "", "unit_code": "", "file": r.get("file", ""), "reason": r.get("reason", "")}
            for r in summary.rejected if r.get("code") not in ("replaced", "duplicate")]
    return units, unreadable + left


def print_batch(overview, each: bool) -> bool:
    from ...pdf import FontError
    from ...pdf.batch import print_units

    units, left = _units(overview)
    if not units:
        why = "".join(f"\n{u['unit']}：{u['reason']}" for u in left if u["unit"])
        dialogs.show_error(overview, "批量打印", "汇总中没有可打印的单位，没有可打印的表。" + why)
        return False
    year = overview.summary.year
    if each:
        from .collect_dialog import ask_folder

        target = ask_folder(overview, "选择存放各单位 PDF 的文件夹")
    else:
        name = f"{year}年度各单位绩效表汇总打印.pdf" if year else "各单位绩效表汇总打印.pdf"
        start = str((overview.summary.path.parent if overview.summary.path else Path.home()) / name)
        target = dialogs.ask_save_file(overview, "批量打印为 PDF", start, "PDF 文件 (*.pdf)", ".pdf")
    if not target:
        return False
    try:
        with Progress(overview, "正在批量打印…", 2 * len(units)) as progress:
            result = print_units(units, target, each=each, left_out=left,
                                 progress=progress.callback("{name}"))
    except Cancelled:
        overview.statusBar().showMessage("已取消批量打印，没有写入文件", 8000)
        return False
    except (FontError, ValueError, OSError) as exc:
        dialogs.show_error(overview, "批量打印失败", str(exc))
        return False
    overview.last_batch = result
    lines = [f"已打印 {len(result.printed)} 个单位" + (f"，共 {result.pages} 页" if result.pages else "")
             + f"：{target}"]
    if result.drafts:
        lines.append(f"其中 {len(result.drafts)} 个单位有审核错误，印为草稿（每页标注，不能盖章报送）："
                     + "、".join(u.unit for u in result.drafts[:10]) + ("等" if len(result.drafts) > 10 else ""))
    if result.left_out:
        lines.append(f"未打印 {len(result.left_out)} 项：")
        lines += [f"  {u.unit or Path(u.file).name}：{u.reason}" for u in result.left_out[:20]]
    dialogs.show_info(overview, "批量打印", "\n".join(lines))
    return True


def batch_print_actions(overview) -> list[QAction]:
    one = QAction("批量打印为一个 PDF(&P)…", overview)
    one.setStatusTip("各单位报送的表逐一按正式打印排版，合成一个 PDF（封面、目录、书签）；有错误的单位印为草稿")
    one.triggered.connect(lambda _c=False: print_batch(overview, each=False))
    each = QAction("批量打印为每单位一个 PDF(&U)…", overview)
    each.setStatusTip("每个单位一个 PDF（<代码>-<名称>.pdf），写入所选文件夹")
    each.triggered.connect(lambda _c=False: print_batch(overview, each=True))
    overview.act_batch_print, overview.act_batch_each = one, each
    return [one, each]
