"""Realistic demo master data and assembled units, built in bulk on one hash chain per station."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app import __version__
from app.domain.clock import iso_ms, new_key
from app.domain.environment import EnvWindow
from app.store import masterdata_write, projection
from app.store.database import write_transaction
from app.store.journal import ChainBuilder, JournalRow
from app.store.masterdata_write import Change
from app.store.passwords import hash_password
from app.store.projection import MASTER_KEYS

DEMO_PASSWORD = "lineside-demo"  # noqa: S105 - the documented password of the demo supervisor accounts
BATCH_UNITS = 5_000
LINE = "L1"

SUPPLIERS = [
    ("SUP-ACME", "Acme Circuits GmbH", "DE"),
    ("SUP-NORD", "Nordic Polymers AB", "SE"),
    ("SUP-KAI", "Kaito Semiconductors KK", "JP"),
    ("SUP-MERI", "Meridian Cells Ltd", "GB"),
    ("SUP-ALPS", "Alpine Fasteners AG", "CH"),
    ("SUP-LUMA", "Luma Displays Co", "TW"),
    ("SUP-FLOW", "FlowTech Medical Tubing", "IE"),
    ("SUP-SOLD", "Soldertec Alloys BV", "NL"),
]

# part number, description, kind, supplier, EN 10204 certificate type required
MATERIALS = [
    ("PCB-BARE-200", "Bare PCB, 6 layer FR-4", "SUP-ACME", "3.1"),
    ("PASTE-SAC305", "Solder paste SAC305 T4", "SUP-SOLD", "3.1"),
    ("IC-MCU-32", "MCU 32-bit, LQFP-64", "SUP-KAI", "2.2"),
    ("IC-PWR-5", "Power management IC", "SUP-KAI", "2.2"),
    ("CONN-USB-C", "USB-C connector", "SUP-ACME", "2.1"),
    ("CAP-REEL-100N", "Capacitor reel 100 nF X7R", "SUP-KAI", "2.1"),
    ("RES-REEL-10K", "Resistor reel 10 kΩ 0402", "SUP-KAI", "2.1"),
    ("HSG-TOP-200", "Housing top, PC/ABS medical grade", "SUP-NORD", "3.1"),
    ("HSG-BOT-200", "Housing bottom, PC/ABS medical grade", "SUP-NORD", "3.1"),
    ("DSP-35-TFT", "Display 3.5 in TFT", "SUP-LUMA", "2.2"),
    ("BAT-LI-2S", "Battery pack Li-ion 2S", "SUP-MERI", "3.1"),
    ("MOT-PUMP-12", "Peristaltic pump motor 12 V", "SUP-MERI", "3.1"),
    ("TUBE-SET-IV", "IV tubing set, silicone", "SUP-FLOW", "3.2"),
    ("SCR-M3-8", "Screw M3×8 A2 stainless", "SUP-ALPS", "2.2"),
    ("LBL-UDI-PET", "UDI label stock PET", "SUP-NORD", "2.1"),
]

# The part number each supplier prints on its reel/bag label (1P), cross-referenced to ours.
SUPPLIER_PARTS = {
    "PCB-BARE-200": "ACM-6L-FR4-200",
    "PASTE-SAC305": "STX-SAC305-T4-500G",
    "IC-MCU-32": "KS32F401RCT6",
    "IC-PWR-5": "KPM5105QDR",
    "CONN-USB-C": "ACM-USBC-16P-SMT",
    "CAP-REEL-100N": "KCC0402X7R104K16",
    "RES-REEL-10K": "KRC0402F103",
    "HSG-TOP-200": "NP-PCABS-T200",
    "HSG-BOT-200": "NP-PCABS-B200",
    "DSP-35-TFT": "LD35TFT320240",
    "BAT-LI-2S": "MC-2S1P-3400",
    "MOT-PUMP-12": "MC-PPM12-60",
    "TUBE-SET-IV": "FT-IVSET-SIL-2M",
    "SCR-M3-8": "AF-ISO7380-M3X8-A2",
    "LBL-UDI-PET": "NP-PET-50X30",
}


def gtin_check(body: str) -> str:
    """``body`` (13 digits) with its GS1 mod-10 check digit appended."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Product:
    """A demo device with its two steps' bills of material."""

    part_number: str
    description: str
    di: str
    pcb: str
    pcb_bom: tuple[str, ...]
    final_bom: tuple[str, ...]


