"""Shared fixtures: demo station databases on disk, built once per run and copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.stations import DemoStation, build_template


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database (60 units) built once."""
    return build_template(tmp_path_factory.mktemp("template") / "demo.sqlite", units=60)


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for one test."""
    target = tmp_path / "station.sqlite"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def station(demo_db: Path) -> DemoStation:
    """An open demo station with its store and helpers; closed after the test."""
    s = DemoStation(demo_db)
    yield s
    s.close()
