"""The upstream verbs: ``plant init|add-station|load-master``, ``sync``, plant-wide trace, exports."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

from app.cli.common import (
    EXIT_BROKEN,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_UPSTREAM,
    add_db,
    db_path,
    fail,
    guarded,
)
from app.cli.station import print_trace, verify_station
from app.store.database import open_database
from app.store.station_store import StationStore
from app.sync.credentials import ChainRefused, CredentialsError, UpstreamError, connect


def upstream_guarded(func: Any) -> Any:
    """Turns upstream failures into a clear message and an exit code (never a traceback)."""

    def run(args: argparse.Namespace) -> int:
        try:
            code: int = func(args)
        except ChainRefused as exc:
            return fail(str(exc), EXIT_BROKEN)
        except CredentialsError as exc:
            return fail(str(exc), EXIT_REFUSED)
        except UpstreamError as exc:
            return fail(str(exc), EXIT_UPSTREAM)
        return code

    run.__doc__ = func.__doc__
    return guarded(run)


# -- plant ----------------------------------------------------------------------------------------------
@upstream_guarded
def cmd_plant_init(args: argparse.Namespace) -> int:
    """Creates or updates the plant schema."""
    from app.sync import plant

    with connect(args.dsn, autocommit=True) as pg:
        done = plant.init(pg)
        names = plant.applied(pg)
    print(
        f"plant schema up to date ({', '.join(names)}); applied now: {', '.join(done) or 'nothing'}"
    )
    return EXIT_OK


@upstream_guarded
def cmd_plant_add_station(args: argparse.Namespace) -> int:
    """Creates the least-privilege role of one station."""
    from app.sync import plant

    with connect(args.dsn, autocommit=True) as pg:
        if not plant.applied(pg):
            return fail("the plant schema is missing: run `lineside plant init` first")
        role = plant.add_station(pg, args.station)
        others = plant.open_databases(pg)
    print(
        f"role {role} may insert station {args.station}'s journal rows and read master data; give it "
        f"a password with psql `\\password {role}` and put {role} as user in that station's DSN"
    )
    if others:
        print(
            f"note: any role may connect to {', '.join(others)} on this server (PostgreSQL grants "
            f"CONNECT to PUBLIC): reject {role} there in pg_hba.conf, as the README shows",
            file=sys.stderr,
        )
    return EXIT_OK


@upstream_guarded
def cmd_plant_add_supervisor(args: argparse.Namespace) -> int:
    """Gives a person's login role read-only access to the whole plant database."""
    from app.sync import plant

    with connect(args.dsn, autocommit=True) as pg:
        if not plant.applied(pg):
            return fail("the plant schema is missing: run `lineside plant init` first")
        group = plant.add_supervisor(pg, args.user)
    print(
        f"{args.user} reads every station's rows and master data through role {group}; it writes nothing"
    )
    return EXIT_OK


@upstream_guarded
def cmd_plant_exceptions(args: argparse.Namespace) -> int:
    """The plant's view of the line's exceptions: conflicts between stations, clock offsets."""
    import json

    from app.cli.common import print_table
    from app.sync.push import refusal

    with connect(args.dsn, autocommit=True) as pg:
        try:
            rows = [
                {
                    "id": r[0],
                    "kind": r[1],
                    "raised_at": r[2].isoformat(),
                    "stations": ", ".join(r[3]),
                    "subject": r[4],
                    "records": [str(k) for k in r[5]],
                    "detail": r[6],
                }
                for r in pg.execute(
                    "SELECT id, kind, raised_at, stations, subject, records, detail "
                    "FROM plant.exceptions ORDER BY id"
                )
            ]
        except psycopg.Error as exc:
            raise refusal(exc) from None
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        print_table(
            rows,
            [("raised_at", "Raised"), ("kind", "Kind"), ("stations", "Stations"), ("detail", "")],
        )
        print(f"\n{len(rows)} exceptions raised at the plant")
    return EXIT_OK


