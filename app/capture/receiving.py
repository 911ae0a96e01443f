"""Receiving: a supplier's label to a plant lot, its certificate document, the signed decision.

A receiving inspector scans or types the supplier's label (ECIA/MH10.8.2 or GS1); the lot is
found or created by supplier + our part + supplier lot (+ date code, package id) with the
quantity and unit received; the certificate (PDF or image) is stored in the station by its
SHA-256 and that hash is bound into the certificate's journal row; a qualified inspector accepts,
rejects or accepts on concession with an electronic signature (``signatures.sign``). A received
lot stays on hold (``quarantined``) until its certificate is accepted; a rejected one is
``rejected``. Every change goes through ``masterdata_write.write``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.capture import signatures
from app.capture.review import ReviewRefused
from app.capture.session import CaptureSession
from app.codes.interpret import interpret
from app.codes.scan import CodeError, ScanKind
from app.domain.clock import iso_ms, new_key
from app.domain.entry import EntryMethod
from app.domain.materials import (
    CATEGORIES,
    INSPECTOR_QUALIFICATION,
    CertificateFacts,
    Decision,
    PartSpec,
    kind_name,
    normalise_kind,
    receiving_problems,
)
from app.domain.msd import MsdError, normalise_level
from app.store import accounts, masterdata_write
from app.store import materials as store
from app.store.masterdata_write import Change


class ReceivingError(ValueError):
    """A receiving step that cannot be done; the message says what was wrong and what to do."""


@dataclass(frozen=True)
class Label:
    """What a supplier's label says that receiving needs."""

    supplier_parts: tuple[str, ...]
    gtin: str | None
    supplier_lot: str | None
    date_code: str | None
    package_id: str | None
    quantity: float | None
    expiry: date | None
    text: str


def read_label(session: CaptureSession, text: str, entry: EntryMethod) -> Label:
    """The label as the station reads it (an MH10.8.2 reel label or a GS1 label).

    Raises:
        ReceivingError: the code is unreadable or not a supplier's label.
    """
    try:
        scan = interpret(text, entry, session.formats)
    except CodeError as exc:
        raise ReceivingError(f"unreadable label: {exc.message}") from None
    if scan.kind is ScanKind.SUPPLIER_LABEL and scan.supplier_label is not None:
        lab = scan.supplier_label
        parts = tuple(p for p in (lab.manufacturer_part, lab.customer_part) if p)
        return Label(parts, None, lab.lot, lab.date_code, lab.package_id, lab.quantity, None, text)
    if scan.kind is ScanKind.UDI and scan.udi is not None and scan.udi.agency == "GS1":
        u = scan.udi
        count = u.other.get("30") or u.other.get("37")
        return Label(
            (), u.di, u.lot, None, u.serial, None if count is None else float(count), u.expiry, text
        )
    raise ReceivingError(
        f"{scan.value!r} reads as a {scan.kind}, not a supplier's label: scan the reel's or "
        "bag's 2D label (ECIA/MH10.8.2 or GS1)"
    )


@dataclass(frozen=True)
class Receipt:
    """A package received into a lot."""

    lot_id: str
    created: bool
    part_number: str
    supplier_id: str
    supplier_lot: str
    quantity: float
    unit: str
    package_id: str

    def as_content(self) -> dict[str, Any]:
        """JSON-ready, as ``lineside receive --json`` prints it."""
        return dict(self.__dict__)


def _who(session: CaptureSession) -> dict[str, Any]:
    if session.operator is None:
        raise ReceivingError("nobody is logged in: log in as the receiving inspector first")
    return session.operator.as_content()


