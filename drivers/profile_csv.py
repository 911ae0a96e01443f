"""Import of reflow profiler CSV exports: metadata lines, a time column, one column per thermocouple.

Two layouts are recognised, and variants of them (the header row is found, not assumed):

* KIC-style: comma-separated, ``key,value`` metadata lines (``Profile Name``, ``Oven``,
  ``Recipe``, ``Date``, ``Time``, ``Sample Rate``), then ``Time (s),TC1,...,TCn`` and rows of
  seconds and °C with a decimal point.
* Datapaq-style (European export): ``key: value`` metadata lines, then
  ``Time;Probe 1;...;Probe n`` with ``hh:mm:ss.f`` times and decimal commas, ``;``-separated.

Tab-separated files work too. Empty cells, ``---``, ``OPEN`` and ``N/A`` are gaps; a value
outside -50 .. 450 °C is reported out of range and left out of the curve. The start time comes
from ``Date``/``Time`` (or ``Start``) metadata; a stamp without an offset is taken as UTC and
the profile's ``meta`` says so.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from app.domain.clock import utc_now
from app.domain.profile import ProfileError, ThermalProfile
from drivers.base import Driver, DriverConfig, DriverInfo, FileDriver, Quality, Reading
from drivers.profile_stream import RANGE_C, UNIT, quantity

GAPS = {"", "-", "---", "----", "open", "n/a", "na", "nan", "oc"}
_TIME_HEADER = re.compile(r"^\s*(time|zeit|elapsed|t)\b", re.IGNORECASE)
_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d+(?:[.,]\d+)?)$")
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
)


class NotAProfileExport(ValueError):
    """The file is not a profiler export this importer understands."""


@dataclass(frozen=True)
class ImportedProfile:
    """A parsed export: the curve, and the readings it stands for (out-of-range values kept)."""

    profile: ThermalProfile
    readings: tuple[Reading, ...]


def _delimiter(lines: list[str]) -> str:
    counts = {d: sum(line.count(d) for line in lines[:80]) for d in (";", "\t", ",")}
    # A ';' file uses ',' as its decimal mark, so ';' wins whenever it appears at all.
    if counts[";"]:
        return ";"
    if counts["\t"]:
        return "\t"
    return ","


def _number(cell: str, decimal_comma: bool) -> float | None:
    text = cell.strip()
    if text.lower() in GAPS:
        return None
    if decimal_comma:
        text = text.replace(",", ".")
    value = float(text)
    if not math.isfinite(value):
        return None
    return value


def _seconds(cell: str, decimal_comma: bool) -> float:
    text = cell.strip()
    m = _CLOCK.match(text)
    if m:
        hours = int(m.group(1) or 0)
        return hours * 3600 + int(m.group(2)) * 60 + float(m.group(3).replace(",", "."))
    value = _number(text, decimal_comma)
    if value is None:
        raise ValueError("empty time")
    return value


def _numeric(cell: str) -> bool:
    """Whether a cell is a number or a clock time (so a ``Time,09:30:12`` line is metadata)."""
    text = cell.strip().replace(",", ".")
    if _CLOCK.match(text):
        return True
    try:
        float(text)
    except ValueError:
        return False
    return True


def _start_time(meta: dict[str, str]) -> tuple[datetime | None, bool]:
    """The run's start from metadata, and whether the zone was assumed (no offset given)."""
    lowered = {k.lower(): v.strip() for k, v in meta.items()}
    candidates = []
    for key in ("start", "start time", "started", "date/time", "datetime"):
        if key in lowered:
            candidates.append(lowered[key])
    if "date" in lowered:
        candidates.append(f"{lowered['date']} {lowered.get('time', '00:00:00')}".strip())
    for text in candidates:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = None
            for fmt in _DATE_FORMATS:
                try:
                    moment = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
        if moment is None:
            continue
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC), True
        return moment.astimezone(UTC), False
    return None, False


