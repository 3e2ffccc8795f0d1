"""The core never imports textual: the CLI and every layer below the app stay UI-free."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module", ["reader.library", "reader.cli", "reader.ingest", "reader.search.index", "reader.store"]
)
def test_core_does_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_search_of_seeds_does_not_import_textual(tmp_path):
    code = (
        "import sys\n"
        "from reader.library import Library\n"
        f"lib = Library.open(data_dir={str(tmp_path)!r})\n"
        "assert lib.search('language model').total > 0\n"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
