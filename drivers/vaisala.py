"""Vaisala HUMICAP transmitters (HMT330, HMP, HMT120 families) over their serial ASCII protocol.

The transmitter answers ``SEND`` (polled) or streams a line per interval after ``R`` (run mode).
Its line is either the default message (``RH= 43.0 %RH T= 21.0 'C Tdp= 8.0 'C``: label, value,
unit) or whatever a technician set with ``FORM``; a value the transmitter cannot measure is
written as ``*`` characters. Lines may be framed with STX/ETX (``FORM #002 ... #003``) and the
command echo and ``>`` prompt may be mixed in. Factory line settings: 4800 baud, 7E1.

References: HMT330 User's Guide M210566EN-K (FORM modifiers and examples, p. 102); HMT120 User
Guide M211244EN-D (R, INTV, SEND); HMP60/HMP110 User Guide (R, SEND, ``T= .. RH= .. Td= ..``);
MMT162 User's Guide (``*`` characters when a value is not available).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.clock import utc_now
from drivers.base import (
    DriverConfig,
    DriverInfo,
    ProtocolError,
    Quality,
    Reading,
    SerialSettings,
)
from drivers.serialport import LineDriver, is_garbage, split_frames, text_of

FACTORY_SETTINGS = SerialSettings(4800, 7, "E", 1)

#: Labels of the default message and common FORM abbreviations -> quantity names.
LABELS: dict[str, str] = {
    "rh": "relative_humidity",
    "t": "temperature",
    "temp": "temperature",
    "td": "dew_point",
    "tdp": "dew_point",
    "tdew": "dew_point",
    "tdf": "dew_frost_point",
    "tfrost": "dew_frost_point",
}
UNITS: dict[str, str] = {
    "relative_humidity": "%RH",
    "temperature": "°C",
    "dew_point": "°C",
    "dew_frost_point": "°C",
}
#: Measuring ranges (HMT330 probe ranges, rounded out): a value outside is flagged, not trusted.
RANGES: dict[str, tuple[float, float]] = {
    "relative_humidity": (0.0, 100.0),
    "temperature": (-70.0, 180.0),
    "dew_point": (-80.0, 100.0),
    "dew_frost_point": (-80.0, 100.0),
}
# Bit order of the FORM ``ERR`` field: P, T, Ta, RH (HMT330 User's Guide, Table 27).
ERR_BITS = ("pressure", "temperature", "temperature_additional", "relative_humidity")

_NUMBER = r"[-+]?\d+(?:\.\d*)?"
_STARS = r"[-+]?\*+(?:\.\*+)?"
_UNIT = r"%RH|%|['°]?[CF]\b|g/m3|g/kg|kJ/kg|ppm|hPa"
_TOKEN = re.compile(
    rf"(?P<label>[A-Za-z][A-Za-z0-9]*)\s*[=:]?\s*(?P<value>{_NUMBER}|{_STARS})\s*(?P<unit>{_UNIT})?"
)
_PREFIX = re.compile(r"^\s*(?:\d{4}-\d{2}-\d{2}\s+)?(?:\d{2}:\d{2}:\d{2}\s+)?")
_FILLER = re.compile(r"^[\s,;]*$")
#: Words that mark a line as the transmitter talking about itself, not measuring.
_COMMANDS = re.compile(
    r"^(?:send|r|s|form|intv|errs|smode|seri|addr|open|close|echo|unit|ftime|fdate|fst|\?\??|"
    r"vers|help|reset|time|date)(?:\s.*)?$",
    re.IGNORECASE,
)


def checksum(kind: str, data: bytes) -> int:
    """A FORM checksum: ``cs2`` modulus 256, ``cs4`` modulus 65536, ``csx`` NMEA XOR."""
    if kind == "csx":
        value = 0
        for byte in data:
            value ^= byte
        return value
    return sum(data) % (65536 if kind == "cs4" else 256)


def dew_point(rh: float, t: float) -> float:
    """Dew point (°C) from relative humidity (%RH) and temperature (°C), Magnus over water.

    Sonntag 1990 constants (a = 17.62, b = 243.12 °C); within 0.1 °C of the transmitter's own
    output in the manuals' examples (RH 43.0 %, T 21.0 °C -> Td 8.0 °C).
    """
    gamma = math.log(rh / 100.0) + 17.62 * t / (243.12 + t)
    return 243.12 * gamma / (17.62 - gamma)


@dataclass(frozen=True)
class Value:
    """One parsed field: a quantity, its value (None when sent as ``***``) and the unit sent."""

    quantity: str
    value: float | None
    unit: str | None
    error: bool = False


def _to_metric(quantity: str, value: float, unit: str | None) -> float:
    if unit is not None and unit.upper().endswith("F") and UNITS.get(quantity) == "°C":
        return (value - 32.0) * 5.0 / 9.0
    return value


class LineFormat:
    """How to read a transmitter's measurement line: the default message or a ``FORM`` string."""

    def __init__(self, form: str | None = None, labels: Mapping[str, str] | None = None) -> None:
        self.labels = {**LABELS, **{k.lower(): v for k, v in (labels or {}).items()}}
        self.form = form
        self._regex: re.Pattern[str] | None = None
        self._fields: list[str] = []
        self._quantities: dict[str, str] = {}
        self._checksum: str | None = None
        if form and form.strip() != "/":
            self._regex, self._fields = self._compile(form)

    def _compile(self, form: str) -> tuple[re.Pattern[str], list[str]]:
        """Turns a FORM string into a regular expression with one group per field."""
        parts: list[str] = []
        fields: list[str] = []
        for token in re.findall(r'"[^"]*"|“[^”]*”|\S+', form):
            low = token.lower()
            if token[0] in '"“':
                literal = token[1:-1]
                parts.append(r"\s*" + r"\s*".join(re.escape(w) for w in literal.split()))
            elif re.fullmatch(r"\d+\.\d+|\d+", token):
                continue  # length modifier: changes padding, not the order of fields
            elif low in ("#t", "#r", "#n", "\\t", "\\r", "\\n", "#rn", "\\rn"):
                parts.append(r"\s*")
            elif re.fullmatch(r"[#\\]\d{1,3}", token):
                parts.append(f"(?:\\x{int(token[1:]):02x})?")
            elif re.fullmatch(r"u\d?", low):
                name = f"u{len(fields)}"
                parts.append(rf"\s*(?P<{name}>(?:{_UNIT}|\S+))?")
                fields.append(name)
            elif low == "err":
                parts.append(r"\s*(?P<err>[01]{1,4})")
            elif low == "time":
                parts.append(r"\s*\d{2}:\d{2}:\d{2}")
            elif low == "date":
                parts.append(r"\s*\d{4}-\d{2}-\d{2}")
            elif low == "addr":
                parts.append(r"\s*\d+")
            elif low in ("sn", "stat"):
                parts.append(r"\s*.*?")
            elif low in ("cs2", "csx", "cs4"):
                # The checksum covers everything sent before it, the separator included.
                self._checksum = low
                digits = 4 if low == "cs4" else 2
                parts.append(rf"\s*(?P<cs>[0-9A-Fa-f]{{{digits}}})")
            else:
                name = f"v{len(fields)}"
                fields.append(name)
                self._quantities[name] = self.labels.get(low, low)
                parts.append(rf"\s*(?P<{name}>{_NUMBER}|{_STARS})")
        return re.compile("".join(parts) + r"\s*", re.IGNORECASE), fields

    def is_measurement(self, text: str) -> bool:
        """Whether ``text`` is meant as a measurement line (not echo, prompt or a reply)."""
        body = text.lstrip(">").strip()
        if not body or _COMMANDS.match(body) or body.upper() == "OK":
            return False
        if self._regex is not None:
            return bool(re.search(rf"{_NUMBER}|\*", body))
        return any(m.group("label").lower() in self.labels for m in _TOKEN.finditer(body))

    def parse(self, text: str, raw: bytes | None = None) -> list[Value]:
        """The values of one measurement line (``raw``: its bytes, to verify a FORM checksum).

        Raises:
            ValueError: the line is broken (cut short, run into another, garbled, or its
                checksum does not match).
        """
        body = text.lstrip(">").strip()
        if any(ord(c) < 32 and c != "\t" for c in body) or "\ufffd" in body:
            raise ValueError("control characters in the line")
        if self._regex is not None:
            return self._parse_form(body, raw)
        return self._parse_default(body)

    def _parse_form(self, body: str, raw: bytes | None) -> list[Value]:
        assert self._regex is not None
        m = self._regex.fullmatch(body)
        if m is None:
            raise ValueError(f"line does not follow the FORM {self.form!r}")
        if self._checksum is not None and raw is not None:
            self._verify(body[: m.start("cs")], int(m.group("cs"), 16), raw)
        values: list[Value] = []
        err = m.groupdict().get("err")
        flagged = {ERR_BITS[i] for i, bit in enumerate(err or "") if bit == "1" and i < 4}
        for i, name in enumerate(self._fields):
            if not name.startswith("v"):
                continue
            unit_group = self._fields[i + 1] if i + 1 < len(self._fields) else ""
            unit = m.group(unit_group) if unit_group.startswith("u") else None
            values.append(self._value(self._quantities[name], m.group(name), unit, flagged))
        return values

    def _verify(self, covered: str, sent: int, raw: bytes) -> None:
        """Checks a CS2/CS4/CSX field against the bytes it covers.

        The line as framed may have lost a leading STX, prompt or padding that the transmitter
        counted: every start up to the covered text is tried, which still catches a changed byte.
        """
        data = covered.encode("latin-1")
        end = raw.find(data)
        if end < 0:
            raise ValueError("checksum field not found in the line's bytes")
        for start in range(end + 1):
            if checksum(self._checksum or "cs2", raw[start : end + len(data)]) == sent:
                return
        raise ValueError(
            f"{self._checksum.upper() if self._checksum else ''} checksum does not match"
        )

    def _parse_default(self, body: str) -> list[Value]:
        pos = _PREFIX.match(body).end()  # type: ignore[union-attr]
        values: list[Value] = []
        seen: set[str] = set()
        for m in _TOKEN.finditer(body, pos):
            if not _FILLER.match(body[pos : m.start()]):
                raise ValueError(f"unexpected text {body[pos : m.start()]!r}")
            pos = m.end()
            label = m.group("label").lower()
            quantity = self.labels.get(label)
            if quantity is None:
                continue  # a quantity this station does not record (x, a, Tw, h ...)
            if m.group("unit") is None:
                raise ValueError(f"{m.group('label')} has no unit: the line was cut short")
            if quantity in seen:
                raise ValueError(f"{m.group('label')} twice: two lines ran into each other")
            seen.add(quantity)
            values.append(self._value(quantity, m.group("value"), m.group("unit"), set()))
        if not _FILLER.match(body[pos:]):
            raise ValueError(f"unexpected text {body[pos:]!r}")
        return values

    @staticmethod
    def _value(quantity: str, text: str, unit: str | None, flagged: set[str]) -> Value:
        if "*" in text:
            return Value(quantity, None, unit, quantity in flagged)
        return Value(quantity, _to_metric(quantity, float(text), unit), unit, quantity in flagged)


