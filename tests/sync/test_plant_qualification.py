"""The qualification's plant check against a real plant database (``lineside validate --plant``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.sync import plant
from app.validation.checks import FAIL, PASS, Setup, oq_sync

pytestmark = pytest.mark.postgres


def test_the_plant_check_passes_on_an_initialised_plant_and_names_a_missing_schema(
    plant_dsn: str, pg_server: dict[str, Any], tmp_path: Path
) -> None:
    outcome = oq_sync(Setup(scratch=tmp_path, plant_dsn=plant_dsn))
    assert outcome.result == PASS, outcome.evidence
    newest = plant.migrations()[-1][0]
    assert f"schema {newest} ({len(plant.migrations())} migrations)" in outcome.evidence
    # A database nobody ran `lineside plant init` on: the check names what is missing.
    bare = f"{pg_server['prefix']}_bare"
    pg_server["admin"].execute(f'CREATE DATABASE "{bare}"')
    outcome = oq_sync(
        Setup(scratch=tmp_path, plant_dsn=plant_dsn.replace(plant_dsn.split("dbname=")[1], bare))
    )
    assert outcome.result == FAIL and "plant schema missing" in outcome.evidence
