"""Textual bindings from the key table in force (the config's `[keys]` over reader.keys.KEYS).

Bindings are built per instance, when an app, screen or widget is made, so that they
follow the config rather than the defaults the classes were defined with. Textual keeps
each node's bindings in `_bindings` (a copy of the class's, made in `__init__`); it has no
public setter, so `install` replaces that map (Textual is pinned, and the Pilot tests of
remapped keys would catch a change).
"""

from __future__ import annotations

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode, NoActiveAppError

from reader.key_names import types_text
from reader.keys import KEYS, Key, keys_for

MOVES = ("cursor_down", "cursor_up", "page_down", "page_up")  # results keys the main screen forwards


def keys_in_force(node: DOMNode) -> tuple[Key, ...]:
    """The key table of the running app's config, or the defaults outside a reader app."""
    try:
        config = getattr(node.app, "config", None)
    except NoActiveAppError:
        return KEYS
    return getattr(config, "keys", KEYS)


def bindings(table: tuple[Key, ...], scope: str, footer: bool = True) -> list[Binding]:
    """The bindings of one scope: shown in the footer where the table says so (and `footer`)."""
    return [Binding(k.keys, k.action, k.label, show=footer and k.footer, key_display=k.display)
            for k in keys_for(scope, table)]


def moves(table: tuple[Key, ...]) -> list[Binding]:
    """The keys that move the results and type nothing (arrows, paging), which the main screen
    forwards while the search bar has the focus."""
    return [Binding(name, f"move('{k.action}')", show=False)
            for k in keys_for("results", table) if k.action in MOVES
            for name in k.keys.split(",") if not types_text(name)]


def palette_key(table: tuple[Key, ...]) -> str:
    """The first key that opens the command palette."""
    return next(k for k in keys_for("app", table) if k.action == "command_palette").keys.split(",")[0]


def app_bindings(table: tuple[Key, ...]) -> list[Binding]:
    """The app's bindings; the palette's as Textual makes its own (a priority key, `^p` in the footer)."""
    palette = next(k for k in keys_for("app", table) if k.action == "command_palette")
    return [*(b for b in bindings(table, "app") if b.action != "command_palette"),
            Binding(palette.keys, "command_palette", "palette", show=False, priority=True,
                    tooltip="Open the command palette")]


def install(node: DOMNode, new: list[Binding]) -> None:
    """Give `node` these bindings in place of any of its bindings for the same actions."""
    actions = {b.action for b in new}
    kept = [binding for _, binding in node._bindings if binding.action not in actions]
    node._bindings = BindingsMap([*kept, *new])


def use_keys(node: DOMNode, *scopes: str, footer: bool = True) -> tuple[Key, ...]:
    """Install the keys in force for these scopes on `node`; returns the table used."""
    table = keys_in_force(node)
    install(node, [b for scope in scopes for b in bindings(table, scope, footer)])
    return table
