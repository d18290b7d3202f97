import pytest
from PySide6.QtCore import QSettings

from perfdesk.gui import dialogs, print_preview


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    """QSettings (recent files, window layout) in a temporary place, never the user's."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("perfdesk")
    qapp.setApplicationName("perfdesk")
    yield


class DialogLog:
    """Stands in for every modal dialog: records what was asked, answers what the test says."""

    def __init__(self):
        self.errors: list[str] = []
        self.asked: list[str] = []
        self.save_answer = "discard"
        self.save_path = None
        self.open_path = None
        self.confirm_answer = True
        self.item_answer = None
        self.choice_answer = None    # the index of the button pressed in ask_choice (None: 取消)
        self.choices: list[list[str]] = []   # the buttons each ask_choice offered
        self.run_dialog = None       # a function(dialog) -> bool
        self.printer = None          # what the system print dialog returns (None: 取消)


@pytest.fixture(autouse=True)
def dialog_log(monkeypatch):
    log = DialogLog()

    def fail_run(dialog):
        if log.run_dialog is None:
            raise AssertionError(f"unexpected modal dialog {dialog!r}")
        return log.run_dialog(dialog)

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: log.errors.append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: log.asked.append(text))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: (log.asked.append(text), log.confirm_answer)[1])
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: (log.asked.append(name), log.save_answer)[1])
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, directory="": log.open_path)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested="": log.save_path)
    monkeypatch.setattr(dialogs, "ask_item", lambda parent, title, label, items: log.item_answer)
    monkeypatch.setattr(dialogs, "run_dialog", fail_run)

    def choice(parent, title, text, choices, default=0, detail=""):
        log.asked.append(text)
        log.choices.append(list(choices))
        return log.choice_answer

    monkeypatch.setattr(dialogs, "ask_choice", choice)
    monkeypatch.setattr(print_preview, "choose_printer", lambda parent: log.printer)
    monkeypatch.setattr(print_preview, "show_error", lambda parent, text: log.errors.append(text))
    monkeypatch.setattr(dialogs, "ask_save_file", lambda parent, title, suggested, file_filter, suffix: log.save_path)
    monkeypatch.setattr(dialogs, "ask_open_file", lambda parent, title, directory, file_filter: log.open_path)
    return log


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """The user's own indicator library in a temporary place, never the user's."""
    monkeypatch.setenv("PERFDESK_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path / "data"


@pytest.fixture
def window(qtbot):
    from .helpers import make_window
    return make_window(qtbot)
