"""The reading lists screen (`L`): lists with counts beside the papers of the chosen list, in order.

The keys start on the list names; `j`/`k`/`g`/`G` (and the arrows) move in the pane that has
them, whose heading is lit; Enter goes from a list to its papers and from a paper to the
reading view; Tab switches panes and Esc goes back. Shift+Up / Shift+Down move a paper, `d`
removes it, `N` creates a list, `R` renames and `D` deletes the chosen list. The keys are the
"lists" scope of reader.keys. Every change goes through the Library in a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from reader.key_bindings import bindings, install, keys_in_force
from reader.library import LibraryError
from reader.models import Hit, Paper
from reader.render import first_author, safe
from reader.screens.confirm import ConfirmDialog
from reader.screens.list_file import keep_in_file
from reader.screens.picker import Picker
from reader.screens.state_actions import StateActions
from reader.widgets.plain import one_line, plain


@dataclass
class ListsLoaded(Message):
    """The lists with counts, and the papers of the chosen one."""

    asked: str | None
    lists: list[tuple[str, int]]
    chosen: str | None
    papers: list[Paper]
    cursor: int = 0


class ListsScreen(Screen):
    """Browse, reorder and edit reading lists; Escape goes back."""

    def __init__(self, chosen: str | None = None) -> None:
        super().__init__()
        # The keys in force (the config's [keys] over reader.keys), ahead of the panes' own
        # (Enter, arrows): the footer shows them, and a move starts loading its list at once.
        install(self, [replace(b, priority=True) for b in bindings(keys_in_force(self), "lists")])
        self.chosen = chosen  # the list shown
        self.wanted = chosen  # the list last asked for (shown once loaded)
        self.papers: list[Paper] = []
        self._open_when_loaded = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="lists-body"):
            with Vertical(id="lists-column"):
                yield Label("Reading lists", classes="dialog-title lists-pane-title")
                yield OptionList(id="lists-names")
            with Vertical(id="lists-papers-column"):
                yield Label("", id="lists-heading", classes="dialog-title lists-pane-title", markup=False)
                yield OptionList(id="lists-papers")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.names.focus()
        self.load(self.wanted)

    @property
    def names(self) -> OptionList:
        return self.query_one("#lists-names", OptionList)

    @property
    def paper_list(self) -> OptionList:
        return self.query_one("#lists-papers", OptionList)

    @property
    def pane(self) -> OptionList:
        """The pane that has the keys."""
        return self.paper_list if self.paper_list.has_focus else self.names

    # The groups are ones the app's key queue waits for: a key typed meanwhile acts on what they bring.
    @work(thread=True, exclusive=True, group="names", exit_on_error=False, name="loading the lists")
    def load(self, asked: str | None, cursor: int = 0) -> None:
        library = self.app.library
        lists = library.lists()
        names = [name for name, _ in lists]
        chosen = asked if asked in names else (names[0] if names else None)
        papers = library.list_papers(chosen) if chosen else []
        self.post_message(ListsLoaded(asked, lists, chosen, papers, cursor))

    def _reload(self, wanted: str | None, cursor: int = 0) -> None:
        self.wanted = wanted
        self.load(wanted, cursor)

    def _follow(self) -> None:
        """Load the list the names' highlight is on, at once, unless it is the one asked for."""
        index = self.names.highlighted
        name = self.names.get_option_at_index(index).id if index is not None else None
        if name is not None and name != self.wanted:
            self._reload(name)

    @on(ListsLoaded)
    def _loaded(self, message: ListsLoaded) -> None:
        if message.asked != self.wanted:
            return  # a list passed over on the way to another
        self.wanted = self.chosen = message.chosen
        self.papers = message.papers
        names = self.names
        names.clear_options()
        for name, count in message.lists:
            # The option's id keeps the stored name: choosing it must find the list.
            names.add_option(Option(plain(name).append(f"  {count:,}", style="dim"), id=name))
        if message.chosen:
            names.highlighted = names.get_option_index(message.chosen)
        heading = f"{one_line(message.chosen)} · {len(message.papers)} papers" if message.chosen else None
        self.query_one("#lists-heading", Label).update(heading or "No lists yet: N creates one")
        papers = self.paper_list
        papers.can_focus = bool(message.papers)  # Tab and clicks never lead into an empty pane
        papers.clear_options()
        for number, paper in enumerate(message.papers, 1):
            line = Text(f"{number:>3}. {safe(' '.join(paper.title.split()))}", no_wrap=True, overflow="ellipsis")
            line.append(f"  {safe(first_author(paper))}", style="dim")
            papers.add_option(Option(line, id=paper.id))
        if message.papers:
            papers.highlighted = min(message.cursor, len(message.papers) - 1)
        elif papers.has_focus:
            names.focus()  # no papers left to have the keys
        if self._open_when_loaded:
            self._open_when_loaded = False
            self.action_open()

    @on(OptionList.OptionHighlighted, "#lists-names")
    def _list_highlighted(self) -> None:
        self._follow()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def _current_paper(self) -> Paper | None:
        index = self.paper_list.highlighted
        return self.papers[index] if index is not None and index < len(self.papers) else None

    def _on_papers(self) -> tuple[Paper, str] | None:
        """The highlighted paper and its list, when the papers have the keys; else a bell."""
        paper, name = self._current_paper(), self.chosen
        if paper is None or name is None or not self.paper_list.has_focus:
            self.app.bell()
            return None
        return paper, name

    @work(thread=True, group="state", exit_on_error=False, name="changing the list")
    def _change(self, change, chosen: str | None, cursor: int = 0, done: str = "") -> None:
        try:
            with StateActions._writing:  # one change at a time, whichever screen asks (never one dropped)
                change(self.app.library)
        except LibraryError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
        else:
            if done:
                self.app.call_from_thread(self.notify, done, markup=False)
            for line in self.app.library.take_link_notices():  # a linked list file it left as it was
                self.app.call_from_thread(self.notify, line, severity="warning", markup=False, timeout=10)
        self.app.call_from_thread(self._reload, chosen, cursor)

    # moving ----------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self._move_in_pane("action_cursor_down")

    def action_cursor_up(self) -> None:
        self._move_in_pane("action_cursor_up")

    def action_first(self) -> None:
        self._move_in_pane("action_first")

    def action_last(self) -> None:
        self._move_in_pane("action_last")

    def _move_in_pane(self, move: str) -> None:
        pane = self.pane
        getattr(pane, move)()
        if pane is self.names:
            self._follow()

    def action_switch(self) -> None:
        if self.names.has_focus and not self.papers:
            self.app.bell()
            return
        (self.paper_list if self.names.has_focus else self.names).focus()

    def action_open(self) -> None:
        """From a list name into its papers; from a paper into the reading view."""
        if not self.paper_list.has_focus:
            if self.wanted != self.chosen:  # its papers are on their way
                self._open_when_loaded = True
            elif self.papers:
                self.paper_list.focus()
            elif self.chosen is not None:
                self.notify(f"“{one_line(self.chosen)}” has no papers yet: a on the search screen adds some.",
                            markup=False)
            return
        paper = self._current_paper()
        if paper is None:
            self.app.bell()
            return
        from reader.screens.reading import ReadingScreen

        self.app.push_screen(ReadingScreen(Hit(paper, 0.0)), self._after_reading)

    def _after_reading(self, then: str | None) -> None:
        if then == "search":
            self.dismiss("search")
            return
        self._reload(self.chosen, self.paper_list.highlighted or 0)  # the reading view may have changed it

    def action_focus_search(self) -> None:
        """`/`: back to the search bar, the old query selected."""
        self.dismiss("search")

    def action_back(self) -> None:
        if self.paper_list.has_focus:
            self.names.focus()
        else:
            self.dismiss(None)

    # editing ---------------------------------------------------------------------
    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(1)

    def _move(self, delta: int) -> None:
        if (on_papers := self._on_papers()) is None:
            return
        paper, name = on_papers
        cursor = max(0, min(len(self.papers) - 1, self.paper_list.highlighted + delta))
        self._change(lambda lib: lib.list_move(name, paper.id, delta), name, cursor)

    def action_remove(self) -> None:
        if (on_papers := self._on_papers()) is None:
            return
        paper, name = on_papers
        self._change(lambda lib: lib.list_remove(name, [paper.id]), name, self.paper_list.highlighted or 0,
                     f"Removed from “{one_line(name)}”: {one_line(paper.title)} (u on the search screen undoes it)")

    def action_create(self) -> None:
        def created(name: str | None) -> None:
            if name:
                self._change(lambda lib: lib.create_list(name), name, 0, f"Created the list “{one_line(name)}”")

        self.app.push_screen(Picker("New reading list", [], create="name of the new list"), created)

    def action_rename(self) -> None:
        old = self.chosen
        if old is None:
            self.app.bell()
            return

        def renamed(new: str | None) -> None:
            if new and new != old:
                self._change(lambda lib: lib.rename_list(old, new), new, 0,
                             f"Renamed “{one_line(old)}” to “{one_line(new)}”")

        self.app.push_screen(Picker(f"Rename “{one_line(old)}”", [], create="new name", initial=old), renamed)

    def action_keep_in_file(self) -> None:
        if self.chosen is None:
            self.app.bell()
            return
        keep_in_file(self, self.chosen)

    def action_delete_list(self) -> None:
        name = self.chosen
        if name is None:
            self.app.bell()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._change(lambda lib: lib.delete_list(name), None, 0, f"Deleted the list “{one_line(name)}”")

        question = f"Delete the list “{one_line(name)}” ({len(self.papers)} papers)?"
        self.app.push_screen(ConfirmDialog(question), confirmed)
