"""Residual-O2 analysers answering an ASCII ``D`` command (Cambridge Sensotec Rapidox style).

Send the single character ``D``; the analyser answers one line ending CR LF (Rapidox 1100E
Instruction Manual v3.8, "Reading Data"; 1100ZR-H-PFC-E manual v1.2 adds empty fields)::

    d2.959E+05,1.426E+01,2.000E-03,23:19:40,14/01/00,ALM1&2,0
    !No sensor or sensor fault

``d`` starts data: O2 in ppm, sensor mV, pressure, the analyser's time and date, alarms, and a
sensor state code last (0 OK, 1 O2 over range, 2 O2 under range, 3 O2 fault, 4 pressure under
range, 5 pressure over range, 6 pressure fault). ``!`` starts a message instead of data: the
analyser is warming up or has a fault. O2 is stored in ppm; nitrogen purity is derived from it
(100 % minus O2, taking the balance of the oven atmosphere as nitrogen).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from app.domain.clock import utc_now
from drivers.base import DriverConfig, DriverInfo, ProtocolError, Quality, Reading, SerialSettings
from drivers.serialport import LineDriver, split_frames, text_of

DEFAULT_SETTINGS = SerialSettings(9600, 8, "N", 1)
PPM_RANGE = (0.0, 1_000_000.0)
STATES = {
    0: (Quality.GOOD, ""),
    1: (Quality.OUT_OF_RANGE, "analyser reports O2 over range"),
    2: (Quality.OUT_OF_RANGE, "analyser reports O2 under range"),
    3: (Quality.ERROR, "analyser reports an O2 sensor fault"),
    4: (Quality.OUT_OF_RANGE, "analyser reports pressure under range"),
    5: (Quality.OUT_OF_RANGE, "analyser reports pressure over range"),
    6: (Quality.ERROR, "analyser reports a pressure sensor fault"),
}
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[Ee][-+]?\d+)?"
_DATA = re.compile(rf"^d(?P<ppm>{_NUMBER}),(?P<rest>[^!]*?),(?P<state>\d+)$")


def n2_purity(o2_ppm: float) -> float:
    """Nitrogen purity (%) of an atmosphere with ``o2_ppm`` of oxygen, the balance nitrogen."""
    return round(100.0 - o2_ppm / 10_000.0, 6)


def _clean(text: str) -> str:
    # A capture may hold the typed "D" before the reply, and a prompt.
    return text.strip().lstrip(">").lstrip("D").strip()


def parse_line(text: str, *, instrument: str, read_at: datetime, raw: bytes) -> list[Reading]:
    """Readings of one analyser line; an empty list when it is not a reply.

    Raises:
        ValueError: the line starts as data but is broken.
    """
    body = _clean(text)
    if body.startswith("!"):
        message = body[1:].strip()
        fault = "fault" in message.lower() or "error" in message.lower()
        quality = Quality.ERROR if fault else Quality.MISSING
        return [
            Reading(instrument, "o2_ppm", None, "ppm", read_at, raw, quality, message),
            Reading(instrument, "n2_purity", None, "%", read_at, raw, quality, message),
        ]
    if not body.startswith("d"):
        return []
    m = _DATA.match(body)
    if m is None:
        raise ValueError("data line does not end in a sensor state code: cut short?")
    ppm = float(m.group("ppm"))
    state = int(m.group("state"))
    quality, note = STATES.get(state, (Quality.ERROR, f"unknown sensor state {state}"))
    if quality is Quality.GOOD and not PPM_RANGE[0] <= ppm <= PPM_RANGE[1]:
        quality, note = Quality.OUT_OF_RANGE, f"{ppm:g} ppm is not a possible O2 content"
    purity_note = "derived: 100 % − O2" + (f"; {note}" if note else "")
    return [
        Reading(instrument, "o2_ppm", ppm, "ppm", read_at, raw, quality, note),
        Reading(instrument, "n2_purity", n2_purity(ppm), "%", read_at, raw, quality, purity_note),
    ]


def decode(
    data: bytes, instrument: str, options: Mapping[str, Any] | None = None
) -> Iterator[Reading]:
    """Readings in a captured transcript; broken lines and chatter are skipped.

    A transcript carries no reading times: every reading gets the time it was decoded.
    """
    at = utc_now()
    for frame in split_frames(data):
        try:
            yield from parse_line(text_of(frame), instrument=instrument, read_at=at, raw=frame)
        except ValueError:
            continue


class RapidoxDriver(LineDriver):
    """A Rapidox-style O2 analyser polled with ``D``.

    Options: ``reply_timeout_s`` (default 1), ``command`` (default ``D``).
    """

    reply_timeout = 1.0
    what = "the O2 analyser"

    def __init__(self, config: DriverConfig) -> None:
        super().__init__(config)
        self.poll_command = str(config.options.get("command", "D")).encode("ascii")

    def prepare(self) -> None:
        """Drops whatever the analyser sent before we listened."""
        self.port.discard_input()

    def parse(self, frame: bytes) -> list[Reading]:
        """Readings of one reply line."""
        try:
            return parse_line(
                text_of(frame), instrument=self.instrument, read_at=utc_now(), raw=frame
            )
        except ValueError as exc:
            raise ProtocolError(f"broken reply {frame[:80]!r}: {exc}") from exc


INFO = DriverInfo(
    name="rapidox",
    summary="Residual-O2 analyser, ASCII 'D' command/response (Cambridge Sensotec Rapidox style)",
    factory=RapidoxDriver,
    decode=decode,
    default_serial=DEFAULT_SETTINGS,
    quantities=("o2_ppm", "n2_purity"),
)
