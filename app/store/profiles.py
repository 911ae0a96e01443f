"""Reflow profiles in the station database: samples, verdict, boards, and a journal row for each.

Recording a profile writes, in one transaction, a ``profile`` row in the station's hash-chained
journal that carries the sha256, the verdict and the serials and states the table rows it gives
(through the master-data writer), and those rows: the ``profiles`` row (samples as a compact
float64 blob, bound by its sha256) and one ``profile_boards`` row per board or panel serial.
``verify`` re-derives the rows from the journal and re-hashes the samples (:func:`verify_samples`). The capture core
reads verdicts through :class:`app.capture.stored_profiles.StoredProfiles` (its
``ProfileSource``; it lives in ``app.capture`` because the store may not import the capture layer).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from app.domain.canonical import canonical_json
from app.domain.clock import iso_ms, new_key, parse_iso, utc_now
from app.domain.profile import ProfileSpec, ProfileVerdict, ThermalProfile, evaluate
from app.domain.profile_specs import PRESETS, SAC305_PASTE, library
from app.store import journal, masterdata_write
from app.store.masterdata import MasterData
from app.store.masterdata_write import Change

JOURNAL_KIND = "profile"


@dataclass(frozen=True)
class StoredProfile:
    """A profile as recorded: its id, journal row and verdict."""

    id: str
    journal_key: str
    sha256: str
    verdict: ProfileVerdict
    boards: tuple[str, ...]
    panels: tuple[str, ...]
    recipe: str | None
    measured_at: datetime


def samples_sha256(blob: bytes) -> str:
    """The hash kept with (and journalled for) a profile's samples."""
    return hashlib.sha256(blob).hexdigest()


def _summary(verdict: ProfileVerdict) -> dict[str, Any]:
    """The few figures bound into capture records (the full metrics stay with the profile)."""
    m = verdict.metrics
    peaks = [c.peak_c for c in m.channels]
    tals = [c.time_above_liquidus_s for c in m.channels]
    return {
        "peak_c": [round(min(peaks), 1), round(max(peaks), 1)],
        "time_above_liquidus_s": [round(min(tals), 1), round(max(tals), 1)],
        "delta_t_c": round(m.delta_t_peak_c, 1),
        "liquidus_c": m.liquidus_c,
        "channels": len(m.channels),
    }


class ProfileLinks(TypedDict, total=False):
    """What a measured profile is recorded for and where it came from (see :func:`record_profile`)."""

    boards: Sequence[str]
    panels: Sequence[str]
    recipe: str | None
    oven: str | None
    instrument: str
    source: str


class _Reported(TypedDict):
    spec_name: str
    passed: bool
    measured_at: datetime


class ReportedProfile(_Reported, total=False):
    """A verdict a profiler reported without its curve (see :func:`record_reported`)."""

    boards: Sequence[str]
    panels: Sequence[str]
    violations: Sequence[str]
    recipe: str | None
    oven: str | None
    instrument: str
    source: str
    details: dict[str, Any] | None


def record_profile(
    conn: sqlite3.Connection,
    *,
    station: str,
    profile: ThermalProfile,
    spec: ProfileSpec,
    boards: Sequence[str] = (),
    panels: Sequence[str] = (),
    recipe: str | None = None,
    oven: str | None = None,
    instrument: str = "profiler",
    source: str = "profile-stream",
    at: datetime | None = None,
) -> StoredProfile:
    """Analyses ``profile`` against ``spec`` and records it. Call inside a write transaction.

    Raises:
        ValueError: no board or panel serial was given (a profile must belong to something).
        ProfileError: the curve cannot be analysed.
    """
    if not boards and not panels:
        raise ValueError("a profile must be linked to at least one board or panel serial")
    verdict = evaluate(profile, spec)
    recorded = at or utc_now()
    measured = profile.started_at or recorded
    blob = profile.samples_bytes()
    digest = samples_sha256(blob)
    profile_id = new_key()
    body = {
        "profile": {
            "id": profile_id,
            "boards": list(boards),
            "panels": list(panels),
            "recipe": recipe,
            "oven": oven,
            "instrument": instrument,
            "source": source,
            "measured_at": iso_ms(measured),
            "channels": list(profile.channels),
            "samples": len(profile.times_s),
            "sha256": digest,
            "spec": spec.to_dict(),
            "passed": verdict.passed,
            "violations": list(verdict.messages),
            "summary": _summary(verdict),
        }
    }
    row = _write(
        conn,
        station,
        profile_id,
        body,
        boards,
        panels,
        recorded,
        blob,
        {
            "measured_at": iso_ms(measured),
            "source": source,
            "instrument": instrument,
            "oven": oven,
            "recipe": recipe,
            "channels": json.dumps(list(profile.channels)),
            "sample_count": len(profile.times_s),
            "sha256": digest,
            "spec_name": spec.name,
            "spec": canonical_json(spec.to_dict()),
            "passed": int(verdict.passed),
            "violations": canonical_json([v.as_content() for v in verdict.violations]),
            "metrics": canonical_json(verdict.metrics.as_content()),
            "meta": canonical_json(profile.meta),
        },
    )
    return StoredProfile(
        profile_id,
        row.key,
        digest,
        verdict,
        tuple(boards),
        tuple(panels),
        recipe,
        measured,
    )


