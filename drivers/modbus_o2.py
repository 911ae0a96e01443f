"""Residual-O2 analysers on Modbus RTU (pymodbus), with the register map given as data.

Analysers disagree on everything but the protocol: which registers, holding or input, 16-bit
scaled integers or 32-bit floats, in which word and byte order, and whether O2 comes in ppm,
ppb or percent. The map says all of it, for example::

    {"device_id": 1, "function": "holding",
     "o2": {"address": 0, "type": "float32", "order": "CDAB", "unit": "ppm"},
     "status": {"address": 4, "type": "uint16", "ok": [0]}}

Types: ``uint16``, ``int16``, ``uint32``, ``int32``, ``float32``. Orders name the bytes of the
value as sent, A the most significant: ``AB``/``BA`` for 16 bits, ``ABCD`` (big-endian),
``CDAB`` (word-swapped), ``BADC`` (byte-swapped), ``DCBA`` (little-endian) for 32 bits. An integer
may carry ``scale`` and ``offset`` (value = raw * scale + offset). O2 is stored in ppm whatever
the analyser sends; nitrogen purity is derived from it (100 % minus O2).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import struct
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pymodbus.client import ModbusSerialClient
from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException
from pymodbus.framer import FramerType

from app.domain.clock import utc_now
from drivers.base import (
    DriverConfig,
    DriverInfo,
    PolledDriver,
    PortLost,
    Quality,
    Reading,
    SerialSettings,
)
from drivers.rapidox import n2_purity
from drivers.serialport import split_frames

log = logging.getLogger(__name__)

DEFAULT_SETTINGS = SerialSettings(19200, 8, "E", 1)  # the Modbus serial line default
TO_PPM = {"ppm": 1.0, "ppb": 0.001, "%": 10_000.0, "percent": 10_000.0}
SIZES = {"uint16": 1, "int16": 1, "uint32": 2, "int32": 2, "float32": 2}
FORMATS = {"uint16": "H", "int16": "h", "uint32": "I", "int32": "i", "float32": "f"}
ORDERS = {1: ("AB", "BA"), 2: ("ABCD", "CDAB", "BADC", "DCBA")}
EXCEPTIONS = {
    1: "illegal function",
    2: "illegal data address",
    3: "illegal data value",
    4: "device failure",
    5: "acknowledge (busy)",
    6: "device busy",
}


class MapError(ValueError):
    """The register map is not usable; the message names the field."""


@dataclass(frozen=True)
class Field:
    """One value in the analyser's registers."""

    address: int
    type: str = "uint16"
    order: str = ""
    scale: float = 1.0
    offset: float = 0.0

    @classmethod
    def from_map(cls, name: str, data: Mapping[str, Any]) -> Field:
        """Reads a field of the register map.

        Raises:
            MapError: naming what is wrong.
        """
        kind = str(data.get("type", "uint16")).lower()
        if kind not in SIZES:
            raise MapError(f"{name}.type {kind!r}: use one of {', '.join(SIZES)}")
        order = str(data.get("order", ORDERS[SIZES[kind]][0])).upper()
        if order not in ORDERS[SIZES[kind]]:
            raise MapError(
                f"{name}.order {order!r} for {kind}: use one of {', '.join(ORDERS[SIZES[kind]])}"
            )
        try:
            address = int(data["address"])
        except (KeyError, TypeError, ValueError) as exc:
            raise MapError(f"{name}.address is missing or not a number") from exc
        if not 0 <= address <= 0xFFFF:
            raise MapError(f"{name}.address {address} is outside 0…65535")
        return cls(
            address, kind, order, float(data.get("scale", 1.0)), float(data.get("offset", 0.0))
        )

    @property
    def count(self) -> int:
        """Registers the field spans."""
        return SIZES[self.type]

    def decode(self, registers: Sequence[int]) -> float:
        """The field's value from its registers (in the order read)."""
        data = b"".join(struct.pack(">H", r & 0xFFFF) for r in registers[: self.count])
        # Put the bytes back in big-endian ABCD order before unpacking.
        canonical = ORDERS[self.count][0]
        data = bytes(data[self.order.index(letter)] for letter in canonical)
        (raw,) = struct.unpack(">" + FORMATS[self.type], data)
        return float(raw) * self.scale + self.offset

    def encode(self, value: float) -> list[int]:
        """Registers holding ``value`` (the simulator's side of :meth:`decode`)."""
        raw: float | int = (value - self.offset) / self.scale
        if self.type != "float32":
            raw = round(raw)
        data = struct.pack(">" + FORMATS[self.type], raw)
        canonical = ORDERS[self.count][0]
        wire = bytes(data[canonical.index(letter)] for letter in self.order)
        return [int.from_bytes(wire[i : i + 2], "big") for i in range(0, len(wire), 2)]


