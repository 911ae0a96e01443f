"""Camera scanning: OpenCV captures frames, app.codes.camera decodes them, each code reported once.

A label held under the camera is seen in every frame, 30 times a second; the scanner reports a
code once and again only after it has been out of sight for ``repeat_after_s`` (the operator took
it away and scans it again on purpose).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import cv2
import numpy as np

from app.codes.camera import Frame, FrameDecoder
from app.domain.entry import EntryMethod
from drivers.base import PortLost
from drivers.scanner import ScannedText


class CameraCapture:
    """Frames from a camera (an index such as 0) or a video file or stream URL, through OpenCV.

    Args:
        source: camera index or path/URL.
        width: requested frame width (the camera may give another).
        height: requested frame height.
    """

    def __init__(self, source: int | str = 0, width: int = 1280, height: int = 720) -> None:
        self.source = source
        self.width = width
        self.height = height
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        """Opens the camera.

        Raises:
            PortLost: no such camera or file, or it is in use.
        """
        cap = cv2.VideoCapture(self.source)
        if not cap.isOpened():
            cap.release()
            raise PortLost(
                f"camera {self.source!r} cannot be opened: is it plugged in and not in use "
                "by another program?"
            )
        if isinstance(self.source, int):
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        self._cap = cap

    def frame(self) -> Frame:
        """The next frame, in grayscale (all the decoder needs, and a third of the bytes).

        Raises:
            PortLost: the camera is gone (unplugged) or the video ended.
        """
        if self._cap is None:
            raise PortLost(f"camera {self.source!r} is not open")
        ok, image = self._cap.read()
        if not ok or image is None:
            raise PortLost(f"camera {self.source!r} gives no more frames (unplugged?)")
        if image.ndim == 3:
            image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        return np.asarray(image, dtype=np.uint8)

    def close(self) -> None:
        """Releases the camera; idempotent."""
        cap, self._cap = self._cap, None
        if cap is not None:
            with contextlib.suppress(cv2.error):
                cap.release()


class CameraScanner:
    """A camera as a scanner: each code in view reported once, with the camera as entry method.

    Args:
        capture: where frames come from.
        decoder: the frame decoder (symbologies, inversion).
        repeat_after_s: how long a code must be out of view before it counts as scanned again.
        clock: monotonic seconds (tests pass their own).
    """

    def __init__(
        self,
        capture: CameraCapture,
        decoder: FrameDecoder | None = None,
        *,
        repeat_after_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capture = capture
        self.decoder = decoder or FrameDecoder()
        self.repeat_after_s = repeat_after_s
        self._clock = clock
        self._last_seen: dict[str, float] = {}
        self._pending: list[ScannedText] = []
        self.frames = 0

    def open(self) -> None:
        """Opens the camera. Raises :class:`PortLost` when it cannot."""
        self.capture.open()
        self._last_seen.clear()
        self._pending.clear()

    def close(self) -> None:
        """Releases the camera."""
        self.capture.close()

    def read(self, timeout: float) -> ScannedText | None:
        """The next newly seen code, or None when none appeared within ``timeout`` seconds.

        Raises:
            PortLost: the camera is gone.
        """
        deadline = self._clock() + timeout
        while not self._pending:
            if self._clock() >= deadline:
                return None
            self._pending.extend(self.feed(self.capture.frame()))
        return self._pending.pop(0)

    def feed(self, frame: Frame) -> list[ScannedText]:
        """The codes in ``frame`` not reported while they stayed in view."""
        self.frames += 1
        now = self._clock()
        out = []
        for code in self.decoder.decode(frame):
            key = code.aim_text
            last = self._last_seen.get(key)
            self._last_seen[key] = now
            if last is None or now - last > self.repeat_after_s:
                out.append(ScannedText(key, EntryMethod.CAMERA, code.symbology))
        return out
