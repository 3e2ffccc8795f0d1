"""The config's `[keys]` table laid over the key table: the keys in force, and what was wrong.

    [keys]
    tag = "t"                  # an action of reader.keys.KEYS: one key
    copy = ["y", "ctrl+y"]     # or several
    reading.back = "h"         # one scope only (main, results, reading, lists, app)

An unknown action, a name that is not a key, or a key that another action active at the
same time already has is one warning naming the file and the key; that action keeps its
default keys. Kept free of textual.
"""

from __future__ import annotations

from dataclasses import replace

from reader.key_names import display, normalise
from reader.keys import KEYS, SCOPES, Key

ACTIVE_TOGETHER = (("main", "results", "app"), ("reading", "app"), ("lists", "app"))  # scopes bound at the same time
_EXAMPLES = '"t", "T", "?", "ctrl+y", "f5", "pagedown"'


def _keys_of(value) -> list[str] | None:
    """The key names a config value lists (a string or a list of strings), else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def _clash(table: list[Key], rows: list[int]) -> tuple[int, Key, str] | None:
    """The first changed row (index) whose key another action active with it already has;
    of two changed rows, the one the config wrote later."""
    for scopes in ACTIVE_TOGETHER:
        owners: dict[str, int] = {}
        for index, key in enumerate(table):
            if key.scope not in scopes:
                continue
            for name in key.keys.split(","):
                other = owners.setdefault(name, index)
                if other != index and (index in rows or other in rows):
                    changed = max((r for r in (index, other) if r in rows), key=rows.index)
                    return changed, table[other if changed == index else index], name
    return None


def apply_keys(value, where: str, table: tuple[Key, ...] = KEYS) -> tuple[tuple[Key, ...], list[str]]:
    """`table` with the `[keys]` config value applied, and one warning line per problem."""
    if not isinstance(value, dict):
        return table, [f'{where}: keys must be a table, e.g. [keys] then tag = "t"; using the default keys']
    actions = sorted({k.action for k in table})
    wanted: list[tuple[str, str | None, object]] = []  # (action, scope or None, value), in config order
    for name, keys in value.items():
        if isinstance(keys, dict) and name in SCOPES:
            wanted += [(action, name, v) for action, v in keys.items()]
        else:
            wanted.append((name, None, keys))
    result, warnings = list(table), []
    changed: dict[int, str] = {}  # row -> how the config wrote it
    for action, scope, keys in wanted:
        written = f"{scope}.{action}" if scope else action
        rows = [i for i, k in enumerate(table) if k.action == action and scope in (None, k.scope)]
        if not rows:
            warnings.append(f"{where}: [keys] unknown action “{written}”; use one of {', '.join(actions)}")
            continue
        names = _keys_of(keys)
        normal = [normalise(n) for n in names] if names is not None else [None]
        if None in normal:
            bad = names[normal.index(None)] if names is not None else keys
            warnings.append(f"{where}: [keys] {written}: “{bad}” is not a key name (e.g. {_EXAMPLES}); "
                            f"keeping {table[rows[0]].display}")
            continue
        for row in rows:
            result[row] = replace(table[row], keys=",".join(dict.fromkeys(normal)), shown="")
            changed[row] = written
    while (clash := _clash(result, list(changed))) is not None:
        row, other, name = clash
        written = changed[row]
        warnings.append(f"{where}: [keys] {written}: {display(name)} is already the key of "
                        f"“{other.label}” ({SCOPES[other.scope].lower()}); keeping {table[row].display}")
        for same in [r for r, w in changed.items() if w == written]:  # every scope of that entry: one warning
            del changed[same]
            result[same] = table[same]
    return tuple(result), warnings
