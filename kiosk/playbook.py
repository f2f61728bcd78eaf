"""The practice playbook as data: the choices staff pick from (skip reasons, decline
reasons, help-session slots, demo cards). The checklist itself is kiosk.enrollment.CHECKLIST.

Only stable ids live here (they are what the database stores and metrics group by). The words a
person reads for each id are translated in kiosk/ui/ (kiosk/ui/pages/texts.py), where
pyside6-lupdate finds them; this module stays Qt-free.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kiosk.enrollment import DeclineReason

# Why a skippable step was skipped: stored as the step's reason.
SKIP_REASONS: tuple[str, ...] = (
    "short-on-time",
    "no-smartphone",
    "already-done",
    "patient-prefers",
)

# The barrier a patient names when declining, in the order shown.
DECLINE_REASONS: tuple[DeclineReason, ...] = (
    DeclineReason.NO_EMAIL,
    DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS,
    DeclineReason.PRIVACY,
    DeclineReason.NO_BENEFIT,
    DeclineReason.OTHER,
)

# Illustrated cards per demo feature: assets/demo/<feature>_<n>.svg.
DEMO_CARD_COUNT = 4
DEMO_FEATURES: tuple[str, ...] = ("messaging", "scheduling")

# Help sessions run on weekday mornings; the patient picks one of the next few.
HELP_SESSION_TIME = time(10, 0)
HELP_SESSION_CHOICES = 3


def demo_cards(feature: str) -> list[str]:
    """Asset paths (relative to the resource root) of the feature's illustrated cards."""
    if feature not in DEMO_FEATURES:
        feature = DEMO_FEATURES[0]
    return [f"assets/demo/{feature}_{n}.svg" for n in range(1, DEMO_CARD_COUNT + 1)]


def help_session_slots(today: date, count: int = HELP_SESSION_CHOICES) -> list[datetime]:
    """The next `count` weekday mornings after `today` (local time, naive)."""
    slots: list[datetime] = []
    day = today
    while len(slots) < count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            slots.append(datetime.combine(day, HELP_SESSION_TIME))
    return slots
