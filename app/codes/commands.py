"""``lineside udi parse TEXT [--json]``: what a scanned UDI says, or why it is refused."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from app.codes import catalogue as catalogue_module
from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import CodeError, Scan
from app.codes.separators import GS, Separators
from app.domain.entry import EntryMethod

EXIT_OK, EXIT_INVALID = 0, 2
FIELDS = ("agency", "di", "lot", "serial", "expiry", "manufactured")


def parse_text(
    text: str, *, substitute: str | None = None, catalogue: catalogue_module.Catalogue | None = None
) -> dict[str, Any]:
    """The ``--json`` object for ``text``: the UDI's fields, or ``error`` with its rule and position."""
    result: dict[str, Any] = dict.fromkeys(FIELDS)
    result.update(
        {
            "valid": False,
            "other": {},
            "hrf": None,
            "symbology": None,
            "error": None,
            "rule": None,
            "position": None,
            "findings": [],
            "warnings": [],
        }
    )
    try:
        separators = Separators(substitute=substitute)
        scan: Scan = interpret(
            text,
            EntryMethod.TYPED,
            CodeFormats(patterns={}),
            separators=separators,
            allow_partial=True,
        )
    except (CodeError, ValueError) as exc:
        result["error"] = getattr(exc, "message", str(exc))
        result["rule"] = getattr(exc, "rule", "invalid")
        result["position"] = getattr(exc, "position", None)
        return result
    assert scan.udi is not None
    result.update(scan.udi.as_content())
    result["symbology"] = scan.symbology
    result["warnings"] = list(scan.udi.warnings)
    result["valid"] = True
    if scan.udi.other.get("hibc") == "secondary":
        result["di"] = None
    if catalogue is not None and result["di"]:
        result["findings"] = [
            {"rule": f.rule, "reason": f.reason}
            for f in catalogue_module.check_udi(scan.udi, catalogue)
        ]
    return result


def _print_human(text: str, result: dict[str, Any]) -> None:
    shown = text.replace(GS, "<GS>")
    if result["error"]:
        print(f"lineside: invalid code [{result['rule']}]: {result['error']}", file=sys.stderr)
        print(f"  {shown}", file=sys.stderr)
        return
    width = 13
    for key in (*FIELDS, "hrf", "symbology"):
        value = result[key]
        print(f"{key.ljust(width)}{'-' if value is None else value}")
    for key, value in sorted(result["other"].items()):
        print(f"{key.ljust(width)}{value}")
    for finding in result["findings"]:
        print(f"catalogue:   {finding['reason']}")
    for warning in result["warnings"]:
        print(f"warning:     {warning}")


def cmd_udi_parse(args: argparse.Namespace) -> int:
    """Parses one UDI as scanned; exit 0 valid, 2 invalid."""
    catalogue = None
    if args.db is not None:
        try:
            conn = sqlite3.connect(f"file:{Path(args.db)}?mode=ro", uri=True)
            try:
                catalogue = catalogue_module.load(conn)
            finally:
                conn.close()
        except (sqlite3.Error, ValueError) as exc:
            print(
                f"lineside: cannot read the device catalogue in {args.db}: {exc}", file=sys.stderr
            )
            return EXIT_INVALID
    try:
        result = parse_text(args.text, substitute=args.gs_substitute, catalogue=catalogue)
    except ValueError as exc:
        print(f"lineside: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "valid"}, ensure_ascii=False))
    else:
        _print_human(args.text, result)
    return EXIT_OK if result["valid"] else EXIT_INVALID


def register(sub: Any) -> None:
    """Adds ``lineside udi parse``."""
    udi = sub.add_parser("udi", help="unique device identifiers: parse what a label says")
    verbs = udi.add_subparsers(dest="udi_verb", metavar="VERB", required=True)
    p = verbs.add_parser(
        "parse",
        help="print a UDI's fields (GS1, HIBCC, ICCBBA); exit 0 valid, 2 invalid with the reason",
        description=(
            "Parses one UDI as a scanner sends it. The GS separator may be the real character, or "
            "written out as \\x1d, <GS> or ^]; a symbology identifier (]d2, ]C1, ]Q3, ]e0) and an "
            "ISO/IEC 15434 envelope are read."
        ),
    )
    p.add_argument("text", metavar="TEXT", help="the scanned text")
    p.add_argument(
        "--json",
        action="store_true",
        help="one JSON object: agency, di, lot, serial, "
        "expiry, manufactured (YYYY-MM-DD or null), error, …",
    )
    p.add_argument(
        "--gs-substitute",
        metavar="CHAR",
        default=None,
        help="a visible character the scanner sends instead of GS (e.g. ~)",
    )
    p.add_argument(
        "--db",
        type=Path,
        default=None,
        help="check the UDI against this station database's device catalogue",
    )
    p.set_defaults(func=cmd_udi_parse)
