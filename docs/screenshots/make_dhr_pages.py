"""Renders the README's DHR pages: a demo device taken through rework and released.

A unit is committed at FA-01 with humidity out of its window (flagged, as FA-01's policy says),
dispositioned "rework" with a signed close; an operator replaces the battery pack (the removed lot
scrapped) and re-seals the housing; the supervisor closes the order with a signature and releases
the unit (its board's failed oven run accepted with a justification first). Pages 1, 2, 4 and 5 of its DHR are written as PNG at 60 dpi.

Run: ``python docs/screenshots/make_dhr_pages.py [OUT_DIR]`` (default ``docs/``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.capture import rework
from app.capture.dhr import dhr_for_unit, validate
from app.capture.dhr_pdf import write_pdf
from app.capture.exceptions import dispose
from app.capture.release import release
from tests.helpers.review import PASSWORD, humid_record, supervisor
from tests.helpers.stations import DemoStation, build_template

SERIAL = "SN-IP-200-7100001"


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
    work = Path(tempfile.mkdtemp(prefix="lineside-dhr-pages-"))
    station = DemoStation(build_template(work / "demo.sqlite", 200))
    try:
        key = humid_record(station, SERIAL)
        boss = supervisor(station)
        dispose(
            boss, key, "rework", "seal may have taken moisture: replace the battery, re-seal",
            PASSWORD, username="supervisor", rework_close="signed",
        )  # fmt: skip
        (opened,) = rework.open_reworks(station.conn, SERIAL)
        battery = station.conn.execute(
            "SELECT component FROM components WHERE record_key = ? AND part_number = 'BAT-LI-2S'",
            (key,),
        ).fetchone()[0]
        fitted = station.conn.execute(
            "SELECT l.id FROM lots l WHERE l.part_number = 'BAT-LI-2S' AND l.id != ? AND "
            "l.status = 'released' AND EXISTS (SELECT 1 FROM certificates c WHERE c.lot_id = l.id) "
            "ORDER BY l.id LIMIT 1",
            (battery,),
        ).fetchone()[0]
        operator = station.session("FA-01")
        operator.scan("BDG-1002")
        rework.record_step(
            operator, opened["record_key"], "battery pack replaced, housing re-sealed",
            remove=[battery], add=[fitted],
        )  # fmt: skip
        rework.close(
            boss, opened["record_key"], "leak test 0.2 mbar passed", password=PASSWORD,
            username="supervisor",
        )  # fmt: skip
        # The board's cold oven run (the demo fails every 40th) is decided before the release.
        for sub in dhr_for_unit(station.conn, SERIAL)["units"][0]["subassemblies"]:
            for step in sub["steps"]:
                for run in (step.get("profile") or {}).get("runs") or []:
                    if run["passed"] or run["disposition"]:
                        continue
                    subject = station.conn.execute(
                        "SELECT journal_key FROM profiles WHERE id = ?", (run["profile_id"],)
                    ).fetchone()[0]
                    dispose(
                        boss, subject, "accept",
                        "oven zone 5 was cold; the board was profiled again and passed",
                        PASSWORD, username="supervisor",
                    )  # fmt: skip
        release(boss, unit=SERIAL, password=PASSWORD, username="supervisor")
        document = dhr_for_unit(station.conn, SERIAL)
        validate(document)
        pdf = work / "dhr.pdf"
        pages = write_pdf(document, pdf, station.conn)
        for page in (1, 2, 4, 5):
            if page > pages:
                continue
            subprocess.run(
                ["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                 str(pdf), str(out / f"dhr-rework-page{page}")],
                check=True,
            )  # fmt: skip
        print(f"{pages} pages; wrote {out}/dhr-rework-page{{1,2,4,5}}.png")
    finally:
        station.close()


if __name__ == "__main__":
    main()
