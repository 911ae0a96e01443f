"""``lineside instruments``: the station's instrument configuration and calibration records."""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from app.capture.session import CaptureSession
from app.cli.auth import NotAuthenticated, add_auth, authenticate
from app.cli.common import (
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_REFUSED,
    UNITS,
    add_db,
    db_path,
    fail,
    guarded,
)
from app.cli.drivers import options_args, parse_options
from app.domain.environment import Calibration, EnvWindow
from app.domain.instruments import InstrumentConfig, InstrumentError
from app.store import instruments
from app.store.station_store import StationStore
from drivers import registry
from drivers.base import SerialSettings

T = TypeVar("T")


def parse_alarm(text: str) -> EnvWindow:
    """``QUANTITY:LOW:HIGH[:MAX_AGE_S]`` (LOW or HIGH may be empty) as an alarm window.

    Raises:
        ValueError: naming what is wrong.
    """
    parts = text.split(":")
    if len(parts) not in (3, 4) or parts[0] not in UNITS:
        raise ValueError(
            f"--alarm {text!r}: write QUANTITY:LOW:HIGH[:MAX_AGE_S] with QUANTITY one of "
            f"{', '.join(UNITS)}, e.g. relative_humidity:30:60"
        )
    try:
        low = float(parts[1]) if parts[1] else None
        high = float(parts[2]) if parts[2] else None
        age = float(parts[3]) if len(parts) == 4 and parts[3] else 120.0
    except ValueError:
        raise ValueError(f"--alarm {text!r}: LOW, HIGH and MAX_AGE_S must be numbers") from None
    return EnvWindow(parts[0], UNITS[parts[0]], low, high, age)


def _store(args: argparse.Namespace) -> StationStore:
    return StationStore(db_path(args))


def _change(args: argparse.Namespace, change: Callable[[sqlite3.Connection, str], T]) -> T:
    """Runs one journalled change, by whoever authenticated, on the verb's station database.

    Raises:
        NotAuthenticated: nobody proved who runs the verb.
        InstrumentError: the change itself is refused.
    """
    store = _store(args)
    try:
        try:
            session: CaptureSession | None = CaptureSession(store, args.station)
        except ValueError:
            session = None  # instruments may be set up before the station's master data
        identity = authenticate(args, store, session, args.station)
        by = f"{identity.name} ({identity.kind}, cli)"
        return store.write(lambda conn: change(conn, by))
    finally:
        store.close()


def cmd_instruments_list(args: argparse.Namespace) -> int:
    """Lists configured instruments with their calibration state today."""
    store = _store(args)
    try:
        conn = store.reader
        configs = instruments.configured(conn, args.station, active_only=not args.all)
        report = {
            s.instrument: s
            for s in instruments.calibration_report(conn, date.today(), args.station)
        }
    finally:
        store.close()
    for c in configs:
        cal = report.get(c.id)
        row = {
            **c.as_content(),
            "calibration": None if cal is None else str(cal.state),
            "calibration_due": None
            if cal is None or cal.due_on is None
            else cal.due_on.isoformat(),
        }
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            due = row["calibration_due"] or "never calibrated"
            print(
                f"{c.id:18} {c.driver:10} {c.port or '-':28} {c.serial:10} every {c.poll_interval_s:g} s"
                f"  calibration {row['calibration'] or '-'} ({due})"
                + ("" if c.active else "  [retired]")
            )
    if not configs and not args.json:
        print("no instruments configured (add one: lineside instruments set --help)")
    return EXIT_OK


def cmd_instruments_set(args: argparse.Namespace) -> int:
    """Adds or changes an instrument's configuration (journalled)."""
    try:
        info = registry.get(args.driver)
        options = parse_options(args) or {}
        alarms = tuple(parse_alarm(a) for a in args.alarm)
        settings = SerialSettings.parse(args.serial) if args.serial else info.default_serial
        config = InstrumentConfig(
            id=args.id,
            driver=args.driver,
            port=args.port,
            serial=str(settings),
            poll_interval_s=args.poll,
            stale_after_s=args.stale_after,
            options=options,
            alarms=alarms,
            name=args.name,
        )
        config.check()
        # The driver itself judges its options (a register map, a mode) before anything is kept.
        info.factory(registry.driver_config(config))
    except (registry.UnknownDriver, ValueError) as exc:
        return fail(str(exc))
    try:
        stored = _change(
            args,
            lambda conn, by: instruments.save(
                conn, args.station, config, by=by, reason=args.reason
            ),
        )
    except NotAuthenticated as exc:
        return fail(str(exc), EXIT_REFUSED)
    except InstrumentError as exc:
        return fail(str(exc))
    print(
        f"{stored.id}: revision {stored.revision} saved ({stored.driver} on {stored.port or '-'})"
    )
    return EXIT_OK