PRODUCTS = [
    Product(
        "IP-200",
        "Infusion pump IP-200",
        gtin_check("0871472900001"),
        "PCBA-200",
        (
            "PCB-BARE-200",
            "PASTE-SAC305",
            "IC-MCU-32",
            "IC-PWR-5",
            "CONN-USB-C",
            "CAP-REEL-100N",
            "RES-REEL-10K",
        ),
        (
            "HSG-TOP-200",
            "HSG-BOT-200",
            "DSP-35-TFT",
            "BAT-LI-2S",
            "MOT-PUMP-12",
            "TUBE-SET-IV",
            "SCR-M3-8",
            "LBL-UDI-PET",
        ),
    ),
    Product(
        "SP-50",
        "Syringe pump SP-50",
        gtin_check("0871472900002"),
        "PCBA-50",
        ("PCB-BARE-200", "PASTE-SAC305", "IC-MCU-32", "IC-PWR-5", "CAP-REEL-100N"),
        ("HSG-TOP-200", "HSG-BOT-200", "BAT-LI-2S", "MOT-PUMP-12", "SCR-M3-8", "LBL-UDI-PET"),
    ),
]

ENV_SMT = [
    EnvWindow("relative_humidity", "%RH", 30, 60, 120),
    EnvWindow("temperature", "°C", 18, 28, 120),
    EnvWindow("o2_ppm", "ppm", None, 1000, 120),
]
ENV_FINAL = [
    EnvWindow("relative_humidity", "%RH", 30, 60, 120),
    EnvWindow("temperature", "°C", 18, 28, 120),
]

STATIONS = [
    (
        "SMT-01",
        "SMT line, reflow",
        ["S10"],
        {"on_violation": {"environment": "block", "calibration": "flag", "profile": "block"}},
    ),
    (
        "FA-01",
        "Final assembly 1",
        ["S20"],
        {"on_violation": {"environment": "flag", "calibration": "flag", "profile": "block"}},
    ),
    (
        "FA-02",
        "Final assembly 2",
        ["S20"],
        {"on_violation": {"environment": "flag", "calibration": "flag", "profile": "block"}},
    ),
]

FIRST_NAMES = [
    "Anna",
    "Ben",
    "Chiara",
    "Dario",
    "Eva",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Klara",
    "Luca",
    "Mira",
    "Nils",
    "Olga",
    "Pavel",
]
LAST_NAMES = [
    "Berger",
    "Costa",
    "Duval",
    "Eriksen",
    "Fischer",
    "Gallo",
    "Hansen",
    "Ivanova",
    "Jensen",
    "Keller",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Ortega",
    "Petersen",
    "Quinn",
]


@dataclass
class DemoPlan:
    """What ``build`` made: handy names for demos, tests and benchmarks."""

    units: int
    start: datetime
    lots: dict[str, list[str]]
    badges: list[str]
    stations: list[str]
    work_orders: dict[str, str]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


#: The demo's work instructions: (step, position, text, picture under resources/).
INSTRUCTIONS = (
    ("S10", 1, "Scan the bare board's serial label, then each reel as you load it.", ""),
    (
        "S10",
        2,
        "Put the board on the conveyor with the fiducials toward the oven, paste side up.",
        "instructions/s10-reflow.png",
    ),
    ("S10", 3, "Wait for the reflow profile to pass before the board leaves the line.", ""),
    (
        "S20",
        1,
        "Lay the PCB assembly in the bottom housing, USB-C connector to the cut-out. "
        "Fasten with 2 screws M3×8 at 0.6 N·m.",
        "instructions/s20-housing.png",
    ),
    ("S20", 2, "Fit the pump motor, the display and the battery; scan each as you fit it.", ""),
    (
        "S20",
        3,
        "Close with the top housing, press the UDI label flat into its recess and scan it.",
        "instructions/s20-label.png",
    ),
)


