"""``lineside validate``: the installation and operational qualification report of this station."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_FAILED, EXIT_OK, EXIT_REFUSED, add_db, db_path, fail
from app.validation.report import validate
from app.validation.signature import SignatureRefused


def cmd_validate(args: argparse.Namespace) -> int:
    """Runs IQ and OQ and writes the report; exit 1 when a check failed."""
    db = db_path(args)
    sign_as = None
    if args.sign_as:
        # A script passes the password in the environment; a person types it.
        password = os.environ.get("LINESIDE_SIGN_PASSWORD") or getpass.getpass(
            f"password of {args.sign_as}: "
        )
        sign_as = (args.sign_as, password)
    try:
        report = validate(
            Path(args.out),
            db=db if db.exists() or args.db else None,
            station=args.station,
            plant_dsn=args.plant,
            manifest=args.manifest,
            signed_by=args.signed_by,
            sign_as=sign_as,
        )
    except SignatureRefused as exc:
        return fail(f"the report was written but not signed: {exc}", EXIT_REFUSED)
    for check in report["checks"]:
        print(f"{check['id']}  {check['result']:<15} {check['title']}: {check['evidence']}")
    print(
        f"\n{report['result'].upper()}: {len(report['checks'])} checks, "
        f"{len(report['trace_matrix'])} requirements traced; report "
        f"{Path(args.out) / 'validation-report.pdf'} (sha256 {report['sha256'][:16]}…)"
    )
    if "signature" in report:
        s = report["signature"]
        print(f"signed by {s['printed_name']} ({s['role']}) in journal row {s['journal_key']}")
    return EXIT_OK if report["result"] == "pass" else EXIT_FAILED


def register(sub: Any) -> None:
    """Adds ``validate``."""
    p = sub.add_parser(
        "validate",
        help="installation and operational qualification: a PDF + JSON report with the trace matrix",
    )
    p.add_argument("--out", required=True, help="folder for validation-report.pdf and .json")
    add_db(p)
    p.add_argument("--station", help="the station whose instruments are probed (default: all)")
    p.add_argument("--plant", metavar="DSN", help="plant database: clock offset and schema check")
    p.add_argument("--manifest", type=Path, help="release manifest (default: the bundle's own)")
    p.add_argument("--signed-by", help="who runs the qualification (default: the login name)")
    p.add_argument(
        "--sign-as",
        metavar="USER",
        help="sign the report as this supervisor/admin in --station's journal (asks the password, "
        "or reads LINESIDE_SIGN_PASSWORD)",
    )
    p.set_defaults(func=cmd_validate)
