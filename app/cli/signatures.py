"""``lineside signatures``: every electronic signature of a station, whether it still holds and
whether the plant countersigned it."""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.cli.common import EXIT_BROKEN, EXIT_OK, add_db, db_path, guarded


def cmd_signatures(args: argparse.Namespace) -> int:
    """Lists the signatures, oldest first; exit 1 when one is broken or the plant refused one."""
    from app.capture.signatures import SIGNATURE_KIND, check_signature
    from app.store import countersignatures
    from app.store.database import open_database

    db = open_database(db_path(args), readonly=True)
    try:
        conn = db.conn
        out: list[dict[str, Any]] = []
        for key, content, at in conn.execute(
            "SELECT key, content, recorded_at FROM journal WHERE kind = ? ORDER BY seq",
            (SIGNATURE_KIND,),
        ).fetchall():
            sig = json.loads(content)["signature"]
            line: dict[str, Any] = {
                "key": key,
                "signed_at": at,
                "printed_name": sig.get("printed_name"),
                "meaning": sig.get("meaning"),
                "subject": sig.get("subject"),
            }
            if "scope" in sig:  # a shift sign-off: bound to its records' hashes
                checked = check_signature(conn, key)
                line["intact"] = checked.intact
                line["problems"] = list(checked.problems)
            status = countersignatures.status(conn, key)
            line["countersign"] = {"state": status.state, "text": status.text}
            out.append(line)
    finally:
        db.close()
    bad = [s for s in out if s.get("intact") is False or s["countersign"]["state"] == "refused"]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return EXIT_BROKEN if bad else EXIT_OK
    for s in out:
        held = (
            ""
            if "intact" not in s
            else " · intact"
            if s["intact"]
            else f" · BROKEN: {s['problems'][0]}"
        )
        print(
            f"{s['signed_at'][:19].replace('T', ' ')} UTC  {s['printed_name']} — {s['meaning']}"
            f"{held} · {s['countersign']['text']}  ({s['key']})"
        )
    waiting = sum(s["countersign"]["state"] == "pending" for s in out)
    print(f"{len(out)} signatures, {waiting} not yet countersigned, {len(bad)} broken or refused")
    return EXIT_BROKEN if bad else EXIT_OK


def register(sub: Any) -> None:
    """Adds ``lineside signatures``."""
    p = sub.add_parser(
        "signatures",
        help="every signature: printed name, meaning, time, whether it holds, and the plant's "
        "countersignature (not yet countersigned, countersigned at T, refused)",
    )
    add_db(p)
    p.add_argument("--json", action="store_true", help="one JSON list")
    p.set_defaults(func=guarded(cmd_signatures))
