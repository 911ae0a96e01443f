"""Instruments, calibrations, profile specs and profiles are projections: a raw edit of any of them
(a calibration's due date, an alarm window, a spec window, a profile's verdict or sample) is named
by ``lineside verify`` as table, row and column."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.capture.stored_profiles import StoredProfiles
from app.domain.environment import EnvWindow
from app.domain.profile_specs import SAC305_PASTE
from app.store import instruments
from app.store.profiles import save_spec
from tests.helpers.stations import DemoStation
from tests.store.test_instruments import hmt
from tests.store.test_journal import raw, verify
from tests.store.test_profiles import good_run

CUSTOM = replace(SAC305_PASTE, name="Line 2 SAC305", peak_max_c=248.0)


def record_everything(station: DemoStation) -> dict[str, str]:
    """An instrument, its calibration, a technician's spec and a profile, through the store."""
    instruments_station = "FA-01"
    station.store.write(
        lambda c: instruments.save(
            c, instruments_station, hmt(), by="U3001", reason="new humidity transmitter"
        )
    )
    station.store.write(
        lambda c: instruments.save(
            c,
            instruments_station,
            hmt(alarms=(EnvWindow("relative_humidity", "%RH", 30, 55),)),
            by="U3001",
            reason="tighter window",
        )
    )
    calibration = station.store.write(
        lambda c: instruments.add_calibration(
            c,
            instruments_station,
            "FA-01-HMT330",
            performed_on=date(2026, 1, 10),
            due_on=date(2027, 1, 10),
            certificate="CAL-2026-0110",
            performed_by="Vaisala service",
            by="U3001",
        )
    )
    station.store.write(lambda c: save_spec(c, station="SMT-01", spec=CUSTOM, saved_by="U3001"))
    stored = StoredProfiles(station.store, "SMT-01").record(
        good_run(), CUSTOM, boards=["PCB-T1"], panels=["PNL-T"]
    )
    return {"calibration": calibration.id, "profile": stored.id}


@pytest.fixture
def recorded(station: DemoStation) -> tuple[Path, dict[str, str]]:
    ids = record_everything(station)
    path = station.path
    station.close()
    return path, ids


def test_each_change_is_a_journal_row_stating_old_and_new_and_verify_replays_it(
    recorded: tuple[Path, dict[str, str]],
) -> None:
    path, ids = recorded
    assert verify(path).intact, verify(path).problem
    conn = raw(path)
    rows = [
        json.loads(c)
        for (c,) in conn.execute(
            "SELECT content FROM journal WHERE kind IN ('config', 'profile', 'profile-spec') "
            "AND instr(content, '\"master\":') ORDER BY seq"
        )
    ]
    conn.close()
    changed = [m for r in rows for m in r["master"] if m["table"] == "instruments"]
    # The demo line's hygrometer, changed twice here: each change states the old and new rows.
    old, new = changed[-1]["old"], changed[-1]["new"]
    assert new["revision"] == old["revision"] + 1 and old["id"] == new["id"] == "FA-01-HMT330"
    assert '"high": 55' in changed[-1]["new"]["alarms"].replace(":", ": ")
    assert rows[-1]["master"][0]["new"]["sha256"]  # the profile row states its samples' hash
    stated = rows[-1]["master"][0]["new"]["samples"]  # ... and the samples by their digest
    assert stated.startswith("sha256:") and len(stated) == 71
    assert any(
        m["table"] == "calibrations" and m["key"]["id"] == ids["calibration"]
        for r in rows
        for m in r["master"]
    )


@pytest.mark.parametrize(
    ("sql", "table", "column"),
    [
        (
            "UPDATE calibrations SET due_on = '2099-12-31' WHERE id = :calibration",
            "calibrations",
            "due_on",
        ),
        ("UPDATE instruments SET alarms = '[]' WHERE id = 'FA-01-HMT330'", "instruments", "alarms"),
        (
            "UPDATE profile_specs SET spec = json_set(spec, '$.peak_max_c', 300.0) "
            "WHERE name = 'Line 2 SAC305'",
            "profile_specs",
            "spec",
        ),
        ("UPDATE profiles SET passed = 1 - passed WHERE id = :profile", "profiles", "passed"),
        (
            "UPDATE profiles SET metrics = json_set(metrics, '$.delta_t_peak_c', 1.0) "
            "WHERE id = :profile",
            "profiles",
            "metrics",
        ),
        (
            "UPDATE profile_boards SET kind = 'board' WHERE profile_id = :profile "
            "AND serial = 'PNL-T'",
            "profile_boards",
            "kind",
        ),
    ],
)
def test_a_raw_edit_is_named_by_lineside_verify(
    recorded: tuple[Path, dict[str, str]], sql: str, table: str, column: str
) -> None:
    path, ids = recorded
    conn = raw(path)
    conn.execute(sql, ids)
    assert conn.total_changes == 1
    conn.close()
    report = verify(path)
    assert report.difference is not None, report.problem
    assert (report.difference.table, report.difference.column) == (table, column)
    if table in ("calibrations", "profiles"):
        key = ids["calibration" if table == "calibrations" else "profile"]
        assert report.difference.key == (key,)
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "verify", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"table {table}" in result.stdout + result.stderr
    assert f"column {column}" in result.stdout + result.stderr


def test_an_edited_profile_sample_is_named_even_with_its_hash_recomputed(
    recorded: tuple[Path, dict[str, str]],
) -> None:
    path, ids = recorded
    conn = raw(path)
    (blob,) = conn.execute(
        "SELECT samples FROM profiles WHERE id = ?", (ids["profile"],)
    ).fetchone()
    edited = bytearray(blob)
    edited[-1] ^= 0x01  # the last temperature of the last thermocouple
    # The tamperer rewrites the row's sha256 too: the journal row still states the old digest.
    conn.execute(
        "UPDATE profiles SET samples = ?, sha256 = ? WHERE id = ?",
        (bytes(edited), hashlib.sha256(bytes(edited)).hexdigest(), ids["profile"]),
    )
    conn.close()
    report = verify(path)
    assert report.difference is not None
    assert (report.difference.table, report.difference.column) == ("profiles", "samples")
    assert report.difference.found == "sha256:" + hashlib.sha256(bytes(edited)).hexdigest()
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "verify", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"row ({ids['profile']}), column samples" in result.stdout + result.stderr
