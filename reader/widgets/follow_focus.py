"""Run a key's action while the focused widget handles the key, before it bubbles on."""

from __future__ import annotations

from textual import events
from textual.widget import Widget


async def act_now(widget: Widget, event: events.Key, action: str) -> None:
    """Run `action` while handling `event`, instead of after it bubbles up to the app
    (where a widget's own binding for the same key, such as Input's Enter, would win)."""
    event.stop()
    event.prevent_default()
    await widget.run_action(action)
