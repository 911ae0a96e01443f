"""Reflow thermal profiles: the curve, its metrics per thermocouple, and the verdict against a spec.

Data shape (what drivers produce, the store keeps and the UI plots):

* :class:`ThermalProfile` holds ``times_s`` (seconds from the start of the run, increasing) and
  ``temps_c`` (one row per sample, one column per thermocouple, °C; ``NaN`` where a channel had no
  valid value), with the channel names in column order.
* :class:`ChannelMetrics` are the per-thermocouple figures, :class:`ProfileMetrics` adds the
  delta-T across thermocouples, :class:`ProfileVerdict` names every limit of a
  :class:`ProfileSpec` the profile broke.

Times between samples are interpolated linearly, so a piecewise-linear curve gives exact figures
(the tests rely on that) and a 10 Hz curve is measured to well under a sample period.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

ROOM_C = 25.0
PEAK_BAND_C = 5.0
DEFAULT_RAMP_WINDOW_S = 10.0


class ProfileError(ValueError):
    """A curve that cannot be analysed (no samples, times not increasing, shapes disagree)."""


@dataclass(frozen=True, eq=False)
class ThermalProfile:
    """One run of thermocouples through the oven.

    Attributes:
        channels: thermocouple names, in column order (``TC1`` .. ``TC6`` or the profiler's labels).
        times_s: seconds since ``started_at``, strictly increasing, shape ``(n,)``.
        temps_c: °C, shape ``(n, len(channels))``; ``NaN`` marks a missing or rejected sample.
        started_at: UTC time of the first sample, when the source knows it.
        meta: what the source said about the run (oven, recipe, profiler serial, file header).
    """

    channels: tuple[str, ...]
    times_s: FloatArray
    temps_c: FloatArray
    started_at: datetime | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        times = np.asarray(self.times_s, dtype=np.float64)
        temps = np.asarray(self.temps_c, dtype=np.float64)
        if temps.ndim == 1:
            temps = temps.reshape(-1, 1)
        object.__setattr__(self, "times_s", times)
        object.__setattr__(self, "temps_c", temps)
        if times.ndim != 1 or len(times) < 2:
            raise ProfileError("a profile needs at least two samples")
        if temps.shape != (len(times), len(self.channels)):
            raise ProfileError(
                f"temperatures have shape {temps.shape}, expected ({len(times)}, {len(self.channels)})"
            )
        if not np.all(np.diff(times) > 0):
            raise ProfileError("sample times must be strictly increasing")

    @classmethod
    def from_columns(
        cls,
        times_s: list[float] | FloatArray,
        columns: dict[str, list[float] | FloatArray],
        *,
        started_at: datetime | None = None,
        meta: dict[str, str] | None = None,
    ) -> ThermalProfile:
        """Builds a profile from a time column and one column per thermocouple."""
        names = tuple(columns)
        temps = np.column_stack([np.asarray(columns[n], dtype=np.float64) for n in names])
        return cls(
            names, np.asarray(times_s, dtype=np.float64), temps, started_at, dict(meta or {})
        )

    def channel(self, name: str) -> FloatArray:
        """The temperatures of one thermocouple (with its ``NaN`` gaps)."""
        return self.temps_c[:, self.channels.index(name)]

    @property
    def duration_s(self) -> float:
        """Seconds from the first to the last sample."""
        return float(self.times_s[-1] - self.times_s[0])

    def samples_bytes(self) -> bytes:
        """The samples as a compact, exact byte string: little-endian float64 times then temps."""
        return (
            self.times_s.astype("<f8").tobytes()
            + np.ascontiguousarray(self.temps_c, dtype="<f8").tobytes()
        )

    @classmethod
    def from_samples_bytes(
        cls,
        channels: tuple[str, ...],
        blob: bytes,
        *,
        started_at: datetime | None = None,
        meta: dict[str, str] | None = None,
    ) -> ThermalProfile:
        """The inverse of :meth:`samples_bytes`."""
        values = np.frombuffer(blob, dtype="<f8")
        n = len(values) // (1 + len(channels))
        if n * (1 + len(channels)) != len(values):
            raise ProfileError("stored samples do not match the channel count")
        times = values[:n].astype(np.float64)
        temps = values[n:].reshape(n, len(channels)).astype(np.float64)
        return cls(channels, times, temps, started_at, dict(meta or {}))


@dataclass(frozen=True)
class ChannelMetrics:
    """The figures of one thermocouple. Times in seconds, temperatures in °C, ramps in °C/s.

    A figure is ``None`` when the curve never reached what it needs (e.g. no soak time when the
    channel never reached the soak's upper temperature).
    """

    channel: str
    peak_c: float
    peak_at_s: float
    time_above_liquidus_s: float
    time_within_peak_band_s: float
    soak_s: float | None
    max_ramp_up_c_s: float
    max_ramp_down_c_s: float
    time_room_to_peak_s: float | None

    def as_content(self) -> dict[str, Any]:
        """The metrics as JSON-ready data (rounded to what a profiler displays)."""
        return {k: _rounded(v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class ProfileMetrics:
    """All thermocouples of a profile and the spread between them."""

    liquidus_c: float
    soak_low_c: float
    soak_high_c: float
    ramp_window_s: float
    channels: tuple[ChannelMetrics, ...]
    delta_t_peak_c: float
    delta_t_tal_s: float

    def channel(self, name: str) -> ChannelMetrics:
        """The metrics of the thermocouple called ``name``."""
        for m in self.channels:
            if m.channel == name:
                return m
        raise KeyError(name)

    def as_content(self) -> dict[str, Any]:
        """JSON-ready metrics, as bound into records and stored with the profile."""
        return {
            "liquidus_c": self.liquidus_c,
            "soak_c": [self.soak_low_c, self.soak_high_c],
            "ramp_window_s": self.ramp_window_s,
            "delta_t_peak_c": _rounded(self.delta_t_peak_c),
            "delta_t_tal_s": _rounded(self.delta_t_tal_s),
            "channels": {m.channel: m.as_content() for m in self.channels},
        }


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    return value


# --- curve arithmetic -------------------------------------------------------------------------


def _valid(times: FloatArray, temps: FloatArray) -> tuple[FloatArray, FloatArray]:
    keep = ~np.isnan(temps)
    return times[keep], temps[keep]


def time_above(times: FloatArray, temps: FloatArray, level: float) -> float:
    """Seconds the linearly interpolated curve spends at or above ``level``."""
    a = temps[:-1] - level
    b = temps[1:] - level
    dt = np.diff(times)
    both = (a >= 0) & (b >= 0)
    crossing = (a >= 0) != (b >= 0)
    # On a crossing segment, the share above the level is the positive end's distance over the rise.
    share = np.where(crossing, np.maximum(a, b) / np.where(crossing, np.abs(a - b), 1.0), 0.0)
    return float(np.sum(dt[both]) + np.sum((dt * share)[crossing]))


def first_rise(times: FloatArray, temps: FloatArray, level: float) -> float | None:
    """The interpolated time the curve first reaches ``level`` (None if it never does)."""
    above = np.flatnonzero(temps >= level)
    if len(above) == 0:
        return None
    i = int(above[0])
    if i == 0:
        return float(times[0])
    t0, t1, y0, y1 = times[i - 1], times[i], temps[i - 1], temps[i]
    return float(t0 + (level - y0) * (t1 - t0) / (y1 - y0))


def _last_rise_before(times: FloatArray, temps: FloatArray, level: float, end: int) -> float | None:
    """The interpolated time of the last upward crossing of ``level`` at or before index ``end``."""
    below = np.flatnonzero(temps[: end + 1] < level)
    if len(below) == 0:
        return float(times[0]) if temps[0] >= level else None
    i = int(below[-1]) + 1
    if i > end:
        return None
    t0, t1, y0, y1 = times[i - 1], times[i], temps[i - 1], temps[i]
    return float(t0 + (level - y0) * (t1 - t0) / (y1 - y0))


def ramp_extremes(times: FloatArray, temps: FloatArray, window_s: float) -> tuple[float, float]:
    """The steepest rise and fall (°C/s, both positive) over any ``window_s`` of the curve.

    The slope is ``(T(t + window) - T(t)) / window`` with T interpolated, for every sample time t
    whose window lies inside the run; a run shorter than the window uses its whole length.
    """
    span = float(times[-1] - times[0])
    window = min(window_s, span)
    starts = times[times + window <= times[-1] + 1e-9]
    ahead = np.interp(starts + window, times, temps)
    slopes = (ahead - temps[: len(starts)]) / window
    return max(float(slopes.max()), 0.0), max(float(-slopes.min()), 0.0)


def channel_metrics(
    name: str,
    times: FloatArray,
    temps: FloatArray,
    *,
    liquidus_c: float,
    soak_low_c: float,
    soak_high_c: float,
    ramp_window_s: float,
    peak_band_c: float = PEAK_BAND_C,
) -> ChannelMetrics:
    """The figures of one thermocouple's curve (NaN samples are left out)."""
    times, temps = _valid(times, temps)
    if len(times) < 2:
        raise ProfileError(f"{name} has fewer than two valid samples")
    ipeak = int(np.argmax(temps))
    peak = float(temps[ipeak])
    soak_start = first_rise(times, temps, soak_low_c)
    soak_end = first_rise(times, temps, soak_high_c)
    soak = None if soak_start is None or soak_end is None else soak_end - soak_start
    room = _last_rise_before(times, temps, ROOM_C, ipeak)
    up, down = ramp_extremes(times, temps, ramp_window_s)
    return ChannelMetrics(
        channel=name,
        peak_c=peak,
        peak_at_s=float(times[ipeak]),
        time_above_liquidus_s=time_above(times, temps, liquidus_c),
        time_within_peak_band_s=time_above(times, temps, peak - peak_band_c),
        soak_s=soak,
        max_ramp_up_c_s=up,
        max_ramp_down_c_s=down,
        time_room_to_peak_s=None if room is None else float(times[ipeak]) - room,
    )


def analyse(
    profile: ThermalProfile,
    *,
    liquidus_c: float = 217.0,
    soak_low_c: float = 150.0,
    soak_high_c: float = 200.0,
    ramp_window_s: float = DEFAULT_RAMP_WINDOW_S,
) -> ProfileMetrics:
    """Measures every thermocouple of ``profile``.

    Args:
        profile: the curve.
        liquidus_c: the alloy's liquidus (217 °C for SAC305, 183 °C for Sn63Pb37).
        soak_low_c: where preheat/soak begins on the way up.
        soak_high_c: where it ends.
        ramp_window_s: the sliding window ramps are measured over.

    Raises:
        ProfileError: a thermocouple has fewer than two valid samples.
    """
    per = tuple(
        channel_metrics(
            name,
            profile.times_s,
            profile.temps_c[:, i],
            liquidus_c=liquidus_c,
            soak_low_c=soak_low_c,
            soak_high_c=soak_high_c,
            ramp_window_s=ramp_window_s,
        )
        for i, name in enumerate(profile.channels)
    )
    peaks = [m.peak_c for m in per]
    tals = [m.time_above_liquidus_s for m in per]
    return ProfileMetrics(
        liquidus_c=liquidus_c,
        soak_low_c=soak_low_c,
        soak_high_c=soak_high_c,
        ramp_window_s=ramp_window_s,
        channels=per,
        delta_t_peak_c=max(peaks) - min(peaks),
        delta_t_tal_s=max(tals) - min(tals),
    )


# --- specifications and verdicts --------------------------------------------------------------


@dataclass(frozen=True)
class ProfileSpec:
    """A named process window. Every limit is optional: ``None`` means not checked.

    Specs are data: :meth:`to_dict` / :meth:`from_dict` round-trip through JSON so technicians can
    keep their own next to the presets in :mod:`app.domain.profile_specs`.
    """

    name: str
    description: str = ""
    liquidus_c: float = 217.0
    soak_low_c: float = 150.0
    soak_high_c: float = 200.0
    ramp_window_s: float = DEFAULT_RAMP_WINDOW_S
    peak_min_c: float | None = None
    peak_max_c: float | None = None
    tal_min_s: float | None = None
    tal_max_s: float | None = None
    peak_band_max_s: float | None = None
    peak_band_min_s: float | None = None
    soak_min_s: float | None = None
    soak_max_s: float | None = None
    ramp_up_max_c_s: float | None = None
    ramp_down_max_c_s: float | None = None
    room_to_peak_max_s: float | None = None
    delta_t_max_c: float | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a profile specification needs a name")
        if self.soak_low_c >= self.soak_high_c:
            raise ValueError(f"{self.name}: soak low {self.soak_low_c} °C must be below soak high")
        for lo, hi in (
            ("peak_min_c", "peak_max_c"),
            ("tal_min_s", "tal_max_s"),
            ("peak_band_min_s", "peak_band_max_s"),
            ("soak_min_s", "soak_max_s"),
        ):
            low, high = getattr(self, lo), getattr(self, hi)
            if low is not None and high is not None and low > high:
                raise ValueError(f"{self.name}: {lo} {low} is above {hi} {high}")

    def to_dict(self) -> dict[str, Any]:
        """The spec as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProfileSpec:
        """Reads a spec written by :meth:`to_dict`; unknown keys are refused, not ignored.

        Raises:
            ValueError: an unknown key, a missing name or a value that is not a number.
        """
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown profile spec field(s): {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in ("name", "description"):
                values[key] = str(value)
            elif value is None:
                values[key] = None
            else:
                number = float(value)
                if not math.isfinite(number):
                    raise ValueError(f"{key} must be a finite number, got {value!r}")
                values[key] = number
        if "name" not in values:
            raise ValueError("a profile specification needs a name")
        return cls(**values)


@dataclass(frozen=True)
class Violation:
    """One limit one thermocouple (or the whole board, ``channel=None``) broke."""

    limit: str
    channel: str | None
    measured: float | None
    bound: float

    @property
    def message(self) -> str:
        """Names the thermocouple, the figure, the measured value and the limit."""
        what, unit, side = _LIMIT_TEXT[self.limit]
        where = f"{self.channel}: " if self.channel else ""
        if self.measured is None:
            return f"{where}{what} not reached ({side} {self.bound:g} {unit})"
        return f"{where}{what} {self.measured:.1f} {unit} is {side} {self.bound:g} {unit}"

    def as_content(self) -> dict[str, Any]:
        """JSON-ready violation."""
        return {
            "limit": self.limit,
            "channel": self.channel,
            "measured": _rounded(self.measured),
            "bound": self.bound,
            "message": self.message,
        }


_LIMIT_TEXT: dict[str, tuple[str, str, str]] = {
    "peak_min_c": ("peak temperature", "°C", "below the minimum"),
    "peak_max_c": ("peak temperature", "°C", "above the maximum"),
    "tal_min_s": ("time above liquidus", "s", "below the minimum"),
    "tal_max_s": ("time above liquidus", "s", "above the maximum"),
    "peak_band_min_s": ("time within 5 °C of peak", "s", "below the minimum"),
    "peak_band_max_s": ("time within 5 °C of peak", "s", "above the maximum"),
    "soak_min_s": ("preheat/soak time", "s", "below the minimum"),
    "soak_max_s": ("preheat/soak time", "s", "above the maximum"),
    "ramp_up_max_c_s": ("max ramp-up", "°C/s", "above the maximum"),
    "ramp_down_max_c_s": ("max ramp-down", "°C/s", "above the maximum"),
    "room_to_peak_max_s": ("time 25 °C to peak", "s", "above the maximum"),
    "delta_t_max_c": ("delta-T across thermocouples", "°C", "above the maximum"),
}

# (limit field, metric attribute, True when the limit is a minimum)
_CHANNEL_LIMITS: tuple[tuple[str, str, bool], ...] = (
    ("peak_min_c", "peak_c", True),
    ("peak_max_c", "peak_c", False),
    ("tal_min_s", "time_above_liquidus_s", True),
    ("tal_max_s", "time_above_liquidus_s", False),
    ("peak_band_min_s", "time_within_peak_band_s", True),
    ("peak_band_max_s", "time_within_peak_band_s", False),
    ("soak_min_s", "soak_s", True),
    ("soak_max_s", "soak_s", False),
    ("ramp_up_max_c_s", "max_ramp_up_c_s", False),
    ("ramp_down_max_c_s", "max_ramp_down_c_s", False),
    ("room_to_peak_max_s", "time_room_to_peak_s", False),
)


@dataclass(frozen=True)
class ProfileVerdict:
    """A profile measured against a spec: passed only when no limit was broken."""

    spec_name: str
    metrics: ProfileMetrics
    violations: tuple[Violation, ...]

    @property
    def passed(self) -> bool:
        """True when every limit held on every thermocouple."""
        return not self.violations

    @property
    def messages(self) -> tuple[str, ...]:
        """One sentence per violated limit."""
        return tuple(v.message for v in self.violations)

    def as_content(self) -> dict[str, Any]:
        """JSON-ready verdict with its metrics."""
        return {
            "spec": self.spec_name,
            "passed": self.passed,
            "violations": [v.as_content() for v in self.violations],
            "metrics": self.metrics.as_content(),
        }


def _broken(measured: float | None, bound: float, is_min: bool) -> bool:
    if measured is None:
        # Never reaching a soak or a peak cannot satisfy a minimum; a maximum is not exceeded.
        return is_min
    return measured < bound if is_min else measured > bound


def evaluate(profile: ThermalProfile, spec: ProfileSpec) -> ProfileVerdict:
    """Measures ``profile`` with the spec's liquidus, soak band and ramp window, and checks it.

    Every violated limit of every thermocouple is listed, in the spec's field order.
    """
    metrics = analyse(
        profile,
        liquidus_c=spec.liquidus_c,
        soak_low_c=spec.soak_low_c,
        soak_high_c=spec.soak_high_c,
        ramp_window_s=spec.ramp_window_s,
    )
    return check(metrics, spec)


def check(metrics: ProfileMetrics, spec: ProfileSpec) -> ProfileVerdict:
    """Checks already computed metrics against ``spec``'s limits."""
    found: list[Violation] = []
    for limit, attribute, is_min in _CHANNEL_LIMITS:
        bound = getattr(spec, limit)
        if bound is None:
            continue
        for m in metrics.channels:
            measured = getattr(m, attribute)
            if _broken(measured, bound, is_min):
                found.append(Violation(limit, m.channel, measured, bound))
    if spec.delta_t_max_c is not None and metrics.delta_t_peak_c > spec.delta_t_max_c:
        found.append(Violation("delta_t_max_c", None, metrics.delta_t_peak_c, spec.delta_t_max_c))
    return ProfileVerdict(spec.name, metrics, tuple(found))
