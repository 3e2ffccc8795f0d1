"""Two processes writing to one data dir: no lock error reaches the user; a third sees their changes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

from reader.library import Library

DURATION = 10.0  # seconds each writer runs, as the issue asks

WRITER = textwrap.dedent(
    """
    import random, sys, time
    from reader.library import Library

    data, listings, name, duration = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    library = Library.open(data, [listings])
    ids = [p.id for p in library.papers()]
    rng = random.Random(name)
    changes = 0
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        picked = rng.sample(ids, 3)
        action = rng.randrange(6)
        if action == 0:
            made = library.tag(picked, [name, "shared"])
        elif action == 1:
            made = library.untag(picked, [name])
        elif action == 2:
            made = library.list_add(name, picked)
        elif action == 3:
            made = library.list_remove(name, picked[:1])
        elif action == 4:
            made = library.cycle_status(picked)
        else:
            made = library.set_note(picked[0], f"{name} was here {changes}")
        if made and rng.random() < 0.1:  # the history is shared: this may undo the other writer's change,
            library.undo()                # never one made before this writer's own (its list stays)
        changes += 1
    print("looped", flush=True)  # the history is shared: an undo of the other writer, still at work,
    sys.stdin.readline()         # would undo this final tag; so it waits until neither undoes any more
    library.tag(ids, ["done " + name])
    print(changes, flush=True)
    library.close()
    """
)


def test_two_writers_for_ten_seconds(library, listings, tmp_path):
    ids = [p.id for p in library.papers()]
    assert library.refresh() is False
    for name in ("alpha", "beta"):  # made first, so undos (one after each change made) never reach them
        library.create_list(name)
    library.refresh()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path / "data"), str(listings), name, str(DURATION)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name in ("alpha", "beta")
    ]
    looped = [threading.Event() for _ in writers]

    def wait_for_loop(writer, event):
        event.line = writer.stdout.readline()
        event.set()

    for writer, event in zip(writers, looped):
        threading.Thread(target=wait_for_loop, args=(writer, event), daemon=True).start()
    released = False
    reads = seen_changes = 0
    while any(w.poll() is None for w in writers):
        if not released and all(event.is_set() for event in looped):
            for writer in writers:  # both are done changing at random: now each tags its papers "done"
                try:
                    writer.stdin.write("go\n")
                    writer.stdin.close()
                except BrokenPipeError:  # it failed already: its stderr says why, below
                    pass
            released = True
        states = library.states(ids)  # reading while they write never fails either
        assert set(states) == set(ids)
        seen_changes += library.refresh()
        reads += 1
        try:
            writers[0].wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            pass
    outputs = [(w.stdout.read(), w.stderr.read()) for w in writers]
    for writer, event, (out, err) in zip(writers, looped, outputs):
        assert writer.returncode == 0 and err == "", err
        assert event.line == "looped\n" and int(out) > 10
    assert reads > 0 and seen_changes > 0
    library.refresh()  # whatever happened last, the next look sees both writers' final changes
    for state in library.states(ids).values():
        assert {"done alpha", "done beta"} <= set(state.tags)
    assert {"alpha", "beta"} <= {name for name, _ in library.lists()}
    with Library.open(tmp_path / "data", [listings]) as again:
        assert again.store.counts()["tags"] >= 2