@dataclass(frozen=True)
class RegisterMap:
    """Where the O2 value (and an optional status word) are, and how they are encoded."""

    o2: Field
    o2_unit: str = "ppm"
    status: Field | None = None
    status_ok: tuple[int, ...] = (0,)
    device_id: int = 1
    function: str = "holding"
    range_ppm: tuple[float, float] = (0.0, 1_000_000.0)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> RegisterMap:
        """Reads the map from an instrument's driver options.

        Raises:
            MapError: naming the field that is wrong.
        """
        o2 = options.get("o2")
        if not isinstance(o2, Mapping):
            raise MapError('register map has no "o2" field: give its address, type and order')
        unit = str(o2.get("unit", "ppm")).lower()
        if unit not in TO_PPM:
            raise MapError(f"o2.unit {unit!r}: use one of {', '.join(TO_PPM)}")
        status_data = options.get("status")
        status = Field.from_map("status", status_data) if isinstance(status_data, Mapping) else None
        ok = status_data.get("ok", [0]) if isinstance(status_data, Mapping) else [0]
        function = str(options.get("function", "holding")).lower()
        if function not in ("holding", "input"):
            raise MapError(f"function {function!r}: use 'holding' or 'input'")
        low, high = options.get("range_ppm", (0.0, 1_000_000.0))
        return cls(
            Field.from_map("o2", o2),
            unit,
            status,
            tuple(int(v) for v in (ok if isinstance(ok, list) else [ok])),
            int(options.get("device_id", 1)),
            function,
            (float(low), float(high)),
        )

    def span(self) -> tuple[int, int]:
        """First address and count of one read covering every field."""
        fields = [f for f in (self.o2, self.status) if f is not None]
        first = min(f.address for f in fields)
        last = max(f.address + f.count for f in fields)
        return first, last - first

    def readings(self, registers: Sequence[int], *, instrument: str, raw: bytes) -> list[Reading]:
        """O2 (ppm) and N2 purity from the registers of one read starting at :meth:`span`."""
        first, _ = self.span()
        at = utc_now()
        o2 = self.o2.decode(registers[self.o2.address - first :]) * TO_PPM[self.o2_unit]
        quality, note = Quality.GOOD, ""
        if self.status is not None:
            code = int(self.status.decode(registers[self.status.address - first :]))
            if code not in self.status_ok:
                quality, note = Quality.ERROR, f"analyser status word {code} (not OK)"
        if quality is Quality.GOOD and (
            math.isnan(o2) or not self.range_ppm[0] <= o2 <= self.range_ppm[1]
        ):
            quality = Quality.OUT_OF_RANGE
            note = f"{o2:g} ppm is outside {self.range_ppm[0]:g}…{self.range_ppm[1]:g} ppm"
        value: float | None = None if math.isnan(o2) else round(o2, 4)
        purity = None if value is None else n2_purity(value)
        purity_note = "derived: 100 % − O2" + (f"; {note}" if note else "")
        return [
            Reading(instrument, "o2_ppm", value, "ppm", at, raw, quality, note),
            Reading(instrument, "n2_purity", purity, "%", at, raw, quality, purity_note),
        ]


