"""Pinned citation keys: once pinned a paper's key never changes, and no two papers share one."""

from __future__ import annotations

from reader.store.errors import StateError
from reader.store.names import plural
from reader.store.snapshots import capture


class Keys:
    """Store methods for citation keys (mixed into Store)."""

    def pinned_keys(self) -> dict[str, str]:
        """Every pinned key by paper id."""
        with self.conn.reading() as db:
            return dict(db.execute("SELECT paper_id, key FROM citation_keys"))

    def pin_keys(self, mapping: dict[str, str]) -> int:
        """Pin keys for papers that have none; a paper's pinned key is kept. Returns how many were pinned.

        A key pinned to another paper is refused (StateError) and nothing is pinned.
        """
        with self.conn.writing() as db:
            pinned = dict(db.execute("SELECT paper_id, key FROM citation_keys"))
            owners = {key: pid for pid, key in pinned.items()}
            new = []
            for pid, key in mapping.items():
                if pid in pinned:
                    continue
                if not key or owners.get(key, pid) != pid:
                    raise StateError(f"citation key “{key}” is taken by paper {owners.get(key)}: choose another")
                owners[key] = pid
                new.append((pid, key))
            before = capture(db, "citation_keys", paper_id=[pid for pid, _ in new])
            db.executemany("INSERT INTO citation_keys(paper_id, key) VALUES (?, ?)", new)
            if new:
                label = ", ".join(key for _, key in new[:3]) + (", …" if len(new) > 3 else "")
                self.record(db, f"Pinned {plural(len(new), 'citation key')}: {label}", "", (before,), undoable=False)
        return len(new)
