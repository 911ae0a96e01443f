"""The one small interface every instrument driver implements: open, close, read(timeout), status.

A driver turns bytes from one instrument into :class:`Reading` objects, one quantity each. It
never invents a value: a value the instrument did not send is absent, a value it flagged as
missing (Vaisala ``***``) or an error it reported comes back with ``value=None`` and the matching
:class:`Quality`, and a value outside the instrument's measuring range is kept but flagged.

Contract for implementers (the worker in :mod:`drivers.worker` relies on it):

* ``open()`` acquires the port (or file, or socket). Raises :class:`PortLost` when it cannot.
* ``read(timeout)`` returns the next reading, or ``None`` when nothing arrived within ``timeout``
  seconds. It must return within roughly ``timeout`` (it is called from a worker thread that also
  has to notice a stop request). A polled instrument sends its poll command inside ``read``.
  When one frame carries several quantities (RH, T and Td on one Vaisala line), ``read`` returns
  them one by one on successive calls, all with the same ``read_at`` and ``raw``.
* Raises :class:`PortLost` when the port is gone (unplugged USB adapter, closed pty) and
  :class:`ProtocolError` when the bytes make no sense (garbage, wrong framing, a reply to the
  wrong command). Either way the worker logs it, closes the driver and reconnects with back-off.
* ``status`` says connected, stale (open but nothing good for ``stale_after`` seconds) or faulted,
  with a reason a technician can act on. :class:`Driver` keeps it for you: call ``_connected()``,
  ``_got_reading()`` and ``_faulted(reason)``.
* ``close()`` is idempotent and never raises.

Drivers are named on the command line through :mod:`drivers.registry`: each driver module exposes
a module-level ``INFO = DriverInfo(...)`` naming its factory and its transcript decoder.
"""

from __future__ import annotations

import abc
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from app.domain.clock import iso_ms, utc_now


class Quality(StrEnum):
    """How far a reading's value may be trusted."""

    GOOD = "good"
    #: The instrument sent a value outside its measuring range: kept as sent, never used as good.
    OUT_OF_RANGE = "out-of-range"
    #: The instrument said it has no value (e.g. ``***``): ``value`` is None.
    MISSING = "missing"
    #: The instrument reported an error instead of a value: ``value`` is None.
    ERROR = "error"

    @property
    def usable(self) -> bool:
        """Whether a value of this quality may stand as a measurement in a record."""
        return self is Quality.GOOD


@dataclass(frozen=True)
class Reading:
    """One value of one quantity from one instrument, with the bytes it came from."""

    instrument: str
    quantity: str
    value: float | None
    unit: str
    read_at: datetime
    raw: bytes
    quality: Quality = Quality.GOOD
    note: str = ""  # the instrument's own words for an error or a missing value

    def as_json(self) -> dict[str, Any]:
        """The reading as one JSON object (``lineside drivers decode`` prints these)."""
        return {
            "instrument": self.instrument,
            "quantity": self.quantity,
            "value": self.value,
            "unit": self.unit,
            "read_at": iso_ms(self.read_at),
            "quality": str(self.quality),
            "raw": self.raw.decode("latin-1"),
            "note": self.note,
        }


class Health(StrEnum):
    """The state of a driver's link to its instrument."""

    CLOSED = "closed"
    CONNECTED = "connected"
    STALE = "stale"
    FAULTED = "faulted"


@dataclass(frozen=True)
class Status:
    """A driver's health with the reason, and since when."""

    health: Health
    reason: str = ""
    since: datetime = field(default_factory=utc_now)

    def describe(self) -> str:
        """For people, e.g. ``faulted: /dev/ttyUSB0 vanished (unplugged?)``."""
        return f"{self.health}: {self.reason}" if self.reason else str(self.health)


class DriverError(Exception):
    """A driver cannot go on with the instrument as it is; the worker reconnects."""


class PortLost(DriverError):
    """The port could not be opened, or vanished while open."""


class ProtocolError(DriverError):
    """The instrument's bytes make no sense for this driver."""