def _part_and_supplier(
    conn: sqlite3.Connection, label: Label, supplier: str | None
) -> tuple[str, str, str]:
    """(our part, supplier id, supplier part) the label stands for."""
    if label.gtin:
        row = conn.execute("SELECT part_number FROM parts WHERE gtin = ?", (label.gtin,)).fetchone()
        if row is None:
            raise ReceivingError(f"GTIN {label.gtin} is no part of ours: add it to the part first")
        rows = conn.execute(
            "SELECT supplier_id, supplier_part FROM supplier_parts WHERE part_number = ?", (row[0],)
        ).fetchall()
        found = [(str(row[0]), str(s), str(sp)) for s, sp in rows if supplier in (None, s)]
    else:
        found = [
            (str(pn), str(s), str(sp))
            for sp in label.supplier_parts
            for s, pn in conn.execute(
                "SELECT supplier_id, part_number FROM supplier_parts WHERE supplier_part = ?", (sp,)
            )
            if supplier in (None, s)
        ]
    if not found:
        printed = label.gtin or " / ".join(label.supplier_parts) or "(no part number)"
        raise ReceivingError(
            f"supplier part {printed} is not cross-referenced to a part of ours"
            + (f" for supplier {supplier}" if supplier else "")
            + ": ask purchasing to add the supplier part"
        )
    if len({(p, s) for p, s, _ in found}) > 1:
        names = ", ".join(sorted({s for _, s, _ in found}))
        raise ReceivingError(f"the label's part is supplied by {names}: say which with --supplier")
    return found[0]


def receive(
    session: CaptureSession,
    text: str,
    *,
    quantity: float | None = None,
    unit: str | None = None,
    supplier: str | None = None,
    entry: EntryMethod = EntryMethod.KEYBOARD_WEDGE,
) -> Receipt:
    """Receives one package: finds or creates its lot and records quantity and unit.

    Raises:
        ReceivingError: an unreadable label, an unknown part, no lot or quantity, a package
            received before.
    """
    by = _who(session)
    label = read_label(session, text, entry)
    conn = session.store.reader
    part, supplier_id, supplier_part = _part_and_supplier(conn, label, supplier)
    if not label.supplier_lot:
        raise ReceivingError(
            "the label carries no supplier lot (1T / GS1 (10)): type it on the label"
        )
    qty = quantity if quantity is not None else label.quantity
    if qty is None or qty <= 0:
        raise ReceivingError("the label gives no quantity: give the quantity received (--quantity)")
    part_unit = conn.execute("SELECT unit FROM parts WHERE part_number = ?", (part,)).fetchone()[0]
    unit = unit or part_unit
    package = label.package_id or ""
    if (
        package
        and conn.execute(
            "SELECT lot_id FROM supplier_packages WHERE supplier_id = ? AND package_id = ?",
            (supplier_id, package),
        ).fetchone()
    ):
        raise ReceivingError(
            f"package {package} of {supplier_id} was received before: it is the same reel; "
            "do not receive it twice"
        )
    now = session.clock()
    found = conn.execute(
        "SELECT l.id, l.quantity FROM lots l WHERE l.supplier_id = ? AND l.part_number = ? "
        "AND l.supplier_lot = ? AND (? = '' OR NOT EXISTS (SELECT 1 FROM lot_receipts r "
        "WHERE r.lot_id = l.id AND r.date_code != '' AND r.date_code != ?)) ORDER BY l.id",
        (supplier_id, part, label.supplier_lot, label.date_code or "", label.date_code or ""),
    ).fetchall()
    created = not found
    lot_id = _new_lot_id(conn, now.date()) if created else str(found[0][0])
    received = qty + (0.0 if created else float(found[0][1]))
    changes = [
        Change(
            "lots",
            {"id": lot_id},
            {
                "part_number": part,
                "supplier_id": supplier_id,
                "supplier_lot": label.supplier_lot,
                "status": "quarantined" if created else None,
                "received_on": now.date().isoformat(),
                "expires_on": None if label.expiry is None else label.expiry.isoformat(),
                "quantity": received,
            }
            if created
            else {"quantity": received},
            replace=created,
        ),
        Change(
            "lot_receipts",
            {"id": new_key()},
            {
                "lot_id": lot_id,
                "quantity": qty,
                "unit": unit,
                "supplier_part": supplier_part,
                "date_code": label.date_code or "",
                "package_id": package,
                "label": text,
                "received_by": by["user_id"],
                "received_at": iso_ms(now),
                "station": session.station.id,
            },
        ),
    ]
    if package:
        changes.append(
            Change(
                "supplier_packages",
                {"supplier_id": supplier_id, "package_id": package},
                {"lot_id": lot_id, "date_code": label.date_code},
            )
        )
    why = f"received {qty:g} {unit} of {part} ({supplier_id} lot {label.supplier_lot})"
    session.store.write(
        lambda c: masterdata_write.write(
            c, session.station.id, changes, by=by, why=why, kind="receiving", at=now
        )
    )
    return Receipt(lot_id, created, part, supplier_id, label.supplier_lot, received, unit, package)


