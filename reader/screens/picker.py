"""A modal list to choose one item from (a tag to remove, a reading list), optionally creating one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.widgets.plain import one_line, plain


class Picker(ModalScreen[str | None]):
    """Returns the chosen (or newly typed) name, or None on Escape. Names and the heading are
    drawn without their control characters; the name returned is the one given."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, heading: str, items: list[tuple[str, str]], create: str | None = None,
                 initial: str = "") -> None:
        """`items` are (name, description); `create` is the placeholder of a "new" input, if allowed."""
        super().__init__()
        self.heading = heading
        self.items = items
        self.create = create
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(one_line(self.heading), classes="dialog-title", markup=False)
            options = [Option(plain(name, no_wrap=True).append(f"  {one_line(note)}", style="dim"), id=name)
                       for name, note in self.items]
            yield OptionList(*options, id="picker-options")
            if self.create:
                yield Input(self.initial, placeholder=self.create, id="picker-new")
            help_text = "Enter: choose · Tab: new name · Esc: cancel" if self.create else "Enter: choose · Esc: cancel"
            yield Label(help_text, classes="dialog-help")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0
            options.focus()
        elif self.create:
            self.query_one(Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip() if self.initial else " ".join(event.value.split())
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
