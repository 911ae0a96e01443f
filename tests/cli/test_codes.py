"""``lineside udi parse TEXT [--json]`` as a script runs it: exit 0 valid, 2 invalid with the reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser

LINESIDE = [sys.executable, "-m", "app.cli"]
FDA = "(01)51022222233336(11)141231(17)150707(10)A213B1(21)1234"
KEYS = {"agency", "di", "lot", "serial", "expiry", "manufactured", "error"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LINESIDE, *args], capture_output=True, text=True, timeout=60)


def test_valid_udi_prints_its_fields_and_exits_0() -> None:
    result = run("udi", "parse", FDA)
    assert result.returncode == 0, result.stderr
    assert "A213B1" in result.stdout and "2015-07-07" in result.stdout


@pytest.mark.parametrize("sep", ["\x1d", "\\x1d", "<GS>"])
def test_json_with_every_separator_form(sep: str) -> None:
    result = run("udi", "parse", "--json", f"0151022222233336111412311715070710A213B1{sep}211234")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data.keys() >= KEYS
    assert {k: data[k] for k in KEYS} == {
        "agency": "GS1",
        "di": "51022222233336",
        "lot": "A213B1",
        "serial": "1234",
        "expiry": "2015-07-07",
        "manufactured": "2014-12-31",
        "error": None,
    }


def test_invalid_udi_exits_2_with_the_reason() -> None:
    result = run("udi", "parse", "0151022222233337")
    assert result.returncode == 2
    assert "check digit" in result.stderr and "character 16" in result.stderr
    result = run("udi", "parse", "--json", "+A999ABC123DE1/$+1234567Y")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["error"] and data["rule"] == "check-character" and data["di"] is None
    assert data["agency"] is None and data["expiry"] is None


def test_hibcc_and_iccbba_in_json() -> None:
    data = json.loads(
        run("udi", "parse", "--json", "+X999123ABC0/$$05191234AB/S5678EDFG/16D20151001A").stdout
    )
    assert (data["agency"], data["di"], data["expiry"], data["manufactured"]) == (
        "HIBCC",
        "X999123ABC0",
        "2019-05-31",
        "2015-10-01",
    )
    data = json.loads(
        run(
            "udi",
            "parse",
            "--json",
            "=/A9999XYZ100T0944=,000025=A99971312345600=>014032=}013032&,1000000000000XYZ123",
        ).stdout
    )
    assert (data["agency"], data["di"], data["serial"], data["lot"]) == (
        "ICCBBA",
        "A9999XYZ100T0944",
        "000025",
        "000000000000XYZ123",
    )


def test_in_process_with_catalogue(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers.stations import PRODUCT

    args = build_parser().parse_args(["udi", "parse", "--json", "--db", str(demo_db), FDA])
    assert args.func(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in data["findings"]] == ["unknown-di"]
    args = build_parser().parse_args(
        [
            "udi",
            "parse",
            "--json",
            "--db",
            str(demo_db),
            f"(01){PRODUCT.di}(11)261101(17)311101(10)B1(21)S1",
        ]
    )
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_substitute_option() -> None:
    result = run("udi", "parse", "--json", "--gs-substitute", "~", "015102222223333610A1~21S1")
    assert result.returncode == 0 and json.loads(result.stdout)["serial"] == "S1"
