"""The instrument configuration form: id, driver, port and line settings, options, alarm windows."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from app.domain.instruments import InstrumentConfig
from app.ui.refusals import quantity
from app.ui.technician.instrument_models import AlarmWindowsModel
from drivers import registry


def list_ports() -> list[str]:
    """Serial ports the operating system knows (pseudo-terminals are not listed: type them)."""
    try:
        from serial.tools import list_ports as tools

        return sorted(p.device for p in tools.comports())
    except Exception:  # an odd platform must not break the screen
        return []


class InstrumentFormWidget(QWidget):
    """Edits one instrument's configuration; ``config()`` reads it back (the form holds no store)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing: InstrumentConfig | None = None
        self.ident = QLineEdit()
        self.ident.setPlaceholderText(self.tr("e.g. hmt-fa01 (no spaces)"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(
            self.tr("what it is and where, e.g. Vaisala HMT330 above FA-01")
        )
        self.driver = QComboBox()
        for name in registry.NAMES:
            self.driver.addItem(name, name)
        self.driver.currentIndexChanged.connect(self._on_driver_changed)
        self.driver_hint = QLabel()
        self.driver_hint.setObjectName("screenHint")
        self.driver_hint.setWordWrap(True)
        self.port = QComboBox()
        self.port.setEditable(True)
        self.port.setMinimumWidth(260)
        self.ports_button = QPushButton(self.tr("Refresh ports"))
        self.ports_button.clicked.connect(self._on_ports_clicked)
        port_row = QHBoxLayout()
        port_row.addWidget(self.port, 1)
        port_row.addWidget(self.ports_button)
        self.serial = QLineEdit("9600 8N1")
        self.serial.setToolTip(
            self.tr("Line settings as the manual writes them: '4800 7E1', '9600 8N1'")
        )
        self.poll = QDoubleSpinBox()
        self.poll.setRange(0.05, 3600)
        self.poll.setDecimals(2)
        self.poll.setSuffix(" s")
        self.poll.setValue(1.0)
        self.stale = QDoubleSpinBox()
        self.stale.setRange(0.5, 86_400)
        self.stale.setSuffix(" s")
        self.stale.setValue(10.0)
        self.options = QPlainTextEdit()
        self.options.setPlaceholderText(
            self.tr(
                '{"registers": [...]}  driver options as JSON: register map, scaling, FORM string'
            )
        )
        self.options.setMaximumHeight(90)
        self.alarms_model = AlarmWindowsModel(self)
        self.alarms = QTableView()
        self.alarms.setModel(self.alarms_model)
        self.alarms.verticalHeader().setVisible(False)
        self.alarms.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.alarms.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alarms.setMaximumHeight(130)
        add_alarm = QPushButton(self.tr("+ window"))
        add_alarm.clicked.connect(self._on_add_alarm_clicked)
        remove_alarm = QPushButton(self.tr("− window"))
        remove_alarm.clicked.connect(self._on_remove_alarm_clicked)
        alarm_buttons = QHBoxLayout()
        alarm_buttons.addWidget(add_alarm)
        alarm_buttons.addWidget(remove_alarm)
        alarm_buttons.addStretch()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("reason for the change (kept in the journal)"))

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Instrument id"), self.ident)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Driver"), self.driver)
        form.addRow("", self.driver_hint)
        form.addRow(self.tr("Port"), port_row)
        form.addRow(self.tr("Serial settings"), self.serial)
        form.addRow(self.tr("Poll interval"), self.poll)
        form.addRow(self.tr("Stale after"), self.stale)
        form.addRow(self.tr("Driver options"), self.options)
        form.addRow(self.tr("Alarm windows"), self.alarms)
        form.addRow("", alarm_buttons)
        form.addRow(self.tr("Reason"), self.reason)
        self._on_driver_changed(0)
        self._on_ports_clicked()

    def clear(self) -> None:
        """An empty form for a new instrument."""
        self.editing = None
        self.ident.setReadOnly(False)
        for w in (self.ident, self.name, self.reason):
            w.clear()
        self.options.clear()
        self.alarms_model.set_windows(())

    def show_config(self, config: InstrumentConfig) -> None:
        """Fills the form with ``config``."""
        self.editing = config
        self.ident.setText(config.id)
        self.ident.setReadOnly(True)
        self.name.setText(config.name)
        self.driver.setCurrentIndex(max(0, self.driver.findData(config.driver)))
        self.port.setEditText(config.port)
        self.serial.setText(config.serial)
        self.poll.setValue(config.poll_interval_s)
        self.stale.setValue(config.stale_after_s)
        self.options.setPlainText(json.dumps(config.options, indent=1) if config.options else "")
        self.alarms_model.set_windows(config.alarms)
        self.reason.clear()

    def add_alarm_window(self) -> int:
        """Adds a blank alarm window to edit; returns its row."""
        return self.alarms_model.add_window()

    def config(self) -> InstrumentConfig:
        """The configuration as entered.

        Raises:
            ValueError: a field that cannot be read (the message names it).
        """
        text = self.options.toPlainText().strip()
        try:
            options = json.loads(text) if text else {}
        except ValueError as exc:
            raise ValueError(f"driver options are not valid JSON: {exc}") from None
        if not isinstance(options, dict):
            raise ValueError('driver options must be a JSON object, e.g. {"form": "..."}')
        return InstrumentConfig(
            id=self.ident.text().strip(),
            driver=str(self.driver.currentData()),
            port=self.port.currentText().strip(),
            serial=self.serial.text().strip() or "9600 8N1",
            poll_interval_s=self.poll.value(),
            stale_after_s=self.stale.value(),
            options=options,
            alarms=self.alarms_model.windows(),
            name=self.name.text().strip(),
            active=True,
        )

    def _on_driver_changed(self, _index: int) -> None:
        name = self.driver.currentData()
        try:
            info = registry.get(name)
        except registry.UnknownDriver as exc:
            self.driver_hint.setText(str(exc))
            return
        quantities = ", ".join(quantity(q) for q in info.quantities) or "—"
        self.driver_hint.setText(
            self.tr("{summary} Quantities: {quantities}.").format(
                summary=info.summary, quantities=quantities
            )
        )
        if self.editing is None:
            self.serial.setText(str(info.default_serial))

    def _on_ports_clicked(self) -> None:
        text = self.port.currentText()
        self.port.clear()
        self.port.addItems(list_ports())
        self.port.setEditText(text)

    def _on_add_alarm_clicked(self) -> None:
        self.add_alarm_window()

    def _on_remove_alarm_clicked(self) -> None:
        self.alarms_model.remove_window(self.alarms.currentIndex().row())
