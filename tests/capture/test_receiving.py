"""Receiving: a supplier's label to a lot, its certificate stored by SHA-256, the inspector's
signed decision, and the line refusing a lot whose certificate the part's spec does not allow."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from app.capture import receiving
from app.capture.demo_line import DEMO_PASSWORD, SUPPLIER_PARTS
from app.capture.events import CaptureRefused
from app.capture.receiving import ReceivingError
from app.capture.review import ReviewRefused
from app.capture.session import CaptureSession
from app.codes.mh10 import compose
from app.domain.materials import Characteristic, Decision, PartSpec
from app.domain.verdict import Rule, Status
from app.store import journal, masterdata_write
from app.store import materials as store
from app.store.masterdata_write import Change
from tests.helpers.stations import DemoStation, good_environment

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def qualify(station: DemoStation, user_id: str = "U2001") -> None:
    """Gives a staff account the incoming-inspection qualification (through the writer)."""
    quals = json.loads(
        station.conn.execute(
            "SELECT qualifications FROM users WHERE id = ?", (user_id,)
        ).fetchone()[0]
    )
    station.store.write(
        lambda c: masterdata_write.write(
            c,
            "FA-01",
            [
                Change(
                    "users",
                    {"id": user_id},
                    {"qualifications": json.dumps([*quals, "incoming-inspection"])},
                )
            ],
            by="test",
            why="trained as receiving inspector",
        )
    )


class Clock:
    """A station clock the test moves forward."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def inspector(station: DemoStation, clock: Callable[[], datetime] | None = None) -> CaptureSession:
    """The demo supervisor, qualified for incoming inspection, logged in at FA-01."""
    qualify(station)
    kwargs = {} if clock is None else {"clock": clock}
    session = station.session("FA-01", **kwargs)
    session.login_password("supervisor", DEMO_PASSWORD)
    return session


def spec(station: DemoStation, session: CaptureSession, **kw: object) -> PartSpec:
    part = PartSpec(**kw)  # type: ignore[arg-type]
    receiving.set_part_spec(session, part, "materials spec for the test")
    return part


def label(part: str, lot: str, package: str, qty: str = "500", date_code: str = "2547") -> str:
    return compose(
        [
            ("1P", SUPPLIER_PARTS[part]),
            ("Q", qty),
            ("10D", date_code),
            ("1T", lot),
            ("3S", package),
        ]
    )


def received_and_certified(
    station: DemoStation,
    session: CaptureSession,
    part: str,
    kind: str,
    decision: Decision | None = Decision.ACCEPT,
    **cert: object,
) -> tuple[str, store.CertificateFacts]:
    receipt = receiving.receive(session, label(part, f"SL-{part}-{kind}", f"PK-{part}-{kind}"))
    facts = receiving.attach_certificate(
        session,
        receipt.lot_id,
        f"{kind}.pdf",
        PDF,
        kind=kind,
        number=f"NO-{kind}",
        **cert,  # type: ignore[arg-type]
    )
    if decision is not None:
        facts = receiving.decide(
            session,
            facts.id,
            decision,
            DEMO_PASSWORD,
            username="supervisor",
            reason="" if decision is Decision.ACCEPT else "engineering concession EC-17",
        )
    return receipt.lot_id, facts


def operator_scans(station: DemoStation, lot: str, at: datetime | None = None) -> object:
    """An operator at FA-01 scans ``lot`` for a new unit (at time ``at``)."""
    kwargs = {} if at is None else {"clock": lambda: at, "environment": good_environment(at=at)}
    session = station.session("FA-01", **kwargs)
    session.scan("BDG-1002")
    session.scan(station.udi("SN-IP-200-7300001"))
    return session.scan(lot)


def refused_at_line(station: DemoStation, lot: str, rule: Rule) -> str:
    with pytest.raises(CaptureRefused) as caught:
        operator_scans(station, lot)
    assert caught.value.finding.rule is rule, caught.value.finding.message
    return caught.value.finding.message


