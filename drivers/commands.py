"""The ``lineside drivers`` verbs (ports, probe, decode, simulate) and ``lineside instruments`` (configuration, calibration)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from app.commands import UNITS, add_db, db_path, guarded
from app.domain.environment import Calibration, EnvWindow
from app.store import instruments
from app.store.station_store import StationStore
from drivers import registry
from drivers.base import (
    DriverConfig,
    DriverError,
    DriverInfo,
    Health,
    Reading,
    SerialSettings,
)

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Prints ``lineside: message`` on stderr and returns ``code``."""
    print(f"lineside: {message}", file=sys.stderr)
    return code


def parse_options(args: argparse.Namespace) -> dict[str, Any] | None:
    """Driver options from ``--options JSON`` and repeated ``--option KEY=VALUE``.

    Raises:
        ValueError: naming the option that is not understood.
    """
    options: dict[str, Any] = {}
    if args.options:
        text = args.options
        if not text.lstrip().startswith("{") and Path(text).is_file():
            text = Path(text).read_text(encoding="utf-8")
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"--options is not a JSON object: {exc}") from exc
        if not isinstance(data, dict):
            raise ValueError('--options must be a JSON object, e.g. \'{"mode": "run"}\'')
        options.update(data)
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"--option {item!r}: write KEY=VALUE, e.g. --option mode=run")
        try:
            options[key] = json.loads(value)
        except ValueError:
            options[key] = value  # a bare word or a FORM string
    return options or None


def _info(name: str) -> DriverInfo:
    return registry.get(name)


def cmd_list(args: argparse.Namespace) -> int:
    """Lists the drivers by the names the command line and configurations use."""
    for name in registry.NAMES:
        try:
            info = _info(name)
        except registry.UnknownDriver as exc:
            print(f"{name:15} (not available: {exc})")
            continue
        print(f"{name:15} {info.summary}  [default {info.default_serial}]")
    return EXIT_OK


def cmd_ports(args: argparse.Namespace) -> int:
    """Lists the serial ports the operating system knows."""
    from serial.tools import list_ports

    ports = sorted(list_ports.comports(), key=lambda p: p.device)
    if args.json:
        for p in ports:
            print(
                json.dumps(
                    {
                        "port": p.device,
                        "description": p.description,
                        "hwid": p.hwid,
                        "serial_number": p.serial_number,
                    }
                )
            )
        return EXIT_OK
    if not ports:
        print("no serial ports found (plug in the instrument's USB adapter, or check permissions)")
    for p in ports:
        print(f"{p.device:20} {p.description}  {p.hwid}")
    # pyserial's list never shows pseudo-terminals: simulators are reached by their own path.
    print(
        "note: simulated instruments (pseudo-terminals) are not listed; use the path "
        "the simulator printed",
        file=sys.stderr,
    )
    return EXIT_OK


def _print_readings(readings: list[Reading], as_json: bool) -> None:
    for r in readings:
        if as_json:
            print(json.dumps(r.as_json(), ensure_ascii=False))
        else:
            value = "—" if r.value is None else f"{r.value:g}"
            note = f"  ({r.note})" if r.note else ""
            print(f"{r.quantity:18} {value:>12} {r.unit:4} {r.quality}{note}")


