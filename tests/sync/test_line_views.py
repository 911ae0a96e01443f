"""A supervisor at any station reads the line's shift log, exceptions and trace from the plant."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.cli import main
from app.cli.line import FINAL, SMT
from app.sync import line_views, trace, upstream_config
from app.sync.line_views import LineUnavailable, LogQuery
from tests.sync.helpers import dead_dsn
from tests.sync.test_line import Line

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_pcs(plant_dsn: str, plant_conn: psycopg.Connection[Any], tmp_path: Path) -> Iterator[Line]:
    made = Line(plant_dsn, plant_conn, tmp_path)
    yield made
    made.close()


def test_the_smt_supervisor_reads_the_whole_line_from_the_plant(
    two_pcs: Line, plant_conn: psycopg.Connection[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    smt.record_board("PCB-200-7200001")
    smt.record_board("PCB-200-7200002")
    two_pcs.sync(smt)
    final = two_pcs.station(FINAL, "BDG-1001")
    two_pcs.sync(final)
    device = final.build_device("SN-IP-200-7200001", "PCB-200-7200001")
    # Offline, FA builds in a board it never saw: flagged for review at FA.
    final.close()
    offline = two_pcs.station_again(FINAL, "BDG-1001", dsn=dead_dsn())
    flagged = offline.build_device("SN-IP-200-7200003", "PCB-200-7200003")
    two_pcs.sync(offline)
    upstream_config.save(smt.store, SMT, two_pcs.dsn(SMT), 30, "technician", "line goes live")

    log = line_views.from_plant(
        smt.store, lambda pg: line_views.shift_log_page(pg, LogQuery(), None, 2)
    )
    assert not isinstance(log, LineUnavailable)
    rows, cursor = log
    assert [r[2] for r in rows] == ["PCB-200-7200001", "PCB-200-7200002"] and cursor is not None
    rest, last = line_views.from_plant(
        smt.store, lambda pg: line_views.shift_log_page(pg, LogQuery(), cursor, 10)
    )
    assert [(r[0], r[6]) for r in rest] == [(device, FINAL), (flagged, FINAL)] and last is None
    only_fa = line_views.from_plant(
        smt.store,
        lambda pg: line_views.shift_log_page(
            pg, LogQuery(station=FINAL, status="flagged"), None, 10
        ),
    )
    assert not isinstance(only_fa, LineUnavailable) and [r[0] for r in only_fa[0]] == [flagged]

    queue = line_views.from_plant(smt.store, lambda pg: line_views.exceptions(pg, other_than=SMT))
    assert not isinstance(queue, LineUnavailable)
    assert [(i.subject, i.station, i.unit) for i in queue] == [
        (flagged, FINAL, "SN-IP-200-7200003")
    ]
    assert "flagged at station FA-01" in queue[0].reason

    traced = line_views.from_plant(
        smt.store, lambda pg: trace.trace_rows(pg, None, "SN-IP-200-7200001")
    )
    assert not isinstance(traced, LineUnavailable)
    assert {r["station"] for r in traced[1]} == {SMT, FINAL}
    # The same through `lineside trace --upstream` with the station's own role.
    assert (
        main(["trace", "--upstream", two_pcs.dsn(SMT), "--unit", "SN-IP-200-7200001", "--json"])
        == 0
    )
    out, err = capsys.readouterr()
    assert {r["station"] for r in json.loads(out)["rows"]} == {SMT, FINAL}
    assert "a station's role traces its own line only (L1)" in err


def test_a_station_role_reads_only_its_own_line(
    two_pcs: Line, plant_conn: psycopg.Connection[Any]
) -> None:
    # SMT is on another line: its records stay out of LINE-1's reach.
    plant_conn.execute("INSERT INTO plant.lines (id, name) VALUES ('LINE-9', 'Line 9')")
    plant_conn.execute("UPDATE plant.stations SET line_id = 'LINE-9' WHERE id = %s", (SMT,))
    smt = two_pcs.station(SMT, "BDG-1002")
    smt.record_board("PCB-200-7200011")
    two_pcs.sync(smt)
    fa = two_pcs.station(FINAL, "BDG-1001")
    upstream_config.save(fa.store, FINAL, two_pcs.dsn(FINAL), 30, "technician", "line goes live")
    final = two_pcs.stations[-1]
    seen = line_views.from_plant(
        final.store, lambda pg: line_views.shift_log_page(pg, LogQuery(), None, 10)
    )
    assert seen == ([], None)


def test_unreachable_plant_says_why(two_pcs: Line) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    assert line_views.from_plant(smt.store, lambda pg: 1) == LineUnavailable(
        "no plant is configured for this station", configured=False
    )
    upstream_config.save(smt.store, SMT, dead_dsn(), 30, "technician", "line goes live")
    away = line_views.from_plant(smt.store, lambda pg: 1)
    assert isinstance(away, LineUnavailable) and "out of reach" in away.reason
