"""The ``lineside profile`` verbs: import a reflow profile for boards, show one, list the specs.

``import`` decodes a profiler file with one of the profile drivers, measures it against a spec
and records it for its board and panel serials, so the capture core finds its verdict. The spec
is ``--spec``, else the one named by the station's ``profile_spec`` setting, else the typical
SAC305 paste window. A failed profile is still recorded (exit 0): the verdict is data, and it is
what makes the capture core refuse the board. An IPC-CFX profiler message carries its own board
barcodes and its own verdict against the profiler's process window; it is recorded as reported.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.capture.stored_profiles import StoredProfiles
from app.cli.common import EXIT_OK, add_db, db_path, fail, guarded, print_table
from app.domain.profile import ProfileError
from app.domain.profile_specs import PRESETS
from app.store.database import open_database
from app.store.profiles import (
    DEFAULT_SPEC,
    STATION_SPEC_SETTING,
    choose_spec,
    history,
    latest_for,
    profile_details,
    spec_library,
    spec_revisions,
    stations_by_spec,
)
from app.store.station_store import StationStore
from drivers.profile_files import Planned, Unreadable, read_cfx, read_csv, read_stream

EXIT_NOT_FOUND = 1
DRIVERS = ("profile-csv", "cfx", "profile-stream")


# -- import ---------------------------------------------------------------------------------------
def _serials(boards: list[str], panels: list[str]) -> str:
    parts = []
    if boards:
        parts.append(("board " if len(boards) == 1 else "boards ") + ", ".join(boards))
    if panels:
        parts.append(("panel " if len(panels) == 1 else "panels ") + ", ".join(panels))
    return " and ".join(parts)


def _range(values: list[float], unit: str) -> str:
    low, high = min(values), max(values)
    return f"{low:.1f} {unit}" if abs(high - low) < 0.05 else f"{low:.1f}-{high:.1f} {unit}"


def _print_verdict(passed: bool, spec_name: str, messages: list[str], extra: str = "") -> None:
    if passed:
        print(f"PASSED against {spec_name}{extra}")
        return
    count = len(messages)
    print(f"FAILED against {spec_name}: {count} limit{'s' if count != 1 else ''} violated{extra}")
    for message in messages:
        print(f"  - {message}")


@guarded
def cmd_import(args: argparse.Namespace) -> int:
    """Decodes a profiler file, measures it against the spec and records it for its boards."""
    path = Path(args.file)
    boards, panels = list(dict.fromkeys(args.board)), list(dict.fromkeys(args.panel))
    if args.driver == "cfx" and args.spec:
        return fail(
            "--spec does not apply to cfx: a CFX profiler message carries the profiler's own "
            "verdict against its process window, and no curve to measure"
        )
    try:
        if args.driver == "cfx":
            report = read_cfx(path)
            planned: list[Planned] = []
        elif args.driver == "profile-csv":
            planned = [read_csv(path)]
        else:
            planned = read_stream(path)
    except Unreadable as exc:
        return fail(str(exc))
    store = StationStore(db_path(args))
    try:
        try:
            spec = choose_spec(store.reader, args.station, args.spec)
        except ValueError as exc:
            return fail(str(exc))
        profiles = StoredProfiles(store, args.station)
        if args.driver == "cfx":
            return _import_reported(profiles, report, boards, panels, args)
        given = [p for p in planned if not p.boards and not p.panels]
        if len(given) > 1 and (boards or panels):
            return fail(
                f"{path} holds {len(given)} runs that name no board: record them one file at a "
                "time so each gets the right --board/--panel"
            )
        for p in planned:
            p.boards = list(dict.fromkeys(p.boards + boards))
            p.panels = list(dict.fromkeys(p.panels + panels))
            if not p.boards and not p.panels:
                return fail(
                    f"{path}: the profile names no board or panel: give --board SERIAL "
                    "(repeat for several) or --panel SERIAL; nothing was recorded"
                )
        results: list[dict[str, Any]] = []
        for p in planned:
            for warning in p.warnings:
                print(f"lineside: warning: {warning}", file=sys.stderr)
            try:
                stored = profiles.record(
                    p.profile,
                    spec,
                    boards=p.boards,
                    panels=p.panels,
                    recipe=args.recipe or p.recipe,
                    oven=p.oven,
                    source=args.driver,
                )
            except ProfileError as exc:
                return fail(f"{path}: the curve cannot be measured: {exc}; nothing was recorded")
            verdict = stored.verdict
            results.append(
                {
                    "id": stored.id,
                    "station": args.station,
                    "boards": p.boards,
                    "panels": p.panels,
                    "recipe": stored.recipe,
                    "passed": verdict.passed,
                    "spec": verdict.spec_name,
                    "violations": list(verdict.messages),
                    "metrics": verdict.metrics.as_content(),
                }
            )
            if args.json:
                continue
            m = verdict.metrics
            _print_verdict(verdict.passed, verdict.spec_name, list(verdict.messages))
            print(
                f"  peak {_range([c.peak_c for c in m.channels], '°C')}, time above liquidus "
                f"{_range([c.time_above_liquidus_s for c in m.channels], 's')}, delta-T "
                f"{m.delta_t_peak_c:.1f} °C over {len(m.channels)} thermocouples"
            )
            print(
                f"profile {stored.id} recorded at {args.station} for "
                f"{_serials(p.boards, p.panels)}"
                + (f" (recipe {stored.recipe})" if stored.recipe else "")
            )
        if args.json:
            print(json.dumps(results, ensure_ascii=False, indent=1))
        return EXIT_OK
    finally:
        store.close()


def _import_reported(
    profiles: StoredProfiles,
    report: dict[str, Any],
    boards: list[str],
    panels: list[str],
    args: argparse.Namespace,
) -> int:
    report["boards"] = list(dict.fromkeys([*report["boards"], *boards]))
    report["panels"] = panels
    if args.recipe:
        report["recipe"] = args.recipe
    profile_id = profiles.record_reported(**report)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": profile_id,
                        "station": args.station,
                        "boards": report["boards"],
                        "panels": panels,
                        "recipe": report["recipe"],
                        "passed": report["passed"],
                        "spec": report["spec_name"],
                        "violations": report["violations"],
                        "reported": report["details"],
                    }
                ],
                ensure_ascii=False,
                indent=1,
                default=str,
            )
        )
        return EXIT_OK
    _print_verdict(
        report["passed"],
        report["spec_name"],
        report["violations"],
        " (as reported by the profiler)",
    )
    print(
        f"profile {profile_id} recorded at {args.station} for "
        f"{_serials(report['boards'], panels)}"
        + (f" (recipe {report['recipe']})" if report["recipe"] else "")
    )
    return EXIT_OK


# -- show -----------------------------------------------------------------------------------------
CHANNEL_TABLE = [
    ("channel", "TC"),
    ("peak_c", "Peak °C"),
    ("peak_at_s", "at s"),
    ("time_above_liquidus_s", "TAL s"),
    ("time_within_peak_band_s", "Peak-5 °C s"),
    ("soak_s", "Soak s"),
    ("max_ramp_up_c_s", "Up °C/s"),
    ("max_ramp_down_c_s", "Down °C/s"),
    ("time_room_to_peak_s", "25 °C-peak s"),
]


def _rounded_row(channel: dict[str, Any]) -> dict[str, Any]:
    """One thermocouple's figures as a profiler shows them: 0.1 °C / 0.1 s, ramps to 0.01 °C/s."""
    row: dict[str, Any] = {}
    for key, value in channel.items():
        if isinstance(value, float):
            row[key] = f"{value:.2f}" if key.startswith("max_ramp") else f"{value:.1f}"
        else:
            row[key] = value
    return row


