"""Transcripts copied from vendor manuals decode to the values the manuals document.

Sources of every fixture: tests/drivers/fixtures/instruments/SOURCES.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers import modbus_o2, rapidox, vaisala
from drivers.base import Quality, Reading

FIXTURES = Path(__file__).parent / "fixtures" / "instruments"


def values(readings: list[Reading]) -> list[tuple[str, float | None]]:
    return [(r.quantity, r.value) for r in readings]


def decode_vaisala(name: str, **options: object) -> list[Reading]:
    return list(vaisala.decode((FIXTURES / name).read_bytes(), "hmt", options or None))


def test_hmt330_form_examples_decode_with_fahrenheit_converted_and_custom_labels() -> None:
    readings = decode_vaisala("vaisala_hmt330_form.txt", derive_dew_point=False)
    got = values(readings)
    # RH= 16.03%RH T= 74.66'F  ->  74.66 °F is 23.7 °C
    assert got[0] == ("relative_humidity", 16.03)
    assert got[1][0] == "temperature"
    assert got[1][1] == pytest.approx(23.7, abs=0.001)
    # Tfrost= 36.0'C Temp= 31.0'C (a user FORM with its own labels)
    assert got[2:4] == [("dew_frost_point", 36.0), ("temperature", 31.0)]
    # form / -> the default message RH= 98.4 %RH T= 31.1 'C
    assert got[4:] == [("relative_humidity", 98.4), ("temperature", 31.1)]
    assert all(r.quality is Quality.GOOD for r in readings)
    # Echo (">send"), "OK" and the closing prompt are not readings.
    assert len(readings) == 6


def test_hmt120_run_and_send_output_with_bare_percent_unit() -> None:
    got = values(decode_vaisala("vaisala_hmt120_r_send.txt", derive_dew_point=False))
    assert got == [
        ("relative_humidity", 25.10),
        ("temperature", 24.77),
        ("relative_humidity", 25.12),
        ("temperature", 24.96),
        ("relative_humidity", 25.12),
        ("temperature", 24.91),
    ]


def test_hmp110_dew_point_read_from_the_line() -> None:
    readings = decode_vaisala("vaisala_hmp110_r.txt")
    got = values(readings)
    assert got[:3] == [("temperature", 22.6), ("relative_humidity", 22.8), ("dew_point", 0.3)]
    assert len(got) == 9
    # Read, not derived: no derivation note.
    assert all(r.note == "" for r in readings)


def test_dew_point_derived_from_rh_and_t_matches_the_transmitter_within_a_tenth() -> None:
    # HMP240 manual: RH= 43.0 %RH T= 21.0 'C Tdp= 8.0 'C ; derive from RH and T only.
    line = (FIXTURES / "vaisala_hmp240_r.txt").read_bytes()
    read = {r.quantity: r for r in vaisala.decode(line, "hmt")}
    assert read["dew_point"].value == 8.0
    assert read["dew_point"].note == ""
    stripped = line.replace(b"Tdp= 8.0 'C ", b"")
    derived = {r.quantity: r for r in vaisala.decode(stripped, "hmt")}
    assert derived["dew_point"].value == pytest.approx(8.0, abs=0.1)
    assert "derived" in derived["dew_point"].note
    # x= g/kg and Tw= are not recorded quantities and are skipped, not misread.
    assert set(derived) == {"relative_humidity", "temperature", "dew_point"}


def test_hmp260_lines_with_time_prefix_and_chatter() -> None:
    got = values(decode_vaisala("vaisala_hmp260_ftime.txt", derive_dew_point=False))
    assert got == [
        ("relative_humidity", 19.4),
        ("temperature", 26.0),
        ("relative_humidity", 19.4),
        ("temperature", 26.0),
        ("relative_humidity", 19.8),
        ("temperature", 26.0),
    ]


def test_stx_etx_framed_output_without_line_end() -> None:
    readings = decode_vaisala("vaisala_hmdw110_stx.txt", derive_dew_point=False)
    assert values(readings) == [("relative_humidity", 39.3), ("temperature", 25.1)]
    assert readings[0].raw.startswith(b"\x02") and readings[0].raw.endswith(b"\x03")


def test_the_same_capture_with_bare_cr_line_ends_decodes_the_same() -> None:
    data = (FIXTURES / "vaisala_hmp110_r.txt").read_bytes()
    crlf = values(list(vaisala.decode(data, "hmt")))
    assert values(list(vaisala.decode(data.replace(b"\r\n", b"\r"), "hmt"))) == crlf
    assert values(list(vaisala.decode(data.replace(b"\r\n", b"\n"), "hmt"))) == crlf


def test_rapidox_1100e_reply_gives_ppm_and_derived_purity_and_messages_no_value() -> None:
    readings = list(rapidox.decode((FIXTURES / "rapidox_1100e.txt").read_bytes(), "o2"))
    # !Initialising: no value yet; !No sensor or sensor fault: an error; then the data line.
    assert [(r.quantity, r.value, r.quality) for r in readings[:4]] == [
        ("o2_ppm", None, Quality.MISSING),
        ("n2_purity", None, Quality.MISSING),
        ("o2_ppm", None, Quality.ERROR),
        ("n2_purity", None, Quality.ERROR),
    ]
    assert readings[2].note == "No sensor or sensor fault"
    assert values(readings[4:]) == [("o2_ppm", 295900.0), ("n2_purity", 70.41)]
    assert readings[4].unit == "ppm" and readings[5].unit == "%"


def test_rapidox_1100zr_reply_with_extra_empty_fields() -> None:
    readings = list(rapidox.decode((FIXTURES / "rapidox_1100zr.txt").read_bytes(), "o2"))
    assert values(readings) == [("o2_ppm", 295900.0), ("n2_purity", 70.41)]
    assert all(r.quality is Quality.GOOD for r in readings)


def test_rapidox_capture_with_typed_commands_mixed_in() -> None:
    data = b"D" + (FIXTURES / "rapidox_1100zr.txt").read_bytes() + b">D\r"
    assert values(list(rapidox.decode(data, "o2"))) == [("o2_ppm", 295900.0), ("n2_purity", 70.41)]


def test_modbus_exchange_from_a_vaisala_manual_decodes_to_the_documented_value() -> None:
    data = (FIXTURES / "vaisala_hpp272_modbus.txt").read_bytes()
    register_map = {"device_id": 240, "o2": {"address": 0, "type": "float32", "order": "CDAB"}}
    readings = list(modbus_o2.decode(data, "probe", register_map))
    assert readings[0].quantity == "o2_ppm"
    assert readings[0].value == pytest.approx(465.65997, abs=1e-4)
    assert readings[1].quantity == "n2_purity"
    assert readings[1].value == pytest.approx(100 - 465.65997 / 1e4, abs=1e-6)


def test_modbus_frames_of_another_device_on_the_line_are_left_out() -> None:
    data = (FIXTURES / "vaisala_hpp272_modbus.txt").read_bytes()
    register_map = {"device_id": 7, "o2": {"address": 0, "type": "float32", "order": "CDAB"}}
    assert list(modbus_o2.decode(data, "probe", register_map)) == []


def test_modbus_frame_with_a_bad_crc_is_not_decoded() -> None:
    data = (FIXTURES / "vaisala_hpp272_modbus.txt").read_bytes().replace(b"33 AB", b"33 AC")
    register_map = {"o2": {"address": 0, "type": "float32", "order": "CDAB"}}
    assert list(modbus_o2.decode(data, "probe", register_map)) == []
