"""Log-in and accounts: password cost and salts, lockout, staff passwords, badge plus PIN."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from app.capture import demo_line
from app.capture.events import CaptureRefused, PinRequired
from app.domain.access import AccessPolicy
from app.domain.verdict import Rule
from app.store import accounts, journal, passwords, projection
from app.store.database import open_database
from app.store.masterdata import MasterData
from tests.helpers.stations import DemoStation, set_policy
from tests.store.test_journal import raw, verify

SUPERVISOR = {"user_id": "U2001", "name": "Sofia Lindgren", "role": "supervisor", "badge": None}


def test_hashes_meet_the_floor_and_every_account_has_its_own_salt(station: DemoStation) -> None:
    hashes = [
        r[0]
        for r in station.conn.execute(
            "SELECT password_hash FROM users WHERE password_hash IS NOT NULL"
        )
    ]
    assert len(hashes) == 3
    assert len({h.split("$")[4] for h in hashes}) == 3
    assert all(passwords.parameters(h) == (2**17, 8, 1) for h in hashes)
    with pytest.raises(passwords.WeakParameters):
        passwords.hash_password("x", n=2**14)


def test_a_hash_below_the_floor_is_replaced_at_the_next_log_in(station: DemoStation) -> None:
    # A hash the way earlier versions made them (N=2^14), put there behind the app's back.
    import base64
    import hashlib

    salt = os.urandom(16)
    digest = hashlib.scrypt(
        demo_line.DEMO_PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32
    )
    weak = f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    station.store.write(
        lambda conn: conn.execute("UPDATE users SET password_hash = ? WHERE id = 'U2001'", (weak,))
    )
    checked = passwords.check_password(demo_line.DEMO_PASSWORD, weak)
    assert checked.ok and checked.needs_rehash
    session = station.session()
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    stored = station.conn.execute("SELECT password_hash FROM users WHERE id = 'U2001'").fetchone()[
        0
    ]
    assert stored != weak and passwords.parameters(stored) == (2**17, 8, 1)
    change = station.conn.execute(
        "SELECT content FROM journal WHERE kind = 'user-change' ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    assert "below the cost floor" in change


def test_lockout_after_the_configured_failures_and_a_supervisor_unlocks(
    station: DemoStation,
) -> None:
    set_policy(station, max_failures=3)
    session = station.session()
    for _ in range(2):
        with pytest.raises(CaptureRefused):
            session.login_password("technician", "wrong password")
    with pytest.raises(CaptureRefused) as third:
        session.login_password("technician", "wrong password")
    assert third.value.finding.rule is Rule.ACCOUNT_LOCKED
    assert station.journal_count("account-locked") == 1
    # the right password does not open a locked account
    with pytest.raises(CaptureRefused) as locked:
        session.login_password("technician", demo_line.DEMO_PASSWORD)
    assert locked.value.finding.rule is Rule.ACCOUNT_LOCKED
    assert station.journal_count("login-failed") == 4
    # an operator may not unlock; a supervisor may, with a reason
    session.login_badge("BDG-1002")
    with pytest.raises(PermissionError):
        session.unlock("U3001", "called me")
    session.logout()
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    with pytest.raises(ValueError, match="reason"):
        session.unlock("U3001", " ")
    session.unlock("U3001", "identity checked in person")
    assert station.journal_count("account-unlocked") == 1
    session.logout()
    session.login_password("technician", demo_line.DEMO_PASSWORD)
    assert session.operator is not None and session.operator.user_id == "U3001"


def test_badges_lock_too(station: DemoStation) -> None:
    set_policy(station, badge_pin=True, max_failures=2)
    session = station.session()
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    session.set_pin("U1002", "4821", "first PIN handed over")
    session.logout()
    with pytest.raises(PinRequired):
        session.login_badge("BDG-1002")
    assert session.operator is None
    for _ in range(2):
        with pytest.raises(CaptureRefused):
            session.login_badge("BDG-1002", "0000")
    with pytest.raises(CaptureRefused) as locked:
        session.login_badge("BDG-1002", "4821")
    assert locked.value.finding.rule is Rule.ACCOUNT_LOCKED


def test_badge_and_pin_per_station_policy(station: DemoStation) -> None:
    session = station.session()
    session.login_badge("BDG-1002")  # the station's policy does not ask for a PIN
    session.logout()
    set_policy(station, badge_pin=True)
    session = station.session()
    with pytest.raises(PinRequired):
        session.scan("BDG-1002")
    with pytest.raises(CaptureRefused, match="no PIN yet"):
        session.login_badge("BDG-1002", "1234")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    with pytest.raises(ValueError, match="at least 4"):
        session.set_pin("U1002", "12", "new starter")
    session.set_pin("U1002", "4821", "new starter")
    session.logout()
    operator = session.login_badge("BDG-1002", "4821")
    assert operator.user_id == "U1002"
    login = station.conn.execute(
        "SELECT json_extract(content, '$.method') FROM journal WHERE kind = 'login' ORDER BY seq DESC"
    ).fetchone()[0]
    assert login == "badge+pin"


def test_staff_do_not_log_in_with_a_badge_alone(station: DemoStation) -> None:
    session = station.session()
    with pytest.raises(CaptureRefused) as refused:
        session.scan("BDG-2001")
    assert refused.value.finding.rule is Rule.STAFF_NEED_PASSWORD
    assert session.operator is None


def test_password_rules_length_reuse_and_ageing(station: DemoStation) -> None:
    set_policy(station, password_min_length=12, password_history=3, password_max_age_days=90)
    session = station.session()
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    with pytest.raises(ValueError, match="at least 12"):
        session.change_password(demo_line.DEMO_PASSWORD, "short")
    with pytest.raises(ValueError, match="last 3"):
        session.change_password(demo_line.DEMO_PASSWORD, demo_line.DEMO_PASSWORD)
    session.change_password(demo_line.DEMO_PASSWORD, "copper-reel-4471")
    with pytest.raises(ValueError, match="last 3"):
        session.change_password("copper-reel-4471", demo_line.DEMO_PASSWORD)
    session.logout()
    # 91 days later the password has aged: the log-in asks for a new one
    from datetime import timedelta

    later = station.session(clock=lambda: session.clock() + timedelta(days=91))
    with pytest.raises(CaptureRefused) as aged:
        later.login_password("supervisor", "copper-reel-4471")
    assert aged.value.finding.rule is Rule.PASSWORD_EXPIRED
    later.login_password("supervisor", "copper-reel-4471", new_password="solder-paste-9921")
    assert later.operator is not None


def test_account_changes_are_journalled_with_a_reason(station: DemoStation) -> None:
    session = station.session()
    session.login_password("admin", demo_line.DEMO_PASSWORD)
    created = session.create_account(
        {
            "username": "nina",
            "name": "Nina Novak",
            "role": "operator",
            "badge": "BDG-1900",
            "qualifications": ["S20"],
            "qualification_expiry": {"S20": "2000-01-01"},
        },
        "new starter",
    )
    with pytest.raises(accounts.AccountError, match="reason"):
        session.update_account(created.user_id, {"role": "supervisor"}, "")
    session.update_account(created.user_id, {"qualifications": ["S10", "S20"]}, "trained on SMT")
    rows = [
        json.loads(r[0])
        for r in station.conn.execute(
            "SELECT content FROM journal WHERE kind = 'user-change' ORDER BY seq"
        )
    ]
    assert rows[-1]["changes"] == {"qualifications": {"old": ["S20"], "new": ["S10", "S20"]}}
    assert rows[-1]["reason"] == "trained on SMT" and rows[-1]["by"]["user_id"] == "U4001"
    session.logout()
    # the S20 qualification expired long ago
    with pytest.raises(CaptureRefused, match="expired"):
        session.login_badge("BDG-1900")
    session.login_password("admin", demo_line.DEMO_PASSWORD)
    session.update_account(created.user_id, {"active": False}, "left the company")
    session.logout()
    with pytest.raises(CaptureRefused) as inactive:
        session.login_badge("BDG-1900")
    assert inactive.value.finding.rule is Rule.OPERATOR_INACTIVE


def test_operators_may_not_administer_accounts(station: DemoStation) -> None:
    session = station.session()
    session.login_badge("BDG-1002")
    with pytest.raises(PermissionError):
        session.create_account({"username": "x", "name": "X"}, "why not")


def test_a_new_database_and_its_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "station.sqlite"
    open_database(path, create=True).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    path.chmod(0o644)
    open_database(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_policy_from_settings_refuses_nonsense() -> None:
    assert AccessPolicy.from_settings({}).max_failures == 5
    with pytest.raises(ValueError):
        AccessPolicy.from_settings({"access": {"operator_corrects": "everyone"}})


def test_who_may_correct_what_is_a_station_policy(station: DemoStation) -> None:
    from tests.helpers.stations import good_environment

    key = station.conn.execute(
        "SELECT record_key FROM assemblies WHERE station = 'FA-01' AND operator <> 'BDG-1002' "
        "AND record_key NOT IN (SELECT old_key FROM supersessions) LIMIT 1"
    ).fetchone()[0]
    session = station.session("FA-01", environment=good_environment())
    session.login_badge("BDG-1002")
    with pytest.raises(CaptureRefused) as refused:
        session.correct(key, "wrong reel")  # another operator's record, policy "own"
    assert refused.value.finding.rule is Rule.CORRECTION_NOT_ALLOWED
    assert station.journal_count("correction") == 0
    set_policy(station, operator_corrects="any")
    session = station.session("FA-01")
    session.login_badge("BDG-1002")
    session.correct(key, "wrong reel")
    assert station.journal_count("correction") == 1
    set_policy(station, supervisor_corrects="none")
    session = station.session("FA-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    other = station.conn.execute(
        "SELECT record_key FROM assemblies WHERE station = 'FA-01' "
        "AND record_key NOT IN (SELECT old_key FROM supersessions) LIMIT 1"
    ).fetchone()[0]
    with pytest.raises(CaptureRefused, match="may not correct"):
        session.correct(other, "tidy up")


def test_an_operators_correction_waits_for_a_supervisors_signature(station: DemoStation) -> None:
    from app.capture import signatures
    from app.capture.review import ReviewRefused

    set_policy(station, operator_corrects="any", correction_needs_approval=True)
    key = station.conn.execute(
        "SELECT record_key FROM assemblies WHERE station = 'FA-01' LIMIT 1"
    ).fetchone()[0]
    session = station.session("FA-01")
    session.login_badge("BDG-1002")
    held = session.correct(key, "housing lot mistyped")
    # not in effect yet: no correction row, the record is not superseded
    assert station.journal_count("correction") == 0
    assert (
        station.conn.execute("SELECT 1 FROM supersessions WHERE old_key = ?", (key,)).fetchone()
        is None
    )
    assert [p["key"] for p in session.pending_corrections()] == [held.key]
    with pytest.raises(ReviewRefused, match="supervisor"):
        signatures.approve_correction(session, held.key, "x", username="anna")
    session.logout()
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    with pytest.raises(ReviewRefused, match="password is wrong"):
        signatures.approve_correction(session, held.key, "wrong", username="supervisor")
    written = signatures.approve_correction(
        session, held.key, demo_line.DEMO_PASSWORD, username="supervisor"
    )
    new_key = station.conn.execute("SELECT new_key FROM supersessions WHERE old_key = ?", (key,))
    assert new_key.fetchone()[0] == written
    content = json.loads(
        station.conn.execute("SELECT content FROM journal WHERE key = ?", (written,)).fetchone()[0]
    )
    assert (
        content["approval"]["pending"] == held.key and content["approval"]["by"] == "Sofia Lindgren"
    )
    assert session.pending_corrections() == []
    # The approval is a signature row too, but of a correction, not of a shift.
    assert signatures.signatures(station.conn) == []


def test_the_journal_states_password_and_pin_hashes_by_digest_only(station: DemoStation) -> None:
    session = station.session()
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    session.change_password(demo_line.DEMO_PASSWORD, "copper-reel-4471")
    session.set_pin("U1001", "4711", "badge and PIN from today")
    # Nothing in the chain (pushed to the plant, read by reviewers) is a hash to guess against.
    leaked = station.conn.execute(
        "SELECT count(*) FROM journal WHERE content LIKE '%scrypt$%'"
    ).fetchone()[0]
    assert leaked == 0
    changes = [
        m
        for (content,) in station.conn.execute(
            "SELECT content FROM journal WHERE kind = 'user-change' ORDER BY seq"
        )
        for m in json.loads(content)["master"]
    ]
    stored, pin = (
        station.conn.execute(
            "SELECT password_hash, pin_hash FROM users WHERE id = ?", ("U2001",)
        ).fetchone()[0],
        accounts.secret(station.conn, "U1001", "pin_hash"),
    )
    assert passwords.parameters(stored) == (2**17, 8, 1)
    password_change = next(m for m in changes if m["key"] == {"id": "U2001"})
    assert password_change["new"]["password_hash"] == projection.digest(stored)
    pin_change = next(m for m in changes if m["key"] == {"id": "U1001"})
    assert pin_change["new"]["pin_hash"] == projection.digest(pin)
    assert journal.verify(station.conn).intact
    # A hash swapped in behind the app (a password the tamperer knows) is named by its digest.
    known = passwords.hash_password("tamperer-knows-this")
    station.close()
    conn = raw(station.path)
    conn.execute("UPDATE users SET password_hash = ? WHERE id = 'U2001'", (known,))
    conn.close()
    report = verify(station.path)
    assert report.difference is not None
    assert (report.difference.table, report.difference.key, report.difference.column) == (
        "users",
        ("U2001",),
        "password_hash",
    )
    assert report.difference.found == projection.digest(known)


def test_a_users_language_is_journalled_and_verify_names_a_raw_edit(station: DemoStation) -> None:
    session = station.session()
    session.login_password("admin", demo_line.DEMO_PASSWORD)
    operator = MasterData(station.conn).operator_by_badge("BDG-1002")
    assert operator is not None and operator.language == ""
    with pytest.raises(accounts.AccountError, match="unknown language 'fr'"):
        session.update_account(operator.user_id, {"language": "fr"}, "French speaker")
    session.update_account(operator.user_id, {"language": "de"}, "reads German best")
    change = json.loads(
        station.conn.execute(
            "SELECT content FROM journal WHERE kind = 'user-change' ORDER BY seq DESC LIMIT 1"
        ).fetchone()[0]
    )
    assert change["changes"] == {"language": {"old": "", "new": "de"}}
    assert change["reason"] == "reads German best"
    assert accounts.account(station.conn, operator.user_id).language == "de"  # type: ignore[union-attr]
    again = MasterData(station.conn).operator_by_badge("BDG-1002")
    assert again is not None and again.language == "de"
    session.logout()
    station.close()
    conn = raw(station.path)
    conn.execute("UPDATE users SET language = 'es' WHERE id = ?", (operator.user_id,))
    conn.close()
    report = verify(station.path)
    assert report.difference is not None
    assert (report.difference.table, report.difference.key, report.difference.column) == (
        "users",
        (operator.user_id,),
        "language",
    )
