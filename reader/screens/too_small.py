"""Shown instead of the app while the terminal is below the minimum size."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen):
    """Says how big the terminal must be; goes away when it is big enough."""

    def __init__(self, minimum: tuple[int, int]) -> None:
        super().__init__()
        self.minimum = minimum

    def compose(self) -> ComposeResult:
        yield Static(id="too-small", markup=False)

    def on_mount(self) -> None:
        self.update(self.app.size.width, self.app.size.height)

    def update(self, width: int, height: int) -> None:
        """Show the current and the needed size."""
        need_w, need_h = self.minimum
        self.query_one(Static).update(
            f"Terminal too small: {width}×{height}.\nreader needs at least {need_w}×{need_h}.\nEnlarge the window, or press q to quit."
        )