def _print_details(d: dict[str, Any], earlier: list[dict[str, Any]]) -> None:
    print(f"profile {d['id']}")
    print(f"  {_serials(d['boards'], d['panels'])}")
    print(
        f"  station {d['station']}, source {d['source']}, instrument {d['instrument']}"
        + (f", oven {d['oven']}" if d["oven"] else "")
        + (f", recipe {d['recipe']}" if d["recipe"] else "")
    )
    print(f"  measured {d['measured_at']}, recorded {d['recorded_at']}")
    for key, value in sorted(d["meta"].items()):
        if key in ("damaged_lines", "incomplete", "samples_lost", "start_time_zone"):
            print(f"  note: {key.replace('_', ' ')}: {value}")
    metrics = d["metrics"]
    if metrics is not None:
        spec = d["spec"]
        print(
            f"  {d['sample_count']} samples on {len(d['channels'])} thermocouples; liquidus "
            f"{spec['liquidus_c']:g} °C, soak {spec['soak_low_c']:g}-{spec['soak_high_c']:g} °C, "
            f"ramps over {spec['ramp_window_s']:g} s"
        )
        print()
        print_table([_rounded_row(c) for c in metrics["channels"].values()], CHANNEL_TABLE)
        print()
        print(
            f"delta-T across thermocouples: peak {metrics['delta_t_peak_c']:.1f} °C, time above "
            f"liquidus {metrics['delta_t_tal_s']:.1f} s"
        )
    else:
        print("  no curve: the verdict was reported by the profiler")
        for key, value in (d["reported"] or {}).items():
            if value is not None:
                print(f"  {key.replace('_', ' ')}: {value}")
    _print_verdict(
        d["passed"],
        d["spec_name"],
        [v["message"] for v in d["violations"]],
        "" if metrics is not None else " (as reported by the profiler)",
    )
    if earlier:
        print(f"\nearlier profiles of this serial ({len(earlier)}), newest first:")
        for e in earlier:
            print(
                f"  {e['id']}  {e['measured_at']}  {'PASSED' if e['passed'] else 'FAILED'}  {e['spec']}"
            )


