"""Moisture-sensitive devices: floor life, derating, bake and the floor-life clock (J-STD-033).

Longer than most modules because it carries the standard's tables as data, each row with its
table and source, next to the one clock that reads them.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

# Every number below is IPC/JEDEC J-STD-033 (rev. D, April 2018) as reproduced publicly; the
# standard itself is not redistributable, so each table names the reproduction it was read from.
# Where only part of a table is reproduced, only that part is here and the rest is refused
# (MsdError) rather than guessed.

#: Where the numbers were read.
SOURCE_TABLE_5_1 = (
    "J-STD-033D Table 5-1 (floor life per J-STD-020 level), reproduced in COSEL Technical Q&A "
    "a0073 'MSL' (en.cosel.co.jp/technical/qanda/a0073.html)"
)
SOURCE_TABLE_7_1 = (
    "J-STD-033D Table 7-1 (recommended equivalent total floor life, days), body thickness "
    ">= 3.1 mm rows only, reproduced in akfcx.com/news/industry/1274.html"
)
SOURCE_TABLE_4_1 = (
    "J-STD-033D Table 4-1 (reference conditions for drying at the user site), thickness "
    "<= 1.4 mm and <= 2.0 mm rows, reproduced in eesemi.com/baketables.htm"
)

LEVELS: tuple[str, ...] = ("1", "2", "2a", "3", "4", "5", "5a", "6")

#: J-STD-033D Table 5-1: floor life out of the dry pack, in hours, at the rated conditions below.
#: Level 1 is unlimited (None); level 2 is "1 year" (taken as 365 d); 2a "4 weeks"; level 6 is
#: "time on label" (mandatory bake before use), so it has no table value (see ``time_on_label_h``).
FLOOR_LIFE_H: dict[str, float | None] = {
    "1": None,
    "2": 365 * 24.0,
    "2a": 4 * 7 * 24.0,
    "3": 168.0,
    "4": 72.0,
    "5": 48.0,
    "5a": 24.0,
    "6": None,
}

#: J-STD-033D Table 5-1: the conditions the floor life holds at, (max °C, max %RH):
#: ≤ 30 °C/85 %RH for level 1, ≤ 30 °C/60 %RH for every other level.
RATED_CONDITIONS: dict[str, tuple[float, float]] = {
    level: (30.0, 85.0 if level == "1" else 60.0) for level in LEVELS
}

#: J-STD-033D Table 7-1 grouping the public reproduction covers: body thickness ≥ 3.1 mm (which
#: the table also applies to PQFPs > 84 pins, square PLCCs, all MQFPs and all BGAs ≥ 1 mm).
DERATING_MIN_THICKNESS_MM = 3.1
#: Table 7-1's columns (%RH) and rows (°C).
DERATING_RH: tuple[float, ...] = (5, 10, 20, 30, 40, 50, 60, 70, 80, 90)
DERATING_TEMPS: tuple[float, ...] = (20, 25, 30, 35)
INF = math.inf

# Table 7-1, body thickness ≥ 3.1 mm: days of floor life per level, per temperature row, one
# value per DERATING_RH column; INF is the table's "∞".
_T71: dict[str, dict[float, tuple[float, ...]]] = {
    "2a": {
        35: (INF, INF, 94, 44, 32, 26, 16, 7, 5, 4),
        30: (INF, INF, 124, 60, 41, 33, 28, 10, 7, 6),
        25: (INF, INF, 167, 78, 53, 42, 36, 14, 10, 8),
        20: (INF, INF, 231, 103, 69, 57, 47, 19, 13, 10),
    },
    "3": {
        35: (INF, INF, 8, 7, 6, 6, 6, 4, 3, 3),
        30: (INF, INF, 10, 9, 8, 7, 7, 5, 4, 4),
        25: (INF, INF, 13, 11, 10, 9, 9, 7, 6, 5),
        20: (INF, INF, 17, 14, 13, 12, 12, 10, 8, 7),
    },
    "4": {
        35: (INF, 3, 3, 3, 2, 2, 2, 2, 1, 1),
        30: (INF, 5, 4, 4, 4, 3, 3, 3, 2, 2),
        25: (INF, 6, 5, 5, 5, 5, 4, 3, 3, 3),
        20: (INF, 8, 7, 7, 7, 7, 6, 5, 4, 4),
    },
    "5": {
        35: (INF, 2, 2, 2, 2, 1, 1, 1, 1, 1),
        30: (INF, 4, 3, 3, 2, 2, 2, 2, 1, 1),
        25: (INF, 5, 5, 4, 4, 3, 3, 2, 2, 2),
        20: (INF, 7, 7, 6, 5, 5, 4, 3, 3, 3),
    },
    "5a": {
        35: (INF, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        30: (INF, 2, 1, 1, 1, 1, 1, 1, 1, 1),
        25: (INF, 3, 2, 2, 2, 2, 2, 1, 1, 1),
        20: (INF, 5, 4, 3, 3, 3, 2, 2, 2, 2),
    },
}

#: J-STD-033D Table 4-1 bake temperatures (°C): 125 °C, 90 °C at ≤ 5 %RH, 40 °C at ≤ 5 %RH.
BAKE_TEMPS: tuple[float, ...] = (125.0, 90.0, 40.0)
BAKE_MAX_RH = 5.0
# Table 4-1 rows reproduced: (max thickness mm, level) -> {bake °C: (hours if saturated at
# 30 °C/85 %RH, hours if exposed no more than floor life + 72 h at 30 °C/60 %RH)}.
_D = 24.0
_T41: dict[tuple[float, str], dict[float, tuple[float, float]]] = {
    (1.4, "2a"): {125: (5, 3), 90: (17, 11), 40: (8 * _D, 5 * _D)},
    (1.4, "3"): {125: (9, 7), 90: (33, 23), 40: (13 * _D, 9 * _D)},
    (1.4, "4"): {125: (11, 7), 90: (37, 23), 40: (15 * _D, 9 * _D)},
    (1.4, "5"): {125: (12, 7), 90: (41, 24), 40: (17 * _D, 10 * _D)},
    (1.4, "5a"): {125: (16, 10), 90: (54, 24), 40: (22 * _D, 10 * _D)},
    (2.0, "2a"): {125: (21, 16), 90: (3 * _D, 2 * _D), 40: (29 * _D, 22 * _D)},
    (2.0, "3"): {125: (27, 17), 90: (4 * _D, 2 * _D), 40: (37 * _D, 23 * _D)},
    (2.0, "4"): {125: (34, 20), 90: (5 * _D, 3 * _D), 40: (47 * _D, 28 * _D)},
    (2.0, "5"): {125: (40, 25), 90: (6 * _D, 4 * _D), 40: (57 * _D, 35 * _D)},
}
#: Table 4-1's shorter column applies to parts exposed no more than floor life + 72 h.
BAKE_SHORT_COLUMN_MARGIN_H = 72.0


class MsdError(ValueError):
    """An input the standard's reproduced tables do not cover, or that makes no sense."""


