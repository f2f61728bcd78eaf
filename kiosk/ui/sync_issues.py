"""The "Sync issues" page: records the EHR or portal refused, with the server's reason.

Staff can retry one (after fixing the cause, e.g. the patient merged in the EHR); discarding
one needs an administrator's PIN and is audited (store.discard_dead keeps the row, marked as
handled by hand). All database work goes through the TaskRunner; the list refreshes when the
sync worker says the dead letters changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.store import Store
from kiosk.ui.keyboard import PinPad
from kiosk.ui.plain import plain_label
from kiosk.ui.tasks import TaskRunner

DISCARD_REASON = "handled by hand by an administrator"


def kind_label(kind: str) -> str:
    labels = {
        "ehr.patient-contact": QCoreApplication.translate("SyncIssues", "Email/mobile to the EHR"),
        "portal.invitation": QCoreApplication.translate("SyncIssues", "Portal invitation"),
        "ehr.enrollment-record": QCoreApplication.translate(
            "SyncIssues", "Enrollment record in the EHR"
        ),
        "ehr.follow-up": QCoreApplication.translate("SyncIssues", "Follow-up task in the EHR"),
        "ehr.help-appointment": QCoreApplication.translate(
            "SyncIssues", "Help-session booking in the EHR"
        ),
    }
    return labels.get(kind, kind)


def verify_admin_pin(store: Store, staff_id: str | None, pin: str) -> str | None:
    """The actor id when `pin` is an administrator's PIN, else None (failures are counted and
    audited by the staff directory, which also refuses non-administrators: step_up)."""
    from kiosk.staff import StaffDirectory, StaffError

    directory = StaffDirectory(store)
    candidates = [staff_id] if staff_id else [m.id for m in directory.members() if m.is_admin]
    for candidate in candidates:
        try:
            check = directory.step_up(candidate, pin)
            member = directory.authorize(check.grant)
        except StaffError:
            continue
        return member.id
    return None


class SyncIssuesPage(QWidget):
    changed = Signal()  # a letter was retried or discarded: nudge the worker

    def __init__(
        self,
        runner: TaskRunner,
        current_staff: Callable[[], str | None] = lambda: None,
        pin_check: Callable[[Store, str | None, str], str | None] = verify_admin_pin,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncIssuesPage")
        self.runner = runner
        self.current_staff = current_staff
        self.pin_check = pin_check
        self.letters: list[dict[str, Any]] = []
        self.rows: dict[int, dict[str, QWidget]] = {}
        self._discarding: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        self.title = plain_label(objectName="pageTitle")
        self.intro = plain_label(objectName="bodyText", wordWrap=True)
        self.message = plain_label(objectName="errorText", wordWrap=True)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.message)
        body = QHBoxLayout()
        self.list_host = QWidget()
        self.list_layout = QVBoxLayout(self.list_host)
        self.list_layout.setSpacing(12)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.list_host)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body.addWidget(scroll, 3)
        self.pin_panel = QFrame(objectName="staffPanel")
        pin_layout = QVBoxLayout(self.pin_panel)
        self.pin_label = plain_label(wordWrap=True)
        self.pin_pad = PinPad()
        self.pin_cancel = QPushButton(objectName="pinCancel")
        self.pin_cancel.setMinimumHeight(56)
        pin_layout.addWidget(self.pin_label)
        pin_layout.addWidget(self.pin_pad, 1)
        pin_layout.addWidget(self.pin_cancel)
        self.pin_panel.hide()
        body.addWidget(self.pin_panel, 2)
        layout.addLayout(body, 1)
        self.pin_pad.submit.connect(self._submit_pin)
        self.pin_cancel.clicked.connect(self._close_pin)
        self.retranslate()
        self.refresh()

    # ---- data ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self.runner.db(lambda s: s.dead_letters(), self._show_letters, self._failed)

    def _show_letters(self, letters: list[dict[str, Any]]) -> None:
        self.letters = letters
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            row = item.widget()
            if row is not None:
                # Detached and dropped now (Python owns it after setParent(None)), not via
                # deleteLater: a deferred delete of a row could run after the page was gone
                # and crashed Qt (QWidget::destroy) when a test or the admin closed it quickly.
                row.hide()
                row.setParent(None)
        self.rows.clear()
        for letter in letters:
            self.list_layout.addWidget(self._row(letter))
        self.list_layout.addStretch(1)
        self.retranslate()

    def _row(self, letter: dict[str, Any]) -> QWidget:
        frame = QFrame(objectName="syncIssueRow")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QVBoxLayout(frame)
        kind = plain_label(objectName="fieldLabel")
        attempts = plain_label(objectName="fieldHint")
        reason = plain_label(letter.get("last_error") or "", objectName="bodyText", wordWrap=True)
        reason.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        buttons = QHBoxLayout()
        retry = QPushButton(objectName=f"retry_{letter['seq']}")
        discard = QPushButton(objectName=f"discard_{letter['seq']}")
        for button in (retry, discard):
            button.setMinimumHeight(56)
            buttons.addWidget(button)
        buttons.addStretch(1)
        retry.clicked.connect(lambda _=False, seq=letter["seq"]: self.retry(seq))
        discard.clicked.connect(lambda _=False, seq=letter["seq"]: self._open_pin(seq))
        for widget in (kind, attempts, reason):
            grid.addWidget(widget)
        grid.addLayout(buttons)
        self.rows[letter["seq"]] = {
            "kind": kind,
            "attempts": attempts,
            "reason": reason,
            "retry": retry,
            "discard": discard,
            "letter": letter,  # type: ignore[dict-item]
        }
        return frame

    def retry(self, seq: int) -> None:
        actor = self.current_staff() or "staff"
        self.runner.db(lambda s: s.retry_dead(seq, actor), self._after_change, self._failed)

    def _open_pin(self, seq: int) -> None:
        self._discarding = seq
        self.pin_pad.clear()
        self.message.clear()
        self.pin_panel.show()

    def _close_pin(self) -> None:
        self._discarding = None
        self.pin_pad.clear()
        self.pin_panel.hide()

    def _submit_pin(self) -> None:
        seq, pin = self._discarding, self.pin_pad.pin()
        if seq is None or not pin:
            return
        self.pin_pad.clear()
        staff = self.current_staff()
        check = self.pin_check

        def discard(store: Store) -> bool | None:
            actor = check(store, staff, pin)
            if actor is None:
                return None
            return store.discard_dead(seq, actor, DISCARD_REASON)

        self.runner.db(discard, self._discarded, self._failed)

    def _discarded(self, outcome: bool | None) -> None:
        if outcome is None:
            self.message.setText(self.tr("That is not an administrator's PIN. Try again."))
            return
        self._close_pin()
        self._after_change(outcome)

    def _after_change(self, _done: bool) -> None:
        self.message.clear()
        self.changed.emit()
        self.refresh()

    def _failed(self, _exc: Exception) -> None:
        self.message.setText(self.tr("The kiosk could not read its records. Try again."))

    # ---- text ---------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sync issues"))
        self.intro.setText(
            self.tr("All records reached the EHR and the portal.")
            if not self.letters
            else self.tr(
                "These records were refused. Fix the cause (the reason is the server's), "
                "then press Retry. Discard only after entering the record by hand."
            )
        )
        self.pin_label.setText(self.tr("Administrator PIN to discard this record"))
        self.pin_cancel.setText(self.tr("Cancel"))
        for row in self.rows.values():
            letter = row["letter"]
            row["kind"].setText(kind_label(letter["kind"]))
            row["attempts"].setText(
                self.tr("Attempts: %1").replace("%1", str(letter.get("attempts", 0)))
            )
            row["retry"].setText(self.tr("Retry"))
            row["discard"].setText(self.tr("Discard"))
