"""Where the standards' published examples and schemas are kept for the tests."""

from __future__ import annotations

from pathlib import Path

# Copied verbatim from the project's shared/standards (sources in each folder's README), so that
# a clone tests the same way wherever it lives.
STANDARDS = Path(__file__).resolve().parents[1] / "data" / "standards"
EPCIS = STANDARDS / "epcis"
CFX = STANDARDS / "ipc-cfx"
