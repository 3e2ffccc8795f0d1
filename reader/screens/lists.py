"""The reading lists screen (`L`): lists with counts beside the papers of the chosen list, in order.

Shift+Up / Shift+Down move a paper, `d` removes it, `N` creates a list, `R` renames and
`D` deletes the chosen list. Every change goes through the Library in a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from reader.models import Paper
from reader.render import first_author, safe
from reader.screens.confirm import ConfirmDialog
from reader.screens.picker import Picker
from reader.widgets.plain import one_line, plain


@dataclass
class ListsLoaded(Message):
    """The lists with counts, and the papers of the chosen one."""

    lists: list[tuple[str, int]]
    chosen: str | None
    papers: list[Paper]
    cursor: int = 0


class ListsScreen(Screen):
    """Browse, reorder and edit reading lists; Escape goes back."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("shift+up", "move(-1)", "Move up"),
        Binding("shift+down", "move(1)", "Move down"),
        Binding("d,delete", "remove", "Remove paper"),
        Binding("N", "create", "New list"),
        Binding("R", "rename", "Rename list"),
        Binding("D", "delete_list", "Delete list"),
        Binding("tab", "switch", "Lists/papers", show=False),
    ]

    def __init__(self, chosen: str | None = None) -> None:
        super().__init__()
        self.chosen = chosen
        self.papers: list[Paper] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="lists-body"):
            with Vertical(id="lists-column"):
                yield Label("Reading lists", classes="dialog-title")
                yield OptionList(id="lists-names")
            with Vertical(id="lists-papers-column"):
                yield Label("", id="lists-heading", classes="dialog-title", markup=False)
                yield OptionList(id="lists-papers")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#lists-names", OptionList).focus()
        self.load(self.chosen)

    @property
    def names(self) -> OptionList:
        return self.query_one("#lists-names", OptionList)

    @property
    def paper_list(self) -> OptionList:
        return self.query_one("#lists-papers", OptionList)

    @work(thread=True, exclusive=True, group="lists", exit_on_error=False, name="loading the lists")
    def load(self, chosen: str | None, cursor: int = 0) -> None:
        library = self.app.library
        lists = library.lists()
        names = [name for name, _ in lists]
        chosen = chosen if chosen in names else (names[0] if names else None)
        papers = library.list_papers(chosen) if chosen else []
        self.post_message(ListsLoaded(lists, chosen, papers, cursor))

    @on(ListsLoaded)
    def _loaded(self, message: ListsLoaded) -> None:
        self.chosen, self.papers = message.chosen, message.papers
        names = self.names
        names.clear_options()
        for name, count in message.lists:
            # The option's id keeps the stored name: choosing it must find the list.
            names.add_option(Option(plain(name).append(f"  {count:,}", style="dim"), id=name))
        if message.chosen:
            names.highlighted = names.get_option_index(message.chosen)
        self.query_one("#lists-heading", Label).update(
            f"{one_line(message.chosen)} · {len(message.papers)} papers" if message.chosen else "No lists yet: N creates one")
        papers = self.paper_list
        papers.clear_options()
        for number, paper in enumerate(message.papers, 1):
            line = Text(f"{number:>3}. {safe(' '.join(paper.title.split()))}", no_wrap=True)
            line.append(f"  {safe(first_author(paper))}", style="dim")
            papers.add_option(Option(line, id=paper.id))
        if message.papers:
            papers.highlighted = min(message.cursor, len(message.papers) - 1)

    @on(OptionList.OptionHighlighted, "#lists-names")
    def _list_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self.chosen:
            self.load(event.option.id)

    @on(OptionList.OptionSelected, "#lists-names")
    def _list_selected(self) -> None:
        self.paper_list.focus()

    def _current_paper(self) -> Paper | None:
        index = self.paper_list.highlighted
        return self.papers[index] if index is not None and index < len(self.papers) else None

    @work(thread=True, exclusive=True, group="lists-edit", exit_on_error=False, name="changing the list")
    def _change(self, change, chosen: str | None, cursor: int = 0, done: str = "") -> None:
        change(self.app.library)
        if done:
            self.app.call_from_thread(self.notify, done, markup=False)
        self.load(chosen, cursor)

    def action_move(self, delta: int) -> None:
        paper, name = self._current_paper(), self.chosen
        if paper is None or name is None or not self.paper_list.has_focus:
            return
        cursor = max(0, min(len(self.papers) - 1, self.paper_list.highlighted + delta))
        self._change(lambda lib: lib.list_move(name, paper.id, delta), name, cursor)

    def action_remove(self) -> None:
        paper, name = self._current_paper(), self.chosen
        if paper is None or name is None or not self.paper_list.has_focus:
            return
        self._change(lambda lib: lib.list_remove(name, [paper.id]), name, self.paper_list.highlighted or 0,
                     f"Removed from “{one_line(name)}”: {one_line(paper.title)} (u undoes it on the main screen)")

    def action_create(self) -> None:
        def created(name: str | None) -> None:
            if name:
                self._change(lambda lib: lib.create_list(name), name, 0, f"Created the list “{one_line(name)}”")

        self.app.push_screen(Picker("New reading list", [], create="name of the new list"), created)

    def action_rename(self) -> None:
        old = self.chosen
        if old is None:
            return

        def renamed(new: str | None) -> None:
            if new and new != old:
                self._change(lambda lib: lib.rename_list(old, new), new, 0,
                             f"Renamed “{one_line(old)}” to “{one_line(new)}”")

        self.app.push_screen(Picker(f"Rename “{one_line(old)}”", [], create="new name"), renamed)

    def action_delete_list(self) -> None:
        name = self.chosen
        if name is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._change(lambda lib: lib.delete_list(name), None, 0, f"Deleted the list “{one_line(name)}”")

        question = f"Delete the list “{one_line(name)}” ({len(self.papers)} papers)?"
        self.app.push_screen(ConfirmDialog(question), confirmed)

    def action_switch(self) -> None:
        (self.paper_list if self.names.has_focus else self.names).focus()

    def action_back(self) -> None:
        if self.paper_list.has_focus:
            self.names.focus()
        else:
            self.dismiss(None)
