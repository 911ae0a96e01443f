"""J-STD-033 floor life, derating and bake, checked against the standard's published values.

Sources of the expected values (public reproductions of IPC/JEDEC J-STD-033D):
- Table 5-1: COSEL Technical Q&A a0073 "MSL" (en.cosel.co.jp/technical/qanda/a0073.html).
- Table 7-1, body ≥ 3.1 mm: akfcx.com/news/industry/1274.html.
- Table 4-1, bodies ≤ 1.4 mm and ≤ 2.0 mm: eesemi.com/baketables.htm.
"""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta

import pytest

from app.domain import msd
from app.domain.msd import Accumulation, Bake, MsdError, Policy, Reading, floor_life, life_at

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


# Table 5-1 as COSEL reproduces it: 1 unlimited (≤ 30 °C/85 %RH), 2 one year, 2a four weeks,
# 3 168 h, 4 72 h, 5 48 h, 5a 24 h (all ≤ 30 °C/60 %RH).
@pytest.mark.parametrize(
    ("level", "hours"),
    [("2", 365 * 24), ("2a", 4 * 7 * 24), ("3", 168), ("4", 72), ("5", 48), ("5a", 24)],
)
def test_table_5_1_floor_life_at_30c_60rh(level: str, hours: float) -> None:
    life = life_at(level, 30, 60)
    assert life.hours == hours
    assert life.table == "J-STD-033D Table 5-1"


def test_level_1_is_unlimited_up_to_85rh_and_refused_beyond() -> None:
    assert math.isinf(life_at("1", 30, 85).hours)
    with pytest.raises(MsdError, match="85 %RH"):
        life_at("1", 30, 86)


def test_level_6_needs_the_time_on_label() -> None:
    with pytest.raises(MsdError, match="time on its caution label"):
        life_at("6", 25, 40)
    assert life_at("6", 25, 40, time_on_label_h=6).hours == 6


@pytest.mark.parametrize("bad", ["7", "2b", "", "three"])
def test_unknown_level_is_refused(bad: str) -> None:
    with pytest.raises(MsdError, match="unknown MSL"):
        msd.normalise_level(bad)


def test_level_spellings() -> None:
    assert msd.normalise_level("MSL 2A") == "2a"
    assert msd.normalise_level("msl3") == "3"


# Table 7-1, body ≥ 3.1 mm, values in days as the akfcx.com reproduction prints them.
@pytest.mark.parametrize(
    ("level", "temp", "rh", "days"),
    [
        ("2a", 20, 20, 231),
        ("2a", 35, 90, 4),
        ("3", 30, 60, 7),
        ("3", 25, 50, 9),
        ("3", 35, 80, 3),
        ("4", 30, 10, 5),
        ("4", 20, 90, 4),
        ("5", 25, 30, 4),
        ("5a", 20, 10, 5),
        ("5a", 35, 60, 1),
    ],
)
def test_table_7_1_published_values(level: str, temp: float, rh: float, days: float) -> None:
    life = life_at(level, temp, rh, thickness_mm=3.5)
    assert life.hours == days * 24
    assert life.table == "J-STD-033D Table 7-1"
    assert f"{temp:g} °C, {rh:g} %RH" in life.row


def test_table_7_1_at_30c_60rh_agrees_with_table_5_1() -> None:
    # Two independent reproductions of two tables: the 30 °C/60 %RH cell must be the rated life.
    for level in ("2a", "3", "4", "5", "5a"):
        assert life_at(level, 30, 60, thickness_mm=3.1).hours == msd.FLOOR_LIFE_H[level]


def test_table_7_1_never_gives_more_life_when_hotter_or_wetter() -> None:
    for level, rows in msd._T71.items():
        temps = sorted(rows)
        for t_lo, t_hi in itertools.pairwise(temps):
            assert all(a >= b for a, b in zip(rows[t_lo], rows[t_hi], strict=True)), level
        for t in temps:
            assert list(rows[t]) == sorted(rows[t], reverse=True), (level, t)


def test_dry_cabinet_column_is_unlimited() -> None:
    for level in ("2a", "3", "4", "5", "5a"):
        assert math.isinf(life_at(level, 25, 5, thickness_mm=3.2).hours)


def test_conservative_rounding_takes_the_next_hotter_and_wetter_row() -> None:
    life = life_at("3", 26, 41, thickness_mm=3.2)
    assert "30 °C, 50 %RH" in life.row
    assert life.hours == 7 * 24
    assert "20 °C, 5 %RH" in life_at("3", 12, 2, thickness_mm=3.2).row


