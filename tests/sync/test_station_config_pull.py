"""A station's own configuration stays the station's: the plant's master-data pull keeps it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.capture import demo_line
from app.capture.station_setup import save_station_settings, station_settings
from app.cli.line import FINAL, init_from_plant
from app.store import journal
from app.store.database import open_database
from app.store.station_store import StationStore
from app.sync import plant, push
from app.sync.credentials import connect

pytestmark = pytest.mark.postgres
TECHNICIAN = {"user_id": "U3001", "name": "Tomas Weber", "role": "technician"}


def test_a_local_rule_change_survives_the_next_master_data_pull(
    plant_dsn: str, plant_conn: psycopg.Connection[Any], tmp_path: Path
) -> None:
    master = open_database(tmp_path / "master.sqlite", create=True)
    demo_line.build(master.conn, 0)
    plant.load_master_data(plant_conn, master.conn)
    master.close()
    dsn = plant_dsn.replace("user=postgres", f"user={plant.add_station(plant_conn, FINAL)}")
    path = tmp_path / "fa.sqlite"
    init_from_plant(path, FINAL, dsn)
    store = StationStore(path)
    try:
        before = station_settings(store.reader, FINAL)
        local = "block" if before.on_violation.get("environment") == "flag" else "flag"
        wanted = dataclasses.replace(
            before, on_violation={**before.on_violation, "environment": local}
        )
        saved = store.write(
            lambda conn: save_station_settings(
                conn, wanted, by=TECHNICIAN, reason="climate unit serviced this week"
            )
        )
        # The plant publishes a new version: a part's description and this station's settings.
        plant_conn.execute(
            "UPDATE plant.parts SET description = 'Housing, front (rev B)' "
            "WHERE part_number = (SELECT min(part_number) FROM plant.parts)"
        )
        plant_conn.execute(
            "UPDATE plant.stations SET settings = '{}', config_revision = config_revision + 7 "
            "WHERE id = %s",
            (FINAL,),
        )
        version = plant.publish(plant_conn, "rev B housing")
        with connect(dsn, autocommit=True) as pg:
            assert push.pull_master_data(store, pg) == version.version
        after = station_settings(store.reader, FINAL)
        assert after.on_violation["environment"] == local
        assert after.revision == saved.revision
        settings = json.loads(
            store.reader.execute("SELECT settings FROM stations WHERE id = ?", (FINAL,)).fetchone()[
                0
            ]
        )
        assert settings["on_violation"]["environment"] == local
        described = store.reader.execute(
            "SELECT count(*) FROM parts WHERE description = 'Housing, front (rev B)'"
        ).fetchone()[0]
        assert described == 1  # the rest of the version is applied
        assert journal.verify(store.reader).intact
    finally:
        store.close()
