"""The station's code formats: saved with a reason as a journalled configuration revision, read
by the station's next scan; a UDI agency the station does not read is refused naming it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.capture import code_setup
from app.capture.session import CaptureRefused
from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import CodeError
from app.domain.entry import EntryMethod
from tests.helpers.stations import DemoStation
from tests.store.test_journal import verify

BY = {"name": "Tomas Weber", "user_id": "U3001", "role": "technician"}
HIBC = "+A123BJC5D6E71G"  # a HIBC primary label (HIBC 2.6 example)


def test_a_station_that_reads_only_gs1_refuses_a_hibcc_label_naming_the_agency() -> None:
    assert interpret(HIBC, EntryMethod.KEYBOARD_WEDGE).udi.agency == "HIBCC"
    with pytest.raises(CodeError, match="reads GS1 UDIs, not HIBCC") as refused:
        interpret(HIBC, EntryMethod.KEYBOARD_WEDGE, CodeFormats(agencies=("GS1",)))
    assert refused.value.rule == "agency-not-read"
    with pytest.raises(ValueError, match="not one of GS1, HIBCC, ICCBBA"):
        CodeFormats(agencies=("EAN",))


def test_saved_formats_are_journalled_and_the_next_session_reads_with_them(
    station: DemoStation, demo_db: Path
) -> None:
    old = code_setup.code_formats(station.conn, "FA-01")
    new = replace(
        old,
        patterns={**old.patterns, "lot": r"(ML|LT)-[0-9A-Z-]{3,20}"},
        agencies=("GS1",),
    )
    revision = station.store.write(
        lambda conn: code_setup.save_code_formats(
            conn, "FA-01", new, by=BY, reason="lots from the new warehouse start LT-"
        )
    )
    assert revision == 2
    row = json.loads(
        station.conn.execute(
            "SELECT content FROM journal WHERE kind = 'config' ORDER BY seq DESC LIMIT 1"
        ).fetchone()[0]
    )
    assert row["config"] == "code-formats" and row["why"] == "lots from the new warehouse start LT-"
    assert row["changes"]["UDI agencies"] == {"from": ["GS1", "HIBCC", "ICCBBA"], "to": ["GS1"]}
    assert code_setup.code_formats(station.conn, "FA-01") == new
    assert verify(demo_db).intact
    session = station.session("FA-01")
    assert session.formats == new and session.station.config_revision == 2
    session.scan("BDG-1002")
    with pytest.raises(CaptureRefused, match="not HIBCC"):
        session.scan(HIBC)
    unchanged = station.store.write(
        lambda conn: code_setup.save_code_formats(conn, "FA-01", new, by=BY, reason="again")
    )
    assert unchanged is None


def test_a_change_without_a_reason_or_agency_is_refused(station: DemoStation) -> None:
    formats = code_setup.code_formats(station.conn, "FA-01")
    with pytest.raises(ValueError, match="say why"):
        station.store.write(
            lambda conn: code_setup.save_code_formats(conn, "FA-01", formats, by=BY, reason="")
        )
    with pytest.raises(ValueError, match="keep at least one UDI agency"):
        station.store.write(
            lambda conn: code_setup.save_code_formats(
                conn, "FA-01", replace(formats, agencies=()), by=BY, reason="x"
            )
        )
