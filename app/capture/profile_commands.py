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
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.capture.stored_profiles import StoredProfiles
from app.commands import EXIT_OK, add_db, db_path, fail, guarded, print_table
from app.domain.profile import ProfileError, ProfileSpec, ThermalProfile
from app.domain.profile_specs import PRESETS, SAC305_PASTE
from app.store.database import open_database
from app.store.masterdata import MasterData
from app.store.profiles import latest_for, spec_library
from app.store.station_store import StationStore
from drivers import cfx, profile_csv, profile_stream
from drivers.base import Quality

EXIT_NOT_FOUND = 1
#: The station setting (in ``stations.settings``) naming the spec its profiles are measured against.
STATION_SPEC_SETTING = "profile_spec"
DEFAULT_SPEC = SAC305_PASTE
DRIVERS = ("profile-csv", "cfx", "profile-stream")
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


# -- decoding -------------------------------------------------------------------------------------
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


# -- choosing the spec ----------------------------------------------------------------------------
def choose_spec(conn: sqlite3.Connection, station: str, name: str | None) -> ProfileSpec:
    """``name``, else the station's configured spec, else the SAC305 preset.

    Raises:
        ValueError: an unknown station or spec (the message lists the known ones).
    """
    specs = spec_library(conn)
    found = MasterData(conn).station(station)
    if found is None:
        known = ", ".join(MasterData(conn).station_ids()) or "none"
        raise ValueError(f"no station {station!r} in this database (stations: {known})")
    configured = found.settings.get(STATION_SPEC_SETTING)
    wanted = name or configured
    if wanted is None:
        return DEFAULT_SPEC
    if wanted not in specs:
        whose = "" if name else f"station {station}'s setting {STATION_SPEC_SETTING} names "
        raise ValueError(
            f"{whose}no profile spec called {wanted!r}: choose one of "
            + ", ".join(repr(s) for s in specs)
        )
    return specs[wanted]


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


def profile_details(conn: sqlite3.Connection, profile_id: str) -> dict[str, Any] | None:
    """Everything recorded about one profile except its samples, JSON-ready; None if unknown."""
    row = conn.execute(
        "SELECT id, station, recorded_at, measured_at, source, instrument, oven, recipe, channels, "
        "sample_count, sha256, spec_name, spec, passed, violations, metrics, meta, journal_key "
        "FROM profiles WHERE id = ?",
        (profile_id,),
    ).fetchone()
    if row is None:
        return None
    serials = conn.execute(
        "SELECT serial, kind FROM profile_boards WHERE profile_id = ? ORDER BY rowid", (profile_id,)
    ).fetchall()
    metrics = json.loads(row[15])
    return {
        "id": row[0],
        "station": row[1],
        "recorded_at": row[2],
        "measured_at": row[3],
        "source": row[4],
        "instrument": row[5],
        "oven": row[6],
        "recipe": row[7],
        "channels": json.loads(row[8]),
        "sample_count": row[9],
        "sha256": row[10],
        "spec": json.loads(row[12]),
        "spec_name": row[11],
        "passed": bool(row[13]),
        "violations": json.loads(row[14]),
        "metrics": metrics if "channels" in metrics else None,
        "reported": metrics.get("reported"),
        "meta": json.loads(row[16]),
        "journal_key": row[17],
        "boards": [s for s, kind in serials if kind == "board"],
        "panels": [s for s, kind in serials if kind == "panel"],
    }


def history(conn: sqlite3.Connection, serial: str) -> list[dict[str, Any]]:
    """Every profile recorded for a board or panel serial, newest first."""
    rows = conn.execute(
        "SELECT p.id, p.measured_at, p.passed, p.spec_name FROM profile_boards b "
        "JOIN profiles p ON p.id = b.profile_id WHERE b.serial = ? "
        "ORDER BY p.measured_at DESC, p.recorded_at DESC",
        (serial,),
    ).fetchall()
    return [{"id": r[0], "measured_at": r[1], "passed": bool(r[2]), "spec": r[3]} for r in rows]


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
        revisions = {
            r[0]: {"revision": r[1], "saved_at": r[2], "saved_by": r[3]}
            for r in conn.execute(
                "SELECT name, revision, saved_at, saved_by FROM profile_specs s WHERE revision = "
                "(SELECT max(revision) FROM profile_specs t WHERE t.name = s.name)"
            )
        }
        stations = MasterData(conn)
        defaults: dict[str, list[str]] = {}
        for sid in stations.station_ids():
            st = stations.station(sid)
            chosen = (st.settings.get(STATION_SPEC_SETTING) if st else None) or DEFAULT_SPEC.name
            defaults.setdefault(str(chosen), []).append(sid)
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
