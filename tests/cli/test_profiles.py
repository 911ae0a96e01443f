"""``lineside profile`` as a technician runs it: real processes on a demo station database."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.cli.auth import SERVICE_TOKEN_ENV
from app.domain.profile import ProfileSpec
from app.store.profiles import save_spec
from drivers.profile_stream import frame
from drivers.simulators.profiler import reflow_curves
from tests.helpers.standards import CFX
from tests.helpers.stations import PRODUCT, DemoStation, service_token

LINESIDE = [sys.executable, "-m", "app.cli"]
GOOD_BOARD, COLD_BOARD = "PCB-200-9000001", "PCB-200-9000002"


@pytest.fixture(autouse=True)
def tokens(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Capture from the command line runs as a service identity the test's admin set up.

    The identities are made before the test opens the station: opening a second store in this
    process while other processes write was seen to lose the WAL (see the README).
    """
    if "demo_db" not in request.fixturenames and "station" not in request.fixturenames:
        return {}
    path = request.getfixturevalue("demo_db")
    made = {s: service_token(path, s) for s in ("FA-01", "SMT-01")}
    monkeypatch.setenv(SERVICE_TOKEN_ENV, made["SMT-01"])
    return made


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LINESIDE, *map(str, args)], capture_output=True, text=True, timeout=120)


