"""Shared parts: records store their repeated sub-objects once, nothing they stated is lost."""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.capture import session as session_module
from app.capture.sources import ProfileCheck
from app.domain import parts as shared
from app.domain.canonical import canonical_json
from app.store import journal, parts
from app.store.database import open_database
from tests.helpers.stations import DemoStation, assembly_seq, good_environment

AT = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


class PassedProfiles:
    def profile_for(self, board_serial: str) -> ProfileCheck | None:
        return ProfileCheck("P-1", "SAC305 paste window", True, AT)


def raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the guards dropped, as a tamperer would."""
    conn = sqlite3.connect(path, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    return conn


def capture(path: Path, monkeypatch: pytest.MonkeyPatch, *, cut: bool) -> tuple[str, str]:
    """Records the same SMT and final-assembly steps (same keys, same clock) in the database at
    ``path``, with shared parts cut out or (``cut=False``) in the old form; their stored texts."""
    monkeypatch.setattr(shared, "KINDS", shared.KINDS if cut else frozenset())
    keys = (f"019a0000-0000-7000-8000-{n:012d}" for n in itertools.count(1))
    monkeypatch.setattr(journal, "new_key", lambda: next(keys))
    monkeypatch.setattr(session_module, "new_key", lambda: next(keys))
    station = DemoStation(path)
    try:
        texts = []
        for where in ("SMT-01", "FA-01"):
            session = station.session(
                where,
                environment=good_environment(where, AT),
                clock=lambda: AT,
                profiles=PassedProfiles(),
            )
            session.scan("BDG-1002")
            if where == "SMT-01":
                session.scan("PCB-200-9000001")
                for pn in ("PCB-BARE-200", "PASTE-SAC305", "IC-MCU-32", "IC-PWR-5"):
                    session.scan(station.lot(pn))
                for pn in ("CONN-USB-C", "CAP-REEL-100N", "RES-REEL-10K"):
                    session.scan(station.lot(pn))
            else:
                session.scan(station.udi("SN-IP-200-7000004"))
                session.scan(station.free_pcb())
                for lot in station.final_components():
                    session.scan(lot)
            key = session.commit().key
            texts.append(
                station.conn.execute(
                    "SELECT content FROM journal WHERE key = ?", (key,)
                ).fetchone()[0]
            )
        return texts[0], texts[1]
    finally:
        station.store.close()


def test_every_value_of_the_old_record_form_is_recovered(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_db = tmp_path / "old-form.sqlite"
    shutil.copyfile(demo_db, old_db)
    with monkeypatch.context() as m:
        old = capture(old_db, m, cut=False)
    with monkeypatch.context() as m:
        new = capture(demo_db, m, cut=True)
    conn = sqlite3.connect(demo_db)
    for old_text, new_text in zip(old, new, strict=True):
        assert '"$ref":"sha256:' not in old_text and '"$ref":"sha256:' in new_text
        assert len(new_text) < len(old_text) / 2
        # Expanded, the new form is the old text exactly: every value, nothing added.
        assert canonical_json(parts.expand(conn, new_text)) == old_text
    conn.close()


def test_a_lot_accepted_once_is_stored_once(station: DemoStation) -> None:
    rows = station.conn.execute("SELECT count(*) FROM journal WHERE kind = 'assembly'").fetchone()[
        0
    ]
    stored = station.conn.execute("SELECT count(*) FROM shared_parts").fetchone()[0]
    lots = station.conn.execute(
        "SELECT count(DISTINCT component) FROM components WHERE kind = 'lot'"
    ).fetchone()[0]
    assert rows > 100
    assert lots <= stored < rows  # each lot (and each reading set-up) once, not once a record


def _a_part_of_row(conn: sqlite3.Connection, seq: int) -> str:
    (content,) = conn.execute("SELECT content FROM journal WHERE seq = ?", (seq,)).fetchone()
    return shared.refs(json.loads(content))[-1]


def _verify(path: Path) -> journal.VerifyReport:
    db = open_database(path, readonly=True)
    try:
        return journal.verify(db.conn)
    finally:
        db.close()


def test_an_altered_part_is_named(demo_db: Path) -> None:
    conn = raw(demo_db)
    seq = assembly_seq(conn)
    digest = _a_part_of_row(conn, seq)
    (text,) = conn.execute("SELECT content FROM shared_parts WHERE hash = ?", (digest,)).fetchone()
    forged = text.replace('"quantity":1.0', '"quantity":2.0', 1).replace('"unit":"', '"unit":"x', 1)
    assert forged != text
    conn.execute("UPDATE shared_parts SET content = ? WHERE hash = ?", (forged, digest))
    conn.close()
    report = _verify(demo_db)
    assert not report.intact
    assert f"shared part sha256:{digest} does not match its hash: it was altered" in (
        report.problem or ""
    )


def test_a_deleted_part_is_named_at_the_first_row_that_refers_to_it(demo_db: Path) -> None:
    conn = raw(demo_db)
    seq = assembly_seq(conn)
    digest = _a_part_of_row(conn, seq)
    first = min(
        seq
        for seq, content in conn.execute("SELECT seq, content FROM journal")
        if digest in content
    )
    conn.execute("DELETE FROM shared_parts WHERE hash = ?", (digest,))
    conn.close()
    report = _verify(demo_db)
    assert not report.intact and report.seq == first
    assert f"refers to part sha256:{digest}, which shared_parts lacks" in (report.problem or "")


def test_a_reference_swapped_for_another_part_breaks_the_hash(demo_db: Path) -> None:
    conn = raw(demo_db)
    seq = assembly_seq(conn)
    (content,) = conn.execute("SELECT content FROM journal WHERE seq = ?", (seq,)).fetchone()
    data: dict[str, Any] = json.loads(content)
    mine = set(shared.refs(data))
    other = next(h for (h,) in conn.execute("SELECT hash FROM shared_parts") if h not in mine)
    conn.execute(
        "UPDATE journal SET content = ? WHERE seq = ?",
        (content.replace(shared.refs(data)[-1], other, 1), seq),
    )
    conn.close()
    report = _verify(demo_db)
    assert not report.intact and report.seq == seq
    assert "its hash does not match its content" in (report.problem or "")


def test_a_fixed_entry_is_cut_as_the_same_values_in_a_plain_dict_are() -> None:
    """parts.Fixed (one lot entry carried by a day of demo records) gives the same record text,
    references and parts as a plain dict, every time, and nothing in it can be changed."""
    entry: dict[str, Any] = {
        "id": "ML-1",
        "kind": "lot",
        "quantity": 2.0,
        "acceptance": {"kind": "3.1", "decided_by": "U2001", "values": [1.5, {"x": None}]},
        "scan": {"text": "ML-1", "oddities": [], "pair": ("a", {"b": 1})},
    }
    sub = {"id": "PCB-1", "kind": "unit", "part_number": "PCB-200", "scan": {"text": "PCB-1"}}
    reading = {"instrument": "H-1", "unit": "%RH", "value": 45.1, "read_at": "t", "status": "ok"}
    fixed = shared.Fixed(entry)
    fixed_sub = shared.Fixed(sub)
    assert fixed == entry and canonical_json(fixed) == canonical_json(entry)
    plain = {"key": "k", "components": [entry, sub], "environment": [reading]}
    want_content, want_parts = shared.share("assembly", plain)
    for _ in range(3):  # the cut is remembered on the object: the same result each time
        record = {"key": "k", "components": [fixed, fixed_sub], "environment": [reading]}
        content, cut = shared.share("assembly", record)
        assert canonical_json(content) == canonical_json(want_content)
        assert cut == want_parts
    assert len(want_parts) == 3  # the lot, the subassembly's part and the reading's
    for change in (
        lambda: fixed.__setitem__("quantity", 3.0),
        lambda: fixed.update(quantity=3.0),
        lambda: fixed.pop("id"),
        lambda: fixed["acceptance"].__setitem__("kind", "2.2"),
        lambda: fixed["acceptance"]["values"].append(2),
        lambda: fixed["acceptance"]["values"][1].__setitem__("x", 1),
        lambda: fixed["scan"]["pair"][1].__setitem__("b", 2),
    ):
        with pytest.raises(TypeError):
            change()
    assert fixed == entry and canonical_json(fixed) == canonical_json(entry)
