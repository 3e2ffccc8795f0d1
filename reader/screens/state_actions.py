"""The user's state on the papers a screen shows: tags, lists, status, notes, undo.

A mixin shared by the main screen and the reading view (with StoreWatch, for `store_errors`).
The host screen says which papers an action is for and how to show a change:

- `states`: the known state of papers, by id;
- `_targets()`: the papers a key acts on (the marked ones, the highlighted one, the one read);
- `_note_target()`: the one paper a note is written on;
- `_drop_marks()`: forget the marks once a change used them (nothing where there are none);
- `_show_states()`: show `states` again after they were loaded;
- `_after_change()`: refresh what is shown after a change was saved;
- `reload_states()`: read the shown papers' state again, when told of a change made elsewhere.

Every change runs through the Library in a thread worker, one at a time in the order asked,
and says what it did; `u` undoes it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual import work
from textual.message import Message

from reader.library import StateError
from reader.models import Paper, PaperState
from reader.screens.store_watch import StateChanged
from reader.store.names import tag_names


@dataclass
class StatesDone(Message):
    """Tags, lists, status and notes of loaded papers, by id."""

    states: dict[str, PaperState]


def papers_named(papers: list[Paper]) -> str:
    """How a message names these papers: one title in quotes, else how many."""
    if len(papers) == 1:
        return f"“{' '.join(papers[0].title.split())}”"
    return f"{len(papers)} papers"


class StateActions:
    """Tag, untag, add to and remove from a list, cycle the status, write a note, undo.

    The host screen defines `_targets()` (the papers a key acts on), `_show_states()` (draw the
    states just read) and `_after_change()` (what to refresh after a change), and may override
    the hooks below."""

    states: dict[str, PaperState]
    _writing = threading.Lock()  # one state change at a time, in the order asked, whichever screen asks

    # hooks the host screen may override -------------------------------------------
    def _note_target(self) -> Paper | None:
        targets = self._targets()
        return targets[0] if len(targets) == 1 else None

    def _drop_marks(self) -> None:
        """Forget the marks a change was made on (none here)."""

    def reload_states(self) -> None:
        """Read the state of the papers shown again (a screen below saw a change made elsewhere)."""

    # reading state ------------------------------------------------------------
    def load_states(self, ids: list[str]) -> None:
        """Fetch the state of these papers (a page of hits) in a worker."""
        if ids and self.app.library is not None and self.store_error is None:
            self._load_states(ids)

    @work(thread=True, group="states", exit_on_error=False, name="loading tags and lists")
    def _load_states(self, ids: list[str]) -> None:
        states = self._states_of(ids)
        if states is not None:
            self.post_message(StatesDone(states))

    def _states_of(self, ids: list[str]) -> dict[str, PaperState] | None:
        """The state of these papers (call from a worker); None while the store cannot be used."""
        if self.store_error is None:
            with self.store_errors():
                return self.app.library.states(ids)
        return None

    def on_states_done(self, message: StatesDone) -> None:  # by name: `@on` needs a Widget subclass
        self.states.update(message.states)
        self._show_states()

    def _targets_or_bell(self) -> list[Paper]:
        """The papers an action applies to; a bell when there are none."""
        papers = self._targets()
        if not papers:
            self.app.bell()
        return papers

    def _state(self, paper_id: str) -> PaperState:
        return self.states.get(paper_id) or PaperState()

    def _describe(self, papers: list[Paper]) -> str:
        return papers_named(papers)

    # changing state -----------------------------------------------------------
    def _change(self, change, said, clear_marks: bool = True) -> None:
        """Run a state change through the Library in a worker; then refresh what is shown."""
        if clear_marks:
            self._drop_marks()
        self._write(change, said)

    @work(thread=True, group="state", exit_on_error=False, name="saving your change")
    def _write(self, change, said) -> None:
        with self._writing, self.store_errors(asked=True, saving=True):
            try:
                result = change(self.app.library)
            except StateError as error:  # e.g. a list deleted meanwhile: say so, change nothing
                self.app.call_from_thread(self.notify, str(error), severity="warning", markup=False)
                return
            self.post_message(StateChanged(said(result) if callable(said) else said))
            for line in self.app.library.take_link_notices():  # a linked list file it left as it was
                self.app.call_from_thread(self.notify, line, severity="warning", markup=False, timeout=10)

    def on_state_changed(self, message: StateChanged) -> None:
        if message.said:
            self.notify(message.said, markup=False, timeout=4)
        self._after_change()

    def action_tag(self) -> None:
        papers = self._targets_or_bell()
        if not papers:
            return
        from reader.screens.tag_prompt import TagPrompt

        def chosen(tags: list[str] | None) -> None:
            if tags:
                ids = [p.id for p in papers]
                self._change(lambda lib: lib.tag(ids, tags),  # say the tags as stored: `To-Read` is `to-read`
                             lambda _: f"Tagged {self._describe(papers)}: {', '.join(tag_names(tags))}")

        self._with_names(lambda lib: [name for name, _ in lib.tags()],
                         lambda tags: self.app.push_screen(TagPrompt(f"Tag {self._describe(papers)}", tags), chosen))

    def action_untag(self) -> None:
        papers = self._targets()
        tags = sorted({t for p in papers for t in self._state(p.id).tags})
        if not tags:
            self.notify("No tags to remove here.", markup=False)
            return
        from reader.screens.picker import Picker

        def chosen(tag: str | None) -> None:
            if tag:
                ids = [p.id for p in papers]
                self._change(lambda lib: lib.untag(ids, [tag]), f"Removed the tag {tag} from {self._describe(papers)}")

        self.app.push_screen(Picker(f"Remove a tag from {self._describe(papers)}", [(t, "") for t in tags]), chosen)

    def action_list_add(self) -> None:
        papers = self._targets_or_bell()
        if not papers:
            return
        from reader.screens.picker import Picker

        def add(lib, name: str, ids: list[str]) -> int:
            if name not in {n for n, _ in lib.lists()}:
                lib.create_list(name)
            return lib.list_add(name, ids)

        def chosen(name: str | None) -> None:
            if name:
                ids = [p.id for p in papers]
                self._change(lambda lib: add(lib, name, ids), f"Added {self._describe(papers)} to “{name}”")

        self._with_names(lambda lib: lib.lists(), lambda lists: self.app.push_screen(
            Picker(f"Add {self._describe(papers)} to a list", [(n, f"{c:,}") for n, c in lists],
                   create="or type a new list's name"), chosen))

    def action_list_remove(self) -> None:
        papers = self._targets()
        lists = sorted({n for p in papers for n in self._state(p.id).lists})
        if not lists:
            self.notify("Not on any reading list.", markup=False)
            return
        from reader.screens.picker import Picker

        def chosen(name: str | None) -> None:
            if name:
                ids = [p.id for p in papers]
                self._change(lambda lib: lib.list_remove(name, ids), f"Removed {self._describe(papers)} from “{name}”")

        self.app.push_screen(Picker(f"Remove {self._describe(papers)} from a list", [(n, "") for n in lists]), chosen)

    def action_cycle_status(self) -> None:
        papers = self._targets_or_bell()
        if not papers:
            return
        ids = [p.id for p in papers]
        self._change(lambda lib: lib.cycle_status(ids), lambda status: f"{self._describe(papers)}: {status}")

    def action_note(self) -> None:
        paper = self._note_target()
        if paper is None:
            self.app.bell()
            return
        from reader.screens.note_editor import NoteEditor

        def edited(text: str | None) -> None:
            if text is not None:
                self._change(lambda lib: lib.set_note(paper.id, text), f"Saved the note on {self._describe([paper])}",
                             clear_marks=False)

        note = self._state(paper.id).note
        self.app.push_screen(NoteEditor(f"Note on {self._describe([paper])}", note), edited)

    def action_undo(self) -> None:
        if self.app.library is None:
            return
        self._change(lambda lib: lib.undo(), lambda said: f"Undone: {said}" if said else "Nothing to undo.",
                     clear_marks=False)

    def action_redo(self) -> None:
        if self.app.library is None:
            return
        self._change(lambda lib: lib.redo(), lambda said: f"Redone: {said}" if said else "Nothing to redo.",
                     clear_marks=False)

    @work(thread=True, group="names", exit_on_error=False, name="reading your tags and lists")
    def _with_names(self, fetch, then) -> None:
        """Fetch names (tags, lists) in a worker, then call `then` with them on the UI thread."""
        with self.store_errors(asked=True):
            names = fetch(self.app.library)
            self.app.call_from_thread(then, names)