def parse(
    data: bytes, instrument: str = "profiler", *, source: str = "the file"
) -> ImportedProfile:
    """Parses a profiler CSV export.

    Raises:
        NotAProfileExport: no time/thermocouple header, no data rows, or a row that is not numbers
            (the message names the line).
    """
    text = data.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    delim = _delimiter(lines)
    decimal_comma = delim == ";"
    meta: dict[str, str] = {}
    header_at: int | None = None
    header: list[str] = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        cells = next(csv.reader([line], delimiter=delim))
        labels = [c for c in cells[1:] if c.strip()]
        if _TIME_HEADER.match(cells[0]) and labels and not any(map(_numeric, labels)):
            header_at, header = i, [c.strip() for c in cells]
            break
        if len(cells) >= 2 and cells[0].strip():
            meta[cells[0].strip().rstrip(":")] = delim.join(cells[1:]).strip()
        elif ":" in line:
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        elif line.strip():
            meta.setdefault("title", line.strip())
    if header_at is None:
        raise NotAProfileExport(
            f"{source} has no header row starting with a time column (e.g. 'Time (s),TC1,TC2'): "
            "not a profiler export"
        )
    channels = tuple(h for h in header[1:] if h)
    times: list[float] = []
    rows: list[list[float]] = []
    raws: list[bytes] = []
    flagged: list[tuple[int, int, float]] = []  # (row, channel, value) out of range
    for lineno, line in enumerate(lines[header_at + 1 :], start=header_at + 2):
        if not line.strip():
            continue
        cells = next(csv.reader([line], delimiter=delim))
        try:
            t = _seconds(cells[0], decimal_comma)
            values = [_number(c, decimal_comma) for c in cells[1 : 1 + len(channels)]]
        except (ValueError, IndexError) as exc:
            raise NotAProfileExport(
                f"{source} line {lineno}: {line[:60]!r} is not a row of numbers ({exc})"
            ) from exc
        values += [None] * (len(channels) - len(values))
        row: list[float] = []
        for c, v in enumerate(values):
            if v is not None and not RANGE_C[0] <= v <= RANGE_C[1]:
                flagged.append((len(times), c, v))
                v = None
            row.append(math.nan if v is None else v)
        times.append(t)
        rows.append(row)
        raws.append(line.encode("utf-8"))
    if len(times) < 2:
        raise NotAProfileExport(f"{source} has fewer than two sample rows")
    started, assumed = _start_time(meta)
    if assumed:
        meta["start_time_zone"] = "assumed UTC (the export gives no offset)"
    meta["source"] = "profile-csv"
    try:
        profile = ThermalProfile(
            channels,
            np.asarray(times) - times[0],
            np.asarray(rows, dtype=np.float64),
            started,
            meta,
        )
    except ProfileError as exc:
        raise NotAProfileExport(f"{source}: {exc}") from exc
    anchor = started or utc_now()
    out_of_range = {(r, c): v for r, c, v in flagged}
    readings: list[Reading] = []
    for r, t in enumerate(profile.times_s):
        at = anchor + timedelta(seconds=float(t))
        raw = raws[r]
        for c, name in enumerate(channels):
            v = profile.temps_c[r, c]
            if (r, c) in out_of_range:
                readings.append(
                    Reading(
                        instrument,
                        quantity(name),
                        out_of_range[(r, c)],
                        UNIT,
                        at,
                        raw,
                        Quality.OUT_OF_RANGE,
                        f"outside {RANGE_C[0]:g} .. {RANGE_C[1]:g} °C",
                    )
                )
            elif math.isnan(v):
                readings.append(
                    Reading(instrument, quantity(name), None, UNIT, at, raw, Quality.MISSING, "gap")
                )
            else:
                readings.append(Reading(instrument, quantity(name), float(v), UNIT, at, raw))
    return ImportedProfile(profile, tuple(readings))


def load(path: Path | str, instrument: str = "profiler") -> ImportedProfile:
    """Reads and parses an export file.

    Raises:
        OSError: the file cannot be read.
        NotAProfileExport: see :func:`parse`.
    """
    path = Path(path)
    imported = parse(path.read_bytes(), instrument, source=str(path))
    imported.profile.meta.setdefault("file", path.name)
    return imported


def decode(data: bytes, instrument: str) -> Iterator[Reading]:
    """The readings of an export, sample by sample, channel by channel."""
    yield from parse(data, instrument).readings


class ProfileCsvDriver(FileDriver):
    """A profiler export file as an instrument: ``port`` is the file's path."""

    content_error = NotAProfileExport

    def __init__(self, config: DriverConfig) -> None:
        super().__init__(config)
        self.imported: ImportedProfile | None = None

    def load(self) -> tuple[list[Reading], str]:
        """Reads the export."""
        self.imported = load(self.config.port, self.instrument)
        return list(self.imported.readings), f"{len(self.imported.profile.times_s)} samples"


def _factory(config: DriverConfig) -> Driver:
    return ProfileCsvDriver(config)


INFO = DriverInfo(
    name="profile-csv",
    summary="reflow profiler CSV export (KIC-style comma / Datapaq-style semicolon layouts)",
    factory=_factory,
    decode=decode,
    quantities=("profile.<TC>",),
    file_based=True,
)
