"""The user's own data: tags, reading lists, status, notes and pinned citation keys.

One SQLite file, `<data dir>/state.sqlite3`, keyed by the stable paper id, so it
survives index rebuilds and edited or removed listing files. No UI imports here.
"""

from reader.store.errors import StateError, StoreError, UnknownList
from reader.store.store import STORE_FILE, Change, Store

__all__ = ["STORE_FILE", "Change", "StateError", "Store", "StoreError", "UnknownList"]
