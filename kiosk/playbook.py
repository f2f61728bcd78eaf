"""The practice playbook as data: the choices staff pick from (skip reasons, decline
reasons, demo cards; help-session times are settings, [schedule] in kiosk/config.py). The
checklist itself is kiosk.enrollment.CHECKLIST.

Only stable ids live here (they are what the database stores and metrics group by). The words a
person reads for each id are translated in kiosk/ui/ (kiosk/ui/pages/texts.py), where
pyside6-lupdate finds them; this module stays Qt-free.
"""

from __future__ import annotations

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


def demo_cards(feature: str) -> list[str]:
    """Asset paths (relative to the resource root) of the feature's illustrated cards."""
    if feature not in DEMO_FEATURES:
        feature = DEMO_FEATURES[0]
    return [f"assets/demo/{feature}_{n}.svg" for n in range(1, DEMO_CARD_COUNT + 1)]
