"""A self-test of an installed or frozen perfdesk, offline and offscreen (issue 18).

    perfdesk --selftest                     (the portable bundle)
    python -m perfdesk.selftest             (any install)
    python -m perfdesk.selftest start FILE  start the GUI on FILE and quit after its first frame
                                            (what tools/build_bundle.py times)

It writes a sample workbook into a temporary folder, checks, prints and exports it through the
command line's own code, opens it in the main window (offscreen unless a display is set), and
checks that the form definitions, the icon, the Qt translation and a CJK font are there. Exit 0
when all is well; every step says what it found.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def _step(name: str, ok: bool, detail: str = "") -> bool:
    print(f"{'通过' if ok else '失败'}  {name}{'：' + detail if detail else ''}", flush=True)
    return ok


def first_frame_and_quit(path: str | None) -> int:
    """Start as `perfdesk FILE` does, quit right after the first painted frame."""
    from .gui.idle import after_first_paint
    from .launch import start

    app, window = start(path)
    after_first_paint(window, app.quit)
    return app.exec()


def run() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .cli.main import main as cli

    results = []
    with tempfile.TemporaryDirectory(prefix="perfdesk-selftest-") as tmp:
        os.environ.setdefault("PERFDESK_DATA_DIR", str(Path(tmp) / "data"))
        os.environ.setdefault("PERFDESK_CACHE_DIR", str(Path(tmp) / "cache"))
        book = Path(tmp) / "示例.perfdesk"
        results.append(_step("表样定义", cli(["forms", "list"]) == 0))
        results.append(_step("示例工作簿", cli(["demo", "shenzhen-guangming-2024", "-o", str(book)]) == 0))
        results.append(_step("审核", cli(["check", str(book)]) in (0, 1, 2)))
        pdf, xlsx = Path(tmp) / "s.pdf", Path(tmp) / "s.xlsx"
        results.append(_step("打印 PDF", cli(["print", str(book), "-o", str(pdf)]) == 0 and pdf.stat().st_size > 0))
        results.append(_step("导出 Excel", cli(["export", str(book), "-o", str(xlsx)]) == 0 and xlsx.stat().st_size > 0))

        from .resources import bundled_font, resources_dir

        results.append(_step("资源目录", resources_dir() is not None, str(resources_dir())))
        results.append(_step("随附字体", bundled_font() is not None, str(bundled_font())))

        from .gui.app import install_chinese, make_app, open_window

        started = time.perf_counter()
        app = make_app()
        from PySide6.QtCore import QSettings

        # the recent list and window layout of this test go to the temporary folder
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(tmp) / "settings"))
        window = open_window(str(book))
        window.repaint()
        app.processEvents()
        results.append(_step("主窗口", window.isVisible(), f"{time.perf_counter() - started:.2f} s"))
        icon = app.windowIcon()
        results.append(_step("程序图标", not icon.isNull(), f"{len(icon.availableSizes())} 种尺寸"))
        results.append(_step("Qt 中文翻译", install_chinese(app)))
        window.close()
    ok = all(results)
    print("自检通过" if ok else "自检失败", flush=True)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["start"]:
        return first_frame_and_quit(argv[1] if len(argv) > 1 else None)
    return run()


if __name__ == "__main__":
    sys.exit(main())
