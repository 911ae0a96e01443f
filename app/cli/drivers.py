"""The ``lineside drivers`` verbs (ports, probe, decode, simulate) and ``lineside instruments`` (configuration, calibration)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_NOTHING, EXIT_OK, fail
from drivers import registry
from drivers.base import (
    DriverConfig,
    DriverError,
    DriverInfo,
    Health,
    Reading,
    SerialSettings,
)
from drivers.probe import probe, reply_timeout


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
        options.setdefault("reply_timeout_s", reply_timeout(args.timeout))
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
    try:
        result = probe(driver, args.timeout)
    except DriverError as exc:
        return fail(f"{args.driver} on {args.port}: {exc}", EXIT_NOTHING)
    readings, status = result.readings, result.status
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


def options_args(p: argparse.ArgumentParser) -> None:
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
    options_args(p)
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
    options_args(p)
    p.set_defaults(func=cmd_decode)
