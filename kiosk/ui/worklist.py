"""Follow-up worklist: patients whose invitation is past the window without an active
account, oldest first, with resend / mark called / close.

The only screen that shows patient names, and only while a staff member is signed in
(`current_staff()` returns their id). Names are dropped when the page is hidden. All reads
and writes run on the database thread; every action is audited by the store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk import expiry, metrics
from kiosk.enrollment import TransitionError, parse_iso, utcnow
from kiosk.store import Store
from kiosk.ui import dates, i18n
from kiosk.ui.plain import plain_label

CLOSE_REASONS = ("logged-in", "does-not-want-portal", "wrong-contact", "left-practice")


# ---- database-thread actions (run with the TaskRunner's store) --------------------------------
def resend_invitation(store: Store, enrollment_id: str, actor: str) -> None:
    """A new portal.invitation outbox item for this patient, audited as the actor."""
    enrollment = store.get_enrollment(enrollment_id)
    if enrollment is None:
        raise LookupError("enrollment not found")
    now = utcnow()
    # A new invitation (new link, new expiry), never more than one a day to a patient,
    # counting the follow-up's own resend.
    expiry.check_resend(store.last_invitation_at(enrollment_id), now)
    store.apply(enrollment.resend_invitation(actor, now), actor=actor)


def _ensure_raised(store: Store, enrollment_id: str) -> None:
    # Offline or before the sync worker's next pass, the follow-up may not be raised yet:
    # raising it now also queues the EHR follow-up Task, as the worker would have.
    if store.conn.execute(
        "SELECT 1 FROM follow_ups WHERE enrollment_id = ?", (enrollment_id,)
    ).fetchone():
        return
    enrollment = store.get_enrollment(enrollment_id)
    if enrollment is None:
        raise LookupError("enrollment not found")
    store.raise_follow_up(enrollment.follow_up_raised())


def set_follow_up_state(
    store: Store, enrollment_id: str, state: str, actor: str, reason: str | None = None
) -> None:
    _ensure_raised(store, enrollment_id)
    store.update_follow_up(enrollment_id, state, actor, reason)


def _day(stamp: str | None) -> str:
    """A stored UTC timestamp as the local day, in the screen's date format."""
    if not stamp:
        return "-"
    return dates.date_text(parse_iso(stamp).astimezone().date())


class WorklistRowView(QFrame):
    def __init__(self, row: metrics.WorklistRow, now: datetime, page: FollowUpWorklist) -> None:
        super().__init__()
        self.setObjectName("worklistRow")
        self.row = row
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        text = QVBoxLayout()
        self.name = plain_label(f"{row.given_name} {row.family_name}", objectName="worklistName")
        channel = {"email": self.tr("email"), "sms": self.tr("text message")}.get(
            row.channel or "", "-"
        )
        details = (
            self.tr(
                "Invited %1 by %2  \u00b7  %n day(s) past the window", "", row.days_overdue(now)
            )
            .replace("%1", _day(row.invited_at))
            .replace("%2", channel)
        )
        if row.state == "called":
            details += "  \u00b7  " + self.tr("Called %1").replace("%1", _day(row.called_at))
        # The link's expiry (portal's, else [portal] invitation_expiry_days): expired first.
        self.expired = row.expired(now)
        if row.expires_at:
            details += "  \u00b7  " + (
                self.tr("Link expired %1") if self.expired else self.tr("Link valid until %1")
            ).replace("%1", _day(row.expires_at))
        self.details = plain_label(details, objectName="worklistDetail", wordWrap=True)
        text.addWidget(self.name)
        text.addWidget(self.details)
        layout.addLayout(text, 1)
        self.resend = QPushButton(self.tr("Resend invitation"))
        self.called = QPushButton(self.tr("Mark called"))
        self.close_button = QPushButton(self.tr("Close..."))
        self.called.setEnabled(row.state != "called")
        self.resend.clicked.connect(lambda: page.resend(row.enrollment_id))
        self.called.clicked.connect(lambda: page.mark_called(row.enrollment_id))
        self.close_button.clicked.connect(lambda: page.ask_close(self))
        for button in (self.resend, self.called, self.close_button):
            layout.addWidget(button)


