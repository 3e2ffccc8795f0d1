"""The user's settings: a TOML file read with tomllib; anything wrong is a warning and a default.

Where: `--config FILE`, else READER_CONFIG, else `<platform config dir>/config.toml`
(`~/.config/reader/config.toml` on Linux). A missing file means every default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from reader import paths
from reader.citations import UnknownStyle, check_style
from reader.citations.styles import resolve_style_path
from reader.citations.fields import DEFAULT_BROWSER_URL, url_template_error
from reader.key_config import apply_keys
from reader.keys import KEYS, Key
from reader.store.history import DEFAULT_LIMIT as HISTORY_LIMIT

CONFIG_ENV = "READER_CONFIG"


@dataclass(frozen=True)
class Config:
    """Settings with their defaults."""

    citation_style: str = "bibtex"
    browser_url: str = DEFAULT_BROWSER_URL
    theme: str | None = None  # a Textual theme name; None: the app's default
    listings: tuple[str, ...] = ()  # listing folders or files, `~` allowed
    bundled: bool = True  # whether the bundled seeds stay in the library
    keys: tuple[Key, ...] = KEYS  # the key table with the `[keys]` table applied (reader.key_config)
    history_limit: int = HISTORY_LIMIT  # changes the history keeps for undo and redo (0: no limit)


def config_path(override: str | os.PathLike | None = None) -> Path:
    """`override`, else READER_CONFIG, else the platform's config dir's config.toml."""
    chosen = override or os.environ.get(CONFIG_ENV)
    return Path(chosen).expanduser() if chosen else paths.config_dir() / "config.toml"


def _style_problem(value: str) -> str | None:
    try:
        check_style(value)
    except UnknownStyle as error:
        return f"is not a known citation style ({error})"
    return None


def _problem(key: str, value) -> str | None:
    """Why `value` is not valid for `key`, or None."""
    if key == "bundled":
        return None if isinstance(value, bool) else f"must be true or false, not {type(value).__name__}"
    if key == "history_limit":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return "must be a whole number of changes, 0 or more (0 keeps them all), e.g. 10000"
        return None
    if key == "listings":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "must be a list of folder or file paths, e.g. [\"~/papers\"]"
        return None
    if not isinstance(value, str):
        return f"must be a string, not {type(value).__name__}"
    if key == "citation_style":
        return _style_problem(value)
    if key == "browser_url":
        error = url_template_error(value)
        return f"is not a URL template: {error}" if error else None
    return None


def load_config(path: str | os.PathLike | None = None) -> tuple[Config, list[str]]:
    """The settings and one warning line per problem (naming the file and key); defaults fill in."""
    where = config_path(path)
    try:
        data = tomllib.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError) as error:
        return Config(), [f"{where}: cannot read the config ({error}); using the defaults"]
    except tomllib.TOMLDecodeError as error:
        return Config(), [f"{where}: not valid TOML ({error}); using the defaults"]
    known = {f.name for f in fields(Config)}
    config, warnings = Config(), []
    for key, value in data.items():
        if key not in known:
            warnings.append(f"{where}: unknown key “{key}”; use one of {', '.join(sorted(known))}")
            continue
        if key == "keys":
            table, problems = apply_keys(value, str(where))
            warnings += problems
            config = replace(config, keys=table)
            continue
        if key == "citation_style" and isinstance(value, str):
            value = resolve_style_path(value, where.parent)  # a relative .csl path is beside the config
        problem = _problem(key, value)
        if problem:
            default = getattr(Config(), key)
            warnings.append(f"{where}: {key} {problem}; using {default!r}")
            continue
        config = replace(config, **{key: tuple(value) if key == "listings" else value})
    return config, warnings