def seed_master_data(
    conn: sqlite3.Connection, units: int, start: datetime, rng: random.Random
) -> DemoPlan:
    """Journals the demo master data through the master-data writer, one row per table.

    The data is first laid out in a scratch in-memory database with the same tables; every row
    then reaches the station database only through :func:`masterdata_write.write` (a journal row
    stating each new row, projected into the table), recorded at the first station's chain a
    month before the first unit.
    """
    scratch = sqlite3.connect(":memory:")
    try:
        for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN "
            f"({', '.join('?' * len(MASTER_KEYS))})",
            list(MASTER_KEYS),
        ):
            scratch.execute(sql)
        plan = master_data(scratch, units, start, rng)
        with write_transaction(conn):
            for table, keys in MASTER_KEYS.items():
                cur = scratch.execute(f"SELECT * FROM {table}")
                names = [d[0] for d in cur.description]
                changes = []
                for values in cur:
                    row = dict(zip(names, values, strict=True))
                    changes.append(Change(table, {k: row[k] for k in keys}, row, replace=True))
                if changes:
                    masterdata_write.write(
                        conn,
                        STATIONS[0][0],
                        changes,
                        by="demo-data",
                        why=f"demo master data: {table}",
                        at=start - timedelta(days=31),
                    )
    finally:
        scratch.close()
    return plan