class Rounding(StrEnum):
    """How a condition between Table 7-1's rows is read (the standard leaves it open)."""

    #: The next hotter temperature row and the next wetter humidity column (shorter life).
    CONSERVATIVE = "next-hotter-wetter-row"


class Accumulation(StrEnum):
    """How changing conditions add up (the standard leaves it open)."""

    #: Each interval consumes its length over the derated floor life of its conditions;
    #: the floor life is spent when the fractions reach 1.
    CONSUMED_FRACTION = "consumed-fraction"
    #: The whole exposure is judged at the worst (shortest-life) interval's conditions.
    WORST_INTERVAL = "worst-interval"


@dataclass(frozen=True)
class Policy:
    """The choices J-STD-033 leaves to the user; every result names them."""

    rounding: Rounding = Rounding.CONSERVATIVE
    accumulation: Accumulation = Accumulation.CONSUMED_FRACTION


@dataclass(frozen=True)
class Reading:
    """Conditions measured at ``time``; they hold until the next reading."""

    time: datetime
    temperature_c: float
    rh: float


@dataclass(frozen=True)
class Bake:
    """A bake from ``start`` to ``end`` at ``temperature_c`` (and ``rh`` in the oven)."""

    start: datetime
    end: datetime
    temperature_c: float
    rh: float = 0.0
    oven: str = ""


