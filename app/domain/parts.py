"""Shared parts: repeated sub-objects of a record stored once, content-addressed, named by hash.

A record's component entry (a lot as scanned with its certificate) and the fixed half of an
environment reading (instrument, unit, calibration, window) repeat in thousands of records. They
are cut out into parts: a part is the canonical JSON of those values and is named by its SHA-256.
The record keeps ``{"$ref": "sha256:<hex>", <its own values>}`` in their place, so the record's
chained hash covers the reference and the reference covers the part (a Merkle link): the hash still
covers every value the record states. :func:`expand` gives back exactly the old form.

Only the lists named in :data:`RULES` of the kinds in :data:`KINDS` are cut; every other value
stays in the record as written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from app.domain.canonical import canonical_json

REF = "$ref"
PREFIX = "sha256:"

# The journal kinds whose records are cut into parts.
KINDS = frozenset({"assembly", "correction"})


def _component_own(entry: Mapping[str, Any]) -> tuple[str, ...]:
    # A subassembly is one serial, scanned once: its id and scan are its own; a lot repeats whole.
    return ("id", "scan") if entry.get("kind") == "unit" else ()


def _reading_own(entry: Mapping[str, Any]) -> tuple[str, ...]:
    # What changes from reading to reading; the instrument, its calibration and the window do not.
    return ("value", "read_at", "age_s", "status")


# Top-level list of a record -> the keys of each entry that stay in the record.
RULES: dict[str, Callable[[Mapping[str, Any]], tuple[str, ...]]] = {
    "components": _component_own,
    "environment": _reading_own,
}


class PartError(ValueError):
    """A reference names a part that is missing or does not match its hash."""


def part_hash(text: str) -> str:
    """The SHA-256 of a part's canonical text, as lowercase hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise TypeError("a fixed record entry cannot change: change a copy (dict(entry), list(values))")


class Fixed(dict[str, Any]):
    """A record entry that cannot change, nor can anything in it (its dicts are Fixed, its lists
    :class:`FixedList`, its tuples hold fixed values), so :func:`share` cuts its part once, however many records carry it (a
    lot's entry, scanned for a day of units, is one object). Equal to the plain dict."""

    __slots__ = ("_cut",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        super().__init__((k, _fixed(v)) for k, v in values.items())
        self._cut: dict[str, tuple[dict[str, Any], str, str] | None] = {}

    __setitem__ = _refuse
    __delitem__ = _refuse
    __ior__ = _refuse
    clear = _refuse
    pop = _refuse
    popitem = _refuse
    setdefault = _refuse
    update = _refuse


class FixedList(list[Any]):
    """A list in a :class:`Fixed` entry: it cannot change. Equal to the plain list."""

    __slots__ = ()

    __setitem__ = _refuse
    __delitem__ = _refuse
    __iadd__ = _refuse
    __imul__ = _refuse
    append = _refuse
    clear = _refuse
    extend = _refuse
    insert = _refuse
    pop = _refuse
    remove = _refuse
    reverse = _refuse
    sort = _refuse


def _fixed(value: Any) -> Any:
    if isinstance(value, dict):
        return value if type(value) is Fixed else Fixed(value)
    if isinstance(value, list):
        return value if type(value) is FixedList else FixedList(_fixed(v) for v in value)
    if isinstance(value, tuple):
        return tuple(_fixed(v) for v in value)
    return value


def _cut_entry(
    entry: dict[str, Any], own_keys: Callable[[Mapping[str, Any]], tuple[str, ...]]
) -> tuple[dict[str, Any], str, str] | None:
    """The entry's reference (with its own values), its part's hash and text; None: no part."""
    own = own_keys(entry)
    shared = {k: v for k, v in entry.items() if k not in own}
    if not shared:
        return None
    text = canonical_json(shared)
    digest = part_hash(text)
    return {REF: PREFIX + digest, **{k: entry[k] for k in own if k in entry}}, digest, text


def share(kind: str, content: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Cuts the shared parts out of one record.

    Returns:
        The record with references in place of the parts, and the parts (hash -> canonical text).
        A record of another kind, or one with nothing to cut, comes back unchanged with no parts.
    """
    if kind not in KINDS:
        return content, {}
    parts: dict[str, str] = {}
    result = dict(content)
    for name, own_keys in RULES.items():
        entries = content.get(name)
        if not isinstance(entries, list):
            continue
        cut: list[Any] = []
        for entry in entries:
            if not isinstance(entry, dict) or REF in entry:
                cut.append(entry)
                continue
            if type(entry) is Fixed:
                if name not in entry._cut:
                    entry._cut[name] = _cut_entry(entry, own_keys)
                done = entry._cut[name]
            else:
                done = _cut_entry(entry, own_keys)
            if done is None:
                cut.append(entry)
                continue
            ref, digest, text = done
            parts[digest] = text
            cut.append(dict(ref))
        result[name] = cut
    return result, parts


def refs(content: Mapping[str, Any]) -> list[str]:
    """The part hashes a record refers to, in order (repeats kept)."""
    found: list[str] = []
    for name in RULES:
        entries = content.get(name)
        if isinstance(entries, list):
            found.extend(
                str(e[REF])[len(PREFIX) :] for e in entries if isinstance(e, dict) and REF in e
            )
    return found


def expand(content: dict[str, Any], part: Callable[[str], Mapping[str, Any]]) -> dict[str, Any]:
    """The record as its old form stated it: every reference replaced by its part's values.

    Args:
        content: a record as stored (possibly with references).
        part: the values of the part with a hash; raises :class:`PartError` when it has none.

    Raises:
        PartError: a reference is malformed, names a missing part, or its part states a value
            the record states too.
    """
    result = content
    for name in RULES:
        entries = content.get(name)
        if type(entries) is not list:
            continue
        out: list[Any] = []
        found = False
        for entry in entries:
            if type(entry) is not dict or REF not in entry:
                out.append(entry)
                continue
            found = True
            ref = entry[REF]
            if type(ref) is not str or not ref.startswith(PREFIX):
                raise PartError(f"{name}: the reference {ref!r} is not 'sha256:<hex>'")
            values = part(ref[len(PREFIX) :])
            merged = dict(values)
            if len(entry) > 1:
                own = dict(entry)
                del own[REF]
                if not own.keys().isdisjoint(values):
                    both = ", ".join(sorted(own.keys() & values.keys()))
                    raise PartError(f"{name}: part {ref} and the record both state {both}")
                merged.update(own)
            out.append(merged)
        if found:
            if result is content:
                result = dict(content)
            result[name] = out
    return result
