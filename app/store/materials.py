"""Read access to materials master data: part specs, certificates as received and decided,
certificate documents by SHA-256, and the moisture-sensitive packs' events."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.materials import CertificateFacts, Characteristic, PartSpec


def part_spec(conn: sqlite3.Connection, part_number: str) -> PartSpec | None:
    """The materials spec of a part, or None when the part has none."""
    row = conn.execute(
        "SELECT part_number, category, kinds, characteristics, shelf_life, authorised_source, "
        "msl, thickness_mm, low_stock FROM part_specs WHERE part_number = ?",
        (part_number,),
    ).fetchone()
    if row is None:
        return None
    return PartSpec(
        part_number=row[0],
        category=row[1],
        kinds=tuple(json.loads(row[2])),
        characteristics=tuple(Characteristic(**c) for c in json.loads(row[3])),
        shelf_life=bool(row[4]),
        authorised_source=bool(row[5]),
        msl=row[6],
        thickness_mm=row[7],
        low_stock=row[8],
    )


CERTIFICATE_SQL = (
    "SELECT c.id, c.lot_id, c.type, c.revision, c.sha256, c.issued_by, d.number, d.heat, "
    "d.issuer_role, d.authorised, d.states_31, d.stated_values, coalesce(d.expires_on, c.valid_to), "
    "x.decision, x.decided_by, x.decided_at, x.signature, x.reason "
    "FROM certificates c LEFT JOIN certificate_details d ON d.certificate_id = c.id "
    "LEFT JOIN certificate_decisions x ON x.certificate_id = c.id "
)


def _facts(row: tuple[Any, ...]) -> CertificateFacts:
    return CertificateFacts(
        id=row[0],
        lot_id=row[1],
        kind=row[2],
        revision=row[3],
        sha256=row[4],
        issuer=row[5] or "",
        number=row[6] or "",
        heat=row[7] or "",
        issuer_role=row[8] or "",
        authorised=None if row[9] is None else bool(row[9]),
        states_31=bool(row[10]),
        values=json.loads(row[11]) if row[11] else {},
        expires_on=None if row[12] is None else date.fromisoformat(row[12]),
        decision=row[13],
        decided_by=row[14],
        decided_at=row[15],
        signature=row[16],
        reason=row[17] or "",
    )


def newest_certificate(conn: sqlite3.Connection, lot_id: str) -> CertificateFacts | None:
    """The newest revision of a lot's certificate with its details and decision, or None."""
    row = conn.execute(
        CERTIFICATE_SQL + "WHERE c.lot_id = ? ORDER BY c.revision DESC LIMIT 1", (lot_id,)
    ).fetchone()
    return None if row is None else _facts(row)


def certificate(conn: sqlite3.Connection, certificate_id: str) -> CertificateFacts | None:
    """One certificate revision by id, or None."""
    row = conn.execute(CERTIFICATE_SQL + "WHERE c.id = ?", (certificate_id,)).fetchone()
    return None if row is None else _facts(row)


def certificates(conn: sqlite3.Connection, lot_id: str) -> list[CertificateFacts]:
    """Every revision of a lot's certificate, oldest first."""
    return [
        _facts(r)
        for r in conn.execute(CERTIFICATE_SQL + "WHERE c.lot_id = ? ORDER BY c.revision", (lot_id,))
    ]


@dataclass(frozen=True)
class Document:
    """A stored certificate document."""

    sha256: str
    media_type: str
    name: str
    content: bytes


#: What a certificate document may be, by its first bytes.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def media_type(content: bytes) -> str | None:
    """The document's media type by its signature bytes (PDF, PNG, JPEG, TIFF), or None."""
    return next((t for magic, t in MAGIC if content.startswith(magic)), None)


def store_document(conn: sqlite3.Connection, name: str, content: bytes, at: str) -> str:
    """Stores a document once by its SHA-256 (call in a write transaction); returns the hash.

    Raises:
        ValueError: the content is not a PDF or an image.
    """
    kind = media_type(content)
    if kind is None:
        raise ValueError(
            f"{name} is not a PDF or an image (PNG, JPEG, TIFF): scan or save the certificate "
            "as one of those"
        )
    digest = hashlib.sha256(content).hexdigest()
    conn.execute(
        "INSERT INTO documents (sha256, media_type, size, name, content, stored_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
        (digest, kind, len(content), name, content, at),
    )
    return digest


def document(conn: sqlite3.Connection, sha256: str) -> Document | None:
    """A stored document by its SHA-256, or None."""
    row = conn.execute(
        "SELECT sha256, media_type, name, content FROM documents WHERE sha256 = ?", (sha256,)
    ).fetchone()
    return None if row is None else Document(row[0], row[1], row[2], bytes(row[3]))


def altered_documents(conn: sqlite3.Connection) -> list[str]:
    """Documents whose content no longer hashes to their key, and certificates whose document
    is missing (each as one sentence)."""
    out = []
    for digest, content in conn.execute("SELECT sha256, content FROM documents ORDER BY sha256"):
        if hashlib.sha256(bytes(content)).hexdigest() != digest:
            out.append(f"document {digest}: its content no longer has this SHA-256: it was altered")
    for cert_id, digest in conn.execute(
        "SELECT c.id, c.sha256 FROM certificates c JOIN certificate_details d "
        "ON d.certificate_id = c.id WHERE NOT EXISTS "
        "(SELECT 1 FROM documents x WHERE x.sha256 = c.sha256) ORDER BY c.id"
    ):
        out.append(f"certificate {cert_id}: its document {digest} is not in the station database")
    return out


@dataclass(frozen=True)
class MsdEvent:
    """One event of a moisture-sensitive pack: opened, into or out of dry storage, baked, sealed."""

    id: str
    carrier: str
    lot_id: str
    kind: str
    at: str
    end_at: str | None
    temperature_c: float | None
    rh: float | None
    place: str
    done_by: str


MSD_COLUMNS = "id, carrier, lot_id, kind, at, end_at, temperature_c, rh, place, done_by"


def msd_events(conn: sqlite3.Connection, carrier: str) -> list[MsdEvent]:
    """A pack's events in time order."""
    return [
        MsdEvent(*r)
        for r in conn.execute(
            f"SELECT {MSD_COLUMNS} FROM msd_events WHERE carrier = ? ORDER BY at, id", (carrier,)
        )
    ]


def lot_carriers(conn: sqlite3.Connection, lot_id: str) -> list[str]:
    """The packs of a lot that have MSD events, most recently touched first."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT carrier FROM msd_events WHERE lot_id = ? GROUP BY carrier ORDER BY max(at) DESC",
            (lot_id,),
        )
    ]


def open_carriers(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Every pack whose newest open is not followed by a seal: (carrier, lot)."""
    return [
        (str(r[0]), str(r[1]))
        for r in conn.execute(
            "SELECT carrier, lot_id FROM msd_events e WHERE kind = 'open' AND NOT EXISTS ("
            "SELECT 1 FROM msd_events s WHERE s.carrier = e.carrier AND s.kind = 'seal' "
            "AND s.at >= e.at) GROUP BY carrier ORDER BY carrier"
        )
    ]
