"""Who runs a writing verb: a staff log-in with a password typed at the terminal, or a station
service identity (a token an admin set up, in ``$LINESIDE_SERVICE_TOKEN``) for scripts.

Identity is never taken on trust from an argument; the log-in is journalled like any other.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass
from typing import Any

from app.capture.events import CaptureRefused
from app.capture.session import CaptureSession
from app.store import accounts, journal
from app.store.station_store import StationStore

SERVICE_TOKEN_ENV = "LINESIDE_SERVICE_TOKEN"  # noqa: S105 - the variable's name, not a token


class NotAuthenticated(Exception):
    """The verb writes and nobody proved who runs it; the message says how to."""


@dataclass(frozen=True)
class Identity:
    """Who a writing verb runs as."""

    kind: str  # "user" or "service"
    name: str
    user_id: str

    def as_content(self) -> dict[str, Any]:
        """As written into journal rows (``by``)."""
        return {"kind": self.kind, "name": self.name, "user_id": self.user_id, "entry": "cli"}


def add_auth(parser: argparse.ArgumentParser) -> None:
    """The ``--user`` option of writing verbs."""
    parser.add_argument(
        "--user",
        metavar="NAME",
        help=f"log in as NAME (the password is asked on the terminal); scripts use a service "
        f"identity's token in ${SERVICE_TOKEN_ENV} instead",
    )


def authenticate(
    args: argparse.Namespace,
    store: StationStore,
    session: CaptureSession | None,
    station: str | None = None,
) -> Identity:
    """Logs in the person or service running the verb (on ``session`` when there is one).

    Raises:
        NotAuthenticated: no --user and no service token, a wrong token, or a refused log-in.
    """
    token = os.environ.get(SERVICE_TOKEN_ENV, "")
    user = getattr(args, "user", None)
    station_id = station or (session.station.id if session is not None else "")
    if user:
        if session is None:
            raise NotAuthenticated(
                f"station {station_id} is not configured in this database: a user cannot log in "
                "to it; use a service identity"
            )
        password = getpass.getpass(f"password for {user}: ")
        try:
            op = session.login_password(user, password)
        except CaptureRefused as refused:
            raise NotAuthenticated(refused.finding.message) from None
        return Identity("user", op.name, op.user_id)
    if token:
        service = accounts.service_by_token(store.reader, token)
        if service is None or service.station != station_id:
            raise NotAuthenticated(
                f"the token in ${SERVICE_TOKEN_ENV} is not an active service identity of station "
                f"{station_id}"
            )
        body = {"method": "service", "service": service.name, "entry": "cli"}
        store.write(
            lambda conn: journal.append(
                conn,
                station_id,
                "service-login",
                body,
                at=None if session is None else session.clock(),
            )
        )
        return Identity("service", service.name, f"service:{service.name}")
    raise NotAuthenticated(
        "this verb writes records: give --user NAME (you are asked for the password), or set "
        f"${SERVICE_TOKEN_ENV} to a service identity's token (`lineside service add`)"
    )


def cmd_service_add(args: argparse.Namespace) -> int:
    """An admin creates a service identity for scripts; its token is printed once."""
    from app.cli.common import EXIT_OK, EXIT_REFUSED, db_path, fail

    store = StationStore(db_path(args))
    try:
        try:
            session = CaptureSession(store, args.station)
        except ValueError as exc:
            return fail(str(exc))
        try:
            identity = authenticate(args, store, session)
        except NotAuthenticated as exc:
            return fail(str(exc), EXIT_REFUSED)
        if identity.kind != "user" or session.operator is None or session.operator.role != "admin":
            return fail("only an admin may create a service identity", EXIT_REFUSED)
        by = session.operator.as_content()
        try:
            token = store.write(
                lambda conn: accounts.create_service(
                    conn, args.station, args.name, by=by, reason=args.reason, at=session.clock()
                )
            )
        except accounts.AccountError as exc:
            return fail(str(exc))
        print(token)
        print(
            f"service identity {args.name} of station {args.station}: keep the token above "
            f"secret and give it to the script in ${SERVICE_TOKEN_ENV}; it is not shown again",
            file=sys.stderr,
        )
        return EXIT_OK
    finally:
        store.close()


def register(sub: Any) -> None:
    """Adds ``lineside service add``."""
    from app.cli.common import add_db, guarded

    service = sub.add_parser("service", help="service identities for scripted capture")
    verbs = service.add_subparsers(dest="service_verb", metavar="VERB", required=True)
    p = verbs.add_parser("add", help="an admin creates a service identity; prints its token once")
    add_db(p)
    p.add_argument("--station", required=True)
    p.add_argument("--name", required=True, help="e.g. line-feeder-script")
    p.add_argument("--reason", required=True, help="why the script needs it (journalled)")
    add_auth(p)
    p.set_defaults(func=guarded(cmd_service_add))
