"""The recall verbs: ``recall drill`` (what a recall names to every affected unit) and ``dhr``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.capture import recall_export
from app.capture.recall_drill import NothingFound, Subject, drill
from app.cli.common import EXIT_NOTHING, EXIT_OK, add_db, db_path, fail, guarded, print_table
from app.store.database import open_database

DRILL_TABLE = [
    ("serial", "Unit"),
    ("part_level", "Level"),
    ("product", "Product"),
    ("status", "Status"),
    ("di", "DI"),
    ("udi_lot", "UDI lot"),
    ("expiry", "Expiry"),
    ("work_order", "Work order"),
    ("station", "Station"),
    ("recorded_at", "Recorded (UTC)"),
    ("via", "Through"),
]


def subject_of(args: argparse.Namespace) -> Subject:
    """The recall subject named on the command line."""
    return Subject(
        supplier_lot=args.supplier_lot,
        supplier=args.supplier,
        supplier_part=args.supplier_part,
        date_code=args.date_code,
        lot=args.lot,
        certificate=args.certificate,
        instrument=args.instrument,
        start=getattr(args, "from"),
        end=args.to,
        out_of_calibration=args.out_of_calibration,
        profile=args.profile,
    )


@guarded
def cmd_recall_drill(args: argparse.Namespace) -> int:
    """Every unit a supplier lot, lot, certificate, instrument or profile run reaches."""
    named = [
        args.supplier_lot,
        args.supplier_part,
        args.lot,
        args.certificate,
        args.instrument,
        args.profile,
    ]
    if sum(1 for n in named if n) != 1:
        return fail(
            "name exactly one of --supplier-lot, --supplier-part, --lot, --certificate, "
            "--instrument, --profile"
        )
    db = open_database(db_path(args), readonly=True)
    try:
        result = drill(db.conn, subject_of(args))
    except NothingFound as exc:
        return fail(str(exc), EXIT_NOTHING)
    finally:
        db.close()
    if args.csv:
        recall_export.drill_csv(result, args.csv)
    if args.pdf:
        recall_export.drill_pdf(result, args.pdf, prepared_by=args.prepared_by or "")
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        return EXIT_OK
    print_table(result.units, DRILL_TABLE)
    counts = ", ".join(f"{n} {s}" for s, n in sorted(result.counts().items()))
    lots = ", ".join(str(x.get("lot")) for x in result.lots if x.get("lot"))
    print(
        f"\n{len(result.units)} units affected by {result.subject.describe()} ({counts})"
        + (f" through our lots {lots}" if lots else "")
        + f"; drill took {result.seconds:.2f} s",
        file=sys.stdout,
    )
    return EXIT_OK


@guarded
def cmd_dhr(args: argparse.Namespace) -> int:
    """The device history record of a unit or a work order as JSON, PDF or a summary."""
    from app.capture.dhr import DhrNotFound, dhr_for_unit, dhr_for_work_order
    from app.capture.dhr_pdf import write_pdf

    db = open_database(db_path(args), readonly=True)
    try:
        if args.unit:
            document = dhr_for_unit(db.conn, args.unit)
        else:
            document = dhr_for_work_order(db.conn, args.work_order)
        if args.pdf:
            pages = write_pdf(document, args.pdf, db.conn)
    except DhrNotFound as exc:
        return fail(str(exc), EXIT_NOTHING)
    finally:
        db.close()
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=1))
        return EXIT_OK
    steps = sum(len(u["steps"]) for u in _all_units(document["units"]))
    print(
        f"device history record of {next(iter(document['subject'].values()))}: "
        f"{len(_all_units(document['units']))} units and subassemblies, {steps} steps, "
        f"{document['open_exceptions']} open exceptions"
        + (f"; {pages} pages written to {args.pdf}" if args.pdf else "")
    )
    return EXIT_OK


def _all_units(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for u in units for x in (u, *_all_units(u["subassemblies"]))]


def add_subject(p: argparse.ArgumentParser) -> None:
    """The recall subject options."""
    p.add_argument("--supplier-lot", help="the supplier's lot number as printed")
    p.add_argument("--supplier", help="with --supplier-lot: supplier id or (part of) its name")
    p.add_argument("--supplier-part", help="the supplier's part number from a reel label")
    p.add_argument("--date-code", help="with --supplier-part: the reel's date code")
    p.add_argument("--lot", help="our lot number (or a subassembly serial)")
    p.add_argument("--certificate", help="a certificate id (any revision) or document name")
    p.add_argument("--instrument", help="an instrument id: every unit it measured")
    p.add_argument("--from", metavar="UTC", help="with --instrument: from this time (ISO)")
    p.add_argument("--to", metavar="UTC", help="with --instrument: until this time (ISO)")
    p.add_argument(
        "--out-of-calibration",
        action="store_true",
        help="with --instrument: only units measured while it had no valid calibration",
    )
    p.add_argument("--profile", help="a reflow profile run (id or journal key)")


def register(sub: Any) -> None:
    """Adds ``recall drill`` and ``dhr``."""
    recall = sub.add_parser("recall", help="recall drill: every unit a lot or instrument reaches")
    verbs = recall.add_subparsers(dest="recall_verb", metavar="VERB", required=True)
    p = verbs.add_parser("drill", help="affected units with status, UDI and where recorded")
    add_db(p)
    add_subject(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--csv", metavar="OUT", help="also write the units as CSV")
    p.add_argument("--pdf", metavar="OUT", help="also write the drill as a PDF")
    p.add_argument("--prepared-by", help="name printed on the PDF")
    p.set_defaults(func=cmd_recall_drill)

    p = sub.add_parser("dhr", help="device history record of a unit or work order (JSON, PDF)")
    add_db(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", metavar="SERIAL_OR_UDI")
    which.add_argument("--work-order", metavar="WO")
    p.add_argument("--json", action="store_true", help="the record as JSON on standard output")
    p.add_argument("--pdf", metavar="OUT", help="write the record as a PDF for people")
    p.set_defaults(func=cmd_dhr)
