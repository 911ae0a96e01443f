"""Profile analysis on piecewise-linear curves whose figures are known by hand."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.domain import profile_specs
from app.domain.profile import (
    ProfileError,
    ProfileSpec,
    ThermalProfile,
    analyse,
    evaluate,
    time_above,
)

# A SAC305-style curve: 25 -> 150 °C in 60 s (2.083 °C/s), soak 150 -> 200 °C until 150 s,
# 1 °C/s to a 245 °C peak at 195 s, held 10 s, then down at 2 °C/s to 25 °C at 315 s.
KNOTS_T = [0.0, 60.0, 150.0, 195.0, 205.0, 315.0]
KNOTS_Y = [25.0, 150.0, 200.0, 245.0, 245.0, 25.0]


def curve(offset: float = 0.0, rate_hz: float = 10.0) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(0.0, 315.0 + 1e-9, 1.0 / rate_hz)
    return t, np.interp(t, KNOTS_T, KNOTS_Y) + offset


def board(*offsets: float) -> ThermalProfile:
    t, _ = curve()
    return ThermalProfile.from_columns(
        t, {f"TC{i + 1}": curve(off)[1] for i, off in enumerate(offsets)}
    )


def test_figures_of_a_known_curve() -> None:
    m = analyse(board(0.0)).channel("TC1")
    assert m.peak_c == pytest.approx(245.0)
    assert m.peak_at_s == pytest.approx(195.0)
    # 217 °C is crossed at 167 s going up (1 °C/s) and at 219 s going down (2 °C/s).
    assert m.time_above_liquidus_s == pytest.approx(52.0, abs=1e-6)
    # 240 °C: 190 s up, 207.5 s down.
    assert m.time_within_peak_band_s == pytest.approx(17.5, abs=1e-6)
    assert m.soak_s == pytest.approx(90.0, abs=1e-6)
    assert m.max_ramp_up_c_s == pytest.approx(125.0 / 60.0, abs=1e-6)
    assert m.max_ramp_down_c_s == pytest.approx(2.0, abs=1e-6)
    assert m.time_room_to_peak_s == pytest.approx(195.0, abs=1e-6)


def test_liquidus_is_configurable() -> None:
    m = analyse(board(0.0), liquidus_c=183.0).channel("TC1")
    # 183 °C: 150 - (200-183)/(50/90) = 119.4 s up; 205 + (245-183)/2 = 236 s down.
    assert m.time_above_liquidus_s == pytest.approx(236.0 - (60.0 + 33.0 * 90.0 / 50.0), abs=1e-6)


def test_figures_do_not_depend_on_the_sample_rate() -> None:
    t, y = curve(rate_hz=1.0)
    coarse = analyse(ThermalProfile.from_columns(t, {"TC1": y})).channel("TC1")
    fine = analyse(board(0.0)).channel("TC1")
    assert coarse.time_above_liquidus_s == pytest.approx(fine.time_above_liquidus_s, abs=1e-6)
    assert coarse.soak_s == pytest.approx(fine.soak_s, abs=1e-6)


def test_missing_samples_are_bridged_not_counted_as_cold() -> None:
    t, y = curve()
    y = y.copy()
    y[1700:1720] = np.nan  # a 2 s dropout above liquidus
    m = analyse(ThermalProfile.from_columns(t, {"TC1": y})).channel("TC1")
    assert m.time_above_liquidus_s == pytest.approx(52.0, abs=1e-6)


def test_delta_t_across_thermocouples() -> None:
    metrics = analyse(board(0.0, -3.0, -7.5))
    assert metrics.delta_t_peak_c == pytest.approx(7.5)
    assert [c.channel for c in metrics.channels] == ["TC1", "TC2", "TC3"]


def test_sac305_window_passes_a_good_profile() -> None:
    verdict = evaluate(board(0.0, -2.0), profile_specs.SAC305_PASTE)
    assert verdict.passed, verdict.messages
    assert verdict.spec_name == "SAC305 paste (typical)"


def test_every_violated_limit_is_named() -> None:
    verdict = evaluate(board(0.0, -12.0), profile_specs.SAC305_PASTE)
    assert not verdict.passed
    limits = {(v.limit, v.channel) for v in verdict.violations}
    # TC2 peaks at 233 °C (below 235), stays above 217 °C only 32 s (below 45 s), and the board
    # spreads 12 °C (above 10 °C).
    assert ("peak_min_c", "TC2") in limits
    assert ("tal_min_s", "TC2") in limits
    assert ("delta_t_max_c", None) in limits
    assert ("peak_min_c", "TC1") not in limits
    text = "; ".join(verdict.messages)
    assert "TC2: peak temperature 233.0 °C is below the minimum 235 °C" in text
    assert "delta-T across thermocouples 12.0 °C is above the maximum 10 °C" in text


def test_jstd020_pb_free_flags_fast_ramps_and_long_runs() -> None:
    t = np.arange(0.0, 700.0, 0.1)
    # Ramp at 4 °C/s, hold near 255 °C for 60 s, cool at 8 °C/s; 25 °C -> peak takes 560 s.
    y = np.interp(t, [0, 500, 545, 560, 620, 650], [25, 150, 200, 260, 255, 15])
    verdict = evaluate(ThermalProfile.from_columns(t, {"TC1": y}), profile_specs.JSTD020_PB_FREE)
    limits = {v.limit for v in verdict.violations}
    assert {"ramp_up_max_c_s", "ramp_down_max_c_s", "room_to_peak_max_s"} <= limits
    assert "soak_min_s" in limits  # 150 -> 200 °C took only 45 s


def test_a_profile_that_never_melts_fails_its_minimums() -> None:
    t = np.arange(0.0, 300.0, 0.5)
    y = np.interp(t, [0, 100, 200, 300], [25, 160, 180, 40])
    verdict = evaluate(ThermalProfile.from_columns(t, {"TC1": y}), profile_specs.SAC305_PASTE)
    messages = verdict.messages
    assert "TC1: preheat/soak time not reached (below the minimum 60 s)" in messages
    assert any(m.startswith("TC1: time above liquidus 0.0 s") for m in messages)


def test_specs_round_trip_through_json() -> None:
    mine = ProfileSpec(name="Line 3 SAC305", peak_min_c=238, peak_max_c=248, tal_min_s=50)
    text = profile_specs.dumps([*profile_specs.PRESETS.values(), mine])
    back = profile_specs.loads(text)
    assert back[-1] == mine
    assert back[:3] == list(profile_specs.PRESETS.values())
    assert json.loads(text)[-1]["name"] == "Line 3 SAC305"


def test_bad_spec_files_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="line 1 column"):
        profile_specs.loads("{not json", source="my.json")
    with pytest.raises(ValueError, match="unknown profile spec field"):
        profile_specs.loads('{"name": "x", "peek_max_c": 250}')
    with pytest.raises(ValueError, match=r"peak_min_c 250\.0 is above peak_max_c 240\.0"):
        profile_specs.loads('{"name": "x", "peak_min_c": 250, "peak_max_c": 240}')
    with pytest.raises(ValueError, match="already exists"):
        profile_specs.library([ProfileSpec(name="J-STD-020 Pb-free")])


def test_unanalysable_curves_are_refused() -> None:
    with pytest.raises(ProfileError, match="strictly increasing"):
        ThermalProfile.from_columns([0.0, 1.0, 1.0], {"TC1": [25.0, 26.0, 27.0]})
    with pytest.raises(ProfileError, match="fewer than two valid"):
        analyse(ThermalProfile.from_columns([0.0, 1.0], {"TC1": [25.0, float("nan")]}))


def test_samples_round_trip_exactly() -> None:
    p = board(0.0, -1.25)
    back = ThermalProfile.from_samples_bytes(p.channels, p.samples_bytes())
    assert np.array_equal(back.temps_c, p.temps_c)
    assert np.array_equal(back.times_s, p.times_s)


def test_time_above_counts_partial_segments() -> None:
    t = np.array([0.0, 10.0])
    assert time_above(t, np.array([200.0, 220.0]), 217.0) == pytest.approx(1.5)
