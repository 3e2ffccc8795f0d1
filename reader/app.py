"""The Textual app: screens, global keys, the command palette, and opening the library.

`create_app` builds it for the CLI and the tests alike. Given an opener rather than a
Library, the app mounts at once and opens the library in a thread worker, showing
progress while a missing or outdated index is rebuilt.
"""

from __future__ import annotations

import os

# Textual repaints at most MAX_FPS times a second (60 by default), so results that arrive
# just after a repaint waited up to two frames, 33 ms, to be drawn. Repaints happen only
# when something changed, so a higher cap costs nothing while idle. Set before Textual loads.
os.environ.setdefault("TEXTUAL_FPS", "120")

import time
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import App, SystemCommand
from textual.events import Event, InputEvent, Key, Paste, Resize
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from reader.citations.clipboard import clipboard_order, copy_with_system, osc52_sent, osc52_sequence
from reader.config import Config, load_config
from reader.files import write_atomically
from reader.idle_gc import IdleCollector
from reader.key_bindings import app_bindings, install, palette_key
from reader.key_queue import KeyQueue
from reader.library import Library
from reader.library_intake import opening_notes
from reader.models import Paper
from reader.opening import EarlyOpening
from reader.render import safe, warm_up
from reader.screens.help import HelpScreen
from reader.screens.lists import ListsScreen
from reader.screens.main import MainScreen
from reader.screens.reading import ReadingScreen
from reader.screens.too_small import TooSmallScreen
from reader.widgets.results_list import ResultsList
from reader.widgets.status_line import StatusLine

Opener = Callable[[Callable[[str, int, int], None]], Library]
MIN_SIZE = (60, 16)
RELOAD_EVERY = 60.0  # seconds between scans of the listing folders
PALETTE_SCOPES = {MainScreen: ("main", "results", "app"), ReadingScreen: ("reading", "app"),
                  ListsScreen: ("lists", "app")}
# Keys wait while a worker is at work (what it brings, results, a page, a dialog or a saved
# change, is what the next key acts on when typed slowly), except for these background ones.
KEYS_NEVER_WAIT_FOR = frozenset({"reload", "warm-up", "clipboard", "browser", "save", "store-check",
                                 "add-preview", "preview", "saved-counts"})


@dataclass
class LibraryProgress(Message):
    """Progress of opening the library (reading listings, building the index)."""

    stage: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LibraryProgress)


@dataclass
class LibraryOpened(Message):
    """The library is open and its index up to date."""

    library: Library


@dataclass
class ListingsReloaded(Message):
    """The listing folders were scanned again; `changed` when papers came, went or changed."""

    changed: bool
    summary: str