def cmd_probe(args: argparse.Namespace) -> int:
    """Opens the port, reads one reply (every quantity of it), prints it and closes."""
    try:
        info = _info(args.driver)
        options = parse_options(args) or {}
        # The reply must be given up on within the probe's own time, to say why nothing came.
        options.setdefault("reply_timeout_s", min(2.0, args.timeout * 0.8))
        settings = SerialSettings.parse(args.serial) if args.serial else info.default_serial
        config = DriverConfig(
            instrument=args.instrument,
            port=args.port,
            serial=settings,
            poll_interval_s=0.1,
            options=options,
        )
        driver = info.factory(config)
    except (registry.UnknownDriver, ValueError) as exc:
        return fail(str(exc))
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)  # the driver says it better
    readings: list[Reading] = []
    try:
        driver.open()
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            reading = driver.read(min(0.25, max(0.01, deadline - time.monotonic())))
            if reading is None:
                if readings:
                    break
                continue
            if readings and (reading.raw, reading.read_at) != (
                readings[0].raw,
                readings[0].read_at,
            ):
                break  # the next reply: one is what a probe shows
            readings.append(reading)
    except DriverError as exc:
        return fail(f"{args.driver} on {args.port}: {exc}", EXIT_NOTHING)
    finally:
        status = driver.status
        driver.close()
    if not readings:
        reason = status.reason if status.health is Health.FAULTED else "nothing arrived"
        return fail(
            f"no reading from {args.port} within {args.timeout:g} s ({reason}); check the port, "
            f"the line settings ({settings}) and the instrument's mode",
            EXIT_NOTHING,
        )
    if not args.json:
        print(f"{args.driver} on {args.port} ({settings}): raw {readings[0].raw!r}")
    _print_readings(readings, args.json)
    return EXIT_OK


def cmd_decode(args: argparse.Namespace) -> int:
    """Decodes a captured transcript into JSON readings, one per line."""
    try:
        info = _info(args.driver)
        options = parse_options(args)
    except (registry.UnknownDriver, ValueError) as exc:
        return fail(str(exc))
    if info.decode is None:
        return fail(f"driver {args.driver} cannot decode captures")
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        return fail(f"cannot read {args.file}: {exc.strerror or exc}")
    count = 0
    try:
        readings = (
            info.decode(data, args.instrument)
            if options is None
            else info.decode(data, args.instrument, options)
        )
        for reading in readings:
            print(json.dumps(reading.as_json(), ensure_ascii=False))
            count += 1
    except (ValueError, KeyError) as exc:
        return fail(f"{args.file}: {exc}")
    if count == 0:
        return fail(
            f"no {args.driver} readings found in {args.file}: is it this instrument's output "
            "(and, for a user FORM or a register map, are the options given)?",
            EXIT_NOTHING,
        )
    return EXIT_OK


def make_simulator(name: str, port: str | None) -> Any:
    """A started simulator of driver ``name`` (its port link at ``port`` if given).

    Raises:
        ValueError: the driver has no simulator here.
    """
    if name == "vaisala":
        from drivers.simulators.vaisala import VaisalaSimulator

        return VaisalaSimulator(port).start()
    if name == "rapidox":
        from drivers.simulators.rapidox import RapidoxSimulator

        return RapidoxSimulator(port).start()
    if name == "modbus-o2":
        from drivers.simulators.modbus_o2 import ModbusO2Simulator

        return ModbusO2Simulator(Path(port).parent if port else None).start()
    raise ValueError(
        f"no simulator for {name!r} here: simulators exist for vaisala, rapidox, modbus-o2"
    )


def cmd_simulate(args: argparse.Namespace) -> int:
    """Runs a simulated instrument on a pseudo-terminal until interrupted."""
    from drivers.simulators.line import Fault

    try:
        faults = [Fault(f) for f in args.fault]
        sim = make_simulator(args.driver, args.port)
    except ValueError as exc:
        return fail(str(exc))
    try:
        for fault in faults:
            sim.set_fault(fault)
        print(sim.port, flush=True)
        print(
            f"simulated {args.driver} on {sim.port}; Ctrl-C to stop "
            f"(probe it: lineside drivers probe --driver {args.driver} --port {sim.port})",
            file=sys.stderr,
            flush=True,
        )
        deadline = None if args.seconds is None else time.monotonic() + args.seconds
        while deadline is None or time.monotonic() < deadline:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return EXIT_OK