def test_a_label_creates_a_lot_on_hold_and_a_second_reel_of_the_same_lot_adds_to_it(
    station: DemoStation,
) -> None:
    session = inspector(station)
    first = receiving.receive(session, label("SCR-M3-8", "HX-7781", "PK-1", qty="500"))
    assert first.created and first.part_number == "SCR-M3-8" and first.supplier_id == "SUP-ALPS"
    assert (first.quantity, first.unit) == (500.0, "pcs")
    status = station.conn.execute(
        "SELECT status FROM lots WHERE id = ?", (first.lot_id,)
    ).fetchone()
    assert status == ("quarantined",)  # on hold until its certificate is accepted
    second = receiving.receive(session, label("SCR-M3-8", "HX-7781", "PK-2", qty="250"))
    assert not second.created and second.lot_id == first.lot_id and second.quantity == 750.0
    with pytest.raises(ReceivingError, match="received before"):
        receiving.receive(session, label("SCR-M3-8", "HX-7781", "PK-2"))
    other_date = receiving.receive(session, label("SCR-M3-8", "HX-7781", "PK-3", date_code="2601"))
    assert other_date.created  # same supplier lot, another date code: another lot
    with pytest.raises(ReceivingError, match="not cross-referenced"):
        receiving.receive(session, compose([("1P", "NOBODY-KNOWS"), ("Q", "1"), ("1T", "X")]))
    with pytest.raises(ReceivingError, match="no quantity"):
        receiving.receive(session, compose([("1P", SUPPLIER_PARTS["SCR-M3-8"]), ("1T", "Y")]))


