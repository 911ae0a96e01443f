"""The exception queue and dispositions: what waits, with which kind, and who may dispose."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.capture import (
    exceptions,
)
from app.capture.exceptions import Decision
from app.capture.review import ReviewRefused
from app.capture.sources import FixedEnvironment
from app.domain.environment import Calibration, Measurement
from app.store import journal
from tests.helpers.review import PASSWORD, humid_record, supervisor
from tests.helpers.stations import DemoStation


def test_a_flagged_record_waits_in_the_queue_until_disposed_with_a_comment(
    station: DemoStation,
) -> None:
    key = humid_record(station)
    item = next(i for i in exceptions.exception_queue(station.conn) if i.subject == key)
    assert exceptions.ExceptionKind.ENVIRONMENT in item.kinds
    assert "71.5" in item.reasons[0] and item.open
    session = supervisor(station)
    with pytest.raises(ReviewRefused, match="comment"):
        exceptions.dispose(session, key, Decision.ACCEPT, "  ", PASSWORD, username="supervisor")
    row = exceptions.dispose(
        session,
        key,
        Decision.ACCEPT,
        "RH spike during door opening; no MSD",
        PASSWORD,
        username="supervisor",
    )
    assert row.kind == "disposition"
    assert key not in {i.subject for i in exceptions.exception_queue(station.conn)}
    done = next(
        i
        for i in exceptions.exception_queue(station.conn, include_disposed=True)
        if i.subject == key
    )
    assert done.disposition is not None and done.disposition["by"]["name"] == "Sofia Lindgren"
    with pytest.raises(ReviewRefused, match="already"):
        exceptions.dispose(session, key, Decision.SCRAP, "again", PASSWORD, username="supervisor")
    assert journal.verify(station.conn).intact


def test_an_operator_cannot_dispose(station: DemoStation) -> None:
    key = humid_record(station)
    session = station.session("FA-01")
    session.scan("BDG-1002")
    with pytest.raises(ReviewRefused, match="only supervisors"):
        exceptions.dispose(session, key, Decision.ACCEPT, "fine", PASSWORD, username="supervisor")


def test_stale_and_uncalibrated_readings_are_queued_with_their_kind(station: DemoStation) -> None:
    now = datetime.now(UTC)
    env = FixedEnvironment(
        [
            Measurement(
                "FA-01-HMT330",
                "relative_humidity",
                45.0,
                "%RH",
                now - timedelta(minutes=30),
                Calibration.VALID,
            ),
            Measurement("FA-01-HMT330", "temperature", 22.0, "°C", now, Calibration.OVERDUE),
        ]
    )
    session = station.session("FA-01", environment=env)
    session.scan("BDG-1002")
    session.scan(station.udi("SN-IP-200-7100009"))
    session.scan(station.free_pcb())
    for lot in station.final_components():
        session.scan(lot)
    key = session.commit().key
    item = next(i for i in exceptions.exception_queue(station.conn) if i.subject == key)
    assert set(item.kinds) == {exceptions.ExceptionKind.STALE, exceptions.ExceptionKind.CALIBRATION}


def test_a_disposition_is_an_electronic_signature(station: DemoStation) -> None:
    key = humid_record(station)
    session = supervisor(station)
    with pytest.raises(ReviewRefused, match="user name and password"):
        exceptions.dispose(session, key, Decision.QUARANTINE, "hold it", PASSWORD)
    with pytest.raises(ReviewRefused, match="password is wrong"):
        exceptions.dispose(
            session, key, Decision.QUARANTINE, "hold it", "guess", username="supervisor"
        )
    assert station.journal_count("disposition") == 0
    assert station.journal_count("signature-failed") == 1
    row = exceptions.dispose(
        session, key, Decision.QUARANTINE, "hold it", PASSWORD, username="supervisor"
    )
    signature_key = row.data["disposition"]["signature"]
    signed = station.conn.execute(
        "SELECT content FROM journal WHERE key = ? AND kind = 'signature'", (signature_key,)
    ).fetchone()
    assert signed is not None
    signature = json.loads(signed[0])["signature"]
    assert signature["printed_name"] == "Sofia Lindgren"
    assert signature["meaning"] == "disposition: quarantine"
    assert signature["subject"]["disposition"]["subject"] == key
    assert signature["components"] == "user name and password"
