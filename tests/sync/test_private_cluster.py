"""`lineside demo --line` on a fresh machine: a private PostgreSQL cluster from Debian's binaries."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from app.cli.line import _pg_bin

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    _pg_bin() is None, reason="Debian's postgresql package (initdb, pg_ctl) is not installed"
)


def test_demo_line_creates_starts_and_uses_a_private_cluster(tmp_path: Path) -> None:
    # Outside pytest's 0700 folders: as root the cluster is run by the postgres user, who must
    # reach it (initdb refuses root).
    cluster = Path("/tmp") / f"lineside-cluster-{uuid.uuid4().hex[:10]}"
    binaries = _pg_bin()
    assert binaries is not None
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    try:
        run = subprocess.run(
            [sys.executable, "-m", "app.cli", "demo", "--line", "--headless", "--units", "2",
             "--cluster", str(cluster), "--db", str(tmp_path / "line" / "x.sqlite")],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        serials = run.stdout.split()
        assert len(serials) == 2 and all(s.startswith("SN-IP-200-") for s in serials)
        assert f"a private PostgreSQL cluster in {cluster}" in run.stderr
        assert (cluster / "data" / "PG_VERSION").exists()
        owner = (cluster / "data").owner()
        assert owner == ("postgres" if os.geteuid() == 0 else os.environ.get("USER", owner))
        # Unix socket only: the cluster listens on no TCP port.
        pid = (cluster / "data" / "postmaster.pid").read_text().splitlines()
        assert pid[4].strip() == str(cluster / "run") and pid[5].strip() == ""
        # The plant in that cluster holds both stations' rows of the first device.
        dsn = re.search(r'--upstream "([^"]+)"', run.stderr)
        assert dsn is not None, run.stderr
        trace = subprocess.run(
            [sys.executable, "-m", "app.cli", "trace", "--upstream", dsn.group(1), "--unit",
             serials[0], "--json"],
            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert trace.returncode == 0, trace.stderr
        assert {r["station"] for r in json.loads(trace.stdout)["rows"]} == {"SMT-01", "FA-01"}
        # A second run finds the cluster running and uses it again (a new plant database).
        again = subprocess.run(
            [sys.executable, "-m", "app.cli", "demo", "--line", "--headless", "--units", "1",
             "--cluster", str(cluster), "--db", str(tmp_path / "line2" / "x.sqlite")],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert len(again.stdout.split()) == 1
    finally:
        if (cluster / "data" / "postmaster.pid").exists():
            subprocess.run(
                [*as_postgres, str(binaries / "pg_ctl"), "-D", str(cluster / "data"), "-m", "fast",
                 "-w", "stop"],
                capture_output=True, check=False, timeout=60,
            )  # fmt: skip
        shutil.rmtree(cluster, ignore_errors=True)