@dataclass(frozen=True)
class Life:
    """The floor life at one set of conditions, and the table row it came from."""

    hours: float  # math.inf for unlimited
    table: str
    row: str


@dataclass
class FloorLifeResult:
    """What ``lineside msd floor-life`` prints."""

    msl: str
    floor_life_h: float | None
    exposure_h: float
    remaining_h: float | None
    exceeded: bool
    consumed_fraction: float
    exceeded_by_h: float | None
    basis: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The result as JSON-ready values (hours rounded to 0.01 h)."""

        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 2)

        return {
            "msl": self.msl,
            "floor_life_h": r(self.floor_life_h),
            "exposure_h": r(self.exposure_h),
            "remaining_h": r(self.remaining_h),
            "exceeded": self.exceeded,
            "exceeded_by_h": r(self.exceeded_by_h),
            "consumed_fraction": round(self.consumed_fraction, 4),
            "basis": self.basis,
            "notes": self.notes,
        }


def normalise_level(level: str) -> str:
    """``"3"``, ``"MSL3"``, ``"msl 2A"`` → the J-STD-020 level name; raises MsdError."""
    text = str(level).strip().lower().replace("msl", "").replace("level", "").strip()
    if text not in LEVELS:
        raise MsdError(f"unknown MSL {level!r}: J-STD-020/J-STD-033 levels are {', '.join(LEVELS)}")
    return text


def _row_at_or_above(values: Sequence[float], x: float, what: str, unit: str) -> float:
    for v in sorted(values):
        if x <= v:
            return v
    raise MsdError(
        f"{what} {x:g} {unit} is above J-STD-033 Table 7-1's highest row ({max(values):g} {unit});"
        " the standard gives no floor life there: bake the parts or keep them drier/cooler"
    )


def life_at(
    msl: str,
    temperature_c: float,
    rh: float,
    *,
    thickness_mm: float | None = None,
    time_on_label_h: float | None = None,
    policy: Policy = Policy(),
) -> Life:
    """The floor life of level ``msl`` at constant conditions.

    Args:
        msl: the J-STD-020 level.
        temperature_c: ambient temperature, °C.
        rh: ambient relative humidity, %RH.
        thickness_mm: package body thickness; Table 7-1 needs it off the rated conditions.
        time_on_label_h: level 6's floor life, from the supplier's caution label.
        policy: how a condition between table rows is read.

    Returns:
        The life (math.inf for unlimited) with the table and row it came from.

    Raises:
        MsdError: the reproduced tables do not cover this level, thickness or condition.
    """
    level = normalise_level(msl)
    if not 0 <= rh <= 100:
        raise MsdError(f"relative humidity {rh:g} %RH is not between 0 and 100")
    max_t, max_rh = RATED_CONDITIONS[level]
    within_rated = temperature_c <= max_t and rh <= max_rh
    if level == "6":
        if time_on_label_h is None or time_on_label_h <= 0:
            raise MsdError(
                "MSL 6 has no table floor life: it must be baked before use and then mounted "
                "within the time on its caution label; give that time (--time-on-label HOURS)"
            )
        if not within_rated:
            raise MsdError(
                f"MSL 6 time on label holds at ≤ {max_t:g} °C/{max_rh:g} %RH only; "
                f"{temperature_c:g} °C/{rh:g} %RH is outside it"
            )
        return Life(time_on_label_h, "caution label (J-STD-033D Table 5-1, level 6)", "6")
    rated = FLOOR_LIFE_H[level]
    table51 = Life(
        INF if rated is None else rated,
        "J-STD-033D Table 5-1",
        f"level {level} at ≤ {max_t:g} °C/{max_rh:g} %RH",
    )
    if level in _T71 and thickness_mm is not None and thickness_mm >= DERATING_MIN_THICKNESS_MM:
        # Rounding.CONSERVATIVE is the only reading offered: next hotter row, next wetter column.
        t_row = _row_at_or_above(DERATING_TEMPS, temperature_c, "temperature", "°C")
        rh_col = _row_at_or_above(DERATING_RH, rh, "humidity", "%RH")
        days = _T71[level][t_row][DERATING_RH.index(rh_col)]
        return Life(
            days * 24.0,
            "J-STD-033D Table 7-1",
            f"body ≥ {DERATING_MIN_THICKNESS_MM:g} mm, level {level}, {t_row:g} °C, {rh_col:g} %RH",
        )
    if within_rated:
        return table51
    if level in _T71:
        given = "not given" if thickness_mm is None else f"{thickness_mm:g} mm"
        raise MsdError(
            f"{temperature_c:g} °C/{rh:g} %RH is outside Table 5-1's {max_t:g} °C/{max_rh:g} %RH "
            f"and needs Table 7-1's derating; this station carries only its rows for body "
            f"thickness ≥ {DERATING_MIN_THICKNESS_MM:g} mm (thickness {given}): give the body "
            "thickness (--thickness MM) if it is that thick, otherwise keep the parts within "
            f"{max_t:g} °C/{max_rh:g} %RH or bake them"
        )
    raise MsdError(
        f"level {level}'s floor life holds at ≤ {max_t:g} °C/{max_rh:g} %RH (Table 5-1) and "
        f"Table 7-1 gives no derating for it; {temperature_c:g} °C/{rh:g} %RH is not covered"
    )


def bake_hours(
    msl: str, thickness_mm: float, temperature_c: float, *, exposure_h: float | None
) -> tuple[float, str]:
    """The minimum bake (hours) Table 4-1 asks of a part, and the row used.

    Args:
        msl: the level.
        thickness_mm: package body thickness.
        temperature_c: the oven's temperature; the table column used is the hottest one at or
            below it (a hotter bake is never credited with more than its column).
        exposure_h: the floor-life exposure before the bake at 30 °C/60 %RH-equivalent hours;
            None (unknown) takes the "saturated at 30 °C/85 %RH" column.

    Raises:
        MsdError: the level, thickness or temperature is outside the reproduced rows.
    """
    level = normalise_level(msl)
    if temperature_c > max(BAKE_TEMPS):
        raise MsdError(
            f"a bake at {temperature_c:g} °C is hotter than Table 4-1's {max(BAKE_TEMPS):g} °C; "
            "check the component's and carrier's temperature limits and bake at 125 °C or less"
        )
    columns = [t for t in BAKE_TEMPS if t <= temperature_c]
    if not columns:
        raise MsdError(
            f"{temperature_c:g} °C is below Table 4-1's coolest bake ({min(BAKE_TEMPS):g} °C "
            f"at ≤ {BAKE_MAX_RH:g} %RH): not a bake"
        )
    column = max(columns)
    rows = sorted(t for t, lv in _T41 if lv == level and thickness_mm <= t)
    if not rows:
        raise MsdError(
            f"Table 4-1's rows for level {level}, body {thickness_mm:g} mm are not in the public "
            "reproduction this station carries (it has ≤ 1.4 mm for 2a-5a and ≤ 2.0 mm for 2a-5); "
            "use the supplier's bake instructions"
        )
    limit = FLOOR_LIFE_H[level]
    short = (
        exposure_h is not None
        and limit is not None
        and exposure_h <= limit + BAKE_SHORT_COLUMN_MARGIN_H
    )
    saturated_h, short_h = _T41[(rows[0], level)][column]
    hours = short_h if short else saturated_h
    which = "exposed ≤ floor life + 72 h at 30 °C/60 %RH" if short else "saturated at 30 °C/85 %RH"
    return hours, f"body ≤ {rows[0]:g} mm, level {level}, {column:g} °C, {which}"


def floor_life(
    msl: str,
    opened: datetime,
    at: datetime,
    readings: Sequence[Reading] = (),
    *,
    thickness_mm: float | None = None,
    time_on_label_h: float | None = None,
    bakes: Sequence[Bake] = (),
    policy: Policy = Policy(),
) -> FloorLifeResult:
    """The floor-life clock of parts whose dry pack was opened at ``opened``, read at ``at``.

    Without readings the parts are taken to be at 30 °C/60 %RH throughout. Each reading holds
    until the next; the first must be at or before ``opened``. A bake that meets Table 4-1
    resets the clock at its end (time in the oven is not floor-life exposure); one that does
    not is named in ``notes`` and resets nothing. Time in a dry cabinet is read through Table
    7-1 like any other condition: its ≤ 5 %RH column is unlimited, so the clock stops there
    (for bodies ≥ 3.1 mm; thinner bodies are counted at the Table 5-1 rate, conservatively).

    Raises:
        MsdError: inputs out of order, or conditions the reproduced tables do not cover.
    """
    level = normalise_level(msl)
    if at < opened:
        raise MsdError(f"--at {at.isoformat()} is before --opened {opened.isoformat()}")
    defaulted = not readings
    if defaulted:
        readings = [Reading(opened, 30.0, 60.0)]
    for a, b in itertools.pairwise(readings):
        if b.time <= a.time:
            raise MsdError(
                f"condition readings out of order: {b.time.isoformat()} follows "
                f"{a.time.isoformat()}; sort them by time"
            )
    if readings[0].time > opened:
        raise MsdError(
            f"the first condition reading ({readings[0].time.isoformat()}) is after the bag was "
            f"opened ({opened.isoformat()}): the conditions in between are unknown; add a "
            "reading at or before the opening"
        )
    ordered_bakes = sorted(bakes, key=lambda b: b.start)
    for bk in ordered_bakes:
        if bk.end <= bk.start:
            raise MsdError(f"bake ending {bk.end.isoformat()} does not end after it starts")
    # Cut the span into intervals at every reading and bake boundary.
    cuts = {opened, at}
    cuts.update(r.time for r in readings if opened < r.time < at)
    for bk in ordered_bakes:
        cuts.update(t for t in (bk.start, bk.end) if opened < t < at)
    edges = sorted(cuts)

    times = [r.time for r in readings]

    def conditions(t: datetime) -> Reading:
        # The newest reading at or before t (the first one before any): readings are in order.
        return readings[max(0, bisect.bisect_right(times, t) - 1)]

    lives: dict[tuple[int, int], Life] = {}

    def life_of(c: Reading) -> Life:
        # Every row and column of the tables is a whole number and a value is read at the next
        # row at or above it, so the values rounded up read the same row (and the same life).
        key = (math.ceil(c.temperature_c), math.ceil(c.rh))
        if key not in lives:
            lives[key] = life_at(
                level,
                c.temperature_c,
                c.rh,
                thickness_mm=thickness_mm,
                time_on_label_h=time_on_label_h,
                policy=policy,
            )
        return lives[key]

    def in_bake(t: datetime) -> Bake | None:
        return next((b for b in ordered_bakes if b.start <= t < b.end), None)

    consumed = 0.0
    exposure = 0.0
    rows: list[str] = []
    tables: list[str] = []
    notes: list[str] = []
    worst: Life | None = None
    last_life: Life | None = None
    done_bakes: set[int] = set()
    for start, end in itertools.pairwise(edges):
        bake = in_bake(start)
        if bake is not None:
            key = id(bake)
            if key not in done_bakes and bake.end <= at:
                done_bakes.add(key)
                consumed, exposure, worst = _apply_bake(
                    level, bake, thickness_mm, consumed, exposure, worst, notes
                )
            continue
        life = life_of(conditions(start))
        hours = (end - start).total_seconds() / 3600.0
        exposure += hours
        if not math.isinf(life.hours):
            consumed += hours / life.hours
        if worst is None or life.hours < worst.hours:
            worst = life
        last_life = life
        if life.row not in rows:
            rows.append(life.row)
        if life.table not in tables:
            tables.append(life.table)
    if last_life is None:  # opened == at, or the whole span was a bake
        c = conditions(at)
        last_life = life_at(
            level,
            c.temperature_c,
            c.rh,
            thickness_mm=thickness_mm,
            time_on_label_h=time_on_label_h,
            policy=policy,
        )
        rows.append(last_life.row)
        tables.append(last_life.table)
    if policy.accumulation is Accumulation.WORST_INTERVAL and worst is not None:
        consumed = 0.0 if math.isinf(worst.hours) else exposure / worst.hours
        current = worst
    else:
        current = last_life
    unlimited = math.isinf(current.hours)
    floor_h = None if unlimited else current.hours
    remaining = None if unlimited else (1.0 - consumed) * current.hours
    exceeded = consumed >= 1.0 - 1e-12
    exceeded_by = None
    if exceeded and remaining is not None:
        exceeded_by = -remaining
    basis = {
        "tables": tables,
        "rows": rows,
        "floor_life_row": current.row,
        "policy": {
            "rounding": policy.rounding.value,
            "accumulation": policy.accumulation.value,
            "conditions": "30 °C/60 %RH (none given)" if defaulted else "readings",
        },
        "sources": _sources(tables) + ([SOURCE_TABLE_4_1] if done_bakes else []),
    }
    return FloorLifeResult(
        msl=level,
        floor_life_h=floor_h,
        exposure_h=exposure,
        remaining_h=None if remaining is None else max(remaining, 0.0),
        exceeded=exceeded,
        consumed_fraction=consumed,
        exceeded_by_h=exceeded_by,
        basis=basis,
        notes=notes,
    )


def _apply_bake(
    level: str,
    bake: Bake,
    thickness_mm: float | None,
    consumed: float,
    exposure: float,
    worst: Life | None,
    notes: list[str],
) -> tuple[float, float, Life | None]:
    """Resets the clock if ``bake`` meets Table 4-1; otherwise notes why not."""
    if thickness_mm is None:
        raise MsdError("a bake is judged against Table 4-1 by body thickness: give --thickness MM")
    if bake.temperature_c < max(BAKE_TEMPS) and bake.rh > BAKE_MAX_RH:
        notes.append(
            f"bake {bake.start.isoformat()} at {bake.temperature_c:g} °C/{bake.rh:g} %RH: "
            f"Table 4-1's 90 °C and 40 °C bakes need ≤ {BAKE_MAX_RH:g} %RH; clock not reset"
        )
        return consumed, exposure, worst
    rated = FLOOR_LIFE_H[level]
    equivalent = None if rated is None else consumed * rated
    needed, row = bake_hours(level, thickness_mm, bake.temperature_c, exposure_h=equivalent)
    took = (bake.end - bake.start).total_seconds() / 3600.0
    if took + 1e-9 < needed:
        notes.append(
            f"bake {bake.start.isoformat()} of {took:g} h is shorter than Table 4-1's "
            f"{needed:g} h ({row}); clock not reset"
        )
        return consumed, exposure, worst
    notes.append(
        f"bake {bake.start.isoformat()}–{bake.end.isoformat()} {bake.oven} met Table 4-1 "
        f"({needed:g} h, {row}); clock reset"
    )
    return 0.0, 0.0, None


def _sources(tables: Sequence[str]) -> list[str]:
    out = []
    for t in tables:
        if "7-1" in t:
            out.append(SOURCE_TABLE_7_1)
        elif "5-1" in t:
            out.append(SOURCE_TABLE_5_1)
    return sorted(set(out))


def _duration(hours: float) -> str:
    minutes = round(hours * 60)
    h_part, m_part = divmod(minutes, 60)
    if h_part and m_part:
        return f"{h_part} h {m_part} min"
    return f"{h_part} h" if h_part else f"{m_part} min"


def refusal(carrier: str, opened: datetime, result: FloorLifeResult) -> str | None:
    """The operator's words for a component whose floor life is spent (None while it is not).

    ``carrier`` names what was scanned (``"reel R-123"``); ``opened`` is shown as recorded.
    """
    if not result.exceeded:
        return None
    life = "unlimited" if result.floor_life_h is None else f"{result.floor_life_h:g} h"
    over = "" if result.exceeded_by_h is None else f" exceeded by {_duration(result.exceeded_by_h)}"
    return (
        f"MSL {result.msl} {carrier} opened {opened:%Y-%m-%d %H:%M}, floor life {life}{over}: "
        "bake it"
    )