def readings_from(
    values: list[Value],
    *,
    instrument: str,
    read_at: datetime,
    raw: bytes,
    derive: bool = True,
    ranges: Mapping[str, tuple[float, float]] = RANGES,
) -> list[Reading]:
    """Readings for one line's values, with quality flags and the derived dew point."""
    out: list[Reading] = []
    for v in values:
        unit = UNITS.get(v.quantity, v.unit or "")
        if v.value is None:
            note = "instrument flags an error" if v.error else "instrument sent *** (no value)"
            quality = Quality.ERROR if v.error else Quality.MISSING
            out.append(Reading(instrument, v.quantity, None, unit, read_at, raw, quality, note))
            continue
        value = round(v.value, 4)
        low, high = ranges.get(v.quantity, (-math.inf, math.inf))
        quality, note = Quality.GOOD, ""
        if v.error:
            quality, note = Quality.ERROR, "instrument's ERR flags mark this value"
        elif not low <= value <= high:
            quality, note = Quality.OUT_OF_RANGE, f"outside the measuring range {low:g}…{high:g}"
        out.append(Reading(instrument, v.quantity, value, unit, read_at, raw, quality, note))
    have = {r.quantity: r for r in out}
    rh, t = have.get("relative_humidity"), have.get("temperature")
    if (
        derive
        and "dew_point" not in have
        and rh is not None
        and t is not None
        and rh.quality.usable
        and t.quality.usable
        and rh.value
        and t.value is not None
    ):
        td = round(dew_point(rh.value, t.value), 2)
        note = "derived from RH and T (Magnus, Sonntag 1990)"
        out.append(Reading(instrument, "dew_point", td, "°C", read_at, raw, Quality.GOOD, note))
    return out