def _new_lot_id(conn: sqlite3.Connection, day: date) -> str:
    prefix = f"ML-R{day:%y%m%d}-"  # the default lot label pattern ML-…
    n = conn.execute("SELECT count(*) FROM lots WHERE id LIKE ?", (prefix + "%",)).fetchone()[0]
    return f"{prefix}{int(n) + 1:03d}"


def attach_certificate(
    session: CaptureSession,
    lot_id: str,
    name: str,
    content: bytes,
    *,
    kind: str,
    number: str,
    heat: str = "",
    issuer: str = "",
    issuer_role: str = "",
    authorised: bool | None = None,
    states_31: bool = False,
    values: dict[str, float] | None = None,
    expires_on: date | None = None,
    reason: str = "",
) -> CertificateFacts:
    """Stores the certificate document by SHA-256 and records a new certificate revision.

    A later revision supersedes the one before and needs a reason; records keep the revision
    they used. The revision waits for an inspector's signed decision (:func:`decide`).

    Raises:
        ReceivingError: no such lot, a document that is not a PDF or image, a bad kind, a
            revision without a reason, an expiry the part's spec does not ask for.
    """
    by = _who(session)
    conn = session.store.reader
    lot = session.master.lot(lot_id)
    if lot is None:
        raise ReceivingError(f"lot {lot_id} is not known here: receive its label first")
    try:
        kind = normalise_kind(kind)
    except ValueError as exc:
        raise ReceivingError(str(exc)) from None
    if not number.strip():
        raise ReceivingError("give the certificate's number as printed on it")
    if issuer_role and issuer_role not in ("manufacturer", "distributor"):
        raise ReceivingError(f"issuer role {issuer_role!r}: say manufacturer or distributor")
    spec = store.part_spec(conn, lot.part_number)
    if expires_on is not None and (spec is None or not spec.shelf_life):
        raise ReceivingError(
            f"part {lot.part_number} has no shelf life in its spec; an {kind_name(kind)} "
            "certificate carries no expiry: leave the expiry out"
        )
    if store.media_type(content) is None:
        raise ReceivingError(
            f"{name} is not a PDF or an image (PNG, JPEG, TIFF): scan or save the certificate as one"
        )
    previous = store.newest_certificate(conn, lot_id)
    if previous is not None and not reason.strip():
        raise ReceivingError(
            f"lot {lot_id} already has certificate revision {previous.revision}: give the reason "
            "the new revision supersedes it"
        )
    revision = 1 if previous is None else previous.revision + 1
    cert_id = f"CERT-{lot_id}-{revision}"
    now = session.clock()

    def work(c: sqlite3.Connection) -> None:
        digest = store.store_document(c, name, content, iso_ms(now))
        changes = [
            Change(
                "certificates",
                {"id": cert_id},
                {
                    "lot_id": lot_id,
                    "type": kind,
                    "revision": revision,
                    "valid_from": now.date().isoformat(),
                    "valid_to": None if expires_on is None else expires_on.isoformat(),
                    "sha256": digest,
                    "document": name,
                    "issued_by": issuer,
                },
                replace=True,
            ),
            Change(
                "certificate_details",
                {"certificate_id": cert_id},
                {
                    "number": number.strip(),
                    "heat": heat.strip(),
                    "issuer_role": issuer_role,
                    "authorised": None if authorised is None else int(authorised),
                    "states_31": int(states_31),
                    "stated_values": _json(values or {}),
                    "media_type": store.media_type(content),
                    "supersedes": None if previous is None else previous.id,
                    "revision_reason": reason.strip(),
                    "expires_on": None if expires_on is None else expires_on.isoformat(),
                    "received_by": by["user_id"],
                    "received_at": iso_ms(now),
                },
                replace=True,
            ),
        ]
        if expires_on is not None:
            changes.append(Change("lots", {"id": lot_id}, {"expires_on": expires_on.isoformat()}))
        why = f"{kind_name(kind)} certificate {number.strip()} revision {revision} of lot {lot_id}"
        if previous is not None:
            why += f", superseding revision {previous.revision}: {reason.strip()}"
        masterdata_write.write(
            c, session.station.id, changes, by=by, why=why, kind="certificate", at=now
        )

    session.store.write(work)
    facts = store.certificate(conn, cert_id)
    assert facts is not None
    return facts


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


