"""Ship forms/ (the form definitions, kept at the top level as data) inside the installed package."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithForms(build_py):
    def run(self):
        super().run()
        if not self.editable_mode:
            target = Path(self.build_lib) / "perfdesk" / "forms"
            shutil.copytree(Path(__file__).parent / "forms", target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithForms})