def master_data(
    conn: sqlite3.Connection, units: int, start: datetime, rng: random.Random
) -> DemoPlan:
    """Lays out the demo master data sized for ``units`` units starting at ``start`` in ``conn``."""
    conn.execute(
        "INSERT INTO lines (id, name, site) VALUES (?, ?, ?)",
        (LINE, "Line 1 — infusion systems", "Plant Eindhoven"),
    )
    conn.executemany("INSERT INTO suppliers (id, name, country) VALUES (?, ?, ?)", SUPPLIERS)
    for pn, desc, _sup, cert in MATERIALS:
        conn.execute(
            "INSERT INTO parts (part_number, description, kind, certificate_type, gtin) VALUES "
            "(?, ?, 'material', ?, ?)",
            (pn, desc, cert, gtin_check(f"0400{int(_sha(pn)[:8], 16) % 10**9:09d}")),
        )
    conn.executemany(
        "INSERT INTO supplier_parts (supplier_id, supplier_part, part_number) VALUES (?, ?, ?)",
        [(sup, SUPPLIER_PARTS[pn], pn) for pn, _desc, sup, _cert in MATERIALS],
    )
    work_orders = {}
    for i, p in enumerate(PRODUCTS):
        conn.execute(
            "INSERT INTO parts (part_number, description, kind, gtin) VALUES (?, ?, 'device', ?)",
            (p.part_number, p.description, p.di),
        )
        conn.execute(
            "INSERT INTO parts (part_number, description, kind) VALUES (?, ?, 'subassembly')",
            (p.pcb, f"PCB assembly for {p.part_number}"),
        )
        conn.execute(
            "INSERT INTO steps VALUES (?, 'S10', 'PCB assembly and reflow', 10, ?, 1, ?)",
            (p.part_number, p.pcb, json.dumps([w.as_content() for w in ENV_SMT])),
        )
        conn.execute(
            "INSERT INTO steps VALUES (?, 'S20', 'Final assembly', 20, ?, 0, ?)",
            (p.part_number, p.part_number, json.dumps([w.as_content() for w in ENV_FINAL])),
        )
        conn.executemany(
            "INSERT INTO work_instructions VALUES (?, ?, ?, ?, ?)",
            [(p.part_number, *line) for line in INSTRUCTIONS],
        )
        conn.executemany(
            "INSERT INTO bom VALUES (?, 'S10', ?, 1)", [(p.part_number, m) for m in p.pcb_bom]
        )
        conn.executemany(
            "INSERT INTO bom VALUES (?, 'S20', ?, 1)",
            [(p.part_number, m) for m in (p.pcb, *p.final_bom)],
        )
        conn.execute(
            "INSERT INTO devices VALUES (?, 'GS1', 'Lineside Medical', ?, '2.1', ?, ?)",
            (
                p.di,
                p.description,
                json.dumps(["lot", "serial", "expiry", "manufactured"]),
                p.part_number,
            ),
        )
        wo = f"WO-2026-{i + 1:04d}"
        work_orders[p.part_number] = wo
        conn.execute(
            "INSERT INTO work_orders VALUES (?, ?, ?, 'released', ?)",
            (wo, p.part_number, max(units, 1), iso_ms(start)),
        )
    for sid, name, steps, settings in STATIONS:
        product = PRODUCTS[0]
        conn.execute(
            "INSERT INTO stations VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
            (
                sid,
                LINE,
                name,
                json.dumps(steps),
                json.dumps(settings),
                work_orders[product.part_number],
                steps[0],
            ),
        )
    badges = []
    people = [(f"{FIRST_NAMES[i]} {LAST_NAMES[i]}", "operator") for i in range(12)]
    for i, (name, role) in enumerate(people):
        badge = f"BDG-{1001 + i}"
        quals = ["S10", "S20"] if _smt_qualified(badge) else ["S20"]
        badges.append(badge)
        conn.execute(
            "INSERT INTO users (id, username, name, role, badge, password_hash, active, "
            "qualifications) VALUES (?, ?, ?, ?, ?, NULL, 1, ?)",
            (f"U{1001 + i}", name.split()[0].lower(), name, role, badge, json.dumps(quals)),
        )
    conn.execute(
        "INSERT INTO users (id, username, name, role, badge, password_hash, active, qualifications) "
        "VALUES ('U0999', 'former', 'Rolf Former', 'operator', 'BDG-0999', NULL, 0, "
        '\'["S10","S20"]\')'
    )
    staff: list[tuple[str, str, str, str, str | None]] = [
        ("U2001", "supervisor", "Sofia Lindgren", "supervisor", "BDG-2001"),
        ("U3001", "technician", "Tomas Weber", "technician", "BDG-3001"),
        ("U4001", "admin", "Alex Admin", "admin", None),
    ]
    for uid, username, name, role, staff_badge in staff:
        conn.execute(
            "INSERT INTO users (id, username, name, role, badge, password_hash, active, qualifications) "
            "VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            (
                uid,
                username,
                name,
                role,
                staff_badge,
                hash_password(DEMO_PASSWORD),  # a salt each
                # The supervisor is also the receiving inspector who signs certificate decisions.
                json.dumps(
                    ["S10", "S20", *(["incoming-inspection"] if role == "supervisor" else [])]
                ),
            ),
        )
    lots = _lots(conn, units, start, rng)
    return DemoPlan(units, start, lots, badges, [s[0] for s in STATIONS], work_orders)


