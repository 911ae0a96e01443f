"""The desktop verbs of ``lineside``: ``gui`` (also no verb) and ``demo``; Qt is imported only when run."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import add_db, db_path, fail, guarded


def cmd_gui(args: argparse.Namespace) -> int:
    """Opens the station window on a station database."""
    from app.ui.launch import run_station

    path = db_path(args)
    if not path.exists():
        return fail(
            f"no station database at {path}: create one with 'lineside init' "
            "(or try 'lineside demo')"
        )
    return run_station(path, args.station, idle_minutes=args.idle_minutes, demo=False)


def cmd_demo(args: argparse.Namespace) -> int:
    """Opens the station on a demo database with simulated instruments (or runs the autopilot)."""
    if args.line:
        from app.cli.line import cmd_demo_line

        return guarded(cmd_demo_line)(args)
    if args.headless:
        from app.cli.station import cmd_demo_headless

        return guarded(cmd_demo_headless)(args)
    from app.ui.launch import run_station
    from app.ui.station import DEMO_STATION, demo_path, ensure_demo_database

    units = 500 if args.units is None else args.units
    path = ensure_demo_database(Path(args.db) if args.db else demo_path(), units)
    return run_station(
        path,
        args.station or DEMO_STATION,
        idle_minutes=args.idle_minutes,
        demo=True,
        autopilot=args.autopilot,
        screenshots=args.screenshots,
    )


def register(sub: Any) -> None:
    """Adds ``gui`` and ``demo``."""
    p = sub.add_parser("gui", help="open the station window (also what 'lineside' alone does)")
    add_db(p)
    p.add_argument("--station", help="station id (default: the first configured)")
    p.add_argument(
        "--idle-minutes", type=float, default=10.0, help="log out after this idle time (0: never)"
    )
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser(
        "demo",
        help="the station on a demo database with simulated instruments (--headless: a walkthrough)",
    )
    # Not add_db: the demo never opens the station's own database by default.
    p.add_argument(
        "--db",
        type=Path,
        default=None,
        help="demo database (default: demo-station.sqlite in the user data folder, built on "
        "first use; with --headless a new one in a temporary folder)",
    )
    p.add_argument("--headless", action="store_true", help="the terminal walkthrough, no window")
    p.add_argument("--station", help="station id (default: FA-01)")
    p.add_argument(
        "--units",
        type=int,
        default=None,
        help="units in a new demo database (default 500), or devices the line demo builds (3)",
    )
    p.add_argument(
        "--line",
        action="store_true",
        help="two station PCs (SMT and final assembly) against a plant database (with --headless)",
    )
    p.add_argument(
        "--upstream",
        metavar="DSN",
        help="the line demo's PostgreSQL (an admin DSN, no password in it; default: a private "
        "cluster in the user data folder)",
    )
    p.add_argument(
        "--cluster",
        metavar="DIR",
        type=Path,
        help="the line demo's private PostgreSQL cluster lives here (default: the user data folder; "
        "as root, /var/lib/postgresql/lineside-plant, run as the postgres user)",
    )
    p.add_argument(
        "--idle-minutes",
        type=float,
        default=10.0,
        help="log the user out after this many minutes without a key or click (0: never)",
    )
    p.add_argument(
        "--autopilot",
        type=int,
        default=0,
        metavar="N",
        help="run N units through the window and exit",
    )
    p.add_argument(
        "--screenshots", type=Path, metavar="DIR", help="write a PNG of each screen here"
    )
    p.set_defaults(func=cmd_demo)
