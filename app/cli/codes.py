"""The code verbs: ``udi parse`` (what a scanned UDI says, or why it is refused), ``scan parse``
(any code as the station reads it: UDI, supplier label, lot, badge …) and ``label``."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_FAILED, EXIT_INVALID, EXIT_OK, EXIT_USAGE
from app.codes import catalogue as catalogue_module
from app.codes.labels import LabelLayout, UnitLabel, render_pdf, render_png, render_zpl
from app.codes.report import FIELDS, LABEL_FIELDS, parse_text, scan_text
from app.codes.scan import CodeError
from app.codes.separators import GS


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


# -- scan parse ---------------------------------------------------------------------------------------
def cmd_scan_parse(args: argparse.Namespace) -> int:
    """Interprets one code as the station would; exit 0 read, 2 invalid naming position and rule."""
    from app.codes.separators import Separators

    try:
        separators = Separators(substitute=args.gs_substitute, strict=args.strict)
    except ValueError as exc:
        print(f"lineside: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = scan_text(args.text, separators=separators)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    elif result["error"]:
        where = "" if result["position"] is None else f" at character {result['position'] + 1}"
        print(
            f"lineside: invalid code{where} [{result['rule']}]: {result['error']}", file=sys.stderr
        )
        print(f"  {args.text.replace(GS, '<GS>')}", file=sys.stderr)
    else:
        width = 18
        print(f"{'kind'.ljust(width)}{result['kind']}")
        print(f"{'value'.ljust(width)}{result['value']}")
        if result["udi"]:
            for key in FIELDS:
                value = result["udi"][key]
                print(f"{key.ljust(width)}{'-' if value is None else value}")
        if result["identifiers"] is not None:
            for key in LABEL_FIELDS:
                value = result[key]
                print(f"{key.ljust(width)}{'-' if value is None else value}")
            shown = "  ".join(f"{di} {value}" for di, value in result["identifiers"])
            print(f"{'identifiers'.ljust(width)}{shown}")
        for oddity in result["oddities"]:
            print(f"{'oddity'.ljust(width)}{oddity}")
    return EXIT_INVALID if result["error"] else EXIT_OK


def register_scan(sub: Any) -> None:
    """Adds ``lineside scan parse``."""
    scan = sub.add_parser("scan", help="any scanned code as the station reads it")
    verbs = scan.add_subparsers(dest="scan_verb", metavar="VERB", required=True)
    p = verbs.add_parser(
        "parse",
        help="what a code is (udi, supplier-label, lot, badge, work-order, step, serial) and says; "
        "exit 2 naming the position and rule when invalid",
        description=(
            "Interprets one code as the station would: GS1/HIBCC/ICCBBA UDIs, supplier reel labels "
            "(ANSI MH10.8.2 data identifiers, ECIA EIGP-114, DigiKey/Mouser/LCSC/TME variants) and "
            "the station's plain formats. Separators may be real or written out (<GS>, \\x1d, ^])."
        ),
    )
    p.add_argument("text", metavar="TEXT", help="the scanned text")
    p.add_argument(
        "--json",
        action="store_true",
        help="one JSON object: kind, value; for a supplier label customer_part, manufacturer_part, "
        "quantity, lot, date_code, country, manufacturer, package_id, purchase_order and "
        "identifiers; error, rule and position when invalid",
    )
    p.add_argument(
        "--gs-substitute",
        metavar="CHAR",
        default=None,
        help="a visible character the scanner sends instead of GS (e.g. ~)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="refuse a leading, trailing or doubled GS instead of recording it",
    )
    p.set_defaults(func=cmd_scan_parse)


# -- label ----------------------------------------------------------------------------------------------
def register_label(subparsers: Any) -> None:
    """Adds the ``label`` verb."""
    p = subparsers.add_parser(
        "label",
        help="render a unit label (GS1 DataMatrix, GS1-128, text) for a UDI",
        description=(
            "Renders a unit label carrying the UDI as GS1 DataMatrix and GS1-128 with the "
            "human-readable text. Give at least one output."
        ),
    )
    p.add_argument(
        "--udi",
        required=True,
        help="the GS1 UDI in parentheses form, e.g. '(01)09506000134352(17)271231(10)LOT1(21)SN1'",
    )
    p.add_argument("--png", type=Path, help="write the label as a PNG image")
    p.add_argument("--pdf", type=Path, help="write the label as a one-page PDF")
    p.add_argument(
        "--zpl", type=Path, help="write ZPL for a Zebra-type label printer ('-' for stdout)"
    )
    p.add_argument("--width-mm", type=float, default=100.0, help="label width (default 100)")
    p.add_argument("--height-mm", type=float, default=60.0, help="label height (default 60)")
    p.add_argument("--dpi", type=int, default=300, help="printer resolution (default 300)")
    p.set_defaults(func=run_label)


def run_label(args: argparse.Namespace) -> int:
    """Renders the label; exit 2 for a bad UDI or no output, 1 when a file cannot be written."""
    if not (args.png or args.pdf or args.zpl):
        print("lineside label: say where to write it: --png, --pdf or --zpl", file=sys.stderr)
        return EXIT_USAGE
    try:
        label = UnitLabel.from_udi(args.udi)
    except CodeError as exc:
        print(f"lineside label: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    if args.dpi < 100 or args.width_mm <= 0 or args.height_mm <= 0:
        print("lineside label: give a positive label size and at least 100 dpi", file=sys.stderr)
        return EXIT_USAGE
    layout = LabelLayout(width_mm=args.width_mm, height_mm=args.height_mm, dpi=args.dpi)
    try:
        if args.png:
            render_png(label, args.png, layout)
        if args.pdf:
            render_pdf(label, args.pdf, layout)
        if args.zpl:
            zpl = render_zpl(label, layout)
            if str(args.zpl) == "-":
                sys.stdout.write(zpl)
            else:
                args.zpl.write_text(zpl, encoding="utf-8")
    except ValueError as exc:
        print(f"lineside label: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"lineside label: cannot write the label: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if str(args.zpl) != "-":
        print(label.hri)  # the ZPL alone goes to stdout when it is piped to a printer
    return EXIT_OK
