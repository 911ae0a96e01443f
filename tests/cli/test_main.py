"""``lineside --version`` and a reader that goes away early, as a script or a shell sees them."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

from app import __version__
from app.store.schema import MIGRATIONS

LINESIDE = [sys.executable, "-m", "app.cli"]


def test_version_names_the_app_schema_python_and_qt() -> None:
    out = subprocess.run([*LINESIDE, "--version"], capture_output=True, text=True, check=True)
    lines = dict(line.split(None, 1) for line in out.stdout.splitlines())
    assert lines["lineside"] == __version__
    newest = MIGRATIONS._migrations[-1].name  # the schema this build creates
    assert lines["schema"] == f"{len(MIGRATIONS._migrations)} ({newest})"
    assert lines["python"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    assert lines["PySide6-Essentials"] == metadata.version("PySide6-Essentials")
    assert lines["biip"] == metadata.version("biip")


def test_a_closed_pipe_ends_the_verb_quietly(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    subprocess.run(
        [*LINESIDE, "demo-data", "--db", str(db), "--units", "200", "--quiet"], check=True
    )
    # `lineside export epcis | head -c 100`: far more than a pipe buffer, the reader leaves early.
    proc = subprocess.Popen(
        [*LINESIDE, "export", "epcis", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100).startswith(b"{")
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141  # as `yes | head` ends: 128 + SIGPIPE
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
