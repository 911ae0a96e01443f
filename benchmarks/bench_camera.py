"""Camera decoding: zxing-cpp vs pyzbar vs pylibdmtx on the same 1280x720 frames, per symbology.

Frames (``tests/helpers/camera_frames.py``) carry one GS1 UDI as GS1 DataMatrix (4 px modules),
GS1-128 (2 px modules) or GS1 QR (4 px modules): a clean set, square-on with sensor noise, and a
distorted set (rotated 30°, upside down, blurred σ 1.6, low contrast, and all three at once).
A frame counts as read only when the text is exactly the element string with its GS separator
(a reader that drops the GS yields a different, unparseable UDI); "GS lost" counts the frames
read apart from the separator.

Figures: median ms per frame (clean; distorted) and the read rate on the distorted set.
Baseline in the same run: ``cv2.cvtColor`` BGR→gray of the same frame (the floor any decoder
pays on a 1280x720 frame).

Usage: python benchmarks/bench_camera.py [--seeds 8]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import zxingcpp

from app.codes.camera import FrameDecoder

# The frames are the tests' own (tests/ is not installed): run from anywhere, import from the repo.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.helpers.camera_frames import (
    DISTORTED,
    UDI_HRI,
    Distortion,
    code_image,
    place,
)

GS = "\x1d"
EXPECTED = "01095060001343521727123110A1B2C3" + GS + "21SN000123"
assert UDI_HRI == "(01)09506000134352(17)271231(10)A1B2C3(21)SN000123"
MODULE_PX = {"datamatrix": 4, "gs1-128": 2, "qr": 4}

Reader = Callable[[Any], list[str]]


def zxing_one(kind: str) -> Reader:
    """zxing-cpp looking for this one symbology, as a camera set up for it would."""
    name = {"datamatrix": "datamatrix", "gs1-128": "code128", "qr": "qr"}[kind]
    decoder = FrameDecoder((name,))
    return lambda frame: [d.text for d in decoder.decode(frame)]


def zxing_station() -> Reader:
    """zxing-cpp as the station runs it: all three symbologies in one pass."""
    decoder = FrameDecoder()
    return lambda frame: [d.text for d in decoder.decode(frame)]


def pyzbar_reader(kind: str) -> Reader | None:
    from pyzbar import pyzbar

    symbol = {"gs1-128": pyzbar.ZBarSymbol.CODE128, "qr": pyzbar.ZBarSymbol.QRCODE}.get(kind)
    if symbol is None:
        return None  # zbar has no DataMatrix decoder
    return lambda frame: [
        r.data.decode("latin-1").removeprefix(GS) for r in pyzbar.decode(frame, symbols=[symbol])
    ]


@contextlib.contextmanager
def _dmtx_fnc1() -> Iterator[None]:
    """pylibdmtx with FNC1 reported as GS (it drops FNC1 otherwise), through its ctypes wrapper."""
    from pylibdmtx import pylibdmtx
    from pylibdmtx.wrapper import DmtxProperty

    original = pylibdmtx._decoder

    @contextlib.contextmanager
    def decoder(img: Any, shrink: int) -> Iterator[Any]:
        with original(img, shrink) as dec:
            pylibdmtx.dmtxDecodeSetProp(dec, DmtxProperty.DmtxPropFnc1, 0x1D)
            yield dec

    pylibdmtx._decoder = decoder
    try:
        yield
    finally:
        pylibdmtx._decoder = original


def pylibdmtx_reader(kind: str, timeout_ms: int, *, fnc1: bool = True) -> Reader | None:
    from pylibdmtx import pylibdmtx

    if kind != "datamatrix":
        return None

    def read(frame: Any) -> list[str]:
        with _dmtx_fnc1() if fnc1 else contextlib.nullcontext():
            found = pylibdmtx.decode(frame, timeout=timeout_ms, max_count=1)
        # libdmtx reports the FNC1 in first position as a leading GS.
        return [r.data.decode("latin-1").removeprefix(GS) for r in found]

    return read


@dataclass
class Tally:
    clean_ms: list[float] = field(default_factory=list)
    distorted_ms: list[float] = field(default_factory=list)
    clean_ok: int = 0
    distorted_ok: int = 0
    gs_lost: int = 0
    distorted_total: int = 0
    clean_total: int = 0
    failed: dict[str, int] = field(default_factory=dict)


def measure(reader: Reader, frames: list[tuple[Distortion, Any]]) -> Tally:
    t = Tally()
    reader(frames[0][1])  # warm-up: first calls load tables
    for distortion, frame in frames:
        start = time.perf_counter()
        texts = reader(frame)
        ms = (time.perf_counter() - start) * 1000
        ok = EXPECTED in texts
        if any(x.replace(GS, "") == EXPECTED.replace(GS, "") and x != EXPECTED for x in texts):
            t.gs_lost += 1
        if distortion.name == "clean":
            t.clean_ms.append(ms)
            t.clean_total += 1
            t.clean_ok += ok
        else:
            t.distorted_ms.append(ms)
            t.distorted_total += 1
            t.distorted_ok += ok
            if not ok:
                t.failed[distortion.name] = t.failed.get(distortion.name, 0) + 1
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=8, help="frames per distortion (default 8)")
    parser.add_argument(
        "--dmtx-timeout-ms", type=int, default=300, help="pylibdmtx time limit per frame"
    )
    args = parser.parse_args()
    print(f"zxing-cpp {getattr(zxingcpp, '__version__', '3.x')}, OpenCV {cv2.__version__}")
    print(f"frames: 1280x720 grayscale, {args.seeds} per condition; UDI {UDI_HRI}")
    header = (
        f"{'symbology':<11}{'library':<22}{'clean ms':>9}{'clean read':>11}"
        f"{'dist. ms':>9}{'dist. read':>11}{'GS lost':>8}  misses"
    )
    print(header)
    print("-" * len(header))
    base_frame = place(code_image("datamatrix"))
    bgr = cv2.cvtColor(base_frame, cv2.COLOR_GRAY2BGR)
    gray_ms = []
    for _ in range(50):
        s = time.perf_counter()
        cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        gray_ms.append((time.perf_counter() - s) * 1000)
    for kind in ("datamatrix", "gs1-128", "qr"):
        symbol = code_image(kind, module_px=MODULE_PX[kind])
        frames = [
            (d, place(symbol, d, seed=seed))
            for d in (Distortion(), *DISTORTED)
            for seed in range(args.seeds)
        ]
        readers: list[tuple[str, Reader | None]] = [
            ("zxing-cpp (one format)", zxing_one(kind)),
            ("zxing-cpp (station)", zxing_station()),
            ("pyzbar", pyzbar_reader(kind)),
            ("pylibdmtx (default)", pylibdmtx_reader(kind, args.dmtx_timeout_ms, fnc1=False)),
            ("pylibdmtx (FNC1 on)", pylibdmtx_reader(kind, args.dmtx_timeout_ms)),
        ]
        for name, reader in readers:
            if reader is None:
                if name.startswith("pylibdmtx (default)"):
                    continue
                print(f"{kind:<11}{name:<22}{'cannot read this symbology':>48}")
                continue
            t = measure(reader, frames)
            misses = ", ".join(f"{k} {v}/{args.seeds}" for k, v in t.failed.items()) or "-"
            print(
                f"{kind:<11}{name:<22}{statistics.median(t.clean_ms):>9.1f}"
                f"{t.clean_ok:>6}/{t.clean_total:<4}{statistics.median(t.distorted_ms):>9.1f}"
                f"{100 * t.distorted_ok / t.distorted_total:>10.0f}%{t.gs_lost:>8}  {misses}"
            )
    print(
        f"baseline: cv2.cvtColor BGR->gray of one frame, median {statistics.median(gray_ms):.2f} ms"
    )


if __name__ == "__main__":
    main()
