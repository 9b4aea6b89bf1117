"""Packaging step that keeps ``seeds/`` and ``exercises/`` top-level folders in the repository.

A wheel must carry the case data and the exercise bank (in a student copy: the released ``bank.json``)
as package data. They are copied into ``kit/_data/`` of the build only; a checkout (and an editable
install) reads them where they are. Everything else is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA_FOLDERS = ("seeds", "exercises")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's folders directly
        for name in DATA_FOLDERS:
            target = Path(self.build_lib) / "kit" / "_data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(HERE / name, target, ignore=SKIP)


setup(cmdclass={"build_py": BuildWithData})
