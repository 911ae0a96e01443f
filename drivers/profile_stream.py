"""Reflow profiler / oven serial stream: timestamped thermocouple samples in Lineside's line format.

The line format (ASCII, 115200 8N1 by default; lines end in CR LF, LF or a bare CR; a line may
be framed STX ... ETX; anything outside a recognised line, such as command echo or a ``>``
prompt, is ignored)::

    RUN,<run id>,<start UTC, ISO 8601>,<TC name 1>,...,<TC name n>*HH
    ID,<board|panel|recipe|oven>,<value>*HH          (optional, after RUN, any number)
    S,<seconds since start>,<°C 1>,...,<°C n>*HH
    END,<run id>,<samples sent>*HH
    ERR,<code>,<text>*HH

``HH`` is the XOR of every byte before the ``*``, in two hex digits (as NMEA 0183 does, without the
leading ``$``). A temperature is a decimal number or ``OPEN`` (open thermocouple). ``ID`` lines
link the run to the board and panel serials and oven recipe it measured, when the oven or
profiler knows them (a barcode reader at the oven entrance); otherwise the technician links them
when recording. Example::

    RUN,R0042,2026-11-28T09:30:00.000Z,TC1,TC2*08
    ID,board,PCB-200-9000001*2C
    ID,recipe,SAC305-N2*33
    S,0.0,24.8,25.1*59
    S,0.1,24.9,25.1*59
    END,R0042,2*29

A stream that starts mid-run (no ``RUN`` seen) is timed from the arrival of its first sample and
its thermocouples are named by the driver option ``channels`` (a list) or ``TC1`` .. ``TCn``.
Each ``S`` line gives one :class:`~drivers.base.Reading` per thermocouple (quantity
``profile.<TC name>``, °C, ``read_at`` = run start + seconds). A value outside the profiler's
range (-50 .. 450 °C) is kept but flagged out of range, ``OPEN`` comes back as missing, ``ERR`` as
an error reading (quantity ``profile.device``); none of them enters the profile curve, which keeps
a gap (``NaN``) there instead. A line whose checksum does not match (garbage, a line cut short) is
dropped and counted; five bad lines in a row mean the stream makes no sense (wrong baud rate?) and
raise :class:`~drivers.base.ProtocolError`. At ``END`` the run becomes a
:class:`~app.domain.profile.ThermalProfile`, taken with :meth:`ProfileStreamDriver.take_profiles`.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import serial

from app.domain.clock import parse_iso, utc_now
from app.domain.profile import ProfileError, ThermalProfile
from drivers.base import (
    Driver,
    DriverConfig,
    DriverInfo,
    PortLost,
    ProtocolError,
    Quality,
    Reading,
    SerialSettings,
)

log = logging.getLogger(__name__)

UNIT = "°C"
RANGE_C = (-50.0, 450.0)
MAX_BAD_IN_ROW = 5
MAX_LINE = 4096
DEVICE_QUANTITY = "profile.device"
_SPLIT = re.compile(rb"[\r\n\x02\x03]+")


def checksum(body: str) -> str:
    """The two hex digits that end a line whose text before ``*`` is ``body``."""
    value = 0
    for byte in body.encode("ascii"):
        value ^= byte
    return f"{value:02X}"


def frame(body: str) -> bytes:
    """One complete line of the format, CR LF terminated."""
    return f"{body}*{checksum(body)}\r\n".encode("ascii")


class BadLine(ValueError):
    """A line that looks like ours but is damaged (checksum, field count, number)."""


def quantity(channel: str) -> str:
    """The reading quantity of one thermocouple."""
    return f"profile.{channel}"


@dataclass
class StreamedRun:
    """A run as received: its id, start and samples so far."""

    run_id: str
    started_at: datetime
    channels: tuple[str, ...]
    boards: list[str] = field(default_factory=list)
    panels: list[str] = field(default_factory=list)
    recipe: str | None = None
    oven: str | None = None
    times: list[float] = field(default_factory=list)
    rows: list[list[float]] = field(default_factory=list)
    complete: bool = False
    announced_samples: int | None = None

    def profile(self) -> ThermalProfile:
        """The run as a profile (rejected values are ``NaN``).

        Raises:
            ProfileError: fewer than two samples, or times not increasing.
        """
        meta = {"run_id": self.run_id, "source": "profile-stream"}
        if self.recipe:
            meta["recipe"] = self.recipe
        if self.oven:
            meta["oven"] = self.oven
        if self.announced_samples is not None and self.announced_samples != len(self.times):
            meta["samples_lost"] = str(self.announced_samples - len(self.times))
        return ThermalProfile(
            self.channels,
            np.asarray(self.times, dtype=np.float64),
            np.asarray(self.rows, dtype=np.float64).reshape(len(self.times), len(self.channels)),
            self.started_at,
            meta,
        )


class Assembler:
    """Turns lines of the format into readings and completed runs (shared by driver and decoder)."""

    def __init__(self, instrument: str, channel_names: tuple[str, ...] = ()) -> None:
        self.instrument = instrument
        self.channel_names = channel_names
        self.run: StreamedRun | None = None
        self.completed: list[StreamedRun] = []
        self.bad_lines = 0

    def feed(
        self, raw: bytes, received_at: datetime | None = None, *, strict: bool = False
    ) -> list[Reading]:
        """Readings from one line (terminator stripped); ``[]`` for lines that are not ours.

        Args:
            raw: the line.
            received_at: when it arrived (anchors samples of a run whose RUN line was missed).
            strict: refuse lines that are not of the format instead of skipping them (a live
                stream has no echo or prompts, so such a line is noise).

        Raises:
            BadLine: a damaged line of the format (or, with ``strict``, any other line).
        """
        text = raw.decode("ascii", errors="replace").strip()
        start = _first_tag(text)
        if start is None:
            if strict and text:
                raise BadLine(f"not a line of the format: {text[:60]!r}")
            return []  # echo, prompt, blank: not a line of the format
        text = text[start:]
        body, star, given = text.rpartition("*")
        if not star or len(given) != 2 or given.upper() != checksum(body):
            raise BadLine(f"checksum does not match: {text[:60]!r}")
        fields_ = body.split(",")
        tag = fields_[0]
        if tag == "RUN":
            return self._on_run(fields_)
        if tag == "S":
            return self._on_sample(fields_, raw, received_at)
        if tag == "END":
            self._on_end(fields_)
            return []
        if tag == "ID":
            self._on_id(fields_)
            return []
        return [self._on_error(fields_, raw, received_at)]

    def _on_run(self, f: list[str]) -> list[Reading]:
        if len(f) < 4:
            raise BadLine("RUN line needs an id, a start time and at least one thermocouple")
        try:
            started = parse_iso(f[2])
        except ValueError as exc:
            raise BadLine(f"RUN start time {f[2]!r} is not ISO 8601") from exc
        self._close_run(complete=False)
        self.run = StreamedRun(f[1], started, tuple(f[3:]))
        return []

    def _on_sample(self, f: list[str], raw: bytes, received_at: datetime | None) -> list[Reading]:
        try:
            elapsed = float(f[1])
        except (IndexError, ValueError) as exc:
            raise BadLine(f"sample time {f[1:2]!r} is not a number") from exc
        values = f[2:]
        if self.run is None or len(values) != len(self.run.channels):
            # Joined mid-run (no RUN seen) or the channel count changed: start an anonymous run.
            start = (received_at or utc_now()) - timedelta(seconds=elapsed)
            names = (
                self.channel_names
                if len(self.channel_names) == len(values)
                else tuple(f"TC{i + 1}" for i in range(len(values)))
            )
            self._close_run(complete=False)
            self.run = StreamedRun("unannounced", start, names)
        run = self.run
        if run.times and elapsed <= run.times[-1]:
            raise BadLine(f"sample time {elapsed} s does not follow {run.times[-1]} s")
        at = run.started_at + timedelta(seconds=elapsed)
        readings: list[Reading] = []
        row: list[float] = []
        for name, token in zip(run.channels, values, strict=True):
            readings.append(self._value(name, token, at, raw))
            good = readings[-1]
            row.append(
                good.value if good.quality is Quality.GOOD and good.value is not None else math.nan
            )
        run.times.append(elapsed)
        run.rows.append(row)
        return readings

    def _value(self, channel: str, token: str, at: datetime, raw: bytes) -> Reading:
        q = quantity(channel)
        if token.strip().upper() == "OPEN":
            return Reading(
                self.instrument, q, None, UNIT, at, raw, Quality.MISSING, "open thermocouple"
            )
        try:
            value = float(token)
        except ValueError as exc:
            raise BadLine(f"{channel} value {token!r} is not a number") from exc
        if not math.isfinite(value):
            raise BadLine(f"{channel} value {token!r} is not a number")
        if not RANGE_C[0] <= value <= RANGE_C[1]:
            return Reading(
                self.instrument,
                q,
                value,
                UNIT,
                at,
                raw,
                Quality.OUT_OF_RANGE,
                f"outside the profiler's range {RANGE_C[0]:g} .. {RANGE_C[1]:g} °C",
            )
        return Reading(self.instrument, q, value, UNIT, at, raw)

    def _on_id(self, f: list[str]) -> None:
        if len(f) != 3 or not f[2]:
            raise BadLine("ID line needs a key (board, panel, recipe, oven) and a value")
        if self.run is None:
            return
        key, value = f[1].lower(), f[2]
        if key == "board":
            self.run.boards.append(value)
        elif key == "panel":
            self.run.panels.append(value)
        elif key == "recipe":
            self.run.recipe = value
        elif key == "oven":
            self.run.oven = value
        else:
            raise BadLine(f"ID key {f[1]!r} is not one of board, panel, recipe, oven")

    def _on_end(self, f: list[str]) -> None:
        if self.run is None:
            return
        try:
            self.run.announced_samples = int(f[2])
        except (IndexError, ValueError):
            self.run.announced_samples = None
        self._close_run(complete=True)

    def _on_error(self, f: list[str], raw: bytes, received_at: datetime | None) -> Reading:
        code = f[1] if len(f) > 1 else "?"
        text = ",".join(f[2:]) if len(f) > 2 else ""
        return Reading(
            self.instrument,
            DEVICE_QUANTITY,
            None,
            "",
            received_at or utc_now(),
            raw,
            Quality.ERROR,
            f"profiler error {code}: {text}".rstrip(": "),
        )

    def _close_run(self, *, complete: bool) -> None:
        run, self.run = self.run, None
        if run is None or len(run.times) == 0:
            return
        run.complete = complete
        self.completed.append(run)


_TAGS = ("RUN,", "ID,", "S,", "END,", "ERR,")


def _first_tag(text: str) -> int | None:
    """Where the line's record starts (after a prompt or echo), or None."""
    best: int | None = None
    for tag in _TAGS:
        at = text.find(tag)
        # A tag counts at the line start or after a non-alphanumeric (prompt "> S,...").
        while at > 0 and text[at - 1].isalnum():
            at = text.find(tag, at + 1)
        if at >= 0 and (best is None or at < best):
            best = at
    return best


