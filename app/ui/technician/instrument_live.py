"""Live readings of one instrument: its worker, the plot and the latest reading of each quantity."""

from __future__ import annotations

from collections import deque
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.domain.instruments import InstrumentConfig
from app.ui.technician.instrument_models import LatestReadingsModel
from drivers import registry
from drivers.base import Reading
from drivers.worker import InstrumentWorker

CURVE_COLOURS = ("#5cc8ff", "#ffcc4d", "#5ef29c", "#ff7b7b", "#c39bff")


class LiveReadings(QObject):
    """One instrument's worker with readings delivered on the GUI thread."""

    reading = Signal(object)
    status = Signal(str)

    def __init__(self, config: InstrumentConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        driver = registry.create(config)
        self.worker = InstrumentWorker(
            driver,
            self.reading.emit,
            on_status=lambda s: self.status.emit(s.describe()),
            read_timeout=0.2,
        )

    def start(self) -> LiveReadings:
        """Starts reading."""
        self.worker.start()
        return self

    def stop(self) -> None:
        """Stops the worker thread and closes the port (within one read timeout, 0.2 s)."""
        self.worker.stop(timeout=2.0)


class LiveReadingsWidget(QWidget):
    """Start/stop, a plot of every quantity and a table of the newest reading of each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardBody")
        self.config: InstrumentConfig | None = None
        self.live: LiveReadings | None = None
        self._series: dict[str, tuple[deque[float], deque[float], Any]] = {}
        self.live_button = QPushButton(self.tr("Start live readings"))
        self.live_button.setObjectName("primary")
        self.live_button.clicked.connect(self._on_live_clicked)
        self.live_status = QLabel(self.tr("Not reading."))
        self.live_status.setObjectName("screenHint")
        self.plot = pg.PlotWidget(background="#121c29", axisItems={"bottom": pg.DateAxisItem()})
        self.plot.showGrid(x=True, y=True, alpha=0.18)
        self.plot.setMenuEnabled(False)
        self.plot.addLegend(offset=(-10, 10), labelTextColor="#eef2f7")
        for axis in ("left", "bottom"):
            self.plot.getPlotItem().getAxis(axis).setTextPen("#b8c4d6")
            self.plot.getPlotItem().getAxis(axis).setPen("#3a4d68")
        self.latest_model = LatestReadingsModel(self)
        self.latest = QTableView()
        self.latest.setModel(self.latest_model)
        self.latest.verticalHeader().setVisible(False)
        self.latest.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((170, 110, 80, 120)):
            self.latest.setColumnWidth(col, width)
        self.latest.setMaximumHeight(150)
        live_row = QHBoxLayout()
        live_row.addWidget(self.live_button)
        live_row.addWidget(self.live_status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(live_row)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.latest)

    def show_instrument(self, config: InstrumentConfig | None) -> None:
        """The instrument to read (stops reading the one before)."""
        if self.config is None or config is None or self.config.id != config.id:
            self.stop()
        self.config = config

    def start(self) -> None:
        """Starts reading the instrument continuously into the plot."""
        if self.config is None:
            return
        try:
            self.live = LiveReadings(self.config, self)
        except (ValueError, registry.UnknownDriver) as exc:
            self.live_status.setText(str(exc))
            return
        self.plot.clear()
        self._series.clear()
        self.latest_model.set_rows([])
        self.live.reading.connect(self._on_live_reading)
        self.live.status.connect(self._on_live_status)
        # The screen may be deleted while reading (log-out): the port is closed first.
        worker = self.live.worker
        self.destroyed.connect(lambda *_args: worker.stop(timeout=2.0))
        self.live.start()
        self.live_button.setText(self.tr("Stop"))
        self.live_status.setText(
            self.tr("Reading {id} on {port}…").format(id=self.config.id, port=self.config.port)
        )

    def stop(self) -> None:
        """Stops reading and frees the port."""
        if self.live is not None:
            self.live.reading.disconnect(self._on_live_reading)
            self.live.status.disconnect(self._on_live_status)
            self.live.stop()
            self.live = None
            self.live_button.setText(self.tr("Start live readings"))
            self.live_status.setText(self.tr("Not reading."))

    @property
    def live_count(self) -> int:
        """Points plotted so far."""
        return sum(len(xs) for xs, _ys, _c in self._series.values())

    def _on_live_clicked(self) -> None:
        if self.live is None:
            self.start()
        else:
            self.stop()

    def _on_live_status(self, text: str) -> None:
        self.live_status.setText(text)

    def _on_live_reading(self, reading: Reading) -> None:
        quantity = reading.quantity
        if reading.value is not None:
            series = self._series.get(quantity)
            if series is None:
                colour = CURVE_COLOURS[len(self._series) % len(CURVE_COLOURS)]
                curve = self.plot.plot(
                    [], [], pen=pg.mkPen(colour, width=2), name=f"{quantity} ({reading.unit})"
                )
                series = (deque(maxlen=600), deque(maxlen=600), curve)
                self._series[quantity] = series
            xs, ys, curve = series
            xs.append(reading.read_at.timestamp())
            ys.append(float(reading.value))
            curve.setData(list(xs), list(ys))
        self.latest_model.show_reading(reading)
