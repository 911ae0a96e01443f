"""The ``lineside`` command: the desktop station and its headless verbs."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

# Each area of the station adds its own verbs: a module with ``register(subparsers)``.
# Every verb's parser sets ``func``: a callable taking the parsed arguments, returning the exit code.
AREAS: tuple[str, ...] = (
    "app.commands",
    "app.sync.commands",
    "drivers.commands",
    "app.capture.profile_commands",
    "app.codes.label_commands",
    "app.ui.commands",
    "app.codes.commands",
)


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser with every area's verbs."""
    parser = argparse.ArgumentParser(
        prog="lineside",
        description="Lineside traceability station. Without a verb, opens the station window.",
    )
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for area in AREAS:
        importlib.import_module(area).register(sub)
    parser.verbs = set(sub.choices)  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one verb and returns its exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list:
        # No verb opens the station window, once the desktop UI is installed.
        args_list = ["gui"] if "gui" in parser.verbs else ["--help"]  # type: ignore[attr-defined]
    args = parser.parse_args(args_list)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return func(args)
    except KeyboardInterrupt:
        print("lineside: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
