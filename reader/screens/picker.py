"""A modal list to choose one item from (a tag to remove, a reading list), optionally creating one.

The hint under it always says what the keys do where the focus is; no key is lost: with a
"new name" field, typing in the list types into the field, and Enter on an empty field says
so. With no items there is no list, only the field.
"""

from __future__ import annotations

from textual import events, on
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

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "move('cursor_down')", show=False),
        Binding("k", "move('cursor_up')", show=False),
        Binding("g", "move('first')", show=False),
        Binding("G", "move('last')", show=False),
    ]

    def __init__(self, heading: str, items: list[tuple[str, str]], create: str | None = None,
                 initial: str = "", verb: str = "create") -> None:
        """`items` are (name, description); `create` is the placeholder of a "new name" field, if
        allowed, `initial` its text and `verb` what Enter does with it."""
        super().__init__()
        self.heading = heading
        self.items = items
        self.create = create
        self.initial = initial
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(one_line(self.heading), classes="dialog-title", markup=False)
            options = [Option(plain(name, no_wrap=True).append(f"  {one_line(note)}", style="dim"), id=name)
                       for name, note in self.items]
            yield OptionList(*options, id="picker-options")
            if self.create:
                yield Input(one_line(self.initial), placeholder=self.create, id="picker-new")
            yield Label("", id="picker-hint", classes="dialog-help", markup=False)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = getattr(self.app, "cursor_blink", True)  # the app's setting (off in tests)
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0
            options.focus()
        else:
            options.display = False  # nothing to choose: Tab must not lead to an empty list
            if self.create:
                self.query_one(Input).focus()
        self._show_hint()

    def hint(self) -> str:
        """What the keys do where the focus is."""
        if self.create and self.focused is self.query_one(Input):
            back = " · Tab: back to the list" if self.items else ""
            return f"Enter: {self.verb}{back} · Esc: cancel"
        if self.create:
            return "↑↓: move · Enter: choose · or type a new name · Esc: cancel"
        return "↑↓ j k: move · a letter: jump · Enter: choose · Esc: cancel"

    def _show_hint(self, warning: str = "") -> None:
        label = self.query_one("#picker-hint", Label)
        label.update(warning or self.hint())
        label.set_class(bool(warning), "-warning")

    def on_descendant_focus(self, _event: events.DescendantFocus) -> None:
        self._show_hint()

    def on_key(self, event: events.Key) -> None:
        """In the list, a printable key starts the new name; with no name to type, j k g G move
        and a letter or digit jumps to the next item starting with it."""
        if not event.is_printable or not event.character:
            return
        if not self.create:
            if event.character.isalnum() and event.character not in "jkgG":
                event.stop()
                event.prevent_default()
                self._jump(event.character)
            return
        field = self.query_one(Input)
        if self.focused is field:
            return
        event.stop()
        event.prevent_default()
        field.select_on_focus = False  # else the focus, which comes later, selects the key typed
        field.focus()
        field.value = event.character
        field.cursor_position = len(field.value)

    def _jump(self, character: str) -> None:
        """Highlight the next item (after the highlighted one, round the end) starting with `character`."""
        options = self.query_one(OptionList)
        start = (options.highlighted or 0) + 1
        names = [one_line(name).lower() for name, _ in self.items]
        order = [(start + step) % len(names) for step in range(len(names))]
        found = next((i for i in order if names[i].startswith(character.lower())), None)
        if found is None:
            self.app.bell()
        else:
            options.highlighted = found

    def action_move(self, where: str) -> None:
        options = self.query_one(OptionList)
        if options.has_focus:
            getattr(options, f"action_{where}")()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # j k g G are letters of a new name while the field exists.
        return not (action == "move" and self.create)

    @on(Input.Changed)
    def _typed(self) -> None:
        self._show_hint()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = " ".join(event.value.split())
        if name:
            self.dismiss(name)
        else:
            self.app.bell()
            self._show_hint("Type a name first, or Esc to cancel")

    def action_cancel(self) -> None:
        self.dismiss(None)
