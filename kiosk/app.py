"""Composition root: settings, store, background work, sync and screens wired in one place.

Nothing else constructs long-lived objects; everything below receives what it needs through
its constructor, so tests build the same graph with temporary paths and a loopback EHR.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.config import Config
from kiosk.paths import KioskPaths, resource_root
from kiosk.store import Store

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.sync.qt_worker import SyncWorker
    from kiosk.ui.language import LanguageSwitcher
    from kiosk.ui.main_window import MainWindow
    from kiosk.ui.pages.idle import IdleWatcher
    from kiosk.ui.session_probe import SessionProbe
    from kiosk.ui.tasks import TaskRunner
    from kiosk.ui.wizard import Wizard

log = logging.getLogger(__name__)


@dataclass
class Kiosk:
    """The wired application, kept together so tests and the self-test can reach its parts."""

    paths: KioskPaths
    config: Config
    app: QApplication
    window: MainWindow
    tasks: TaskRunner
    language: LanguageSwitcher
    wizard: Wizard
    idle: IdleWatcher
    sync: SyncWorker
    probe: SessionProbe | None = None  # the cage session test only
    # The dashboard's This kiosk / Whole practice choice, kept for one staff session.
    dashboard_scope: dict[str, Any] = field(default_factory=dict)

    def shutdown(self) -> None:
        # The sync thread first, then the idle watcher and the language switcher.
        self.sync.shutdown()
        self.idle.shutdown()
        self.language.shutdown()
        self.tasks.shutdown()


def load_theme() -> str:
    path = resource_root() / "assets" / "theme.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("theme file missing; using Qt defaults")
        return ""


def make_ports(config: Config) -> tuple[Any, Any]:
    """The EHR directory and portal gateway the wizard talks to (kiosk.ports interfaces):
    FHIR search when [ehr] is configured, else NoEhr; the portal REST adapter when [portal]
    api_url is set, else NoPortal (staff confirm by hand)."""
    from kiosk.ports import Deferred

    def directory() -> Any:
        from kiosk.sync.wiring import patient_directory

        return patient_directory(config)

    def portal() -> Any:
        from kiosk.sync.wiring import portal_gateway

        return portal_gateway(config)

    return Deferred(directory), Deferred(portal)


def make_schedule(config: Config) -> Any:
    """Today's schedule, contact on file and help slots (FHIR when [ehr] is set), built on
    the network pool at first use like the other ports."""
    from kiosk.ports import Deferred

    def reader() -> Any:
        from kiosk.sync.wiring import schedule_reader

        return schedule_reader(config)

    return Deferred(reader)


def admin_entries(kiosk: Kiosk) -> list[tuple[Any, Any]]:
    """Pages behind the admin PIN, as (title_fn, page_factory) pairs; title_fn() returns the
    translated button label, page_factory() builds the page. Each feature adds one line here."""
    from PySide6.QtCore import QCoreApplication

    def current_staff() -> str | None:
        """The administrator who unlocked this admin visit (their PIN, typed now)."""
        grant, member = kiosk.wizard.admin_grant, kiosk.wizard.staff
        return grant.staff_id if grant else (member.id if member else None)

    def dashboard() -> Any:
        from kiosk.sync.practice_read import PracticeRefresher
        from kiosk.ui.dashboard import DashboardPage

        return DashboardPage(
            kiosk.tasks,
            kiosk.config,
            practice=PracticeRefresher(kiosk.config),
            scope_memory=kiosk.dashboard_scope,
        )

    def worklist() -> Any:
        from kiosk.ui.worklist import FollowUpWorklist

        return FollowUpWorklist(
            kiosk.tasks, current_staff, expiry_days=kiosk.config.portal.invitation_expiry_days
        )

    def sync_issues() -> Any:
        from kiosk.ui.sync_issues import SyncIssuesPage

        page = SyncIssuesPage(kiosk.tasks, current_staff)
        page.changed.connect(kiosk.sync.nudge)
        kiosk.sync.dead_letters_changed.connect(page.refresh)
        return page

    def not_enrolled() -> Any:
        from kiosk.ui.schedule_list import NotEnrolledToday

        return NotEnrolledToday(
            kiosk.tasks, kiosk.config, kiosk.wizard.schedule, kiosk.wizard.switcher
        )

    def practice_figures() -> Any:
        from kiosk.ui.practice_admin import PracticeFiguresPage

        return PracticeFiguresPage(kiosk.tasks, lambda: kiosk.wizard.admin_grant)

    return [
        (lambda: QCoreApplication.translate("Admin", "Sync issues"), sync_issues),
        (lambda: QCoreApplication.translate("Admin", "Practice figures"), practice_figures),
        (lambda: QCoreApplication.translate("Admin", "Dashboard"), dashboard),
        (lambda: QCoreApplication.translate("Admin", "Follow-up worklist"), worklist),
        (lambda: QCoreApplication.translate("Admin", "Not enrolled today"), not_enrolled),
    ]


_QT_NOISE = ("does not support propagateSizeHints",)  # offscreen plugin, harmless


def route_qt_messages() -> None:
    """Qt's own warnings go to the kiosk log (through the PHI-redacting filter), not stderr."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: Any, context: Any, message: str) -> None:
        if not any(noise in message for noise in _QT_NOISE):
            qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def watch_readiness(kiosk: Kiosk) -> None:
    """Staff see "Not ready for patients" while settings are placeholders or the portal login
    page does not answer. The check (network I/O) runs on the network pool, never here."""
    from kiosk.readiness import check_ready

    window, wizard = kiosk.window, kiosk.wizard

    def page_changed(_index: int) -> None:
        page = wizard.current_page()
        window.set_staff_screen(getattr(page, "patient_facing", True) is False)

    wizard.stack.currentChanged.connect(page_changed)
    page_changed(0)
    kiosk.tasks.net(lambda: check_ready(kiosk.config), window.set_readiness)


