"""What this installation is: app and schema versions, Python, Qt and the key libraries."""

from __future__ import annotations

import platform
import sqlite3
import sys
from importlib import metadata

from app import __version__
from app.store.schema import MIGRATIONS

# The libraries whose version decides what a record means or how it is read: a validated build
# names each one (they are pinned in packaging/requirements.lock).
KEY_DISTRIBUTIONS = (
    "PySide6-Essentials",
    "PySide6-Addons",
    "shiboken6",
    "sqlite-utils",
    "biip",
    "zxing-cpp",
    "opencv-python-headless",
    "pymodbus",
    "pyserial",
    "psycopg",
    "reportlab",
    "fhir.resources",
    "numpy",
)


def schema_version() -> str:
    """The newest migration this build knows, e.g. ``"6 (m006_review_indexes)"``."""
    names = [m.name for m in MIGRATIONS._migrations]  # sqlite-utils has no public accessor
    return f"{len(names)} ({names[-1]})" if names else "0"


def distribution_version(name: str) -> str:
    """The installed version of a distribution, or ``"not installed"``."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    """Name → version for the app, the schema, Python, SQLite, the platform and key libraries."""
    found = {
        "lineside": __version__,
        "schema": schema_version(),
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "sqlite": sqlite3.sqlite_version,
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
        "frozen": "bundle" if getattr(sys, "frozen", False) else "source",
    }
    found.update({name: distribution_version(name) for name in KEY_DISTRIBUTIONS})
    return found


def version_text() -> str:
    """The ``lineside --version`` text: one ``name version`` per line, the app first."""
    found = versions()
    width = max(len(k) for k in found)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in found.items())