@upstream_guarded
def cmd_plant_load_master(args: argparse.Namespace) -> int:
    """Loads master data from a station database into the plant and publishes it as a version."""
    from app.sync import plant

    db = open_database(db_path(args), readonly=True)
    try:
        with connect(args.dsn, autocommit=True) as pg:
            version = plant.load_master_data(pg, db.conn, args.note)
    finally:
        db.close()
    print(f"master data version {version.version} published (sha256 {version.sha256[:12]}…)")
    return EXIT_OK


# -- sync -----------------------------------------------------------------------------------------------
@upstream_guarded
def cmd_sync(args: argparse.Namespace) -> int:
    """Pulls master data down and pushes the unsent journal rows up, once."""
    from app.sync import countersign, line, push, trust
    from app.sync.countersign import CountersignReport

    store = StationStore(db_path(args))
    try:
        if args.configure:
            code = _configure(store, args)
            if code != EXIT_OK:
                return code
        waiting = push.backlog(store.reader)
        with connect(args.upstream, autocommit=True) as pg:
            version = push.pull_master_data(store, pg)
            last = [time.perf_counter()]

            def progress(sent: int, left: int) -> None:
                if time.perf_counter() - last[0] > 2 and not args.quiet:
                    last[0] = time.perf_counter()
                    print(f"  {sent:,} rows sent, {left:,} waiting", file=sys.stderr)

            report = push.push(store, pg, batch_rows=args.batch, on_batch=progress)
            pulled = line.pull_wip(store, pg)
            signed = countersign.sync_countersignatures(store, pg)
            station = trust.journal_station(store.reader)
            clock = None if station is None else trust.clock_check(pg, station)
        rate = report.sent / report.seconds if report.seconds else 0
        print(
            f"sent {report.sent:,} of {waiting:,} waiting journal rows in {report.batches} batches "
            f"({report.inserted:,} new, {report.already_held:,} already held) in {report.seconds:.1f} s "
            f"({rate:,.0f} rows/s); master data version "
            f"{version if version is not None else push.master_version(store.reader)}"
            f"{' (new)' if version is not None else ''}"
            + f"; {pulled.rows:,} work-in-progress rows of the line pulled"
            + (f"; {clock.describe()}" if clock is not None else "")
            + (f"; signatures {signed.describe()}" if signed != CountersignReport() else "")
        )
    finally:
        store.close()
    return EXIT_OK


def _configure(store: StationStore, args: argparse.Namespace) -> int:
    """Stores the plant connection the station window syncs with by itself."""
    import getpass

    from app.sync import trust, upstream_config
    from app.sync.credentials import KEYRING_SERVICE, checked_dsn, describe

    station = args.station or trust.journal_station(store.reader)
    if station is None:
        return fail("--configure needs --station on a station database with no records yet")
    try:
        saved = upstream_config.save(
            store, station, args.upstream, args.interval, getpass.getuser(), args.reason or ""
        )
    except ValueError as exc:
        return fail(str(exc))
    print(
        f"station {station} syncs with {describe(checked_dsn(saved.dsn))} every "
        f"{saved.interval_s:g} s and right after each commit",
        file=sys.stderr,
    )
    if args.store_password:
        params = checked_dsn(args.upstream)
        account = f"{params.get('user') or ''}@{params.get('host') or 'localhost'}"
        secret = getpass.getpass(f"password of {account} (stored in the OS keyring): ")
        try:
            import keyring

            keyring.set_password(KEYRING_SERVICE, account, secret)
        except Exception as exc:  # no keyring backend on this machine
            return fail(
                f"the OS keyring could not store it ({exc}); use ~/.pgpass (mode 0600) instead",
                EXIT_UPSTREAM,
            )
    return EXIT_OK


