"""Synthetic 1280x720 camera frames of barcodes: placed, rotated, blurred, low contrast, noisy."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
import zxingcpp

Gray = npt.NDArray[np.uint8]

UDI_HRI = "(01)09506000134352(17)271231(10)A1B2C3(21)SN000123"


@dataclass(frozen=True)
class Distortion:
    """How a frame differs from a clean, square-on view."""

    name: str = "clean"
    angle_deg: float = 0.0
    blur_sigma: float = 0.0
    contrast: float = 1.0  # 1 = black on white; 0.25 = dark gray on light gray
    noise: float = 2.0  # sensor noise, gray levels (standard deviation)


DISTORTED = (
    Distortion("rotated 30°", angle_deg=30),
    Distortion("upside down", angle_deg=180),
    Distortion("blurred", blur_sigma=1.6),
    Distortion("low contrast", contrast=0.25, noise=3.0),
    Distortion("rotated, blurred, low contrast", angle_deg=-20, blur_sigma=1.2, contrast=0.35),
)


def code_image(kind: str, hri: str = UDI_HRI, module_px: int = 4) -> Gray:
    """A symbol with its quiet zone: ``datamatrix`` and ``qr`` in GS1 mode, ``gs1-128``."""
    fmt = {
        "datamatrix": zxingcpp.BarcodeFormat.DataMatrix,
        "gs1-128": zxingcpp.BarcodeFormat.Code128,
        "qr": zxingcpp.BarcodeFormat.QRCode,
    }[kind]
    extra = {"force_square": True} if kind == "datamatrix" else {}
    code = zxingcpp.create_barcode(hri, fmt, gs1=True, **extra)
    image = np.array(code.to_image(scale=module_px, add_quiet_zones=True), dtype=np.uint8)
    if kind == "gs1-128":
        image = np.repeat(image[:1, :], 40 * module_px, axis=0)
    return image


def place(
    symbol: Gray,
    distortion: Distortion = Distortion(),
    size: tuple[int, int] = (1280, 720),
    seed: int = 0,
) -> Gray:
    """A camera frame with ``symbol`` in it, distorted as asked."""
    width, height = size
    rng = np.random.default_rng(seed)
    frame = np.full((height, width), 255, np.uint8)
    h, w = symbol.shape
    if w > width or h > height:
        raise ValueError(f"symbol {w}x{h} does not fit a {width}x{height} frame")
    x0, y0 = (width - w) // 2 + int(rng.integers(-40, 41)), (height - h) // 2
    x0 = min(max(0, x0), width - w)
    frame[y0 : y0 + h, x0 : x0 + w] = symbol
    if distortion.angle_deg:
        m = cv2.getRotationMatrix2D((width / 2, height / 2), distortion.angle_deg, 1.0)
        frame = np.asarray(
            cv2.warpAffine(frame, m, (width, height), borderValue=255, flags=cv2.INTER_LINEAR),
            dtype=np.uint8,
        )
    if distortion.blur_sigma:
        frame = np.asarray(cv2.GaussianBlur(frame, (0, 0), distortion.blur_sigma), dtype=np.uint8)
    out = frame.astype(np.float32)
    if distortion.contrast != 1.0:
        mid = 160.0  # a gray label under uneven light, not a black-on-white print
        out = mid + (out - 127.5) * distortion.contrast
    if distortion.noise:
        out += rng.normal(0, distortion.noise, out.shape)
    return np.clip(out, 0, 255).astype(np.uint8)
