"""``lineside rework``: the open rework orders, a rework step recorded against one, and its close."""

from __future__ import annotations

import argparse
import getpass
import json
import os
from typing import Any

from app.cli.auth import NotAuthenticated, add_auth, authenticate
from app.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    add_db,
    db_path,
    fail,
    guarded,
    print_table,
)

SIGN_PASSWORD_ENV = "LINESIDE_SIGN_PASSWORD"  # noqa: S105 - the variable's name


def _order_row(order: dict[str, Any]) -> dict[str, Any]:
    return {
        "rework": order["record_key"],
        "units": ", ".join(order["units"]),
        "opened": order["opened_at"][:16].replace("T", " "),
        "by": order["opened_by"],
        "reason": order["reason"],
        "steps": len(order["steps"]),
        "close": "with a signature" if order["close"] == "signed" else "without a signature",
    }


def cmd_list(args: argparse.Namespace) -> int:
    """Every open rework order (of one unit), oldest first."""
    from app.capture import rework
    from app.store.database import open_database

    db = open_database(db_path(args), readonly=True)
    try:
        orders = rework.open_reworks(db.conn, args.unit)
    finally:
        db.close()
    if args.json:
        print(json.dumps(orders, ensure_ascii=False, indent=1))
        return EXIT_OK
    if not orders:
        print("no rework order is open" + (f" for {args.unit}" if args.unit else ""))
        return EXIT_OK
    print_table(
        [_order_row(o) for o in orders],
        [("rework", "Rework order"), ("units", "Unit"), ("opened", "Opened (UTC)"),
         ("by", "Opened by"), ("reason", "Reason"), ("steps", "Steps"), ("close", "Closed")],
    )  # fmt: skip
    return EXIT_OK


def _order_key(args: argparse.Namespace, conn: Any) -> str:
    """The rework order a verb names: ``--rework KEY``, or the one open order of ``--unit``."""
    from app.capture import rework
    from app.capture.review import ReviewRefused

    if args.rework:
        return str(args.rework)
    orders = rework.open_reworks(conn, args.unit)
    if not orders:
        raise ReviewRefused(
            f"no rework order is open for {args.unit}: a supervisor opens one by dispositioning "
            "an exception of the unit 'rework'"
        )
    if len(orders) > 1:
        raise ReviewRefused(
            f"{args.unit} has {len(orders)} open rework orders: name one with --rework "
            + " or ".join(o["record_key"] for o in orders)
        )
    return str(orders[0]["record_key"])


def _run(args: argparse.Namespace, work: Any) -> int:
    """Logs in who runs the verb (``--user``, or a service identity for ``--operator``), runs
    ``work(session)`` and turns refusals into exit 3 with the reason."""
    from app.capture.events import CaptureRefused
    from app.capture.review import ReviewRefused
    from app.capture.session import CaptureSession
    from app.store.station_store import StationStore

    store = StationStore(db_path(args))
    try:
        try:
            session = CaptureSession(store, args.station)
        except ValueError as exc:
            return fail(str(exc), EXIT_FAILED)
        try:
            identity = authenticate(args, store, session)
        except NotAuthenticated as exc:
            return fail(str(exc), EXIT_REFUSED)
        session.entered_by = identity.as_content()
        try:
            if getattr(args, "operator", None):
                session.login_badge(args.operator)
            elif identity.kind == "service":
                return fail("a service identity records for a person: give --operator BADGE")
            return int(work(session))
        except CaptureRefused as refused:
            f = refused.finding
            return fail(
                f"refused by rule {f.rule}: {f.message}"
                + (f" (scan: {f.subject})" if f.subject else ""),
                EXIT_REFUSED,
            )
        except ReviewRefused as exc:
            return fail(str(exc), EXIT_REFUSED)
    finally:
        store.close()


