"""Line framing, line settings and Vaisala FORM parsing: the pieces every transcript goes through."""

from __future__ import annotations

import pytest

from drivers.base import Quality, SerialSettings
from drivers.serialport import MAX_FRAME, FrameSplitter, split_frames
from drivers.vaisala import LineFormat, decode


def test_crlf_split_across_reads_is_one_line_end() -> None:
    splitter = FrameSplitter()
    assert splitter.feed(b"RH= 45.0 %RH\r") == [b"RH= 45.0 %RH\r"]
    assert splitter.feed(b"\nT= 22.0 'C\r\n") == [b"T= 22.0 'C\r\n"]


def test_stx_in_mid_line_drops_the_broken_line_before_it() -> None:
    splitter = FrameSplitter()
    frames = splitter.feed(b"RH= 45.0 %RH T= 2\x02RH= 45.1 %RH T= 22.0 'C\x03")
    assert frames == [b"\x02RH= 45.1 %RH T= 22.0 'C\x03"]
    assert splitter.dropped == len(b"RH= 45.0 %RH T= 2")


def test_an_endless_run_without_line_end_is_dropped() -> None:
    splitter = FrameSplitter()
    assert splitter.feed(b"x" * (MAX_FRAME + 10)) == []
    assert splitter.dropped > MAX_FRAME
    (frame,) = splitter.feed(b"ok\n")
    assert frame.endswith(b"ok\n") and len(frame) < MAX_FRAME


def test_transcript_keeps_its_last_line_without_end() -> None:
    assert list(split_frames(b"a\rb\r\nc")) == [b"a\r", b"b\r\n", b"c"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4800 7E1", SerialSettings(4800, 7, "E", 1)),
        ("9600,8N1", SerialSettings(9600, 8, "N", 1)),
        ("19200 8e2", SerialSettings(19200, 8, "E", 2)),
        ("115200", SerialSettings(115200, 8, "N", 1)),
    ],
)
def test_line_settings_as_manuals_write_them(text: str, expected: SerialSettings) -> None:
    assert SerialSettings.parse(text) == expected


def test_line_settings_that_make_no_sense_are_refused() -> None:
    with pytest.raises(ValueError, match="4800 7E1"):
        SerialSettings.parse("fast")


def test_form_with_err_flags_marks_the_flagged_value_an_error() -> None:
    fmt = LineFormat('"RH=" 4.1 rh " " U3 " T=" t " " U2 " " ERR #r #n')
    values = {v.quantity: v for v in fmt.parse("RH= 45.0 %RH T= 22.0 'C 0001")}
    assert values["relative_humidity"].error and not values["temperature"].error
    ok = {v.quantity: v for v in fmt.parse("RH= 45.0 %RH T= 22.0 'C 0000")}
    assert not ok["relative_humidity"].error


def test_form_with_time_address_and_checksum_fields() -> None:
    fmt = LineFormat('ADDR " " TIME " " "RH=" rh U3 " " CS2 #r #n')
    (rh,) = fmt.parse(" 5 12:00:01 RH= 45.2%RH 3F")
    assert (rh.quantity, rh.value, rh.unit) == ("relative_humidity", 45.2, "%RH")


def test_a_line_cut_short_is_not_read_as_a_smaller_value() -> None:
    with pytest.raises(ValueError, match="cut short"):
        LineFormat().parse("RH= 45.0 %RH T= 2")
    with pytest.raises(ValueError, match=r"cut short|twice"):
        LineFormat().parse("RH= 45.0 %RH T= 2RH= 45.0 %RH T= 22.0 'C")


def test_stars_are_a_missing_value_never_a_number() -> None:
    rh, t = decode(b"RH=***.* %RH T= 22.0 'C\r\n", "hmt")
    assert rh.value is None and rh.quality is Quality.MISSING
    assert t.value == 22.0
    # No dew point is derived from a missing RH.
    assert [r.quantity for r in decode(b"RH=***.* %RH T= 22.0 'C\r\n", "hmt")] == [
        "relative_humidity",
        "temperature",
    ]
