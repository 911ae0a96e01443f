"""The station's main window: log-in, then the screens the user's role is offered, idle log-out."""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.capture.events import Event, SessionView
from app.codes.scan import ScanKind
from app.domain.entry import EntryMethod
from app.domain.roles import Role
from app.sync.worker import SyncWorker
from app.ui.context import StationContext
from app.ui.i18n import QT_TRANSLATE_NOOP, Languages
from app.ui.login import LoginWidget, logout_message
from app.ui.operator import OperatorStationWidget
from app.ui.operator_panels import confirm_leaving_unit
from app.ui.resources import SoundPlayer, app_icon
from app.ui.scanner_worker import ScannerWorker
from app.ui.sync_indicator import SyncIndicatorWidget
from app.ui.wedge_filter import WedgeFilter
from drivers.wedge import WedgeSettings

log = logging.getLogger(__name__)

ScreenClass = Callable[..., QWidget]

#: Which screen packages each role is offered, besides the operator station.
ROLE_AREAS: dict[Role, tuple[str, ...]] = {
    Role.OPERATOR: (),
    # Admins reach locks and approvals on their Users screen (their tab bar is full at 1366 px).
    Role.SUPERVISOR: ("supervisor", "materials", "access"),  # materials: the receiving inspector
    Role.TECHNICIAN: ("technician",),
    Role.ADMIN: ("supervisor", "technician", "admin"),
}


class ScreenImportError(ImportError):
    """A screen package or module failed to import: a broken install or a bug, never a quiet gap.

    Attributes:
        module: the dotted name that failed.
    """

    def __init__(self, module: str, cause: BaseException) -> None:
        super().__init__(f"{module} failed to import: {type(cause).__name__}: {cause}")
        self.module = module


def discover_screens(area: str) -> list[tuple[str, ScreenClass]]:
    """The screens of ``app.ui.<area>``: its ``SCREENS`` list of (title, class) if it has one,
    else every QWidget subclass in its modules constructed as ``Screen(context, parent=None)``.

    Raises:
        ScreenImportError: the package or one of its modules does not import (the tab would
            otherwise silently vanish).
    """
    name = f"app.ui.{area}"
    try:
        package = importlib.import_module(name)
    except Exception as exc:
        raise ScreenImportError(name, exc) from exc
    declared = getattr(package, "SCREENS", None)
    if declared:
        return [(str(title), cls) for title, cls in declared]
    found: list[tuple[str, ScreenClass]] = []
    for info in pkgutil.iter_modules(package.__path__):
        module_name = f"{package.__name__}.{info.name}"
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:
            raise ScreenImportError(module_name, exc) from exc
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, QWidget):
                continue
            if not name.endswith(("Widget", "Screen")):
                continue
            params = list(inspect.signature(cls.__init__).parameters)[1:]
            if params[:2] != ["context", "parent"]:
                continue
            title = getattr(cls, "title", None) or _title(name)
            found.append((str(title), cls))
    return found


def _title(class_name: str) -> str:
    base = class_name.removesuffix("Widget").removesuffix("Screen")
    words = "".join(f" {c}" if c.isupper() else c for c in base).split()
    return " ".join(words).capitalize()


class IdleWatcher(QObject):
    """Logs the user out after ``minutes`` without a key press or click (0 turns it off)."""

    timed_out = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.minutes = minutes
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.timed_out)

    def install(self) -> IdleWatcher:
        """Starts watching the application's input."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        return self

    def shutdown(self) -> None:
        """Stops watching."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def start(self) -> None:
        """Starts counting (after a log-in)."""
        if self.minutes > 0:
            self._timer.start(int(self.minutes * 60_000))

    def stop(self) -> None:
        """Stops counting (logged out)."""
        self._timer.stop()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        """Any key press or click restarts the count."""
        if self._timer.isActive() and event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
        ):
            self._timer.start()
        return False