@guarded
def cmd_show(args: argparse.Namespace) -> int:
    """Shows a profile's metrics per thermocouple and its verdict."""
    db = open_database(db_path(args), readonly=True)
    try:
        conn = db.conn
        earlier: list[dict[str, Any]] = []
        if args.board is not None:
            newest = latest_for(conn, args.board)
            if newest is None:
                return fail(f"no profile recorded for {args.board}", EXIT_NOT_FOUND)
            profile_id = newest.id
            earlier = [h for h in history(conn, args.board) if h["id"] != profile_id]
        else:
            profile_id = args.id
        details = profile_details(conn, profile_id)
    finally:
        db.close()
    if details is None:
        return fail(f"no profile with id {profile_id}", EXIT_NOT_FOUND)
    if args.json:
        if args.board is not None:
            details["earlier"] = earlier
        print(json.dumps(details, ensure_ascii=False, indent=1))
    else:
        _print_details(details, earlier)
    return EXIT_OK


# -- specs ----------------------------------------------------------------------------------------
def _window(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    if low is None:
        return f"≤{high:g}"
    if high is None:
        return f"≥{low:g}"
    return f"{low:g}-{high:g}"


def _most(high: float | None) -> str:
    return "" if high is None else f"≤{high:g}"


SPEC_TABLE = [
    ("name", "Spec"),
    ("kind", "Kind"),
    ("liquidus", "Liq °C"),
    ("soak_band", "Soak band °C"),
    ("soak", "Soak s"),
    ("peak", "Peak °C"),
    ("tal", "TAL s"),
    ("band", "Peak-5 °C s"),
    ("up", "Up °C/s"),
    ("down", "Down °C/s"),
    ("room", "25 °C-peak s"),
    ("delta", "ΔT °C"),
]


@guarded
def cmd_specs(args: argparse.Namespace) -> int:
    """Lists the preset profile specs and the station's own, with their limits."""
    db = open_database(db_path(args), readonly=True)
    try:
        conn = db.conn
        specs = spec_library(conn)
        revisions = spec_revisions(conn)
        defaults = stations_by_spec(conn)
    finally:
        db.close()
    entries = []
    for name, spec in specs.items():
        entry: dict[str, Any] = {
            "name": name,
            "kind": "preset" if name in PRESETS else "station",
            "default_for": defaults.get(name, []),
            "limits": spec.to_dict(),
        }
        if name in revisions:
            entry.update(revisions[name])
        entries.append(entry)
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=1))
        return EXIT_OK
    rows = []
    for e in entries:
        s = specs[e["name"]]
        rows.append(
            {
                "name": e["name"],
                "kind": e["kind"] if e["kind"] == "preset" else f"station r{e['revision']}",
                "liquidus": f"{s.liquidus_c:g}",
                "soak_band": f"{s.soak_low_c:g}-{s.soak_high_c:g}",
                "soak": _window(s.soak_min_s, s.soak_max_s),
                "peak": _window(s.peak_min_c, s.peak_max_c),
                "tal": _window(s.tal_min_s, s.tal_max_s),
                "band": _window(s.peak_band_min_s, s.peak_band_max_s),
                "up": _most(s.ramp_up_max_c_s),
                "down": _most(s.ramp_down_max_c_s),
                "room": _most(s.room_to_peak_max_s),
                "delta": _most(s.delta_t_max_c),
            }
        )
    print_table(rows, SPEC_TABLE)
    print()
    for e in entries:
        if e["default_for"]:
            print(f"default at {', '.join(e['default_for'])}: {e['name']}")
    return EXIT_OK


# -- registration ---------------------------------------------------------------------------------
def register(sub: Any) -> None:
    """Adds ``lineside profile import|show|specs``."""
    parser = sub.add_parser("profile", help="record and look at reflow thermal profiles")
    verbs = parser.add_subparsers(dest="profile_verb", metavar="VERB", required=True)

    p = verbs.add_parser(
        "import",
        help="record a profiler file for boards or panels, measured against a spec",
        description=(
            "Decodes FILE with the driver, measures it against --spec (default: the station's "
            f"'{STATION_SPEC_SETTING}' setting, else {DEFAULT_SPEC.name!r}) and records it. "
            "Exit 0 when recorded, even when the profile failed; 2 when FILE cannot be read."
        ),
    )
    add_db(p)
    p.add_argument("--station", required=True, help="the station recording the profile")
    p.add_argument("--driver", required=True, choices=DRIVERS)
    p.add_argument("file", metavar="FILE", help="profiler export, stream transcript or CFX message")
    p.add_argument(
        "--board",
        action="append",
        default=[],
        metavar="SERIAL",
        help="a board the profile belongs to (repeat; a CFX message names its own)",
    )
    p.add_argument(
        "--panel", action="append", default=[], metavar="SERIAL", help="a panel serial (repeat)"
    )
    p.add_argument("--recipe", metavar="NAME", help="the oven recipe (default: what the file says)")
    p.add_argument("--spec", metavar="NAME", help="the profile spec to measure against")
    p.add_argument(
        "--json", action="store_true", help="machine-readable output (a list: one per run)"
    )
    p.set_defaults(func=cmd_import)

    p = verbs.add_parser("show", help="a profile's metrics per thermocouple and its verdict")
    add_db(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--board", metavar="SERIAL", help="the newest profile of a board or panel")
    which.add_argument("--id", metavar="ID", help="a profile by its id")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_show)

    p = verbs.add_parser("specs", help="the preset and the station's own profile specs")
    add_db(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_specs)