def export(path: Path, temps: np.ndarray, times: np.ndarray) -> Path:
    """A KIC-style profiler export of a six-thermocouple run."""
    lines = [
        "KIC Profile Export",
        "Oven,Heller 1809 MK5",
        "Recipe,SAC305-N2",
        "Date,11/28/2026",
        "Time,09:30:12",
        "",
        "Time (s)," + ",".join(f"TC{i + 1}" for i in range(temps.shape[1])),
    ]
    lines += [
        f"{t:.1f}," + ",".join(f"{v:.1f}" for v in row) for t, row in zip(times, temps, strict=True)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_csv(folder: Path) -> Path:
    t, y = reflow_curves(rate_hz=2.0)
    return export(folder / "good.csv", y, t)


def cold_csv(folder: Path) -> Path:
    """TC6 (the big BGA) 12 °C colder: peak and time above liquidus too low, delta-T too wide."""
    t, y = reflow_curves(rate_hz=2.0)
    return export(folder / "cold.csv", y - np.array([0, 0, 0, 0, 0, 12.0]), t)


def import_csv(db: Path, csv: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(
        "profile", "import", "--db", db, "--station", "SMT-01", "--driver", "profile-csv", csv,
        *extra,
    )  # fmt: skip


def smt_capture(station: DemoStation, board: str) -> list[str]:
    args = [
        "capture", "--db", str(station.path), "--station", "SMT-01", "--operator", "BDG-1002",
        "--unit", board,
        "--reading", "relative_humidity=45.0", "--reading", "temperature=22.0",
        "--reading", "o2_ppm=350",
    ]  # fmt: skip
    for part in PRODUCT.pcb_bom:
        args += ["--component", station.lot(part)]
    return args


def profile_id(stdout: str) -> str:
    line = next(x for x in stdout.splitlines() if x.startswith("profile "))
    return line.split()[1]


def test_a_failed_profile_is_recorded_and_then_refuses_its_board_at_capture(
    station: DemoStation, tmp_path: Path
) -> None:
    before = station.journal_count("profile")
    good = import_csv(station.path, good_csv(tmp_path), "--board", GOOD_BOARD)
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith("PASSED against SAC305 paste (typical)")
    cold = import_csv(station.path, cold_csv(tmp_path), "--board", COLD_BOARD, "--panel", "PNL-7")
    assert cold.returncode == 0, cold.stderr  # the verdict is data: recorded, not an error
    assert "FAILED against SAC305 paste (typical): 3 limits violated" in cold.stdout
    assert "TC6: peak temperature 228.4 °C is below the minimum 235 °C" in cold.stdout
    assert "TC6: time above liquidus" in cold.stdout
    assert "delta-T across thermocouples" in cold.stdout
    assert f"for board {COLD_BOARD} and panel PNL-7 (recipe SAC305-N2)" in cold.stdout
    assert station.journal_count("profile") == before + 2
    recorded = station.conn.execute(
        "SELECT passed, station, source FROM profiles WHERE id = ?", (profile_id(cold.stdout),)
    ).fetchone()
    assert tuple(recorded) == (0, "SMT-01", "profile-csv")

    refused = run(*smt_capture(station, COLD_BOARD))
    assert refused.returncode == 3, refused.stderr
    assert "refused by rule profile-failed" in refused.stderr
    accepted = run(*smt_capture(station, GOOD_BOARD))
    assert accepted.returncode == 0, accepted.stderr
    key = accepted.stdout.strip()
    content = json.loads(
        station.conn.execute("SELECT content FROM journal WHERE key = ?", (key,)).fetchone()[0]
    )
    assert content["profile"]["profile_id"] == profile_id(good.stdout)
    assert content["profile"]["passed"] is True
    assert run("verify", "--db", station.path).returncode == 0


def test_show_gives_each_thermocouple_and_the_verdict(station: DemoStation, tmp_path: Path) -> None:
    first = import_csv(station.path, good_csv(tmp_path), "--board", COLD_BOARD)
    # A later run of the same board (the export says so) is the one that counts.
    later = cold_csv(tmp_path)
    later.write_text(later.read_text().replace("09:30:12", "10:30:12"))
    second = import_csv(station.path, later, "--board", COLD_BOARD)
    assert first.returncode == second.returncode == 0

    table = run("profile", "show", "--db", station.path, "--board", COLD_BOARD)
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith(f"profile {profile_id(second.stdout)}")
    for tc in ("TC1", "TC6"):
        assert any(line.startswith(f"{tc} ") for line in table.stdout.splitlines())
    assert "TC6  228.4" in table.stdout
    assert "TC6: peak temperature 228.4 °C is below the minimum 235 °C" in table.stdout
    assert profile_id(first.stdout) in table.stdout.split("earlier profiles")[1]

    as_json = run(
        "profile", "show", "--db", station.path, "--id", profile_id(first.stdout), "--json"
    )
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["passed"] is True and data["violations"] == []
    assert data["boards"] == [COLD_BOARD] and data["spec_name"] == "SAC305 paste (typical)"
    assert list(data["metrics"]["channels"]) == [f"TC{i}" for i in range(1, 7)]
    assert 235 <= data["metrics"]["channels"]["TC1"]["peak_c"] <= 250
    assert data["sample_count"] == 800

    missing = run("profile", "show", "--db", station.path, "--board", "PCB-NEVER-PROFILED")
    assert missing.returncode == 1
    assert "no profile recorded for PCB-NEVER-PROFILED" in missing.stderr


def test_specs_lists_presets_and_the_stations_own(station: DemoStation) -> None:
    mine = ProfileSpec(name="Line 3 BGA", peak_min_c=238.0, peak_max_c=248.0, delta_t_max_c=8.0)
    station.store.write(lambda c: save_spec(c, station="SMT-01", spec=mine, saved_by="tech"))
    table = run("profile", "specs", "--db", station.path)
    assert table.returncode == 0, table.stderr
    rows = {line.split("  ")[0]: line for line in table.stdout.splitlines()}
    assert set(rows) >= {"J-STD-020 Pb-free", "J-STD-020 Sn-Pb", "SAC305 paste (typical)"}
    assert "station r1" in rows["Line 3 BGA"] and "238-248" in rows["Line 3 BGA"]
    assert "≤260" in rows["J-STD-020 Pb-free"]
    data = json.loads(run("profile", "specs", "--db", station.path, "--json").stdout)
    by_name = {e["name"]: e for e in data}
    assert by_name["Line 3 BGA"]["kind"] == "station" and by_name["Line 3 BGA"]["revision"] == 1
    assert by_name["Line 3 BGA"]["limits"]["delta_t_max_c"] == 8.0
    assert by_name["SAC305 paste (typical)"]["default_for"] == ["FA-01", "FA-02", "SMT-01"]


def test_the_spec_comes_from_the_option_then_the_station_setting(
    station: DemoStation, tmp_path: Path
) -> None:
    mine = ProfileSpec(name="Hot BGA", peak_min_c=245.0)
    station.store.write(lambda c: save_spec(c, station="SMT-01", spec=mine, saved_by="tech"))
    csv = good_csv(tmp_path)
    chosen = import_csv(station.path, csv, "--board", "B1", "--spec", "J-STD-020 Pb-free")
    assert chosen.stdout.startswith("PASSED against J-STD-020 Pb-free"), chosen.stderr
    with sqlite3.connect(station.path) as conn:
        settings = json.loads(
            conn.execute("SELECT settings FROM stations WHERE id = 'SMT-01'").fetchone()[0]
        )
        settings["profile_spec"] = "Hot BGA"
        conn.execute(
            "UPDATE stations SET settings = ? WHERE id = 'SMT-01'", (json.dumps(settings),)
        )
    configured = import_csv(station.path, csv, "--board", "B2")
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.startswith("FAILED against Hot BGA")
    assert "TC6: peak temperature" in configured.stdout
    unknown = import_csv(station.path, csv, "--board", "B3", "--spec", "No such spec")
    assert unknown.returncode == 2
    assert "'No such spec'" in unknown.stderr and "'J-STD-020 Sn-Pb'" in unknown.stderr


def test_a_cfx_profiler_message_brings_its_own_barcode_and_verdict(station: DemoStation) -> None:
    result = run(
        "profile", "import", "--db", station.path, "--station", "SMT-01", "--driver", "cfx",
        CFX / "UnitsProcessed_Example3_ReflowProfilingDevice.json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "PASSED against ProcessWindow001 (as reported by the profiler)" in result.stdout
    shown = json.loads(
        run("profile", "show", "--db", station.path, "--board", "CARRIER55678", "--json").stdout
    )
    assert shown["source"] == "cfx" and shown["recipe"] == "Recipe1"
    assert shown["metrics"] is None and shown["reported"]["result"] == "Passed"


def test_a_stream_transcript_links_the_boards_its_id_lines_name(
    station: DemoStation, tmp_path: Path
) -> None:
    t, y = reflow_curves(rate_hz=1.0, channels=3)
    capture = b"> START\r\n" + frame("RUN,R7,2026-11-28T09:30:00.000Z,TC1,TC2,TC3")
    capture += frame("ID,board,PCB-S-1") + frame("ID,recipe,SAC305-N2")
    for i, (seconds, row) in enumerate(zip(t, y, strict=True)):
        line = frame(f"S,{seconds:.1f}," + ",".join(f"{v:.1f}" for v in row))
        capture += line[:10] + b"\r\n" if i == 50 else line  # one line cut short
    capture += frame(f"END,R7,{len(t)}")
    path = tmp_path / "run.txt"
    path.write_bytes(capture)
    result = run(
        "profile", "import", "--db", station.path, "--station", "SMT-01",
        "--driver", "profile-stream", path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "for board PCB-S-1 (recipe SAC305-N2)" in result.stdout
    assert f"{path}: skipped 1 damaged line(s) (line 55)" in result.stderr
    shown = json.loads(
        run("profile", "show", "--db", station.path, "--board", "PCB-S-1", "--json").stdout
    )
    assert shown["sample_count"] == len(t) - 1
    assert shown["meta"]["damaged_lines"] == "55"


def test_unreadable_files_exit_2_naming_the_file_and_where(
    station: DemoStation, tmp_path: Path
) -> None:
    before = station.journal_count()
    broken = tmp_path / "broken.csv"
    text = good_csv(tmp_path).read_text().splitlines()
    text[20] = "12.0,33.1,oops,30.0,29.0,28.0,27.0"
    broken.write_text("\n".join(text))
    result = import_csv(station.path, broken, "--board", "B1")
    assert result.returncode == 2
    assert f"{broken} line 21" in result.stderr

    invalid = CFX / "UnitsProcessed_Example7a_RouterTool_SOURCE_HAS_INVALID_JSON.txt"
    copied = shutil.copy(invalid, tmp_path / invalid.name)
    result = run(
        "profile", "import", "--db", station.path, "--station", "SMT-01", "--driver", "cfx", copied,
    )  # fmt: skip
    assert result.returncode == 2
    assert str(copied) in result.stderr and "line 8 column 31" in result.stderr

    noise = tmp_path / "noise.txt"
    noise.write_bytes(b"hello\r\nS,1,2*00\r\n")
    result = run(
        "profile", "import", "--db", station.path, "--station", "SMT-01",
        "--driver", "profile-stream", noise, "--board", "B1",
    )  # fmt: skip
    assert result.returncode == 2
    assert str(noise) in result.stderr and "line 2" in result.stderr

    unlinked = import_csv(station.path, good_csv(tmp_path))
    assert unlinked.returncode == 2 and "--board" in unlinked.stderr
    assert station.journal_count() == before  # nothing half-recorded


def test_import_as_json_for_scripts(station: DemoStation, tmp_path: Path) -> None:
    result = import_csv(station.path, cold_csv(tmp_path), "--board", "B9", "--json")
    assert result.returncode == 0, result.stderr
    (recorded,) = json.loads(result.stdout)
    assert recorded["passed"] is False and recorded["boards"] == ["B9"]
    assert {"TC6: peak temperature 228.4 °C is below the minimum 235 °C"} <= set(
        recorded["violations"]
    )
    assert recorded["metrics"]["channels"]["TC6"]["peak_c"] == 228.4
