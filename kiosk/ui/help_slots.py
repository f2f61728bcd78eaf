"""Help-session times to offer, read in the background, and a last check before booking.

With the EHR and `[schedule] help_schedule` set, the choices are that Schedule's free Slots
(kiosk/sync/schedule_read.py); otherwise, or while the EHR does not answer, they come from
the settings (`help_days`, `help_times`, `help_capacity`), less the bookings this kiosk has
recorded. Just before booking an EHR slot the kiosk reads it again: a slot taken meanwhile
gets a clear message and fresh choices instead of a double booking.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.enrollment import iso, utcnow
from kiosk.schedule import HelpSlot, slots_from_settings
from kiosk.schedule_records import help_bookings

if TYPE_CHECKING:
    from kiosk.store import Store
    from kiosk.ui.context import StepContext

CHOICES = 3


class HelpSlotSource(QObject):
    """Reads through the page's context: a result that comes back after the patient session
    ended is dropped by SessionTasks (kiosk/ui/tasks.py), so no stale choice is ever shown."""

    ready = Signal(object)  # list[HelpSlot]

    def __init__(self, ctx: StepContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    @property
    def from_ehr(self) -> bool:
        config = self.ctx.config
        return bool(config.ehr.enabled and config.schedule.help_schedule)

    def load(self) -> None:
        now = datetime.now().astimezone()
        if self.from_ehr:
            schedule = self.ctx.schedule

            def got(slots: list[HelpSlot]) -> None:
                if slots:
                    self.ready.emit(slots)
                else:
                    self._from_settings(now)

            self.ctx.tasks.net(
                lambda: schedule.free_slots(now, CHOICES),
                got,
                lambda _exc: self._from_settings(now),
            )
        else:
            self._from_settings(now)

    def _from_settings(self, now: datetime) -> None:
        s = self.ctx.config.schedule

        def read(store: Store) -> list[HelpSlot]:
            booked = help_bookings(store, iso(now))
            return slots_from_settings(
                now, s.help_days, s.help_times, s.help_capacity, booked, count=CHOICES
            )

        def got(slots: list[HelpSlot]) -> None:
            self.ready.emit(slots)

        self.ctx.tasks.db(read, got, lambda _exc: got([]))

    def check(self, slot: HelpSlot, free: Callable[[], None], taken: Callable[[], None]) -> None:
        """`free()` when the slot can still be booked, else `taken()`. Offline, an EHR slot
        is booked all the same: the outbox delivers it later, and a slot taken by then is a
        Sync issue with the words to rebook."""
        slot_id = slot.slot_id
        if slot_id is None or not self.from_ehr:
            free()
            return
        schedule = self.ctx.schedule

        def answered(is_free: bool) -> None:
            if is_free:
                free()
            else:
                taken()

        self.ctx.tasks.net(
            lambda: schedule.slot_is_free(slot_id),
            answered,
            lambda _exc: answered(True),
        )


def booking(slot: HelpSlot) -> tuple[str, tuple[str, str] | None]:
    """(help_session_at, EHR slot (id, end) or None) for the Enrollment transitions."""
    return iso(slot.start), ((slot.slot_id, iso(slot.end)) if slot.slot_id else None)


def local_naive(slot: HelpSlot) -> datetime:
    """For QDateTime: the slot's local wall time."""
    return slot.start.astimezone().replace(tzinfo=None)


__all__ = ["HelpSlotSource", "booking", "local_naive", "utcnow"]