PARITIES = {"N": "N", "E": "E", "O": "O", "M": "M", "S": "S"}
_SETTINGS = re.compile(r"^\s*(\d+)(?:[\s,/-]+([5-8])([NEOMS])(1|1\.5|2))?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SerialSettings:
    """Line settings of a serial port, written the way manuals do: ``4800 7E1``."""

    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1

    @classmethod
    def parse(cls, text: str) -> SerialSettings:
        """Reads ``"4800 7E1"``, ``"9600,8N1"`` or a bare ``"19200"`` (8N1).

        Raises:
            ValueError: the text is not of that form.
        """
        m = _SETTINGS.match(text)
        if not m:
            raise ValueError(
                f"serial settings {text!r} not understood: write them like '4800 7E1' or '9600 8N1'"
            )
        if m.group(2) is None:
            return cls(int(m.group(1)))
        stop = float(m.group(4))
        return cls(int(m.group(1)), int(m.group(2)), m.group(3).upper(), stop)

    def __str__(self) -> str:
        return f"{self.baudrate} {self.bytesize}{self.parity}{self.stopbits:g}"

    def pyserial(self) -> dict[str, Any]:
        """Keyword arguments for ``serial.Serial``."""
        return {
            "baudrate": self.baudrate,
            "bytesize": self.bytesize,
            "parity": self.parity,
            "stopbits": self.stopbits,
        }

    def char_time(self) -> float:
        """Seconds one character takes on the wire (start + data + parity + stop bits)."""
        bits = 1 + self.bytesize + (0 if self.parity == "N" else 1) + self.stopbits
        return bits / self.baudrate


@dataclass(frozen=True)
class DriverConfig:
    """What a driver needs to reach one instrument: the driver part of an instrument's config.

    ``options`` holds the driver-specific settings as plain data (a Vaisala ``mode`` and ``form``,
    a Modbus register map, a profile's channel names), validated by the driver's constructor.
    """

    instrument: str
    port: str
    serial: SerialSettings = field(default_factory=SerialSettings)
    poll_interval_s: float = 1.0
    stale_after_s: float = 10.0
    options: Mapping[str, Any] = field(default_factory=dict)


class Driver(abc.ABC):
    """Base class of every instrument driver: keeps the status so subclasses only move bytes."""

    def __init__(self, config: DriverConfig) -> None:
        self.config = config
        self.instrument = config.instrument
        self._lock = threading.Lock()
        self._status = Status(Health.CLOSED, "not opened yet")
        self._last_good: datetime | None = None

    @abc.abstractmethod
    def open(self) -> None:
        """Acquires the port and prepares the instrument (e.g. stops a running stream).

        Raises:
            PortLost: the port cannot be opened.
        """

    @abc.abstractmethod
    def close(self) -> None:
        """Releases the port. Idempotent; never raises."""

    @abc.abstractmethod
    def read(self, timeout: float) -> Reading | None:
        """The next reading, or None when none arrived within ``timeout`` seconds.

        Raises:
            PortLost: the port vanished.
            ProtocolError: the instrument's bytes make no sense.
        """

    @property
    def status(self) -> Status:
        """Connected, stale or faulted, with the reason; stale is judged at call time."""
        with self._lock:
            status = self._status
            last = self._last_good
        if status.health is Health.CONNECTED:
            now = utc_now()
            # After a reconnect the clock starts again: an old good reading does not make it stale.
            since = max(last, status.since) if last else status.since
            idle = (now - since).total_seconds()
            if idle > self.config.stale_after_s:
                what = "no good reading" if last is None else "last good reading"
                return Status(
                    Health.STALE,
                    f"{what} for {idle:.0f} s (limit {self.config.stale_after_s:g} s)",
                    since,
                )
        return status

    def _set(self, health: Health, reason: str) -> None:
        with self._lock:
            if self._status.health is not health or self._status.reason != reason:
                self._status = Status(health, reason)

    def _connected(self, reason: str = "") -> None:
        """Marks the link up (call at the end of a successful ``open``)."""
        self._set(Health.CONNECTED, reason or f"on {self.config.port}")

    def _got_reading(self, reading: Reading) -> None:
        """Notes a reading; only a good one keeps the driver from going stale."""
        if reading.quality.usable:
            with self._lock:
                self._last_good = reading.read_at
        if self._status.health is not Health.CONNECTED:
            self._connected()

    def _faulted(self, reason: str) -> None:
        """Marks the link faulted with a reason a technician can act on."""
        self._set(Health.FAULTED, reason)

    def _closed(self) -> None:
        self._set(Health.CLOSED, "closed")


class PolledDriver(Driver):
    """A driver that polls a port and hands a reply's readings out one ``read`` at a time.

    Subclasses implement :meth:`_read` (deliver from ``_pending`` with :meth:`_deliver`, or poll)
    and :meth:`_release` (close the port quietly). A :class:`DriverError` from ``_read`` marks the
    driver faulted with its reason before it reaches the worker.
    """

    def __init__(self, config: DriverConfig) -> None:
        super().__init__(config)
        self._pending: list[Reading] = []

    @abc.abstractmethod
    def _read(self, timeout: float) -> Reading | None:
        """The next reading (see :meth:`Driver.read`)."""

    @abc.abstractmethod
    def _release(self) -> None:
        """Closes the port. Idempotent; never raises."""

    def read(self, timeout: float) -> Reading | None:
        """The next reading; polls the instrument when a poll is due."""
        try:
            return self._read(timeout)
        except DriverError as exc:
            self._faulted(str(exc))
            raise

    def close(self) -> None:
        """Closes the port."""
        self._release()
        self._pending.clear()
        self._closed()

    def _deliver(self) -> Reading:
        reading = self._pending.pop(0)
        self._got_reading(reading)
        return reading


class FileDriver(Driver):
    """A file read as an instrument (``port`` is its path): its readings are handed out in order."""

    #: The error the file's parser raises for content it cannot read.
    content_error: type[Exception] = ValueError

    def __init__(self, config: DriverConfig) -> None:
        super().__init__(config)
        self._queue: deque[Reading] = deque()

    @abc.abstractmethod
    def load(self) -> tuple[list[Reading], str]:
        """Reads the file: its readings and a one-line summary for the status."""

    def open(self) -> None:
        """Reads the file.

        Raises:
            PortLost: the file cannot be read.
            ProtocolError: its content is not what this driver reads (the parser's message).
        """
        try:
            found, summary = self.load()
        except OSError as exc:
            message = f"cannot read {self.config.port}: {exc.strerror or exc}"
            self._faulted(message)
            raise PortLost(message) from exc
        except self.content_error as exc:
            self._faulted(str(exc))
            raise ProtocolError(str(exc)) from exc
        self._queue = deque(found)
        self._connected(f"{self.config.port}: {summary}")

    def close(self) -> None:
        """Forgets the readings not yet taken."""
        self._queue.clear()
        self._closed()

    def read(self, timeout: float) -> Reading | None:
        """The next reading of the file, None once all were read."""
        if not self._queue:
            return None
        reading = self._queue.popleft()
        self._got_reading(reading)
        return reading


Decoder = Callable[..., Iterator[Reading]]
"""Decodes a captured transcript into readings, in order: ``decode(data, instrument)``.

A decoder may take driver options as a third argument (``options: Mapping | None = None``,
e.g. a Vaisala FORM string); ``lineside drivers decode --option`` passes them only when given.
"""


@dataclass(frozen=True)
class DriverInfo:
    """A driver as named on the command line and in instrument configurations."""

    name: str
    summary: str
    factory: Callable[[DriverConfig], Driver]
    decode: Decoder | None = None
    default_serial: SerialSettings = field(default_factory=SerialSettings)
    quantities: tuple[str, ...] = ()
    #: True when ``port`` names a file or folder rather than a serial port (CSV, CFX JSON).
    file_based: bool = False