def _write(
    conn: sqlite3.Connection,
    station: str,
    profile_id: str,
    body: dict[str, Any],
    boards: Sequence[str],
    panels: Sequence[str],
    recorded: datetime,
    blob: bytes,
    values: dict[str, Any],
) -> journal.JournalRow:
    """Journals a profile with its table rows stated (the samples bound by their sha256) and
    projects them: the ``profiles`` row and one ``profile_boards`` row per board or panel."""
    key = new_key()
    row_values = {
        **values,
        "samples": blob,  # the journal row states its digest
        "journal_key": key,
        "station": station,
        "recorded_at": iso_ms(recorded),
    }
    changes = [Change("profiles", {"id": profile_id}, row_values, replace=True)]
    changes += [
        Change(
            "profile_boards", {"profile_id": profile_id, "serial": s}, {"kind": kind}, replace=True
        )
        for kind, serials in (("board", boards), ("panel", panels))
        for s in dict.fromkeys(serials)
    ]
    row = masterdata_write.write(
        conn,
        station,
        changes,
        by=str(values["instrument"]),  # no person records a profile: the instrument that measured
        why="profile measured",
        kind=JOURNAL_KIND,
        body=body,
        at=recorded,
        key=key,
    )
    assert row is not None  # a body is always recorded
    return row