class ReaderApp(App):
    """Search, skim and read papers from the keyboard."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    def __init__(self, library: Library | None = None, opener: Opener | None = None, *,
                 debounce: float = 0.03, query: str = "", cursor_blink: bool = True,
                 config: Config | None = None, config_path=None) -> None:
        super().__init__()
        if config is None:
            config, self.config_warnings = load_config(config_path)
        else:
            self.config_warnings = []
        self.config = config
        install(self, app_bindings(config.keys))  # the keys in force, the palette's too
        self.COMMAND_PALETTE_BINDING = palette_key(config.keys)  # the key the footer shows for it
        self.library = library
        self.opener = EarlyOpening(_then_ready_to_search(opener)) if opener is not None else None  # opens while Textual starts
        self.debounce = debounce
        self.query_text = query
        self.cursor_blink = cursor_blink
        self.error: str | None = None
        self.collector = IdleCollector()
        self._last_focus_reload = 0.0
        self.keys = KeyQueue(self, self._handle_key, self._keys_wait)

    def get_default_screen(self) -> Screen:
        return MainScreen(self.debounce, self.query_text, self.cursor_blink)

    @property
    def main(self) -> MainScreen:
        """The main screen, at the bottom of the stack."""
        return self.screen_stack[0]

    def on_mount(self) -> None:
        self.collector.start()
        self.set_interval(0.5, self.collector.tick)
        self._fit(self.size.width, self.size.height)
        for warning in self.config_warnings:
            self.notify(warning, title="Config", severity="warning", timeout=10, markup=False)
        if self.library is not None:
            self._library_opened()
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self.notify(f"theme “{self.config.theme}” is not a Textual theme; using the default. "
                            f"Themes: {', '.join(sorted(self.available_themes))}",
                            title="Config", severity="warning", timeout=10, markup=False)

    def on_unmount(self) -> None:
        self.collector.stop()

    async def on_event(self, event: Event) -> None:
        if isinstance(event, InputEvent):
            self.collector.input_seen()
        if isinstance(event, (Key, Paste)) and not event.is_forwarded:
            await self.keys.take(event)  # sent on in order, each once the last is done
        else:
            await super().on_event(event)

    async def _handle_key(self, event: Key | Paste) -> None:
        """Textual's own handling of a key read from the terminal (the key queue calls it)."""
        await super().on_event(event)

    def _keys_wait(self) -> bool:
        """Whether a key that does more than type must wait: the results or a dialog it may act on are on their way."""
        if any(w.group not in KEYS_NEVER_WAIT_FOR and not w.is_finished for w in self.workers):
            return True
        main = self.screen_stack[0] if self.screen_stack else None
        return isinstance(main, MainScreen) and main.keys_wait()

    # opening the library -----------------------------------------------------
    @work(thread=True, exit_on_error=False, group="library", name="opening the library")
    def open_library(self) -> None:
        """Open the library off the UI thread (the main screen calls this once it is composed)."""
        library = self.opener(lambda stage, done, total: self.post_message(LibraryProgress(stage, done, total)))
        library.use_search_process()  # a big library searches in its own process: typing never stalls
        self.post_message(LibraryOpened(library))

    @on(LibraryProgress)
    def _progress(self, message: LibraryProgress) -> None:
        self.main.query_one(StatusLine).progress(message.stage, message.done, message.total)

    @on(LibraryOpened)
    def _opened(self, message: LibraryOpened) -> None:
        self.library = message.library
        self.main.library_ready()
        self._library_opened()

    def _library_opened(self) -> None:
        self._say_what_opening_found()
        self.set_interval(RELOAD_EVERY, self.action_reload)

    def _say_what_opening_found(self) -> None:
        """One notice for the listings' parse warnings, and one per thing the user must hear of."""
        for line in opening_notes(self.library):
            self.notify(line, title="Listings", severity="warning", timeout=12, markup=False)
        warnings = self.library.warnings()
        if warnings:
            self.notify(f"{len(warnings)} parse warning{'s' if len(warnings) != 1 else ''} in your listings: "
                        "Ctrl+P → “Parse warnings” lists them", title="Listings", severity="warning",
                        timeout=8, markup=False)

    # adding and reloading listings -------------------------------------------
    def action_add_papers(self) -> None:
        """Open Add papers: paste a listing, see its papers, save them."""
        if self.library is None:
            self.notify("The library is still opening; try again in a moment.", markup=False)
            return
        from reader.screens.add_papers import AddPapersScreen

        if not isinstance(self.screen, AddPapersScreen):
            self.push_screen(AddPapersScreen(), self._papers_added)

    def _papers_added(self, intake) -> None:
        if intake is None:
            return
        self.notify(f"Added {len(intake.papers)} paper{'s' if len(intake.papers) != 1 else ''}: {intake.new} new, "
                    f"{intake.merged} merged with papers you had (saved as {intake.saved.name} in your inbox)",
                    markup=False)
        self.main.request_search()

    def action_show_warnings(self) -> None:
        """List every parse warning of the listing files."""
        if self.library is None:
            return
        from reader.screens.warnings import WarningsScreen

        self.push_screen(WarningsScreen(self.library.warnings(), self.library.notes))

    def action_reload(self) -> None:
        """Scan the listing folders again and show what changed (also on focus and every minute)."""
        if self.library is not None and not any(w.group == "reload" and w.is_running for w in self.workers):
            self._reload()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False, name="reloading the listings")
    def _reload(self) -> None:
        report = self.library.update()
        changed = bool(report.added or report.changed or report.removed or report.moved)
        counts = f"{len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed"
        self.post_message(ListingsReloaded(changed, f"Listings reloaded: {counts} files; {report.papers} papers"))

    @on(ListingsReloaded)
    def _reloaded(self, message: ListingsReloaded) -> None:
        if message.changed:
            self.notify(message.summary, markup=False)
            for line in opening_notes(self.library):
                self.notify(line, title="Listings", severity="warning", timeout=12, markup=False)
            current = self.main.results.current
            self.main.request_search(restore=current.paper.id if current else None)

    def on_app_focus(self) -> None:
        if self.library is not None and time.monotonic() - self._last_focus_reload > 2:
            self._last_focus_reload = time.monotonic()
            self.action_reload()

    @work(thread=True, exit_on_error=False, group="warm-up", name="preparing LaTeX rendering")
    def warm_up(self) -> None:
        """Load the LaTeX renderer in the background, so the first formula does not stall the UI."""
        warm_up()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "library":
            self.error = str(event.worker.error)  # the CLI prints it once the terminal is back
            self.exit(return_code=2)
        else:
            self.report_worker_error(event)

    def report_worker_error(self, event: Worker.StateChanged) -> None:
        """Turn a failed background task into a notice; the app keeps running."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                f"{event.worker.name} failed: {type(error).__name__}: {error}",
                title="Something went wrong", severity="error", timeout=8, markup=False,
            )

    # size ----------------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen(MIN_SIZE))
        elif small:
            self.screen.update(width, height)
        elif showing:
            self.pop_screen()

    # actions -------------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, (HelpScreen, TooSmallScreen)):
            self.push_screen(HelpScreen())

    def open_in_browser(self, paper: Paper) -> None:
        """Open the paper's page (the config's `browser_url`; an arXiv title search by default)."""
        url = self.library.browser_url(paper.id, self.config.browser_url)
        self.notify(f"Opening “{' '.join(paper.title.split())}”: {url}", markup=False)
        self._browse(url)

    # the clipboard chain: the system's tools, then OSC 52, then a modal ------------
    def notify(self, message: str, *args, **kwargs) -> None:
        """Every notice as plain text: names and titles in it never reach the terminal as control characters."""
        super().notify(safe(message), *args, **{**kwargs, "markup": False})

    def copy_text(self, text: str, what: str) -> None:
        """Copy `text` by the first way that works, and say which; never blocks a key."""
        self._copy(text, what, clipboard_order())

    @work(thread=True, exclusive=True, group="clipboard", exit_on_error=False, name="copying")
    def _copy(self, text: str, what: str, order: list[str]) -> None:
        reasons = []
        for method in order:
            if method == "system":
                result = copy_with_system(text)  # checks the tool's exit status; gives up after its timeout
                if result.ok:
                    self.call_from_thread(self.notify, f"Copied {what} to the clipboard ({result.method})",
                                          markup=False)
                    return
                reasons.append(result.reason)
            elif method == "osc52":
                if osc52_sequence(text) is None:
                    reasons.append("OSC 52: too long for a terminal")
                    continue
                self.call_from_thread(self.copy_to_clipboard, text)
                self.call_from_thread(self.notify, osc52_sent(what, "; ".join(reasons), capital=True), markup=False)
                return
        self.call_from_thread(self._copy_failed, text, "; ".join(reasons))

    def _copy_failed(self, text: str, why: str) -> None:
        from reader.screens.copy_fallback import CopyFallback

        self.push_screen(CopyFallback(text, why), lambda then: then == "save" and self.save_text(text, "citation.txt"))

    def save_text(self, text: str, name: str) -> None:
        """Ask for a path (asking again before overwriting), then write `text` there atomically."""
        from reader.screens.confirm import ConfirmDialog
        from reader.screens.save_dialog import SaveDialog

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()
            if target.exists():
                self.push_screen(ConfirmDialog(f"{target} exists. Overwrite it?"),
                                 lambda yes: yes and self._save(text, target))
            else:
                self._save(text, target)

        self.push_screen(SaveDialog(name), chosen)

    @work(thread=True, group="save", exit_on_error=False, name="saving the file")
    def _save(self, text: str, target: Path) -> None:
        try:
            write_atomically(target, text)
        except OSError as error:
            self.call_from_thread(self.notify, f"Could not write {target}: {error.strerror or error}. Choose another path.",
                                  severity="error", markup=False)
            return
        self.call_from_thread(self.notify, f"Saved {target}", markup=False)

    @work(thread=True, exit_on_error=False, group="browser", name="opening the browser")
    def _browse(self, url: str) -> None:
        if not webbrowser.open(url):
            self.call_from_thread(self.notify, f"No web browser found. The address is {url}",
                                  severity="warning", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then every action of the screen the palette was opened on."""
        yield from super().get_system_commands(screen)
        scopes = next((s for kind, s in PALETTE_SCOPES.items() if isinstance(screen, kind)), ("app",))
        for key in self.config.keys:
            if key.scope in scopes and key.action not in ("quit", "command_palette"):
                target = screen.query_one(ResultsList) if key.scope == "results" else (
                    self if key.scope == "app" else screen)
                yield SystemCommand(f"{key.label}", f"{key.help}  (key: {key.display})",
                                    partial(self.run_action, key.action, target))
        yield SystemCommand("Parse warnings", "List what the parser could not read in your listing files",
                            self.action_show_warnings)
        yield SystemCommand("Reload listings", "Scan the listing folders again for new or changed files",
                            self.action_reload)


def create_app(library_or_opener: Library | Opener, **options) -> ReaderApp:
    """The app over an open Library, or over a function that opens one given a progress callback."""
    if isinstance(library_or_opener, Library) or hasattr(library_or_opener, "search"):
        return ReaderApp(library=library_or_opener, **options)
    return ReaderApp(opener=library_or_opener, **options)


def _then_ready_to_search(opener: Opener) -> Opener:
    """The opener, followed in the same early thread by what the first search would wait for:
    the search process started (for a big library) and this process's evaluator (NumPy) made."""

    def opening(progress):
        library = opener(progress)
        library.use_search_process()
        try:
            library.prepare_search()
        except Exception:  # noqa: BLE001 - only a head start: the first search reports what is wrong
            pass
        return library

    return opening
