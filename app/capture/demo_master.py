"""The demo line's master data: suppliers, parts, products, stations, people, lots, certificates.

Laid out in a scratch database and journalled through :func:`masterdata_write.write`, like any
master-data change; :mod:`app.capture.demo_line` then builds units on it through the capture rules.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.domain.clock import iso_ms
from app.domain.environment import EnvWindow
from app.store import masterdata_write
from app.store.database import write_transaction
from app.store.masterdata_write import Change
from app.store.passwords import hash_password
from app.store.projection import MASTER_KEYS

DEMO_PASSWORD = "lineside-demo"  # noqa: S105 - the documented password of the demo supervisor accounts
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

# part number, description, supplier, certificate kind the supplier issues (as the part's spec
# in demo_receiving asks; stations without the spec check it as the older certificate type)
MATERIALS = [
    ("PCB-BARE-200", "Bare PCB, 6 layer FR-4", "SUP-ACME", "CoC"),
    ("PASTE-SAC305", "Solder paste SAC305 T4", "SUP-SOLD", "2.2"),
    ("IC-MCU-32", "MCU 32-bit, LQFP-64", "SUP-KAI", "CoC"),
    ("IC-PWR-5", "Power management IC", "SUP-KAI", "CoC"),
    ("CONN-USB-C", "USB-C connector", "SUP-ACME", "CoC"),
    ("CAP-REEL-100N", "Capacitor reel 100 nF X7R", "SUP-KAI", "CoC"),
    ("RES-REEL-10K", "Resistor reel 10 kΩ 0402", "SUP-KAI", "CoC"),
    ("HSG-TOP-200", "Housing top, PC/ABS medical grade", "SUP-NORD", "3.1"),
    ("HSG-BOT-200", "Housing bottom, PC/ABS medical grade", "SUP-NORD", "3.1"),
    ("DSP-35-TFT", "Display 3.5 in TFT", "SUP-LUMA", "CoC"),
    ("BAT-LI-2S", "Battery pack Li-ion 2S", "SUP-MERI", "CoC"),
    ("MOT-PUMP-12", "Peristaltic pump motor 12 V", "SUP-MERI", "CoC"),
    ("TUBE-SET-IV", "IV tubing set, silicone", "SUP-FLOW", "3.1"),
    ("SCR-M3-8", "Screw M3×8 A2 stainless", "SUP-ALPS", "MTR"),
    ("LBL-UDI-PET", "UDI label stock PET", "SUP-NORD", "2.2"),
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
    #: lot -> how many certificate revisions it arrives with (0: none); see demo_receiving
    certified: dict[str, int] = field(default_factory=dict)


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
        quals = ["S10", "S20"] if smt_qualified(badge) else ["S20"]
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
    lots, certified = _lots(conn, units, start, rng)
    return DemoPlan(units, start, lots, badges, [s[0] for s in STATIONS], work_orders, certified)


def _lots(
    conn: sqlite3.Connection, units: int, start: datetime, rng: random.Random
) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Lots per material: about 10,000 units per lot at scale, plus unusable ones for the rules."""
    lot_size = 10_000 if units >= 100_000 else max(25, units // 4 + 1)
    lots: dict[str, list[str]] = {}
    certified: dict[str, int] = {}
    serial = 0
    span_days = max(2, units // 3000 + 2)
    for pn, _desc, sup, _cert_type in MATERIALS:
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
                    f"{sup[4:]}{rng.randint(10, 99)}{serial:05d}",
                    status,
                    received.isoformat(),
                    expires.isoformat(),
                    float(2 * lot_size),  # received with headroom: no lot runs out
                ),
            )
            # the last one has no certificate; every seventh was reissued once
            certified[lot_id] = 0 if k == count + 2 else (2 if k % 7 == 3 else 1)
            if k < count:
                ids.append(lot_id)
        lots[pn] = ids
    return lots, certified


def smt_qualified(badge: str) -> bool:
    """Demo operators with an index divisible by three are trained for final assembly only."""
    return (int(badge[4:]) - 1001) % 3 != 0
