"""A line of station PCs: ``init --upstream``, ``demo --line`` and the stations it runs."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.capture import demo_line
from app.capture.session import CaptureSession
from app.capture.stored_profiles import StoredProfiles
from app.cli.common import EXIT_OK, EXIT_UPSTREAM, fail
from app.domain.clock import utc_now
from app.domain.environment import Calibration, Measurement
from app.domain.profile import ThermalProfile
from app.domain.profile_specs import SAC305_PASTE
from app.store import lot_balance, wip
from app.store.database import default_path, open_database
from app.store.station_store import StationStore
from app.sync import plant, push
from app.sync.credentials import UpstreamError, connect
from app.sync.line import PlantClaims
from app.sync.worker import SyncWorker
from drivers.simulators.profiler import reflow_curves

CHANNELS = ("TC1", "TC2", "TC3", "TC4", "TC5", "TC6")
SMT, FINAL = "SMT-01", "FA-01"


class FreshEnvironment:
    """Good readings taken now, for a simulated line whose instruments are always current."""

    READINGS = (
        ("relative_humidity", 44.8, "%RH"),
        ("temperature", 22.4, "°C"),
        ("o2_ppm", 420.0, "ppm"),
    )

    def __init__(self, station: str) -> None:
        self.station = station

    def latest(self, quantity: str) -> Measurement | None:
        """A calibrated in-window reading of ``quantity`` read this instant."""
        for name, value, unit in self.READINGS:
            if name == quantity:
                return Measurement(
                    f"{self.station}-SIM", name, value, unit, utc_now(), Calibration.VALID
                )
        return None


def init_from_plant(path: Path, station: str, dsn: str) -> int:
    """Creates a station database from the plant's current master data (no demo data).

    Returns:
        The master data version applied.

    Raises:
        UpstreamError: the plant is unreachable, has no master data, or does not know ``station``.
    """
    if path.exists():
        raise UpstreamError(f"{path} exists: a station database is created once, from the plant")
    db = open_database(path, create=True)
    db.close()
    store = StationStore(path)
    try:
        with connect(dsn, autocommit=True) as pg:
            version = push.pull_master_data(store, pg, station)
            if version is None:
                raise UpstreamError(
                    "the plant has published no master data yet: run `lineside plant load-master` "
                    "there first"
                )
            known = [r[0] for r in store.reader.execute("SELECT id FROM stations ORDER BY id")]
            if station not in known:
                raise UpstreamError(
                    f"station {station} is not in the plant's master data (known: "
                    f"{', '.join(known) or 'none'})"
                )
            from app.sync.line import pull_wip

            pull_wip(store, pg)
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    store.close()
    return version


def newest_lot(store: StationStore, part_number: str, need: float = 1.0) -> str:
    """The newest released, unexpired lot of a part with a certificate valid today and ``need``
    left (a lot's balance counts what this station's records consumed of it)."""
    today = utc_now().date().isoformat()
    for (lot_id,) in store.reader.execute(
        "SELECT l.id FROM lots l WHERE l.part_number = :pn AND l.status = 'released' "
        "AND (l.expires_on IS NULL OR l.expires_on >= :today) AND EXISTS "
        "(SELECT 1 FROM certificates c WHERE c.lot_id = l.id AND c.valid_from <= :today "
        "AND (c.valid_to IS NULL OR c.valid_to >= :today)) ORDER BY l.received_on DESC, l.id DESC",
        {"pn": part_number, "today": today},
    ).fetchall():
        found = lot_balance.balance(store.reader, str(lot_id))
        if found is None or found.remaining >= need:
            return str(lot_id)
    raise LookupError(
        f"no released lot of {part_number} with {need:g} left in this station's master data"
    )


@dataclass
class LineStation:
    """One station PC of a simulated line: its database, its capture session, its sync."""

    path: Path
    station: str
    dsn: str | None
    badge: str
    interval: float = 0.5
    background: bool = True  # a SyncWorker of its own (False: the caller syncs)

    def __post_init__(self) -> None:
        self.store = StationStore(self.path)
        self.claims = PlantClaims(self.dsn) if self.dsn else None
        self.session = CaptureSession(
            self.store,
            self.station,
            environment=FreshEnvironment(self.station),
            profiles=StoredProfiles(self.store, self.station),
            plant=self.claims,
        )
        self.session.login_badge(self.badge)
        self.worker = (
            SyncWorker(self.store, self.dsn, interval=self.interval)
            if self.dsn and self.background
            else None
        )
        if self.worker is not None:
            self.worker.start()
        assert self.session.step is not None

    @property
    def lots(self) -> dict[str, str]:
        """The lot to scan for each material of the step's BOM, with enough left for one unit."""
        return {
            line.part_number: newest_lot(self.store, line.part_number, line.quantity)
            for line in self.session.bom
            if line.kind not in ("subassembly", "device")
        }

    def record_board(self, serial: str) -> str:
        """Reflows board ``serial`` (a passing profile) and records the SMT step; returns the key."""
        curve_t, curve_y = reflow_curves(seed=hash(serial) % 1000)
        profiles = StoredProfiles(self.store, self.station)
        profiles.record(
            ThermalProfile(CHANNELS, curve_t, curve_y, utc_now()), SAC305_PASTE, boards=[serial]
        )
        self.session.scan(serial)
        for lot in self.lots.values():
            self.session.scan(lot)
        key = self.session.commit().key
        self.synced()
        return key

    def build_device(self, serial: str, board: str) -> str:
        """Builds board ``board`` into device ``serial`` at final assembly; returns the key."""
        product = demo_line.PRODUCTS[0]
        now = datetime.now(UTC)
        udi = (
            f"(01){product.di}(11){now:%y%m%d}(17){now.replace(year=now.year + 5):%y%m%d}"
            f"(10)B{now:%y%m%d}(21){serial}"
        )
        self.session.scan(udi)
        self.session.scan(board)
        for lot in self.lots.values():
            self.session.scan(lot)
        key = self.session.commit().key
        self.synced()
        return key

    def synced(self) -> None:
        """Asks the worker to push now (right after a commit)."""
        if self.worker is not None:
            self.worker.wake()

    def knows(self, serial: str) -> bool:
        """Whether this station's view of the line has a live record of ``serial``."""
        return bool(wip.unit_steps(self.store.reader, serial))

    def close(self) -> None:
        """Stops syncing and closes the database."""
        if self.worker is not None:
            self.worker.stop()
        if self.claims is not None:
            self.claims.close()
        self.store.close()


