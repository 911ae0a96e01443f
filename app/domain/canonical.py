"""Canonical JSON and the hash that chains journal rows."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


# json.dumps with these arguments, the encoder made once.
_ENCODE = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
).encode


def canonical_json(content: Any) -> str:
    """Sorted keys, UTF-8, no insignificant whitespace: one text for one content."""
    return _ENCODE(content)


def chain_hash(canonical: str, prev_hash: str) -> str:
    """``sha256(canonical_json(content) + prev_hash)`` as lowercase hex."""
    return hashlib.sha256((canonical + prev_hash).encode("utf-8")).hexdigest()
