import os
import tempfile

# Before any QApplication exists: without a display the qapp fixture would abort the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Parsed form definitions are cached in the user's cache folder (perfdesk.definitions.toml_cache):
# the tests, and the programs they start, keep theirs apart.
os.environ.setdefault("PERFDESK_CACHE_DIR", tempfile.mkdtemp(prefix="perfdesk-test-cache-"))