# -- plant-wide trace (called by `lineside trace --upstream`) --------------------------------------------
@upstream_guarded
def plant_trace(args: argparse.Namespace) -> int:
    """The plant-wide trace with the local trace's output."""
    import psycopg

    from app.sync import trace

    with connect(args.upstream, autocommit=True) as pg:
        started = time.perf_counter()
        try:
            lines = trace.line_scope(pg)
            if lines == []:
                raise CredentialsError(
                    "this role belongs to no station on a line the plant knows: a plant-wide "
                    "trace needs a plant reader's role (`lineside plant add-supervisor`)"
                )
            if lines is not None:
                print(
                    f"lineside: a station's role traces its own line only ({', '.join(lines)}); a "
                    "plant-wide trace needs a plant reader's role",
                    file=sys.stderr,
                )
            direction, rows = trace.trace_rows(pg, args.lot, args.unit)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise CredentialsError(
                f"the plant refused the trace ({exc.diag.message_primary or exc}): a plant-wide "
                "trace needs a plant reader's role; a station's role sees only its own rows"
            ) from None
        except psycopg.Error as exc:
            raise UpstreamError(f"the plant trace failed: {exc}") from None
        elapsed = time.perf_counter() - started
    subject = args.lot or args.unit
    if not rows:
        print(f"lineside: nothing recorded for {subject} in the plant database", file=sys.stderr)
    print_trace(direction, subject, rows, args.json, elapsed)
    return EXIT_OK


@upstream_guarded
def verify_upstream(args: argparse.Namespace) -> int:
    """``verify --upstream``: the local checks, then each station chain against the plant's copy."""
    from app.sync import chains

    with connect(args.upstream, autocommit=False) as pg:
        return verify_station(args, lambda conn: chains.compare(conn, pg))


# -- exports --------------------------------------------------------------------------------------------
@upstream_guarded
def cmd_export_epcis(args: argparse.Namespace) -> int:
    """Streams (and optionally posts) a GS1 EPCIS 2.0 JSON-LD document."""
    from app.sync import epcis

    try:
        selection = epcis.Selection(
            since=epcis.parse_since(args.since) if args.since else None,
            until=epcis.parse_since(args.until, "--until") if args.until else None,
            work_order=args.work_order,
            after=args.after,
        )
    except ValueError as exc:
        return fail(str(exc))
    target = Path(args.out) if args.out else None
    if target is None and args.post:
        target = Path(tempfile.mkdtemp(prefix="lineside-epcis-")) / "events.jsonld"
    report = epcis.StreamReport()
    db = open_database(db_path(args), readonly=True)
    try:
        if target is None:
            epcis.stream(db.conn, sys.stdout, selection, report=report)
        else:
            # Written beside the target and renamed when complete: a file under the target's name
            # is always a whole document.
            partial = target.with_name(target.name + ".partial")
            with partial.open("w", encoding="utf-8") as out:
                epcis.stream(db.conn, out, selection, report=report)
            partial.replace(target)
    except LookupError as exc:
        if target is not None:
            target.with_name(target.name + ".partial").unlink(missing_ok=True)
        return fail(str(exc.args[0]))
    except KeyboardInterrupt:
        resume = f": resume with --after {report.last_id}" if report.last_id else ""
        print(f"lineside: interrupted after {report.events} EPCIS events{resume}", file=sys.stderr)
        return 130
    finally:
        db.close()
    if args.out:
        print(f"{report.events} EPCIS events written to {args.out}", file=sys.stderr)
    if args.post and target is not None:
        status = epcis.post_file(target, args.post)
        print(f"{report.events} EPCIS events posted to {args.post}: HTTP {status}", file=sys.stderr)
        if not args.out:
            shutil.rmtree(target.parent, ignore_errors=True)
    return EXIT_OK


@upstream_guarded
def cmd_export_fhir(args: argparse.Namespace) -> int:
    """Writes the HL7 FHIR Device resource of a finished unit."""
    from app.sync import fhir

    db = open_database(db_path(args), readonly=True)
    try:
        resource = fhir.device(db.conn, args.unit)
    except LookupError as exc:
        return fail(str(exc.args[0]))
    finally:
        db.close()
    text = resource.model_dump_json(indent=1, exclude_none=True)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return EXIT_OK


