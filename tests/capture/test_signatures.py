"""Shift sign-off: a signature breaks when a signed record is corrected."""

from __future__ import annotations

import pytest

from app.capture import (
    shift_log,
    signatures,
)
from app.capture.review import ReviewRefused
from app.capture.shift_log import LogFilter
from app.capture.signatures import Meaning
from app.store import demodata
from tests.helpers.review import busiest_shift, humid_record, supervisor
from tests.helpers.stations import DemoStation


def test_a_signed_shift_shows_broken_after_a_correction_of_a_signed_record(
    station: DemoStation,
) -> None:
    shift = busiest_shift(station)
    session = supervisor(station)
    with pytest.raises(ReviewRefused, match="password"):
        signatures.sign_shift(session, shift, "wrong", Meaning.REVIEWED)
    assert station.journal_count("signature-failed") == 1
    signature = signatures.sign_shift(session, shift, demodata.DEMO_PASSWORD, Meaning.APPROVED)
    assert signature.intact and signature.records > 0
    assert signature.printed_name == "Sofia Lindgren" and signature.meaning == "approved"
    assert "Sofia Lindgren — approved — " in signature.manifestation()
    # records of later shifts do not disturb it
    humid_record(station)
    assert signatures.check_signature(station.conn, signature.key).intact
    signed = shift_log.shift_log_page(station.conn, LogFilter(shift=shift), limit=1).rows[0]
    session.correct(signed.key, "wrong housing reel recorded")
    broken = signatures.check_signature(station.conn, signature.key)
    assert not broken.intact
    assert any(signed.key in p and "wrong housing reel" in p for p in broken.problems)
    assert [s.key for s in signatures.signatures(station.conn, shift)] == [signature.key]
