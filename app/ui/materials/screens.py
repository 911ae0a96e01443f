"""Materials screens: receiving (label, certificate, signed decision) and the line lead's view of
open moisture-sensitive reels and lots running low."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.capture import floor_life, receiving
from app.domain.entry import EntryMethod
from app.domain.materials import KINDS, Decision, kind_name
from app.store import lot_balance
from app.ui.context import StationContext, TaskError
from app.ui.supervisor.common import BannerLabel, card, heading, screen_frame, section

RH_SUFFIX = " %RH"  # a unit, the same in every language
# Who issued a certificate, as the issuer box offers it.
ISSUERS = ("manufacturer", "authorised", "unauthorised")


class ReceivingWidget(QWidget):
    """The receiving inspector's screen: a supplier label into a lot, its certificate, the decision."""

    title = "Receiving"

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.lot: str | None = None
        self.certificate: str | None = None

        self.label = QLineEdit()
        self.label.setObjectName("receivingLabel")
        self.label.setPlaceholderText(self.tr("scan the reel's or bag's label (GS1 or MH10.8.2)"))
        self.quantity = QDoubleSpinBox()
        self.quantity.setRange(0, 10_000_000)
        self.quantity.setDecimals(3)
        self.quantity.setSpecialValueText(self.tr("as on the label"))
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(self.tr("the part's unit"))
        self.receive_button = QPushButton(self.tr("Receive"))
        self.receive_button.setObjectName("receiveButton")
        self.receive_button.clicked.connect(self._on_receive_clicked)
        form = QFormLayout()
        form.addRow(self.tr("Supplier label"), self.label)
        form.addRow(self.tr("Quantity"), self.quantity)
        form.addRow(self.tr("Unit"), self.unit)
        form.addRow("", self.receive_button)
        labels = QWidget()
        labels.setLayout(form)

        self.file = QLineEdit()
        self.file.setPlaceholderText(self.tr("the certificate as PDF or image"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._on_browse_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.number = QLineEdit()
        self.heat = QLineEdit()
        self.issuer = QLineEdit()
        self.issuer_role = QComboBox()
        for text, role in (
            (self.tr("manufacturer"), ISSUERS[0]),
            (self.tr("distributor, authorised"), ISSUERS[1]),
            (self.tr("distributor, not authorised"), ISSUERS[2]),
        ):
            self.issuer_role.addItem(text, role)
        self.states_31 = QCheckBox(self.tr("the MTR states EN 10204 3.1"))
        self.values = QLineEdit()
        self.values.setPlaceholderText(self.tr("e.g. Rm=612; Cr=18.2"))
        self.expires = QLineEdit()
        self.expires.setPlaceholderText(self.tr("YYYY-MM-DD, shelf-life parts only"))
        self.revision_reason = QLineEdit()
        self.revision_reason.setPlaceholderText(self.tr("why a new revision replaces the last"))
        self.attach_button = QPushButton(self.tr("Attach certificate"))
        self.attach_button.setObjectName("attachButton")
        self.attach_button.clicked.connect(self._on_attach_clicked)
        cert = QFormLayout()
        cert.addRow(self.tr("Document"), file_row)
        cert.addRow(self.tr("Kind"), self.kind)
        cert.addRow(self.tr("Number"), self.number)
        cert.addRow(self.tr("Heat/cast"), self.heat)
        cert.addRow(self.tr("Issuer"), self.issuer)
        cert.addRow(self.tr("Issued by"), self.issuer_role)
        cert.addRow("", self.states_31)
        cert.addRow(self.tr("Values"), self.values)
        cert.addRow(self.tr("Expiry"), self.expires)
        cert.addRow(self.tr("Revision reason"), self.revision_reason)
        cert.addRow("", self.attach_button)
        certs = QWidget()
        certs.setLayout(cert)

        self.decision = QComboBox()
        self.decision.addItem(self.tr("Accept"), Decision.ACCEPT.value)
        self.decision.addItem(self.tr("Accept on concession"), Decision.CONCESSION.value)
        self.decision.addItem(self.tr("Reject"), Decision.REJECT.value)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("required to reject or accept on concession"))
        self.username = QLineEdit()
        self.username.setObjectName("signUsername")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("signPassword")
        self.sign_button = QPushButton(self.tr("Sign the decision"))
        self.sign_button.setObjectName("signButton")
        self.sign_button.clicked.connect(self._on_sign_clicked)
        decide = QFormLayout()
        decide.addRow(self.tr("Decision"), self.decision)
        decide.addRow(self.tr("Reason"), self.reason)
        decide.addRow(self.tr("Your user name"), self.username)
        decide.addRow(self.tr("Your password"), self.password)
        decide.addRow("", self.sign_button)
        decisions = QWidget()
        decisions.setLayout(decide)

        self.banner = BannerLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                self.tr("Receiving"),
                self.tr(
                    "Label, certificate, signed decision: a lot reaches the line only accepted"
                ),
            )
        )
        layout.addWidget(self.banner)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(section(self.tr("1. The package")))
        left.addWidget(card(labels))
        left.addWidget(section(self.tr("3. Decision")))
        left.addWidget(card(decisions))
        left.addStretch()
        right = QVBoxLayout()
        right.addWidget(section(self.tr("2. Certificate")))
        right.addWidget(card(certs))
        right.addStretch()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns)

    def _say(self, text: str, tone: str = "info") -> None:
        self.banner.set_message(text, tone)

    def _on_error(self, error: TaskError) -> None:
        self._say(error.message, "bad")

    def _on_receive_clicked(self) -> None:
        text = self.label.text()
        quantity = self.quantity.value() or None
        unit = self.unit.text().strip() or None
        session = self.context.session

        def work() -> receiving.Receipt:
            return receiving.receive(
                session, text, quantity=quantity, unit=unit, entry=EntryMethod.KEYBOARD_WEDGE
            )

        self.context.run_session(work, self._on_received, self._on_error)

    def _on_received(self, receipt: receiving.Receipt) -> None:
        self.lot = receipt.lot_id
        self.label.clear()
        text = (
            self.tr(
                "New lot {lot}: {part} from {supplier}, {quantity} {unit}; on hold until its certificate is accepted"
            )
            if receipt.created
            else self.tr("Added to lot {lot}: {part} from {supplier}, now {quantity} {unit}")
        )
        self._say(
            text.format(
                lot=receipt.lot_id,
                part=receipt.part_number,
                supplier=receipt.supplier_id,
                quantity=f"{receipt.quantity:g}",
                unit=receipt.unit,
            ),
            "ok",
        )

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Certificate document"),
            "",
            self.tr("PDF or image (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)"),
        )
        if path:
            self.file.setText(path)

    def _on_attach_clicked(self) -> None:
        if self.lot is None:
            self._say(self.tr("Receive the package first: its lot takes the certificate"), "warn")
            return
        path = Path(self.file.text().strip())
        try:
            content = path.read_bytes()
        except OSError as exc:
            self._say(
                self.tr("Cannot read {file}: {error}").format(file=path, error=exc.strerror), "bad"
            )
            return
        values: dict[str, float] = {}
        for item in self.values.text().replace(",", ";").split(";"):
            if not item.strip():
                continue
            name, _, value = item.partition("=")
            try:
                values[name.strip()] = float(value)
            except ValueError:
                self._say(
                    self.tr("Values: write NAME=NUMBER, e.g. Rm=612 ({item})").format(
                        item=item.strip()
                    ),
                    "bad",
                )
                return
        expires: date | None = None
        if self.expires.text().strip():
            try:
                expires = date.fromisoformat(self.expires.text().strip())
            except ValueError:
                self._say(self.tr("Expiry: write the date as YYYY-MM-DD"), "bad")
                return
        role = str(self.issuer_role.currentData())
        kwargs: dict[str, Any] = {
            "kind": str(self.kind.currentData()),
            "number": self.number.text(),
            "heat": self.heat.text(),
            "issuer": self.issuer.text().strip(),
            "issuer_role": "manufacturer" if role == "manufacturer" else "distributor",
            "authorised": None if role == "manufacturer" else role == "authorised",
            "states_31": self.states_31.isChecked(),
            "values": values,
            "expires_on": expires,
            "reason": self.revision_reason.text(),
        }
        lot, session = self.lot, self.context.session
        self.context.run_session(
            lambda: receiving.attach_certificate(session, lot, path.name, content, **kwargs),
            self._on_attached,
            self._on_error,
        )

    def _on_attached(self, facts: Any) -> None:
        self.certificate = facts.id
        self._say(
            self.tr(
                "Certificate {certificate} revision {revision} stored (SHA-256 {sha}…): decide and sign"
            ).format(certificate=facts.id, revision=facts.revision, sha=facts.sha256[:16]),
            "ok",
        )

    def _on_sign_clicked(self) -> None:
        if self.certificate is None:
            self._say(self.tr("Attach the certificate first"), "warn")
            return
        certificate, session = self.certificate, self.context.session
        decision, reason = str(self.decision.currentData()), self.reason.text()
        password = self.password.text()
        self.password.clear()
        username = self.username.text().strip() or None
        self.context.run_session(
            lambda: receiving.decide(
                session, certificate, Decision(decision), password, username=username, reason=reason
            ),
            self._on_decided,
            self._on_error,
        )

    def _on_decided(self, facts: Any) -> None:
        released = facts.decision != Decision.REJECT.value
        text = (
            self.tr(
                "Certificate {certificate} signed: {decision}; lot {lot} is released for the line"
            )
            if released
            else self.tr("Certificate {certificate} signed: {decision}; lot {lot} is rejected")
        )
        self._say(
            text.format(certificate=facts.id, decision=facts.decision, lot=facts.lot_id),
            "ok" if released else "warn",
        )
        self.certificate = None


