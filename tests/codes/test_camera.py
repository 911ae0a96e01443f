"""Camera decoding: GS1 mode survives (FNC1 as GS, symbology identifier), distorted frames,
each code reported once while in view, and camera scans reaching the capture session."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp

from app.codes.camera import FrameDecoder, scan_frame
from app.codes.scan import CodeError, Scan, ScanKind
from app.domain.entry import EntryMethod
from drivers.base import PortLost
from drivers.camera import CameraCapture, CameraScanner
from tests.helpers.camera_frames import DISTORTED, UDI_HRI, Distortion, code_image, place
from tests.helpers.stations import DemoStation

GS = "\x1d"
ELEMENTS = "01095060001343521727123110A1B2C3" + GS + "21SN000123"


@pytest.mark.parametrize(
    ("kind", "module_px", "symbology"),
    [("datamatrix", 4, "]d2"), ("gs1-128", 3, "]C1"), ("qr", 4, "]Q3")],
)
def test_gs1_codes_keep_their_separator_and_identifier(
    kind: str, module_px: int, symbology: str
) -> None:
    (decoded,) = FrameDecoder().decode(place(code_image(kind, module_px=module_px)))
    assert decoded.text == ELEMENTS  # FNC1 became GS; no leading separator
    assert decoded.symbology == symbology
    (scan,) = scan_frame(place(code_image(kind, module_px=module_px)))
    assert isinstance(scan, Scan)
    assert scan.udi is not None
    assert scan.value == UDI_HRI
    assert (scan.entry, scan.symbology) == (EntryMethod.CAMERA, symbology)


@pytest.mark.parametrize("distortion", DISTORTED, ids=lambda d: d.name)
@pytest.mark.parametrize("kind", ["datamatrix", "qr"])
def test_2d_codes_read_through_rotation_blur_and_low_contrast(
    kind: str, distortion: Distortion
) -> None:
    frame = place(code_image(kind, module_px=4), distortion, seed=5)
    assert [d.text for d in FrameDecoder().decode(frame)] == [ELEMENTS]


def test_a_plain_code128_is_not_read_as_gs1() -> None:
    # A lot named like AI 10 followed by data: the ]C0 identifier says it is not GS1.
    code = zxingcpp.create_barcode("ML-10D9T", zxingcpp.BarcodeFormat.Code128)
    symbol = np.array(code.to_image(scale=3), dtype=np.uint8)
    symbol = np.repeat(symbol[:1, :], 120, axis=0)
    (scan,) = scan_frame(place(symbol))
    assert isinstance(scan, Scan)
    assert (scan.kind, scan.value, scan.symbology) == (ScanKind.LOT, "ML-10D9T", "]C0")


def test_light_on_dark_needs_inversion_switched_on() -> None:
    # Laser-marked metal shows light modules on a dark ground.
    frame = 255 - place(code_image("datamatrix"), Distortion(noise=0))
    assert FrameDecoder().decode(frame) == []
    assert [d.text for d in FrameDecoder(try_invert=True).decode(frame)] == [ELEMENTS]


def test_an_unknown_code_comes_back_as_its_error_beside_the_good_one() -> None:
    foreign = zxingcpp.create_barcode("HELLO WORLD", zxingcpp.BarcodeFormat.QRCode)
    frame = place(code_image("datamatrix"))
    symbol = np.array(foreign.to_image(scale=5), dtype=np.uint8)
    h, w = symbol.shape
    frame[40 : 40 + h, 40 : 40 + w] = symbol
    results = scan_frame(frame)
    assert sorted(type(r).__name__ for r in results) == ["CodeError", "Scan"]
    error = next(r for r in results if isinstance(r, CodeError))
    assert "HELLO WORLD" in error.message


def test_unknown_symbology_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown camera symbology pdf417"):
        FrameDecoder(("datamatrix", "pdf417"))


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_code_held_in_view_is_reported_once_until_taken_away() -> None:
    clock = FakeClock()
    scanner = CameraScanner(CameraCapture(0), repeat_after_s=2.0, clock=clock)
    with_code = place(code_image("datamatrix"))
    empty = place(np.full((10, 10), 255, np.uint8))
    reported = []
    for t, frame in [(0.0, with_code), (0.5, with_code), (1.0, empty), (1.5, with_code)]:
        clock.now = t
        reported += scanner.feed(frame)
    assert len(reported) == 1  # held under the camera, briefly covered: one scan
    clock.now = 4.0  # taken away for more than 2 s and shown again: a new scan
    reported += scanner.feed(with_code)
    assert [r.symbology for r in reported] == ["]d2", "]d2"]


def test_a_missing_camera_says_what_to_check() -> None:
    with pytest.raises(PortLost, match="cannot be opened"):
        CameraCapture("/nonexistent/camera.avi").open()


def test_camera_scans_reach_the_capture_session(station: DemoStation) -> None:
    session = station.session()
    badge = zxingcpp.create_barcode("BDG-1002", zxingcpp.BarcodeFormat.QRCode)
    frame = place(np.array(badge.to_image(scale=5), dtype=np.uint8))
    (scanned,) = CameraScanner(CameraCapture(0)).feed(frame)
    event = session.scan(scanned.text, scanned.entry)
    assert event.kind == "login"
    assert session.operator is not None
