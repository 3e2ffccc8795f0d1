"""Where to save a file (an export, a citation): a path field that starts in a sensible folder.

The field starts as the user's Downloads folder (home when there is none) plus a file name,
never the current directory. A name without a folder goes into that folder, a folder gets
the file name, a name without an extension gets the default's; the line under the field
always says the full path that Enter will write, or what is wrong with it.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.widgets.plain import one_line


def default_folder() -> Path:
    """The user's Downloads folder if it exists, else the home folder."""
    downloads = Path(platformdirs.user_downloads_dir())
    return downloads if downloads.is_dir() else Path.home()


def shown(path: Path) -> str:
    """`path` as a person writes it: the home folder as ~."""
    home = Path.home()
    return f"~/{path.relative_to(home)}" if path.is_relative_to(home) and path != home else str(path)


def target(typed: str, folder: Path, name: str) -> Path | str:
    """The file `typed` means, with `folder` and `name` for what it leaves out; or what is wrong."""
    text = typed.strip()
    if not text:
        return "Type a file name or a path"
    path = Path(text).expanduser()
    path = path if path.is_absolute() else folder / path
    if path.is_dir() or text.endswith(("/", "\\")):
        path = path / name
    elif not path.suffix:
        path = path.with_suffix(Path(name).suffix)
    if not path.parent.is_dir():
        return f"There is no folder {shown(path.parent)}: type a folder that exists"
    return path


class SaveDialog(ModalScreen[str | None]):
    """Returns the full path to write (the caller asks before overwriting), or None on Escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str, heading: str = "Save to a file", folder: Path | None = None) -> None:
        super().__init__()
        self.file_name = name
        self.heading = heading
        self.folder = folder or default_folder()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(one_line(self.heading), classes="dialog-title", markup=False)
            yield Input(shown(self.folder / self.file_name), placeholder="file name or path", id="save-path")
            yield Label("", id="save-target", markup=False)
            yield Label("Enter: save · Esc: cancel", id="save-hint", classes="dialog-help")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)  # the app's setting (off in tests)
        field.focus()
        self._show()

    @property
    def chosen(self) -> Path | str:
        """The path Enter writes, or what is wrong with the field."""
        return target(self.query_one(Input).value, self.folder, self.file_name)

    @on(Input.Changed)
    def _show(self) -> None:
        chosen = self.chosen
        label = self.query_one("#save-target", Label)
        label.update(f"Saves to {one_line(shown(chosen))}" if isinstance(chosen, Path) else one_line(chosen))
        label.set_class(not isinstance(chosen, Path), "-warning")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        chosen = self.chosen
        if isinstance(chosen, Path):
            self.dismiss(str(chosen))
        else:
            self.app.bell()
            self._show()

    def action_cancel(self) -> None:
        self.dismiss(None)
