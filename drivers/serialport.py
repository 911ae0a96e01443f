"""Serial ports for line-oriented instruments: opening with clear errors, and framing bytes into lines.

Framing is shared by the live drivers and by ``lineside drivers decode``: a frame ends at CR, LF,
CRLF or ETX, and an STX starts a new one (whatever came before it without an end is a broken
line and is dropped). Technicians' captures mix all of these, so the splitter accepts them all.
"""

from __future__ import annotations

import abc
import contextlib
import os
import termios
import time
from collections.abc import Iterator

import serial

from drivers.base import (
    DriverConfig,
    PolledDriver,
    PortLost,
    ProtocolError,
    Reading,
    SerialSettings,
)

STX, ETX, CR, LF = 0x02, 0x03, 0x0D, 0x0A
_ENDS = {CR, LF, ETX}
#: Longest line any supported instrument sends; a longer run without an end is garbage.
MAX_FRAME = 512


def is_pty(port: str) -> bool:
    """Whether ``port`` is (a link to) a pseudo-terminal, as the simulators use."""
    return os.path.realpath(port).startswith("/dev/pts/")


def open_port(port: str, settings: SerialSettings, timeout: float = 0.02) -> serial.Serial:
    """Opens ``port`` with ``settings``.

    Raises:
        PortLost: the port does not exist, is busy or cannot take the settings.
    """
    if not port:
        raise PortLost(
            "no port configured: set the instrument's port (see `lineside drivers ports`)"
        )
    try:
        try:
            return serial.Serial(port, timeout=timeout, write_timeout=1.0, **settings.pyserial())
        except (serial.SerialException, termios.error) as exc:
            if not (is_pty(port) and "Invalid argument" in str(exc)):
                raise
            # A pty has no character size or parity: Linux drops them, then refuses the next
            # open's request for them with EINVAL. Bytes pass the same either way.
            return serial.Serial(
                port, timeout=timeout, write_timeout=1.0, baudrate=settings.baudrate
            )
    except (serial.SerialException, termios.error) as exc:
        if not os.path.exists(port):
            raise PortLost(f"{port} does not exist: is the instrument plugged in?") from exc
        raise PortLost(f"cannot open {port}: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise PortLost(f"cannot open {port}: {exc}") from exc


def text_of(frame: bytes) -> str:
    """The printable text of a frame: framing bytes and line ends removed, Latin-1 decoded."""
    return frame.strip(b"\x02\x03\r\n").decode("latin-1")


class FrameSplitter:
    """Cuts a byte stream into frames (each returned with its line end, as received)."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self.dropped = 0  # bytes thrown away: a broken line before an STX, or an endless run

    def feed(self, data: bytes) -> list[bytes]:
        """Adds bytes; returns the frames they completed."""
        frames: list[bytes] = []
        for byte in data:
            if byte == STX and self._buf:
                # An STX in mid-line means the line before it never ended: it is not trusted.
                self.dropped += len(self._buf)
                self._buf.clear()
            self._buf.append(byte)
            if byte in _ENDS:
                frame = bytes(self._buf)
                self._buf.clear()
                if frame.strip(b"\x02\x03\r\n"):
                    frames.append(frame)
                elif frames and byte == LF and frames[-1].endswith(b"\r"):
                    frames[-1] += frame  # the LF of a CRLF belongs to the line before it
            elif len(self._buf) > MAX_FRAME:
                self.dropped += len(self._buf)
                self._buf.clear()
        return frames

    @property
    def pending(self) -> bytes:
        """Bytes of a frame not yet ended."""
        return bytes(self._buf)

    def clear(self) -> None:
        """Forgets a frame not yet ended (before a new command, its reply starts afresh)."""
        self._buf.clear()


def split_frames(data: bytes) -> Iterator[bytes]:
    """All frames of a captured transcript, the last one even without a line end."""
    splitter = FrameSplitter()
    yield from splitter.feed(data)
    if splitter.pending.strip(b"\x02\x03\r\n"):
        yield splitter.pending


class LinePort:
    """A serial port read frame by frame with deadlines; port failures become :class:`PortLost`."""

    def __init__(self, port: str, settings: SerialSettings) -> None:
        self.port = port
        self.settings = settings
        self._serial: serial.Serial | None = None
        self._splitter = FrameSplitter()
        self._frames: list[bytes] = []

    @property
    def is_open(self) -> bool:
        """Whether the port is open."""
        return self._serial is not None

    def open(self) -> None:
        """Opens the port.

        Raises:
            PortLost: it cannot be opened.
        """
        self.close()
        self._serial = open_port(self.port, self.settings)
        self._splitter = FrameSplitter()
        self._frames = []

    def close(self) -> None:
        """Closes the port; never raises."""
        ser, self._serial = self._serial, None
        if ser is not None:
            with contextlib.suppress(OSError, serial.SerialException):
                ser.close()

    def _port(self) -> serial.Serial:
        if self._serial is None:
            raise PortLost(f"{self.port} is not open")
        return self._serial

    def write(self, data: bytes) -> None:
        """Sends ``data``.

        Raises:
            PortLost: the port vanished.
        """
        try:
            self._port().write(data)
        except (OSError, termios.error, serial.SerialException) as exc:
            raise PortLost(f"{self.port} vanished while writing (unplugged?): {exc}") from exc

    def discard_input(self) -> None:
        """Drops everything received and not yet read (a late reply to an earlier command)."""
        try:
            self._port().reset_input_buffer()
        except (OSError, termios.error, serial.SerialException) as exc:
            raise PortLost(f"{self.port} vanished (unplugged?): {exc}") from exc
        self._splitter.clear()
        self._frames.clear()

    def read_frame(self, timeout: float) -> bytes | None:
        """The next complete frame, or None when none completed within ``timeout`` seconds.

        Raises:
            PortLost: the port vanished.
        """
        deadline = time.monotonic() + timeout
        ser = self._port()
        while not self._frames:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                # The port's own timeout stays as opened: changing it re-applies the line
                # settings, which a pty refuses for 7-bit ones (EINVAL).
                data = ser.read(max(1, ser.in_waiting))
            except (OSError, termios.error, serial.SerialException) as exc:
                raise PortLost(f"{self.port} vanished (unplugged?): {exc}") from exc
            if data:
                self._frames.extend(self._splitter.feed(data))
        return self._frames.pop(0)

    @property
    def queued(self) -> int:
        """Complete frames received and not yet read."""
        return len(self._frames)

    @property
    def pending(self) -> bytes:
        """Bytes of a line begun but not ended (a partial line when a read timed out)."""
        return self._splitter.pending


def is_garbage(data: bytes) -> bool:
    """Whether ``data`` has bytes an ASCII instrument never sends (beyond 7-bit printable text)."""
    return any(b >= 0x7F or (b < 0x20 and b not in (0x02, 0x03, 0x09, 0x0A, 0x0D)) for b in data)


class LineDriver(PolledDriver):
    """A driver for instruments that answer a poll command (or stream) with lines of ASCII.

    Subclasses set ``poll_command`` (None for a streaming instrument) and implement
    :meth:`parse`; they may override :meth:`prepare` (after the port opens) and :meth:`review`
    (a second look at a reply's readings, e.g. to ask the instrument why a value is missing).
    """

    poll_command: bytes | None = None
    reply_timeout: float = 2.0
    what = "the instrument"

    def __init__(self, config: DriverConfig) -> None:
        super().__init__(config)
        self.reply_timeout = float(config.options.get("reply_timeout_s", self.reply_timeout))
        self.port = LinePort(config.port, config.serial)
        self._next_poll = 0.0
        self._awaiting: float | None = None  # deadline of the reply to the last poll

    def prepare(self) -> None:
        """Puts the instrument in the state polling or streaming needs (called by ``open``)."""

    @abc.abstractmethod
    def parse(self, frame: bytes) -> list[Reading]:
        """The readings of one frame; an empty list for echo, prompts and other chatter.

        Raises:
            ProtocolError: the frame is meant as a reply but is broken.
        """

    def review(self, readings: list[Reading]) -> list[Reading]:
        """A second look at one reply's readings before they are handed out."""
        return readings

    def open(self) -> None:
        """Opens the port and prepares the instrument."""
        self.port.open()
        self._pending.clear()
        self._awaiting = None
        self._next_poll = 0.0
        self.prepare()
        mode = "polled" if self.poll_command else "streaming"
        self._connected(f"on {self.config.port} ({mode})")

    def _release(self) -> None:
        self.port.close()

    def _read(self, timeout: float) -> Reading | None:
        if self._pending:
            return self._deliver()
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if now >= deadline:
                return None
            if self.poll_command and self._awaiting is None:
                if now < self._next_poll:
                    time.sleep(min(self._next_poll, deadline) - now)
                    continue
                self.port.discard_input()
                self.port.write(self.poll_command)
                self._next_poll = now + self.config.poll_interval_s
                self._awaiting = now + self.reply_timeout
            limit = deadline if self._awaiting is None else min(deadline, self._awaiting)
            frame = self.port.read_frame(max(0.0, limit - time.monotonic()))
            if frame is None:
                if self._awaiting is not None and time.monotonic() >= self._awaiting:
                    self._no_reply()
                continue
            if is_garbage(frame):
                raise ProtocolError(
                    f"garbage from {self.what} (wrong line settings or a bad cable?): {frame[:40]!r}"
                )
            readings = self.parse(frame)
            if readings:
                self._awaiting = None
                self._pending.extend(self.review(readings))
                return self._deliver()

    def _no_reply(self) -> None:
        self._awaiting = None
        partial = self.port.pending
        if is_garbage(partial):
            raise ProtocolError(
                f"garbage from {self.what} (wrong line settings?): {partial[:40]!r}"
            )
        what = f" (only {partial!r} arrived)" if partial.strip(b">\r\n ") else ""
        command = (self.poll_command or b"").strip().decode("latin-1")
        self._faulted(f"no complete reply to {command} within {self.reply_timeout:g} s{what}")
