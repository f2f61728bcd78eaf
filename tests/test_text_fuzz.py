"""Bad text is refused at the door, good text is kept exactly (issue 8).

10,000 generated strings - lone surrogates, NUL and other C0 controls, right-to-left overrides,
combining marks, astral symbols, 100,000-character strings - go through every public domain,
staff, store and parser entry point that takes text. The only exceptions allowed are the
project's own (TransitionError, StaffError, StoreError); what was accepted reads back from the
real SQLite file unchanged (after the documented normalisation: reasons are stripped, staff
names have their spaces collapsed).

A new seed every run (printed on failure: KIOSK_FUZZ_SEED=... reproduces it).
"""

from __future__ import annotations

import os
import random

import pytest

import kiosk.staff as staff_module
from kiosk import validation
from kiosk.enrollment import (
    Channel,
    DeclineReason,
    Enrollment,
    Patient,
    StepId,
    TransitionError,
)
from kiosk.staff import StaffDirectory, StaffError
from kiosk.store import Store, StoreError

COUNT = int(os.environ.get("KIOSK_FUZZ_COUNT") or 10_000)
OURS = (TransitionError, StaffError, StoreError)

_POOLS = (
    [chr(c) for c in range(0x20, 0x7F)],  # printable ASCII
    [chr(c) for c in range(0x00, 0x20)] + ["\x7f"],  # NUL and the C0 controls, DEL
    [chr(c) for c in (0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xD83D)],  # lone surrogates
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["\u200e", "\u200f", "\u061c"],  # bidi overrides, isolates and marks
    ["\u0301", "\u0308", "\u0903", "\u20dd"],  # combining marks
    ["é", "ñ", "Ø", "ß", "ğ", "Ж", "ש", "ل", "中", "한", "\u00a0", "\u2028", "\ufeff", "\ufffd"],
    ["\U0001f600", "\U0001f468\u200d\U0001f469", "\U00010348", "\U000e0001"],  # astral
    [" ", "\t", "'", "-", ".", "@", "+"],
)


def generate(rng: random.Random) -> list[str]:
    texts = ["", " ", "\t", "\x00", "\ud800", "a\x00b", "\u202eevil", "x" * 100_000]
    while len(texts) < COUNT:
        pools = rng.sample(_POOLS, rng.randint(1, 3))
        length = rng.choice((1, 2, 5, 12, 40, 60, 120, 201, 499, 501))
        if rng.random() < 0.0008:
            length = 100_000
        texts.append("".join(rng.choice(rng.choice(pools)) for _ in range(length)))
    return texts


def clean(text: str) -> bool:
    return validation.text_problem(text) is None