@pytest.mark.parametrize(
    ("temp", "rh", "message"),
    [(36, 50, "above J-STD-033 Table 7-1's highest row"), (25, 95, "highest row")],
)
def test_conditions_beyond_table_7_1_are_refused(temp: float, rh: float, message: str) -> None:
    with pytest.raises(MsdError, match=message):
        life_at("3", temp, rh, thickness_mm=3.2)


def test_thin_bodies_off_the_rated_conditions_are_refused_not_guessed() -> None:
    with pytest.raises(MsdError, match=r"thickness ≥ 3\.1 mm"):
        life_at("3", 31, 70, thickness_mm=1.4)
    with pytest.raises(MsdError, match="thickness not given"):
        life_at("3", 30, 61)
    # Within 30 °C/60 %RH Table 5-1 holds whatever the body.
    assert life_at("3", 22, 40, thickness_mm=1.4).hours == 168


def test_level_2_has_no_derating_row() -> None:
    with pytest.raises(MsdError, match="gives no derating"):
        life_at("2", 30, 70, thickness_mm=3.5)


# Table 4-1 as eesemi.com reproduces it.
@pytest.mark.parametrize(
    ("level", "thickness", "temp", "exposure", "hours"),
    [
        ("3", 1.4, 125, None, 9),
        ("3", 1.4, 125, 100.0, 7),
        ("3", 1.4, 90, None, 33),
        ("3", 1.4, 40, 200.0, 9 * 24),
        ("2a", 2.0, 125, None, 21),
        ("5", 1.8, 90, 10.0, 4 * 24),
        ("5a", 1.0, 40, None, 22 * 24),
        ("4", 1.4, 100, None, 37),  # a 100 °C bake earns the 90 °C column only
    ],
)
def test_table_4_1_bake_times(
    level: str, thickness: float, temp: float, exposure: float | None, hours: float
) -> None:
    assert msd.bake_hours(level, thickness, temp, exposure_h=exposure)[0] == hours


def test_bake_rows_not_reproduced_are_refused() -> None:
    with pytest.raises(MsdError, match="not in the public reproduction"):
        msd.bake_hours("5a", 2.0, 125, exposure_h=None)
    with pytest.raises(MsdError, match="not in the public reproduction"):
        msd.bake_hours("3", 3.2, 125, exposure_h=None)
    with pytest.raises(MsdError, match="hotter than Table 4-1"):
        msd.bake_hours("3", 1.4, 150, exposure_h=None)
    with pytest.raises(MsdError, match="not a bake"):
        msd.bake_hours("3", 1.4, 35, exposure_h=None)


def test_default_conditions_reproduce_the_issue_example() -> None:
    # MSL 3 opened 2026-01-05 08:00: 168 h later plus 1 h 12 min is over by 1 h 12 min.
    result = floor_life("3", T0, h(169.2))
    assert result.exceeded
    assert result.floor_life_h == 168
    assert result.exceeded_by_h == pytest.approx(1.2)
    assert result.basis["policy"]["conditions"] == "30 °C/60 %RH (none given)"
    just_in = floor_life("3", T0, h(167))
    assert not just_in.exceeded and just_in.remaining_h == pytest.approx(1)


def test_unlimited_floor_life_prints_null() -> None:
    result = floor_life("1", T0, h(10_000)).as_json()
    assert result["floor_life_h"] is None and result["remaining_h"] is None
    assert result["exceeded"] is False


def test_readings_out_of_order_or_late_are_refused() -> None:
    with pytest.raises(MsdError, match="out of order"):
        floor_life("3", T0, h(5), [Reading(T0, 25, 40), Reading(T0, 25, 50)])
    with pytest.raises(MsdError, match="after the bag was opened"):
        floor_life("3", T0, h(5), [Reading(h(1), 25, 40)])
    with pytest.raises(MsdError, match="before --opened"):
        floor_life("3", T0, h(-1))


def _thick_week() -> list[Reading]:
    """A week on the line for a 3.2 mm body: working days at 25 °C/45 %RH, a humid Wednesday
    at 31 °C/72 %RH, nights and the weekend in a ≤ 5 %RH dry cabinet."""
    readings = []
    for day in range(7):
        base = 24 * day
        if day < 5:
            humid = day == 2
            readings.append(Reading(h(base), 31 if humid else 25, 72 if humid else 45))
            readings.append(Reading(h(base + 10), 23, 4))  # into the dry cabinet at 18:00
        elif day == 5:
            readings.append(Reading(h(base), 23, 4))
    return readings


