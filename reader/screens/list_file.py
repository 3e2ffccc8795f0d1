"""The lists screen's `F`: keep the chosen list in a file (as `reader list link`), or stop.

A linked file is rewritten after every change to its list, by the app or the CLI
(reader.list_links). Here the user picks the file, confirms replacing one reader did not
write, and is told what happened only once the Library has done it.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.screen import Screen

from reader.library import LibraryError
from reader.list_links import LinkRefused
from reader.screens.confirm import ConfirmDialog
from reader.screens.save_dialog import SaveDialog
from reader.widgets.plain import one_line


def keep_in_file(screen: Screen, name: str) -> None:
    """Ask where to keep list `name` (or, when it is kept already, whether to stop)."""
    linked = next((link for link in screen.app.library.list_links() if link.name == name), None)
    if linked is not None:
        question = f"Stop keeping “{one_line(name)}” in {linked.path.name}?"
        screen.app.push_screen(ConfirmDialog(question), lambda yes: yes and _unlink(screen, name))
        return
    stem = re.sub(r"[^\w.-]+", "-", name).strip("-.").lower() or "list"
    heading = f"Keep “{one_line(name)}” in (.bib .json .ris .md)"
    screen.app.push_screen(SaveDialog(f"{stem}.bib", heading=heading, folder=Path.home()),
                           lambda path: path and _link(screen, name, path, force=False))


def _link(screen: Screen, name: str, path: str, force: bool) -> None:
    screen.run_worker(lambda: _link_now(screen, name, path, force), thread=True, group="state",
                      name="linking the list", exit_on_error=False)


def _link_now(screen: Screen, name: str, path: str, force: bool) -> None:
    app = screen.app
    try:
        outcome = app.library.link_list(name, path, browser_url=app.config.browser_url, force=force)
    except LinkRefused:
        question = f"reader did not write {Path(path).name}. Replace it with the list?"
        app.call_from_thread(app.push_screen, ConfirmDialog(question),
                             lambda yes: yes and _link(screen, name, path, force=True))
        return
    except (LibraryError, OSError) as error:
        app.call_from_thread(app.notify, f"Not linked: {error}", severity="error", markup=False)
        return
    app.call_from_thread(app.notify, f"Wrote {outcome.papers} papers of “{one_line(name)}” to {outcome.path}; "
                         "every change to the list rewrites it", markup=False, timeout=6)


def _unlink(screen: Screen, name: str) -> None:
    def unlink() -> None:
        try:
            link = screen.app.library.unlink_list(name)
        except LibraryError as error:
            screen.app.call_from_thread(screen.app.notify, str(error), severity="error", markup=False)
            return
        screen.app.call_from_thread(screen.app.notify, f"“{one_line(name)}” is no longer kept in {link.path} "
                                    "(the file stays as it is)", markup=False)

    screen.run_worker(unlink, thread=True, group="state", name="unlinking the list", exit_on_error=False)
