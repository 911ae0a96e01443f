"""Camera scanning: decodes camera frames with zxing-cpp and hands the codes to the interpreter.

zxing-cpp is the one decoder here: it reads GS1 DataMatrix (which zbar cannot), GS1-128 and QR,
keeps FNC1 as GS with ``TextMode.Plain`` and reports the symbology identifier (``]d2``, ``]C1``,
``]Q3``). ``benchmarks/bench_camera.py`` measures it against pyzbar and pylibdmtx.

The text handed to :func:`app.codes.interpret.interpret` is what a hand scanner configured to send
AIM symbology identifiers would type: the identifier followed by the data, so a plain lot code
read from a Code 128 (``]C0``) is never taken for GS1 element strings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import zxingcpp

from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import CodeError, Scan
from app.domain.entry import EntryMethod

GS = "\x1d"

#: The symbologies a station reads from a camera, by the names its configuration uses.
SYMBOLOGIES: dict[str, zxingcpp.BarcodeFormat] = {
    "datamatrix": zxingcpp.BarcodeFormat.DataMatrix,
    "code128": zxingcpp.BarcodeFormat.Code128,
    "qr": zxingcpp.BarcodeFormat.QRCode,
}

Frame = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Decoded:
    """One code found in a frame.

    Attributes:
        text: the data as encoded, FNC1 separators as GS, without the symbology identifier.
        symbology: the AIM symbology identifier (``]d2`` GS1 DataMatrix, ``]C1`` GS1-128).
        format: the symbology's name (``DataMatrix``, ``Code128``, ``QRCode``).
        corners: the code's four corners in the frame (x, y), to draw a frame around it.
    """

    text: str
    symbology: str
    format: str
    corners: tuple[tuple[int, int], ...] = ()

    @property
    def aim_text(self) -> str:
        """The identifier and the data, as a scanner sending AIM identifiers would type them."""
        return self.symbology + self.text


def _formats(names: tuple[str, ...]) -> zxingcpp.BarcodeFormats:
    unknown = [n for n in names if n not in SYMBOLOGIES]
    if unknown or not names:
        raise ValueError(
            f"unknown camera symbology {', '.join(unknown) or '(none)'}: "
            f"use {', '.join(SYMBOLOGIES)}"
        )
    return zxingcpp.BarcodeFormats(tuple(SYMBOLOGIES[n] for n in names))


def _normalise(text: str, symbology: str) -> str:
    # zxing-cpp writes the FNC1 in first position of a GS1-128 (``]C1``) as a leading GS; the
    # identifier already says "GS1", and a leading separator is refused by GS1 parsers.
    if symbology in ("]C1", "]e0", "]Q3", "]d2", "]J1") and text.startswith(GS):
        return text[1:]
    return text


class FrameDecoder:
    """Finds codes in camera frames.

    Args:
        symbologies: the symbologies to look for (fewer is faster), names from :data:`SYMBOLOGIES`.
        try_invert: also look for light-on-dark codes (laser-marked metal): slower.
        try_downscale: also search downscaled copies (codes filling a large part of the frame).
    """

    def __init__(
        self,
        symbologies: tuple[str, ...] = ("datamatrix", "code128", "qr"),
        *,
        try_invert: bool = False,
        try_downscale: bool = True,
    ) -> None:
        self.symbologies = symbologies
        self._formats = _formats(symbologies)
        self.try_invert = try_invert
        self.try_downscale = try_downscale

    def decode(self, frame: Frame) -> list[Decoded]:
        """The codes in ``frame`` (grayscale, BGR as OpenCV captures, or a PIL image)."""
        if isinstance(frame, np.ndarray) and frame.ndim == 3 and frame.shape[2] == 4:
            frame = np.ascontiguousarray(frame[:, :, :3])
        found = zxingcpp.read_barcodes(
            frame,
            formats=self._formats,
            text_mode=zxingcpp.TextMode.Plain,
            try_invert=self.try_invert,
            try_downscale=self.try_downscale,
        )
        out = []
        for code in found:
            if not code.valid:
                continue
            p = code.position
            corners = tuple(
                (int(pt.x), int(pt.y))
                for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
            )
            symbology = code.symbology_identifier
            out.append(
                Decoded(
                    text=_normalise(code.text, symbology),
                    symbology=symbology,
                    format=code.format.name,
                    corners=corners,
                )
            )
        return out


def interpret_decoded(decoded: Decoded, formats: CodeFormats | None = None) -> Scan:
    """Interprets one code read by the camera; the scan records the camera and the symbology.

    Raises:
        CodeError: the code is not one this station understands.
    """
    scan = interpret(decoded.aim_text, EntryMethod.CAMERA, formats)
    if scan.symbology is None:
        scan = dataclasses.replace(scan, symbology=decoded.symbology)
    return scan


def scan_frame(
    frame: Frame, decoder: FrameDecoder | None = None, formats: CodeFormats | None = None
) -> list[Scan | CodeError]:
    """Every code in a frame, interpreted; a code the station cannot read comes back as its error.

    Errors are returned rather than raised so one unreadable code beside a good one (a vendor's
    own barcode on the same label) neither hides the good one nor goes unreported.
    """
    results: list[Scan | CodeError] = []
    for decoded in (decoder or FrameDecoder()).decode(frame):
        try:
            results.append(interpret_decoded(decoded, formats))
        except CodeError as exc:
            results.append(exc)
    return results
