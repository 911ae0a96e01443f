"""The receiving verbs: ``receive``, ``certificate attach|decide|show``, ``part-spec set``,
``lots`` (balance, ``--low``) and ``lots move``."""

from __future__ import annotations

import argparse
import getpass
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from app.capture import lot_moves, receiving
from app.capture.review import ReviewRefused
from app.capture.session import CaptureSession
from app.cli.auth import NotAuthenticated, add_auth, authenticate
from app.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REFUSED,
    add_db,
    db_path,
    fail,
    guarded,
    print_table,
)
from app.domain.entry import EntryMethod
from app.domain.materials import (
    MOVEMENT_KINDS,
    CertificateFacts,
    Characteristic,
    Decision,
    PartSpec,
    kind_name,
)
from app.store import lot_balance
from app.store import materials as store
from app.store.station_store import StationStore

SIGN_PASSWORD_ENV = "LINESIDE_SIGN_PASSWORD"  # noqa: S105 - the variable's name


class _Refused(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def logged_in(args: argparse.Namespace) -> Iterator[CaptureSession]:
    """A session at ``--station`` with the ``--user`` logged in (password asked)."""
    store_ = StationStore(db_path(args))
    try:
        try:
            session = CaptureSession(store_, args.station)
        except ValueError as exc:
            raise _Refused(str(exc), EXIT_FAILED) from None
        try:
            authenticate(args, store_, session)
        except NotAuthenticated as exc:
            raise _Refused(str(exc), EXIT_REFUSED) from None
        if session.operator is None:
            raise _Refused("this verb needs a person: log in with --user NAME", EXIT_REFUSED)
        yield session
    finally:
        store_.close()


def _run(work: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return work(args)
        except _Refused as exc:
            return fail(str(exc), exc.code)
        except (
            receiving.ReceivingError,
            lot_moves.MovementError,
            ReviewRefused,
        ) as exc:
            return fail(str(exc), EXIT_REFUSED)

    run.__doc__ = work.__doc__
    return guarded(run)


def cmd_receive(args: argparse.Namespace) -> int:
    """Receives one package by its supplier label; prints the lot."""
    with logged_in(args) as session:
        receipt = receiving.receive(
            session,
            args.label,
            quantity=args.quantity,
            unit=args.unit,
            supplier=args.supplier,
            entry=EntryMethod.TYPED,
        )
    if args.json:
        print(json.dumps(receipt.as_content()))
    else:
        how = "new lot" if receipt.created else "added to lot"
        print(
            f"{how} {receipt.lot_id}: {receipt.part_number} from {receipt.supplier_id} lot "
            f"{receipt.supplier_lot}, {receipt.quantity:g} {receipt.unit} received"
            + (" (on hold until its certificate is accepted)" if receipt.created else "")
        )
    return EXIT_OK


def _values(items: list[str]) -> dict[str, float]:
    out = {}
    for item in items:
        name, _, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise receiving.ReceivingError(
                f"--value {item!r}: write NAME=NUMBER, e.g. Rm=612"
            ) from None
    return out


def cmd_attach(args: argparse.Namespace) -> int:
    """Stores a certificate document by SHA-256 as the lot's next certificate revision."""
    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        return fail(f"cannot read {path}: {exc.strerror}")
    with logged_in(args) as session:
        facts = receiving.attach_certificate(
            session,
            args.lot,
            path.name,
            content,
            kind=args.kind,
            number=args.number,
            heat=args.heat,
            issuer=args.issuer,
            issuer_role=args.issuer_role,
            authorised=None if args.authorised is None else args.authorised == "yes",
            states_31=args.states_31,
            values=_values(args.value),
            expires_on=None if args.expires is None else date.fromisoformat(args.expires),
            reason=args.reason,
        )
    print(
        f"certificate {facts.id} ({kind_name(facts.kind)} {facts.number}) revision "
        f"{facts.revision}, SHA-256 {facts.sha256}: waiting for an inspector's decision"
    )
    return EXIT_OK


def cmd_decide(args: argparse.Namespace) -> int:
    """The inspector's signed decision on a certificate revision."""
    with logged_in(args) as session:
        password = os.environ.get(SIGN_PASSWORD_ENV) or getpass.getpass(
            f"sign '{args.decision}' of {args.certificate} as {args.user}: password: "
        )
        facts = receiving.decide(
            session,
            args.certificate,
            Decision(args.decision),
            password,
            username=args.user,
            reason=args.reason,
        )
    print(
        f"certificate {facts.id} {receiving.MEANINGS[Decision(args.decision)]}, signed "
        f"(signature {facts.signature}); lot {facts.lot_id} is "
        + ("rejected" if args.decision == "reject" else "released for the line")
    )
    return EXIT_OK


def _facts_content(f: CertificateFacts) -> dict[str, Any]:
    return {
        "certificate": f.id,
        "lot": f.lot_id,
        "revision": f.revision,
        "kind": f.kind,
        "number": f.number,
        "heat": f.heat,
        "issuer": f.issuer,
        "issuer_role": f.issuer_role,
        "authorised": f.authorised,
        "sha256": f.sha256,
        "values": f.values,
        "expires_on": None if f.expires_on is None else f.expires_on.isoformat(),
        "decision": f.decision,
        "decided_by": f.decided_by,
        "decided_at": f.decided_at,
        "signature": f.signature,
        "reason": f.reason,
    }


def cmd_show(args: argparse.Namespace) -> int:
    """Every certificate revision of a lot with its decision."""
    store_ = StationStore(db_path(args))
    try:
        rows = [_facts_content(f) for f in store.certificates(store_.reader, args.lot)]
    finally:
        store_.close()
    if not rows:
        return fail(f"lot {args.lot} has no certificate on file", EXIT_FAILED)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    print_table(
        rows,
        [
            ("revision", "Rev"),
            ("kind", "Kind"),
            ("number", "Number"),
            ("heat", "Heat"),
            ("issuer", "Issuer"),
            ("decision", "Decision"),
            ("decided_by", "By"),
            ("sha256", "SHA-256"),
        ],
    )
    return EXIT_OK


def _characteristic(text: str) -> Characteristic:
    parts = text.split(":")
    if len(parts) != 4:
        raise receiving.ReceivingError(
            f"--characteristic {text!r}: write NAME:UNIT:LOW:HIGH (LOW or HIGH may be empty), "
            "e.g. Rm:MPa:500:700"
        )
    name, unit, low, high = parts
    try:
        return Characteristic(
            name, unit, float(low) if low else None, float(high) if high else None
        )
    except ValueError:
        raise receiving.ReceivingError(
            f"--characteristic {text!r}: LOW and HIGH are numbers"
        ) from None


def cmd_spec(args: argparse.Namespace) -> int:
    """Sets a part's materials spec (certificate kinds, characteristics, shelf life, MSL)."""
    spec = PartSpec(
        part_number=args.part,
        category=args.category,
        kinds=tuple(k for k in (args.kinds or "").split(",") if k.strip()),
        characteristics=tuple(_characteristic(c) for c in args.characteristic),
        shelf_life=args.shelf_life,
        authorised_source=args.authorised_source,
        msl=args.msl,
        thickness_mm=args.thickness,
        low_stock=args.low_stock,
    )
    with logged_in(args) as session:
        receiving.set_part_spec(session, spec, args.reason)
        saved = store.part_spec(session.store.reader, args.part)
    assert saved is not None
    print(
        f"part {saved.part_number} ({saved.category}): needs {saved.required_text()}"
        + (f", MSL {saved.msl}" if saved.msl else "")
        + (", shelf life" if saved.shelf_life else "")
    )
    return EXIT_OK


BALANCE_COLUMNS = [
    ("lot", "Lot"),
    ("part_number", "Part"),
    ("received", "Received"),
    ("issued", "Issued"),
    ("consumed", "Consumed"),
    ("scrapped", "Scrapped"),
    ("returned", "Returned"),
    ("adjusted", "Adjusted"),
    ("remaining", "Remaining"),
    ("unit", "Unit"),
]


def cmd_lots(args: argparse.Namespace) -> int:
    """Lot balances: one lot, every lot, or the lots running low."""
    store_ = StationStore(db_path(args))
    try:
        conn = store_.reader
        if args.low:
            rows = [{**b.as_content(), "low_at": limit} for b, limit in lot_balance.low(conn)]
        else:
            rows = [
                b.as_content()
                for b in lot_balance.balances(conn, None if args.lot is None else [args.lot])
            ]
    finally:
        store_.close()
    if args.lot and not rows:
        return fail(f"lot {args.lot} is not known here", EXIT_FAILED)
    if args.json:
        print(json.dumps(rows))
        return EXIT_OK
    if args.low and not rows:
        print("no lot is running low")
        return EXIT_OK
    print_table(rows, BALANCE_COLUMNS + ([("low_at", "Low at")] if args.low else []))
    return EXIT_OK


def cmd_move(args: argparse.Namespace) -> int:
    """Records an issue, scrap, return or balance correction of a lot, with a reason."""
    with logged_in(args) as session:
        b = lot_moves.move(session, args.lot, args.kind, args.quantity, args.reason)
    print(
        f"lot {b.lot_id}: {args.kind} {args.quantity:g} {b.unit}; {b.remaining:g} {b.unit} remaining"
    )
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    """Sets the station's materials rules (lot balance refuse/flag, floor-life warning)."""
    from app.capture import line_materials

    with logged_in(args) as session:
        assert session.operator is not None
        by = session.operator.as_content()
        try:
            new = session.store.write(
                lambda conn: line_materials.save_settings(
                    conn,
                    args.station,
                    lot_balance=args.lot_balance,
                    msd_warning_h=args.msd_warning_h,
                    by=by,
                    reason=args.reason,
                    at=session.clock(),
                )
            )
        except ValueError as exc:
            return fail(str(exc), EXIT_REFUSED)
    print(
        f"station {args.station}: lot balance {new['lot_balance']}, floor-life warning "
        f"{new['msd_warning_h']:g} h ahead of the limit"
    )
    return EXIT_OK


def _writer(p: argparse.ArgumentParser) -> None:
    add_db(p)
    p.add_argument("--station", required=True, help="the station the change is recorded at")
    add_auth(p)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``receive``, ``certificate``, ``part-spec`` and ``lots``."""
    p = sub.add_parser("receive", help="receive a package by its supplier label (GS1 or MH10.8.2)")
    _writer(p)
    p.add_argument("label", help="the label's text as scanned (GS as <GS> or \\x1d is read too)")
    p.add_argument("--quantity", type=float, default=None, help="when the label has none")
    p.add_argument("--unit", default=None, help="unit of measure (default: the part's)")
    p.add_argument("--supplier", default=None, help="when several suppliers sell the part")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_run(cmd_receive))

    cert = sub.add_parser("certificate", help="certificates of received lots")
    verbs = cert.add_subparsers(dest="certificate_verb", metavar="VERB", required=True)
    p = verbs.add_parser(
        "attach", help="store a certificate (PDF/image) as the lot's next revision"
    )
    _writer(p)
    p.add_argument("--lot", required=True)
    p.add_argument("--file", required=True, help="the certificate document: PDF, PNG, JPEG, TIFF")
    p.add_argument("--kind", required=True, help="2.1, 2.2, 3.1, 3.2 (EN 10204), MTR or CoC")
    p.add_argument("--number", required=True, help="the certificate's number as printed")
    p.add_argument("--heat", default="", help="heat/cast number (metals)")
    p.add_argument("--issuer", default="", help="who issued it")
    p.add_argument("--issuer-role", default="", choices=["", "manufacturer", "distributor"])
    p.add_argument(
        "--authorised", choices=["yes", "no"], default=None, help="distributor authorised"
    )
    p.add_argument("--states-31", action="store_true", help="an MTR that states EN 10204 3.1")
    p.add_argument("--value", action="append", default=[], metavar="NAME=NUMBER")
    p.add_argument("--expires", default=None, metavar="DATE", help="only for shelf-life parts")
    p.add_argument("--reason", default="", help="why a new revision supersedes the last")
    p.set_defaults(func=_run(cmd_attach))
    p = verbs.add_parser("decide", help="accept, reject or accept on concession (signed)")
    _writer(p)
    p.add_argument("--certificate", required=True)
    p.add_argument("--decision", required=True, choices=[d.value for d in Decision])
    p.add_argument("--reason", default="")
    p.set_defaults(func=_run(cmd_decide))
    p = verbs.add_parser("show", help="every revision of a lot's certificate and its decision")
    add_db(p)
    p.add_argument("--lot", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(cmd_show))

    spec = sub.add_parser("part-spec", help="what receiving and the line ask of a part")
    sverbs = spec.add_subparsers(dest="spec_verb", metavar="VERB", required=True)
    p = sverbs.add_parser("set", help="set a part's certificate kinds, characteristics, MSL")
    _writer(p)
    p.add_argument("--part", required=True)
    p.add_argument(
        "--category", required=True, choices=["metal", "material", "electronic", "sub-tier"]
    )
    p.add_argument("--kinds", default=None, help="comma-separated (default: the category's)")
    p.add_argument("--characteristic", action="append", default=[], metavar="NAME:UNIT:LOW:HIGH")
    p.add_argument("--shelf-life", action="store_true", help="certificates must give an expiry")
    p.add_argument("--authorised-source", action="store_true", help="no unauthorised distributors")
    p.add_argument("--msl", default=None, help="J-STD-020 level (1, 2, 2a, 3, 4, 5, 5a, 6)")
    p.add_argument("--thickness", type=float, default=None, metavar="MM", help="body thickness")
    p.add_argument("--low-stock", type=float, default=None, help="remaining quantity that is low")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=_run(cmd_spec))

    p = sub.add_parser("materials-rules", help="a station's lot-balance policy and MSD warning")
    _writer(p)
    p.add_argument("--lot-balance", required=True, choices=["refuse", "flag"])
    p.add_argument("--msd-warning-h", type=float, default=8.0, metavar="HOURS")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=_run(cmd_settings))

    lots = sub.add_parser("lots", help="lot balances: received, consumed, scrapped, remaining")
    add_db(lots)
    lots.add_argument("--lot", default=None)
    lots.add_argument("--low", action="store_true", help="only the lots running low")
    lots.add_argument("--json", action="store_true")
    lots.set_defaults(func=guarded(cmd_lots))
    lverbs = lots.add_subparsers(dest="lots_verb", metavar="VERB")
    p = lverbs.add_parser("move", help="issue, scrap, return or adjust a lot (with a reason)")
    _writer(p)
    p.add_argument("--lot", required=True)
    p.add_argument("--kind", required=True, choices=list(MOVEMENT_KINDS))
    p.add_argument("--quantity", type=float, required=True)
    p.add_argument("--reason", required=True)
    p.set_defaults(func=_run(cmd_move))
