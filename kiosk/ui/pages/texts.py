"""Words for the playbook's ids (kiosk/playbook.py), translated at the moment they are shown.

Each function calls QCoreApplication.translate("Playbook", "...") with a literal, so
pyside6-lupdate finds every string; call them inside retranslate(), never at import time.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.enrollment import DeclineReason, step_definition


def step_title(step: str) -> str:
    """The step's screen title (declared once in kiosk.enrollment.CHECKLIST, marked there for
    lupdate under "Playbook"), in the current language."""
    return QCoreApplication.translate("Playbook", step_definition(step).screen_title)


def proxy_contact_title() -> str:
    """Step 1 of a child's (proxy) enrollment, in the checklist."""
    return QCoreApplication.translate("Playbook", "Parent or guardian (proxy)")


def skip_reason(reason_id: str) -> str:
    texts = {
        "short-on-time": QCoreApplication.translate("Playbook", "The patient is short on time"),
        "no-smartphone": QCoreApplication.translate("Playbook", "No smartphone with them"),
        "already-done": QCoreApplication.translate("Playbook", "Already done before"),
        "patient-prefers": QCoreApplication.translate("Playbook", "The patient prefers to skip"),
    }
    return texts.get(reason_id, reason_id)


def decline_reason(reason: DeclineReason) -> str:
    texts = {
        DeclineReason.NO_EMAIL: QCoreApplication.translate("Playbook", "I don't have email"),
        DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS: QCoreApplication.translate(
            "Playbook", "I'm not comfortable with computers"
        ),
        DeclineReason.PRIVACY: QCoreApplication.translate(
            "Playbook", "I'm worried about my privacy"
        ),
        DeclineReason.NO_BENEFIT: QCoreApplication.translate(
            "Playbook", "I don't see what it would do for me"
        ),
        DeclineReason.OTHER: QCoreApplication.translate("Playbook", "Another reason"),
    }
    return texts[reason]


def demo_caption(feature: str, number: int) -> str:
    captions = {
        ("messaging", 1): QCoreApplication.translate(
            "Playbook", "Write to your care team at any time."
        ),
        ("messaging", 2): QCoreApplication.translate(
            "Playbook", "We reply within one business day."
        ),
        ("messaging", 3): QCoreApplication.translate(
            "Playbook", "See test results as soon as they are ready."
        ),
        ("messaging", 4): QCoreApplication.translate("Playbook", "Ask for a prescription refill."),
        ("scheduling", 1): QCoreApplication.translate("Playbook", "See open appointment times."),
        ("scheduling", 2): QCoreApplication.translate("Playbook", "Pick the time that suits you."),
        ("scheduling", 3): QCoreApplication.translate("Playbook", "Get a reminder the day before."),
        ("scheduling", 4): QCoreApplication.translate(
            "Playbook", "Cancel or move a visit yourself."
        ),
    }
    return captions.get((feature, number), "")


def status_word(status: str) -> str:
    words = {
        "done": QCoreApplication.translate("Playbook", "Done"),
        "skipped": QCoreApplication.translate("Playbook", "Skipped"),
        "pending": QCoreApplication.translate("Playbook", "Not yet"),
        "failed": QCoreApplication.translate("Playbook", "Did not work"),
        "scheduled": QCoreApplication.translate("Playbook", "Scheduled"),
    }
    return words.get(status, status)


def failure_detail(reason: str | None) -> str:
    """Why a step did not work, in words for the patient (the record keeps the code)."""
    details = {
        "could-not-log-in": QCoreApplication.translate(
            "Playbook", "The first login did not work today. We booked help or will call you."
        ),
        "needs-help": QCoreApplication.translate(
            "Playbook", "You asked for help with the portal. We will help you set it up."
        ),
        "no-printer": QCoreApplication.translate(
            "Playbook", "The card was not printed: there is no printer. Ask us for a copy."
        ),
        "print-not-accepted": QCoreApplication.translate(
            "Playbook", "The card was not printed: the printer did not take it. Ask us for a copy."
        ),
        "print-failed": QCoreApplication.translate(
            "Playbook", "The card was not printed. Ask us for a copy."
        ),
        "send-failed": QCoreApplication.translate(
            "Playbook", "The card could not be sent to you. Ask us for a copy."
        ),
    }
    return details.get(
        reason or "", QCoreApplication.translate("Playbook", "This step did not work.")
    )


__all__ = [
    "decline_reason",
    "failure_detail",
    "demo_caption",
    "skip_reason",
    "status_word",
    "step_title",
]
