"""A checklist step is declared once: a throwaway step added in a fixture (its declaration and
its page, nothing else) is numbered, shown, recorded, sent to the EHR and listed on Finish.

And a record stored before a step existed loads with that step pending."""

from __future__ import annotations

import json

import pytest

from kiosk import enrollment
from kiosk.enrollment import (
    Channel,
    Enrollment,
    Outcome,
    Patient,
    StepDefinition,
    StepId,
    StepStatus,
    numbered,
    step_definition,
)
from kiosk.store import Store
from kiosk.sync.mapping import _step_outputs
from kiosk.ui import step_registry
from kiosk.ui.context import StepContext
from kiosk.ui.pages import texts
from kiosk.ui.step_page import StepPage
from tests.wizard_support import Receptionist, add_staff, make_kiosk, sign_in

HELLO = "say_hello"


class SayHelloPage(StepPage):
    """The whole of a new step's screen: words, and one transition on its primary action."""

    step_id = HELLO

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx.switcher, skippable=True)
        self.setObjectName("sayHelloPage")
        self.ctx = ctx
        self.shown: list[str] = []
        self.primary_clicked.connect(self._done)

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self.shown.append(self.stepper.caption.text())

    def _done(self) -> None:
        self.ctx.apply(lambda e: e.complete_step(HELLO, "waved"), lambda e: self.ctx.advance())

    def retranslate(self) -> None:
        super().retranslate()
        self.set_texts(texts.step_title(HELLO), "Say hello to the care team.", "Wave.", "Next")


@pytest.fixture
def hello_step(monkeypatch: pytest.MonkeyPatch) -> StepDefinition:
    """The checklist with one more step after the feature demo, and its page registered."""
    steps = list(enrollment.CHECKLIST)
    at = [s.id for s in steps].index(StepId.FEATURE_DEMO) + 1
    steps.insert(at, StepDefinition(HELLO, "Say hello to the care team", "Say hello", True))
    monkeypatch.setattr(enrollment, "CHECKLIST", numbered(*steps))
    monkeypatch.setattr(step_registry, "STEP_PAGES", [*step_registry.STEP_PAGES, SayHelloPage])
    return step_definition(HELLO)


def test_a_step_added_in_one_place_is_walked_recorded_and_documented(hello_step, kiosk_dirs, qtbot):
    assert hello_step.number == 5 and step_definition(StepId.FOLLOW_UP).number == 10
    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        r = Receptionist(qtbot, kiosk)
        sign_in(r, add_staff(kiosk_dirs.database))
        r.enter_patient("maria", "lopez", "03141985")
        r.invite_by_email("maria.lopez")
        r.tap("confirmManuallyButton")
        r.tap("confirmSeenButton")
        r.wait_page("featureDemoPage")
        r.tap("primaryButton")
        r.wait_page("sayHelloPage")
        hello = r.page()
        assert hello.shown == ["Step 5 of 8"]
        assert hello.title.text() == "Say hello"
        r.tap("primaryButton")
        r.wait_page("appInstallPage")
        assert r.page().stepper.caption.text() == "Step 6 of 8"
        assert [d.text() for d in r.page().stepper.dots.values()][3:6] == ["4", "5", "6"]
        r.tap("backButton")  # Back goes through the new step, in checklist order
        r.wait_page("sayHelloPage")
        r.tap("primaryButton")
        r.wait_page("appInstallPage")
        r.tap("primaryButton")
        r.wait_page("confirmAccessPage")
        r.tap("primaryButton")
        r.wait_page("referenceCardPage")
        r.tap("skipButton")
        r.tap("skipReason-short-on-time")
        r.wait_page("finishPage")
        assert "Say hello" in [w.text() for w in r.page().findChildren(type(hello.title))]
        enrollment_id = r.wizard.enrollment.id
        r.tap("primaryButton")
        r.wait_page("donePage")
        r.settle()
        with Store(kiosk_dirs.database) as store:
            stored = store.get_enrollment(enrollment_id)
            events = [ev["step"] for ev in store.step_events(enrollment_id)]
            record = [
                item
                for item in store.outbox_items(enrollment_id)
                if item["kind"] == "ehr.enrollment-record"
            ]
            payload = store.outbox_item(record[0]["id"])["payload"]
    finally:
        kiosk.shutdown()
    assert stored.outcome == Outcome.ENROLLED
    assert stored.steps[HELLO] == enrollment.StepState(
        StepStatus.DONE, stored.steps[HELLO].at, "waved"
    )
    assert (
        events.index(StepId.FEATURE_DEMO) < events.index(HELLO) < events.index(StepId.APP_INSTALL)
    )
    payload = json.loads(payload)
    displays = [out["type"]["coding"][0]["display"] for out in _step_outputs(payload)]
    assert "5. Say hello to the care team" in displays
    assert "10. Follow up if no login within one week" in displays


def _stored_record(database, steps_missing: tuple[str, ...] = ()) -> str:
    change = Enrollment.start("staff-1", Patient("Ana", "Ruiz", "1980-01-02"))
    change = change.enrollment.capture_contact(
        email="ana@example.org", mobile=None, channel=Channel.EMAIL
    )
    with Store(database) as store:
        store.apply(change)
        if steps_missing:  # as an older version wrote it: without those steps at all
            data = change.enrollment.to_dict()
            for step in steps_missing:
                del data["steps"][step]
            store.conn.execute(
                "UPDATE enrollments SET record = ? WHERE id = ?",
                (json.dumps(data), change.enrollment.id),
            )
    return change.enrollment.id


def test_a_record_stored_before_a_step_existed_loads_with_it_pending(hello_step, kiosk_dirs):
    enrollment_id = _stored_record(kiosk_dirs.database)
    with Store(kiosk_dirs.database) as store:
        loaded = store.get_enrollment(enrollment_id)
    assert loaded.status(HELLO) == StepStatus.PENDING
    assert loaded.next_step() == StepId.SEND_INVITATION
    assert list(loaded.steps)[: hello_step.number] == [s.id for s in enrollment.CHECKLIST][:5]


def test_from_dict_fills_steps_missing_from_stored_json(kiosk_dirs):
    enrollment_id = _stored_record(kiosk_dirs.database, (StepId.REFERENCE_CARD, StepId.FOLLOW_UP))
    with Store(kiosk_dirs.database) as store:
        loaded = store.get_enrollment(enrollment_id)
    assert loaded.status(StepId.REFERENCE_CARD) == StepStatus.PENDING
    assert loaded.steps[StepId.FOLLOW_UP].status == StepStatus.PENDING
    assert loaded.next_step() == StepId.SEND_INVITATION
    assert loaded.status(StepId.COLLECT_CONTACT) == StepStatus.DONE


def test_the_walkers_follow_the_checklist(hello_step, kiosk_dirs, qtbot, cups):
    """The happy-path walk scripts the built-in steps only; it still reaches Done, passing the
    added step with its primary action (tests/wizard_support.py: wait_page)."""
    from tests.test_wizard_flow import walk_happy_path

    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        r = Receptionist(qtbot, kiosk)
        sign_in(r, add_staff(kiosk_dirs.database))
        walk_happy_path(r)
        assert "primaryButton" in r.log
        assert r.wizard.enrollment.status(HELLO) == StepStatus.DONE
    finally:
        kiosk.shutdown()
