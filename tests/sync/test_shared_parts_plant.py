"""The plant holds each shared part once and projects records through them as the station does."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.cli import main
from app.store import genealogy
from app.store.station_store import StationStore
from app.sync import plant, push
from app.sync.credentials import ChainRefused
from tests.sync.conftest import SERVER

pytestmark = pytest.mark.postgres

COMPONENTS = (
    "SELECT record_key::text, unit_serial, component, kind, part_number, quantity, certificate, "
    "certificate_type, certificate_revision FROM {}components"
)


def test_the_plant_projects_components_and_environment_through_the_parts(
    demo_db: Path, plant_dsn: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--db", str(demo_db), "--upstream", plant_dsn]) == 0
    capsys.readouterr()
    station = sqlite3.connect(demo_db)
    with psycopg.connect(plant_dsn) as pg:
        held = sorted(pg.execute(COMPONENTS.format("plant.")).fetchall())
        local = sorted(station.execute(COMPONENTS.replace("::text", "").format("")).fetchall())
        assert held == local and len(held) > 500
        environment = dict(
            pg.execute("SELECT record_key::text, environment FROM plant.assemblies").fetchall()
        )
        parts_held = pg.execute("SELECT count(*) FROM plant.shared_parts").fetchone()
    # The plant keeps each record's full readings; the station a summary of the same values.
    for key, text in station.execute("SELECT record_key, environment FROM assemblies"):
        assert genealogy.environment_summary(environment[key]) == text
    assert parts_held is not None
    assert parts_held[0] == station.execute("SELECT count(*) FROM shared_parts").fetchone()[0]


def test_rows_whose_parts_were_not_sent_are_refused(
    demo_db: Path, plant_dsn: str, plant_conn: Any
) -> None:
    store = StationStore(demo_db)
    try:
        rows = store.reader.execute(push.SELECT_UNSENT, (0, 200)).fetchall()
    finally:
        store.close()
    with psycopg.connect(plant_dsn, autocommit=True) as pg:
        with pytest.raises(ChainRefused, match="refers to a shared part the plant does not hold"):
            push.send_batch(pg, rows)
        assert pg.execute("SELECT count(*) FROM plant.journal").fetchone() == (0,)
        # A part whose text does not match its hash is refused by the table itself.
        with pytest.raises(psycopg.errors.CheckViolation):
            pg.execute(
                "INSERT INTO plant.shared_parts VALUES (%s, %s)", ("0" * 64, '{"forged":true}')
            )


def test_stations_added_before_the_upgrade_may_push_parts_after_it(
    pg_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    pg_server["count"] += 1
    name = f"{pg_server['prefix']}_{pg_server['count']}"
    pg_server["admin"].execute(f'CREATE DATABASE "{name}"')
    every = plant.migrations()
    with psycopg.connect(f"{SERVER} dbname={name}", autocommit=True) as conn:
        monkeypatch.setattr(plant, "migrations", lambda: [m for m in every if m[0] < "0009"])
        plant.init(conn)
        role = f"{name}_fa_77"
        conn.execute(f'CREATE ROLE "{role}" NOLOGIN')
        conn.execute("INSERT INTO plant.station_roles VALUES ('FA-77', %s)", (role,))
        monkeypatch.setattr(plant, "migrations", lambda: every)
        assert "0009_shared_parts" in plant.init(conn)
        granted = conn.execute(
            "SELECT has_table_privilege(%s, 'plant.shared_parts', 'INSERT')", (role,)
        ).fetchone()
        assert granted == (True,)
