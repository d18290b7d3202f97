import os

# Before any QApplication exists: without a display the qapp fixture would abort the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
