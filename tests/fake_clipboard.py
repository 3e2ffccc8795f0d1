"""Fake clipboard tools on PATH: shell scripts that copy, fail as the real ones do, or hang.

`fake_tools.add("xclip", COPIES)` puts an executable `xclip` in a folder of its own;
`fake_tools.env(DISPLAY=":99")` is an environment whose PATH holds only that folder, so a real
xclip installed on the machine never gets in the way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

COPIES = 'exec /bin/cat > "$CLIPBOARD_FILE"\n'
# what xclip 0.13 does with DISPLAY pointing at no X server
NO_DISPLAY = "echo \"Error: Can't open display: $DISPLAY\" >&2\nexit 1\n"
HANGS = "exec /bin/sleep 30\n"
# exits 0 yet says it failed
SAYS_ERROR = "/bin/cat > /dev/null\necho 'Error: target STRING not available' >&2\n"
# xclip's real shape: a child keeps serving the selection, holding stderr, after the tool exits
FORKS = '( exec /bin/sleep 5 ) &\nexec /bin/cat > "$CLIPBOARD_FILE"\n'


@dataclass
class FakeTools:
    """A folder of fake tools and the file a copying one writes to."""

    bin: Path
    clipboard: Path

    def add(self, name: str, body: str) -> Path:
        path = self.bin / name
        path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
        path.chmod(0o755)
        return path

    def env(self, **extra: str) -> dict[str, str]:
        return {"PATH": str(self.bin), "CLIPBOARD_FILE": str(self.clipboard), **extra}

    def copied(self) -> str | None:
        return self.clipboard.read_text(encoding="utf-8") if self.clipboard.exists() else None


@pytest.fixture
def fake_tools(tmp_path) -> FakeTools:
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    return FakeTools(folder, tmp_path / "clipboard.txt")
