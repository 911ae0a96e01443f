"""The supervisor's screens at one station PC show the whole line from the plant, or say they don't."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.cli.line import FINAL, SMT
from app.sync import upstream_config
from app.ui.context import StationContext
from app.ui.supervisor.exceptions import ExceptionQueueWidget
from app.ui.supervisor.shift_log import ShiftLogWidget
from app.ui.supervisor.trace import TraceWidget
from tests.sync.conftest import pg_server, plant_conn, plant_dsn  # noqa: F401 - real plant fixtures
from tests.sync.helpers import dead_dsn
from tests.sync.test_line import Line
from tests.sync.test_line_status import supervisor_at

pytestmark = pytest.mark.postgres
SHOTS = os.environ.get("LINESIDE_SCREENSHOTS")  # a folder: save what the screens look like


@pytest.fixture
def line(
    plant_dsn: str,  # noqa: F811 - the fixture imported above
    plant_conn: psycopg.Connection[Any],  # noqa: F811
    tmp_path: Path,
) -> Iterator[Line]:
    made = Line(plant_dsn, plant_conn, tmp_path)
    yield made
    made.close()


def settle(qtbot: Any, context: StationContext) -> None:
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=20_000)


def shot(widget: Any, name: str) -> None:
    if SHOTS:
        widget.resize(1366, 700)
        widget.grab().save(str(Path(SHOTS) / name))


def test_supervisor_at_smt_sees_the_line_then_only_the_station_when_the_plant_is_away(
    line: Line, qtbot: Any
) -> None:
    smt = line.station(SMT, "BDG-1002")
    smt.record_board("PCB-200-7300001")
    smt.record_board("PCB-200-7300002")
    line.sync(smt)
    final = line.station(FINAL, "BDG-1001")
    line.sync(final)
    final.build_device("SN-IP-200-7300001", "PCB-200-7300001")
    final.close()
    offline = line.station_again(FINAL, "BDG-1001", dsn=dead_dsn())
    flagged = offline.build_device("SN-IP-200-7300009", "PCB-200-7300009")  # never seen: flagged
    line.sync(offline)
    upstream_config.save(smt.store, SMT, line.dsn(SMT), 30, "technician", "line goes live")
    context = StationContext(smt.store, supervisor_at(smt.store, SMT), SMT)
    try:
        log = ShiftLogWidget(context)
        qtbot.addWidget(log)
        log.show()
        settle(qtbot, context)
        stations = {log.model.row_at(n).station for n in range(log.model.rowCount())}
        assert stations == {SMT, FINAL}
        assert log.scope_banner.text() == "Whole line, read from the plant."
        shot(log, "line-shift-log.png")
        # Another station's record is opened at that station.
        row = next(n for n in range(log.model.rowCount()) if log.model.row_at(n).station == FINAL)
        assert log.open_record(log.model.row_at(row).key) is None
        assert "open it there" in log.signature_banner.text()

        queue = ExceptionQueueWidget(context)
        qtbot.addWidget(queue)
        queue.show()
        settle(qtbot, context)
        items = [queue.model.row_at(n) for n in range(queue.model.rowCount())]
        assert [(i.subject, i.station) for i in items] == [(flagged, FINAL)]
        queue.table.selectRow(0)
        assert not queue.dispose_button.isEnabled()  # disposed of at FA-01
        assert "another station" in queue.subject.text()
        shot(queue, "line-exceptions.png")

        tracer = TraceWidget(context)
        qtbot.addWidget(tracer)
        tracer.show()
        tracer.trace("SN-IP-200-7300001", "backward")
        settle(qtbot, context)
        assert tracer.result is not None
        assert {r["station"] for r in tracer.result.rows} == {SMT, FINAL}
        assert tracer.scope_banner.text() == "Whole line, read from the plant."

        # The plant goes away: each screen shows this station's records and says so.
        upstream_config.save(smt.store, SMT, dead_dsn(), 30, "technician", "plant moved")
        log.refresh()
        settle(qtbot, context)
        assert {log.model.row_at(n).station for n in range(log.model.rowCount())} == {SMT}
        assert log.scope_banner.text().startswith("This station only — plant not reachable")
        shot(log, "line-shift-log-offline.png")
        queue.refresh()
        settle(qtbot, context)
        assert queue.model.rowCount() == 0
        assert queue.scope_banner.text().startswith("This station only — plant not reachable")
        tracer.trace("SN-IP-200-7300001", "backward")
        settle(qtbot, context)
        assert tracer.result is not None and tracer.result.rows == []
        assert tracer.scope_banner.text().startswith("This station only")
    finally:
        context.wait()
