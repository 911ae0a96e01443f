"""Instrument configurations and calibrations in the station database, each change journalled."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.capture.live import LiveEnvironment
from app.domain.environment import Calibration, EnvWindow
from app.domain.instruments import InstrumentConfig, InstrumentError
from app.store import instruments, journal
from app.store.database import open_database
from app.store.station_store import StationStore
from drivers.base import Health
from drivers.simulators.vaisala import VaisalaSimulator
from tests.helpers.polling import wait_for

STATION = "FA-01"
TODAY = date(2026, 11, 28)


@pytest.fixture
def store(tmp_path: Path) -> StationStore:
    open_database(tmp_path / "station.sqlite", create=True).close()
    s = StationStore(tmp_path / "station.sqlite")
    yield s
    s.close()


def hmt(**changes: object) -> InstrumentConfig:
    config = InstrumentConfig(
        id="FA-01-HMT330",
        driver="vaisala",
        port="/dev/serial/by-id/usb-FTDI-HMT330",
        serial="4800 7E1",
        poll_interval_s=2.0,
        options={"mode": "poll", "form": None},
        alarms=(EnvWindow("relative_humidity", "%RH", 30, 60),),
        name="Line 1 humidity",
    )
    return replace(config, **changes)  # type: ignore[arg-type]


def test_configuration_is_stored_as_data_and_every_change_is_a_journal_row(
    store: StationStore,
) -> None:
    first = store.write(lambda c: instruments.save(c, STATION, hmt(), by="tech1"))
    assert first.revision == 1
    second = store.write(
        lambda c: instruments.save(
            c, STATION, hmt(poll_interval_s=5.0), by="tech1", reason="slower polling"
        )
    )
    assert second.revision == 2
    got = instruments.get(store.reader, "FA-01-HMT330")
    assert got == second
    assert got.alarms[0].high == 60 and got.serial == "4800 7E1"
    history = instruments.history(store.reader, "FA-01-HMT330")
    assert [h["action"] for h in history] == ["add", "change"]
    assert history[1]["instrument"]["poll_interval_s"] == 5.0
    assert history[1]["reason"] == "slower polling" and history[1]["by"] == "tech1"
    assert journal.verify(store.reader).intact


def test_register_maps_and_scaling_round_trip(store: StationStore) -> None:
    rmap = {
        "device_id": 3,
        "o2": {"address": 100, "type": "uint16", "scale": 0.1, "unit": "ppm"},
        "status": {"address": 104, "type": "uint16", "ok": [0, 1]},
    }
    config = InstrumentConfig("OVEN2-O2", "modbus-o2", "/dev/ttyUSB1", "19200 8E1", 1.0, 10.0, rmap)
    store.write(lambda c: instruments.save(c, STATION, config, by="tech1"))
    assert instruments.get(store.reader, "OVEN2-O2").options == rmap  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": "has space"}, "without spaces"),
        ({"poll_interval_s": 0}, "poll interval"),
        ({"alarms": (EnvWindow("relative_humidity", "%RH", 60, 30),)}, "low above high"),
    ],
)
def test_unworkable_configurations_are_refused(
    store: StationStore, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InstrumentError, match=message):
        store.write(lambda c: instruments.save(c, STATION, hmt(**changes), by="tech1"))
    assert journal.verify(store.reader).rows == 0  # nothing half-written


def test_calibrations_are_append_only_and_the_newest_sets_the_due_date(
    store: StationStore,
) -> None:
    store.write(lambda c: instruments.save(c, STATION, hmt(), by="tech1"))
    for performed, due in (
        (date(2025, 6, 1), date(2026, 6, 1)),
        (date(2026, 5, 20), date(2027, 5, 20)),
    ):
        store.write(
            lambda c, p=performed, d=due: instruments.add_calibration(
                c,
                STATION,
                "FA-01-HMT330",
                performed_on=p,
                due_on=d,
                certificate=f"CAL-{p.year}-0042",
                performed_by="Vaisala Service Center",
                by="qa1",
            )
        )
    records = instruments.calibrations(store.reader, "FA-01-HMT330")
    assert [r.certificate for r in records] == ["CAL-2025-0042", "CAL-2026-0042"]
    assert instruments.calibration_due(store.reader, "FA-01-HMT330") == date(2027, 5, 20)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.write(lambda c: c.execute("UPDATE calibrations SET due_on = '2030-01-01'"))
    kinds = [h["config"] for h in instruments.history(store.reader, "FA-01-HMT330")]
    assert kinds == ["instrument", "calibration", "calibration"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"instrument": "NOPE"}, "no instrument"),
        ({"due_on": date(2026, 1, 1)}, "must be after"),
        ({"certificate": " "}, "certificate"),
        ({"performed_by": ""}, "who performed"),
    ],
)
def test_bad_calibration_records_are_refused(
    store: StationStore, kwargs: dict[str, object], message: str
) -> None:
    store.write(lambda c: instruments.save(c, STATION, hmt(), by="tech1"))
    values: dict[str, object] = {
        "instrument": "FA-01-HMT330",
        "performed_on": date(2026, 5, 1),
        "due_on": date(2027, 5, 1),
        "certificate": "CAL-1",
        "performed_by": "lab",
        **kwargs,
    }
    instrument = str(values.pop("instrument"))
    with pytest.raises(InstrumentError, match=message):
        store.write(
            lambda c: instruments.add_calibration(c, STATION, instrument, by="qa1", **values)  # type: ignore[arg-type]
        )


def test_the_station_warns_ahead_of_the_due_date(store: StationStore) -> None:
    for name, due in (
        ("A", TODAY + timedelta(days=60)),
        ("B", TODAY + timedelta(days=9)),
        ("C", TODAY - timedelta(days=2)),
    ):
        store.write(lambda c, n=name: instruments.save(c, STATION, hmt(id=n), by="tech1"))
        store.write(
            lambda c, n=name, d=due: instruments.add_calibration(
                c,
                STATION,
                n,
                performed_on=d - timedelta(days=365),
                due_on=d,
                certificate="C",
                performed_by="lab",
                by="qa1",
            )
        )
    store.write(lambda c: instruments.save(c, STATION, hmt(id="D"), by="tech1"))
    report = {s.instrument: s for s in instruments.calibration_report(store.reader, TODAY)}
    assert report["A"].state is Calibration.VALID
    assert report["B"].state is Calibration.DUE_SOON
    assert report["B"].describe() == "B: calibration due in 9 days (2026-12-07)"
    assert (
        report["C"].state is Calibration.OVERDUE and "overdue by 2 days" in report["C"].describe()
    )
    assert report["D"].state is Calibration.NONE and "never calibrated" in report["D"].describe()


def test_retired_instruments_are_not_started(store: StationStore) -> None:
    store.write(lambda c: instruments.save(c, STATION, hmt(), by="tech1"))
    store.write(
        lambda c: instruments.retire(c, STATION, "FA-01-HMT330", by="tech1", reason="replaced")
    )
    assert instruments.configured(store.reader, STATION) == []
    assert instruments.history(store.reader, "FA-01-HMT330")[-1]["action"] == "remove"


def test_live_environment_from_the_stations_configuration(store: StationStore) -> None:
    with VaisalaSimulator() as sim:
        store.write(
            lambda c: instruments.save(
                c, STATION, hmt(port=sim.port, poll_interval_s=0.05), by="tech1"
            )
        )
        due = date.today() + timedelta(days=10)
        store.write(
            lambda c: instruments.add_calibration(
                c,
                STATION,
                "FA-01-HMT330",
                performed_on=due - timedelta(days=365),
                due_on=due,
                certificate="CAL-9",
                performed_by="lab",
                by="qa1",
            )
        )
        env = LiveEnvironment.from_station(store.reader, STATION, read_timeout=0.05)
        try:
            rh = wait_for(lambda: env.latest("relative_humidity"), what="live readings")
            assert env.statuses()["FA-01-HMT330"].health is Health.CONNECTED
        finally:
            env.stop()
    assert rh.calibration is Calibration.DUE_SOON and rh.calibration_due == due


def test_as_found_and_as_left_points_are_journalled_with_pass_or_fail(
    store: StationStore,
) -> None:
    from app.domain.instruments import CalibrationPoint

    store.write(lambda c: instruments.save(c, STATION, hmt(), by="tech1"))
    points = (
        CalibrationPoint("relative_humidity", 11.3, 13.9, 11.5, 1.7, "%RH"),  # drifted: found FAIL
        CalibrationPoint("relative_humidity", 75.3, 75.9, 75.1, 1.7, "%RH"),
    )
    store.write(
        lambda c: instruments.add_calibration(
            c,
            STATION,
            "FA-01-HMT330",
            performed_on=date(2026, 11, 2),
            due_on=date(2027, 11, 2),
            certificate="DAkkS 2026-1142",
            performed_by="Vaisala Service",
            by="qa1",
            points=points,
        )
    )
    (record,) = instruments.calibrations(store.reader, "FA-01-HMT330")
    assert record.points == points
    assert (record.as_found, record.as_left) == ("fail", "pass")
    content = json.loads(
        store.reader.execute(
            "SELECT content FROM journal WHERE kind = 'config' ORDER BY seq DESC LIMIT 1"
        ).fetchone()[0]
    )
    stated = content["calibration"]
    assert stated["as_found"] == "fail" and stated["points"][0]["found"] == "fail"
    assert stated["points"][0]["as_found"] == 13.9 and stated["points"][1]["left"] == "pass"
    # an instrument left out of tolerance does not go back into service
    with pytest.raises(InstrumentError, match=r"left at 14 .* cannot go back into service"):
        store.write(
            lambda c: instruments.add_calibration(
                c,
                STATION,
                "FA-01-HMT330",
                performed_on=date(2026, 11, 3),
                due_on=date(2027, 11, 3),
                certificate="DAkkS 2026-1143",
                performed_by="Vaisala Service",
                by="qa1",
                points=(CalibrationPoint("relative_humidity", 11.3, 13.9, 14.0, 1.7, "%RH"),),
            )
        )
    assert len(instruments.calibrations(store.reader, "FA-01-HMT330")) == 1
