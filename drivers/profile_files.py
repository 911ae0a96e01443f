"""Profiler files as curves to record: a CSV export, a captured stream transcript, a CFX message.

``lineside profile import`` reads files through these; the drivers underneath
(:mod:`drivers.profile_csv`, :mod:`drivers.profile_stream`, :mod:`drivers.cfx`) do the decoding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.profile import ProfileError, ThermalProfile
from drivers import cfx, profile_csv, profile_stream
from drivers.base import Quality

_FRAMING = re.compile(rb"[\x02\x03]")


class Unreadable(ValueError):
    """The file cannot be read as the driver's format; the message names the file and where."""


@dataclass
class Planned:
    """One curve to record, with the serials and recipe it belongs to."""

    profile: ThermalProfile
    boards: list[str]
    panels: list[str]
    recipe: str | None
    oven: str | None
    warnings: list[str] = field(default_factory=list)


def read_csv(path: Path) -> Planned:
    """A profiler CSV export as one curve.

    Raises:
        Unreadable: not readable, or not an export (the message names the line).
    """
    try:
        imported = profile_csv.load(path)
    except OSError as exc:
        raise Unreadable(f"cannot read {path}: {exc.strerror or exc}") from exc
    except profile_csv.NotAProfileExport as exc:
        raise Unreadable(str(exc)) from exc
    meta = {k.lower(): v for k, v in imported.profile.meta.items()}
    out_of_range = sum(1 for r in imported.readings if r.quality is Quality.OUT_OF_RANGE)
    warnings = (
        [f"{path}: {out_of_range} value(s) outside the profiler's range left out of the curve"]
        if out_of_range
        else []
    )
    return Planned(
        imported.profile, [], [], meta.get("recipe") or None, meta.get("oven") or None, warnings
    )


def read_stream(path: Path) -> list[Planned]:
    """Every run of a captured profiler stream transcript.

    Damaged lines are skipped and named (file and line) in the run's warnings and metadata.

    Raises:
        Unreadable: not readable, or no run with at least two samples in it.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot read {path}: {exc.strerror or exc}") from exc
    assembler = profile_stream.Assembler("profiler")
    damaged: list[tuple[int, str]] = []
    lines = data.splitlines()
    for lineno, physical in enumerate(lines, 1):
        for part in _FRAMING.split(physical):
            if not part.strip():
                continue
            try:
                assembler.feed(part)
            except profile_stream.BadLine as exc:
                damaged.append((lineno, str(exc)))
    assembler._close_run(complete=False)
    runs = [r for r in assembler.completed if len(r.times) >= 2]
    if not runs:
        where = (
            f"; {len(damaged)} damaged line(s), the first at line {damaged[0][0]}: {damaged[0][1]}"
            if damaged
            else ""
        )
        raise Unreadable(
            f"{path}: no profiler run with two or more samples in {len(lines)} line(s){where}"
        )
    planned: list[Planned] = []
    for run in runs:
        try:
            curve = run.profile()
        except ProfileError as exc:
            raise Unreadable(f"{path}: run {run.run_id}: {exc}") from exc
        warnings: list[str] = []
        if damaged:
            numbers = ", ".join(str(n) for n, _ in damaged[:10]) + (
                " …" if len(damaged) > 10 else ""
            )
            curve.meta["damaged_lines"] = numbers
            warnings.append(
                f"{path}: skipped {len(damaged)} damaged line(s) (line {numbers}); "
                f"first: {damaged[0][1]}"
            )
        if not run.complete:
            curve.meta["incomplete"] = "no END line: the run may be cut short"
            warnings.append(f"{path}: run {run.run_id} has no END line: it may be cut short")
        if "samples_lost" in curve.meta:
            warnings.append(
                f"{path}: run {run.run_id} lost {curve.meta['samples_lost']} sample(s) on the way"
            )
        planned.append(
            Planned(curve, list(run.boards), list(run.panels), run.recipe, run.oven, warnings)
        )
    return planned


def read_cfx(path: Path) -> dict[str, Any]:
    """A CFX profiler message as the arguments of a reported profile.

    Raises:
        Unreadable: not readable, not JSON (with the position), or no profiler verdict in it.
    """
    try:
        message = cfx.load(path)
        return cfx.profile_report(message)
    except OSError as exc:
        raise Unreadable(f"cannot read {path}: {exc.strerror or exc}") from exc
    except cfx.CfxError as exc:
        text = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
        raise Unreadable(text if "refused" in text else f"{text}; nothing was recorded") from exc
