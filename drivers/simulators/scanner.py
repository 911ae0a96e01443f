"""A simulated serial barcode scanner on a real pty: sends scanned codes as bytes, with faults.

The test (or ``lineside demo``) pulls the trigger by calling :meth:`ScannerSimulator.scan`; the
scanner sends prefix, optional AIM symbology identifier, the code (GS as 0x1D) and suffix, the way
a handheld in serial (RS-232 or USB-CDC) mode does. Faults are sent on request: noise from a
wrong baud rate, a scan cut short, a cable pulled and plugged back.
"""

from __future__ import annotations

import random
from pathlib import Path
from types import TracebackType

from drivers.simulators.pty import PtyPort


class ScannerSimulator:
    """One handheld scanner in serial mode behind a stable port link.

    Args:
        port: where to put the port's link (a temporary one if None).
        prefix: bytes the scanner is configured to send before each code.
        suffix: bytes it sends after each code (CR is the factory default of most handhelds).
        aim: whether it sends the AIM symbology identifier (``]d2``) before the code.
        seed: for reproducible noise.
    """

    def __init__(
        self,
        port: str | Path | None = None,
        *,
        prefix: bytes = b"",
        suffix: bytes = b"\r",
        aim: bool = False,
        seed: int = 1,
    ) -> None:
        self.pty = PtyPort(port)
        self.prefix = prefix
        self.suffix = suffix
        self.aim = aim
        self.rng = random.Random(seed)
        self.sent: list[bytes] = []

    @property
    def port(self) -> str:
        """The port's stable name (a symlink to the current pty), for the driver to open."""
        return self.pty.path

    def frame(self, code: str, symbology: str = "]C0") -> bytes:
        """The bytes one scan of ``code`` puts on the line."""
        body = (symbology if self.aim else "") + code
        return self.prefix + body.encode("latin-1") + self.suffix

    def scan(self, code: str, symbology: str = "]C0") -> bytes:
        """Sends one scan of ``code`` (GS as ``"\\x1d"``); returns the bytes sent."""
        data = self.frame(code, symbology)
        self._send(data)
        return data

    def scans(self, codes: list[str], symbology: str = "]C0") -> bytes:
        """Sends several scans back to back in one write (a buffered scanner emptying its memory)."""
        data = b"".join(self.frame(c, symbology) for c in codes)
        self._send(data)
        return data

    def garbage(self, length: int = 24) -> bytes:
        """Sends what a wrong baud rate makes of a scan: noise, then the suffix."""
        noise = bytes(
            self.rng.choice([*range(0x80, 0x100), 0x00, 0x07, 0x15]) for _ in range(length)
        )
        data = noise + self.suffix
        self._send(data)
        return data

    def partial(self, code: str, keep: float = 0.5, symbology: str = "]C0") -> bytes:
        """Sends the first part of a scan and nothing more (cable jiggled, scanner reset)."""
        data = self.frame(code, symbology)
        cut = data[: max(1, int(len(data) * keep))].removesuffix(self.suffix)
        self._send(cut)
        return cut

    def unplug(self) -> None:
        """Pulls the cable: the port vanishes."""
        self.pty.unplug()

    def plug(self) -> None:
        """Plugs the cable back: a new pty behind the same link."""
        self.pty.plug()

    def close(self) -> None:
        """Unplugs for good and removes the temporary port folder."""
        self.pty.close()

    def __enter__(self) -> ScannerSimulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def send_raw(self, data: bytes) -> None:
        """Puts ``data`` on the line as it is (a scan arriving in pieces, odd framing)."""
        self._send(data)

    def _send(self, data: bytes) -> None:
        self.sent.append(data)
        self.pty.write(data)
