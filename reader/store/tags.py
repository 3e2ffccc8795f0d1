"""Tags: many per paper, added and removed in bulk, renamed and deleted everywhere."""

from __future__ import annotations

import time

from reader.store.names import plural, tag_name, tag_names
from reader.store.snapshots import capture
from reader.store.values import Change, marks


class Tags:
    """Store methods for tags (mixed into Store)."""

    def tag(self, ids: list[str], tags) -> Change:
        """Add every tag to every paper in one transaction; the count is papers that gained one."""
        names, ids = tag_names(tags, new=True), list(dict.fromkeys(ids))
        now = time.time()
        with self.conn.writing() as db:
            before = capture(db, "paper_tags", paper_id=ids, tag=names)
            have = {(r[0], r[1]) for r in before.rows}
            new = [(pid, name, now) for pid in ids for name in names if (pid, name) not in have]
            db.executemany("INSERT INTO paper_tags(paper_id, tag, added) VALUES (?, ?, ?)", new)
            count, label = len({pid for pid, _, _ in new}), ", ".join(names)
            entry = self.record(db, f"Tagged {plural(count, 'paper')}: {label}",
                                f"Untagged {plural(count, 'paper')}: {label}", (before,)) if count else None
        return Change(count, entry)

    def untag(self, ids: list[str], tags) -> Change:
        """Remove the tags from the papers in one transaction; the count is papers that lost one."""
        names, ids = tag_names(tags), list(dict.fromkeys(ids))
        with self.conn.writing() as db:
            before = capture(db, "paper_tags", paper_id=ids, tag=names)
            db.execute(
                f"DELETE FROM paper_tags WHERE paper_id IN ({marks(ids)}) AND tag IN ({marks(names)})",
                [*ids, *names],
            )
            count, label = len({r[0] for r in before.rows}), ", ".join(names)
            entry = self.record(db, f"Untagged {plural(count, 'paper')}: {label}",
                                f"Tagged {plural(count, 'paper')} again: {label}", (before,)) if count else None
        return Change(count, entry)

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use with its number of papers, by name."""
        with self.conn.reading() as db:
            rows = db.execute("SELECT tag, count(*) FROM paper_tags GROUP BY tag ORDER BY tag")
            return [(r[0], r[1]) for r in rows]

    def tagged(self, tag: str) -> list[str]:
        """Ids of the papers with this tag, most recently tagged first."""
        with self.conn.reading() as db:
            rows = db.execute("SELECT paper_id FROM paper_tags WHERE tag=? ORDER BY added DESC, paper_id", (tag_name(tag),))
            return [r[0] for r in rows]

    def rename_tag(self, old: str, new: str) -> Change:
        """Rename a tag on every paper (merging into `new` if it exists); the count is papers."""
        old, new = tag_name(old), tag_name(new, new=True)
        if old == new:
            return Change(0, None)
        now = time.time()
        with self.conn.writing() as db:
            before = capture(db, "paper_tags", tag=[old, new])
            papers = [r[0] for r in before.rows if r[1] == old]
            db.executemany(
                "INSERT OR IGNORE INTO paper_tags(paper_id, tag, added) VALUES (?, ?, ?)", [(p, new, now) for p in papers]
            )
            db.execute("DELETE FROM paper_tags WHERE tag=?", (old,))
            count = len(papers)
            entry = self.record(db, f"Renamed tag {old} to {new} ({plural(count, 'paper')})",
                                f"Renamed tag {new} back to {old} ({plural(count, 'paper')})", (before,)) if count else None
        return Change(count, entry)

    def delete_tag(self, name: str) -> Change:
        """Remove a tag from every paper; the count is papers."""
        name = tag_name(name)
        with self.conn.writing() as db:
            before = capture(db, "paper_tags", tag=[name])
            db.execute("DELETE FROM paper_tags WHERE tag=?", (name,))
            count = len(before.rows)
            entry = self.record(db, f"Deleted tag {name} from {plural(count, 'paper')}",
                                f"Restored tag {name} on {plural(count, 'paper')}", (before,)) if count else None
        return Change(count, entry)
