"""The Modbus register map: every integer and float encoding, in every word and byte order."""

from __future__ import annotations

import pytest

from drivers.modbus_o2 import Field, MapError, RegisterMap

# 465.65997 as IEEE 754 binary32 is 0x43E8D47A: bytes A=43 B=E8 C=D4 D=7A.
FLOAT_REGISTERS = {
    "ABCD": [0x43E8, 0xD47A],
    "CDAB": [0xD47A, 0x43E8],
    "BADC": [0xE843, 0x7AD4],
    "DCBA": [0x7AD4, 0xE843],
}


@pytest.mark.parametrize(("order", "registers"), FLOAT_REGISTERS.items())
def test_float32_in_every_order(order: str, registers: list[int]) -> None:
    field = Field(0, "float32", order)
    assert field.decode(registers) == pytest.approx(465.65997, abs=1e-4)
    assert field.encode(465.65997) == registers


@pytest.mark.parametrize(
    ("kind", "order", "registers", "value"),
    [
        ("uint16", "AB", [0x1234], 0x1234),
        ("uint16", "BA", [0x3412], 0x1234),
        ("int16", "AB", [0xFF38], -200),
        ("int32", "ABCD", [0xFFFF, 0xFF38], -200),
        ("int32", "CDAB", [0xFF38, 0xFFFF], -200),
        ("uint32", "DCBA", [0x7856, 0x3412], 0x12345678),
        ("uint32", "BADC", [0x3412, 0x7856], 0x12345678),
    ],
)
def test_integers_in_every_order(kind: str, order: str, registers: list[int], value: int) -> None:
    field = Field(0, kind, order)
    assert field.decode(registers) == value
    assert field.encode(value) == registers


def test_scaled_integer_in_percent_is_stored_in_ppm() -> None:
    # An analyser sending O2 in 0.01 % steps: raw 5 = 0.05 % = 500 ppm.
    rmap = RegisterMap.from_options(
        {"o2": {"address": 10, "type": "uint16", "scale": 0.01, "unit": "%"}}
    )
    readings = rmap.readings([5], instrument="o2", raw=b"")
    assert (readings[0].quantity, readings[0].value, readings[0].unit) == ("o2_ppm", 500.0, "ppm")
    assert readings[1].value == pytest.approx(99.95)


def test_status_word_not_ok_makes_the_value_an_error() -> None:
    rmap = RegisterMap.from_options(
        {
            "o2": {"address": 0, "type": "float32"},
            "status": {"address": 2, "type": "uint16", "ok": [0]},
        }
    )
    registers = [*Field(0, "float32", "ABCD").encode(300.0), 3]
    readings = rmap.readings(registers, instrument="o2", raw=b"")
    assert readings[0].quality == "error"
    assert "status word 3" in readings[0].note


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, 'no "o2" field'),
        ({"o2": {"type": "float32"}}, "o2.address"),
        ({"o2": {"address": 0, "type": "float64"}}, "o2.type"),
        ({"o2": {"address": 0, "type": "float32", "order": "AB"}}, "o2.order"),
        ({"o2": {"address": 0, "unit": "mg/l"}}, "o2.unit"),
        ({"o2": {"address": 0}, "function": "coils"}, "function"),
    ],
)
def test_unusable_maps_are_refused_naming_the_field(options: dict, message: str) -> None:
    with pytest.raises(MapError, match=message):
        RegisterMap.from_options(options)
