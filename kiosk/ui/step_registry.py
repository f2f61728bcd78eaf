"""Which page shows each checklist step: the one list the wizard builds its step pages from.

Each entry is a page class (or "module:Class", imported when the wizard builds its pages after
the first frame). A page names the step it shows in its `step_id`; the order and the step
numbers come from kiosk.enrollment.CHECKLIST, so this list's order does not matter.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

from kiosk.enrollment import interactive_steps

if TYPE_CHECKING:
    from kiosk.ui.context import StepContext
    from kiosk.ui.step_page import StepPage


class StepPageClass(Protocol):
    """A step page's class: it names its step and is built from a StepContext."""

    step_id: str | None
    __name__: str

    def __call__(self, ctx: StepContext) -> StepPage: ...


STEP_PAGES: list[str | StepPageClass] = [
    "kiosk.ui.pages.contact:ContactPage",
    "kiosk.ui.pages.invitation:InvitationPage",
    "kiosk.ui.pages.first_login:FirstLoginPage",
    "kiosk.ui.pages.feature_demo:FeatureDemoPage",
    "kiosk.ui.pages.app_install:AppInstallPage",
    "kiosk.ui.pages.confirm_access:ConfirmAccessPage",
    "kiosk.ui.pages.reference_card:ReferenceCardPage",
]


def _load(entry: str | StepPageClass) -> StepPageClass:
    if not isinstance(entry, str):
        return entry
    module, _, name = entry.partition(":")
    page: StepPageClass = getattr(importlib.import_module(module), name)
    return page


def step_page_classes() -> dict[str, StepPageClass]:
    """Step id -> page class, in checklist order. A walked step without a page, or a page for
    a step not in the checklist, is a wiring mistake: said here, at start-up."""
    classes: dict[str, StepPageClass] = {}
    for entry in STEP_PAGES:
        page = _load(entry)
        if page.step_id is None:
            raise LookupError(f"{page.__name__} is registered as a step page but has no step_id")
        classes[page.step_id] = page
    steps = interactive_steps()
    missing = [step for step in steps if step not in classes]
    extra = [step for step in classes if step not in steps]
    if missing or extra:
        raise LookupError(
            f"checklist steps without a page: {missing}; pages for no checklist step: {extra} "
            "(kiosk/ui/step_registry.py, kiosk/enrollment.py CHECKLIST)"
        )
    return {step: classes[step] for step in steps}
