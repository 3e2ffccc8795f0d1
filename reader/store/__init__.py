"""The user's own data: tags, reading lists, status and notes (SQLite, in the data dir)."""
