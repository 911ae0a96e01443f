"""``trace --upstream`` with a station role's DSN: a clear refusal, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.cli import main
from app.sync import plant

pytestmark = pytest.mark.postgres


def test_trace_upstream_as_a_station_role_says_what_role_it_needs(
    demo_db: Path, plant_dsn: str, plant_conn: psycopg.Connection[Any], capsys: Any
) -> None:
    assert main(["plant", "load-master", "--dsn", plant_dsn, "--db", str(demo_db)]) == 0
    role = plant.add_station(plant_conn, "FA-09")
    dsn = plant_dsn.replace("user=postgres", f"user={role}")
    capsys.readouterr()
    code = main(["trace", "--upstream", dsn, "--lot", "ML-000001"])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "plant reader" in err and "Traceback" not in err