def cmd_instruments_retire(args: argparse.Namespace) -> int:
    """Takes an instrument out of use (journalled; history and calibrations kept)."""
    try:
        stored = _change(
            args,
            lambda conn, by: instruments.retire(
                conn, args.station, args.id, by=by, reason=args.reason
            ),
        )
    except NotAuthenticated as exc:
        return fail(str(exc), EXIT_REFUSED)
    except InstrumentError as exc:
        return fail(str(exc))
    print(f"{stored.id}: retired (revision {stored.revision})")
    return EXIT_OK


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None


def cmd_instruments_calibrate(args: argparse.Namespace) -> int:
    """Records a calibration of an instrument (journalled)."""
    try:
        record = _change(
            args,
            lambda conn, by: instruments.add_calibration(
                conn,
                args.station,
                args.id,
                performed_on=args.performed,
                due_on=args.due,
                certificate=args.certificate,
                performed_by=args.performed_by,
                by=by,
            ),
        )
    except NotAuthenticated as exc:
        return fail(str(exc), EXIT_REFUSED)
    except InstrumentError as exc:
        return fail(str(exc))
    print(
        f"{record.instrument}: calibrated {record.performed_on}, due {record.due_on} ({record.certificate})"
    )
    return EXIT_OK


def cmd_instruments_calibration(args: argparse.Namespace) -> int:
    """Warns of calibrations due soon, overdue or missing; exit 1 when any is overdue or missing."""
    store = _store(args)
    try:
        report = instruments.calibration_report(
            store.reader, args.on or date.today(), args.station, args.warn_days
        )
    finally:
        store.close()
    overdue = False
    for status in report:
        overdue = overdue or status.state in (Calibration.OVERDUE, Calibration.NONE)
        if args.json:
            print(
                json.dumps(
                    {
                        "instrument": status.instrument,
                        "state": str(status.state),
                        "due_on": None if status.due_on is None else status.due_on.isoformat(),
                        "days_left": status.days_left,
                    }
                )
            )
        elif status.state is not Calibration.VALID or args.all:
            mark = "ok  " if status.state is Calibration.VALID else "WARN"
            print(f"{mark} {status.describe()}")
    if not args.json and not report:
        print("no instruments configured")
    return EXIT_NOTHING if overdue else EXIT_OK


def register(sub: Any) -> None:
    """Adds ``lineside instruments`` and its verbs."""
    names = ", ".join(registry.NAMES)
    group = sub.add_parser("instruments", help="instrument configuration and calibration records")
    iverbs = group.add_subparsers(dest="instruments_verb", metavar="VERB")
    group.set_defaults(func=lambda args: fail("say what to do: lineside instruments --help"))

    p = iverbs.add_parser("list", help="configured instruments and their calibration state")
    add_db(p)
    p.add_argument("--station")
    p.add_argument("--all", action="store_true", help="retired instruments too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(cmd_instruments_list))

    p = iverbs.add_parser("set", help="add or change an instrument (every change is journalled)")
    add_db(p)
    p.add_argument("--station", required=True)
    p.add_argument("--id", required=True, help="instrument id, e.g. FA-01-HMT330")
    p.add_argument("--driver", required=True, help=f"one of {names}")
    p.add_argument("--port", default="", help="serial port (or file) the instrument is on")
    p.add_argument("--serial", help="line settings, e.g. '4800 7E1' (default: the driver's)")
    p.add_argument("--poll", type=float, default=1.0, help="poll interval in seconds (default 1)")
    p.add_argument(
        "--stale-after", type=float, default=10.0, help="seconds without a good reading = stale"
    )
    p.add_argument(
        "--alarm",
        action="append",
        default=[],
        metavar="QUANTITY:LOW:HIGH[:MAX_AGE_S]",
        help="alarm window, e.g. relative_humidity:30:60 (repeat)",
    )
    p.add_argument("--name", default="", help="a name for people")
    add_auth(p)
    p.add_argument("--reason", default="", help="why")
    options_args(p)
    p.set_defaults(func=guarded(cmd_instruments_set))

    p = iverbs.add_parser("retire", help="take an instrument out of use (history kept)")
    add_db(p)
    p.add_argument("--station", required=True)
    p.add_argument("--id", required=True)
    add_auth(p)
    p.add_argument("--reason", required=True)
    p.set_defaults(func=guarded(cmd_instruments_retire))

    p = iverbs.add_parser("calibrate", help="record a calibration (certificate, due date)")
    add_db(p)
    p.add_argument("--station", required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--performed", type=_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--due", type=_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--certificate", required=True, help="calibration certificate reference")
    p.add_argument("--performed-by", required=True, help="laboratory or person")
    add_auth(p)
    p.set_defaults(func=guarded(cmd_instruments_calibrate))

    p = iverbs.add_parser(
        "calibration",
        help="warn of calibrations due soon, overdue or missing (exit 1 if any is overdue or missing)",
    )
    add_db(p)
    p.add_argument("--station")
    p.add_argument("--on", type=_date, help="judge on this day (default today)")
    p.add_argument("--warn-days", type=int, default=instruments.WARN_DAYS)
    p.add_argument("--all", action="store_true", help="list valid calibrations too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(cmd_instruments_calibration))
