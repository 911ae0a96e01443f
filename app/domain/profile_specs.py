"""Preset reflow profile specifications and the JSON form technicians keep their own specs in.

The J-STD-020 presets carry the classification profile limits of IPC/JEDEC J-STD-020 (Table 5-2,
"Classification reflow profiles"): what a moisture-sensitive component was qualified to survive.
A board assembly profile must stay inside them, so the peak limit is the *highest* package
classification temperature Tc (260 °C Pb-free, 235 °C Sn-Pb); stations building boards with
bigger packages copy the preset and lower ``peak_max_c`` to their package's Tc (245/250 °C
Pb-free, 220 °C Sn-Pb). J-STD-020 states its ramp-up limit between liquidus and peak; we apply it
over the whole curve, which is the stricter reading.

The SAC305 preset is a typical solder paste supplier's window (liquidus 217 °C, peak 235-250 °C,
45-90 s above liquidus, 60-120 s soak from 150 to 200 °C), a starting point to be replaced by the
paste datasheet in use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from app.domain.profile import ProfileSpec

JSTD020_PB_FREE = ProfileSpec(
    name="J-STD-020 Pb-free",
    description="IPC/JEDEC J-STD-020 classification limits, Pb-free assembly (Tc 260 °C)",
    liquidus_c=217.0,
    soak_low_c=150.0,
    soak_high_c=200.0,
    soak_min_s=60.0,
    soak_max_s=120.0,
    ramp_up_max_c_s=3.0,
    tal_min_s=60.0,
    tal_max_s=150.0,
    peak_max_c=260.0,
    peak_band_max_s=30.0,
    ramp_down_max_c_s=6.0,
    room_to_peak_max_s=480.0,
)

JSTD020_SNPB = ProfileSpec(
    name="J-STD-020 Sn-Pb",
    description="IPC/JEDEC J-STD-020 classification limits, Sn-Pb eutectic assembly (Tc 235 °C)",
    liquidus_c=183.0,
    soak_low_c=100.0,
    soak_high_c=150.0,
    soak_min_s=60.0,
    soak_max_s=120.0,
    ramp_up_max_c_s=3.0,
    tal_min_s=60.0,
    tal_max_s=150.0,
    peak_max_c=235.0,
    peak_band_max_s=20.0,
    ramp_down_max_c_s=6.0,
    room_to_peak_max_s=360.0,
)

SAC305_PASTE = ProfileSpec(
    name="SAC305 paste (typical)",
    description="Typical SAC305 (Sn96.5Ag3.0Cu0.5) paste window; replace with the paste datasheet",
    liquidus_c=217.0,
    soak_low_c=150.0,
    soak_high_c=200.0,
    soak_min_s=60.0,
    soak_max_s=120.0,
    peak_min_c=235.0,
    peak_max_c=250.0,
    tal_min_s=45.0,
    tal_max_s=90.0,
    ramp_up_max_c_s=3.0,
    ramp_down_max_c_s=4.0,
    room_to_peak_max_s=300.0,
    delta_t_max_c=10.0,
)

PRESETS: dict[str, ProfileSpec] = {s.name: s for s in (JSTD020_PB_FREE, JSTD020_SNPB, SAC305_PASTE)}


def dumps(specs: Iterable[ProfileSpec]) -> str:
    """Specs as a JSON document (a list of objects), one key order, for files and the database."""
    return json.dumps([s.to_dict() for s in specs], indent=2, ensure_ascii=False, sort_keys=True)


def loads(text: str, *, source: str = "profile specs") -> list[ProfileSpec]:
    """Reads specs written by :func:`dumps` (a list, or a single object).

    Raises:
        ValueError: not JSON (with the position), not objects, or a spec with bad fields.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{source} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    items = data if isinstance(data, list) else [data]
    specs: list[ProfileSpec] = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ValueError(f"{source}: entry {n} is not an object")
        try:
            specs.append(ProfileSpec.from_dict(item))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{source}: entry {n}: {exc}") from exc
    return specs


def library(custom: Iterable[ProfileSpec] = ()) -> dict[str, ProfileSpec]:
    """The presets plus a station's own specs; a custom spec may not reuse a preset's name.

    Raises:
        ValueError: a custom spec named like a preset or like another custom spec.
    """
    specs = dict(PRESETS)
    for spec in custom:
        if spec.name in specs:
            raise ValueError(
                f"a profile spec named {spec.name!r} already exists: choose another name"
            )
        specs[spec.name] = spec
    return specs
