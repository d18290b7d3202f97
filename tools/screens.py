"""Screenshots of each sample's main form at the office screen sizes (issue 20), for docs/screens/,
and of the 汇总 overview (the five samples collected, one damaged file; issue 22).

    python tools/screens.py [OUT_DIR] [SAMPLE ...]      (SAMPLE "overview": only the overview)

Needs Xvfb and ImageMagick's `import` (Debian: xvfb imagemagick). Each shot runs in a fresh
process on its own virtual screen of that size, with a fresh settings folder, so no saved layout
leaks in; 150 % is QT_SCALE_FACTOR=1.5 on a 1366×768 screen.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = [("1366x768", "1"), ("1024x768", "1"), ("1920x1080", "1"), ("1366x768", "1.5")]
SAMPLES = ["shenzhen-guangming-2024", "suzhou-2024", "nantong-2024", "hebei-2022", "rugao-2023"]

SHOT = r'''
import os, sys, tempfile
from PySide6.QtCore import QSettings, QTimer
out, sample, tab = sys.argv[1], sys.argv[2], int(sys.argv[3])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
from perfdesk.gui.app import make_app, open_window
app = make_app()
w = open_window(None)
w.close_document(); w.open_sample(sample)
w.showMaximized()
w.setGeometry(w.screen().availableGeometry())   # no window manager under Xvfb: fill the screen ourselves
def go():
    ed = w.editor_stack.currentWidget()
    tabs = getattr(ed, "tabs", None)
    if tabs is not None and tabs.count() > tab:
        tabs.setCurrentIndex(tab)
    QTimer.singleShot(900, shoot)
def shoot():
    os.system(f"import -window root {out}")
    app.quit()
QTimer.singleShot(1200, go)
app.exec()
'''


OVERVIEW_SHOT = r'''
import os, sys, tempfile
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
out = sys.argv[1]
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
from perfdesk.samples import load_sample, sample_names
from perfdesk.store.workbook_file import write_workbook
folder = Path(tempfile.mkdtemp())
for name in sample_names():
    write_workbook(folder / f"{name}.perfdesk", load_sample(name))
(folder / "损坏.perfdesk").write_bytes((folder / f"{name}.perfdesk").read_bytes()[:3000])
from perfdesk.gui.app import make_app
from perfdesk.gui.main_window import MainWindow
app = make_app()
w = MainWindow()
w.show()
def go():
    ov = w.summary_actions.collect_sources([str(folder)])
    ov.saved = True
    ov.setGeometry(w.screen().availableGeometry())
    QTimer.singleShot(900, shoot)
def shoot():
    os.system(f"import -window root {out}")
    app.quit()
QTimer.singleShot(800, go)
app.exec()
'''


def shoot(out: Path, sample: str, size: str, scale: str, display: int, tab: int = 1) -> None:
    xvfb = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        env = dict(os.environ, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=scale,
                   PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=tempfile.mkdtemp(), PERFDESK_DATA_DIR=tempfile.mkdtemp())
        env.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
        if sample == "overview":
            subprocess.run([sys.executable, "-c", OVERVIEW_SHOT, str(out)], env=env, timeout=120, check=True)
        else:
            subprocess.run([sys.executable, "-c", SHOT, str(out), sample, str(tab)], env=env, timeout=120, check=True)
        # 256 colours: a screenshot of a form keeps its look at a fraction of the bytes
        subprocess.run(["convert", str(out), "-colors", "256", f"PNG8:{out}"], check=True)
    finally:
        xvfb.terminate()
        xvfb.wait()


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else ROOT / "docs" / "screens"
    samples = argv[1:] or SAMPLES
    out_dir.mkdir(parents=True, exist_ok=True)
    display = 90
    if not argv[1:] or "overview" in samples:
        shoot(out_dir / "summary-overview-1366x768.png", "overview", "1366x768", "1", display)
        print(out_dir / "summary-overview-1366x768.png")
        display += 1
    samples = [s for s in samples if s != "overview"]
    for sample in samples:
        for size, scale in SIZES:
            name = f"{sample}-{size}" + ("" if scale == "1" else f"-{int(float(scale) * 100)}pct") + ".png"
            shoot(out_dir / name, sample, size, scale, display)
            print(out_dir / name)
            display += 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
