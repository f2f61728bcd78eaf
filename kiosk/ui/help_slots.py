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
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.enrollment import iso, utcnow
from kiosk.schedule import HelpSlot, slots_from_settings
from kiosk.schedule_records import help_bookings

CHOICES = 3


class HelpSlotSource(QObject):
    ready = Signal(object)  # list[HelpSlot]

    def __init__(self, wizard: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.wizard = wizard
        self._generation = 0

    @property
    def from_ehr(self) -> bool:
        config = self.wizard.config
        return bool(config.ehr.enabled and config.schedule.help_schedule)

    def load(self) -> None:
        self._generation += 1
        generation = self._generation
        now = datetime.now().astimezone()
        if self.from_ehr:
            schedule = self.wizard.schedule

            def got(slots: list[HelpSlot]) -> None:
                if generation == self._generation:
                    self.ready.emit(slots) if slots else self._from_settings(generation, now)

            self.wizard.tasks.net(
                lambda: schedule.free_slots(now, CHOICES),
                got,
                lambda _exc: self._from_settings(generation, now),
            )
        else:
            self._from_settings(generation, now)

    def _from_settings(self, generation: int, now: datetime) -> None:
        s = self.wizard.config.schedule

        def read(store: Any) -> list[HelpSlot]:
            booked = help_bookings(store, iso(now))
            return slots_from_settings(
                now, s.help_days, s.help_times, s.help_capacity, booked, count=CHOICES
            )

        def got(slots: list[HelpSlot]) -> None:
            if generation == self._generation:
                self.ready.emit(slots)

        self.wizard.tasks.db(read, got, lambda _exc: got([]))

    def cancel(self) -> None:
        self._generation += 1

    def check(self, slot: HelpSlot, free: Callable[[], None], taken: Callable[[], None]) -> None:
        """`free()` when the slot can still be booked, else `taken()`. Offline, an EHR slot
        is booked all the same: the outbox delivers it later, and a slot taken by then is a
        Sync issue with the words to rebook."""
        if slot.slot_id is None or not self.from_ehr:
            free()
            return
        generation = self._generation
        schedule = self.wizard.schedule

        def answered(is_free: bool) -> None:
            if generation == self._generation:
                free() if is_free else taken()

        self.wizard.tasks.net(
            lambda: schedule.slot_is_free(slot.slot_id),
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
