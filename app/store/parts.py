"""The station's shared parts: written with the rows that refer to them, read back by hash."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from app.domain.parts import PartError, part_hash
from app.domain.parts import expand as expand_content

INSERT_SQL = "INSERT OR IGNORE INTO shared_parts (hash, content) VALUES (?, ?)"

# Parts never change (a hash names one text), so values read once serve every later reader.
_CACHE: dict[str, Mapping[str, Any]] = {}
_CACHE_LIMIT = 200_000


def write(conn: sqlite3.Connection, parts: Iterable[tuple[str, str]]) -> None:
    """Stores parts (hash, canonical text) not stored yet. Call in the rows' write transaction."""
    parts = list(parts)
    if parts:  # rows without parts never touch the table (migrations before it journal too)
        conn.executemany(INSERT_SQL, parts)


def parsed(digest: str, text: str) -> Mapping[str, Any]:
    """The values of a part sealed here (``digest`` is the hash of ``text``), parsed once."""
    values = _CACHE.get(digest)
    if values is None:
        values = json.loads(text)
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[digest] = values
    return values


def load(conn: sqlite3.Connection, digest: str) -> Mapping[str, Any]:
    """The values of the part with ``digest``.

    Raises:
        PartError: the station holds no such part, or its text does not match its hash.
    """
    values = _CACHE.get(digest)
    if values is not None:
        return values
    row = conn.execute("SELECT content FROM shared_parts WHERE hash = ?", (digest,)).fetchone()
    if row is None:
        raise PartError(f"part sha256:{digest} is missing from shared_parts")
    if part_hash(row[0]) != digest:
        raise PartError(f"part sha256:{digest} does not match its hash: it was altered")
    parsed: Mapping[str, Any] = json.loads(row[0])
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[digest] = parsed
    return parsed


def expand(conn: sqlite3.Connection, content: str | dict[str, Any]) -> dict[str, Any]:
    """A journal row's content (text as stored, or parsed) with every shared part filled in:
    the record exactly as the old form stated it.

    Raises:
        PartError: a part it refers to is missing or altered.
    """
    data: dict[str, Any] = json.loads(content) if isinstance(content, str) else content
    return expand_content(data, lambda digest: load(conn, digest))


def forget() -> None:
    """Empties the cache (tests that tamper with a part and read it again)."""
    _CACHE.clear()
