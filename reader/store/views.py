"""Reading state back: one paper's or a page's, every id with state, and ids for search."""

from __future__ import annotations

import re
from collections import defaultdict

from reader.models import PaperState
from reader.search.analysis import fold
from reader.store.names import list_name, status_name, tag_name
from reader.store.values import marks


def _has_words(text: str, words: list[str]) -> bool:
    """Whether the folded words occur in `text` next to each other, in order."""
    found = [fold(w) for w in re.findall(r"\w+", text)]
    n = len(words)
    return any(found[i : i + n] == words for i in range(len(found) - n + 1))


class Views:
    """Store methods that read state (mixed into Store)."""

    def states(self, ids: list[str]) -> dict[str, PaperState]:
        """The state of each paper (default state for papers without any), in one read transaction."""
        ids = list(dict.fromkeys(ids))
        tags, lists = defaultdict(list), defaultdict(list)
        status, notes = {}, {}
        with self.conn.read_transaction() as db:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                q = marks(chunk)
                for pid, tag in db.execute(f"SELECT paper_id, tag FROM paper_tags WHERE paper_id IN ({q}) ORDER BY tag", chunk):
                    tags[pid].append(tag)
                for pid, name in db.execute(
                    f"SELECT p.paper_id, l.name FROM list_papers p JOIN lists l ON l.id = p.list_id "
                    f"WHERE p.paper_id IN ({q}) ORDER BY l.created, l.id", chunk
                ):
                    lists[pid].append(name)
                status.update(db.execute(f"SELECT paper_id, status FROM status WHERE paper_id IN ({q})", chunk))
                notes.update(db.execute(f"SELECT paper_id, text FROM notes WHERE paper_id IN ({q})", chunk))
        return {
            pid: PaperState(tuple(tags[pid]), tuple(lists[pid]), status.get(pid, "unread"), notes.get(pid, ""))
            for pid in ids
        }

    def state(self, paper_id: str) -> PaperState:
        return self.states([paper_id])[paper_id]

    def paper_ids(self) -> set[str]:
        """Every paper id the store holds any state for."""
        with self.conn.reading() as db:
            return {r[0] for r in db.execute("SELECT paper_id FROM state_papers")}

    def ids_for(self, field: str, value: str) -> tuple[frozenset[str], bool]:
        """The ids a `tag:`, `list:`, `status:` or `note:` search names; True: it means every paper *but* these."""
        with self.conn.reading() as db:
            if field == "tag":
                rows = db.execute("SELECT paper_id FROM paper_tags WHERE tag=?", (tag_name(value),))
            elif field == "list":
                rows = db.execute(
                    "SELECT p.paper_id FROM list_papers p JOIN lists l ON l.id = p.list_id WHERE l.name=?",
                    (list_name(value),),
                )
            elif field == "status":
                status = status_name(value)
                if status == "unread":
                    return frozenset(r[0] for r in db.execute("SELECT paper_id FROM status")), True
                rows = db.execute("SELECT paper_id FROM status WHERE status=?", (status,))
            elif field == "note":
                words = [fold(w) for w in re.findall(r"\w+", value)]
                if not words:
                    return frozenset(), False
                rows = [(pid,) for pid, text in db.execute("SELECT paper_id, text FROM notes") if _has_words(text, words)]
            else:
                raise ValueError(f"not a state field: {field}")
            return frozenset(r[0] for r in rows), False

    def counts(self) -> dict[str, int]:
        """Numbers for `reader doctor`."""
        with self.conn.reading() as db:
            one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
            return {
                "tags": one("SELECT count(DISTINCT tag) FROM paper_tags"),
                "tagged papers": one("SELECT count(DISTINCT paper_id) FROM paper_tags"),
                "lists": one("SELECT count(*) FROM lists"),
                "list entries": one("SELECT count(*) FROM list_papers"),
                "reading": one("SELECT count(*) FROM status WHERE status='reading'"),
                "read": one("SELECT count(*) FROM status WHERE status='read'"),
                "notes": one("SELECT count(*) FROM notes"),
                "citation keys": one("SELECT count(*) FROM citation_keys"),
            }
