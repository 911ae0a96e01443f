"""Shift sign-off: a signature breaks when a signed record is corrected."""

from __future__ import annotations

import json

import pytest

from app.capture import (
    demo_line,
    shift_log,
    signatures,
)
from app.capture.review import ReviewRefused
from app.capture.shift_log import LogFilter
from app.capture.signatures import Meaning
from tests.helpers.review import busiest_shift, humid_record, supervisor
from tests.helpers.stations import DemoStation
from tests.helpers.stations import set_policy as set_access


def test_a_signed_shift_shows_broken_after_a_correction_of_a_signed_record(
    station: DemoStation,
) -> None:
    shift = busiest_shift(station)
    session = supervisor(station)
    with pytest.raises(ReviewRefused, match="password"):
        signatures.sign_shift(session, shift, "wrong", Meaning.REVIEWED, username="supervisor")
    assert station.journal_count("signature-failed") == 1
    signature = signatures.sign_shift(
        session, shift, demo_line.DEMO_PASSWORD, Meaning.REVIEWED, username="supervisor"
    )
    assert signature.intact and signature.records > 0
    assert signature.printed_name == "Sofia Lindgren" and signature.meaning == "reviewed"
    assert "Sofia Lindgren — reviewed — " in signature.manifestation()
    # records of later shifts do not disturb it
    humid_record(station)
    assert signatures.check_signature(station.conn, signature.key).intact
    signed = shift_log.shift_log_page(station.conn, LogFilter(shift=shift), limit=1).rows[0]
    session.correct(signed.key, "wrong housing reel recorded")
    broken = signatures.check_signature(station.conn, signature.key)
    assert not broken.intact
    assert any(signed.key in p and "wrong housing reel" in p for p in broken.problems)
    assert [s.key for s in signatures.signatures(station.conn, shift)] == [signature.key]


def test_the_first_signature_of_a_session_needs_the_user_name_too(station: DemoStation) -> None:
    shift = busiest_shift(station)
    session = supervisor(station)
    with pytest.raises(ReviewRefused, match="user name and password"):
        signatures.sign_shift(session, shift, demo_line.DEMO_PASSWORD, Meaning.REVIEWED)
    with pytest.raises(ReviewRefused, match="does not match"):
        signatures.sign_shift(
            session, shift, demo_line.DEMO_PASSWORD, Meaning.REVIEWED, username="technician"
        )
    first = signatures.sign_shift(
        session, shift, demo_line.DEMO_PASSWORD, Meaning.REVIEWED, username="supervisor"
    )
    # a later signing in the same session: the password alone
    second = signatures.sign_shift(session, shift, demo_line.DEMO_PASSWORD, Meaning.REVIEWED)
    assert first.intact and second.intact
    row = station.conn.execute(
        "SELECT content FROM journal WHERE key = ?", (first.key,)
    ).fetchone()[0]
    sig = json.loads(row)["signature"]
    assert sig["components"] == "user name and password"
    assert sig["heads"] and all(h["hash"] for h in sig["heads"].values())
    session.logout()
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    with pytest.raises(ReviewRefused, match="user name and password"):
        signatures.sign_shift(session, shift, demo_line.DEMO_PASSWORD, Meaning.REVIEWED)


def test_a_correction_made_before_the_signature_does_not_break_it(station: DemoStation) -> None:
    shift = busiest_shift(station)
    session = supervisor(station)
    signed = shift_log.shift_log_page(station.conn, LogFilter(shift=shift), limit=1).rows[0]
    session.correct(signed.key, "wrong housing reel recorded")
    signature = signatures.sign_shift(
        session, shift, demo_line.DEMO_PASSWORD, Meaning.REVIEWED, username="supervisor"
    )
    assert signature.intact, signature.problems
    assert signatures.check_signature(station.conn, signature.key).intact


def test_approving_a_shift_with_open_exceptions_is_refused_or_each_acknowledged(
    station: DemoStation,
) -> None:
    shift = busiest_shift(station)
    session = supervisor(station)
    still_open = signatures.open_exceptions(station.conn, shift, None)
    assert still_open, "the demo's busiest shift has flagged records"
    with pytest.raises(ReviewRefused, match="still open"):
        signatures.sign_shift(
            session, shift, demo_line.DEMO_PASSWORD, Meaning.APPROVED, username="supervisor"
        )
    set_access(station, release_with_open_exceptions="acknowledge")
    session = supervisor(station)
    keys = [i.subject for i in still_open]
    with pytest.raises(ReviewRefused, match="acknowledge each"):
        signatures.sign_shift(
            session,
            shift,
            demo_line.DEMO_PASSWORD,
            Meaning.APPROVED,
            username="supervisor",
            acknowledged=keys[1:],
        )
    signature = signatures.sign_shift(
        session,
        shift,
        demo_line.DEMO_PASSWORD,
        Meaning.APPROVED,
        username="supervisor",
        acknowledged=keys,
    )
    assert signature.intact and signature.meaning == "approved"
    row = station.conn.execute("SELECT content FROM journal WHERE key = ?", (signature.key,))
    assert json.loads(row.fetchone()[0])["signature"]["acknowledged_open_exceptions"] == keys


def test_a_rewritten_head_shows_the_signature_broken(station: DemoStation) -> None:
    import sqlite3

    shift = busiest_shift(station)
    session = supervisor(station)
    signature = signatures.sign_shift(
        session, shift, demo_line.DEMO_PASSWORD, Meaning.REVIEWED, username="supervisor"
    )
    raw = sqlite3.connect(station.path)
    raw.execute("DROP TRIGGER journal_no_update")
    raw.execute(
        # the first hex digit changed for certain (an 'f' over an 'f' would change nothing)
        "UPDATE journal SET hash = (CASE substr(hash, 1, 1) WHEN 'f' THEN 'e' ELSE 'f' END)"
        " || substr(hash, 2) WHERE seq = ("
        "SELECT max(seq) FROM journal WHERE seq < (SELECT seq FROM journal WHERE key = ?))",
        (signature.key,),
    )
    raw.commit()
    broken = signatures.check_signature(raw, signature.key)  # a fresh read of the file
    raw.close()
    assert not broken.intact and any("no longer holds the head" in p for p in broken.problems)
