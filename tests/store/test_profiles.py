"""Recorded reflow profiles: samples, verdict, boards, journal row, and the capture core's view."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta

import numpy as np
import pytest

from app.capture.events import CaptureRefused
from app.capture.stored_profiles import StoredProfiles
from app.domain.clock import utc_now
from app.domain.profile import ProfileSpec, ThermalProfile
from app.domain.profile_specs import SAC305_PASTE
from app.domain.verdict import Rule
from app.store import journal
from app.store.profiles import load_profile, save_spec, spec_library, verify_samples
from drivers import cfx
from drivers.base import DriverConfig
from drivers.profile_stream import ProfileStreamDriver
from drivers.simulators.profiler import ProfilerSimulator, reflow_curves
from tests.capture.test_rules import prepared
from tests.helpers.standards import CFX
from tests.helpers.stations import DemoStation, good_environment

CHANNELS = ("TC1", "TC2", "TC3", "TC4", "TC5", "TC6")


def good_run(started_at: datetime | None = None) -> ThermalProfile:
    t, y = reflow_curves()
    return ThermalProfile(CHANNELS, t, y, started_at)


def cold_run(started_at: datetime | None = None) -> ThermalProfile:
    """TC6 (the big BGA) 12 °C colder: below the SAC305 peak minimum, delta-T too wide."""
    t, y = reflow_curves()
    return ThermalProfile(CHANNELS, t, y - np.array([0, 0, 0, 0, 0, 12.0]), started_at)


def test_recording_keeps_samples_verdict_boards_and_a_journal_row(station: DemoStation) -> None:
    profiles = StoredProfiles(station.store, "SMT-01")
    run = good_run()
    before = station.journal_count("profile")
    stored = profiles.record(
        run, SAC305_PASTE, boards=["PCB-A1", "PCB-A2"], panels=["PNL-7"], recipe="SAC305-N2"
    )
    assert stored.verdict.passed
    assert station.journal_count("profile") == before + 1
    row = next(
        r for _, r in journal.rows(station.conn, kind="profile") if r.key == stored.journal_key
    )
    assert row.data["profile"]["sha256"] == stored.sha256
    assert row.data["profile"]["boards"] == ["PCB-A1", "PCB-A2"]
    assert journal.verify(station.conn).intact
    back = load_profile(station.conn, stored.id)
    assert back.channels == CHANNELS
    assert np.array_equal(back.temps_c, run.temps_c)
    for serial in ("PCB-A1", "PNL-7"):
        check = profiles.profile_for(serial)
        assert check is not None and check.passed and check.profile_id == stored.id
        assert check.spec_name == "SAC305 paste (typical)" and check.recipe == "SAC305-N2"
        assert check.sha256 == stored.sha256
        assert check.metrics["delta_t_c"] == pytest.approx(
            stored.verdict.metrics.delta_t_peak_c, abs=1e-3
        )
    assert profiles.profile_for("PCB-UNKNOWN") is None
    assert verify_samples(station.conn) == []


def test_the_newest_profile_of_a_board_wins_and_names_its_violations(station: DemoStation) -> None:
    profiles = StoredProfiles(station.store, "SMT-01")
    now = utc_now()
    # Recorded in the opposite order of the runs: the run measured last is the one that counts.
    profiles.record(cold_run(now), SAC305_PASTE, boards=["PCB-B1"])
    profiles.record(good_run(now - timedelta(hours=1)), SAC305_PASTE, boards=["PCB-B1"])
    check = profiles.profile_for("PCB-B1")
    assert check is not None and not check.passed
    assert any(v.startswith("TC6: peak temperature") for v in check.violations)
    assert any("delta-T across thermocouples" in v for v in check.violations)


def test_a_profile_must_belong_to_a_board(station: DemoStation) -> None:
    with pytest.raises(ValueError, match="at least one board or panel"):
        StoredProfiles(station.store, "SMT-01").record(good_run(), SAC305_PASTE)


def test_recorded_profiles_cannot_be_changed_and_tampering_is_found(station: DemoStation) -> None:
    stored = StoredProfiles(station.store, "SMT-01").record(good_run(), SAC305_PASTE, boards=["B"])
    raw = sqlite3.connect(station.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("UPDATE profiles SET passed = 0 WHERE id = ?", (stored.id,))
    raw.execute("DROP TRIGGER profiles_no_update")
    raw.execute("UPDATE profiles SET samples = zeroblob(16) WHERE id = ?", (stored.id,))
    raw.commit()
    raw.close()
    assert verify_samples(station.conn) == [
        f"profile {stored.id}: its samples do not match their sha256: altered"
    ]
    report = journal.verify(station.conn)  # the station's verify names it too (by its digest)
    assert f"table profiles, row ({stored.id}), column samples" in (report.problem or "")


def test_capture_refuses_a_board_whose_recorded_profile_failed(station: DemoStation) -> None:
    profiles = StoredProfiles(station.store, "SMT-01")
    profiles.record(cold_run(), SAC305_PASTE, boards=["PCB-200-9000001"])
    session = prepared(station, "SMT-01", good_environment("SMT-01"), profiles=profiles)
    with pytest.raises(CaptureRefused) as info:
        session.commit()
    assert info.value.finding.rule is Rule.PROFILE_FAILED
    assert "TC6: peak temperature" in info.value.finding.message


def test_capture_binds_a_recorded_passed_profile(station: DemoStation) -> None:
    profiles = StoredProfiles(station.store, "SMT-01")
    stored = profiles.record(good_run(), SAC305_PASTE, boards=["PCB-200-9000001"])
    session = prepared(station, "SMT-01", good_environment("SMT-01"), profiles=profiles)
    committed = session.commit()
    bound = committed.content["profile"]
    assert bound["profile_id"] == stored.id and bound["passed"] is True
    assert bound["sha256"] == stored.sha256


def test_a_streamed_run_is_recorded_for_the_board_the_oven_named(station: DemoStation) -> None:
    sim = ProfilerSimulator(speed=0)
    driver = ProfileStreamDriver(DriverConfig("SMT-01-profiler", sim.port))
    driver.open()
    sim.start(ids=(("board", "PCB-200-9000001"), ("panel", "PNL-0042"), ("recipe", "SAC305-N2")))
    deadline = time.monotonic() + 10
    runs = []
    while not runs and time.monotonic() < deadline:
        driver.read(0.2)
        runs = driver.take_profiles()
    driver.close()
    sim.close()
    (run,) = runs
    profiles = StoredProfiles(station.store, "SMT-01")
    stored = profiles.record(
        run.profile(),
        SAC305_PASTE,
        boards=run.boards,
        panels=run.panels,
        recipe=run.recipe,
        instrument="SMT-01-profiler",
    )
    check = profiles.profile_for("PCB-200-9000001")
    assert check is not None and check.passed and check.profile_id == stored.id
    assert check.recipe == "SAC305-N2"
    assert check.measured_at == run.started_at


def test_a_cfx_profiler_verdict_is_recorded_for_its_carrier(station: DemoStation) -> None:
    cfx_file = CFX / "UnitsProcessed_Example3_ReflowProfilingDevice.json"
    report = cfx.profile_report(cfx.load(cfx_file), "oven-1-cfx")
    profiles = StoredProfiles(station.store, "SMT-01")
    pid = profiles.record_reported(**report)
    check = profiles.profile_for("CARRIER55678")
    assert check is not None and check.profile_id == pid and check.passed
    assert check.spec_name == "ProcessWindow001" and check.recipe == "Recipe1"
    assert check.metrics["reported"]["process_window_index"] == 89.6
    assert verify_samples(station.conn) == []
    with pytest.raises(cfx.CfxError, match="no profile verdict"):
        cfx.profile_report(cfx.load(cfx_file.with_name("UnitsProcessed_Example1_ReflowOven.json")))


def test_technicians_save_their_own_specs_as_revisions(station: DemoStation) -> None:
    mine = ProfileSpec(name="Line 3 SAC305", peak_min_c=238.0, peak_max_c=248.0, tal_min_s=50.0)
    first = station.store.write(
        lambda c: save_spec(c, station="SMT-01", spec=mine, saved_by="tech.lee")
    )
    tighter = ProfileSpec(name="Line 3 SAC305", peak_min_c=242.0, peak_max_c=250.0)
    second = station.store.write(
        lambda c: save_spec(c, station="SMT-01", spec=tighter, saved_by="tech.lee")
    )
    assert (first, second) == (1, 2)
    specs = spec_library(station.conn)
    assert specs["Line 3 SAC305"] == tighter
    assert "J-STD-020 Pb-free" in specs
    assert station.journal_count("profile-spec") == 2
    with pytest.raises(ValueError, match="is a preset and cannot be changed"):
        station.store.write(
            lambda c: save_spec(c, station="SMT-01", spec=SAC305_PASTE, saved_by="tech.lee")
        )
    verdict = (
        StoredProfiles(station.store, "SMT-01")
        .record(good_run(), specs["Line 3 SAC305"], boards=["PCB-C1"])
        .verdict
    )
    assert not verdict.passed  # the big BGA (TC6) peaks at 241.6 °C
    assert all(v.limit == "peak_min_c" for v in verdict.violations)
