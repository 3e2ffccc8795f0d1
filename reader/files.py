"""Writing the user's files safely: whole or not at all, with the permissions the user expects."""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask: read from /proc where the kernel shows it, else set and put back at once."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:  # os.umask can only be read by setting it
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The permissions the written file gets: the replaced file's, else what the umask allows (0666 & ~umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write through a temporary file in the same folder, then rename over the target.

    A new file gets the permissions the umask allows (as `open` would give it); a replaced
    file keeps its own."""
    path = Path(path).expanduser()
    mode = _mode_for(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), mode)  # mkstemp makes it 0600 whatever the umask
            out.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
