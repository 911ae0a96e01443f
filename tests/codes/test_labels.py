"""Unit labels round-trip: rendered to PNG, PDF and ZPL, read back by the camera path, same UDI."""

from __future__ import annotations

import base64
import re
import zlib
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from app.cli import main
from app.codes.camera import FrameDecoder, scan_frame
from app.codes.interpret import interpret
from app.codes.labels import (
    LabelLayout,
    UnitLabel,
    render_image,
    render_pdf,
    render_png,
    render_zpl,
    zpl_payloads,
)
from app.codes.scan import CodeError, Scan, Udi
from app.domain.entry import EntryMethod
from drivers.base import PortLost
from drivers.camera import CameraCapture, CameraScanner
from drivers.scanner import ScannedText
from tests.helpers.camera_frames import Distortion, place

# GTIN 09506000134352 is GS1's own example GTIN (GS1 General Specifications, GS1 DataMatrix
# Guideline); the rest are lots and serials of the kinds seen on device labels.
UDIS = [
    "(01)09506000134352(17)271231(10)A1B2C3(21)SN000123",
    "(01)09506000134352(11)240115(17)290100(10)LOT-7/8",
    "(01)09506000134352(21)12345678901234567890",
    "(01)09506000134352(10)10D9T(21)0042",
]


def expected(hri: str) -> Udi:
    udi = interpret(hri, EntryMethod.TYPED).udi
    assert udi is not None
    return udi


def udis(results: list[Scan | CodeError]) -> dict[str, Udi]:
    out = {}
    for r in results:
        assert isinstance(r, Scan), f"camera read a code it could not interpret: {r}"
        assert r.entry is EntryMethod.CAMERA
        assert r.udi is not None
        out[str(r.symbology)] = r.udi
    return out


def as_frame(label: Any, scale: float = 1.0) -> Any:
    """The label as a 1280x720 camera sees it: scaled down to fit, some noise."""
    h, w = label.shape[:2]
    f = min(1280 / w, 720 / h, 1.0) * scale
    small = cv2.resize(label, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
    return place(small, Distortion(noise=2.0))


@pytest.mark.parametrize("hri", UDIS)
def test_png_label_read_by_the_camera_gives_back_the_same_udi(hri: str, tmp_path: Path) -> None:
    path = tmp_path / "label.png"
    render_png(UnitLabel.from_udi(hri), path)
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    got = udis(scan_frame(as_frame(image)))
    assert set(got) == {"]d2", "]C1"}  # GS1 DataMatrix and GS1-128, both in GS1 mode
    assert got["]d2"] == expected(hri)
    assert got["]C1"] == expected(hri)


def test_element_string_input_and_hri_give_the_same_label() -> None:
    a = UnitLabel.from_udi(UDIS[0])
    b = UnitLabel.from_udi("0109506000134352172712311" + "0A1B2C3<GS>21SN000123")
    assert a == b
    assert a.lines == ("(01) 09506000134352", "(17) 271231", "(10) A1B2C3", "(21) SN000123")


def pdf_image(path: Path) -> Any:
    """The label bitmap embedded in a reportlab PDF (ASCII85 + Flate, 8-bit gray)."""
    data = path.read_bytes()
    m = re.search(rb"/Subtype /Image(.*?)>>\s*stream\r?\n(.*?)endstream", data, re.S)
    assert m, "no image in the PDF"
    head = data[m.start() - 300 : m.end(1)]
    width = int(re.findall(rb"/Width (\d+)", head)[-1])
    height = int(re.findall(rb"/Height (\d+)", head)[-1])
    raw = m.group(2).strip().removesuffix(b"~>")
    pixels = np.frombuffer(zlib.decompress(base64.a85decode(raw)), np.uint8)
    return pixels.reshape(height, width)


def test_pdf_label_has_the_label_size_and_the_same_codes(tmp_path: Path) -> None:
    path = tmp_path / "label.pdf"
    layout = LabelLayout(width_mm=100, height_mm=60)
    render_pdf(UnitLabel.from_udi(UDIS[0]), path, layout)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", data)
    assert box and float(box.group(1)) == pytest.approx(100 / 25.4 * 72, abs=0.1)
    assert float(box.group(2)) == pytest.approx(60 / 25.4 * 72, abs=0.1)
    got = udis(scan_frame(as_frame(pdf_image(path))))
    assert got == {"]d2": expected(UDIS[0]), "]C1": expected(UDIS[0])}


@pytest.mark.parametrize("hri", [*UDIS, "(01)09506000134352(10)B_7>8(21)X_1"])
def test_zpl_carries_the_same_element_string_in_both_codes(hri: str) -> None:
    label = UnitLabel.from_udi(hri)
    zpl = render_zpl(label)
    assert zpl.startswith("^XA") and zpl.rstrip().endswith("^XZ")
    payloads = zpl_payloads(zpl)
    assert payloads == {"datamatrix": label.element_string, "gs1-128": label.element_string}
    for symbology in ("]d2", "]C1"):
        scan = interpret(symbology + payloads["datamatrix"], EntryMethod.CAMERA)
        assert scan.udi == expected(hri)
    # Every human-readable line is printed.
    for line in label.lines:
        assert f"^FD{line}^FS" in zpl


def drain(scanner: CameraScanner, into: list[ScannedText]) -> None:
    """Reads scans until the camera gives out (raises)."""
    while True:
        if (scanned := scanner.read(5.0)) is not None:
            into.append(scanned)


def test_label_decoded_through_the_opencv_capture_is_reported_once(tmp_path: Path) -> None:
    # A video of a label held under the camera for 8 frames: one scan per code, not eight.
    image = render_image(UnitLabel.from_udi(UDIS[0]))
    frame = as_frame(np.array(image))
    video = tmp_path / "camera.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"FFV1"), 10, (1280, 720))
    assert writer.isOpened()
    for _ in range(8):
        writer.write(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))
    writer.release()
    scanner = CameraScanner(CameraCapture(str(video)), FrameDecoder(("datamatrix", "code128")))
    scanner.open()
    got: list[ScannedText] = []
    try:
        # The video ends like an unplugged camera: the scanner says the frames stopped.
        with pytest.raises(PortLost, match="no more frames"):
            drain(scanner, got)
    finally:
        scanner.close()
    assert scanner.frames == 8
    assert sorted(s.symbology or "" for s in got) == ["]C1", "]d2"]
    for s in got:
        scan = s.interpret()
        assert scan.entry is EntryMethod.CAMERA
        assert scan.udi == expected(UDIS[0])