def crc16(data: bytes) -> int:
    """Modbus RTU CRC-16 (polynomial 0xA001, initial 0xFFFF)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def rtu_frame(payload: bytes) -> bytes:
    """``payload`` with its CRC appended (low byte first)."""
    return payload + crc16(payload).to_bytes(2, "little")


_CLOCK = re.compile(r"\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?")
_HEX = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{2}(?![0-9A-Za-z])")


def decode(
    data: bytes, instrument: str, options: Mapping[str, Any] | None = None
) -> Iterator[Reading]:
    """Readings from a captured Modbus RTU exchange, one frame per line in hex.

    A request (``01 03 00 00 00 02 C4 0B``) followed by its response gives one reading pair;
    frames with a bad CRC are skipped. The register map comes from ``options``.

    Raises:
        MapError: the options hold no usable register map.
    """
    rmap = RegisterMap.from_options(options or {})
    # A capture of a shared line holds other devices' frames: keep the map's device when named.
    only_device = rmap.device_id if options and "device_id" in options else None
    request: tuple[int, int] | None = None  # start address, count
    for frame in split_frames(data):
        # A sniffer's line: maybe a time, a direction label (TX:, RX:, >), then hex bytes.
        text = _CLOCK.sub(" ", frame.decode("latin-1"))
        raw = bytes(int(h, 16) for h in _HEX.findall(text))
        if len(raw) < 4 or crc16(raw[:-2]) != int.from_bytes(raw[-2:], "little"):
            continue
        body = raw[:-2]
        if only_device is not None and body[0] != only_device:
            continue  # another device on the same RS-485 line
        function = body[1]
        if function in (3, 4) and len(body) == 6 and request is None:
            request = (int.from_bytes(body[2:4], "big"), int.from_bytes(body[4:6], "big"))
            continue
        if function in (3, 4) and request is not None and len(body) == 3 + body[2]:
            start, count = request
            request = None
            registers = [int.from_bytes(body[3 + 2 * i : 5 + 2 * i], "big") for i in range(count)]
            first, _ = rmap.span()
            if start > first:
                continue
            yield from rmap.readings(registers[first - start :], instrument=instrument, raw=raw)
        elif function & 0x80 and len(body) == 3:
            request = None
            reason = EXCEPTIONS.get(body[2], f"exception {body[2]}")
            at = utc_now()
            for quantity, unit in (("o2_ppm", "ppm"), ("n2_purity", "%")):
                yield Reading(instrument, quantity, None, unit, at, raw, Quality.ERROR, reason)


class ModbusO2Driver(PolledDriver):
    """A residual-O2 analyser read over Modbus RTU with a configurable register map.

    Options: the register map (see the module docstring), ``reply_timeout_s`` (default 0.5).
    """

    def __init__(self, config: DriverConfig) -> None:
        super().__init__(config)
        self.map = RegisterMap.from_options(config.options)
        self.reply_timeout = float(config.options.get("reply_timeout_s", 0.5))
        self._client: ModbusSerialClient | None = None
        self._next_poll = 0.0

    def open(self) -> None:
        """Opens the port.

        Raises:
            PortLost: the port cannot be opened.
        """
        self.close()
        port = self.config.port
        if not os.path.exists(port):
            raise PortLost(f"{port} does not exist: is the analyser plugged in?")
        s = self.config.serial
        client = ModbusSerialClient(
            port,
            framer=FramerType.RTU,
            baudrate=s.baudrate,
            bytesize=s.bytesize,
            parity=s.parity,
            stopbits=int(s.stopbits),
            timeout=self.reply_timeout,
            retries=0,
        )
        if not client.connect():
            raise PortLost(f"cannot open {port} for Modbus RTU")
        self._client = client
        self._pending.clear()
        self._next_poll = 0.0
        self._connected(f"on {port} (Modbus RTU, device {self.map.device_id})")

    def _release(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()

    def _read(self, timeout: float) -> Reading | None:
        if self._pending:
            return self._deliver()
        now = time.monotonic()
        if now < self._next_poll:
            time.sleep(min(self._next_poll - now, timeout))
            if time.monotonic() < self._next_poll:
                return None
        self._next_poll = time.monotonic() + self.config.poll_interval_s
        readings = self._poll()
        if not readings:
            return None
        self._pending.extend(readings)
        return self._deliver()

    def _poll(self) -> list[Reading]:
        client = self._client
        if client is None:
            raise PortLost(f"{self.config.port} is not open")
        first, count = self.map.span()
        reader = (
            client.read_holding_registers
            if self.map.function == "holding"
            else client.read_input_registers
        )
        try:
            response = reader(first, count=count, device_id=self.map.device_id)
        except (ConnectionException, ModbusIOException, ModbusException, OSError) as exc:
            if not os.path.exists(self.config.port) or not _port_alive(client):
                raise PortLost(f"{self.config.port} vanished (unplugged?): {exc}") from exc
            self._faulted(f"no valid reply within {self.reply_timeout:g} s: {exc}")
            return []
        raw = _last_frame(response)
        if response.isError():
            code = int(getattr(response, "exception_code", 0))
            reason = EXCEPTIONS.get(code, f"Modbus exception {code}")
            at = utc_now()
            return [
                Reading(self.instrument, q, None, u, at, raw, Quality.ERROR, f"analyser: {reason}")
                for q, u in (("o2_ppm", "ppm"), ("n2_purity", "%"))
            ]
        registers = list(response.registers)
        if len(registers) < count:
            self._faulted(f"reply with {len(registers)} registers, expected {count}")
            return []
        return self.map.readings(registers, instrument=self.instrument, raw=raw)


def _port_alive(client: ModbusSerialClient) -> bool:
    socket = getattr(client, "socket", None)
    if socket is None:
        return False
    try:
        socket.in_waiting  # noqa: B018 - raises once the device is gone
    except Exception:
        return False
    return True


def _last_frame(response: Any) -> bytes:
    """The response as an RTU frame, for the reading's raw bytes."""
    try:
        payload = bytes([response.dev_id, response.function_code]) + response.encode()
    except Exception:
        return b""
    return rtu_frame(payload)


INFO = DriverInfo(
    name="modbus-o2",
    summary="Residual-O2 analyser on Modbus RTU with a configurable register map (pymodbus)",
    factory=ModbusO2Driver,
    decode=decode,
    default_serial=DEFAULT_SETTINGS,
    quantities=("o2_ppm", "n2_purity"),
)
