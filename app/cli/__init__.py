"""The ``lineside`` command: the desktop station and its headless verbs."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

# One module per verb group, each adding its verbs with a ``register`` function (listed in the
# order ``lineside --help`` shows them). Every verb's parser sets ``func``: a callable taking the
# parsed arguments, returning the exit code (app/cli/common.py lists the codes).
AREAS: tuple[tuple[str, str], ...] = (
    ("app.cli.station", "register"),
    ("app.cli.recall", "register"),
    ("app.cli.sync", "register"),
    ("app.cli.drivers", "register"),
    ("app.cli.instruments", "register"),
    ("app.cli.profiles", "register"),
    ("app.cli.codes", "register_label"),
    ("app.cli.auth", "register"),
    ("app.cli.signatures", "register"),
    ("app.cli.rework", "register"),
    ("app.cli.gui", "register"),
    ("app.cli.codes", "register"),
    ("app.cli.materials", "register"),
    ("app.cli.receiving", "register"),
    ("app.cli.validate", "register"),
    ("app.cli.codes", "register_scan"),
)


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser with every area's verbs."""
    parser = argparse.ArgumentParser(
        prog="lineside",
        description="Lineside traceability station. Without a verb, opens the station window.",
    )
    parser.add_argument(
        "--version",
        action="store_true",
        help="the app, schema, Python, Qt and key library versions, then exit",
    )
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for module, register in AREAS:
        getattr(importlib.import_module(module), register)(sub)
    parser.verbs = set(sub.choices)  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one verb and returns its exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # Text from files and arguments that is not UTF-8 (surrogate escapes) must not crash
        # the output under a strict UTF-8 locale: such characters print as \udcxx escapes.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    for arg in args_list:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            # Bytes that are not UTF-8 reach Python as surrogate escapes; no code, lot, serial or
            # path Lineside records may hold them, and SQLite cannot store them.
            shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            print(f"lineside: argument '{shown}' is not UTF-8 text: refused", file=sys.stderr)
            return 2
    parser = build_parser()
    if not args_list:
        # No verb opens the station window, once the desktop UI is installed.
        args_list = ["gui"] if "gui" in parser.verbs else ["--help"]  # type: ignore[attr-defined]
    args = parser.parse_args(args_list)
    if args.version:
        from app.validation.versions import version_text

        return _closing_quietly(lambda: print(version_text()) or 0)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return _closing_quietly(lambda: func(args))
    except KeyboardInterrupt:
        print("lineside: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130


#: The exit code of a process whose reader went away (128 + SIGPIPE), as ``yes | head`` gives.
EXIT_PIPE_CLOSED = 141


def _closing_quietly(run: Callable[[], int]) -> int:
    """Runs a verb; when the reader of its output closes the pipe (``lineside trace … | head``),
    stops without a traceback, the way other command-line tools do."""
    try:
        code = run()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout once more at exit: point it at devnull so that flush cannot fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE_CLOSED
    return code