def test_a_bad_gtin_is_refused_before_anything_is_printed() -> None:
    with pytest.raises(CodeError, match="check digit"):
        UnitLabel.from_udi("(01)09506000134353(21)X1")


def test_a_udi_too_long_for_the_label_says_so() -> None:
    label = UnitLabel.from_udi("(01)09506000134352(10)" + "A" * 20 + "(21)" + "B" * 20)
    with pytest.raises(ValueError, match="do not fit"):
        render_image(label, LabelLayout(width_mm=50, height_mm=30))


def test_cli_writes_png_pdf_and_zpl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path
    code = main(
        [
            "label",
            "--udi",
            UDIS[0],
            "--png",
            str(out / "l.png"),
            "--pdf",
            str(out / "l.pdf"),
            "--zpl",
            str(out / "l.zpl"),
        ]
    )
    assert code == 0
    assert capsys.readouterr().out.strip() == UDIS[0]
    image = cv2.imread(str(out / "l.png"), cv2.IMREAD_GRAYSCALE)
    assert udis(scan_frame(as_frame(image)))["]d2"] == expected(UDIS[0])
    assert (out / "l.pdf").read_bytes().startswith(b"%PDF")
    assert zpl_payloads((out / "l.zpl").read_text())["datamatrix"] == (
        UnitLabel.from_udi(UDIS[0]).element_string
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--udi", "(01)09506000134353(21)X", "--png", "x.png"], "check digit"),
        (["--udi", "(01)09506000134352(21)X"], "--png, --pdf or --zpl"),
        (["--udi", "hello", "--zpl", "-"], "not a GS1 UDI"),
    ],
)
def test_cli_refuses_with_a_reason(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a if not a.endswith(".png") else str(tmp_path / a) for a in argv]
    assert main(["label", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