def cmd_step(args: argparse.Namespace) -> int:
    """Records one rework step: what was done, the lots removed and those fitted in their place."""
    from app.capture import rework

    def work(session: Any) -> int:
        key = _order_key(args, session.store.reader)
        if args.removed_to is not None and not args.remove:
            return fail(
                "--removed-to says what became of the lots removed: name them with --remove",
                EXIT_USAGE,
            )
        row = rework.record_step(
            session,
            key,
            args.action,
            remove=args.remove,
            add=args.add,
            removed_to=args.removed_to or "scrap",
        )
        said = row.data["rework_step"]
        if args.json:
            print(json.dumps({"record_key": row.key, "kind": row.kind, **said}, ensure_ascii=False))
            return EXIT_OK
        changed = "; ".join(
            [f"removed {r['part']} {r['lot']} ({_fate(r)})" for r in said["removed"]]
            + [f"fitted {a['part']} {a['lot']}" for a in said["added"]]
        )
        print(
            f"rework step {row.key} of order {key} recorded for {', '.join(said['units'])}"
            + (f": {changed}" if changed else "")
        )
        return EXIT_OK

    return _run(args, work)


def _fate(removed: dict[str, Any]) -> str:
    if removed.get("to") == "stock":
        return f"{removed['quantity']:g} back in stock"
    return f"{removed['quantity']:g} scrapped, lot movement {removed['movement']}"


def cmd_close(args: argparse.Namespace) -> int:
    """Closes a rework order (signed where its disposition asks): the unit may then be released."""
    from app.capture import rework

    def work(session: Any) -> int:
        key = _order_key(args, session.store.reader)
        order = rework.state(session.store.reader, key)
        password = None
        if order["close"] == "signed":
            if not args.user:
                return fail(
                    f"rework {key} is closed with an electronic signature: give --user NAME "
                    "(a person with a password signs it)",
                    EXIT_REFUSED,
                )
            password = os.environ.get(SIGN_PASSWORD_ENV) or getpass.getpass(
                f"sign 'rework completed' of {key} as {args.user}: password: "
            )
        row = rework.close(
            session, key, args.comment, password=password, username=args.user or None
        )
        signature = row.data["rework_closed"]["signature"]
        print(
            f"rework {key} closed"
            + (f", signed (signature {signature})" if signature else " (no signature needed)")
            + f"; {', '.join(order['units'])} may be released once nothing else awaits a decision"
        )
        return EXIT_OK

    return _run(args, work)


def _which(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--rework", metavar="KEY", help="the rework order (`lineside rework list`)")
    which.add_argument("--unit", metavar="SERIAL", help="the unit whose one open order it is")


def register(sub: Any) -> None:
    """Adds ``lineside rework list|step|close``."""
    group = sub.add_parser(
        "rework", help="rework orders: list the open ones, record a rework step, close one"
    )
    verbs = group.add_subparsers(dest="rework_verb", metavar="VERB", required=True)
    p = verbs.add_parser("list", help="the open rework orders, oldest first")
    add_db(p)
    p.add_argument("--unit", metavar="SERIAL", help="only this unit's")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(cmd_list))

    p = verbs.add_parser(
        "step",
        help="record a rework step: what was done, lots removed and the lots fitted in their place",
    )
    add_db(p)
    p.add_argument("--station", required=True, help="the station the step was done at")
    add_auth(p)
    p.add_argument("--operator", metavar="BADGE", help="the operator who did it (by badge)")
    _which(p)
    p.add_argument("--action", required=True, help="what was done, in words (recorded)")
    p.add_argument(
        "--remove", action="append", default=[], metavar="LOT",
        help="a lot taken out of the unit, as its record lists it (repeat for more)",
    )  # fmt: skip
    p.add_argument(
        "--add", action="append", default=[], metavar="SCAN",
        help="the lot fitted in place of a removed one of the same part, as scanned (repeat)",
    )  # fmt: skip
    p.add_argument(
        "--removed-to", choices=("scrap", "stock"), default=None,
        help="what became of the removed parts: scrap (the default: a scrap lot movement of the "
        "quantity, naming the order and unit) or stock (fit to use again: back in the lot's stock)",
    )  # fmt: skip
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(cmd_step))

    p = verbs.add_parser(
        "close",
        help="close a rework order once its steps are recorded (signed where the disposition "
        f"asks; the password from the terminal or ${SIGN_PASSWORD_ENV})",
    )
    add_db(p)
    p.add_argument("--station", required=True, help="the station it is closed at")
    add_auth(p)
    p.add_argument("--operator", metavar="BADGE", help="the operator closing it (unsigned orders)")
    _which(p)
    p.add_argument("--comment", default="", help="e.g. the test after rework passed")
    p.set_defaults(func=guarded(cmd_close))
