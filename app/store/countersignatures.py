"""The plant's countersignatures of this station's signatures: proofs kept, receipts, status.

When a signature row is written, the station keeps a proof that the signer knew their password for
that one row (:func:`proof_tag`: HMAC-SHA256 keyed with the scrypt key of the password under the
plant's parameters for the user, over station, row key, row hash and meaning) in
``countersign_requests``, a local table outside the chain (the tag is password-derived). The plant,
which holds that key as the user's password hash, recomputes it: while it is reachable at once,
otherwise at the next sync. Its answer is journalled: a ``countersignature`` row (the receipt, with
the plant's time) or a ``countersignature-refused`` row. A signature row written outside the app has
no proof that holds, so it stays "not countersigned" or is refused, and stands out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.clock import iso_ms
from app.store import journal

RECEIPT_KIND = "countersignature"
REFUSED_KIND = "countersignature-refused"


def proof_tag(key: bytes, station: str, record_key: str, record_hash: str, meaning: str) -> str:
    """The proof for one signature row, as the plant recomputes it (``plant.countersign``)."""
    message = "\n".join((station, record_key, record_hash, meaning)).encode("utf-8")
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def cache_params(conn: sqlite3.Connection, username: str, params: str, at: datetime) -> None:
    """Keeps the plant's (public) scrypt parameters and salt for ``username``."""
    conn.execute(
        "INSERT INTO plant_password_params (username, params, fetched_at) VALUES (?, ?, ?) "
        "ON CONFLICT (username) DO UPDATE SET params = excluded.params, "
        "fetched_at = excluded.fetched_at",
        (username, params, iso_ms(at)),
    )


def cached_params(conn: sqlite3.Connection, username: str) -> str | None:
    """The plant's scrypt parameters for ``username`` as last fetched, or None."""
    row = conn.execute(
        "SELECT params FROM plant_password_params WHERE username = ?", (username,)
    ).fetchone()
    return None if row is None else str(row[0])


@dataclass(frozen=True)
class Request:
    """A signature row waiting for the plant's countersignature, with its proof."""

    signature_key: str
    station: str
    username: str
    meaning: str
    record_hash: str
    tag: str


def keep_request(
    conn: sqlite3.Connection, row: journal.JournalRow, username: str, meaning: str, key: bytes
) -> Request:
    """Keeps the proof of a signature row just written (in the row's write transaction)."""
    request = Request(
        row.key,
        row.station,
        username,
        meaning,
        row.hash,
        proof_tag(key, row.station, row.key, row.hash, meaning),
    )
    conn.execute(
        "INSERT INTO countersign_requests (signature_key, station, username, meaning, record_hash, "
        "tag, made_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            request.signature_key,
            request.station,
            request.username,
            request.meaning,
            request.record_hash,
            request.tag,
            row.recorded_at,
        ),
    )
    return request


_ANSWERED = (
    "SELECT 1 FROM journal a WHERE a.kind IN ('countersignature', 'countersignature-refused') "
    "AND json_extract(a.content, '$.countersignature.signature') = r.signature_key"
)


def pending(conn: sqlite3.Connection) -> list[Request]:
    """Requests the plant has not answered yet, oldest first."""
    return [
        Request(*r)
        for r in conn.execute(
            "SELECT signature_key, station, username, meaning, record_hash, tag FROM "
            f"countersign_requests r WHERE NOT EXISTS ({_ANSWERED}) ORDER BY made_at"
        )
    ]


def record_answer(
    conn: sqlite3.Connection,
    request: Request,
    plant_time: datetime | None,
    refusal: str | None = None,
) -> journal.JournalRow:
    """Journals the plant's answer: its countersignature (``plant_time``) or its refusal."""
    body: dict[str, Any] = {
        "countersignature": {
            "signature": request.signature_key,
            "signature_hash": request.record_hash,
            "username": request.username,
            "meaning": request.meaning,
        }
    }
    if refusal is None:
        assert plant_time is not None
        body["countersignature"]["plant_time"] = iso_ms(plant_time)
        return journal.append(conn, request.station, RECEIPT_KIND, body)
    body["countersignature"]["refusal"] = refusal
    return journal.append(conn, request.station, REFUSED_KIND, body)


@dataclass(frozen=True)
class Status:
    """Where a signature stands with the plant."""

    state: str  # countersigned, refused, pending, none
    text: str
    plant_time: str | None = None

    @property
    def countersigned(self) -> bool:
        """Whether the plant countersigned it."""
        return self.state == "countersigned"


def status(conn: sqlite3.Connection, signature_key: str) -> Status:
    """Whether the plant countersigned signature ``signature_key``, refused it, or not yet."""
    answer = conn.execute(
        "SELECT kind, content FROM journal WHERE kind IN ('countersignature', "
        "'countersignature-refused') AND json_extract(content, '$.countersignature.signature') = ? "
        "ORDER BY seq DESC LIMIT 1",
        (signature_key,),
    ).fetchone()
    if answer is not None:
        said = journal.JournalRow("", "", "", "", None, answer[1], "", "").data["countersignature"]
        if answer[0] == RECEIPT_KIND:
            at = str(said.get("plant_time", ""))
            return Status("countersigned", f"countersigned by the plant at {at}", at)
        return Status("refused", f"the plant REFUSED to countersign it: {said.get('refusal', '')}")
    kept = conn.execute(
        "SELECT 1 FROM countersign_requests WHERE signature_key = ?", (signature_key,)
    ).fetchone()
    if kept is not None:
        return Status(
            "pending", "not yet countersigned: the plant countersigns it at the next sync"
        )
    return Status(
        "none",
        "not countersigned and cannot be: no proof of the signer's password was kept with it "
        "(signed before this station knew the signer's plant account, or not signed through "
        "Lineside)",
    )