MEANINGS = {
    Decision.ACCEPT: "accepted",
    Decision.REJECT: "rejected",
    Decision.CONCESSION: "accepted on concession",
}


def decide(
    session: CaptureSession,
    certificate_id: str,
    decision: Decision | str,
    password: str,
    *,
    username: str | None = None,
    reason: str = "",
) -> CertificateFacts:
    """The inspector's signed decision on a certificate revision; releases or rejects the lot.

    A plain accept needs a certificate that meets the part's spec (kind, issuer, expiry,
    characteristic values); otherwise accept on concession with a reason, or reject.

    Raises:
        ReceivingError: nobody logged in, not a qualified inspector, no such certificate, a
            decision already made, an accept the spec does not allow, no reason where one is due.
        ReviewRefused: the signature's password or user name was wrong (journalled).
    """
    return decide_many(
        session, [certificate_id], decision, password, username=username, reason=reason
    )[0]


def decide_many(
    session: CaptureSession,
    certificate_ids: Sequence[str],
    decision: Decision | str,
    password: str,
    *,
    username: str | None = None,
    reason: str = "",
) -> list[CertificateFacts]:
    """One signed decision on several certificate revisions (a batch of lots), as :func:`decide`.

    Every certificate is checked as :func:`decide` checks one; one signature names them all and
    each gets its decision row naming that signature.

    Raises:
        ReceivingError, ReviewRefused: as :func:`decide`, for the first certificate concerned.
    """
    by = _who(session)
    decision = Decision(decision)
    conn = session.store.reader
    account = accounts.account(conn, by["user_id"])
    today = session.clock().date()
    if account is None or INSPECTOR_QUALIFICATION not in account.qualifications:
        raise ReceivingError(
            f"{by['name']} is not qualified for {INSPECTOR_QUALIFICATION}: a qualified receiving "
            "inspector must decide"
        )
    if INSPECTOR_QUALIFICATION in account.expired(today):
        raise ReceivingError(
            f"{by['name']}'s {INSPECTOR_QUALIFICATION} qualification expired on "
            f"{account.expiry[INSPECTOR_QUALIFICATION]}: ask your supervisor"
        )
    certs: list[CertificateFacts] = []
    subjects: list[dict[str, Any]] = []
    for certificate_id in certificate_ids:
        cert = store.certificate(conn, certificate_id)
        if cert is None:
            raise ReceivingError(f"certificate {certificate_id} is not known here")
        if cert.decision is not None:
            raise ReceivingError(
                f"certificate {cert.id} was already {MEANINGS[Decision(cert.decision)]} by "
                f"{cert.decided_by}: attach a new revision to decide again"
            )
        lot = session.master.lot(cert.lot_id)
        assert lot is not None
        spec = store.part_spec(conn, lot.part_number)
        problems = [] if spec is None else receiving_problems(spec, cert)
        if decision is Decision.ACCEPT and problems:
            raise ReceivingError(
                f"certificate {cert.id} cannot be accepted as it stands: {'; '.join(problems)}. "
                "Reject it, or accept on concession with a reason"
            )
        certs.append(cert)
        subjects.append(
            {
                "certificate": cert.id,
                "lot": cert.lot_id,
                "revision": cert.revision,
                "kind": cert.kind,
                "sha256": cert.sha256,
                "decision": decision.value,
                "reason": reason.strip(),
                "problems": problems,
            }
        )
    if not certs:
        raise ReceivingError("no certificate to decide: name at least one")
    if decision is not Decision.ACCEPT and not reason.strip():
        raise ReceivingError(f"say why the certificate is {MEANINGS[decision]} (a reason)")

    def still_open(c: sqlite3.Connection) -> dict[str, Any]:
        for cert in certs:
            newest = store.newest_certificate(c, cert.lot_id)
            if newest is None or newest.id != cert.id:
                raise ReviewRefused(
                    f"certificate {cert.id} was superseded: decide the newest revision"
                )
        return {}

    row = signatures.sign(
        session,
        MEANINGS[decision],
        subjects[0] if len(subjects) == 1 else {"certificates": subjects},
        password,
        username=username,
        body=still_open,
    )
    at = iso_ms(session.clock())
    status = "rejected" if decision is Decision.REJECT else "released"
    changes = []
    for cert in certs:
        changes += [
            Change(
                "certificate_decisions",
                {"certificate_id": cert.id},
                {
                    "decision": decision.value,
                    "reason": reason.strip(),
                    "decided_by": by["user_id"],
                    "decided_at": at,
                    "signature": row.key,
                },
            ),
            Change("lots", {"id": cert.lot_id}, {"status": status}),
        ]
    names = f"certificate {certs[0].id}" if len(certs) == 1 else f"{len(certs)} certificates"
    why = f"{names} {MEANINGS[decision]}"
    why += f": {reason.strip()}" if reason.strip() else ""
    session.store.write(
        lambda c: masterdata_write.write(
            c,
            session.station.id,
            changes,
            by=by,
            why=why,
            kind="certificate-decision",
            at=session.clock(),
        )
    )
    decided = [store.certificate(conn, cert.id) for cert in certs]
    assert all(d is not None for d in decided)
    return [d for d in decided if d is not None]


