"""Staff directory: scrypt PINs, lockout after five wrong PINs, admin rules, first run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.enrollment import utcnow
from kiosk.staff import (
    LOCK_SECONDS,
    MAX_FAILED_ATTEMPTS,
    Lockouts,
    StaffDirectory,
    StaffError,
    check_pin_format,
    hash_pin,
    pin_matches,
)
from tests.wizard_support import Receptionist, make_kiosk


def test_pin_hash_is_salted_scrypt_and_verifies():
    first, second = hash_pin("1234"), hash_pin("1234")
    assert first.startswith("scrypt$16384$8$1$") and len(first.split("$")) == 6
    assert first != second  # salted
    assert pin_matches("1234", first) and not pin_matches("1235", first)
    assert not pin_matches("1234", "garbage") and not pin_matches("1234", "md5$x$y$z$a$b")


@given(st.text(max_size=10))
def test_pin_format_accepts_only_4_to_6_digits(text):
    ok = check_pin_format(text) is None
    assert ok == (text.isascii() and text.isdigit() and 4 <= len(text) <= 6)


def test_first_staff_member_is_admin_and_others_need_an_admin(store):
    staff = StaffDirectory(store)
    assert staff.is_empty()
    admin = staff.create("ana ruiz", "2468")
    assert admin.is_admin and admin.display_name == "ana ruiz"
    with pytest.raises(StaffError):
        staff.create("Ben Cole", "1357")  # no actor: only an admin may add staff
    ben = staff.create("Ben Cole", "1357", actor=admin.id)
    assert not ben.is_admin
    with pytest.raises(StaffError):
        staff.create("BEN COLE", "1111", actor=admin.id)  # duplicate name
    with pytest.raises(StaffError):
        staff.set_admin(admin.id, False, admin.id)  # the last admin stays
    with pytest.raises(StaffError):
        staff.create("Cy", "12", actor=admin.id)
    row = store.db["staff"].get(admin.id)
    assert "2468" not in row["pin_hash"]
    assert [m.display_name for m in staff.members()] == ["ana ruiz", "Ben Cole"]


class SteppedMonotonic:
    """A monotonic clock the test advances by hand (the lock is timed on it, not the wall)."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def test_five_wrong_pins_lock_for_a_minute(store):
    mono = SteppedMonotonic()
    staff = StaffDirectory(store, lockouts=Lockouts(mono))
    member = staff.create("Ana", "2468")
    now = utcnow()
    for attempt in range(1, MAX_FAILED_ATTEMPTS):
        check = staff.verify(member.id, "0000", now=now)
        assert not check.ok and check.attempts_left == MAX_FAILED_ATTEMPTS - attempt
    locked = staff.verify(member.id, "0000", now=now)
    assert not locked.ok and locked.locked_until
    # Even the right PIN is refused while locked, whatever the wall clock says.
    mono.value += 30
    assert not staff.verify(member.id, "2468", now=now + timedelta(days=1)).ok
    assert not staff.verify(member.id, "2468", now=now - timedelta(days=1)).ok
    mono.value += LOCK_SECONDS - 30 + 1
    assert staff.verify(member.id, "2468", now=now - timedelta(days=1)).ok
    actions = [row["action"] for row in store.audit_log()]
    assert "staff.locked" in actions and "staff.signed-in" in actions


def test_first_run_creates_admin_on_screen_then_signs_in(kiosk_dirs, qtbot):
    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        r = Receptionist(qtbot, kiosk)
        r.settle()
        page = r.page()
        assert page.objectName() == "signInPage" and page.modes.currentIndex() == 1
        r.type_on_screen("ana")
        r.tap("key_space")
        r.type_on_screen("ruiz")
        for _ in range(2):  # choose, then confirm
            for digit in "2468":
                r.tap(f"key_{digit}", page.pin_pad)
            r.tap("key_submit", page.pin_pad)
        r.wait_page("startScreen")
        assert kiosk.window.status.staff.text().endswith("Ana Ruiz")
        assert r.find("adminButton").isVisible()
        # Sign out, then a wrong PIN says how many tries are left.
        r.tap("signOutButton")
        r.wait_page("signInPage")
        r.settle()
        for digit in "1111":
            r.tap(f"key_{digit}")
        r.tap("key_submit")
        r.settle()
        qtbot.waitUntil(lambda: "4" in r.page().message.text(), timeout=5000)
        assert r.page().objectName() == "signInPage"
    finally:
        kiosk.shutdown()


def test_admin_adds_staff_member_on_screen(kiosk_dirs, qtbot):
    from tests.wizard_support import add_staff, sign_in

    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        admin = add_staff(kiosk_dirs.database)
        r = Receptionist(qtbot, kiosk)
        sign_in(r, admin)
        r.tap("adminButton")
        r.wait_page("adminPage")
        r.settle()
        r.tap("addStaffButton")
        r.type_on_screen("ben")
        r.tap("key_space")
        r.type_on_screen("cole")
        pad = r.page().pin_pad
        for digit in "1357":
            r.tap(f"key_{digit}", pad)
        r.tap("key_submit", pad)
        r.settle()
        from kiosk.store import Store

        with Store(kiosk_dirs.database) as store:
            names = [m.display_name for m in StaffDirectory(store).members()]
        assert names == ["Ana Ruiz", "Ben Cole"]
    finally:
        kiosk.shutdown()


def test_a_lock_from_another_process_is_trusted_for_at_most_one_lock_length(store):
    """A new process sees only the stored wall time: a clock moved back a day must not turn
    a one-minute lock into a day-long one."""
    mono = SteppedMonotonic()
    first = StaffDirectory(store, lockouts=Lockouts(mono))
    member = first.create("Ana", "2468")
    now = utcnow()
    for _ in range(MAX_FAILED_ATTEMPTS):
        first.verify(member.id, "0000", now=now)
    restarted = StaffDirectory(store, lockouts=Lockouts(mono))
    check = restarted.verify(member.id, "2468", now=now - timedelta(days=1))
    assert not check.ok and check.locked_until  # still locked ...
    mono.value += LOCK_SECONDS + 1  # ... for one lock length of monotonic time, not a day
    assert restarted.verify(member.id, "2468", now=now - timedelta(days=1)).ok