def _lots(
    conn: sqlite3.Connection, units: int, start: datetime, rng: random.Random
) -> dict[str, list[str]]:
    """Lots per material: about 10,000 units per lot at scale, plus unusable ones for the rules."""
    lot_size = 10_000 if units >= 100_000 else max(25, units // 4 + 1)
    lots: dict[str, list[str]] = {}
    serial = 0
    span_days = max(2, units // 3000 + 2)
    for pn, _desc, sup, cert_type in MATERIALS:
        count = max(1, -(-units // lot_size))
        ids = []
        for k in range(count + 3):
            serial += 1
            lot_id = f"ML-{serial:06d}"
            received = (
                start - timedelta(days=30) + timedelta(days=k * span_days / max(count, 1))
            ).date()
            status, expires = "released", received + timedelta(days=720)
            if k == count:
                status = "quarantined"
            elif k == count + 1:
                expires = start.date() - timedelta(days=1)
            conn.execute(
                "INSERT INTO lots VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    lot_id,
                    pn,
                    sup,
                    f"{sup[4:]}{rng.randint(10000, 99999)}",
                    status,
                    received.isoformat(),
                    expires.isoformat(),
                    float(2 * lot_size),  # received with headroom: no lot runs out
                ),
            )
            if k != count + 2:  # the last one has no certificate
                revisions = 2 if k % 7 == 3 else 1
                for rev in range(1, revisions + 1):
                    doc = f"EN 10204 {cert_type} certificate for {lot_id} rev {rev}"
                    conn.execute(
                        "INSERT INTO certificates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            f"CERT-{lot_id[3:]}-{rev}",
                            lot_id,
                            cert_type,
                            rev,
                            received.isoformat(),
                            (received + timedelta(days=730)).isoformat(),
                            _sha(doc),
                            f"{lot_id}-r{rev}.pdf",
                            sup,
                        ),
                    )
            if k < count:
                ids.append(lot_id)
        lots[pn] = ids
    return lots


def _certificate(conn: sqlite3.Connection, lot_id: str) -> dict[str, Any]:
    row = conn.execute(
        "SELECT id, type, revision, sha256, valid_from, valid_to FROM certificates WHERE lot_id = ? "
        "ORDER BY revision DESC LIMIT 1",
        (lot_id,),
    ).fetchone()
    return {
        "id": row[0],
        "type": row[1],
        "revision": row[2],
        "sha256": row[3],
        "valid_from": row[4],
        "valid_to": row[5],
    }


def _env(
    windows: list[EnvWindow], at: datetime, rng: random.Random, instrument_prefix: str
) -> list[dict[str, Any]]:
    values = {
        "relative_humidity": rng.gauss(45, 6),
        "temperature": rng.gauss(22.5, 1.0),
        "o2_ppm": abs(rng.gauss(420, 150)),
    }
    out = []
    for w in windows:
        value = round(values[w.quantity], 1)
        age = round(rng.uniform(0.5, 8), 3)
        ok = (w.low is None or value >= w.low) and (w.high is None or value <= w.high)
        inst = {"relative_humidity": "HMT330", "temperature": "HMT330", "o2_ppm": "O2-MODBUS"}[
            w.quantity
        ]
        out.append(
            {
                "quantity": w.quantity,
                "value": value,
                "unit": w.unit,
                "instrument": f"{instrument_prefix}-{inst}",
                "read_at": iso_ms(at - timedelta(seconds=age)),
                "age_s": age,
                "calibration": "valid",
                "calibration_due": (at.date() + timedelta(days=120)).isoformat(),
                "quality": "good",
                "window": w.as_content(),
                "status": "ok" if ok else "out-of-window",
            }
        )
    return out


def build(
    conn: sqlite3.Connection,
    units: int,
    *,
    seed: int = 7,
    start: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> DemoPlan:
    """Fills an empty station database with master data and ``units`` assembled units.

    Each batch of units is one transaction, so an interrupted build leaves whole records only
    and a verifiable chain.
    """
    if conn.execute("SELECT count(*) FROM stations").fetchone()[0]:
        raise ValueError(
            "this database already holds master data: demo data goes into a new database"
        )
    rng = random.Random(seed)
    start = start or (datetime.now(UTC) - timedelta(days=max(2, units // 3000 + 2))).replace(
        microsecond=0
    )
    plan = seed_master_data(conn, units, start, rng)
    certs = {lot: _certificate(conn, lot) for ids in plan.lots.values() for lot in ids}
    lot_part = {lot: pn for pn, ids in plan.lots.items() for lot in ids}
    lot_supplier = {
        str(r[0]): (str(r[1]), str(r[2]))
        for r in conn.execute("SELECT id, supplier_id, supplier_lot FROM lots")
    }
    chain = ChainBuilder(conn)
    records = _records(plan, certs, lot_part, rng, lot_supplier)
    done = 0
    while True:
        batch = list(itertools.islice(records, BATCH_UNITS * 2))
        if not batch:
            break
        journal_rows: list[JournalRow] = [
            chain.seal(station, "assembly", content, at=at) for station, at, content in batch
        ]
        with write_transaction(conn):
            ChainBuilder.write(conn, journal_rows)
            projection.apply_many(conn, ((row.kind, row.data) for row in journal_rows))
        done += sum(1 for _, _, content in batch if content["step"] == "S20")
        if progress:
            progress(done)
    return plan


def _records(
    plan: DemoPlan,
    certs: dict[str, dict[str, Any]],
    lot_part: dict[str, str],
    rng: random.Random,
    lot_supplier: dict[str, tuple[str, str]],
) -> Iterator[tuple[str, datetime, dict[str, Any]]]:
    """Yields (station, time, content) for a PCB record and then a final-assembly record per unit."""
    seconds_per_unit = 86_400 / 3000  # three shifts building ~3,000 units a day
    pcb_count = 0
    wip = min(20, max(8, plan.units // 50))  # boards reflowed but not yet built into a device
    for n in range(plan.units + wip):
        product = PRODUCTS[0] if n % 4 else PRODUCTS[1]
        at = plan.start + timedelta(seconds=n * seconds_per_unit + rng.uniform(0, 2))
        shift = (at.hour // 8) % 3
        badge = plan.badges[(shift * 4 + n % 4) % len(plan.badges)]
        smt_badge = next(b for b in plan.badges[shift * 4 :] + plan.badges if _smt_qualified(b))
        progress = n / max(plan.units, 1)
        pcb_count += 1
        pcb = f"PCB-{product.pcb[5:]}-{pcb_count:07d}"
        serial = f"SN-{product.part_number}-{n + 1:07d}"

        def lot_for(pn: str, progress: float = progress) -> str:
            ids = plan.lots[pn]
            return ids[min(len(ids) - 1, int(progress * len(ids)))]

        def comp(pn: str) -> dict[str, Any]:
            lot = lot_for(pn)
            return {
                "id": lot,
                "kind": "lot",
                "part_number": pn,
                "quantity": 1.0,
                "supplier": lot_supplier[lot][0],
                "supplier_lot": lot_supplier[lot][1],
                "supplier_part": None,
                "date_code": None,
                "package_id": None,
                "certificate": certs[lot],
                "scan": {
                    "kind": "lot",
                    "value": lot,
                    "text": lot,
                    "entry": "keyboard-wedge",
                    "symbology": None,
                    "udi": None,
                },
            }

        base = {
            "app_version": __version__,
            "config_revision": 1,
            "clock_source": "demo-data",
            "line": LINE,
            "product": product.part_number,
            "work_order": plan.work_orders[product.part_number],
        }
        pcb_env = _env(ENV_SMT, at, rng, "SMT-01")
        yield (
            "SMT-01",
            at,
            {
                **base,
                "step": "S10",
                "operator": _op(smt_badge),
                "unit": {"serial": pcb, "di": None, "udi": None, "scan": _plain(pcb)},
                "components": [comp(pn) for pn in product.pcb_bom],
                "environment": pcb_env,
                "profile": {
                    "profile_id": new_key(),
                    "spec": "SAC305 paste window",
                    "passed": True,
                    "measured_at": iso_ms(at - timedelta(minutes=6)),
                    "violations": [],
                    "recipe": f"{product.pcb}-N2",
                    "sha256": None,
                    "metrics": {},
                },
                "verdict": _verdict(pcb_env),
            },
        )
        if n >= plan.units:
            continue
        final_at = at + timedelta(minutes=25)
        station = "FA-01" if n % 2 else "FA-02"
        env = _env(ENV_FINAL, final_at, rng, station)
        expiry = (final_at.date() + timedelta(days=5 * 365)).strftime("%y%m%d")
        made = final_at.date().strftime("%y%m%d")
        lot = f"B{final_at.date().strftime('%y%m%d')}"
        hri = f"(01){product.di}(11){made}(17){expiry}(10){lot}(21){serial}"
        udi = {
            "agency": "GS1",
            "di": product.di,
            "lot": lot,
            "serial": serial,
            "expiry": (final_at.date() + timedelta(days=5 * 365)).isoformat(),
            "manufactured": final_at.date().isoformat(),
            "other": {},
            "hrf": hri,
        }
        pcb_comp = {
            "id": pcb,
            "kind": "unit",
            "part_number": product.pcb,
            "quantity": 1.0,
            "supplier": None,
            "supplier_lot": None,
            "supplier_part": None,
            "date_code": None,
            "package_id": None,
            "certificate": None,
            "scan": _plain(pcb),
        }
        yield (
            station,
            final_at,
            {
                **base,
                "step": "S20",
                "operator": _op(badge),
                "unit": {
                    "serial": serial,
                    "di": product.di,
                    "udi": udi,
                    "scan": {
                        "kind": "udi",
                        "value": hri,
                        "text": hri,
                        "entry": "keyboard-wedge",
                        "symbology": "]d2",
                        "udi": udi,
                    },
                },
                "components": [pcb_comp] + [comp(pn) for pn in product.final_bom],
                "environment": env,
                "profile": None,
                "verdict": _verdict(env),
            },
        )


def _smt_qualified(badge: str) -> bool:
    """Demo operators with an index divisible by three are trained for final assembly only."""
    return (int(badge[4:]) - 1001) % 3 != 0


def _plain(value: str) -> dict[str, Any]:
    return {
        "kind": "serial",
        "value": value,
        "text": value,
        "entry": "keyboard-wedge",
        "symbology": None,
        "udi": None,
    }


def _op(badge: str) -> dict[str, Any]:
    i = int(badge[4:]) - 1001
    return {
        "user_id": f"U{1001 + i}",
        "name": f"{FIRST_NAMES[i]} {LAST_NAMES[i]}",
        "role": "operator",
        "badge": badge,
    }


def _verdict(env: list[dict[str, Any]]) -> dict[str, Any]:
    findings = [
        {
            "rule": "environment-out-of-window",
            "message": f"{e['quantity']} {e['value']} {e['unit']} "
            f"from {e['instrument']}, outside its window",
            "subject": e["quantity"],
            "severity": "flag",
        }
        for e in env
        if e["status"] != "ok"
    ]
    return {"status": "flagged" if findings else "accepted", "findings": findings}


def first_day(plan: DemoPlan) -> date:
    """The first production day of the demo data."""
    return plan.start.date()


def unbuilt_board(conn: sqlite3.Connection, product: str) -> str | None:
    """A demo board (the PCB step ``S10`` of ``product``) not yet built into a unit, if any is left."""
    row = conn.execute(
        "SELECT unit_serial FROM assemblies WHERE step = 'S10' AND product = ? AND "
        "unit_serial NOT IN (SELECT component FROM components WHERE kind = 'unit') LIMIT 1",
        (product,),
    ).fetchone()
    return None if row is None else str(row[0])


def quarantined_lot(conn: sqlite3.Connection, part_number: str) -> str | None:
    """A quarantined demo lot of ``part_number`` (to show a refusal), if any."""
    row = conn.execute(
        "SELECT id FROM lots WHERE status = 'quarantined' AND part_number = ? LIMIT 1",
        (part_number,),
    ).fetchone()
    return None if row is None else str(row[0])
