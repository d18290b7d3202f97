"""The program's start (perfdesk.launch): the collector is off until the first frame, then on."""
import os
import subprocess
import sys
import textwrap


def test_the_collector_is_off_during_start_up_and_on_after_the_first_frame(tmp_path):
    code = textwrap.dedent("""
        import gc, os, sys
        from perfdesk.samples import load_sample
        from perfdesk.store.workbook_file import write_workbook
        path = os.path.join(sys.argv[1], "s.perfdesk")
        write_workbook(path, load_sample("shenzhen-guangming-2024"))
        from perfdesk import launch
        app, window = launch.start(path)
        during = gc.isenabled()
        from PySide6.QtCore import QTimer
        seen = []
        def look():
            seen.append(gc.isenabled())
            if gc.isenabled() or len(seen) > 200:
                print("during", during, "after", gc.isenabled(), "frozen", gc.get_freeze_count() > 0,
                      "form", window.current_form_id() != "")
                os._exit(0)
            QTimer.singleShot(10, look)
        QTimer.singleShot(0, look)
        app.exec()
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               PERFDESK_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "during False after True frozen True form True"


def test_a_failed_start_leaves_the_collector_on(monkeypatch):
    import gc

    from perfdesk import launch
    from perfdesk.gui import app as gui_app

    def broken(path):
        raise RuntimeError("no window")

    monkeypatch.setattr(gui_app, "open_window", broken)
    monkeypatch.setattr(gui_app, "make_app", lambda: None)
    try:
        launch.start(None)
    except RuntimeError:
        pass
    assert gc.isenabled()