def build_kiosk(paths: KioskPaths, config: Config, qapp: Any = None) -> Kiosk:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.language import LanguageSwitcher
    from kiosk.ui.main_window import MainWindow
    from kiosk.ui.pages.idle import IdleWatcher
    from kiosk.ui.tasks import TaskRunner
    from kiosk.ui.text_size import TextSize, themed
    from kiosk.ui.wizard import Wizard

    app = qapp or QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # widgets need QApplication, not QCoreApplication
    # Loaded once: switching the patient's text size later only re-polishes patient widgets.
    app.setStyleSheet(themed(load_theme()))
    # The schema is migrated before any screen appears (start-up, not the GUI loop).
    Store(paths.database).close()
    tasks = TaskRunner(lambda: Store(paths.database))
    window = MainWindow(config.practice.name)
    # Wizard: staff sign-in first, then the start page and the enrollment flow (issue 3).
    switcher = LanguageSwitcher(parent=window)
    switcher.register(window.status)
    directory, portal = make_ports(config)
    wizard = Wizard(
        tasks=tasks,
        config=config,
        directory=directory,
        portal=portal,
        switcher=switcher,
        output_dir=paths.output_dir,
        admin_entries=lambda: admin_entries(kiosk),
        text_size=TextSize(window, parent=window),
        schedule=make_schedule(config),
    )
    window.add_page(wizard)
    window.show_page(wizard)
    wizard.staff_changed.connect(
        lambda member: window.status.set_staff(member.display_name if member else None)
    )
    if config.kiosk.default_language != "en":
        switcher.set_language(config.kiosk.default_language)
    wizard.go(wizard.sign_in_page)
    idle = IdleWatcher(
        wizard,
        window.central,
        config.kiosk.idle_timeout_seconds,
        own_phone_seconds=config.kiosk.idle_timeout_own_phone_seconds,
    )
    switcher.register(window.banner)
    # Sync: the outbox engine on its own QThread; stopped first by Kiosk.shutdown (last added).
    from kiosk.sync.qt_worker import SyncWorker

    def engine(store: Store) -> Any:  # runs on the sync thread
        from kiosk.sync.wiring import build_engine
        from kiosk.ui.i18n import catalogue_words

        # Texts in the patient's language, from the shipped catalogue (the engine is Qt-free).
        return build_engine(store, config, words=catalogue_words)

    worker = SyncWorker(lambda: Store(paths.database), engine, config.kiosk.sync_interval_seconds)
    worker.state_changed.connect(window.status.set_sync)
    wizard.outbox_changed.connect(worker.nudge)
    kiosk = Kiosk(paths, config, app, window, tasks, switcher, wizard, idle, worker)
    # The dashboard's This kiosk / Whole practice choice lasts one staff session.
    wizard.staff_changed.connect(lambda _member: kiosk.dashboard_scope.clear())
    watch_readiness(kiosk)
    worker.start()

    def refresh_outbox() -> None:
        tasks.db(
            lambda s: s.outbox_counts(),
            lambda counts: window.status.set_sync(
                "online" if config.ehr.enabled else "not-configured", counts
            ),
        )

    wizard.outbox_changed.connect(refresh_outbox)
    refresh_outbox()
    return kiosk


