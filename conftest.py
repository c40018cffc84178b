"""The tests are the notebooks: pytest collects each `nbs/*.ipynb` as one test and runs it with nbdev's own runner,
so exactly the cells `nbdev-test` runs are run (cells tagged with `tst_flags` such as `slow` or `cuda` are skipped
unless named with `--nb-flags "slow cuda"`)."""
import pytest


def pytest_addoption(parser):
    parser.addoption('--nb-flags', default='', help='space-separated tst_flags whose cells run too, e.g. "slow cuda"')


def pytest_collect_file(parent, file_path):
    if file_path.suffix == '.ipynb' and not file_path.name.startswith(('_', '.')) and \
            '.ipynb_checkpoints' not in file_path.parts:
        return NotebookFile.from_parent(parent, path=file_path)


class NotebookFile(pytest.File):
    def collect(self): yield NotebookTest.from_parent(self, name=self.path.stem)


class NotebookFailed(Exception): pass


class NotebookTest(pytest.Item):
    def runtest(self):
        from nbdev.config import get_config
        from nbdev.test import test_nb
        skip = str(get_config().tst_flags or '').split()
        ok, _ = test_nb(self.path, skip_flags=skip, force_flags=self.config.getoption('nb_flags').split())
        if not ok: raise NotebookFailed(f"{self.path.name}: a cell failed (its traceback is in the captured stderr)")

    def repr_failure(self, excinfo):
        return str(excinfo.value) if excinfo.errisinstance(NotebookFailed) else super().repr_failure(excinfo)

    def reportinfo(self): return self.path, None, f"notebook {self.path.name}"
