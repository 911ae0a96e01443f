"""Golden vectors: the exact canonical text and SHA-256 of known records.

These pin the record format (README, Record model 2). If one fails, the canonical form or the hash
order changed: that is a new record format version, never an edit of these values. The hashes
were checked outside Python (``printf '%s%s' TEXT PREV | sha256sum``).
"""

from __future__ import annotations

from app.domain.canonical import GENESIS, canonical_json, chain_hash
from app.store import journal

LOGIN = {
    "station": "FA-01",
    "key": "018f0000-0000-7000-8000-000000000001",
    "kind": "login",
    "recorded_at": "2026-11-30T08:00:00.000Z",
    "corrects": None,
    "operator": {"name": "Zoë Müller", "badge": "B-1001"},
}
LOGIN_TEXT = (
    '{"corrects":null,"key":"018f0000-0000-7000-8000-000000000001","kind":"login",'
    '"operator":{"badge":"B-1001","name":"Zoë Müller"},"recorded_at":"2026-11-30T08:00:00.000Z",'
    '"station":"FA-01"}'
)
LOGIN_HASH = "0e6a01b1f759880bd80fa24fa72f9b1bc2f91ffdccb3e352b36e104dc8afb2cc"

ASSEMBLY = {
    "unit": {"serial": "SN-1", "di": None},
    "components": [{"quantity": 1.5, "id": "ML-7"}],
    "env": {"value": 45.2, "ok": True},
    "key": "018f0000-0000-7000-8000-000000000002",
    "station": "FA-01",
    "kind": "assembly",
    "recorded_at": "2026-11-30T08:00:01.250Z",
    "corrects": None,
}
ASSEMBLY_TEXT = (
    '{"components":[{"id":"ML-7","quantity":1.5}],"corrects":null,"env":{"ok":true,"value":45.2},'
    '"key":"018f0000-0000-7000-8000-000000000002","kind":"assembly",'
    '"recorded_at":"2026-11-30T08:00:01.250Z","station":"FA-01","unit":{"di":null,"serial":"SN-1"}}'
)
ASSEMBLY_HASH = "5256b8ca62ebedbe33f6703007957cd2b0e42fd5402b16a4ebb9ea3af8b54b10"


def test_canonical_text_is_pinned() -> None:
    assert canonical_json(LOGIN) == LOGIN_TEXT
    assert canonical_json(ASSEMBLY) == ASSEMBLY_TEXT


def test_chain_hashes_are_pinned() -> None:
    assert GENESIS == "0" * 64
    assert chain_hash(LOGIN_TEXT, GENESIS) == LOGIN_HASH
    assert chain_hash(ASSEMBLY_TEXT, LOGIN_HASH) == ASSEMBLY_HASH
    # content first, then the previous hash: the other order gives another hash
    assert chain_hash(LOGIN_HASH, ASSEMBLY_TEXT) != ASSEMBLY_HASH


def test_seal_puts_the_header_into_the_hashed_content() -> None:
    from datetime import UTC, datetime

    body = {"operator": {"name": "Zoë Müller", "badge": "B-1001"}}
    row = journal.seal(
        "FA-01",
        "login",
        body,
        GENESIS,
        key="018f0000-0000-7000-8000-000000000001",
        at=datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
    )
    assert row.content == LOGIN_TEXT
    assert row.hash == LOGIN_HASH