class MainWindow(QMainWindow):
    """Hosts the log-in screen and, once someone is logged in, their role's screens as tabs."""

    screens_changed = Signal()

    def __init__(
        self,
        context: StationContext,
        parent: QWidget | None = None,
        *,
        sounds: SoundPlayer | None = None,
        environment_label: str = "",
        idle_minutes: float = 10.0,
        demo: bool = False,
        wedge: WedgeSettings | None = None,
        language: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        # The station's language until someone logs in; a user with their own language gets it
        # for their screens (built at each log-in) and the station's comes back at log-out.
        self.languages = Languages(self)
        self.station_language = self.languages.use(language)
        self.sounds = sounds or context.sounds or SoundPlayer(muted=True, parent=self)
        context.sounds = self.sounds
        self.environment_label = environment_label
        view = context.view  # never the live session (see SessionSignals)
        self.setWindowTitle(
            self.tr("Lineside — {id} {name}").format(id=view.station_id, name=view.station_name)
        )
        self.setWindowIcon(app_icon())

        self.stack = QStackedWidget()
        self.login = LoginWidget(context)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspace")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)
        # The tab widget hands its focus to the tab bar; with one tab the bar is hidden and Tab
        # would stop here for good. The bar itself stays in the Tab order while it shows.
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.operator: OperatorStationWidget | None = None
        self.screens: dict[str, QWidget] = {}

        self.top = QWidget()
        self.top.setObjectName("topBar")
        self.top.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        brand = QLabel(self.tr("LINESIDE"))
        brand.setObjectName("topBrand")
        self.where = QLabel(
            self.tr("{id} · {name} · line {line}").format(
                id=view.station_id, name=view.station_name, line=view.line_id
            )
        )
        self.where.setObjectName("topText")
        self.demo_badge = QLabel()
        self.demo_badge.setObjectName("demoBadge")
        self.demo_badge.setVisible(demo)
        self.who = QLabel()
        self.who.setObjectName("topWho")
        self.clock = QLabel()
        self.clock.setObjectName("topText")
        self.password_button = QPushButton()
        self.password_button.setObjectName("changePassword")
        self.password_button.clicked.connect(self._on_password_clicked)
        self.password_button.hide()
        self.logout_button = QPushButton()
        self.logout_button.setObjectName("logout")
        self.logout_button.setShortcut("F12")
        self.logout_button.clicked.connect(self._on_logout_clicked)
        top = QHBoxLayout(self.top)
        top.setContentsMargins(18, 8, 18, 8)
        top.addWidget(brand)
        top.addSpacing(18)
        top.addWidget(self.where)
        top.addSpacing(12)
        top.addWidget(self.demo_badge)
        top.addStretch()
        top.addWidget(self.who)
        top.addSpacing(18)
        top.addWidget(self.clock)
        top.addSpacing(12)
        top.addWidget(self.password_button)
        top.addWidget(self.logout_button)

        if demo:
            self.login.set_hint(
                self.tr(
                    "Demo · operators: badges BDG-1001 … BDG-1012 (type one and press Enter) · "
                    "staff: supervisor, technician or admin with password lineside-demo"
                )
            )
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.tabs)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top)
        layout.addWidget(self.stack, 1)
        self.demo_scanner: QWidget | None = None
        if demo:
            from app.ui.demo_scanner import DemoScannerWidget

            self.demo_scanner = DemoScannerWidget(context)
            layout.addWidget(self.demo_scanner)
        self.setCentralWidget(central)

        self.wedge = WedgeFilter(wedge, parent=self)
        self.wedge.scanned.connect(self._on_wedge_scanned)
        self.idle = IdleWatcher(idle_minutes, self)
        self.idle.timed_out.connect(self._on_idle_timed_out)
        signals = context.signals
        assert signals is not None
        signals.login.connect(self._on_session_login)
        signals.logout.connect(self._on_session_logout)
        self._retranslate_top()
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._on_clock_timeout)
        self._clock.start(1000)
        self._on_clock_timeout()
        self._show_login("")

    def _retranslate_top(self) -> None:
        """The top bar in the language in use (it outlives log-ins; the screens are rebuilt)."""
        self.demo_badge.setText(self.tr("DEMO"))
        self.demo_badge.setToolTip(
            self.tr("Simulated instruments and scanner: nothing here is production")
        )
        self.password_button.setText(self.tr("Password…"))
        self.logout_button.setText(self.tr("Log out  [F12]"))
        self.logout_button.setShortcut("F12")

    # -- life cycle -------------------------------------------------------------------------------
    def install(self) -> MainWindow:
        """Installs the application-level filters (wedge scans, idle time)."""
        self.wedge.install()
        self.idle.install()
        return self

    def _view(self) -> SessionView:
        """The session as the newest event showed it; the window never reads the live session."""
        assert self.context.signals is not None
        return self.context.view

    def shutdown(self) -> None:
        """Removes the filters and waits for the workers (window closing, tests)."""
        self.wedge.shutdown()
        self.idle.shutdown()
        self._clock.stop()
        self.context.wait()
        self.languages.use(None)  # the application's translators go with the window

    def closeEvent(self, event: QCloseEvent) -> None:
        """Logs the user out (journalled) before the window goes."""
        if self._view().operator is not None:
            session = self.context.session
            self.context.run_session(lambda: session.logout("station closed"))
        self.shutdown()
        super().closeEvent(event)

    # -- scans ------------------------------------------------------------------------------------
    def handle_scan(
        self, text: str, entry: EntryMethod = EntryMethod.KEYBOARD_WEDGE, at_ms: float = 0.0
    ) -> None:
        """Routes a scan from any scanner to where it belongs.

        An open dialog that takes scans (the correction's replacing lot): that dialog.
        Nobody logged in, or a badge: the log-in screen (a badge switches the user, journalled).
        A screen that takes scans in front (trace, scanner test): that screen. Otherwise the
        operator station, if this user has one.
        """
        view = self._view()
        dialog = QApplication.activeModalWidget()
        take_in_dialog = getattr(dialog, "handle_scan", None)
        if dialog is not None and callable(take_in_dialog):
            take_in_dialog(text, entry)  # an open dialog that takes scans (the correction's lot)
            return
        if view.operator is None or view.formats.classify(text.strip()) is ScanKind.BADGE:
            self.login.handle_scan(text)
            return
        current = self.current_screen()
        take_scan = getattr(current, "handle_scan", None)
        if current is not self.operator and callable(take_scan):
            take_scan(text, entry)
            return
        if self.operator is None:
            self.statusBar().showMessage(
                self.tr(
                    "Scan not used: open the operator station, the trace or the scanner test to scan"
                ),
                8000,
            )
            return
        if current is not self.operator:
            self.show_screen(self.operator)
        self.operator.handle_scan(text, entry, at_ms)

    def _on_wedge_scanned(self, text: str, at_ms: float) -> None:
        self.handle_scan(text, EntryMethod.KEYBOARD_WEDGE, at_ms)

    def attach_sync(self, worker: SyncWorker) -> SyncIndicatorWidget:
        """Shows the plant link in the top bar (connection, backlog, last acknowledged row)."""
        self.sync_indicator = SyncIndicatorWidget(worker, self.top)
        layout = self.top.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.insertWidget(layout.indexOf(self.who), self.sync_indicator)
        layout.insertSpacing(layout.indexOf(self.who), 18)
        return self.sync_indicator

    def attach_scanner(self, worker: ScannerWorker) -> None:
        """Takes scans from a serial scanner's worker as well as from the wedge."""
        worker.scanned.connect(self._on_scanner_scanned)
        worker.problem.connect(self._on_scanner_problem)

    def _on_scanner_scanned(self, text: str, entry: str, at_ms: float) -> None:
        self.handle_scan(text, EntryMethod(entry), at_ms)

    def _on_scanner_problem(self, message: str) -> None:
        if self.operator is not None and self.stack.currentWidget() is self.tabs:
            self.operator.show_problem(self.tr("Scanner"), message)
        else:
            self.login.message.setText(message)

    # -- people -----------------------------------------------------------------------------------
    def _on_session_login(self, event: Event) -> None:
        operator = (event.view or self._view()).operator
        if operator is None:
            return
        self.languages.use(getattr(operator, "language", "") or self.station_language)
        self._retranslate_top()
        self.who.setText(f"{operator.name} · {role_name(operator.role)}")
        self.logout_button.setVisible(True)
        # Staff log in and sign with a password; operators use their badge (and PIN).
        self.password_button.setVisible(operator.role is not Role.OPERATOR)
        self._build_workspace(operator.role)
        self.stack.setCurrentWidget(self.tabs)
        self.sounds.play("login")
        self.idle.start()

    def _on_session_logout(self, event: Event) -> None:
        data = event.data
        if "reason" in data:
            self._show_login(logout_message(str(data.get("name", "")), str(data["reason"])))
        else:
            self._show_login(event.message)

    def _on_password_clicked(self) -> None:
        from app.ui.password import PasswordDialog

        self.password_dialog = PasswordDialog(self.context, self)
        self.password_dialog.open()

    def _on_logout_clicked(self) -> None:
        view = self._view()
        if view.components:
            confirm_leaving_unit(
                self, view.unit_serial, len(view.components), self.tr("Log out"), self._logout
            )
        else:
            self._logout()

    def _logout(self) -> None:
        session = self.context.session
        self.context.run_session(lambda: session.logout("logged out"))

    def _on_idle_timed_out(self) -> None:
        minutes = self.idle.minutes
        session = self.context.session
        self.context.run_session(
            lambda: session.logout(f"logged out after {minutes:g} min without input")
        )

    def _show_login(self, message: str) -> None:
        if self.languages.current != self.station_language:
            self.languages.use(self.station_language)
            self._retranslate_top()
        self.idle.stop()
        self.who.setText(self.tr("nobody logged in"))
        self.logout_button.setVisible(False)
        self.password_button.setVisible(False)
        self._clear_workspace()
        self.stack.setCurrentWidget(self.login)
        self.login.reset(message)

    # -- screens ----------------------------------------------------------------------------------
    def current_screen(self) -> QWidget | None:
        """The screen in front (inside its scroll area)."""
        page = self.tabs.currentWidget()
        return page.widget() if isinstance(page, QScrollArea) else page

    def show_screen(self, screen: QWidget) -> None:
        """Brings ``screen`` (one of ``screens``) to the front."""
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page is screen or (isinstance(page, QScrollArea) and page.widget() is screen):
                self.tabs.setCurrentIndex(i)
                return

    def _add_screen(self, widget: QWidget, title: str) -> None:
        # A review or setup screen scrolls inside the window rather than growing it past the
        # panel PC's 768 px; the operator station is laid out to fit and never scrolls.
        page: QWidget = widget
        if widget is not self.operator:
            scroll = QScrollArea()
            scroll.setObjectName("screenScroll")
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(widget)
            page = scroll
        # Titles are English keys (tests, code); the tab says the title in the reader's language.
        self.tabs.addTab(page, QCoreApplication.translate("Screens", title))
        self.screens[title] = widget

    def _clear_workspace(self) -> None:
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.operator = None
        self.screens = {}
        self.screens_changed.emit()

    def _build_workspace(self, role: Role) -> None:
        self._clear_workspace()
        if role in (Role.OPERATOR, Role.SUPERVISOR, Role.ADMIN):
            self.operator = OperatorStationWidget(
                self.context, sounds=self.sounds, environment_label=self.environment_label
            )
            self._add_screen(self.operator, QT_TRANSLATE_NOOP("Screens", "Station"))
        for area in ROLE_AREAS.get(role, ()):
            try:
                screens = discover_screens(area)
            except ScreenImportError as exc:
                # The user sees which screens are missing and why, in place of the tab.
                log.error("%s screens missing: %s", area, exc, exc_info=exc)
                error = QLabel(
                    self.tr("The {area} screens could not be loaded:\n{error}").format(
                        area=area, error=exc
                    )
                )
                error.setObjectName("screenImportError")
                error.setWordWrap(True)
                error.setAlignment(Qt.AlignmentFlag.AlignCenter)
                title = f"{area.capitalize()} (failed to load)"  # the key; the tab is translated
                self._add_screen(error, title)
                continue
            for title, cls in screens:
                try:
                    widget = cls(self.context, None)
                except Exception:
                    log.exception("screen %s could not be opened", title)
                    widget = QLabel(
                        self.tr("{title}: this screen could not be opened (see the log).").format(
                            title=title
                        )
                    )
                    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self._add_screen(widget, title)
        if not self.tabs.count():
            note = QLabel(
                self.tr("No screens for the {role} role are installed at this station yet.").format(
                    role=role_name(role)
                )
            )
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(note, QCoreApplication.translate("Screens", "Welcome"))
        self.tabs.tabBar().setVisible(self.tabs.count() > 1)
        self.screens_changed.emit()

    def _on_clock_timeout(self) -> None:
        now = datetime.now().astimezone()
        self.clock.setText(f"{now:%H:%M} {now.tzname() or ''}".strip())


#: Roles as the reader says them.
ROLE_NAMES = {
    Role.OPERATOR: QT_TRANSLATE_NOOP("MainWindow", "operator"),
    Role.SUPERVISOR: QT_TRANSLATE_NOOP("MainWindow", "supervisor"),
    Role.TECHNICIAN: QT_TRANSLATE_NOOP("MainWindow", "technician"),
    Role.ADMIN: QT_TRANSLATE_NOOP("MainWindow", "admin"),
}


def role_name(role: Role | str) -> str:
    """A role in the reader's language."""
    known = ROLE_NAMES.get(Role(role)) if role in set(Role) else None
    return QCoreApplication.translate("MainWindow", known) if known else str(role)
