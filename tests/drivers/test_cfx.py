"""IPC-CFX reflow messages: the official examples read to their documented values, bad ones refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drivers import registry
from drivers.base import DriverConfig, ProtocolError
from drivers.cfx import CfxError, load, loads
from tests.helpers.standards import CFX


def test_reflow_oven_example_reads_zone_temperatures_o2_and_conveyor_speed() -> None:
    m = load(CFX / "UnitsProcessed_Example1_ReflowOven.json")
    assert m.kind == "oven"
    assert m.transaction_id == "a881ac27-9649-41c8-a13e-df118471eb1e"
    assert m.overall_result == "Succeeded"
    assert m.conveyor_speed == 60.0
    assert [(z.name, z.zone_type) for z in m.zones] == [
        ("Zone1", "PreHeat"),
        ("Zone2", "Soak"),
        ("Zone3", "Reflow"),
        ("Zone4", "Cool"),
    ]
    reflow = m.zones[2]
    assert reflow.reading("Temperature", "Top") == 251.0
    assert reflow.reading("Temperature", "Bottom") == 239.5
    assert reflow.setpoint("Temperature", "Top") == 250.0
    assert reflow.setpoint("O2") == 500.0
    assert m.o2_ppm == 498.0


def test_reflow_profiler_example_reads_board_recipe_and_result() -> None:
    m = load(CFX / "UnitsProcessed_Example3_ReflowProfilingDevice.json")
    assert m.kind == "profiler"
    assert m.boards == ("CARRIER55678",)
    assert (m.recipe, m.product, m.lot, m.oven, m.lane) == (
        "Recipe1",
        "Product1",
        "Lot5564",
        "Oven1",
        1,
    )
    assert m.profiler_result == "Passed"
    assert m.process_window == "ProcessWindow001"
    assert m.process_window_index == 89.6
    assert m.conveyor_speed == 102.3
    assert m.conveyor_speed_setpoint == 100.0
    assert m.time_in is not None and m.time_in.isoformat() == "2018-10-31T13:30:27.051910+00:00"
    assert m.time_out is not None and (m.time_out - m.time_in).total_seconds() == 82.0
    assert m.o2_ppm == 498.0


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("UnitsProcessed_Example7a_RouterTool_SOURCE_HAS_INVALID_JSON.txt", "line 8 column 31"),
        ("MaterialsInstalled_SOURCE_HAS_INVALID_JSON.txt", "line 92 column 13"),
    ],
)
def test_invalid_official_examples_are_refused_naming_file_and_position(
    name: str, where: str
) -> None:
    with pytest.raises(CfxError) as caught:
        load(CFX / name)
    message = str(caught.value)
    assert name in message
    assert "is not valid JSON" in message
    assert where in message


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("CFXEnvelope_EndpointConnected.json", "CFX.EndpointConnected message, not"),
        ("WorkStarted.json", "not a UnitsProcessed message"),
    ],
)
def test_other_messages_are_refused_with_what_they_are(name: str, says: str) -> None:
    with pytest.raises(CfxError, match=says):
        load(CFX / name)


def test_enveloped_message_and_foreign_process_data() -> None:
    body = json.loads((CFX / "UnitsProcessed_Example1_ReflowOven.json").read_text())
    envelope = {
        "MessageName": "CFX.Production.Processing.UnitsProcessed",
        "Version": "1.7",
        "TimeStamp": "2026-11-28T10:00:00.000+01:00",
        "MessageBody": body,
    }
    m = loads(json.dumps(envelope))
    assert m.time_stamp is not None and m.time_stamp.hour == 9
    body["CommonProcessData"]["$type"] = "CFX.Structures.Depaneling.RouterToolParameters, CFX"
    with pytest.raises(CfxError, match="RouterToolParameters process data, not reflow"):
        loads(json.dumps(body))


def test_decode_gives_zone_temperatures_o2_and_speed_as_readings() -> None:
    info = registry.get("cfx")
    assert info.decode is not None
    data = (CFX / "UnitsProcessed_Example1_ReflowOven.json").read_bytes()
    got = {r.quantity: (r.value, r.unit) for r in info.decode(data, "oven-1")}
    assert got["cfx.Zone3.Top.temperature"] == (251.0, "°C")
    assert got["cfx.Zone1.Bottom.temperature"] == (209.0, "°C")
    assert got["o2_ppm"] == (498.0, "ppm")
    assert got["conveyor_speed"] == (60.0, "cm/min")
    assert len([q for q in got if q.endswith(".temperature")]) == 8


def test_driver_refuses_an_invalid_file_through_the_interface(tmp_path: Path) -> None:
    info = registry.get("cfx")
    bad = CFX / "UnitsProcessed_Example7a_RouterTool_SOURCE_HAS_INVALID_JSON.txt"
    driver = info.factory(DriverConfig("oven-1", str(bad)))
    with pytest.raises(ProtocolError, match="line 8 column 31"):
        driver.open()
    assert "not valid JSON" in driver.status.reason
    good = info.factory(
        DriverConfig("oven-1", str(CFX / "UnitsProcessed_Example1_ReflowOven.json"))
    )
    good.open()
    first = good.read(0.1)
    assert first is not None and first.quantity == "cfx.Zone1.Top.temperature"
    good.close()


def lineside(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, timeout=60
    )


def test_lineside_drivers_decode_prints_readings_and_refuses_invalid_json() -> None:
    ok = lineside(
        "drivers", "decode", "--driver", "cfx", str(CFX / "UnitsProcessed_Example1_ReflowOven.json")
    )
    assert ok.returncode == 0, ok.stderr
    rows = [json.loads(line) for line in ok.stdout.splitlines()]
    assert {"quantity": "o2_ppm", "value": 498.0}.items() <= rows[-2].items()
    bad = CFX / "MaterialsInstalled_SOURCE_HAS_INVALID_JSON.txt"
    refused = lineside("drivers", "decode", "--driver", "cfx", str(bad))
    assert refused.returncode != 0 and refused.stdout == ""
    assert str(bad) in refused.stderr and "line 92 column 13" in refused.stderr
