"""The citation core stays UI-free."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["reader.citations", "reader.citations.clipboard", "reader.config", "reader.cli.cite"])
def test_citations_do_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
