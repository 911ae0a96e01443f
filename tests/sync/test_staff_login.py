"""Staff log in at a station created from the plant: the plant vouches, the station caches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.capture import demo_line
from app.capture.demo_line import DEMO_PASSWORD
from app.capture.session import CaptureRefused, CaptureSession
from app.cli import main
from app.cli.line import FINAL
from app.store import journal
from app.store.database import open_database
from app.store.passwords import hash_password
from app.store.station_store import StationStore
from app.sync import plant
from app.sync.line import PlantClaims
from tests.sync.helpers import dead_dsn

pytestmark = pytest.mark.postgres
NEW_PASSWORD = "changed-at-the-plant-7"


class Station:
    """A station database made by ``lineside init --upstream`` and sessions opened on it."""

    def __init__(self, plant_dsn: str, plant_conn: psycopg.Connection[Any], folder: Path) -> None:
        master = open_database(folder / "master.sqlite", create=True)
        demo_line.build(master.conn, 0)
        plant.load_master_data(plant_conn, master.conn)
        master.close()
        self.plant_conn = plant_conn
        role = plant.add_station(plant_conn, FINAL)
        self.dsn = plant_dsn.replace("user=postgres", f"user={role}")
        self.path = folder / "fa.sqlite"
        code = main(["init", "--db", str(self.path), "--station", FINAL, "--upstream", self.dsn])
        assert code == 0
        self.store = StationStore(self.path)
        self.claims: list[PlantClaims] = []

    def session(self, *, online: bool) -> CaptureSession:
        claims = PlantClaims(self.dsn if online else dead_dsn())
        self.claims.append(claims)
        return CaptureSession(self.store, FINAL, plant=claims)

    def local_hash(self, username: str) -> str | None:
        row = self.store.reader.execute(
            "SELECT password_hash FROM users WHERE username = ?", (username,)
        ).fetchone()
        return None if row[0] is None else str(row[0])

    def plant_failures(self, username: str) -> int:
        row = self.plant_conn.execute(
            "SELECT failures FROM plant.auth_failures WHERE username = %s", (username,)
        ).fetchone()
        return 0 if row is None else int(row[0])

    def close(self) -> None:
        for c in self.claims:
            c.close()
        self.store.close()


@pytest.fixture
def from_plant(
    plant_dsn: str, plant_conn: psycopg.Connection[Any], tmp_path: Path
) -> Iterator[Station]:
    made = Station(plant_dsn, plant_conn, tmp_path)
    yield made
    made.close()


def refused(action: Any) -> str:
    with pytest.raises(CaptureRefused) as caught:
        action()
    return f"[{caught.value.finding.rule}] {caught.value.finding.message}"


def test_supervisor_logs_in_online_then_offline_with_the_cached_credential(
    from_plant: Station,
) -> None:
    # The plant publishes no hashes: the new station has none for its staff.
    assert from_plant.local_hash("supervisor") is None
    offline = from_plant.session(online=False)
    message = refused(lambda: offline.login_password("supervisor", DEMO_PASSWORD))
    assert (
        "[staff-need-password] this station has not yet seen Sofia Lindgren's password" in message
    )
    assert "log in once in the station window while the plant is reachable" in message
    # A session with no plant link at all (a CLI verb) says that instead.
    alone = CaptureSession(from_plant.store, FINAL)
    message = refused(lambda: alone.login_password("supervisor", DEMO_PASSWORD))
    assert "has not yet seen Sofia Lindgren's password (this session has no link to the plant)" in (
        message
    )

    online = from_plant.session(online=True)
    assert online.login_password("supervisor", DEMO_PASSWORD).name == "Sofia Lindgren"
    cached = from_plant.local_hash("supervisor")
    assert cached is not None and cached.startswith("scrypt$131072$8$1$")
    row = from_plant.store.reader.execute(
        "SELECT content FROM journal WHERE kind = 'user-change' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert "cached at log-in: the plant confirmed the password" in row[0]
    assert cached not in row[0] and "scrypt$" not in row[0]  # the chain states the digest only
    assert journal.verify(from_plant.store.reader).intact
    online.logout()

    # The plant is away now: the cached credential lets her in, a wrong password does not.
    offline = from_plant.session(online=False)
    assert offline.login_password("supervisor", DEMO_PASSWORD).name == "Sofia Lindgren"
    offline.logout()
    assert "name or password is wrong" in refused(
        lambda: offline.login_password("supervisor", "not-her-password")
    )
    # Someone the station never saw log in stays refused offline, saying why.
    assert "has not yet seen Tomas Weber's password" in refused(
        lambda: offline.login_password("technician", DEMO_PASSWORD)
    )


def test_wrong_password_online_counts_at_the_plant_and_here(from_plant: Station) -> None:
    online = from_plant.session(online=True)
    assert "name or password is wrong" in refused(
        lambda: online.login_password("supervisor", "not-her-password")
    )
    assert from_plant.plant_failures("supervisor") == 1
    failed = [
        json.loads(r[0])
        for r in from_plant.store.reader.execute(
            "SELECT content FROM journal WHERE kind = 'login-failed'"
        )
    ]
    assert [f["username"] for f in failed] == ["supervisor"]
    assert from_plant.local_hash("supervisor") is None
    # Unknown at the station: refused without asking the plant.
    assert "name or password is wrong" in refused(
        lambda: online.login_password("nobody", DEMO_PASSWORD)
    )
    assert from_plant.plant_failures("nobody") == 0
    # The right password clears the plant's count and is cached.
    online.login_password("supervisor", DEMO_PASSWORD)
    assert from_plant.plant_failures("supervisor") == 0
    assert from_plant.local_hash("supervisor") is not None


def test_locked_at_the_plant_is_refused_with_the_plants_reason(from_plant: Station) -> None:
    from_plant.plant_conn.execute("INSERT INTO plant.auth_failures VALUES ('supervisor', 5, now())")
    online = from_plant.session(online=True)
    message = refused(lambda: online.login_password("supervisor", DEMO_PASSWORD))
    assert message.startswith("[account-locked] user supervisor is locked at the plant")
    assert from_plant.local_hash("supervisor") is None


def test_a_password_changed_at_the_plant_replaces_the_cached_one_at_the_next_online_log_in(
    from_plant: Station,
) -> None:
    from_plant.session(online=True).login_password("supervisor", DEMO_PASSWORD)
    old = from_plant.local_hash("supervisor")
    from_plant.plant_conn.execute(
        "UPDATE plant.users SET password_hash = %s WHERE username = 'supervisor'",
        (hash_password(NEW_PASSWORD),),
    )
    online = from_plant.session(online=True)
    assert online.login_password("supervisor", NEW_PASSWORD).name == "Sofia Lindgren"
    new = from_plant.local_hash("supervisor")
    assert new is not None and new != old
    offline = from_plant.session(online=False)
    assert offline.login_password("supervisor", NEW_PASSWORD).name == "Sofia Lindgren"
    offline.logout()
    assert "name or password is wrong" in refused(
        lambda: offline.login_password("supervisor", DEMO_PASSWORD)
    )
    assert journal.verify(from_plant.store.reader).intact