def _ranges(options: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    ranges = dict(RANGES)
    for quantity, pair in dict(options.get("ranges") or {}).items():
        ranges[str(quantity)] = (float(pair[0]), float(pair[1]))
    return ranges


def decode(
    data: bytes, instrument: str, options: Mapping[str, Any] | None = None
) -> Iterator[Reading]:
    """Readings in a captured transcript; echo, prompts, replies and broken lines are skipped.

    A transcript carries no reading times: every reading gets the time it was decoded.
    """
    options = options or {}
    fmt = LineFormat(options.get("form"), options.get("labels"))
    derive = bool(options.get("derive_dew_point", True))
    ranges = _ranges(options)
    at = utc_now()
    for frame in split_frames(data):
        text = text_of(frame)
        if not fmt.is_measurement(text):
            continue
        try:
            values = fmt.parse(text, frame)
        except ValueError:
            continue
        yield from readings_from(
            values, instrument=instrument, read_at=at, raw=frame, derive=derive, ranges=ranges
        )


class VaisalaDriver(LineDriver):
    """One Vaisala transmitter, polled with ``SEND`` or streaming after ``R``.

    Options: ``mode`` (``poll`` or ``run``), ``address`` (POLL-mode address, sent as ``SEND aa``),
    ``form`` (the transmitter's FORM string, if not the default message), ``labels`` (extra
    label -> quantity names), ``derive_dew_point`` (default true), ``reply_timeout_s`` (default 2),
    ``start_stream`` (send ``R`` on open in run mode, default true), ``ranges``.
    """

    what = "the transmitter"

    def __init__(self, config: DriverConfig) -> None:
        super().__init__(config)
        opts = config.options
        self.mode = str(opts.get("mode", "poll")).lower()
        if self.mode not in ("poll", "run"):
            raise ValueError(f"Vaisala mode {self.mode!r}: use 'poll' or 'run'")
        address = opts.get("address")
        if self.mode == "poll":
            self.poll_command = b"SEND\r" if address is None else f"SEND {int(address)}\r".encode()
        self.format = LineFormat(opts.get("form"), opts.get("labels"))
        self.derive = bool(opts.get("derive_dew_point", True))
        self.start_stream = bool(opts.get("start_stream", True))
        self.ranges = _ranges(opts)

    def prepare(self) -> None:
        """Stops a running stream before polling; starts one in run mode."""
        if self.mode == "poll":
            # A transmitter left in RUN mode would flood the replies; a bare CR first clears
            # its command buffer (HMT330 User's Guide, "Serial line communication").
            self.port.write(b"\rS\r")
            self.port.read_frame(0.05)
            self.port.discard_input()
        elif self.start_stream:
            self.port.write(b"\rR\r")

    def parse(self, frame: bytes) -> list[Reading]:
        """The readings of one measurement line; nothing for echo, prompts and replies."""
        text = text_of(frame)
        if not self.format.is_measurement(text):
            return []
        try:
            values = self.format.parse(text, frame)
        except ValueError as exc:
            raise ProtocolError(f"broken line {frame[:80]!r}: {exc}") from exc
        return readings_from(
            values,
            instrument=self.instrument,
            read_at=utc_now(),
            raw=frame,
            derive=self.derive,
            ranges=self.ranges,
        )

    def review(self, readings: list[Reading]) -> list[Reading]:
        """Asks ``ERRS`` why values came as ``***``; with an error active they become errors."""
        if self.mode != "poll" or not any(r.quality is Quality.MISSING for r in readings):
            return readings
        self.port.write(b"ERRS\r")
        errors: list[str] = []
        deadline = time.monotonic() + min(self.reply_timeout, 0.5)
        while (left := deadline - time.monotonic()) > 0:
            frame = self.port.read_frame(min(left, 0.2))
            if frame is None or is_garbage(frame):
                break
            text = text_of(frame).lstrip(">").strip()
            if text and not _COMMANDS.match(text):
                errors.append(text)
            if not self.port.queued and self.port.pending.strip() == b">":
                break  # the prompt: the transmitter has said all it will
        if not errors:
            return readings
        note = "; ".join(errors)
        return [
            Reading(r.instrument, r.quantity, None, r.unit, r.read_at, r.raw, Quality.ERROR, note)
            if r.quality is Quality.MISSING
            else r
            for r in readings
        ]


INFO = DriverInfo(
    name="vaisala",
    summary="Vaisala HMT330/HMP/HMT120 humidity and temperature transmitter (serial ASCII)",
    factory=VaisalaDriver,
    decode=decode,
    default_serial=FACTORY_SETTINGS,
    quantities=("relative_humidity", "temperature", "dew_point"),
)
