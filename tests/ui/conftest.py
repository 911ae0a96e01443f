"""pytest-qt setup for the UI tests: the offscreen platform, so they run headless and in CI."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
