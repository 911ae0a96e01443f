"""The style sheet, sounds and icon are found the same way from a checkout, an editable install and a wheel.

(The bundle is checked by packaging/check-bundle.sh, which runs ``lineside validate`` from it.)
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIP = [sys.executable, "-m", "pip"]
EXPECTED = ["lineside.qss", "sounds/accepted.wav", "sounds/refused.wav", "icons/lineside.png"]
# Prints where the resources package is and fails unless every expected file is in it.
PROBE = f"""
import sys
from importlib.resources import files
folder = files("resources")
missing = [p for p in {EXPECTED!r} if not folder.joinpath(*p.split("/")).is_file()]
assert not missing, missing
print(folder)
"""


def run_probe(*python_args: str, prefix: str = "", cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, *python_args, "-c", prefix + PROBE],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_plain_source_checkout_finds_the_resources(tmp_path: Path) -> None:
    # -I -S: no site-packages (so no editable install), only the checkout on the path.
    where = run_probe(
        "-I", "-S", prefix=f"import sys; sys.path.insert(0, {str(ROOT)!r})", cwd=tmp_path
    )
    assert Path(where) == ROOT / "resources"


def test_the_editable_install_finds_the_resources(tmp_path: Path) -> None:
    where = run_probe(cwd=tmp_path)  # the test's own interpreter: the venv with `pip install -e .`
    assert Path(where) == ROOT / "resources"


@pytest.mark.slow
def test_a_wheel_carries_the_resources_and_its_install_finds_them(tmp_path: Path) -> None:
    subprocess.run(
        [
            *PIP,
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "w"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "w").glob("lineside-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert all(f"resources/{p}" in names for p in EXPECTED)
    assert "app/sync/plant_schema/0001_journal.sql" in names  # the plant schema ships too
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    where = run_probe(
        "-I", "-S", prefix=f"import sys; sys.path.insert(0, {str(site)!r})", cwd=tmp_path
    )
    assert Path(where) == site / "resources"
