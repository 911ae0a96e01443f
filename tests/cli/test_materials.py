"""``lineside msd floor-life`` as an auditor runs it, including every kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

OPENED = "2026-01-05T08:00"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["msd", "floor-life", *args])
    out, err = capsys.readouterr()
    return code, out, err


def csv_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "conditions.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_default_conditions_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--msl", "3", "--opened", OPENED, "--at", "2026-01-12T09:12", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["floor_life_h"] == 168
    assert data["exposure_h"] == 169.2
    assert data["remaining_h"] == 0
    assert data["exceeded"] is True
    assert data["exceeded_by_h"] == 1.2
    assert data["basis"]["tables"] == ["J-STD-033D Table 5-1"]
    assert data["basis"]["policy"] == {
        "rounding": "next-hotter-wetter-row",
        "accumulation": "consumed-fraction",
        "conditions": "30 °C/60 %RH (none given)",
    }


def test_unlimited_level_1_prints_null(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--msl", "1", "--opened", OPENED, "--at", "2027-01-05T08:00", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["floor_life_h"] is None and data["remaining_h"] is None
    assert data["exceeded"] is False


def test_conditions_csv_derates_a_thick_body(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path,
        "time,temperature_c,rh",
        "2026-01-05T08:00,25,45",
        "2026-01-06T08:00,31,72",
    )
    args = ("--msl", "3", "--thickness", "3.2", "--opened", OPENED, "--at", "2026-01-08T08:00")
    code, out, _ = run(capsys, *args, "--conditions", str(path), "--json")
    data = json.loads(out)
    # 24 h at 25 °C/50 %RH row (9 d), then 48 h at 35 °C/80 %RH (3 d): 1/9 + 2/3 spent.
    assert code == 0
    assert data["floor_life_h"] == 72
    assert data["exposure_h"] == 72
    assert data["remaining_h"] == pytest.approx((1 - 1 / 9 - 2 / 3) * 72, abs=0.01)
    assert data["basis"]["rows"] == [
        "body ≥ 3.1 mm, level 3, 25 °C, 50 %RH",
        "body ≥ 3.1 mm, level 3, 35 °C, 80 %RH",
    ]
    code, out, _ = run(capsys, *args, "--conditions", str(path))
    assert code == 0 and "remaining 16.0 h" in out and "accumulation=consumed-fraction" in out


@pytest.mark.parametrize(
    ("extra", "lines", "message"),
    [
        (("--msl", "7"), None, "unknown MSL '7'"),
        (("--msl", "3", "--thickness", "1.2"), ["2026-01-05T08:00,31,70"], "thickness ≥ 3.1 mm"),
        (("--msl", "3"), ["2026-01-05T08:00,31"], "line 1: 2 fields"),
        (("--msl", "3"), ["2026-01-05T08:00,warm,50"], "line 1: could not convert"),
        (("--msl", "3"), ["yesterday,25,50"], "not an ISO 8601 time"),
        (("--msl", "3"), ["2026-01-05T08:00,25,150"], "not between 0 and 100"),
        (
            ("--msl", "3"),
            ["2026-01-05T08:00,25,50", "2026-01-05T07:00,25,50"],
            "line 2: 2026-01-05T07:00:00+00:00 is not after the line before",
        ),
        (("--msl", "3"), ["2026-01-05T09:00,25,50"], "after the bag was opened"),
        (("--msl", "6"), None, "--time-on-label"),
        (("--msl", "3", "--thickness", "3.5"), ["2026-01-05T08:00,38,50"], "highest row"),
    ],
)
def test_bad_input_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    extra: tuple[str, ...],
    lines: list[str] | None,
    message: str,
) -> None:
    args = [*extra, "--opened", OPENED, "--at", "2026-01-06T08:00", "--json"]
    if lines is not None:
        args += ["--conditions", str(csv_file(tmp_path, *lines))]
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.startswith("lineside: ") and message in err


def test_at_before_opened_and_missing_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--msl", "3", "--opened", OPENED, "--at", "2026-01-04T08:00")
    assert code == 2 and "is before --opened" in err
    missing = str(tmp_path / "none.csv")
    code, _, err = run(
        capsys, "--msl", "3", "--opened", OPENED, "--at", OPENED, "--conditions", missing
    )
    assert code == 2 and "cannot read the conditions file" in err


def test_installed_command_runs() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "msd",
            "floor-life",
            "--msl",
            "5a",
            "--opened",
            OPENED,
            "--at",
            "2026-01-06T09:00",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["exceeded_by_h"] == 1
