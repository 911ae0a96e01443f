"""Serial barcode scanners (RS-232, USB-CDC) through pyserial: configurable prefix and suffix,
garbage and cut-short scans reported, and reconnection by itself when the cable is pulled.

A scan on the line is ``prefix + [AIM identifier] + data + suffix``. The data keeps its
separators (GS 0x1D, RS, EOT of an ISO 15434 envelope) for the interpreter. Without a suffix, a
scan ends when the line goes quiet for ``gap_s``.
"""

from __future__ import annotations

import contextlib
import re
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass

import serial

from app.domain.entry import EntryMethod
from drivers.base import Health, PortLost, ProtocolError, SerialSettings, Status
from drivers.scanner import ScannedText
from drivers.serialport import open_port

#: Control characters that belong in scanned data: GS, RS, FS, US and EOT (ISO 15434), and TAB.
_DATA_CONTROLS = frozenset(b"\x1d\x1e\x1c\x1f\x04\t")
_AIM = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_ESCAPES = {"\\r": "\r", "\\n": "\n", "\\t": "\t", "\\x02": "\x02", "\\x03": "\x03"}


def parse_affix(text: str) -> bytes:
    r"""Reads a prefix or suffix as written in a configuration: ``\r\n``, ``CR``, ``CRLF``, ``STX``.

    Raises:
        ValueError: a name that is not a known control character.
    """
    names = {"CR": "\r", "LF": "\n", "CRLF": "\r\n", "TAB": "\t", "STX": "\x02", "ETX": "\x03"}
    if text.upper() in names:
        return names[text.upper()].encode()
    if text.upper() == "NONE":
        return b""
    for escaped, char in _ESCAPES.items():
        text = text.replace(escaped, char)
    if "\\" in text:
        raise ValueError(f"cannot read {text!r}: write CR, LF, CRLF, TAB, STX, ETX or \\r\\n")
    return text.encode("latin-1")


@dataclass(frozen=True)
class ScannerFraming:
    """How the scanner frames a scan.

    Attributes:
        prefix: bytes before each scan ("" for none), removed.
        suffix: bytes after each scan (CR by default), removed; "" means a scan ends at a pause.
        gap_s: a scan begun and not ended within this time is dropped as cut short; without a
            suffix, the pause that ends a scan.
        max_length: longest scan accepted (a run without a suffix is noise).
    """

    prefix: bytes = b""
    suffix: bytes = b"\r"
    gap_s: float = 0.3
    max_length: int = 4096


def is_garbage(data: bytes) -> bool:
    """Whether ``data`` holds bytes a barcode never carries (noise from wrong line settings)."""
    return any(b >= 0x7F or (b < 0x20 and b not in _DATA_CONTROLS) or b == 0x00 for b in data)


