"""The floor-life clock of moisture-sensitive reels at the line, over a simulated week: the
station's measured humidity as recorded, a dry cabinet, the warning ahead of the limit, the
refusal once it is spent, and a bake at the line that resets it (J-STD-033's own numbers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.capture import floor_life, receiving
from app.capture.demo_line import DEMO_PASSWORD
from app.capture.events import CaptureRefused
from app.capture.session import CaptureSession
from app.capture.sources import FixedEnvironment
from app.domain.entry import EntryMethod
from app.domain.environment import Calibration, Measurement
from app.domain.materials import Decision, PartSpec
from app.domain.msd import Reading
from app.domain.msd import floor_life as msd_floor_life
from app.domain.verdict import Rule, Status
from tests.capture.test_receiving import PDF, Clock, label, qualify
from tests.helpers.stations import DemoStation

# A Monday 08:00 UTC well after the demo data's records.
T0 = (datetime.now(UTC) + timedelta(days=7)).replace(hour=8, minute=0, second=0, microsecond=0)


def conditions(station: str, at: datetime, temperature: float, rh: float) -> FixedEnvironment:
    return FixedEnvironment(
        [
            Measurement(f"{station}-HMT330", "relative_humidity", rh, "%RH", at, Calibration.VALID),
            Measurement(
                f"{station}-HMT330", "temperature", temperature, "°C", at, Calibration.VALID
            ),
            Measurement(f"{station}-O2", "o2_ppm", 350.0, "ppm", at, Calibration.VALID),
        ]
    )


def msd_reel(
    station: DemoStation, clock: Clock, part: str, thickness: float, package: str
) -> tuple[CaptureSession, str, str]:
    """Receives an accepted MSL 3 reel of ``part``; returns the inspector, its label and lot."""
    qualify(station)
    session = station.session("FA-01", clock=clock)
    session.login_password("supervisor", DEMO_PASSWORD)
    receiving.set_part_spec(
        session,
        PartSpec(part, "electronic", ("CoC",), msl="3", thickness_mm=thickness),
        "moisture sensitive: MSL 3 per the maker's data sheet",
    )
    text = label(part, f"SL-{package}", package, qty="200")
    receipt = receiving.receive(session, text)
    cert = receiving.attach_certificate(
        session, receipt.lot_id, "coc.pdf", PDF, kind="CoC", number="C-1"
    )
    receiving.decide(session, cert.id, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor")
    return session, text, receipt.lot_id


def build_unit(
    station: DemoStation, at: datetime, temperature: float, rh: float, reel: str, n: int
):  # type: ignore[no-untyped-def]
    """An operator builds one IP-200 at ``at`` in the given conditions, scanning the display reel."""
    op = station.session(
        "FA-01", clock=lambda: at, environment=conditions("FA-01", at, temperature, rh)
    )
    op.scan("BDG-1002")
    op.scan(station.udi(f"SN-IP-200-74{n:05d}"))
    op.scan(station.free_pcb())
    for lot in station.final_components():
        part = station.conn.execute("SELECT part_number FROM lots WHERE id = ?", (lot,)).fetchone()[
            0
        ]
        event = op.scan(reel if part == "DSP-35-TFT" else lot)
    committed = op.commit()
    assert committed.verdict.status in (Status.ACCEPTED, Status.FLAGGED)
    return committed, event


def scan_reel(station: DemoStation, at: datetime, reel: str, n: int):  # type: ignore[no-untyped-def]
    op = station.session("FA-01", clock=lambda: at, environment=conditions("FA-01", at, 28, 75))
    op.scan("BDG-1002")
    op.scan(station.udi(f"SN-IP-200-75{n:05d}"))
    return op.scan(reel)


def test_a_week_with_changing_humidity_and_a_dry_cabinet(station: DemoStation) -> None:
    clock = Clock(T0 - timedelta(hours=1))
    session, reel, lot = msd_reel(station, clock, "DSP-35-TFT", 3.5, "PK-DSP-1")
    # Before the bag is opened the reel is refused: its clock never started.
    with pytest.raises(CaptureRefused) as caught:
        scan_reel(station, T0 - timedelta(minutes=30), reel, 1)
    assert caught.value.finding.rule is Rule.MSD_NOT_OPENED
    assert "no bag-open record" in caught.value.finding.message
    clock.now = T0
    pack = floor_life.pack_of(session, reel, EntryMethod.KEYBOARD_WEDGE)
    assert pack.carrier == "PK-DSP-1" and pack.lot_id == lot
    floor_life.record(session, pack, "open")
    # Monday and Tuesday at 22 °C/45 %RH (Table 7-1, ≥ 3.1 mm, level 3: 25 °C/50 %RH row, 9 days).
    committed, _ = build_unit(station, T0 + timedelta(minutes=5), 22, 45, reel, 1)
    entry = next(c for c in committed.content["components"] if c["part_number"] == "DSP-35-TFT")
    assert entry["floor_life"]["msl"] == "3" and entry["floor_life"]["pack"] == "reel PK-DSP-1"
    assert entry["acceptance"]["kind"] == "CoC"
    build_unit(station, T0 + timedelta(hours=24), 22, 45, reel, 2)
    # Wednesday and Thursday in the dry cabinet at 5 %RH: the clock stands still (∞ in Table 7-1).
    clock.now = T0 + timedelta(hours=48)
    floor_life.record(session, pack, "dry-in", temperature_c=22, rh=5, place="dry cabinet DC-2")
    clock.now = T0 + timedelta(hours=96)
    floor_life.record(session, pack, "dry-out", place="dry cabinet DC-2")
    # Friday on: humid, 28 °C/75 %RH (30 °C/80 %RH row: 4 days).
    build_unit(station, T0 + timedelta(hours=96, minutes=5), 28, 75, reel, 3)
    build_unit(station, T0 + timedelta(hours=120), 28, 75, reel, 4)

    at = T0 + timedelta(hours=150)
    spec = PartSpec("DSP-35-TFT", "electronic", ("CoC",), msl="3", thickness_mm=3.5)
    clock_now = floor_life.read_clock(station.conn, "PK-DSP-1", "reel PK-DSP-1", spec, at)
    assert clock_now is not None
    expected = msd_floor_life(
        "3",
        T0,
        at,
        [
            Reading(T0, 22, 45),
            Reading(T0 + timedelta(hours=48), 22, 5),
            Reading(T0 + timedelta(hours=96), 28, 75),
        ],
        thickness_mm=3.5,
    )
    assert clock_now.result.consumed_fraction == pytest.approx(expected.consumed_fraction)
    # 48 h of 216 h, then 0, then 54 h of 96 h: the cabinet days did not count.
    assert expected.consumed_fraction == pytest.approx(48 / 216 + 54 / 96)
    # 48/216 + x/96 = 1 → spent 74 h 40 min after leaving the cabinet.
    limit = T0 + timedelta(hours=96) + timedelta(hours=96 * (1 - 48 / 216))
    warned = scan_reel(station, limit - timedelta(hours=3), reel, 2)
    assert warned.accepted and "of floor life left" in warned.message
    assert warned.data["warnings"]
    with pytest.raises(CaptureRefused) as caught:
        scan_reel(station, limit + timedelta(hours=1, minutes=12), reel, 3)
    finding = caught.value.finding
    assert finding.rule is Rule.FLOOR_LIFE_EXCEEDED
    assert finding.message.startswith("MSL 3 reel PK-DSP-1 opened ")
    assert "exceeded by" in finding.message and finding.message.endswith(": bake it")
    # The supervisor's list shows the reel and what is left (nothing).
    reels = floor_life.open_reels(station.conn, limit + timedelta(hours=2))
    assert [r["pack"] for r in reels] == ["reel PK-DSP-1"] and reels[0]["exceeded"]


def test_a_reel_past_its_floor_life_is_baked_at_the_line_and_used_again(
    station: DemoStation,
) -> None:
    """MSL 3, 1.4 mm body (LQFP-64) at the SMT line, no measured conditions: Table 5-1's 168 h."""
    clock = Clock(T0)
    session, reel, _lot = msd_reel(station, clock, "IC-MCU-32", 1.4, "PK-MCU-1")
    pack = floor_life.pack_of(session, reel, EntryMethod.KEYBOARD_WEDGE)
    floor_life.record(session, pack, "open")

    def scan_at(at: datetime):  # type: ignore[no-untyped-def]
        op = station.session(
            "SMT-01", clock=lambda: at, environment=conditions("SMT-01", at, 24, 40)
        )
        op.scan("BDG-1002")
        return op.scan(reel)

    assert scan_at(T0 + timedelta(hours=100)).accepted
    with pytest.raises(CaptureRefused) as caught:
        scan_at(T0 + timedelta(hours=169, minutes=12))
    assert "floor life 168 h exceeded by 1 h 12 min: bake it" in caught.value.finding.message
    # A bake too short for Table 4-1 (level 3, ≤ 1.4 mm, 125 °C: 9 h after a long exposure)
    # resets nothing; a full one does.
    clock.now = T0 + timedelta(hours=170)
    floor_life.record(
        session, pack, "bake", at=clock.now, end=clock.now + timedelta(hours=4),
        temperature_c=125, place="oven OV-1",
    )  # fmt: skip
    with pytest.raises(CaptureRefused):
        scan_at(T0 + timedelta(hours=175))
    clock.now = T0 + timedelta(hours=176)
    floor_life.record(
        session, pack, "bake", at=clock.now, end=clock.now + timedelta(hours=9),
        temperature_c=125, place="oven OV-1",
    )  # fmt: skip
    event = scan_at(T0 + timedelta(hours=186))
    assert event.accepted
    left = event.view.components[0].floor_life  # type: ignore[attr-defined]
    assert left["remaining_h"] == pytest.approx(167.0, abs=0.01)


def test_opening_twice_and_events_out_of_order_are_refused(station: DemoStation) -> None:
    clock = Clock(T0)
    session, reel, _lot = msd_reel(station, clock, "IC-MCU-32", 1.4, "PK-MCU-2")
    pack = floor_life.pack_of(session, reel, EntryMethod.KEYBOARD_WEDGE)
    with pytest.raises(floor_life.FloorLifeError, match="never opened"):
        floor_life.record(session, pack, "dry-in")
    floor_life.record(session, pack, "open")
    with pytest.raises(floor_life.FloorLifeError, match="already open"):
        floor_life.record(session, pack, "open")
    with pytest.raises(floor_life.FloorLifeError, match="oven, temperature and end"):
        floor_life.record(session, pack, "bake")
    screws = floor_life.pack_of(session, station.lot("SCR-M3-8"), EntryMethod.KEYBOARD_WEDGE)
    with pytest.raises(floor_life.FloorLifeError, match="no moisture sensitivity level"):
        floor_life.record(session, screws, "open")