def set_part_spec(session: CaptureSession, spec: PartSpec, why: str) -> None:
    """Writes a part's materials spec (certificate kinds, characteristics, shelf life, MSL).

    Raises:
        ReceivingError: nobody logged in, no reason, an unknown part, category, kind or MSL.
    """
    by = _who(session)
    if not why.strip():
        raise ReceivingError("say why the part's spec changes (a reason)")
    conn = session.store.reader
    if (
        conn.execute("SELECT 1 FROM parts WHERE part_number = ?", (spec.part_number,)).fetchone()
        is None
    ):
        raise ReceivingError(f"part {spec.part_number} is not known here")
    if spec.category not in CATEGORIES:
        raise ReceivingError(f"category {spec.category!r}: one of {', '.join(CATEGORIES)}")
    try:
        kinds = [normalise_kind(k) for k in spec.kinds] or list(CATEGORIES[spec.category])
        msl = None if spec.msl is None else normalise_level(spec.msl)
    except (ValueError, MsdError) as exc:
        raise ReceivingError(str(exc)) from None
    values = {
        "category": spec.category,
        "kinds": _json(kinds),
        "characteristics": _json([c.as_content() for c in spec.characteristics]),
        "shelf_life": int(spec.shelf_life),
        "authorised_source": int(spec.authorised_source),
        "msl": msl,
        "thickness_mm": spec.thickness_mm,
        "low_stock": spec.low_stock,
    }
    session.store.write(
        lambda c: masterdata_write.write(
            c,
            session.station.id,
            [Change("part_specs", {"part_number": spec.part_number}, values, replace=True)],
            by=by,
            why=why.strip(),
            at=session.clock(),
        )
    )
