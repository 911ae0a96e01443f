"""Read access to master data: stations, users, steps, bills of material, lots and certificates."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

from app.domain.environment import EnvWindow
from app.domain.masterdata import BomLine, Certificate, Lot, Station, Step, WorkInstruction
from app.domain.roles import Operator, Role


def _operator(row: sqlite3.Row | tuple[Any, ...]) -> Operator:
    user_id, name, role, badge, active, quals, language = row
    return Operator(
        user_id=user_id,
        name=name,
        role=Role(role),
        badge=badge,
        active=bool(active),
        qualifications=frozenset(json.loads(quals)),
        language=language or "",
    )


USER_COLUMNS = "id, name, role, badge, active, qualifications, language"


class MasterData:
    """Queries over the master data tables of one connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def station(self, station_id: str) -> Station | None:
        """The station ``station_id``, or None."""
        row = self.conn.execute(
            "SELECT id, line_id, name, steps, settings, config_revision, work_order_id, step_code "
            "FROM stations WHERE id = ?",
            (station_id,),
        ).fetchone()
        if row is None:
            return None
        return Station(
            row[0],
            row[1],
            row[2],
            tuple(json.loads(row[3])),
            json.loads(row[4]),
            row[5],
            row[6],
            row[7],
        )

    def station_ids(self) -> list[str]:
        """Every station's id."""
        return [r[0] for r in self.conn.execute("SELECT id FROM stations ORDER BY id")]

    def operator_by_badge(self, badge: str) -> Operator | None:
        """The user carrying ``badge``, or None."""
        row = self.conn.execute(
            f"SELECT {USER_COLUMNS} FROM users WHERE badge = ?", (badge,)
        ).fetchone()
        return None if row is None else _operator(row)

    def user_by_name(self, username: str) -> tuple[Operator, str | None] | None:
        """The user ``username`` and their password hash, or None."""
        row = self.conn.execute(
            f"SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = ?", (username,)
        ).fetchone()
        return None if row is None else (_operator(row[:7]), row[7])

    def password_hash(self, user_id: str) -> str | None:
        """The stored password hash of a user, or None."""
        row = self.conn.execute(
            "SELECT password_hash FROM users WHERE id = ?", (user_id,)
        ).fetchone()
        return None if row is None else row[0]

    def work_order(self, work_order_id: str) -> tuple[str, str] | None:
        """``(product, status)`` of a work order, or None."""
        row = self.conn.execute(
            "SELECT product, status FROM work_orders WHERE id = ?", (work_order_id,)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def instructions(self, product: str, step: str) -> list[WorkInstruction]:
        """The work instruction of ``product``'s ``step``, in order (empty when there is none)."""
        return [
            WorkInstruction(str(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]))
            for r in self.conn.execute(
                "SELECT product, step, position, text, image FROM work_instructions "
                "WHERE product = ? AND step = ? ORDER BY position",
                (product, step),
            )
        ]

    def step(self, product: str, code: str) -> Step | None:
        """Step ``code`` of ``product``, or None."""
        row = self.conn.execute(
            "SELECT product, code, name, sequence, output_part, requires_profile, environment FROM steps "
            "WHERE product = ? AND code = ?",
            (product, code),
        ).fetchone()
        if row is None:
            return None
        windows = tuple(EnvWindow.from_content(w) for w in json.loads(row[6]))
        return Step(row[0], row[1], row[2], row[3], row[4], bool(row[5]), windows)

    def bom(self, product: str, step: str) -> list[BomLine]:
        """What step ``step`` of ``product`` consumes."""
        return [
            BomLine(*r)
            for r in self.conn.execute(
                "SELECT b.part_number, p.description, p.kind, b.quantity, p.certificate_type FROM bom b "
                "JOIN parts p ON p.part_number = b.part_number WHERE b.product = ? AND b.step = ? "
                "ORDER BY b.part_number",
                (product, step),
            )
        ]

    def lot(self, lot_id: str) -> Lot | None:
        """The lot labelled ``lot_id``, or None."""
        row = self.conn.execute(
            "SELECT l.id, l.part_number, l.supplier_id, s.name, l.supplier_lot, l.status, l.received_on, "
            "l.expires_on FROM lots l JOIN suppliers s ON s.id = l.supplier_id WHERE l.id = ?",
            (lot_id,),
        ).fetchone()
        return None if row is None else _lot(row)

    def lot_by_supplier_lot(self, gtin: str, supplier_lot: str) -> Lot | None:
        """The lot of the part with ``gtin`` whose supplier lot is ``supplier_lot`` (GS1 lot labels)."""
        row = self.conn.execute(
            "SELECT l.id, l.part_number, l.supplier_id, s.name, l.supplier_lot, l.status, l.received_on, "
            "l.expires_on FROM lots l JOIN suppliers s ON s.id = l.supplier_id "
            "JOIN parts p ON p.part_number = l.part_number WHERE p.gtin = ? AND l.supplier_lot = ?",
            (gtin, supplier_lot),
        ).fetchone()
        return None if row is None else _lot(row)

    def lot_by_supplier_label(
        self, parts: tuple[str, ...], supplier_lot: str | None, package_id: str | None
    ) -> tuple[Lot | None, str | None, str]:
        """The plant lot a supplier's reel label stands for.

        The supplier part numbers on the label (1P, P) find our part through the cross-reference
        (``supplier_parts``); a received package id finds its lot directly; otherwise supplier +
        part + supplier lot must name exactly one lot.

        Returns:
            (the lot or None, the supplier part matched or None, why none was found).
        """
        candidates = [
            (str(r[0]), str(r[1]), str(r[2]))
            for part in parts
            for r in self.conn.execute(
                "SELECT supplier_id, supplier_part, part_number FROM supplier_parts "
                "WHERE supplier_part = ?",
                (part,),
            )
        ]
        if not candidates:
            return (
                None,
                None,
                f"supplier part {' / '.join(parts) or '(none)'} is not cross-referenced",
            )
        for supplier, supplier_part, _part in candidates:
            if package_id:
                row = self.conn.execute(
                    "SELECT lot_id FROM supplier_packages WHERE supplier_id = ? AND package_id = ?",
                    (supplier, package_id),
                ).fetchone()
                if row is not None:
                    return self.lot(str(row[0])), supplier_part, ""
        if not supplier_lot:
            return None, candidates[0][1], "the label carries no supplier lot (1T)"
        found: list[tuple[Lot, str]] = []
        for supplier, supplier_part, part in candidates:
            found += [
                (_lot(r), supplier_part)
                for r in self.conn.execute(
                    "SELECT l.id, l.part_number, l.supplier_id, s.name, l.supplier_lot, l.status, "
                    "l.received_on, l.expires_on FROM lots l JOIN suppliers s ON s.id = l.supplier_id "
                    "WHERE l.supplier_id = ? AND l.part_number = ? AND l.supplier_lot = ?",
                    (supplier, part, supplier_lot),
                )
            ]
        if len(found) == 1:
            return found[0][0], found[0][1], ""
        if found:
            ids = ", ".join(sorted(lot.id for lot, _ in found))
            return None, found[0][1], f"supplier lot {supplier_lot} matches several lots ({ids})"
        return None, candidates[0][1], f"no lot received with supplier lot {supplier_lot}"

    def certificate(self, lot_id: str) -> Certificate | None:
        """The newest revision of the lot's certificate, or None."""
        row = self.conn.execute(
            "SELECT id, lot_id, type, revision, valid_from, valid_to, sha256, document FROM certificates "
            "WHERE lot_id = ? ORDER BY revision DESC LIMIT 1",
            (lot_id,),
        ).fetchone()
        if row is None:
            return None
        return Certificate(
            row[0],
            row[1],
            row[2],
            row[3],
            date.fromisoformat(row[4]),
            None if row[5] is None else date.fromisoformat(row[5]),
            row[6],
            row[7],
        )

    def part_by_gtin(self, gtin: str) -> str | None:
        """The part number with ``gtin``, or None."""
        row = self.conn.execute("SELECT part_number FROM parts WHERE gtin = ?", (gtin,)).fetchone()
        return None if row is None else str(row[0])

    def device(self, di: str) -> dict[str, Any] | None:
        """The device identifier catalogue entry for ``di``, or None."""
        row = self.conn.execute(
            "SELECT di, agency, brand, model, version, controls, part_number FROM devices WHERE di = ?",
            (di,),
        ).fetchone()
        if row is None:
            return None
        return {
            "di": row[0],
            "agency": row[1],
            "brand": row[2],
            "model": row[3],
            "version": row[4],
            "controls": json.loads(row[5]),
            "part_number": row[6],
        }


def _lot(row: tuple[Any, ...]) -> Lot:
    return Lot(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        date.fromisoformat(row[6]),
        None if row[7] is None else date.fromisoformat(row[7]),
    )


def first_station(conn: sqlite3.Connection) -> str | None:
    """The first configured station's id (by id), or None when none is configured."""
    row = conn.execute("SELECT id FROM stations ORDER BY id LIMIT 1").fetchone()
    return None if row is None else str(row[0])
