"""When a workbook cannot be opened because its content is damaged, and it holds snapshots, the
error offers to restore one (as `perfdesk restore`): the file as it was is kept byte for byte
beside it, so choosing wrongly loses nothing."""
from __future__ import annotations

from pathlib import Path

from . import dialogs
from ..store.workbook_file import WorkbookFile, WorkbookFileError


def readable_snapshots(path: str) -> list:
    """The snapshots a damaged file still holds, newest first ([] when none can be read)."""
    try:
        with WorkbookFile.open(path, read_only=True) as wf:
            try:
                wf.load()
                return []               # the content reads: the refusal was about something else
            except WorkbookFileError:
                pass
            found = []
            for snap in reversed(wf.snapshots()):
                try:
                    wf.snapshot_workbook(snap)
                except WorkbookFileError:
                    continue            # a damaged snapshot is not offered
                found.append(snap)
            return found
    except WorkbookFileError:
        return []


def offer_restore(window, path: str, error: str) -> bool:
    """Show the error; where snapshots exist, offer to restore one. True when one was restored
    (the caller opens the file again)."""
    snapshots = readable_snapshots(path)
    if not snapshots:
        dialogs.show_error(window, "无法打开工作簿", error)
        return False
    name = Path(path).name
    answer = dialogs.ask_choice(
        window, "无法打开工作簿", error,
        ["用快照恢复…", "取消"],
        detail=f"文件中有 {len(snapshots)} 个可用的快照。用其中一个恢复后即可打开；"
               f"恢复前的 {name} 会原样另存一份（文件名含“损坏备份”），不会丢失。")
    if answer != 0:
        return False
    labels = [f"{s.name}（{s.created.replace('T', ' ')}）" for s in snapshots]
    chosen = dialogs.ask_item(window, "用快照恢复", "恢复为哪个快照的内容：", labels)
    if chosen is None:
        return False
    snap = snapshots[chosen]
    try:
        with WorkbookFile.open(path, to_restore=True) as wf:
            wf.restore_snapshot(f"#{snap.id}")
            backup = wf.damaged_backup
    except WorkbookFileError as exc:
        dialogs.show_error(window, "无法恢复快照", str(exc))
        return False
    kept = f"恢复前的文件已原样备份为 {backup.name}。" if backup is not None else "恢复前的状态已保存为自动快照。"
    dialogs.show_info(window, "已恢复快照", f"{name} 已恢复为快照“{snap.name}”的内容。{kept}")
    return True