class FollowUpWorklist(QWidget):
    def __init__(
        self,
        tasks,
        current_staff: Callable[[], str | None],
        parent: QWidget | None = None,
        now: Callable[[], datetime] = utcnow,
        expiry_days: int = 7,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("followUpWorklist")
        self._expiry_days = expiry_days
        self._tasks = tasks
        self._current_staff = current_staff
        self._now = now
        self._closing: WorklistRowView | None = None
        self.rows: list[WorklistRowView] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.title = plain_label(objectName="pageTitle")
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.summary = plain_label(objectName="bodyText", wordWrap=True)
        layout.addWidget(self.summary)

        self.close_panel = QFrame(objectName="staffPanel")
        panel = QVBoxLayout(self.close_panel)
        self.close_prompt = plain_label(wordWrap=True)
        panel.addWidget(self.close_prompt)
        reasons = QHBoxLayout()
        self.reason_buttons: dict[str, QPushButton] = {}
        for reason in CLOSE_REASONS:
            button = QPushButton()
            button.clicked.connect(lambda _=False, r=reason: self.close_with(r))
            self.reason_buttons[reason] = button
            reasons.addWidget(button)
        self.cancel_close = QPushButton()
        self.cancel_close.clicked.connect(self._hide_close_panel)
        reasons.addWidget(self.cancel_close)
        panel.addLayout(reasons)
        self.close_panel.hide()
        layout.addWidget(self.close_panel)

        self.scroll = QScrollArea(widgetResizable=True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setSpacing(8)
        self.list_layout.addStretch(1)
        self.scroll.setWidget(self.list_widget)
        layout.addWidget(self.scroll, 1)
        self.status = plain_label(objectName="dashStatus", wordWrap=True)
        layout.addWidget(self.status)
        self.retranslate()

    # ---- loading -------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().hideEvent(event)
        self._clear()  # names never stay on a page nobody is looking at

    def refresh(self) -> None:
        if not self._current_staff():
            self._clear()
            self.summary.setText(self.tr("Sign in as staff to see the follow-up list."))
            return
        now = self._now()
        self._tasks.db(
            lambda store: metrics.follow_up_worklist(store, now, expiry_days=self._expiry_days),
            lambda result: self._show(now, *result),
            self._failed,
        )

    def _clear(self) -> None:
        self._hide_close_panel()
        for view in self.rows:
            view.setParent(None)
            view.deleteLater()
        self.rows = []

    def _show(self, now: datetime, total: int, rows: list[metrics.WorklistRow]) -> None:
        self._clear()
        if not self._current_staff():
            return
        if total == 0:
            self.summary.setText(self.tr("Nobody needs a follow-up call right now."))
        elif total > len(rows):
            self.summary.setText(
                self.tr("%1 patients need a follow-up; the oldest %2 are shown.")
                .replace("%1", str(total))
                .replace("%2", str(len(rows)))
            )
        else:
            # Qt plural forms: the catalogue holds one form per grammatical number.
            self.summary.setText(
                self.tr("%n patient(s) need a follow-up, oldest first.", "", total)
            )
        for row in rows:
            view = WorklistRowView(row, now, self)
            self.list_layout.insertWidget(self.list_layout.count() - 1, view)
            self.rows.append(view)

    def _failed(self, exc: Exception) -> None:
        # A rule's own words for staff (e.g. one invitation a day), else the error's kind.
        reason = (
            i18n.shown(i18n.reason(exc)) if isinstance(exc, TransitionError) else type(exc).__name__
        )
        self.status.setText(self.tr("That did not work: %1").replace("%1", reason))

    # ---- actions -------------------------------------------------------------------------
    def _act(self, fn: Callable[[Store, str], None], done_text: str) -> None:
        actor = self._current_staff()
        if not actor:
            self.refresh()
            return

        def finished(_: object) -> None:
            self.status.setText(done_text)
            self.refresh()

        self._tasks.db(lambda store: fn(store, actor), finished, self._failed)

    def resend(self, enrollment_id: str) -> None:
        self._act(
            lambda store, actor: resend_invitation(store, enrollment_id, actor),
            self.tr("Invitation queued; it is sent as soon as the portal is reachable."),
        )

    def mark_called(self, enrollment_id: str) -> None:
        self._act(
            lambda store, actor: set_follow_up_state(store, enrollment_id, "called", actor),
            self.tr("Marked as called."),
        )

    def ask_close(self, view: WorklistRowView) -> None:
        self._closing = view
        self.close_prompt.setText(
            self.tr("Close the follow-up for %1? Choose why:").replace("%1", view.name.text())
        )
        self.close_panel.show()

    def close_with(self, reason: str) -> None:
        view = self._closing
        if view is None:
            return
        enrollment_id = view.row.enrollment_id
        self._hide_close_panel()
        self._act(
            lambda store, actor: set_follow_up_state(store, enrollment_id, "closed", actor, reason),
            self.tr("Follow-up closed."),
        )

    def _hide_close_panel(self) -> None:
        self._closing = None
        self.close_prompt.setText("")
        self.close_panel.hide()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Follow-up worklist"))
        self.refresh_button.setText(self.tr("Refresh"))
        labels = {
            "logged-in": self.tr("Has logged in"),
            "does-not-want-portal": self.tr("Does not want it"),
            "wrong-contact": self.tr("Wrong contact details"),
            "left-practice": self.tr("Left the practice"),
        }
        for reason, button in self.reason_buttons.items():
            button.setText(labels[reason])
        self.cancel_close.setText(self.tr("Cancel"))
        if not self.rows:
            self.summary.setText("")


__all__ = ["FollowUpWorklist", "resend_invitation", "set_follow_up_state"]