def test_the_document_is_kept_by_sha256_and_bound_into_the_journal_row(
    station: DemoStation,
) -> None:
    session = inspector(station)
    spec(station, session, part_number="SCR-M3-8", category="metal", kinds=("3.1",))
    lot, facts = received_and_certified(station, session, "SCR-M3-8", "3.1", None, heat="H-4471")
    digest = hashlib.sha256(PDF).hexdigest()
    assert facts.sha256 == digest and facts.decision is None
    doc = store.document(station.conn, digest)
    assert doc is not None and doc.content == PDF and doc.media_type == "application/pdf"
    row = station.conn.execute(
        "SELECT content FROM journal WHERE kind = 'certificate' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    master = json.loads(row[0])["master"]
    cert = next(m for m in master if m["table"] == "certificates")
    assert (
        cert["new"]["sha256"] == digest and cert["new"]["valid_to"] is None
    )  # EN 10204: no expiry
    with pytest.raises(ReceivingError, match="not a PDF or an image"):
        receiving.attach_certificate(
            session, lot, "x.txt", b"hello", kind="3.1", number="N", reason="r"
        )
    with pytest.raises(ReceivingError, match="supersedes"):
        receiving.attach_certificate(session, lot, "c.png", PNG, kind="3.1", number="N2")
    with pytest.raises(ReceivingError, match="no shelf life"):
        receiving.attach_certificate(
            session,
            lot,
            "c.png",
            PNG,
            kind="3.1",
            number="N2",
            reason="r",
            expires_on=date(2030, 1, 1),
        )
    # The plant copy is a tamperer away from the truth: an altered document is named.
    raw = sqlite3.connect(station.path)
    raw.execute("DROP TRIGGER documents_no_update")
    raw.execute("UPDATE documents SET content = ? WHERE sha256 = ?", (PDF + b" ", digest))
    raw.commit()
    raw.close()
    assert any("altered" in p for p in store.altered_documents(station.conn))


@pytest.mark.parametrize(
    ("category", "kinds", "kind", "extra", "ok"),
    [
        ("metal", ("2.1",), "2.1", {}, True),
        ("metal", ("2.2",), "2.2", {}, True),
        ("metal", ("3.1",), "3.1", {"heat": "H1"}, True),
        ("metal", ("3.1",), "3.2", {"heat": "H1"}, True),  # a 3.2 covers a 3.1
        ("metal", ("3.2",), "3.1", {"heat": "H1"}, False),
        ("metal", ("3.1",), "2.2", {}, False),
        ("metal", ("3.1",), "MTR", {"heat": "H1"}, False),  # an MTR is not a 3.1 ...
        ("metal", ("3.1",), "MTR", {"heat": "H1", "states_31": True}, True),  # ... unless stated
        ("metal", ("3.1",), "3.1", {}, False),  # no heat number
        (
            "electronic",
            ("CoC",),
            "CoC",
            {"issuer": "Meridian", "issuer_role": "manufacturer"},
            True,
        ),
        ("electronic", ("CoC",), "3.1", {"heat": "H1"}, False),  # EN 10204 is not what applies
    ],
)
def test_each_certificate_kind_against_the_part_it_is_for(
    station: DemoStation,
    category: str,
    kinds: tuple[str, ...],
    kind: str,
    extra: dict[str, object],
    ok: bool,
) -> None:
    session = inspector(station)
    part = "BAT-LI-2S" if category == "electronic" else "SCR-M3-8"
    spec(station, session, part_number=part, category=category, kinds=kinds)
    lot, facts = received_and_certified(station, session, part, kind, None, **extra)
    if ok:
        decided = receiving.decide(
            session, facts.id, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor"
        )
        assert decided.decision == "accept" and decided.signature
        event = operator_scans(station, lot)
        assert event.accepted  # type: ignore[attr-defined]
    else:
        with pytest.raises(ReceivingError, match="cannot be accepted"):
            receiving.decide(
                session, facts.id, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor"
            )
        # Not decided: the line refuses it, saying what to do.
        message = refused_at_line(station, lot, Rule.CERTIFICATE_NOT_ACCEPTED)
        assert lot in message and ("receiving" in message)


def test_an_unauthorised_distributor_needs_a_concession_and_the_record_says_so(
    station: DemoStation,
) -> None:
    session = inspector(station)
    spec(
        station,
        session,
        part_number="BAT-LI-2S",
        category="electronic",
        kinds=("CoC",),
        authorised_source=True,
    )
    receipt = receiving.receive(session, label("BAT-LI-2S", "BT-991", "PK-B1"))
    facts = receiving.attach_certificate(
        session, receipt.lot_id, "coc.pdf", PDF, kind="coc", number="COC-5512",
        issuer="Broker GmbH", issuer_role="distributor", authorised=False,
    )  # fmt: skip
    with pytest.raises(ReceivingError, match="not an authorised distributor"):
        receiving.decide(session, facts.id, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor")
    with pytest.raises(ReceivingError, match="say why"):
        receiving.decide(
            session, facts.id, Decision.CONCESSION, DEMO_PASSWORD, username="supervisor"
        )
    decided = receiving.decide(
        session, facts.id, Decision.CONCESSION, DEMO_PASSWORD, username="supervisor",
        reason="EC-22: maker confirmed the date code by e-mail",
    )  # fmt: skip
    signature = station.conn.execute(
        "SELECT content FROM journal WHERE key = ?", (decided.signature,)
    ).fetchone()
    signed = json.loads(signature[0])["signature"]
    assert (
        signed["meaning"] == "accepted on concession"
        and signed["subject"]["sha256"] == facts.sha256
    )
    assert signed["printed_name"] == "Sofia Lindgren"
    # The unit built with it carries the certificate kind and the concession.
    op = station.session("FA-01")
    op.scan("BDG-1002")
    op.scan(station.udi("SN-IP-200-7300002"))
    op.scan(station.free_pcb())
    for lot in station.final_components():
        part = station.conn.execute("SELECT part_number FROM lots WHERE id = ?", (lot,)).fetchone()[
            0
        ]
        op.scan(receipt.lot_id if part == "BAT-LI-2S" else lot)
    committed = op.commit()
    assert committed.verdict.status is Status.ACCEPTED
    entry = next(c for c in committed.content["components"] if c["part_number"] == "BAT-LI-2S")
    assert entry["acceptance"]["kind"] == "CoC"
    assert entry["acceptance"]["decision"] == "accept-on-concession"
    assert entry["acceptance"]["signature"] == decided.signature
    assert entry["certificate"]["revision"] == 1


def test_reject_and_the_qualified_inspector(station: DemoStation) -> None:
    technician = station.session("FA-01")
    technician.login_password("technician", DEMO_PASSWORD)  # not an inspector
    receipt = receiving.receive(technician, label("SCR-M3-8", "HX-1", "PK-R1"))
    facts = receiving.attach_certificate(
        technician, receipt.lot_id, "c.pdf", PDF, kind="3.1", number="N", heat="H"
    )
    with pytest.raises(ReceivingError, match="not qualified for incoming-inspection"):
        receiving.decide(
            technician, facts.id, Decision.ACCEPT, DEMO_PASSWORD, username="technician"
        )
    session = inspector(station)
    with pytest.raises(ReviewRefused, match="password is wrong"):
        receiving.decide(session, facts.id, Decision.ACCEPT, "not-it", username="supervisor")
    assert station.journal_count("signature-failed") == 1
    receiving.decide(
        session, facts.id, Decision.REJECT, DEMO_PASSWORD, username="supervisor", reason="heat number differs from the bar stamp"
    )  # fmt: skip
    status = station.conn.execute(
        "SELECT status FROM lots WHERE id = ?", (receipt.lot_id,)
    ).fetchone()
    assert status == ("rejected",)
    # The demo's screws have a spec: the line names the rejected certificate.
    refusal = refused_at_line(station, receipt.lot_id, Rule.CERTIFICATE_NOT_ACCEPTED)
    assert "was rejected by U2001" in refusal and "do not use the lot" in refusal
    with pytest.raises(ReceivingError, match="already rejected"):
        receiving.decide(session, facts.id, Decision.ACCEPT, DEMO_PASSWORD)


def test_a_revision_supersedes_with_a_reason_and_records_keep_the_revision_used(
    station: DemoStation,
) -> None:
    session = inspector(station)
    spec(station, session, part_number="SCR-M3-8", category="metal", kinds=("3.1",))
    lot, first = received_and_certified(station, session, "SCR-M3-8", "3.1", heat="H-1")
    event = operator_scans(station, lot)
    assert event.view.components[0].acceptance["revision"] == 1  # type: ignore[attr-defined]
    second = receiving.attach_certificate(
        session, lot, "rev2.pdf", PDF + b"%rev2", kind="3.1", number="NO-3.1", heat="H-1",
        reason="supplier corrected the yield strength",
    )  # fmt: skip
    assert second.revision == 2 and second.decision is None
    details = station.conn.execute(
        "SELECT supersedes, revision_reason FROM certificate_details WHERE certificate_id = ?",
        (second.id,),
    ).fetchone()
    assert details == (first.id, "supplier corrected the yield strength")
    # The new revision waits for its own decision: the line refuses until then.
    message = refused_at_line(station, lot, Rule.CERTIFICATE_NOT_ACCEPTED)
    assert "revision 2" in message and "receiving inspection" in message
    receiving.decide(session, second.id, Decision.ACCEPT, DEMO_PASSWORD)
    event = operator_scans(station, lot)
    assert event.view.components[0].acceptance["revision"] == 2  # type: ignore[attr-defined]


def test_expiry_only_where_the_part_has_a_shelf_life(station: DemoStation) -> None:
    clock = Clock(datetime.now(UTC) + timedelta(days=1))
    session = inspector(station, clock)
    spec(
        station,
        session,
        part_number="SCR-M3-8",
        category="material",
        kinds=("2.2",),
        shelf_life=True,
    )
    receipt = receiving.receive(session, label("SCR-M3-8", "PASTE-1", "PK-P1"))
    facts = receiving.attach_certificate(
        session, receipt.lot_id, "c.pdf", PDF, kind="2.2", number="N"
    )
    with pytest.raises(ReceivingError, match="needs an expiry"):
        receiving.decide(session, facts.id, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor")
    expires = (clock.now + timedelta(days=10)).date()
    facts = receiving.attach_certificate(
        session, receipt.lot_id, "c2.pdf", PDF + b"2", kind="2.2", number="N", expires_on=expires, reason="with expiry"
    )  # fmt: skip
    receiving.decide(session, facts.id, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor")
    assert operator_scans(station, receipt.lot_id, clock.now).accepted  # type: ignore[attr-defined]
    later = clock.now + timedelta(days=12)
    op = station.session("FA-01", clock=lambda: later, environment=good_environment(at=later))
    op.scan("BDG-1002")
    op.scan(station.udi("SN-IP-200-7300003"))
    with pytest.raises(CaptureRefused) as caught:
        op.scan(receipt.lot_id)
    assert caught.value.finding.rule in (Rule.LOT_EXPIRED, Rule.CERTIFICATE_NOT_ACCEPTED)
    assert "expired" in caught.value.finding.message


def test_a_characteristic_outside_the_spec_is_accepted_only_on_concession(
    station: DemoStation,
) -> None:
    session = inspector(station)
    spec(
        station, session, part_number="SCR-M3-8", category="metal", kinds=("3.1",),
        characteristics=(Characteristic("Rm", "MPa", 500, 700), Characteristic("Cr", "%", 17, 19)),
    )  # fmt: skip
    _lot, facts = received_and_certified(
        station, session, "SCR-M3-8", "3.1", None, heat="H-9", values={"Rm": 720.0}
    )
    with pytest.raises(ReceivingError) as caught:
        receiving.decide(session, facts.id, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor")
    assert "Rm 720 MPa outside Rm 500–700 MPa" in str(caught.value)
    assert "Cr not stated" in str(caught.value)


def test_verify_replays_receiving_and_names_a_tampered_decision(station: DemoStation) -> None:
    session = inspector(station)
    spec(station, session, part_number="SCR-M3-8", category="metal", kinds=("3.1",))
    received_and_certified(station, session, "SCR-M3-8", "3.2", heat="H-2")
    assert journal.verify(station.conn).intact
    raw = sqlite3.connect(station.path)
    raw.execute("UPDATE certificate_decisions SET decision = 'accept', reason = '' ")
    raw.execute("UPDATE part_specs SET kinds = '[\"2.1\"]'")
    raw.commit()
    raw.close()
    report = journal.verify(station.conn)
    assert (
        not report.intact and "part_specs" in str(report.problem) and "kinds" in str(report.problem)
    )