def test_a_week_of_changing_humidity_with_dry_cabinet_nights() -> None:
    week = _thick_week()
    result = floor_life("3", T0, h(7 * 24), week, thickness_mm=3.2)
    # Mon, Tue, Thu, Fri: 10 h each at the 25 °C/50 %RH row (9 d); Wed: 10 h at 35 °C/80 %RH
    # (3 d); nights at the 5 %RH column (∞) stop the clock.
    expected = 40 / (9 * 24) + 10 / (3 * 24)
    assert result.consumed_fraction == pytest.approx(expected)
    assert result.exposure_h == pytest.approx(7 * 24)  # wall-clock time out of the bag
    assert result.floor_life_h is None  # ends in the dry cabinet: unlimited there
    assert not result.exceeded
    assert "J-STD-033D Table 7-1" in result.basis["tables"]
    assert "body ≥ 3.1 mm, level 3, 35 °C, 80 %RH" in result.basis["rows"]
    # Read on Friday afternoon on the line: remaining life at that day's conditions.
    friday = floor_life("3", T0, h(4 * 24 + 6), week, thickness_mm=3.2)
    spent = 36 / (9 * 24) + 10 / (3 * 24)
    assert friday.remaining_h == pytest.approx((1 - spent) * 9 * 24)
    assert friday.floor_life_h == 9 * 24
    # The same week judged at the worst interval is shorter-lived: the policy is named.
    worst = floor_life(
        "3",
        T0,
        h(4 * 24 + 6),
        week,
        thickness_mm=3.2,
        policy=Policy(accumulation=Accumulation.WORST_INTERVAL),
    )
    assert worst.basis["policy"]["accumulation"] == "worst-interval"
    assert worst.floor_life_h == 72 and worst.exceeded


def test_a_week_out_of_the_bag_then_a_bake_resets_the_clock() -> None:
    # A 1.4 mm MSL 3 part at the line around the clock (22-29 °C, 35-58 %RH: within Table
    # 5-1's 30 °C/60 %RH, so counted at the rated 168 h whatever the humidity).
    week = [Reading(h(6 * i), 22 + (i % 4) * 2, 35 + (i % 5) * 5.5) for i in range(40)]
    before = floor_life("3", T0, h(170), week, thickness_mm=1.4)
    assert before.exceeded and before.exceeded_by_h == pytest.approx(2)
    # Too short a bake: 5 h at 125 °C against Table 4-1's 7 h (exposed ≤ floor life + 72 h).
    short = floor_life(
        "3",
        T0,
        h(190),
        week,
        thickness_mm=1.4,
        bakes=[Bake(h(170), h(175), 125, oven="OV-1")],
    )
    assert short.exceeded
    assert any("shorter than Table 4-1's 7 h" in n for n in short.notes)
    assert short.exposure_h == pytest.approx(185)
    # A full bake resets it: 18 h after the oven the clock shows 18 h of 168 spent.
    baked = floor_life(
        "3",
        T0,
        h(195),
        week,
        thickness_mm=1.4,
        bakes=[Bake(h(170), h(177), 125, oven="OV-1")],
    )
    assert not baked.exceeded
    assert baked.exposure_h == pytest.approx(18)
    assert baked.remaining_h == pytest.approx(150)
    assert any("clock reset" in n for n in baked.notes)
    assert msd.SOURCE_TABLE_4_1 in baked.basis["sources"]
    # Left until the exposure passed floor life + 72 h, the saturated column (9 h) applies.
    late = floor_life(
        "3",
        T0,
        h(260),
        week,
        thickness_mm=1.4,
        bakes=[Bake(h(250), h(257), 125)],
    )
    assert late.exceeded and any("9 h" in n for n in late.notes)


def test_a_bake_in_a_humid_oven_is_not_credited() -> None:
    result = floor_life(
        "3", T0, h(230), [], thickness_mm=1.4, bakes=[Bake(h(170), h(220), 90, rh=20)]
    )
    assert result.exceeded
    assert any("≤ 5 %RH" in n for n in result.notes)


def test_refusal_words_as_the_operator_reads_them() -> None:
    late = floor_life("3", T0, h(169.2))
    assert msd.refusal("reel R-123", T0, late) == (
        "MSL 3 reel R-123 opened 2026-01-05 08:00, floor life 168 h exceeded by 1 h 12 min: bake it"
    )
    assert msd.refusal("reel R-123", T0, floor_life("3", T0, h(100))) is None
    assert "exceeded by 30 min" in (
        msd.refusal("tray T-9", T0, floor_life("5a", T0, h(24.5))) or ""
    )
