"""Station setup without Qt: what a technician configures (line, steps, rules, scanners), journalled."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from app.codes import layouts
from app.codes.interpret import interpret
from app.codes.scan import CodeError
from app.domain.entry import EntryMethod
from app.store import journal, masterdata_write
from app.store.masterdata_write import Change

# -- station settings (technician) ---------------------------------------------------------------------
# Each rule family and what a station does when nothing is set (see Station.rule_action).
# ``unseen``: a subassembly this station has no record of while the plant cannot be asked (flag:
# built in, the record flagged for review; block: refused until the plant is back).
RULE_DEFAULTS = {
    "environment": "block",
    "calibration": "block",
    "profile": "block",
    "udi": "flag",
    "unseen": "flag",
}
RULE_FAMILIES = tuple(RULE_DEFAULTS)


@dataclass(frozen=True)
class StationSettings:
    """What a technician sets for a station: its line, allowed steps, block-or-flag per rule family."""

    station: str
    line: str
    name: str
    steps: tuple[str, ...]
    on_violation: dict[str, str]
    revision: int


def station_settings(conn: sqlite3.Connection, station: str) -> StationSettings:
    """The station's current settings.

    Raises:
        KeyError: no such station.
    """
    row = conn.execute(
        "SELECT line_id, name, steps, settings, config_revision FROM stations WHERE id = ?",
        (station,),
    ).fetchone()
    if row is None:
        raise KeyError(f"no station {station}")
    settings = json.loads(row[3])
    actions = settings.get("on_violation", {})
    return StationSettings(
        station,
        row[0],
        row[1],
        tuple(json.loads(row[2])),
        {f: str(actions.get(f, d)) for f, d in RULE_DEFAULTS.items()},
        int(row[4]),
    )


def _required_reason(reason: str, what: str) -> str:
    if not reason.strip():
        raise ValueError(f"say why the {what} change: the reason is journalled with it")
    return reason.strip()


def save_station_settings(
    conn: sqlite3.Connection,
    new: StationSettings,
    *,
    by: dict[str, Any],
    reason: str,
    at: datetime | None = None,
) -> StationSettings:
    """Changes a station's line, steps and rules; journals a ``config`` row. Call in a write transaction.

    Raises:
        ValueError: no reason, unknown line or step, or an action other than block/flag.
    """
    reason = _required_reason(reason, "station rules")
    old = station_settings(conn, new.station)
    if conn.execute("SELECT 1 FROM lines WHERE id = ?", (new.line,)).fetchone() is None:
        raise ValueError(f"line {new.line} is not known")
    known_steps = {r[0] for r in conn.execute("SELECT DISTINCT code FROM steps")}
    unknown = [s for s in new.steps if s not in known_steps]
    if unknown:
        raise ValueError(f"step {', '.join(unknown)} is not a known step")
    for family, action in new.on_violation.items():
        if family not in RULE_FAMILIES or action not in ("block", "flag"):
            raise ValueError(f"{family}: choose block or flag, not {action!r}")
    row = conn.execute("SELECT settings FROM stations WHERE id = ?", (new.station,)).fetchone()
    settings = json.loads(row[0])
    settings["on_violation"] = dict(new.on_violation)
    revision = old.revision + 1
    changes = {
        k: {"from": v_old, "to": v_new}
        for k, v_old, v_new in (
            ("line", old.line, new.line),
            ("steps", list(old.steps), list(new.steps)),
            ("on_violation", old.on_violation, dict(new.on_violation)),
        )
        if v_old != v_new
    }
    body = {
        "config": "station",
        "action": "change",
        "by": by,
        "reason": reason,
        "station_settings": {
            "station": new.station,
            "line": new.line,
            "steps": list(new.steps),
            "settings": settings,
            "revision": revision,
        },
        "changes": changes,
    }
    change = Change(
        "stations",
        {"id": new.station},
        {
            "line_id": new.line,
            "steps": json.dumps(list(new.steps)),
            "settings": json.dumps(settings),
            "config_revision": revision,
        },
    )
    masterdata_write.write(
        conn, new.station, [change], by=by, why=reason, kind="config", body=body, at=at
    )
    return replace(new, revision=revision)


def journal_config(
    conn: sqlite3.Connection,
    station: str,
    body: dict[str, Any],
    *,
    at: datetime | None = None,
) -> journal.JournalRow:
    """Journals any other configuration change (e.g. scanner settings). Call in a write transaction."""
    return journal.append(conn, station, "config", body, at=at)


def config_history(
    conn: sqlite3.Connection, station: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """The newest configuration changes (who, when, what), newest first."""
    sql = "SELECT content FROM journal WHERE kind = 'config'"
    params: list[Any] = []
    if station:
        sql += " AND station = ?"
        params.append(station)
    return [
        json.loads(r[0]) for r in conn.execute(sql + " ORDER BY seq DESC LIMIT ?", [*params, limit])
    ]


# -- scanners (technician) -----------------------------------------------------------------------------
SCANNER_DEFAULTS: dict[str, dict[str, Any]] = {
    # ``layout_mismatch``: what the last scan of the layout test label found ({"scanner": "us",
    # "host": "de"}), None when it arrived intact; wedge scans are refused while it is set.
    "wedge": {
        "enabled": True,
        "prefix": "",
        "suffix": "CR",
        "max_gap_ms": 30.0,
        "min_length": 4,
        "layout_mismatch": None,
        "strict_separators": False,  # refuse a leading/trailing/doubled GS instead of recording it
    },
    "serial": {
        "enabled": False,
        "port": "",
        "serial": "9600 8N1",
        "prefix": "",
        "suffix": "CR",
        "strict_separators": False,
    },
    # A camera as scanner: ``source`` is a camera index ("0") or a video file/stream address.
    "camera": {"enabled": False, "source": "0", "repeat_after_s": 2.0},
}


def scanner_settings(conn: sqlite3.Connection, station: str) -> dict[str, dict[str, Any]]:
    """The station's keyboard-wedge, serial and camera scanner settings (defaults filled in).

    Raises:
        KeyError: no such station.
    """
    row = conn.execute("SELECT settings FROM stations WHERE id = ?", (station,)).fetchone()
    if row is None:
        raise KeyError(f"no station {station}")
    stored = json.loads(row[0]).get("scanners", {})
    return {k: {**v, **stored.get(k, {})} for k, v in SCANNER_DEFAULTS.items()}


def save_scanner_settings(
    conn: sqlite3.Connection,
    station: str,
    scanners: dict[str, dict[str, Any]],
    *,
    by: dict[str, Any],
    reason: str,
    at: datetime | None = None,
) -> journal.JournalRow:
    """Stores the scanner settings in the station's settings and journals a ``config`` row.

    Call in a write transaction.

    Raises:
        ValueError: no reason, unknown scanner kind or setting.
    """
    reason = _required_reason(reason, "scanner settings")
    for kind, values in scanners.items():
        if kind not in SCANNER_DEFAULTS:
            raise ValueError(f"unknown scanner kind {kind!r}: wedge, serial or camera")
        unknown = set(values) - set(SCANNER_DEFAULTS[kind])
        if unknown:
            raise ValueError(f"{kind} scanner: unknown setting {', '.join(sorted(unknown))}")
    old = scanner_settings(conn, station)
    row = conn.execute("SELECT settings FROM stations WHERE id = ?", (station,)).fetchone()
    settings = json.loads(row[0])
    new = {k: {**old[k], **scanners.get(k, {})} for k in SCANNER_DEFAULTS}
    settings["scanners"] = new
    changes = {
        f"{kind}.{name}": {"from": old[kind].get(name), "to": value}
        for kind, values in new.items()
        for name, value in values.items()
        if old[kind].get(name) != value
    }
    body = {
        "config": "scanners",
        "action": "change",
        "by": by,
        "reason": reason,
        "scanners": new,
        "changes": changes,
    }
    change = Change("stations", {"id": station}, {"settings": json.dumps(settings)})
    entry = masterdata_write.write(
        conn, station, [change], by=by, why=reason, kind="config", body=body, at=at
    )
    assert entry is not None  # a body is always recorded
    return entry


@dataclass(frozen=True)
class ScanReport:
    """What a scanner sent and what the station makes of it (the technician's scanner test)."""

    raw: bytes
    text: str  # without prefix and suffix
    kind: str | None = None
    value: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    layout_test: bool = False  # the scan was the keyboard-layout test label
    layout_mismatch: layouts.Mismatch | None = None

    @property
    def hex(self) -> str:
        """The raw bytes in hex, e.g. ``5d 64 32 30 31 1d``."""
        return self.raw.hex(" ")

    @property
    def visible(self) -> str:
        """The raw bytes with control characters named, e.g. ``]d2010…<GS>21…<CR>``."""
        names = {0x1D: "<GS>", 0x1E: "<RS>", 0x04: "<EOT>", 0x0D: "<CR>", 0x0A: "<LF>",
                 0x09: "<TAB>", 0x02: "<STX>", 0x03: "<ETX>"}  # fmt: skip
        return "".join(names.get(b, chr(b) if 0x20 <= b < 0x7F else f"<{b:02X}>") for b in self.raw)


def _reads(text: str, entry: EntryMethod, formats: Any) -> bool:
    try:
        interpret(text, entry, formats)
    except CodeError:
        return False
    return True


def scan_report(
    raw: bytes,
    *,
    prefix: bytes = b"",
    suffix: bytes = b"\r",
    entry: EntryMethod = EntryMethod.SERIAL_SCANNER,
    formats: Any = None,
) -> ScanReport:
    """Strips the framing from ``raw`` and interprets the code as the station would."""
    data = raw
    if prefix and data.startswith(prefix):
        data = data[len(prefix) :]
    if suffix and data.endswith(suffix):
        data = data[: -len(suffix)]
    text = data.decode("latin-1")
    try:
        mismatch = layouts.diagnose_test_label(text)
    except ValueError:
        pass  # not the test label: an ordinary scan
    else:
        if mismatch is None:
            return ScanReport(
                raw,
                text,
                "layout-test",
                "the scanner's keyboard layout matches this PC",
                {"layout": "matches"},
                layout_test=True,
            )
        return ScanReport(
            raw, text, error=mismatch.message, layout_test=True, layout_mismatch=mismatch
        )
    try:
        scan = interpret(text, entry, formats)
    except CodeError as exc:
        mismatch = layouts.diagnose_scan(text, lambda t: _reads(t, entry, formats))
        if mismatch is not None:
            return ScanReport(raw, text, error=mismatch.message, layout_mismatch=mismatch)
        return ScanReport(raw, text, error=str(exc))
    details: dict[str, Any] = {"entry": str(scan.entry)}
    if text.startswith("]") and len(text) > 3:
        details["symbology"] = text[:3]
    if scan.udi is not None:
        details.update({k: v for k, v in scan.udi.as_content().items() if v not in (None, {}, "")})
    return ScanReport(raw, text, str(scan.kind), scan.value, details)


# -- language and time (technician) ------------------------------------------------------------------
#: The languages a station may speak (app/ui/i18n.py has a translation of each).
STATION_LANGUAGES = ("en", "de", "es")


@dataclass(frozen=True)
class LocaleSettings:
    """The station's language (screens, numbers, dates) and the time zone its people read."""

    language: str = "en"
    time_zone: str = ""  # an IANA zone, e.g. Europe/Berlin; empty: the PC's own zone


def locale_settings(conn: sqlite3.Connection, station: str) -> LocaleSettings:
    """The station's language and time zone (defaults when never set)."""
    row = conn.execute("SELECT settings FROM stations WHERE id = ?", (station,)).fetchone()
    if row is None:
        raise KeyError(f"no station {station}")
    settings = json.loads(row[0])
    return LocaleSettings(
        str(settings.get("language") or "en"), str(settings.get("time_zone") or "")
    )


def save_locale_settings(
    conn: sqlite3.Connection,
    station: str,
    new: LocaleSettings,
    *,
    by: dict[str, Any],
    reason: str,
    at: datetime | None = None,
) -> LocaleSettings:
    """Sets the station's language and time zone; journals a ``config`` row. Call in a write
    transaction.

    Raises:
        ValueError: no reason, a language the station has no translation of, or an unknown zone.
    """
    reason = _required_reason(reason, "language and time")
    if new.language not in STATION_LANGUAGES:
        raise ValueError(f"language {new.language!r}: choose one of {', '.join(STATION_LANGUAGES)}")
    if new.time_zone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(new.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"time zone {new.time_zone!r} is not known: give an IANA name such as "
                "Europe/Berlin, or leave it empty for the PC's own zone"
            ) from None
    old = locale_settings(conn, station)
    row = conn.execute("SELECT settings FROM stations WHERE id = ?", (station,)).fetchone()
    settings = json.loads(row[0])
    settings["language"], settings["time_zone"] = new.language, new.time_zone
    changes = {
        k: {"from": v_old, "to": v_new}
        for k, v_old, v_new in (
            ("language", old.language, new.language),
            ("time_zone", old.time_zone, new.time_zone),
        )
        if v_old != v_new
    }
    body = {
        "config": "station",
        "action": "change",
        "by": by,
        "reason": reason,
        "station_settings": {"station": station, "settings": settings},
        "changes": changes,
    }
    change = Change("stations", {"id": station}, {"settings": json.dumps(settings)})
    masterdata_write.write(
        conn, station, [change], by=by, why=reason, kind="config", body=body, at=at
    )
    return new