def register(sub: Any) -> None:
    """Adds the upstream verbs."""
    plant = sub.add_parser("plant", help="the plant database: schema, station roles, master data")
    verbs = plant.add_subparsers(dest="plant_verb", metavar="ACTION", required=True)
    p = verbs.add_parser("init", help="create or update the plant schema")
    p.add_argument("--dsn", required=True, help="plant database DSN (no password in it)")
    p.set_defaults(func=cmd_plant_init)
    p = verbs.add_parser("add-station", help="create the least-privilege role of a station")
    p.add_argument("--dsn", required=True, help="plant database DSN (no password in it)")
    p.add_argument("--station", required=True)
    p.set_defaults(func=cmd_plant_add_station)
    p = verbs.add_parser("add-supervisor", help="give a login role read-only plant-wide access")
    p.add_argument("--dsn", required=True, help="plant database DSN (no password in it)")
    p.add_argument("--user", required=True, help="the person's login role (created if new)")
    p.set_defaults(func=cmd_plant_add_supervisor)
    p = verbs.add_parser(
        "exceptions", help="the line's exceptions at the plant: station conflicts, clock offsets"
    )
    p.add_argument("--dsn", required=True, help="plant database DSN (no password in it)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_plant_exceptions)
    p = verbs.add_parser(
        "load-master", help="publish a station database's master data as a new version"
    )
    p.add_argument("--dsn", required=True, help="plant database DSN (no password in it)")
    add_db(p)
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_plant_load_master)

    p = sub.add_parser("sync", help="push the journal to the plant database, pull master data")
    add_db(p)
    p.add_argument(
        "--upstream",
        required=True,
        metavar="DSN",
        help="plant database DSN; the password comes from LINESIDE_UPSTREAM_PASSWORD, PGPASSWORD, "
        "~/.pgpass or the OS keyring, never from the command line",
    )
    p.add_argument("--batch", type=int, default=5_000, help="rows per batch (default 5000)")
    p.add_argument("--quiet", action="store_true")
    p.add_argument(
        "--configure",
        action="store_true",
        help="also store this DSN as the station's plant connection: the station window then "
        "syncs by itself (journalled, with --reason)",
    )
    p.add_argument("--station", help="with --configure: this database's station id")
    p.add_argument(
        "--interval", type=float, default=30.0, help="with --configure: seconds between syncs"
    )
    p.add_argument("--reason", help="with --configure: why the plant connection changes")
    p.add_argument(
        "--store-password",
        action="store_true",
        help="with --configure: ask for the role's password and keep it in the OS keyring",
    )
    p.set_defaults(func=cmd_sync)

    export = sub.add_parser("export", help="GS1 EPCIS 2.0 events and HL7 FHIR Device resources")
    kinds = export.add_subparsers(dest="export_kind", metavar="FORMAT", required=True)
    p = kinds.add_parser("epcis", help="a GS1 EPCIS 2.0 JSON-LD document of the assemblies")
    add_db(p)
    p.add_argument("--since", metavar="TIME", help="only records from this UTC time (ISO 8601)")
    p.add_argument("--until", metavar="TIME", help="only records before this UTC time (ISO 8601)")
    p.add_argument("--work-order", metavar="ID", help="only this work order's assemblies")
    p.add_argument(
        "--after",
        metavar="EVENT_ID",
        help="resume: only the events after this eventID (the last one an earlier export wrote)",
    )
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--post", metavar="URL", help="send to an EPCIS capture interface")
    p.set_defaults(func=cmd_export_epcis)
    p = kinds.add_parser("fhir", help="the HL7 FHIR Device resource of a finished unit")
    add_db(p)
    p.add_argument("--unit", required=True, metavar="SERIAL")
    p.add_argument("--out", metavar="FILE")
    p.set_defaults(func=cmd_export_fhir)
