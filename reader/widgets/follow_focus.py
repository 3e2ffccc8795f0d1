"""Keys queued at a widget the focus has just left go on to the widget that has it now.

Textual queues each key at the focused widget before an earlier key's action runs, so
after Enter or `/` moves the focus, the keys typed right behind it would otherwise land
in the old widget (a fast typist, or tmux sending a burst).
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget


def forward_if_unfocused(widget: Widget, event: events.Key) -> bool:
    """Send `event` on to the focused widget when `widget` no longer has the focus."""
    focused = widget.screen.focused
    if focused is None or focused is widget:
        return False
    event.stop()
    event.prevent_default()
    focused._forward_event(events.Key(event.key, event.character))
    return True


async def act_now(widget: Widget, event: events.Key, action: str) -> None:
    """Run `action` while handling `event`, instead of after it bubbles up to the app."""
    event.stop()
    event.prevent_default()
    await widget.run_action(action)