def split_lines(data: bytes) -> list[bytes]:
    """Lines of a capture: CR, LF, CR LF, STX and ETX all separate lines."""
    return [p for p in _SPLIT.split(data) if p.strip()]


def decode(data: bytes, instrument: str) -> Iterator[Reading]:
    """Decodes a captured transcript of the stream into readings, in order (bad lines skipped)."""
    assembler = Assembler(instrument)
    for line in split_lines(data):
        try:
            yield from assembler.feed(line)
        except BadLine as exc:
            log.warning("%s: skipped a damaged line: %s", instrument, exc)


def profiles_from_transcript(data: bytes, instrument: str = "profiler") -> list[StreamedRun]:
    """Every run in a captured transcript, the last one possibly incomplete."""
    assembler = Assembler(instrument)
    for line in split_lines(data):
        try:
            assembler.feed(line)
        except BadLine:
            continue
    assembler._close_run(complete=False)
    return assembler.completed


class ProfileStreamDriver(Driver):
    """Reads a profiler's or oven's sample stream from a serial port."""

    def __init__(self, config: DriverConfig) -> None:
        super().__init__(config)
        self._port: serial.Serial | None = None
        self._buffer = bytearray()
        self._pending: deque[Reading] = deque()
        names = config.options.get("channels", ())
        if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
            raise ValueError("option 'channels' must be a list of thermocouple names")
        self._assembler = Assembler(config.instrument, tuple(names))
        self._bad_in_row = 0

    def open(self) -> None:
        """Opens the port; the profiler streams on its own, nothing is sent.

        Raises:
            PortLost: the port cannot be opened.
        """
        try:
            self._port = serial.Serial(
                self.config.port, timeout=0, exclusive=True, **self.config.serial.pyserial()
            )
        except (serial.SerialException, OSError) as exc:
            self._faulted(f"cannot open {self.config.port}: {exc}")
            raise PortLost(f"cannot open {self.config.port}: {exc}") from exc
        self._buffer.clear()
        self._bad_in_row = 0
        self._connected()

    def close(self) -> None:
        """Closes the port; a run in progress stays available as incomplete."""
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()
        self._closed()

    @property
    def bad_lines(self) -> int:
        """How many damaged lines were dropped since the driver was made."""
        return self._assembler.bad_lines

    def take_profiles(self) -> list[StreamedRun]:
        """The runs completed since the last call (each ended by an ``END`` line)."""
        done, self._assembler.completed = self._assembler.completed, []
        return done

    def read(self, timeout: float) -> Reading | None:
        """The next thermocouple value (or profiler error), or None after ``timeout`` seconds.

        Raises:
            PortLost: the port vanished (profiler unplugged).
            ProtocolError: five damaged lines in a row.
        """
        if self._pending:
            return self._deliver(self._pending.popleft())
        port = self._port
        if port is None:
            raise PortLost(f"{self.config.port} is not open")
        deadline = utc_now() + timedelta(seconds=max(timeout, 0.0))
        while True:
            self._drain_lines()
            if self._pending:
                return self._deliver(self._pending.popleft())
            remaining = (deadline - utc_now()).total_seconds()
            if remaining <= 0:
                return None
            try:
                port.timeout = min(remaining, 0.25)
                chunk = port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError) as exc:
                self._faulted(f"{self.config.port} vanished (unplugged?): {exc}")
                raise PortLost(f"{self.config.port} vanished: {exc}") from exc
            self._buffer += chunk
            if len(self._buffer) > MAX_LINE and not _SPLIT.search(self._buffer):
                self._buffer.clear()
                self._bad(BadLine("more than 4096 bytes without a line end"))

    def _drain_lines(self) -> None:
        while True:
            m = _SPLIT.search(self._buffer)
            if m is None:
                return
            line = bytes(self._buffer[: m.start()])
            del self._buffer[: m.end()]
            if not line.strip():
                continue
            try:
                readings = self._assembler.feed(line, utc_now(), strict=True)
            except BadLine as exc:
                self._bad(exc)
                continue
            self._bad_in_row = 0
            self._pending.extend(readings)

    def _bad(self, exc: BadLine) -> None:
        self._assembler.bad_lines += 1
        self._bad_in_row += 1
        log.warning("%s: dropped a damaged line: %s", self.instrument, exc)
        if self._bad_in_row >= MAX_BAD_IN_ROW:
            self._bad_in_row = 0
            reason = (
                f"{MAX_BAD_IN_ROW} damaged lines in a row on {self.config.port} (wrong baud rate?)"
            )
            self._faulted(reason)
            raise ProtocolError(reason)

    def _deliver(self, reading: Reading) -> Reading:
        self._got_reading(reading)
        if reading.quality.usable:
            # read_at is the profiler's sample time; whether the link is alive depends on when
            # samples arrive (a profiler flushing a backlog after a stall is alive again).
            with self._lock:
                self._last_good = utc_now()
        return reading


def _factory(config: DriverConfig) -> Driver:
    return ProfileStreamDriver(config)


INFO = DriverInfo(
    name="profile-stream",
    summary="reflow profiler / oven thermocouple stream (RUN/S/END lines with XOR checksum)",
    factory=_factory,
    decode=decode,
    default_serial=SerialSettings(115200),
    quantities=("profile.<TC>",),
)

__all__ = [
    "INFO",
    "Assembler",
    "BadLine",
    "ProfileError",
    "ProfileStreamDriver",
    "StreamedRun",
    "checksum",
    "decode",
    "frame",
    "profiles_from_transcript",
]
