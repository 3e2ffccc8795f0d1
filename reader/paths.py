"""Where things live: the bundled seeds, the data dir, the config dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "reader"


def bundled_seeds() -> Path:
    """The built-in listings: inside the package when installed, else the source tree's seeds/."""
    packaged = Path(__file__).parent / "seeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "seeds"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The user's data dir: `--data-dir`, else READER_DATA_DIR, else the platform's."""
    chosen = override or os.environ.get("READER_DATA_DIR")
    return Path(chosen).expanduser() if chosen else Path(platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    """The platform's config dir for reader."""
    return Path(platformdirs.user_config_dir(APP_NAME))


def listing_files(roots: list[Path]) -> list[Path]:
    """Every listing file under the seed folders, in a stable order; a file root is taken as is."""
    found: list[Path] = []
    seen: set[Path] = set()
    for root in roots:
        if root.is_file():
            candidates = [root]
        else:
            candidates = sorted(
                p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"
                and not any(part.startswith(".") for part in p.relative_to(root).parts)
            )
        for path in candidates:
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.append(resolved)
    return found