def record_reported(
    conn: sqlite3.Connection,
    *,
    station: str,
    spec_name: str,
    passed: bool,
    measured_at: datetime,
    boards: Sequence[str] = (),
    panels: Sequence[str] = (),
    violations: Sequence[str] = (),
    recipe: str | None = None,
    oven: str | None = None,
    instrument: str = "profiler",
    source: str = "cfx",
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> str:
    """Records a verdict a profiler reported without its curve (e.g. an IPC-CFX profiler message).

    The row has no samples (``sample_count`` 0); ``details`` keeps what the instrument said.
    Call inside a write transaction. Returns the new profile id.

    Raises:
        ValueError: no board or panel serial was given.
    """
    if not boards and not panels:
        raise ValueError("a profile must be linked to at least one board or panel serial")
    recorded = at or utc_now()
    profile_id = new_key()
    empty = samples_sha256(b"")
    spec = {"name": spec_name, "reported_by": instrument}
    body = {
        "profile": {
            "id": profile_id,
            "boards": list(boards),
            "panels": list(panels),
            "recipe": recipe,
            "oven": oven,
            "instrument": instrument,
            "source": source,
            "measured_at": iso_ms(measured_at),
            "channels": [],
            "samples": 0,
            "sha256": empty,
            "spec": spec,
            "passed": passed,
            "violations": list(violations),
            "summary": {"reported": details or {}},
        }
    }
    _write(
        conn,
        station,
        profile_id,
        body,
        boards,
        panels,
        recorded,
        b"",
        {
            "measured_at": iso_ms(measured_at),
            "source": source,
            "instrument": instrument,
            "oven": oven,
            "recipe": recipe,
            "channels": "[]",
            "sample_count": 0,
            "sha256": empty,
            "spec_name": spec_name,
            "spec": canonical_json(spec),
            "passed": int(passed),
            "violations": canonical_json([{"message": v} for v in violations]),
            "metrics": canonical_json({"reported": details or {}}),
            "meta": "{}",
        },
    )
    return profile_id


def load_profile(conn: sqlite3.Connection, profile_id: str) -> ThermalProfile:
    """The stored curve of a profile, for plotting or re-analysis.

    Raises:
        KeyError: no such profile.
    """
    row = conn.execute(
        "SELECT channels, samples, measured_at, meta FROM profiles WHERE id = ?", (profile_id,)
    ).fetchone()
    if row is None:
        raise KeyError(profile_id)
    return ThermalProfile.from_samples_bytes(
        tuple(json.loads(row[0])),
        bytes(row[1]),
        started_at=parse_iso(row[2]),
        meta=json.loads(row[3]),
    )


def verify_samples(conn: sqlite3.Connection) -> list[str]:
    """Problems found re-hashing every profile's samples against the row and its journal row."""
    problems: list[str] = []
    for pid, key, blob, digest, passed in conn.execute(
        "SELECT id, journal_key, samples, sha256, passed FROM profiles ORDER BY recorded_at"
    ):
        actual = samples_sha256(bytes(blob))
        entry = conn.execute("SELECT content FROM journal WHERE key = ?", (key,)).fetchone()
        journalled = json.loads(entry[0])["profile"] if entry else None
        if journalled is None:
            problems.append(f"profile {pid}: its journal row {key} is missing")
        elif actual != digest or actual != journalled["sha256"]:
            problems.append(f"profile {pid}: its samples do not match their sha256: altered")
        elif bool(passed) != journalled["passed"]:
            problems.append(f"profile {pid}: its verdict differs from the journal: altered")
    return problems


@dataclass(frozen=True)
class ProfileSummary:
    """The newest verdict recorded for a serial, as the capture core needs it."""

    id: str
    spec_name: str
    passed: bool
    measured_at: datetime
    violations: tuple[str, ...]
    recipe: str | None
    sha256: str
    summary: dict[str, Any]


def latest_for(conn: sqlite3.Connection, serial: str) -> ProfileSummary | None:
    """The newest profile linked to a board or panel ``serial``, or None."""
    row = conn.execute(
        "SELECT p.id, p.spec_name, p.passed, p.measured_at, p.violations, p.recipe, "
        "p.sha256, p.metrics FROM profile_boards b JOIN profiles p ON p.id = b.profile_id "
        "WHERE b.serial = ? ORDER BY p.measured_at DESC, p.recorded_at DESC LIMIT 1",
        (serial,),
    ).fetchone()
    if row is None:
        return None
    metrics = json.loads(row[7])
    if "channels" in metrics:
        channels = list(metrics["channels"].values())
        peaks = [c["peak_c"] for c in channels]
        tals = [c["time_above_liquidus_s"] for c in channels]
        summary: dict[str, Any] = {
            "peak_c": [min(peaks), max(peaks)],
            "time_above_liquidus_s": [min(tals), max(tals)],
            "delta_t_c": metrics["delta_t_peak_c"],
            "liquidus_c": metrics["liquidus_c"],
            "channels": len(peaks),
        }
    else:
        summary = metrics  # a verdict reported without its curve: what the instrument said
    return ProfileSummary(
        id=row[0],
        spec_name=row[1],
        passed=bool(row[2]),
        measured_at=parse_iso(row[3]),
        violations=tuple(v["message"] for v in json.loads(row[4])),
        recipe=row[5],
        sha256=row[6],
        summary=summary,
    )


SPEC_JOURNAL_KIND = "profile-spec"


def save_spec(
    conn: sqlite3.Connection,
    *,
    station: str,
    spec: ProfileSpec,
    saved_by: str,
    at: datetime | None = None,
) -> int:
    """Saves a technician's spec as its next revision, with a journal row. Returns the revision.

    Call inside a write transaction.

    Raises:
        ValueError: the spec is named like a preset (presets are fixed; copy one under a new name).
    """
    if spec.name in PRESETS:
        raise ValueError(
            f"{spec.name!r} is a preset and cannot be changed: save your version under another name"
        )
    current = conn.execute(
        "SELECT max(revision) FROM profile_specs WHERE name = ?", (spec.name,)
    ).fetchone()[0]
    revision = int(current or 0) + 1
    body = {"spec": spec.to_dict(), "revision": revision, "saved_by": saved_by}
    key, moment = new_key(), at or utc_now()
    values = {
        "spec": canonical_json(spec.to_dict()),
        "journal_key": key,
        "saved_at": iso_ms(moment),
        "saved_by": saved_by,
    }
    masterdata_write.write(
        conn,
        station,
        [Change("profile_specs", {"name": spec.name, "revision": revision}, values, replace=True)],
        by=saved_by,
        why=f"profile spec {spec.name} revision {revision}",
        kind=SPEC_JOURNAL_KIND,
        body=body,
        at=moment,
        key=key,
    )
    return revision


def custom_specs(conn: sqlite3.Connection) -> list[ProfileSpec]:
    """The newest revision of every spec technicians saved, by name."""
    rows = conn.execute(
        "SELECT spec FROM profile_specs s WHERE revision = "
        "(SELECT max(revision) FROM profile_specs t WHERE t.name = s.name) ORDER BY name"
    ).fetchall()
    return [ProfileSpec.from_dict(json.loads(r[0])) for r in rows]


def spec_library(conn: sqlite3.Connection) -> dict[str, ProfileSpec]:
    """Presets and the station's own specs, by name (what a technician picks from)."""
    return library(custom_specs(conn))


# -- which spec a station measures against ---------------------------------------------------------
#: The station setting (in ``stations.settings``) naming the spec its profiles are measured against.
STATION_SPEC_SETTING = "profile_spec"
DEFAULT_SPEC = SAC305_PASTE


def choose_spec(conn: sqlite3.Connection, station: str, name: str | None) -> ProfileSpec:
    """``name``, else the station's configured spec, else the SAC305 preset.

    Raises:
        ValueError: an unknown station or spec (the message lists the known ones).
    """
    specs = spec_library(conn)
    found = MasterData(conn).station(station)
    if found is None:
        known = ", ".join(MasterData(conn).station_ids()) or "none"
        raise ValueError(f"no station {station!r} in this database (stations: {known})")
    configured = found.settings.get(STATION_SPEC_SETTING)
    wanted = name or configured
    if wanted is None:
        return DEFAULT_SPEC
    if wanted not in specs:
        whose = "" if name else f"station {station}'s setting {STATION_SPEC_SETTING} names "
        raise ValueError(
            f"{whose}no profile spec called {wanted!r}: choose one of "
            + ", ".join(repr(s) for s in specs)
        )
    return specs[wanted]


def spec_revisions(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Each saved spec's newest revision, when and by whom it was saved."""
    return {
        r[0]: {"revision": r[1], "saved_at": r[2], "saved_by": r[3]}
        for r in conn.execute(
            "SELECT name, revision, saved_at, saved_by FROM profile_specs s WHERE revision = "
            "(SELECT max(revision) FROM profile_specs t WHERE t.name = s.name)"
        )
    }


def stations_by_spec(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Spec name -> the stations measuring against it by default."""
    stations = MasterData(conn)
    defaults: dict[str, list[str]] = {}
    for sid in stations.station_ids():
        st = stations.station(sid)
        chosen = (st.settings.get(STATION_SPEC_SETTING) if st else None) or DEFAULT_SPEC.name
        defaults.setdefault(str(chosen), []).append(sid)
    return defaults


# -- reading what was recorded -----------------------------------------------------------------------
def profile_details(conn: sqlite3.Connection, profile_id: str) -> dict[str, Any] | None:
    """Everything recorded about one profile except its samples, JSON-ready; None if unknown."""
    row = conn.execute(
        "SELECT id, station, recorded_at, measured_at, source, instrument, oven, recipe, channels, "
        "sample_count, sha256, spec_name, spec, passed, violations, metrics, meta, journal_key "
        "FROM profiles WHERE id = ?",
        (profile_id,),
    ).fetchone()
    if row is None:
        return None
    serials = conn.execute(
        "SELECT serial, kind FROM profile_boards WHERE profile_id = ? ORDER BY rowid", (profile_id,)
    ).fetchall()
    metrics = json.loads(row[15])
    return {
        "id": row[0],
        "station": row[1],
        "recorded_at": row[2],
        "measured_at": row[3],
        "source": row[4],
        "instrument": row[5],
        "oven": row[6],
        "recipe": row[7],
        "channels": json.loads(row[8]),
        "sample_count": row[9],
        "sha256": row[10],
        "spec": json.loads(row[12]),
        "spec_name": row[11],
        "passed": bool(row[13]),
        "violations": json.loads(row[14]),
        "metrics": metrics if "channels" in metrics else None,
        "reported": metrics.get("reported"),
        "meta": json.loads(row[16]),
        "journal_key": row[17],
        "boards": [s for s, kind in serials if kind == "board"],
        "panels": [s for s, kind in serials if kind == "panel"],
    }


def history(conn: sqlite3.Connection, serial: str) -> list[dict[str, Any]]:
    """Every profile recorded for a board or panel serial, newest first."""
    rows = conn.execute(
        "SELECT p.id, p.measured_at, p.passed, p.spec_name FROM profile_boards b "
        "JOIN profiles p ON p.id = b.profile_id WHERE b.serial = ? "
        "ORDER BY p.measured_at DESC, p.recorded_at DESC",
        (serial,),
    ).fetchall()
    return [{"id": r[0], "measured_at": r[1], "passed": bool(r[2]), "spec": r[3]} for r in rows]
