"""The moisture-sensitive device verbs: ``msd floor-life`` (the J-STD-033 audit calculator),
``msd open|dry-in|dry-out|bake|seal`` (a pack's events) and ``msd reels`` (every open pack)."""

from __future__ import annotations

import argparse
import csv
import json
from datetime import UTC, datetime
from pathlib import Path

from app.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    add_db,
    db_path,
    fail,
    guarded,
    print_table,
)
from app.domain.entry import EntryMethod
from app.domain.msd import (
    LEVELS,
    Accumulation,
    FloorLifeResult,
    MsdError,
    Policy,
    Reading,
    floor_life,
)


def _time(text: str, what: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise MsdError(
            f"{what} {text!r} is not an ISO 8601 time; write it like 2026-01-05T08:00 "
            "(UTC unless it carries an offset such as +01:00)"
        ) from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def read_conditions(path: Path) -> list[Reading]:
    """The ``time,temperature_c,rh`` rows of a conditions CSV (a header row is allowed).

    Raises:
        MsdError: the file is missing, a line is garbled, or the times are out of order.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MsdError(f"cannot read the conditions file {path}: {exc.strerror}") from exc
    readings: list[Reading] = []
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if number == 1 and row[0].strip().lower() == "time":
            continue
        where = f"{path}, line {number}"
        if len(row) != 3:
            raise MsdError(
                f"{where}: {len(row)} fields; each line is time,temperature_c,rh "
                "(e.g. 2026-01-05T08:00,24.5,45)"
            )
        try:
            t = _time(row[0], "time")
            temperature, rh = float(row[1]), float(row[2])
        except (MsdError, ValueError) as exc:
            raise MsdError(f"{where}: {exc}; each line is time,temperature_c,rh") from exc
        if not 0 <= rh <= 100:
            raise MsdError(f"{where}: relative humidity {rh:g} is not between 0 and 100 %RH")
        if readings and t <= readings[-1].time:
            raise MsdError(
                f"{where}: {t.isoformat()} is not after the line before "
                f"({readings[-1].time.isoformat()}); sort the rows by time"
            )
        readings.append(Reading(t, temperature, rh))
    if not readings:
        raise MsdError(f"{path} has no time,temperature_c,rh rows")
    return readings


def _print_human(result: FloorLifeResult) -> None:
    data = result.as_json()
    life = "unlimited" if data["floor_life_h"] is None else f"{data['floor_life_h']} h"
    print(f"MSL {data['msl']}: floor life {life} ({data['basis']['floor_life_row']})")
    print(f"exposure  {data['exposure_h']} h")
    remaining = "unlimited" if data["remaining_h"] is None else f"{data['remaining_h']} h"
    print(f"remaining {remaining}")
    if result.exceeded:
        print(f"EXCEEDED by {data['exceeded_by_h']} h: bake before use (J-STD-033 Table 4-1)")
    policy = data["basis"]["policy"]
    print(f"policy    rounding={policy['rounding']} accumulation={policy['accumulation']}")
    for note in result.notes:
        print(f"note      {note}")


def cmd_floor_life(args: argparse.Namespace) -> int:
    """Floor life of moisture-sensitive parts out of their dry pack; exit 2 on bad input."""
    try:
        opened = _time(args.opened, "--opened")
        at = _time(args.at, "--at")
        readings = read_conditions(args.conditions) if args.conditions else []
        result = floor_life(
            args.msl,
            opened,
            at,
            readings,
            thickness_mm=args.thickness,
            time_on_label_h=args.time_on_label,
            policy=Policy(accumulation=Accumulation(args.accumulation)),
        )
    except MsdError as exc:
        return fail(str(exc), EXIT_USAGE)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        _print_human(result)
    return EXIT_OK


def cmd_event(args: argparse.Namespace) -> int:
    """Records a pack's MSD event (scanned label or lot)."""
    from app.capture import floor_life
    from app.cli.receiving import _Refused, logged_in

    try:
        at = None if args.at is None else _time(args.at, "--at")
        end = None if args.end is None else _time(args.end, "--end")
        with logged_in(args) as session:
            pack = floor_life.pack_of(session, args.label, EntryMethod.TYPED)
            event = floor_life.record(
                session,
                pack,
                args.msd_verb,
                at=at,
                end=end,
                temperature_c=args.temperature,
                rh=args.rh,
                place=args.place,
            )
    except _Refused as exc:
        return fail(str(exc), exc.code)
    except (floor_life.FloorLifeError, MsdError) as exc:
        return fail(str(exc), EXIT_REFUSED)
    print(
        f"{pack.described} (lot {pack.lot_id}): {event.kind} at {floor_life.local(_time(event.at, 'at'))}"
    )
    return EXIT_OK


def cmd_reels(args: argparse.Namespace) -> int:
    """Every open MSD pack with its floor life left, least first."""
    from app.capture import floor_life
    from app.store.station_store import StationStore

    try:
        at = datetime.now(UTC) if args.at is None else _time(args.at, "--at")
    except MsdError as exc:
        return fail(str(exc), EXIT_USAGE)
    store = StationStore(db_path(args))
    try:
        reels = floor_life.open_reels(store.reader, at)
    finally:
        store.close()
    if args.json:
        print(json.dumps(reels, ensure_ascii=False))
        return EXIT_OK
    if not reels:
        print("no moisture-sensitive pack is open")
        return EXIT_OK
    rows = []
    for r in reels:
        left = r.get("remaining_h")
        rows.append(
            {
                **r,
                "opened": floor_life.local(_time(r["opened"], "opened")) if r.get("opened") else "",
                "left": r.get("error")
                or (
                    "EXCEEDED: bake it"
                    if r.get("exceeded")
                    else ("unlimited" if left is None else floor_life.duration(left))
                ),
            }
        )
    print_table(
        rows,
        [
            ("pack", "Pack"),
            ("lot", "Lot"),
            ("part_number", "Part"),
            ("msl", "MSL"),
            ("state", "State"),
            ("opened", "Opened"),
            ("exposure_h", "Exposure h"),
            ("left", "Floor life left"),
        ],
    )
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``msd floor-life``, the pack events and ``msd reels``."""
    msd = sub.add_parser("msd", help="moisture-sensitive devices (IPC/JEDEC J-STD-033)")
    verbs = msd.add_subparsers(dest="msd_verb", metavar="VERB", required=True)
    p = verbs.add_parser(
        "floor-life",
        help="floor life left of parts out of their dry pack",
        description=(
            "Floor life per J-STD-033 Table 5-1, derated by Table 7-1 for conditions other than "
            "30 °C/60 %%RH (bodies >= 3.1 mm only). Times are ISO 8601, UTC unless they carry "
            "an offset. Exit 2 names an input the tables do not cover."
        ),
    )
    p.add_argument("--msl", required=True, help=f"level: {', '.join(LEVELS)}")
    p.add_argument("--thickness", type=float, default=None, metavar="MM", help="body thickness")
    p.add_argument("--opened", required=True, metavar="TIME", help="when the dry pack was opened")
    p.add_argument("--at", required=True, metavar="TIME", help="when to read the clock")
    p.add_argument(
        "--conditions",
        type=Path,
        default=None,
        metavar="CSV",
        help="time,temperature_c,rh rows, each holding until the next (default 30 °C/60 %%RH)",
    )
    p.add_argument(
        "--time-on-label",
        type=float,
        default=None,
        metavar="HOURS",
        help="MSL 6 only: the time on the caution label",
    )
    p.add_argument(
        "--accumulation",
        choices=[a.value for a in Accumulation],
        default=Accumulation.CONSUMED_FRACTION.value,
        help="how changing conditions add up (default: %(default)s)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_floor_life)
    from app.cli.auth import add_auth

    helps = {
        "open": "the dry pack is opened: the floor-life clock starts",
        "dry-in": "into a dry cabinet (give its --rh, else 10 %%RH)",
        "dry-out": "out of the dry cabinet",
        "bake": "baked (--place OVEN --temperature C --at START --end END)",
        "seal": "resealed in a dry bag with desiccant (the next open resumes the clock)",
    }
    for verb, text in helps.items():
        p = verbs.add_parser(verb, help=text)
        add_db(p)
        p.add_argument("--station", required=True)
        add_auth(p)
        p.add_argument("label", help="the reel's or bag's label, or our lot label, as scanned")
        p.add_argument("--at", default=None, metavar="TIME", help="when (default: now)")
        p.add_argument("--end", default=None, metavar="TIME", help="a bake's end")
        p.add_argument("--temperature", type=float, default=None, metavar="C")
        p.add_argument("--rh", type=float, default=None, metavar="PERCENT")
        p.add_argument("--place", default="", help="the oven or dry cabinet")
        p.set_defaults(func=guarded(cmd_event))
    p = verbs.add_parser("reels", help="every open MSD pack and its floor life left")
    add_db(p)
    p.add_argument("--at", default=None, metavar="TIME", help="read the clocks at (default: now)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(cmd_reels))
