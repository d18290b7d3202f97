"""Ship forms/ (the form definitions) and resources/ (icon, desktop entry, MIME type, Qt
translation, font, licences), both kept at the top level as data, inside the installed package."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_DIRS = ("forms", "resources")


class BuildWithForms(build_py):
    def run(self):
        super().run()
        if not self.editable_mode:
            for name in DATA_DIRS:
                target = Path(self.build_lib) / "perfdesk" / name
                shutil.copytree(Path(__file__).parent / name, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithForms})