# -- lineside instruments -----------------------------------------------------------------------
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
        info = _info(args.driver)
        options = parse_options(args) or {}
        alarms = tuple(parse_alarm(a) for a in args.alarm)
        settings = SerialSettings.parse(args.serial) if args.serial else info.default_serial
        config = instruments.InstrumentConfig(
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
    store = _store(args)
    try:
        stored = store.write(
            lambda conn: instruments.save(
                conn, args.station, config, by=args.by, reason=args.reason
            )
        )
    except instruments.InstrumentError as exc:
        return fail(str(exc))
    finally:
        store.close()
    print(
        f"{stored.id}: revision {stored.revision} saved ({stored.driver} on {stored.port or '-'})"
    )
    return EXIT_OK


def cmd_instruments_retire(args: argparse.Namespace) -> int:
    """Takes an instrument out of use (journalled; history and calibrations kept)."""
    store = _store(args)
    try:
        stored = store.write(
            lambda conn: instruments.retire(
                conn, args.station, args.id, by=args.by, reason=args.reason
            )
        )
    except instruments.InstrumentError as exc:
        return fail(str(exc))
    finally:
        store.close()
    print(f"{stored.id}: retired (revision {stored.revision})")
    return EXIT_OK


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None


def cmd_instruments_calibrate(args: argparse.Namespace) -> int:
    """Records a calibration of an instrument (journalled)."""
    store = _store(args)
    try:
        record = store.write(
            lambda conn: instruments.add_calibration(
                conn,
                args.station,
                args.id,
                performed_on=args.performed,
                due_on=args.due,
                certificate=args.certificate,
                performed_by=args.performed_by,
                by=args.by,
            )
        )
    except instruments.InstrumentError as exc:
        return fail(str(exc))
    finally:
        store.close()
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


def _options_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a driver option, e.g. mode=run, address=3, form='\"RH=\" rh U3' (repeat)",
    )
    p.add_argument(
        "--options", metavar="JSON", help="driver options as a JSON object or a JSON file"
    )
    p.add_argument("--instrument", default="probe", help="instrument id put on the readings")


def register(sub: Any) -> None:
    """Adds ``lineside drivers`` and its verbs."""
    drivers = sub.add_parser("drivers", help="instrument drivers: ports, probe, decode")
    verbs = drivers.add_subparsers(dest="drivers_verb", metavar="VERB")
    drivers.set_defaults(func=lambda args: fail("say what to do: lineside drivers --help"))
    names = ", ".join(registry.NAMES)

    p = verbs.add_parser("list", help="the drivers by name")
    p.set_defaults(func=cmd_list)

    p = verbs.add_parser(
        "ports", help="serial ports on this computer (pseudo-terminals are not listed)"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ports)

    p = verbs.add_parser("probe", help="read one reply from an instrument and print it")
    p.add_argument("--driver", required=True, help=f"one of {names}")
    p.add_argument("--port", required=True, help="serial port, e.g. /dev/ttyUSB0 or COM3")
    p.add_argument("--serial", help="line settings, e.g. '4800 7E1' (default: the driver's)")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait (default 5)")
    p.add_argument("--json", action="store_true", help="JSON readings, one per line")
    _options_args(p)
    p.set_defaults(func=cmd_probe)

    p = verbs.add_parser("simulate", help="run a simulated instrument on a pseudo-terminal")
    p.add_argument("--driver", required=True, help="vaisala, rapidox or modbus-o2")
    p.add_argument("--port", help="where to put the port's link (default: a temporary path)")
    p.add_argument(
        "--fault",
        action="append",
        default=[],
        help="start with a fault: unplug, garbage, partial, slow, out-of-range, error (repeat)",
    )
    p.add_argument("--seconds", type=float, help="stop after this long (default: until Ctrl-C)")
    p.set_defaults(func=cmd_simulate)

    p = verbs.add_parser("decode", help="decode a captured transcript into JSON readings")
    p.add_argument("--driver", required=True, help=f"one of {names}")
    p.add_argument("file", metavar="FILE", help="the capture ('-' for standard input)")
    _options_args(p)
    p.set_defaults(func=cmd_decode)

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
    p.add_argument("--by", required=True, help="who makes the change")
    p.add_argument("--reason", default="", help="why")
    _options_args(p)
    p.set_defaults(func=guarded(cmd_instruments_set))

    p = iverbs.add_parser("retire", help="take an instrument out of use (history kept)")
    add_db(p)
    p.add_argument("--station", required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--by", required=True)
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
    p.add_argument("--by", required=True, help="who records it")
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
