"""The app's keys in one table: bindings, the footer, the help screen and the palette read it.

Kept free of textual so the table can be checked and documented without the UI.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.key_names import display

RESERVED: tuple[str, ...] = ()


@dataclass(frozen=True)
class Key:
    """One action: its keys (textual names, comma-separated), what it does, where it works."""

    keys: str
    action: str
    label: str
    help: str
    scope: str  # app | main | results | reading | lists
    footer: bool = False
    shown: str = ""  # how the help screen writes the keys, when not just the key names

    @property
    def display(self) -> str:
        """The keys as a person types them."""
        return self.shown or " / ".join(display(k) for k in self.keys.split(","))


KEYS: tuple[Key, ...] = (
    Key("slash", "focus_search", "Search", "A new search: the query is selected, so typing replaces it", "main", True,
        "/"),
    Key("tab", "take_suggestion", "Did you mean", "When nothing matched: search for the suggested spelling", "main",
        False, "Tab"),  # the status line names it while a suggestion shows
    Key("escape", "back", "Back", "Go back: close a panel, leave similar papers, clear the query", "main"),
    Key("enter", "read", "Read", "Open the highlighted paper in the reading view", "main", True),
    Key("s", "cycle_sort", "Sort", "Cycle the sort: relevance, newest, oldest, title; a list: search starts in list order",
        "main"),
    Key("f", "toggle_facets", "Facets", "Show or hide counts by tag, status, year, category, author…", "main", True),
    Key("S", "save_search", "Save search", "Save the query, with its filters and sort, under a name", "main"),
    Key("1,2,3,4,5,6,7,8,9", "recall_saved", "Saved search",
        "Run saved search 1-9 (as numbered in the facets); from the palette, choose any", "main", False, "1-9"),
    Key("m", "similar", "Similar", "List papers like the highlighted one", "main"),
    Key("o", "open_browser", "Open", "Search arXiv for the highlighted paper in your browser", "main"),
    Key("space", "toggle_mark", "Mark", "Mark or unmark the paper for tagging or listing many at once", "main",
        False, "Space"),
    Key("asterisk", "mark_all", "Mark all", "Mark every result of the search (or every similar paper)", "main"),
    Key("U", "unmark_all", "Unmark all", "Clear every mark", "main"),
    Key("t", "tag", "Tag", "Tag the highlighted (or marked) papers; completes existing tags", "main", True),
    Key("T", "untag", "Untag", "Remove a tag from the highlighted (or marked) papers", "main"),
    Key("a", "list_add", "Add to list", "Add the highlighted (or marked) papers to a reading list", "main"),
    Key("A", "list_remove", "Remove from list", "Remove the highlighted (or marked) papers from a list", "main"),
    Key("L", "lists", "Lists", "Open the reading lists", "main"),
    Key("r", "cycle_status", "Status", "Cycle the read status: unread, reading, read", "main"),
    Key("n", "note", "Note", "Write a note on the highlighted paper", "main"),
    Key("u", "undo", "Undo", "Undo the last tag, list, status or note change (again to go further)", "main"),
    Key("ctrl+r", "redo", "Redo", "Redo the change undone last (the history is shared with the CLI and kept across "
        "restarts: `reader history`)", "main"),
    Key("y", "copy", "Copy", "Copy the citation of the highlighted (or marked) papers in your default style",
        "main", True),
    Key("Y", "copy_style", "Copy as…", "Choose a citation style, with a preview, and copy", "main"),
    Key("E", "export", "Export", "Export the marked papers, or all the results, to a file", "main"),
    Key("j,down", "cursor_down", "Next paper", "Move to the next paper", "results"),
    Key("k,up", "cursor_up", "Previous paper", "Move to the previous paper", "results"),
    Key("g,home", "first", "First paper", "Move to the first paper", "results"),
    Key("G,end", "last", "Last paper", "Move to the last paper", "results"),
    Key("pagedown", "page_down", "Page down the results", "Move down a page", "results"),
    Key("pageup", "page_up", "Page up the results", "Move up a page", "results"),
    Key("escape", "back", "Back", "Back to the list, with the selection kept", "reading", True),
    Key("slash", "focus_search", "Search", "Back to the search bar, the query selected so typing replaces it",
        "reading", False, "/"),
    Key("j,down", "scroll_down", "Scroll down", "Scroll down", "reading"),
    Key("k,up", "scroll_up", "Scroll up", "Scroll up", "reading"),
    Key("g,home", "scroll_home", "Scroll to the top", "Scroll to the top", "reading"),
    Key("G,end", "scroll_end", "Scroll to the end", "Scroll to the end", "reading"),
    Key("pagedown", "page_down", "Page down", "Scroll down a page", "reading"),
    Key("pageup", "page_up", "Page up", "Scroll up a page", "reading"),
    Key("t", "tag", "Tag", "Tag this paper; completes existing tags", "reading", True),
    Key("T", "untag", "Untag", "Remove a tag from this paper", "reading"),
    Key("a", "list_add", "Add to list", "Add this paper to a reading list", "reading"),
    Key("A", "list_remove", "Remove from list", "Remove this paper from a reading list", "reading"),
    Key("r", "cycle_status", "Status", "Cycle the read status: unread, reading, read", "reading", True),
    Key("n", "note", "Note", "Write a note on this paper", "reading", True),
    Key("u", "undo", "Undo", "Undo the last tag, list, status or note change (again to go further)", "reading"),
    Key("ctrl+r", "redo", "Redo", "Redo the change undone last", "reading"),
    Key("y", "copy", "Copy", "Copy this paper's citation in your default style", "reading", True),
    Key("Y", "copy_style", "Copy as…", "Choose a citation style, with a preview, and copy", "reading"),
    Key("m", "similar", "Similar", "Back to the list, showing papers like this one", "reading", True),
    Key("o", "open_browser", "Open", "Search arXiv for this paper in your browser", "reading", True),
    Key("escape", "back", "Back", "From the papers back to the list names; from the names, out", "lists"),
    Key("slash", "focus_search", "Search", "Back to the search bar, the query selected so typing replaces it",
        "lists", False, "/"),
    Key("tab", "switch", "Other pane", "Move between the list names and the list's papers", "lists", False, "Tab"),
    Key("enter", "open", "Open", "On a list name: go to its papers; on a paper: read it", "lists", True),
    Key("j,down", "cursor_down", "Down", "Move down in the pane with the keys", "lists"),
    Key("k,up", "cursor_up", "Up", "Move up in the pane with the keys", "lists"),
    Key("g,home", "first", "First", "Move to the first list or paper", "lists"),
    Key("G,end", "last", "Last", "Move to the last list or paper", "lists"),
    Key("shift+up", "move_up", "Up", "Move the paper up the list", "lists", True),
    Key("shift+down", "move_down", "Down", "Move the paper down the list", "lists", True),
    Key("d,delete", "remove", "Remove", "Remove the paper from the list (u on the search screen undoes it)",
        "lists", True),
    Key("N", "create", "New list", "Create a reading list", "lists"),
    Key("R", "rename", "Rename list", "Rename the chosen list", "lists"),
    Key("D", "delete_list", "Delete list", "Delete the chosen list, after asking", "lists"),
    Key("F", "keep_in_file", "Keep in a file", "Keep the chosen list in a .bib/.json/.ris/.md file that every "
        "change rewrites (again: stop)", "lists"),
    Key("P", "add_papers", "Add papers", "Paste a listing, preview the papers it holds, and save them", "app"),
    Key("question_mark", "help", "Help", "Show every key (from the search bar too: no query needs a ?)", "app", True, "?"),
    Key("ctrl+p", "command_palette", "Palette", "Run any action by name", "app", False),
    Key("q", "quit", "Quit", "Quit reader (Ctrl+Q too, also in the search bar, where q types)", "app", True),
)

SCOPES = {
    "main": "Search and results",
    "results": "Moving in the results",
    "reading": "Reading view",
    "lists": "Reading lists (L)",
    "app": "Everywhere",
}


def keys_for(scope: str, table: tuple[Key, ...] = KEYS) -> tuple[Key, ...]:
    """The keys of one scope in `table` (the defaults, or the keys in force), in table order."""
    return tuple(k for k in table if k.scope == scope)