def run_app(
    paths: KioskPaths,
    config: Config,
    self_test: bool = False,
    fullscreen: bool = False,
    kiosk_mode: bool = False,
) -> int:
    if self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Damaged storage is reported by the command in one line (StorageError), before any
        # window or thread exists.
        with Store(paths.database) as store:
            store.quick_check()
    from PySide6.QtWidgets import QApplication

    route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    kiosk = build_kiosk(paths, config, app)
    if kiosk_mode:
        # Locked: no frame, close requests refused; the admin menu's Quit (admin PIN) ends it.
        kiosk.wizard.quit_kiosk = kiosk.window.quit_for_admin
        kiosk.window.close_refused.connect(lambda: log.info("close request refused (kiosk)"))
        kiosk.window.enter_kiosk_mode()
        probe_path = os.environ.get("KIOSK_TEST_HOOK")
        if probe_path:  # the session test under cage only; see kiosk/ui/session_probe.py
            from kiosk.ui.session_probe import SessionProbe

            kiosk.probe = SessionProbe(kiosk.window, kiosk.wizard, probe_path)
    elif fullscreen:
        kiosk.window.showFullScreen()
    else:
        kiosk.window.show()
    if self_test:
        return _self_test(kiosk)
    freeze_startup_objects()
    log.info("kiosk started")
    try:
        return app.exec()
    finally:
        kiosk.shutdown()


def freeze_startup_objects() -> None:
    """Keep the cyclic garbage collector's full passes short: they hold the GIL, so the GUI
    thread waits for them. Every module, class and widget made at start-up lives as long as
    the program; frozen (gc.freeze), a full pass no longer walks them. Without this, a worker
    reading the EHR's pages (many short-lived dicts) set off full passes of 100-160 ms on the
    kiosk's 2-core machine, each one a frozen touch screen (kiosk/scripts/bench_practice.py).
    Start-up objects that later die still go by reference counting; only cycles among them
    would wait for the program's end."""
    import gc

    gc.collect()
    gc.freeze()


def _self_test(kiosk: Kiosk) -> int:
    """Proves a build works on the target: Qt platform, fonts, database, migrations, assets,
    every page, and the sync stack (a frozen bundle missing an HTTP or FHIR module fails here,
    not at a clinic's first enrollment)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    passes: list[str] = []
    loop = QEventLoop()

    def finished(result: Any) -> None:
        passes.append(result.state)
        loop.quit()

    kiosk.sync.pass_finished.connect(finished)
    deadline = QTimer(loop)  # dies with the loop: never fires into a finished self-test
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(20000)
    loop.exec()
    kiosk.wizard.ensure_pages()
    pages = len(kiosk.wizard.pages())
    for _ in range(5):
        QCoreApplication.processEvents()
    from kiosk.database import is_encrypted

    try:
        with Store(kiosk.paths.database) as store:
            ok = store.integrity_ok()
            version = store.schema_version()
        # The file on disk must not be readable as plain SQLite (header "SQLite format 3").
        encrypted = is_encrypted(kiosk.paths.database)
        visible = kiosk.window.isVisible()
        theme = bool(load_theme())
        from kiosk.qr import qr_matrix  # a bundle missing qrcode's pieces fails here

        qr_ok = len(qr_matrix(kiosk.config.portal.login_url)) > 21
    finally:
        kiosk.shutdown()  # threads stopped even when the database fails under the test
    sync_ok = bool(passes)
    print(
        f"self-test: window {'ok' if visible else 'FAILED'} ({pages} pages), database "
        f"{'ok' if ok else 'FAILED'} (schema {version}, "
        f"{'encrypted' if encrypted else 'NOT ENCRYPTED'}), theme {'ok' if theme else 'MISSING'}, "
        f"sync {'ok (' + passes[0] + ')' if passes else 'FAILED'}, qr {'ok' if qr_ok else 'FAILED'}"
    )
    return 0 if (visible and ok and encrypted and theme and sync_ok and qr_ok) else 1
