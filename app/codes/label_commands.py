"""``lineside label``: renders a unit label for a UDI to PNG, PDF or ZPL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.codes.labels import LabelLayout, UnitLabel, render_pdf, render_png, render_zpl
from app.codes.scan import CodeError


def register(subparsers: Any) -> None:
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
        return 2
    try:
        label = UnitLabel.from_udi(args.udi)
    except CodeError as exc:
        print(f"lineside label: {exc.message}", file=sys.stderr)
        return 2
    if args.dpi < 100 or args.width_mm <= 0 or args.height_mm <= 0:
        print("lineside label: give a positive label size and at least 100 dpi", file=sys.stderr)
        return 2
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
        return 2
    except OSError as exc:
        print(f"lineside label: cannot write the label: {exc}", file=sys.stderr)
        return 1
    if str(args.zpl) != "-":
        print(label.hri)  # the ZPL alone goes to stdout when it is piped to a printer
    return 0