class MaterialsWidget(QWidget):
    """The line lead's view: every open moisture-sensitive reel with its floor life, lots running low."""

    title = "Materials"

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.reels = QTableWidget(0, 6)
        self.reels.setObjectName("msdReels")
        self.reels.setHorizontalHeaderLabels(
            [
                self.tr("Pack"),
                self.tr("Lot"),
                self.tr("Part"),
                self.tr("MSL"),
                self.tr("Opened"),
                self.tr("Floor life left"),
            ]
        )
        self.low = QTableWidget(0, 5)
        self.low.setObjectName("lowLots")
        self.low.setHorizontalHeaderLabels(
            [
                self.tr("Lot"),
                self.tr("Part"),
                self.tr("Received"),
                self.tr("Consumed"),
                self.tr("Remaining"),
            ]
        )
        for table in (self.reels, self.low):
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.banner = BannerLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                self.tr("Materials"), self.tr("Open moisture-sensitive reels and lots running low")
            )
        )
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(refresh)
        layout.addLayout(top)
        layout.addWidget(section(self.tr("A pack's event: scan its label")))
        layout.addWidget(card(self._pack_events()))
        layout.addWidget(section(self.tr("Open MSD reels (J-STD-033), least floor life first")))
        layout.addWidget(self.reels, 2)
        layout.addWidget(section(self.tr("Lots running low")))
        layout.addWidget(self.low, 1)
        self.refresh()

    def _pack_events(self) -> QWidget:
        self.pack = QLineEdit()
        self.pack.setObjectName("packLabel")
        self.pack.setPlaceholderText(self.tr("the reel's or bag's label, or our lot label"))
        self.pack_event = QComboBox()
        for text, kind in (
            (self.tr("Dry pack opened"), floor_life.EVENT_KINDS[0]),
            (self.tr("Into the dry cabinet"), floor_life.EVENT_KINDS[1]),
            (self.tr("Out of the dry cabinet"), floor_life.EVENT_KINDS[2]),
            (self.tr("Baked (just finished)"), floor_life.EVENT_KINDS[3]),
            (self.tr("Resealed in a dry bag"), floor_life.EVENT_KINDS[4]),
        ):
            self.pack_event.addItem(text, kind)
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("oven or dry cabinet"))
        self.temperature = QDoubleSpinBox()
        self.temperature.setDecimals(1)
        self.temperature.setRange(0, 200)
        self.temperature.setValue(125)
        self.temperature.setSuffix(" °C")
        self.rh = QDoubleSpinBox()
        self.rh.setDecimals(1)
        self.rh.setRange(0, 100)
        self.rh.setValue(5)
        self.rh.setSuffix(RH_SUFFIX)
        self.hours = QDoubleSpinBox()
        self.hours.setDecimals(1)
        self.hours.setRange(0, 1000)
        self.hours.setValue(9)
        self.hours.setSuffix(" h")
        self.record_button = QPushButton(self.tr("Record"))
        self.record_button.setObjectName("recordPackEvent")
        self.record_button.clicked.connect(self._on_record_clicked)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.pack, 4)
        row.addWidget(self.pack_event, 2)
        row.addWidget(self.place, 2)
        row.addWidget(self.temperature)
        row.addWidget(self.rh)
        row.addWidget(self.hours)
        row.addWidget(self.record_button)
        return box

    def _on_record_clicked(self) -> None:
        text, kind = self.pack.text(), str(self.pack_event.currentData())
        place = self.place.text().strip()
        temperature, rh, hours = self.temperature.value(), self.rh.value(), self.hours.value()
        session = self.context.session

        def work() -> str:
            pack = floor_life.pack_of(session, text, EntryMethod.KEYBOARD_WEDGE)
            now = session.clock()
            if kind == "bake":
                floor_life.record(
                    session, pack, kind, at=now - timedelta(hours=hours), end=now,
                    temperature_c=temperature, place=place,
                )  # fmt: skip
            elif kind == "dry-in":
                floor_life.record(session, pack, kind, rh=rh, place=place)
            else:
                floor_life.record(session, pack, kind, place=place)
            return pack.described

        def done(described: str) -> None:
            self.pack.clear()
            self.banner.set_message(
                self.tr("{pack}: {event} recorded").format(
                    pack=described, event=self.pack_event.currentText()
                ),
                "ok",
            )
            self.refresh()

        self.context.run_session(work, done, lambda e: self.banner.set_message(e.message, "bad"))

    def refresh(self) -> None:
        """Reads the open reels and the low lots off the GUI thread."""
        store = self.context.store

        def work() -> tuple[list[dict[str, Any]], list[tuple[Any, float]]]:
            conn = store.reader
            return floor_life.open_reels(conn, datetime.now(UTC)), lot_balance.low(conn)

        self.context.run_task(
            work, self._on_read, lambda e: self.banner.set_message(e.message, "bad")
        )

    def _on_read(self, result: tuple[list[dict[str, Any]], list[tuple[Any, float]]]) -> None:
        reels, low = result
        self.reels.setRowCount(len(reels))
        for row, r in enumerate(reels):
            left = r.get("remaining_h")
            if r.get("error"):
                text = r["error"]
            elif r.get("exceeded"):
                text = self.tr("exceeded: bake it")
            elif left is None:
                text = self.tr("unlimited")
            else:
                text = floor_life.duration(left)
            opened = (
                floor_life.local(datetime.fromisoformat(r["opened"].replace("Z", "+00:00")))
                if r.get("opened")
                else ""
            )
            for col, value in enumerate(
                [r["pack"], r["lot"], r["part_number"], r.get("msl", ""), opened, text]
            ):
                self.reels.setItem(row, col, QTableWidgetItem(str(value)))
        self.low.setRowCount(len(low))
        for row, (b, _limit) in enumerate(low):
            for col, value in enumerate(
                [
                    b.lot_id,
                    b.part_number,
                    f"{b.received:g}",
                    f"{b.consumed:g}",
                    f"{b.remaining:g} {b.unit}",
                ]
            ):
                self.low.setItem(row, col, QTableWidgetItem(value))
        self.banner.set_message(
            self.tr("{reels} open reels, {low} lots low").format(reels=len(reels), low=len(low)),
            "warn" if any(r.get("exceeded") for r in reels) else "info",
        )
