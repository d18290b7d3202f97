"""A self-test of an installed or frozen perfdesk, offline and offscreen (issue 18).

    perfdesk --selftest                     (the portable bundle)
    python -m perfdesk.selftest             (any install)
    python -m perfdesk.selftest start FILE  start the GUI on FILE and quit after its first frame
                                            (what tools/build_bundle.py times)
    python -m perfdesk.selftest libs        Linux: name the system libraries the window needs
                                            that this PC lacks (install.sh runs it)

It writes a sample workbook into a temporary folder, checks, prints and exports it through the
command line's own code, opens it in the main window (offscreen unless a display is set), and
checks that the form definitions, the icon, the Qt translation and a CJK font are there. Exit 0
when all is well; every step says what it found.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Debian/UOS/Kylin package of each system library Qt's X11 platform plugin links to (Qt ≥ 6.5 needs
# libxcb-cursor0, which a desktop without other Qt 6 programs often lacks; without it no window opens)
LIBRARY_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0", "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1", "libdbus-1.so.3": "libdbus-1-3",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-render.so.0": "libxcb-render0", "libxcb-util.so.1": "libxcb-util1",
    "libX11-xcb.so.1": "libx11-xcb1",
}


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


def not_found(ldd_output: str) -> set[str]:
    """The libraries `ldd` could not find, but not Qt's or PySide's own (the program carries those)."""
    names = set(re.findall(r"^\s*(\S+) => not found", ldd_output, re.MULTILINE))
    return {n for n in names if not n.startswith(("libQt6", "libpyside6", "libshiboken6"))}


def missing_system_libraries() -> list[str]:
    """Linux: the system libraries that Qt's X11 (xcb) platform plugin needs and this PC lacks."""
    ldd = shutil.which("ldd")
    if not sys.platform.startswith("linux") or not ldd:
        return []
    import PySide6

    qt = Path(PySide6.__file__).resolve().parent / "Qt"
    missing: set[str] = set()
    for path in [qt / "plugins" / "platforms" / "libqxcb.so", *sorted((qt / "lib").glob("libQt6XcbQpa.so*"))]:
        if path.is_file():
            done = subprocess.run([ldd, str(path)], capture_output=True, text=True)
            missing |= not_found(done.stdout)
    return sorted(missing)


def library_advice(missing: list[str]) -> str:
    packages = " ".join(dict.fromkeys(LIBRARY_PACKAGES.get(name, name) for name in missing))
    return (f"本机缺少程序窗口所需的系统库：{'、'.join(missing)}。图形界面打不开，命令行（perfdesk check、"
            f"print、export 等）不受影响。请管理员安装（统信 UOS、麒麟、Debian：sudo apt install {packages}），"
            f"之后不必重装本程序。")


def check_libraries() -> int:
    """`selftest libs`: say what is missing (exit 1) or nothing (exit 0)."""
    missing = missing_system_libraries()
    if missing:
        print("提示：" + library_advice(missing), flush=True)
        return 1
    return 0


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
    missing = missing_system_libraries()     # a warning: offscreen (and the command line) work without
    print(f"{'通过' if not missing else '警告'}  窗口所需的系统库" + (f"：{library_advice(missing)}" if missing else ""),
          flush=True)
    ok = all(results)
    print("自检通过" if ok else "自检失败", flush=True)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["start"]:
        return first_frame_and_quit(argv[1] if len(argv) > 1 else None)
    if argv[:1] == ["libs"]:
        return check_libraries()
    return run()


if __name__ == "__main__":
    sys.exit(main())
