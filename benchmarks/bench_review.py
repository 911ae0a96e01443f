"""Shift log first page and scroll through the Qt model vs a bare SELECT of the same page.

Usage::

    python benchmarks/bench_review.py --db station.sqlite          # an existing demo database
    python benchmarks/bench_review.py --units 50000                # builds one in a temp folder

Prints medians (ms) for: the bare SELECT of a page, the core's ``shift_log_page``, the model's
first page (``set_filters`` to ``page_loaded``, through the worker pool) and each ``fetchMore``
while scrolling, plus a page deep in the log (keyset: constant time), and the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QModelIndex, QTimer
from PySide6.QtWidgets import QApplication

from app.capture import demo_line, shift_log
from app.capture.shift_log import LogFilter, SortColumn
from app.capture.shifts import recent_shifts
from app.store.database import open_database
from app.store.station_store import StationStore
from app.ui.context import TaskRunner
from app.ui.supervisor.models import ShiftLogModel


def build(path: Path, units: int) -> None:
    db = open_database(path, create=True)
    started = time.perf_counter()
    demo_line.build(db.conn, units)
    db.close()
    print(f"built {units:,} units in {time.perf_counter() - started:.0f} s")


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.2f} ms"


def wait_page(app: QApplication, model: ShiftLogModel, start: object) -> float:
    """Runs ``start()`` and the event loop until the model reports the page; returns seconds."""
    loop = QEventLoop()
    model.page_loaded.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    t0 = time.perf_counter()
    start()  # type: ignore[operator]
    loop.exec()
    dt = time.perf_counter() - t0
    model.page_loaded.disconnect(loop.quit)
    return dt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--units", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--pages", type=int, default=25, help="fetchMore calls per scroll run")
    args = parser.parse_args()
    path = args.db
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="bench-review-")) / "station.sqlite"
        build(path, args.units)
    store = StationStore(path)  # applies the review indexes migration if needed
    conn = store.reader
    total = conn.execute("SELECT count(*) FROM assemblies").fetchone()[0]
    print(f"{path}: {total:,} records ({total // 2:,} units and their boards)")
    app = QApplication.instance() or QApplication([])
    tasks = TaskRunner()
    shifts = recent_shifts(conn, 3)

    cases = {
        "all records, by time": LogFilter(),
        "all records, newest first": LogFilter(descending=True),
        "one shift, by operator": LogFilter(shift=shifts[1], sort=SortColumn.OPERATOR),
        "flagged only, by time": LogFilter(status="flagged"),
        "one station, by unit": LogFilter(station="FA-01", sort=SortColumn.UNIT),
    }
    page = shift_log.PAGE_SIZE
    print(f"page = {page} rows; medians of {args.repeat} runs\n")
    print(f"{'case':28} {'bare SELECT':>12} {'core page':>12} {'model 1st':>12} "
          f"{'fetchMore':>12} {'deep page':>12}  ratios (model/bare)")  # fmt: skip
    for name, filters in cases.items():
        sql, params = shift_log.shift_log_sql(filters, None, page)
        bare, core, first, scroll, deep = [], [], [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            conn.execute(sql, params).fetchall()
            bare.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            result = shift_log.shift_log_page(conn, filters)
            core.append(time.perf_counter() - t0)
        # a page half-way through the log: keyset paging does not read what it skips
        middle = None
        for _ in range(20):
            result = shift_log.shift_log_page(conn, filters, middle, limit=max(page, total // 40))
            if result.cursor is None:
                break
            middle = result.cursor
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            shift_log.shift_log_page(conn, filters, middle)
            deep.append(time.perf_counter() - t0)
        for _ in range(max(3, args.repeat // 3)):
            model = ShiftLogModel(
                lambda f, c, n: shift_log.shift_log_page(store.reader, f, c, n), tasks.run_task
            )
            first.append(wait_page(app, model, lambda m=model, f=filters: m.set_filters(f)))
            for _ in range(args.pages):
                if not model.canFetchMore(QModelIndex()):
                    break
                scroll.append(wait_page(app, model, lambda m=model: m.fetchMore(QModelIndex())))
        scroll = scroll or [0.0]
        ratio_first = statistics.median(first) / statistics.median(bare)
        ratio_scroll = statistics.median(scroll) / statistics.median(bare)
        print(f"{name:28} {ms(bare):>12} {ms(core):>12} {ms(first):>12} {ms(scroll):>12} "
              f"{ms(deep):>12}  first {ratio_first:4.1f}x, scroll {ratio_scroll:4.1f}x")  # fmt: skip
    tasks.wait()
    print(f"\nshift log screen, construction to first rows painted: {first_paint(app, store)}")
    store.close()


def first_paint(app: QApplication, store: StationStore) -> str:
    """Opens the real ShiftLogWidget (newest shift) and waits until its first page is painted."""
    from app.capture.session import CaptureSession
    from app.ui.context import StationContext
    from app.ui.supervisor.shift_log import ShiftLogWidget

    session = CaptureSession(store, "FA-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    context = StationContext(store, session, "FA-01")
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        widget = ShiftLogWidget(context)
        widget.resize(1400, 860)
        widget.show()
        deadline = t0 + 30
        while widget.model.rowCount() == 0 and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.0005)
        widget.table.viewport().repaint()
        times.append(time.perf_counter() - t0)
        context.wait()
        app.processEvents()
        widget.close()
        widget.deleteLater()
        app.processEvents()
    return f"median {ms(times).strip()} of {len(times)}"


if __name__ == "__main__":
    main()
