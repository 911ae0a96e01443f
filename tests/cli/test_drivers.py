"""``lineside drivers`` as a technician runs it: real processes, real ptys, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.simulators.rapidox import RapidoxSimulator
from drivers.simulators.vaisala import VaisalaSimulator

LINESIDE = [sys.executable, "-m", "app.cli", "drivers"]
FIXTURES = Path(__file__).parents[1] / "drivers" / "fixtures" / "instruments"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*LINESIDE, *args],
        input=None if stdin is None else stdin.decode("latin-1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def lines(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_decode_a_technicians_capture_to_json_lines() -> None:
    result = run("decode", "--driver", "vaisala", str(FIXTURES / "vaisala_hmp110_r.txt"))
    assert result.returncode == 0, result.stderr
    readings = lines(result)
    assert [(r["quantity"], r["value"]) for r in readings[:3]] == [
        ("temperature", 22.6),
        ("relative_humidity", 22.8),
        ("dew_point", 0.3),
    ]
    assert readings[0]["raw"] == "T= 22.6 'C RH= 22.8 %RH Td= 0.3 'C\r\n"
    assert readings[0]["quality"] == "good" and readings[0]["read_at"].endswith("Z")


def test_decode_from_standard_input_with_a_form_option_and_instrument_id() -> None:
    capture = b">send\r\n 45.2\t 22.1\r\n>send\r\n 45.3\t 22.0\r\n>"
    result = run(
        "decode",
        "--driver",
        "vaisala",
        "--option",
        "form=4.1 rh #t 4.1 t #r #n",
        "--option",
        "derive_dew_point=false",
        "--instrument",
        "FA-01-HMT330",
        "-",
        stdin=capture,
    )
    assert result.returncode == 0, result.stderr
    got = [(r["instrument"], r["quantity"], r["value"]) for r in lines(result)]
    assert got == [
        ("FA-01-HMT330", "relative_humidity", 45.2),
        ("FA-01-HMT330", "temperature", 22.1),
        ("FA-01-HMT330", "relative_humidity", 45.3),
        ("FA-01-HMT330", "temperature", 22.0),
    ]


def test_decode_modbus_needs_the_register_map_and_says_so() -> None:
    path = str(FIXTURES / "vaisala_hpp272_modbus.txt")
    result = run("decode", "--driver", "modbus-o2", path)
    assert result.returncode == 2 and 'no "o2" field' in result.stderr
    rmap = '{"device_id": 240, "o2": {"address": 0, "type": "float32", "order": "CDAB"}}'
    result = run("decode", "--driver", "modbus-o2", "--options", rmap, path)
    assert result.returncode == 0, result.stderr
    assert lines(result)[0]["value"] == 465.66


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["decode", "--driver", "vaisala", "/nonexistent/capture.txt"], 2, "cannot read"),
        (["decode", "--driver", "thermo", "x.txt"], 2, "choose one of vaisala, rapidox"),
        (
            ["decode", "--driver", "rapidox", str(FIXTURES / "vaisala_hmp110_r.txt")],
            1,
            "no rapidox readings",
        ),
        (["decode", "--driver", "vaisala", "--option", "mode", "x"], 2, "KEY=VALUE"),
        (["probe", "--driver", "vaisala", "--port", "/dev/ttyNOPE9"], 1, "does not exist"),
        (
            ["probe", "--driver", "vaisala", "--port", "/dev/null", "--serial", "fast"],
            2,
            "4800 7E1",
        ),
    ],
)
def test_mistakes_get_a_message_and_an_exit_code(args: list[str], code: int, message: str) -> None:
    result = run(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert result.stderr.startswith("lineside: ")


def test_probe_a_transmitter_on_a_pty() -> None:
    with VaisalaSimulator(rh=40.0, t=21.0) as sim:
        result = run("probe", "--driver", "vaisala", "--port", sim.port, "--timeout", "5")
    assert result.returncode == 0, result.stderr
    assert "relative_humidity" in result.stdout and "%RH" in result.stdout
    assert "4800 7E1" in result.stdout  # the factory default line settings


def test_probe_json_from_an_o2_analyser() -> None:
    with RapidoxSimulator(o2_ppm=300.0) as sim:
        result = run("probe", "--driver", "rapidox", "--port", sim.port, "--json")
    assert result.returncode == 0, result.stderr
    got = {r["quantity"]: r for r in lines(result)}
    assert set(got) == {"o2_ppm", "n2_purity"}
    assert got["o2_ppm"]["value"] == pytest.approx(300, rel=0.1)


def test_probe_an_instrument_that_never_answers() -> None:
    with VaisalaSimulator() as sim:
        sim.set_fault("slow")
        sim.slow_s = 10.0
        result = run("probe", "--driver", "vaisala", "--port", sim.port, "--timeout", "1")
    assert result.returncode == 1
    assert "no reading" in result.stderr and "no complete reply to SEND" in result.stderr


def test_ports_lists_what_the_system_has_and_explains_ptys() -> None:
    result = run("ports")
    assert result.returncode == 0
    assert "pseudo-terminals" in result.stderr
