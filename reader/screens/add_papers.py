"""Add papers: paste any listing, see the papers it holds as you paste, and save it to the library."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, OptionList, TextArea
from textual.widgets.option_list import Option

from reader.library_intake import Intake
from reader.models import LibraryError
from reader.render import first_author, latex_to_unicode, safe
from reader.store.names import plural

PREVIEW_DELAY = 0.15  # seconds after the last change before the preview is parsed again


@dataclass
class PreviewReady(Message):
    """What the pasted text holds, parsed off the UI thread."""

    generation: int
    intake: Intake


@dataclass
class SaveDone(Message):
    """The listing was saved and indexed (intake), or why not (error)."""

    intake: Intake | None
    error: str | None = None


class AddPapersScreen(Screen[Intake | None]):
    """A text area for the pasted listing and a live preview beside it; dismisses with what was added."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._generation = 0
        self._timer = None
        self._shown: Intake | None = None
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="add-papers"):
            yield Label("Add papers: paste a listing (an arXiv page or digest, BibTeX, RIS, CSL-JSON, "
                        "a trending page)", classes="dialog-title", markup=False)
            with Horizontal(id="add-body"):
                yield TextArea(id="add-text", soft_wrap=True, show_line_numbers=False)
                with Vertical(id="add-preview"):
                    yield Label("Nothing pasted yet.", id="add-summary", markup=False)
                    yield OptionList(id="add-papers-found")
            yield Label("Ctrl+S: save to your library · Esc: cancel (nothing is saved)", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(TextArea.Changed)
    def _changed(self) -> None:
        self._generation += 1
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PREVIEW_DELAY, self.preview_now)

    def preview_now(self) -> None:
        """Parse what is pasted and show it (the timer calls this once typing or pasting pauses)."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = None
        text = self.query_one(TextArea).text
        if not text.strip():
            self._shown = None
            self.query_one("#add-summary", Label).update("Nothing pasted yet.")
            self.query_one(OptionList).clear_options()
            return
        self._parse(self._generation, text)

    @work(thread=True, exclusive=True, group="add-preview", exit_on_error=False)
    def _parse(self, generation: int, text: str) -> None:
        intake = self.app.library.preview_listing(text.encode("utf-8"))
        self.post_message(PreviewReady(generation, intake))

    @on(PreviewReady)
    def _show(self, message: PreviewReady) -> None:
        if message.generation != self._generation:
            return  # the text changed since: a newer preview is on its way
        intake = self._shown = message.intake
        summary = self.query_one("#add-summary", Label)
        if intake.papers:
            summary.update(f"{plural(len(intake.papers), 'paper')} ({intake.format}): {intake.new} new, "
                           f"{intake.merged} already in the library · {plural(len(intake.warnings), 'warning')}")
        else:
            summary.update("No papers found yet." + (f" {intake.warnings[0]}" if intake.warnings else ""))
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([_paper_option(paper) for paper in intake.papers[:500]])
        options.add_options([Option(Text(f"⚠ line {w.line}: {w.message}", style="yellow"), disabled=True)
                             for w in intake.warnings[:50]])

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if self._saving:
            return
        if not text.strip():
            self.notify("Nothing to save: paste a listing first.", severity="warning", markup=False)
            return
        self._saving = True
        self.query_one("#add-summary", Label).update("Saving…")
        self._save(text)

    @work(thread=True, exclusive=True, group="add-save", exit_on_error=False)
    def _save(self, text: str) -> None:
        try:
            intake = self.app.library.add(text.encode("utf-8"), "pasted.txt")
        except LibraryError as error:
            self.post_message(SaveDone(None, str(error)))
        else:
            self.post_message(SaveDone(intake))

    @on(SaveDone)
    def _saved(self, message: SaveDone) -> None:
        self._saving = False
        if message.intake is None:
            self.query_one("#add-summary", Label).update(f"Not saved: {message.error}")
            self.notify(f"Not saved: {message.error}", severity="error", markup=False)
            return
        self.dismiss(message.intake)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _paper_option(paper) -> Option:
    line = Text(latex_to_unicode(paper.title[:500]).text, style="bold")
    who = safe(first_author(paper)) or "no authors"
    ident = f"arXiv:{paper.arxiv}" if paper.arxiv else (f"doi:{paper.doi}" if paper.doi else "")
    line.append(f"\n  {who}" + (f" · {paper.year}" if paper.year else "") + (f" · {ident}" if ident else ""),
                style="dim")
    return Option(line)
