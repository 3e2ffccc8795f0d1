"""The tag prompt (`t`): comma-separated tags, completing the one being typed from existing tags."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

from reader.widgets.plain import one_line


class LastTagSuggester(Suggester):
    """Completes the tag after the last comma from the tags that exist (as they are drawn:
    without control characters, which an old store may hold)."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = [name for name in dict.fromkeys(one_line(tag) for tag in tags) if name]

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        match = next((t for t in self.tags if t.lower().startswith(typed.lower()) and t != typed), None)
        return None if match is None else value[: len(value) - len(typed)] + match


HINT = "Enter: add · →: complete · Esc: cancel"


class TagPrompt(ModalScreen[list[str] | None]):
    """Returns the tags typed (Enter), or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, heading: str, tags: list[str]) -> None:
        super().__init__()
        self.heading = heading
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(one_line(self.heading), classes="dialog-title", markup=False)
            yield Input(placeholder="tags, comma-separated (→ completes)", suggester=LastTagSuggester(self.tags))
            yield Label(HINT, id="tag-hint", classes="dialog-help")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        tags = [t.strip() for t in event.value.split(",") if t.strip()]
        if tags:
            self.dismiss(tags)
            return
        self.app.bell()  # Enter on nothing is not a cancel: say so rather than close silently
        hint = self.query_one("#tag-hint", Label)
        hint.update("Type a tag first, or Esc to cancel")
        hint.add_class("-warning")

    def on_input_changed(self) -> None:
        hint = self.query_one("#tag-hint", Label)
        hint.update(HINT)
        hint.remove_class("-warning")

    def action_cancel(self) -> None:
        self.dismiss(None)