class Calls:
    """Calls an entry point with the current string: our own refusals are counted (and must
    be human and never echo the text), anything else fails the test with the seed."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.accepted = self.refused = 0
        self.text = ""
        self.where = ""

    def now(self, n: int, text: str) -> str:
        self.text = text
        self.where = f"seed {self.seed}, string #{n} {text[:40]!r} (len {len(text)})"
        return self.where

    def __call__(self, call, *args, **kwargs):
        try:
            result = call(*args, **kwargs)
        except OURS as exc:
            self.refused += 1
            message = str(exc)
            assert message and message[0].isupper(), self.where
            assert len(self.text) < 6 or self.text not in message, f"echoed: {self.where}"
            return exc
        except Exception as exc:
            raise AssertionError(f"{call.__qualname__} raised {exc!r}: {self.where}") from exc
        self.accepted += 1
        return result


@pytest.fixture
def fuzz_store(tmp_path, monkeypatch):
    # A real file; durability is not what this test is about, so no fsync per transaction,
    # (the scrypt cost is the cheap test hasher conftest.py installs: the same code path).
    with Store(tmp_path / "fuzz.sqlite3") as store:
        store.conn.execute("PRAGMA synchronous=OFF")
        yield store


def test_ten_thousand_strings_through_every_entry_point_that_takes_text(fuzz_store):
    seed = int(os.environ.get("KIOSK_FUZZ_SEED") or random.randrange(2**32))
    texts = generate(random.Random(seed))
    store = fuzz_store
    staff = StaffDirectory(store)
    admin = staff.create("Ada Admin", "246802")
    grant = staff.step_up(admin.id, "246802").grant  # adding staff needs an admin's grant
    base = Patient("Ana", "Ruiz", "1980-01-05", ehr_id="pat-1")
    enrolled = store.apply(Enrollment.start("staff-1", base))
    enrolled = store.apply(
        enrolled.capture_contact(email="ana@example.org", mobile=None, channel=Channel.EMAIL)
    )
    enrolled = store.apply(enrolled.send_invitation())
    enrolled = store.apply(enrolled.finish(7))
    store.raise_follow_up(enrolled.follow_up_raised())
    ours = Calls(seed)

    for n, s in enumerate(texts):
        where = ours.now(n, s)

        # -- parsers: never raise; bad text is a Parsed error
        for parse in (
            validation.parse_email,
            validation.parse_mobile,
            validation.parse_name,
            validation.parse_birth_date,
            validation.parse_mrn,
        ):
            parsed = ours(parse, s)
            assert isinstance(parsed, validation.Parsed), where
            if not clean(s):
                assert not parsed.ok, where
        ours(validation.suggest_domain, s)
        ours(validation.format_mobile, s)

        # -- domain + store: an enrollment whose patient fields and ids are this string
        change = ours(Enrollment.start, s or "x", Patient(s, s, s, s, s), enrollment_id=s or None)
        if isinstance(change, OURS):
            assert not clean(s) or len(s) > 100, where
            e = store.apply(Enrollment.start("staff-1", base))
        else:
            e = store.apply(change)
            back = store.get_enrollment(e.id)
            assert back == e and back.patient.given_name == s, where
        contact = ours(e.capture_contact, email=s, mobile=None, channel=Channel.EMAIL)
        if not isinstance(contact, OURS):
            e = store.apply(contact)
            assert store.get_enrollment(e.id).email == s, where
        for step, act in (
            (StepId.FEATURE_DEMO, lambda e, s: e.skip_step(StepId.FEATURE_DEMO, s)),
            (StepId.APP_INSTALL, lambda e, s: e.fail_step(StepId.APP_INSTALL, s)),
            (StepId.REFERENCE_CARD, lambda e, s: e.complete_step(StepId.REFERENCE_CARD, s)),
        ):
            change = ours(act, e, s)
            if isinstance(change, OURS):
                continue
            e = store.apply(change)
            expected = change.enrollment.steps[step].reason
            assert expected in (s, s.strip()), where
            assert store.get_enrollment(e.id).steps[step].reason == expected, where
            assert store.step_events(e.id)[-1]["reason"] == expected, where
        closing = ours(e.decline, DeclineReason.OTHER, s, True, s) if n % 2 else ours(e.abandon, s)
        if not isinstance(closing, OURS):
            e = store.apply(closing)
            back = store.get_enrollment(e.id)
            if n % 2:
                assert back.decline_text == (s.strip() or None), where
            else:
                assert store.step_events(e.id)[-1]["reason"] == s, where
        ours(enrolled.resend_invitation, s)  # the actor reaches the store as the audit actor:

        # -- store entry points taking text directly (audit: actor, action, subject, detail)
        if not isinstance(ours(store.audit, s, s, s, s), OURS):
            row = store.audit_log(1)[0]
            assert (row["actor"], row["action"], row["subject_id"], row["detail"]) == (s,) * 4
        if not isinstance(ours(store.update_follow_up, enrolled.id, "closed", "staff-1", s), OURS):
            assert store.db["follow_ups"].get(enrolled.id)["closed_reason"] == s, where
        ours(store.update_follow_up, s, "called", "staff-1")
        if not isinstance(ours(store.set_portal_status, enrolled.id, s, s), OURS):
            status = store.portal_status(enrolled.id)
            assert (status["status"], status["last_login_at"]) == (s, s), where
        ours(store.discard_dead, 1, s, s)
        ours(store.retry_dead, 1, s)
        for lookup in (
            store.get_enrollment,
            store.step_events,
            store.outbox_item,
            store.outbox_items,
            store.portal_status,
        ):
            ours(lookup, s)
        ours(lambda s: list(store.enrollments_between(s, s)), s)

        # -- staff directory
        member = ours(staff.create, s, "1357", grant=grant)
        if not isinstance(member, OURS):
            assert staff.get(member.id).display_name == " ".join(s.split()), where
        ours(staff.verify, s, s)
        ours(staff.verify, admin.id, s)
        ours(staff.get, s)
        ours(staff_module.check_pin_format, s)

    assert len(texts) >= COUNT
    assert ours.accepted and ours.refused  # both paths were exercised
    assert any(len(t) >= 100_000 for t in texts)
    # The last staff check left the admin locked out: a wrong PIN (even a surrogate) counts.
    assert store.integrity_ok()
