"""Golden vectors: the exact canonical text and SHA-256 of known records.

These pin the record format (README, Record model 2). If one fails, the canonical form or the hash
order changed: that is a new record format version, never an edit of these values. The hashes
were checked outside Python (``printf '%s%s' TEXT PREV | sha256sum``).
"""

from __future__ import annotations

import json

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


# Record format with shared parts (README, Record model 3): the stored text names each part as
# {"$ref": "sha256:<hex>", <the entry's own values>}; a part's hash is the SHA-256 of its canonical
# text alone. Hashes checked outside Python with ``printf '%s' TEXT | sha256sum``.
WITH_PARTS = {
    "key": "018f0000-0000-7000-8000-000000000003",
    "station": "FA-01",
    "kind": "assembly",
    "recorded_at": "2026-11-30T08:00:02.500Z",
    "corrects": None,
    "unit": {"serial": "SN-2", "di": None},
    "components": [
        {
            "id": "PCB-9",
            "kind": "unit",
            "part_number": "PCBA-50",
            "quantity": 1.0,
            "certificate": None,
            "scan": {"text": "PCB-9"},
        },
        {
            "id": "ML-7",
            "kind": "lot",
            "part_number": "SCR-M3-8",
            "quantity": 1.5,
            "certificate": {"id": "CERT-7", "type": "3.1", "revision": 1},
        },
    ],
    "environment": [
        {
            "quantity": "relative_humidity",
            "value": 45.2,
            "unit": "%RH",
            "instrument": "HMT330",
            "read_at": "2026-11-30T08:00:01.000Z",
            "age_s": 1.5,
            "status": "ok",
            "window": {"low": 30, "high": 60},
        }
    ],
}
PART_BOARD = '{"certificate":null,"kind":"unit","part_number":"PCBA-50","quantity":1.0}'
PART_BOARD_HASH = "568dbb958d0f165be6ebb61749b4753591e2896db62c79f1164a287a6bd90787"
PART_LOT = (
    '{"certificate":{"id":"CERT-7","revision":1,"type":"3.1"},"id":"ML-7","kind":"lot",'
    '"part_number":"SCR-M3-8","quantity":1.5}'
)
PART_LOT_HASH = "6d8b605ac28dd1d0a905cb63e752f371a675ce66e96753292ade03fb7de50acf"
PART_READING = '{"instrument":"HMT330","quantity":"relative_humidity","unit":"%RH","window":{"high":60,"low":30}}'
PART_READING_HASH = "5c9b7ebc7169eb8c443f84e45a3a8351e7696fde96e2ce60e83222520bc4ad19"
WITH_PARTS_TEXT = (
    '{"components":[{"$ref":"sha256:' + PART_BOARD_HASH + '","id":"PCB-9","scan":{"text":"PCB-9"}},'
    '{"$ref":"sha256:' + PART_LOT_HASH + '"}],"corrects":null,'
    '"environment":[{"$ref":"sha256:' + PART_READING_HASH + '","age_s":1.5,'
    '"read_at":"2026-11-30T08:00:01.000Z","status":"ok","value":45.2}],'
    '"key":"018f0000-0000-7000-8000-000000000003","kind":"assembly",'
    '"recorded_at":"2026-11-30T08:00:02.500Z","station":"FA-01","unit":{"di":null,"serial":"SN-2"}}'
)
WITH_PARTS_HASH = "6b6d69f7b6db256f0fa4214717519da109af505a551b7aacfd0c86683c0fd567"


def test_a_record_with_shared_parts_is_pinned() -> None:
    from app.domain import parts

    compact, cut = parts.share("assembly", WITH_PARTS)
    assert canonical_json(compact) == WITH_PARTS_TEXT
    assert cut == {
        PART_BOARD_HASH: PART_BOARD,
        PART_LOT_HASH: PART_LOT,
        PART_READING_HASH: PART_READING,
    }
    assert {parts.part_hash(text) for text in cut.values()} == set(cut)
    # The chain hash is defined as before, over the stored text (which names the parts).
    assert chain_hash(WITH_PARTS_TEXT, ASSEMBLY_HASH) == WITH_PARTS_HASH
    # Expanded, the record states exactly what the old form stated.
    texts = {h: json.loads(t) for h, t in cut.items()}
    assert canonical_json(parts.expand(compact, texts.__getitem__)) == canonical_json(WITH_PARTS)


def test_records_of_the_old_form_keep_their_meaning() -> None:
    from app.domain import parts

    # A record without references expands to itself: rows written before parts verify as before.
    old = json.loads(ASSEMBLY_TEXT)
    assert parts.expand(old, lambda digest: {}) == old
    # Kinds that are not cut keep their text whatever lists they carry.
    assert parts.share("login", LOGIN) == (LOGIN, {})
