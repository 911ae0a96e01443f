"""``lineside instruments`` as a technician runs it: configuration and calibration as data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.cli.auth import SERVICE_TOKEN_ENV
from tests.helpers.stations import service_token


def test_instruments_configured_calibrated_and_warned_about(tmp_path: Path) -> None:
    db = str(tmp_path / "station.sqlite")
    lineside = [sys.executable, "-m", "app.cli"]
    assert subprocess.run([*lineside, "init", "--db", db], capture_output=True).returncode == 0
    env = {**os.environ, SERVICE_TOKEN_ENV: service_token(Path(db), "FA-01")}

    def inst(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*lineside, "instruments", *args, "--db", db],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        assert "Traceback" not in result.stderr, result.stderr
        return result

    base = ["--station", "FA-01"]
    ok = inst(
        "set",
        *base,
        "--id",
        "FA-01-HMT330",
        "--driver",
        "vaisala",
        "--port",
        "/dev/ttyUSB0",
        "--alarm",
        "relative_humidity:30:60",
        "--option",
        "mode=run",
    )
    assert ok.returncode == 0, ok.stderr
    bad = inst("set", *base, "--id", "OVEN-O2", "--driver", "modbus-o2", "--port", "/dev/ttyUSB1")
    assert bad.returncode == 2 and 'no "o2" field' in bad.stderr
    cal = inst(
        "calibrate",
        "--station",
        "FA-01",
        "--id",
        "FA-01-HMT330",
        "--performed",
        "2026-01-10",
        "--due",
        "2027-01-10",
        "--certificate",
        "CAL-2026-17",
        "--performed-by",
        "lab",
    )
    assert cal.returncode == 0, cal.stderr
    listed = [json.loads(line) for line in inst("list", "--json").stdout.splitlines()]
    assert [(r["id"], r["serial"], r["options"], r["calibration_due"]) for r in listed] == [
        ("FA-01-HMT330", "4800 7E1", {"mode": "run"}, "2027-01-10")
    ]
    assert listed[0]["alarms"][0]["high"] == 60
    warned = inst("calibration", "--on", "2027-01-01")
    assert warned.returncode == 0
    assert "FA-01-HMT330: calibration due in 9 days (2027-01-10)" in warned.stdout
    overdue = inst("calibration", "--on", "2027-02-01")
    assert overdue.returncode == 1 and "overdue by 22 days" in overdue.stdout
    verified = subprocess.run([*lineside, "verify", "--db", db], capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_instrument_changes_need_an_authenticated_identity(tmp_path: Path) -> None:
    db = str(tmp_path / "station.sqlite")
    lineside = [sys.executable, "-m", "app.cli"]
    assert subprocess.run([*lineside, "init", "--db", db], capture_output=True).returncode == 0
    args = [*lineside, "instruments", "retire", "--db", db, "--station", "FA-01", "--id", "X"]
    env = {k: v for k, v in os.environ.items() if k != SERVICE_TOKEN_ENV}
    refused = subprocess.run([*args, "--reason", "r"], capture_output=True, text=True, env=env)
    assert refused.returncode == 3 and "--user NAME" in refused.stderr
    assert (
        "--by"
        not in subprocess.run(
            [*lineside, "instruments", "calibrate", "--help"], capture_output=True, text=True
        ).stdout
    )
