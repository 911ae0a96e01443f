"""Profiler CSV exports in two layouts import to the curves they were written from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.domain.profile import analyse
from drivers import registry
from drivers.base import DriverConfig, PortLost, ProtocolError, Quality
from drivers.profile_csv import NotAProfileExport, load, parse

FIXTURES = Path(__file__).parent / "fixtures" / "profiles"
# Both fixtures were written from the piecewise-linear curve 25 -> 150 °C (0-60 s), -> 200 °C
# (150 s), -> 245 °C (195 s), hold to 205 s, -> 25 °C (315 s); each thermocouple is offset.


def test_kic_style_export() -> None:
    imported = load(FIXTURES / "kic_style.csv", "kic-1")
    p = imported.profile
    assert p.channels == ("TC1", "TC2", "TC3", "TC4", "TC5", "TC6")
    assert p.meta["Oven"] == "Heller 1809 MK5"
    assert p.meta["Recipe"] == "SAC305-STD"
    assert p.started_at is not None and p.started_at.isoformat() == "2026-11-28T09:30:12+00:00"
    assert "assumed UTC" in p.meta["start_time_zone"]
    assert len(p.times_s) == 316
    m = analyse(p)
    assert m.channel("TC1").peak_c == pytest.approx(245.0)
    assert m.channel("TC1").time_above_liquidus_s == pytest.approx(52.0, abs=1e-6)
    assert m.channel("TC2").time_above_liquidus_s == pytest.approx(50.5, abs=1e-6)
    assert m.delta_t_peak_c == pytest.approx(5.0)
    # The '---' cell is a gap, reported missing, not a zero.
    assert np.isnan(p.channel("TC4")[100])
    missing = [r for r in imported.readings if r.quality is Quality.MISSING]
    assert [(r.quantity, r.raw.split(b",")[0]) for r in missing] == [("profile.TC4", b"100.0")]


def test_datapaq_style_export_with_decimal_commas_and_clock_times() -> None:
    imported = load(FIXTURES / "datapaq_style.csv")
    p = imported.profile
    assert p.channels == ("Probe 1", "Probe 2", "Probe 3")
    assert p.meta["Logger serial"] == "Q18-12345"
    assert p.started_at is not None and p.started_at.isoformat() == "2026-11-28T10:30:12+00:00"
    assert p.times_s[1] == pytest.approx(0.5)
    m = analyse(p)
    assert m.channel("Probe 1").time_above_liquidus_s == pytest.approx(52.0, abs=1e-6)
    assert m.channel("Probe 3").peak_c == pytest.approx(239.0)
    (bad,) = [r for r in imported.readings if r.quality is Quality.OUT_OF_RANGE]
    assert (bad.quantity, bad.value) == ("profile.Probe 3", 1372.0)
    assert np.isnan(p.channel("Probe 3")[10])


def test_decode_through_the_registry() -> None:
    info = registry.get("profile-csv")
    assert info.file_based and info.decode is not None
    readings = list(info.decode((FIXTURES / "kic_style.csv").read_bytes(), "kic-1"))
    assert len(readings) == 316 * 6
    assert readings[6].quantity == "profile.TC1" and readings[6].value == pytest.approx(27.1)


def test_files_that_are_not_exports_are_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(NotAProfileExport, match="no header row starting with a time column"):
        parse(b"name,value\nfoo,1\n")
    with pytest.raises(NotAProfileExport, match=r"line 3: 'x,y' is not a row of numbers"):
        parse(b"Time (s),TC1\n0,25\nx,y\n")
    with pytest.raises(NotAProfileExport, match="strictly increasing"):
        parse(b"Time (s),TC1\n0,25\n0,26\n")
    driver = registry.get("profile-csv").factory(DriverConfig("kic", str(tmp_path / "nope.csv")))
    with pytest.raises(PortLost, match="cannot read"):
        driver.open()
    junk = tmp_path / "junk.csv"
    junk.write_text("hello\n")
    driver = registry.get("profile-csv").factory(DriverConfig("kic", str(junk)))
    with pytest.raises(ProtocolError, match="not a profiler export"):
        driver.open()
    assert driver.status.health == "faulted"


LINESIDE = [sys.executable, "-m", "app.cli"]


def test_lineside_drivers_decode_reads_a_csv_export() -> None:
    result = subprocess.run(
        [
            *LINESIDE,
            "drivers",
            "decode",
            "--driver",
            "profile-csv",
            str(FIXTURES / "datapaq_style.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 631 * 3
    assert (
        rows[0]["quantity"] == "profile.Probe 1"
        and rows[0]["read_at"] == "2026-11-28T10:30:12.000Z"
    )
    assert [r["quality"] for r in rows if r["value"] == 1372.0] == ["out-of-range"]
