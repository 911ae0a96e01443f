"""What every verb shares: exit codes, error printing, the ``--db`` option and plain tables."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.store.database import default_path
from app.store.errors import StoreError

#: Exit codes of ``lineside``. 1 means "the thing asked about is not there or not right" (a broken
#: chain, an instrument that did not answer, a label that could not be written).
EXIT_OK = 0
EXIT_BROKEN = EXIT_NOTHING = EXIT_FAILED = 1
EXIT_USAGE = EXIT_INVALID = 2
EXIT_REFUSED = 3
EXIT_STORE = 4
EXIT_UPSTREAM = 5

#: The environmental quantities a person may type, with their units.
UNITS = {
    "relative_humidity": "%RH",
    "temperature": "°C",
    "dew_point": "°C",
    "o2_ppm": "ppm",
    "n2_purity": "%",
}


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Prints ``lineside: message`` on stderr and returns ``code``."""
    print(f"lineside: {message}", file=sys.stderr)
    return code


def guarded(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turns store failures an operator can act on into a message and exit code 4."""

    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except StoreError as exc:
            return fail(str(exc), EXIT_STORE)

    run.__doc__ = func.__doc__
    return run


def add_db(parser: argparse.ArgumentParser) -> None:
    """The ``--db`` option every verb shares."""
    parser.add_argument(
        "--db", type=Path, default=None, help=f"station database (default: {default_path()})"
    )


def db_path(args: argparse.Namespace) -> Path:
    """The database path of a verb: ``--db`` or the platform's user data folder."""
    return Path(args.db) if args.db else default_path()


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> None:
    """A plain aligned table for people."""
    cells = [[str("" if r.get(k) is None else r.get(k)) for k, _ in columns] for r in rows]
    widths = [
        max([len(title)] + [len(c[i]) for c in cells]) for i, (_, title) in enumerate(columns)
    ]
    print("  ".join(title.ljust(w) for (_, title), w in zip(columns, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())