class SerialScanner:
    """A serial scanner read like an instrument: ``read(timeout)`` gives the next scan or None.

    When the port vanishes (cable pulled) ``read`` marks the scanner faulted and keeps trying to
    reopen it every ``reconnect_s``: scans resume when it is plugged back, with no help from the
    caller. Garbage and cut-short scans raise :class:`ProtocolError` once each (the operator must
    scan again); the port stays open.

    Args:
        port: the serial port (``/dev/ttyUSB0``, ``COM3``, a simulator's link).
        settings: line settings (9600 8N1 is the usual factory setting).
        framing: prefix, suffix, timing.
        reconnect_s: how often to try the port again while it is gone.
        clock: monotonic seconds.
    """

    def __init__(
        self,
        port: str,
        settings: SerialSettings | None = None,
        framing: ScannerFraming | None = None,
        *,
        reconnect_s: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.port = port
        self.settings = settings or SerialSettings()
        self.framing = framing or ScannerFraming()
        self.reconnect_s = reconnect_s
        self._clock = clock
        self._serial: serial.Serial | None = None
        self._buf = bytearray()
        self._last_byte = 0.0
        self._next_try = 0.0
        self._status = Status(Health.CLOSED, "not opened yet")
        self._wanted = False
        self.reconnects = 0

    @property
    def status(self) -> Status:
        """Connected or faulted, with a reason a technician can act on."""
        return self._status

    def open(self) -> None:
        """Opens the port; when it cannot, later reads keep trying.

        Raises:
            PortLost: the port does not exist or cannot be opened (yet).
        """
        # Wanted even when the first open fails: a station started before its scanner was
        # plugged in picks it up on a later read, as after an unplug.
        self._wanted = True
        try:
            self._serial = open_port(self.port, self.settings)
        except PortLost as exc:
            self._status = Status(Health.FAULTED, str(exc))
            self._next_try = self._clock() + self.reconnect_s
            raise
        self._buf.clear()
        self._status = Status(Health.CONNECTED, f"on {self.port} ({self.settings})")

    def close(self) -> None:
        """Closes the port; idempotent."""
        self._wanted = False
        self._drop_port()
        self._status = Status(Health.CLOSED, "closed")

    def read(self, timeout: float) -> ScannedText | None:
        """The next scan, or None when none arrived within ``timeout`` seconds.

        Raises:
            ProtocolError: noise or a scan cut short arrived instead of a scan.
            PortLost: the scanner was never opened.
        """
        if not self._wanted:
            raise PortLost(f"scanner on {self.port} is not open")
        deadline = self._clock() + timeout
        while True:
            scan = self._next_frame()
            if scan is not None:
                return scan
            now = self._clock()
            if now >= deadline:
                return None
            if self._serial is None:
                self._reconnect(deadline)
                continue
            try:
                data = self._serial.read(max(1, self._serial.in_waiting))
            except (OSError, termios.error, serial.SerialException) as exc:
                self._lost(f"{self.port} vanished (scanner unplugged?): {exc}")
                continue
            if data:
                self._buf += data
                self._last_byte = self._clock()

    # -- framing ---------------------------------------------------------------------------------

    def _next_frame(self) -> ScannedText | None:
        f = self.framing
        if f.suffix:
            at = self._buf.find(f.suffix)
            if at >= 0:
                frame = bytes(self._buf[:at])
                del self._buf[: at + len(f.suffix)]
                if f.suffix == b"\r" and self._buf.startswith(b"\n"):
                    del self._buf[:1]  # a scanner sending CR LF to a station set for CR
                return self._scan_of(frame)
            if len(self._buf) > f.max_length:
                junk = bytes(self._buf[:40])
                self._buf.clear()
                raise ProtocolError(
                    f"{len(junk)}+ bytes from the scanner on {self.port} without its suffix "
                    f"{f.suffix!r}: check the scanner's suffix setting (starts {junk!r})"
                )
        stale = self._buf and self._clock() - self._last_byte > f.gap_s
        if stale:
            frame = bytes(self._buf)
            self._buf.clear()
            if not f.suffix:
                return self._scan_of(frame)
            if is_garbage(frame):
                self._garbage(frame)
            raise ProtocolError(
                f"scan cut short on {self.port}: got {frame[:40]!r} and no {f.suffix!r} within "
                f"{f.gap_s:g} s; scan the label again"
            )
        return None

    def _scan_of(self, frame: bytes) -> ScannedText | None:
        f = self.framing
        frame = frame.lstrip(b"\n") if f.suffix == b"\r" else frame
        if not frame:
            return None  # an empty line: a stray suffix, nothing scanned
        if f.prefix:
            if not frame.startswith(f.prefix):
                if is_garbage(frame):
                    self._garbage(frame)
                raise ProtocolError(
                    f"scan without the configured prefix {f.prefix!r} on {self.port}: "
                    f"{frame[:40]!r}; check the scanner's prefix setting"
                )
            frame = frame[len(f.prefix) :]
        if is_garbage(frame):
            self._garbage(frame)
        text = frame.decode("latin-1")
        m = _AIM.match(text)
        return ScannedText(text, EntryMethod.SERIAL_SCANNER, m.group(0) if m else None)

    def _garbage(self, frame: bytes) -> None:
        raise ProtocolError(
            f"garbage from the scanner on {self.port} (wrong baud rate {self.settings}, or a bad "
            f"cable?): {frame[:40]!r}"
        )

    # -- the port --------------------------------------------------------------------------------

    def _lost(self, reason: str) -> None:
        self._drop_port()
        self._status = Status(Health.FAULTED, reason)
        self._next_try = self._clock() + self.reconnect_s

    def _reconnect(self, deadline: float) -> None:
        now = self._clock()
        if now < self._next_try:
            # Waiting for the next attempt is the point here: the port is gone.
            time.sleep(max(0.0, min(self._next_try, deadline) - now))
            return
        try:
            self._serial = open_port(self.port, self.settings)
        except PortLost as exc:
            self._status = Status(Health.FAULTED, f"{exc} (retrying every {self.reconnect_s:g} s)")
            self._next_try = self._clock() + self.reconnect_s
            return
        self._buf.clear()
        self.reconnects += 1
        self._status = Status(Health.CONNECTED, f"on {self.port} again after it vanished")

    def _drop_port(self) -> None:
        ser, self._serial = self._serial, None
        self._buf.clear()
        if ser is not None:
            with contextlib.suppress(OSError, serial.SerialException, termios.error):
                ser.close()