# -- the private plant cluster ---------------------------------------------------------------------------
def _pg_bin() -> Path | None:
    root = Path("/usr/lib/postgresql")
    versions = sorted(root.iterdir(), key=lambda p: p.name) if root.is_dir() else []
    for version in reversed(versions):
        if (version / "bin" / "initdb").exists():
            return version / "bin"
    return None


def private_cluster_folder() -> Path:
    """Where the private plant cluster lives: the user data folder (postgres's own when root)."""
    if os.geteuid() == 0:
        # initdb refuses to run as root; the postgres user cannot enter /root: its own home it is.
        return Path("/var/lib/postgresql/lineside-plant")
    return default_path().parent / "plant-cluster"


def start_private_cluster(folder: Path) -> str:
    """Creates (once) and starts a private PostgreSQL cluster; returns its admin DSN.

    It listens on a Unix socket in its own folder only (no TCP port), trusting that folder's owner.

    Raises:
        UpstreamError: Debian's ``postgresql`` package is not installed, or the cluster fails.
    """
    binaries = _pg_bin()
    if binaries is None:
        raise UpstreamError(
            "no PostgreSQL server here: install Debian's `postgresql` package, or give --upstream"
        )
    data, sockets = folder / "data", folder / "run"
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    user = "postgres" if os.geteuid() == 0 else (os.environ.get("USER") or "lineside")
    if not (data / "PG_VERSION").exists():
        folder.mkdir(parents=True, exist_ok=True)
        sockets.mkdir(exist_ok=True)
        if as_postgres:
            shutil.chown(folder, "postgres", "postgres")
            shutil.chown(sockets, "postgres", "postgres")
        folder.chmod(0o700)
        run = subprocess.run(
            [*as_postgres, str(binaries / "initdb"), "-D", str(data), "-U", user,
             "--auth=trust", "-E", "UTF8", "--no-instructions"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if run.returncode != 0:
            raise UpstreamError(f"initdb failed: {run.stderr.strip() or run.stdout.strip()}")
    port = _free_port()
    status = subprocess.run(
        [*as_postgres, str(binaries / "pg_ctl"), "-D", str(data), "status"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if status.returncode != 0:
        run = subprocess.run(
            [*as_postgres, str(binaries / "pg_ctl"), "-D", str(data), "-w", "-l",
             str(folder / "server.log"), "-o",
             f"-c listen_addresses='' -c unix_socket_directories='{sockets}' -p {port}", "start"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if run.returncode != 0:
            raise UpstreamError(
                f"the private plant cluster did not start: {run.stderr.strip()} (see "
                f"{folder / 'server.log'})"
            )
    pid = (data / "postmaster.pid").read_text().splitlines()
    return f"host={sockets} port={pid[3].strip()} user={user} dbname=postgres"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare_plant(admin_dsn: str, database: str) -> str:
    """Creates a fresh plant database with the demo master data and the two stations' roles.

    Returns:
        The plant database's admin DSN.
    """
    with connect(admin_dsn, autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{database}"')
    dsn = _with_dbname(admin_dsn, database)
    with tempfile.TemporaryDirectory(prefix="lineside-master-") as scratch:
        master = Path(scratch) / "master.sqlite"
        db = open_database(master, create=True)
        demo_line.build(db.conn, 0)
        with connect(dsn, autocommit=True) as pg:
            plant.init(pg)
            plant.load_master_data(pg, db.conn, "the demo line's master data")
            for station in (SMT, FINAL):
                plant.add_station(pg, station)
        db.close()
    return dsn


def _with_dbname(dsn: str, database: str) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(dsn, dbname=database)


def station_dsn(admin_dsn: str, station: str) -> str:
    """The DSN of ``station``'s own role in the plant database ``admin_dsn`` points at."""
    with connect(admin_dsn, autocommit=True) as pg:
        role = plant.role_name(pg, station)
    from psycopg.conninfo import make_conninfo

    return make_conninfo(admin_dsn, user=role)


def cmd_demo_line(args: argparse.Namespace) -> int:
    """Runs the two-station line (SMT and final assembly) against a plant database, headless."""
    if not args.headless:
        return fail("the line demo runs on the terminal: add --headless")
    args.units = 3 if args.units is None else args.units
    if args.units < 1:
        return fail("--units must be 1 or more")
    try:
        if args.upstream:
            admin = args.upstream
            where = "the configured plant database"
        else:
            folder = args.cluster or private_cluster_folder()
            admin = start_private_cluster(folder)
            where = f"a private PostgreSQL cluster in {folder}"
        name = f"lineside_line_{datetime.now(UTC):%Y%m%d_%H%M%S}"
        dsn = prepare_plant(admin, name)
    except UpstreamError as exc:
        return fail(str(exc), EXIT_UPSTREAM)
    folder_db = Path(args.db).parent if args.db else Path(tempfile.mkdtemp(prefix="lineside-line-"))
    folder_db.mkdir(parents=True, exist_ok=True)
    print(f"plant database {name} on {where}", file=sys.stderr)
    paths = {s: folder_db / f"{s.lower()}.sqlite" for s in (SMT, FINAL)}
    stations: dict[str, LineStation] = {}
    try:
        for station, path in paths.items():
            init_from_plant(path, station, station_dsn(dsn, station))
        stations[SMT] = LineStation(paths[SMT], SMT, station_dsn(dsn, SMT), "BDG-1002")
        stations[FINAL] = LineStation(paths[FINAL], FINAL, station_dsn(dsn, FINAL), "BDG-1001")
        print(
            f"stations: {SMT} at {paths[SMT]}, {FINAL} at {paths[FINAL]}; each pushes after every "
            "commit and pulls the line's work in progress",
            file=sys.stderr,
        )
        stamp = f"{datetime.now(UTC):%H%M%S}"
        boards: list[str] = []
        failures: list[BaseException] = []

        def smt() -> None:
            try:
                for n in range(args.units):
                    board = f"PCB-200-{stamp}{n:03d}"
                    stations[SMT].record_board(board)
                    boards.append(board)
            except BaseException as exc:  # reported by the main thread
                failures.append(exc)

        producer = threading.Thread(target=smt, name="line-smt")
        producer.start()
        for n in range(args.units):
            board = None
            deadline = time.monotonic() + 60
            while board is None and not failures:
                ready = [b for b in boards[n : n + 1] if stations[FINAL].knows(b)]
                board = ready[0] if ready else None
                if board is None:
                    if time.monotonic() > deadline:
                        return fail(f"board {n + 1} never reached {FINAL} (plant unreachable?)")
                    stations[FINAL].synced()
                    time.sleep(0.05)
            if failures:
                raise failures[0]
            assert board is not None
            serial = f"SN-IP-200-{stamp}{n:03d}"
            stations[FINAL].build_device(serial, board)
            print(serial, flush=True)
        producer.join()
        for s in stations.values():
            assert s.worker is not None
            s.worker.wake()
            s.worker.wait_for(lambda st: st.backlog == 0 and st.state == "up-to-date", 30)
    finally:
        for s in stations.values():
            s.close()
    print(
        f"{args.units} devices built across two station PCs; try: lineside trace --upstream "
        f'"{dsn}" --unit SN-IP-200-{stamp}000 --json',
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_init_upstream(args: argparse.Namespace, path: Path) -> int:
    """``lineside init --db PATH --station S --upstream DSN``."""
    if not args.station:
        return fail("--upstream needs --station: which station of the plant this PC is")
    try:
        version = init_from_plant(path, args.station, args.upstream)
    except UpstreamError as exc:
        return fail(str(exc), EXIT_UPSTREAM)
    print(
        f"station database for {args.station} ready: {path} (plant master data version {version}); "
        f'sync it with `lineside sync --db {path} --upstream "{args.upstream}"` or open the station'
    )
    return EXIT_OK


def station_process(argv: list[str] | None = None) -> int:
    """One station PC of a line as its own process (the line tests and benchmarks start these).

    ``--make boards`` records boards at SMT; ``--make devices`` builds each board, once its record
    reaches this station, into a device. Each line of output is ``<what> <serial> <board> <t>``
    with ``t`` the wall-clock time (s) the record was committed, or the board became usable here.
    """
    parser = argparse.ArgumentParser(prog="python -m app.cli.line")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--station", required=True)
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--badge", required=True)
    parser.add_argument("--make", choices=("boards", "devices"), required=True)
    parser.add_argument("--units", type=int, default=1)
    parser.add_argument("--prefix", default="")
    parser.add_argument("--boards", nargs="*", default=None, help="devices: use these boards")
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--wait", type=float, default=120.0, help="devices: seconds per board")
    args = parser.parse_args(argv)
    me = LineStation(args.db, args.station, args.dsn, args.badge, interval=args.interval)
    try:
        for n in range(args.units):
            if args.make == "boards":
                board = f"PCB-200-{args.prefix}{n:04d}"
                me.record_board(board)
                print(f"board {board} - {time.time():.6f}", flush=True)
                continue
            board = args.boards[n] if args.boards else f"PCB-200-{args.prefix}{n:04d}"
            serial = f"SN-IP-200-{args.station[-2:]}{args.prefix}{n:04d}"
            deadline = time.monotonic() + args.wait
            while not me.knows(board) and time.monotonic() < deadline:
                me.synced()
                time.sleep(0.005)
            if not me.knows(board):
                # The board was never recorded (its station stopped): said, never waited on forever.
                print(
                    f"refused {serial} {board} never reached {args.station} in {args.wait:g} s",
                    flush=True,
                )
                continue
            usable = time.time()
            try:
                me.build_device(serial, board)
            except Exception as exc:  # the test reads the refusal
                print(f"refused {serial} {board} {exc}", flush=True)
                me.session.clear()
                continue
            print(f"device {serial} {board} {usable:.6f}", flush=True)
        assert me.worker is not None
        me.synced()
        # Done when the plant holds everything, or when it cannot be reached (said on stderr).
        status = me.worker.wait_for(
            lambda s: (
                (s.backlog == 0 and s.state == "up-to-date")
                or s.state in ("offline", "credentials", "refused")
            ),
            60,
        )
        if status.state != "up-to-date":
            print(
                f"{args.station}: {status.backlog} rows wait for the plant ({status.last_error})",
                file=sys.stderr,
            )
    finally:
        me.close()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(station_process())
