"""Key names: what a user may write in the config, in the form Textual binds, and as shown.

Kept free of textual (the config is read by the command line too); the names follow
Textual's: a letter or digit as itself, another character by its Unicode name
(`?` is `question_mark`), named keys (`escape`, `pagedown`, `f5`) and modifiers
(`ctrl+y`, `shift+tab`, `alt+x`).
"""

from __future__ import annotations

import unicodedata

MODIFIERS = ("ctrl", "shift", "alt")
NAMED = frozenset(
    ("escape", "enter", "tab", "space", "backspace", "delete", "insert", "home", "end",
     "pageup", "pagedown", "up", "down", "left", "right", *(f"f{n}" for n in range(1, 25)))
)
_ALIASES = {"esc": "escape", "return": "enter", "pgup": "pageup", "pgdn": "pagedown", "del": "delete",
            "ins": "insert"}
_RENAMED = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
            "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}  # as Textual names them
_UNICODE_NAMES = {short: long for long, short in _RENAMED.items()}
_SHOWN = {
    "question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter", "space": "Space", "tab": "Tab",
    "backspace": "Backspace", "delete": "Del", "insert": "Ins", "down": "↓", "up": "↑", "left": "←",
    "right": "→", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End",
}


def _character_name(character: str) -> str:
    """The key name Textual gives a printable character."""
    if character.isalnum():
        return character
    name = unicodedata.name(character, "").lower().replace("-", "_").replace(" ", "_")
    return _RENAMED.get(name, name)


def _character(name: str) -> str | None:
    """The printable character a key name such as `question_mark` stands for, else None."""
    try:
        character = unicodedata.lookup(_UNICODE_NAMES.get(name, name).replace("_", " "))
    except KeyError:
        return None
    printable = len(character) == 1 and character.isprintable() and not character.isspace()
    return character if printable and _character_name(character) == name else None


def normalise(key: str) -> str | None:
    """The key as Textual binds it (`?` → `question_mark`, `Ctrl+Y` → `ctrl+y`); None when not a key."""
    if not isinstance(key, str):
        return None
    key = key.strip()
    if len(key) == 1:
        if key == " ":
            return "space"
        return _character_name(key) if key.isprintable() else None
    if "+" in key:
        *modifiers, base = key.split("+")
        modifiers = [m.strip().lower() for m in modifiers]
        if not modifiers or len(set(modifiers)) != len(modifiers) or not set(modifiers) <= set(MODIFIERS):
            return None
        base = normalise(base.lower() if len(base.strip()) == 1 else base)
        return None if base is None or "+" in base else "+".join([*modifiers, base])
    name = _ALIASES.get(key.lower(), key.lower())
    if name in NAMED or _character(name) is not None:
        return name
    return None


def types_text(key: str) -> bool:
    """Whether a bound key (as `normalise` gives it) types a character into a text field."""
    return key == "space" or len(key) == 1 or _character(key) is not None


def display(key: str) -> str:
    """A bound key as a person types it: `question_mark` → `?`, `ctrl+y` → `Ctrl+Y`, `f5` → `F5`."""
    if "+" in key and len(key) > 1:
        *modifiers, base = key.split("+")
        shown = display(base)
        return "+".join([*(m.capitalize() for m in modifiers), shown.upper() if len(shown) == 1 else shown])
    if key in _SHOWN:
        return _SHOWN[key]
    if len(key) > 1 and key[0] == "f" and key[1:].isdigit():
        return key.upper()
    return _character(key) or key
