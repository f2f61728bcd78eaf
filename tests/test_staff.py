"""Staff directory: scrypt PINs, lockout after five wrong PINs, admin rules, first run."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.enrollment import utcnow
from kiosk.staff import (
    ADMIN_GRANT_SECONDS,
    LOCK_SECONDS,
    MAX_FAILED_ATTEMPTS,
    AdminGrant,
    Lockouts,
    PinHasher,
    StaffDirectory,
    StaffError,
    check_pin_format,
)
from tests.wizard_support import ADMIN_PIN, Receptionist, make_kiosk, unlock_admin


def test_pin_hash_is_salted_scrypt_and_verifies(cheap_pin_hashing):
    hasher = cheap_pin_hashing
    first, second = hasher.hash("1234"), hasher.hash("1234")
    assert first.startswith(f"scrypt${hasher.n}${hasher.r}${hasher.p}$")
    assert len(first.split("$")) == 6
    assert first != second  # salted
    assert hasher.matches("1234", first) and not hasher.matches("1235", first)
    assert not hasher.matches("1234", "garbage")
    assert not hasher.matches("1234", "md5$x$y$z$a$b")
    assert not hasher.matches("1234", "scrypt$99999999$8$1$AAAA$AAAA")  # absurd cost: refused


def test_the_shipped_pin_hasher_is_the_production_one():
    """Tests hash cheaply (conftest); the program as shipped must use the >= 250 ms
    parameters kiosk/scripts/bench_pin.py measures. Checked in a fresh interpreter, where
    no test fixture has touched anything."""
    code = (
        "from kiosk.staff import StaffDirectory, PinHasher, PRODUCTION_PIN_HASHER as P;"
        "h = StaffDirectory.default_hasher;"
        "print(h is P, h == PinHasher(), h.n, h.r, h.p)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "True", str(2**16), "8", "2"]


def test_an_old_cheaper_hash_still_verifies_and_is_upgraded_at_sign_in(store, cheap_pin_hashing):
    old = PinHasher(n=2**4, r=8, p=1)  # stands for the 40 ms N=2^14 hashes of version 1
    staff = StaffDirectory(store)
    member = staff.create("Ana", ADMIN_PIN)
    store.conn.execute("UPDATE staff SET pin_hash=? WHERE id=?", (old.hash(ADMIN_PIN), member.id))
    store.conn.commit()
    assert not staff.verify(member.id, "999999").ok  # a wrong PIN upgrades nothing
    assert store.db["staff"].get(member.id)["pin_hash"].startswith("scrypt$16$")
    assert staff.verify(member.id, ADMIN_PIN).ok
    upgraded = store.db["staff"].get(member.id)["pin_hash"]
    assert not cheap_pin_hashing.needs_upgrade(upgraded)
    assert staff.verify(member.id, ADMIN_PIN).ok
    assert store.audit_log(1)[0]["detail"] is None  # upgraded once, not at every sign-in


@given(st.text(max_size=10))
def test_pin_format_accepts_only_4_to_6_digits_and_6_for_admins(text):
    ok = check_pin_format(text) is None
    assert ok == (text.isascii() and text.isdigit() and 4 <= len(text) <= 6)
    admin_ok = check_pin_format(text, admin=True) is None
    assert admin_ok == (text.isascii() and text.isdigit() and len(text) == 6)


def test_first_staff_member_is_admin_and_others_need_an_admin(store):
    staff = StaffDirectory(store)
    assert staff.is_empty()
    with pytest.raises(StaffError, match="6 digits"):
        staff.create("ana ruiz", "2468")  # the first one is the administrator
    admin = staff.create("ana ruiz", ADMIN_PIN)
    assert admin.is_admin and admin.display_name == "ana ruiz"
    with pytest.raises(StaffError):
        staff.create("Ben Cole", "1357")  # no grant: only an admin may add staff
    grant = staff.step_up(admin.id, ADMIN_PIN).grant
    ben = staff.create("Ben Cole", "1357", grant=grant)
    assert not ben.is_admin
    with pytest.raises(StaffError):
        staff.create("BEN COLE", "1111", grant=grant)  # duplicate name
    with pytest.raises(StaffError):
        staff.set_admin(admin.id, False, grant)  # the last admin stays
    with pytest.raises(StaffError):
        staff.create("Cy", "12", grant=grant)
    with pytest.raises(StaffError, match="6 digits"):
        staff.create("Cy", "1234", is_admin=True, grant=grant)
    with pytest.raises(StaffError) as refused:
        staff.set_admin(ben.id, True, grant, new_pin="1357")
    assert str(refused.value) == (
        "A new administrator needs a new PIN. An administrator's PIN has 6 digits."
    )
    # Staff read the rule in the screen's language, the reason inside the sentence too.
    from kiosk.ui.i18n import Catalogue
    from kiosk.ui.language import locales_dir

    assert Catalogue(locales_dir()).text("es", refused.value.args[0]) == (
        "Un administrador nuevo necesita un PIN nuevo. El PIN de un administrador tiene 6 dígitos."
    )
    row = store.db["staff"].get(admin.id)
    assert ADMIN_PIN not in row["pin_hash"]
    assert [m.display_name for m in staff.members()] == ["ana ruiz", "Ben Cole"]


def test_the_staff_api_refuses_a_non_admin_granting_admin(store):
    """Roles live in kiosk.staff: a receptionist cannot make themselves (or anyone) an
    administrator, whatever a screen does, and a grant cannot be forged or reused late."""
    staff = StaffDirectory(store)
    admin = staff.create("Ana", ADMIN_PIN)
    grant = staff.step_up(admin.id, ADMIN_PIN).grant
    ben = staff.create("Ben", "1357", grant=grant)
    # Ben knows his own PIN, but step-up is for administrators only.
    with pytest.raises(StaffError, match="Only an administrator"):
        staff.step_up(ben.id, "1357")
    # No grant, a grant naming Ben, a forged token: all refused, nothing changes.
    forged = AdminGrant(ben.id, grant.issued_at, grant.token)
    made_up = AdminGrant(admin.id, grant.issued_at, "0" * 64)
    for attempt in (None, ben.id, forged, made_up):
        with pytest.raises(StaffError, match="administrator's PIN"):
            staff.set_admin(ben.id, True, attempt, new_pin="135790")
        with pytest.raises(StaffError, match="administrator's PIN"):
            staff.create("Mallory", "135790", is_admin=True, grant=attempt)
        with pytest.raises(StaffError, match="administrator's PIN"):
            staff.set_pin(admin.id, "000000", attempt)
        with pytest.raises(StaffError, match="administrator's PIN"):
            staff.deactivate(admin.id, attempt)
    assert not staff.get(ben.id).is_admin and len(staff.members()) == 2
    # A grant is for one visit: it expires.
    late = utcnow() + timedelta(seconds=ADMIN_GRANT_SECONDS + 1)
    with pytest.raises(StaffError, match="expired"):
        staff.authorize(grant, now=late)
    # Promoting needs a 6-digit PIN set at the same time; the audit names the admin who
    # typed their PIN.
    with pytest.raises(StaffError, match="6 digits"):
        staff.set_admin(ben.id, True, grant)
    staff.set_admin(ben.id, True, grant, new_pin="135790")
    assert staff.get(ben.id).is_admin and staff.verify(ben.id, "135790").ok
    promoted = next(r for r in store.audit_log() if r["action"] == "staff.admin")
    assert promoted["actor"] == admin.id and promoted["subject_id"] == ben.id
    # An administrator demoted meanwhile cannot use the grant they had.
    ben_grant = staff.step_up(ben.id, "135790").grant
    staff.set_admin(ben.id, False, grant)
    with pytest.raises(StaffError, match="administrator's PIN"):
        staff.create("Cy", "1234", grant=ben_grant)


class SteppedMonotonic:
    """A monotonic clock the test advances by hand (the lock is timed on it, not the wall)."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def test_five_wrong_pins_lock_for_a_minute(store):
    mono = SteppedMonotonic()
    staff = StaffDirectory(store, lockouts=Lockouts(mono))
    member = staff.create("Ana", "246802")
    now = utcnow()
    for attempt in range(1, MAX_FAILED_ATTEMPTS):
        check = staff.verify(member.id, "0000", now=now)
        assert not check.ok and check.attempts_left == MAX_FAILED_ATTEMPTS - attempt
    locked = staff.verify(member.id, "0000", now=now)
    assert not locked.ok and locked.locked_until
    # Even the right PIN is refused while locked, whatever the wall clock says.
    mono.value += 30
    assert not staff.verify(member.id, "246802", now=now + timedelta(days=1)).ok
    assert not staff.verify(member.id, "246802", now=now - timedelta(days=1)).ok
    mono.value += LOCK_SECONDS - 30 + 1
    assert staff.verify(member.id, "246802", now=now - timedelta(days=1)).ok
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
            for digit in ADMIN_PIN:
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
        locked = r.page()
        assert locked.modes.currentIndex() == 3 and not locked.add_button.isVisible()
        unlock_admin(r, admin)
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
            created = next(r for r in store.audit_log() if r["action"] == "staff.created")
        assert names == ["Ana Ruiz", "Ben Cole"]
        assert created["actor"] == admin.id
    finally:
        kiosk.shutdown()


def test_a_lock_from_another_process_is_trusted_for_at_most_one_lock_length(store):
    """A new process sees only the stored wall time: a clock moved back a day must not turn
    a one-minute lock into a day-long one."""
    mono = SteppedMonotonic()
    first = StaffDirectory(store, lockouts=Lockouts(mono))
    member = first.create("Ana", "246802")
    now = utcnow()
    for _ in range(MAX_FAILED_ATTEMPTS):
        first.verify(member.id, "0000", now=now)
    restarted = StaffDirectory(store, lockouts=Lockouts(mono))
    check = restarted.verify(member.id, "246802", now=now - timedelta(days=1))
    assert not check.ok and check.locked_until  # still locked ...
    mono.value += LOCK_SECONDS + 1  # ... for one lock length of monotonic time, not a day
    assert restarted.verify(member.id, "246802", now=now - timedelta(days=1)).ok


def test_an_admin_with_an_old_short_pin_is_asked_for_a_6_digit_one(kiosk_dirs, qtbot):
    """Administrators from before the 6-digit rule still get in, and the admin menu opens
    on "New PIN" for them; the new PIN must have 6 digits."""
    from kiosk.store import Store
    from tests.wizard_support import add_staff, sign_in

    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        admin = add_staff(kiosk_dirs.database)
        with Store(kiosk_dirs.database) as store:
            old = StaffDirectory(store).hasher.hash("2468")
            store.conn.execute("UPDATE staff SET pin_hash=? WHERE id=?", (old, admin.id))
        r = Receptionist(qtbot, kiosk)
        sign_in(r, admin, "2468")
        r.tap("adminButton")
        unlock_admin(r, admin, "2468")
        page = r.page()
        assert page.modes.currentIndex() == 1 and page._editing == admin
        assert "6 digits" in page.message.text()
        for digit in "1357":
            r.tap(f"key_{digit}", page.pin_pad)
        r.tap("key_submit", page.pin_pad)
        r.settle()
        assert "6 digits" in page.message.text() and page.modes.currentIndex() == 1
        for digit in "135790":
            r.tap(f"key_{digit}", page.pin_pad)
        r.tap("key_submit", page.pin_pad)
        r.settle()
        assert page.modes.currentIndex() == 0
        with Store(kiosk_dirs.database) as store:
            assert StaffDirectory(store).verify(admin.id, "135790").ok
    finally:
        kiosk.shutdown()


def test_pin_hashing_never_runs_on_the_gui_thread(kiosk_dirs, qtbot, monkeypatch):
    """Each PIN check costs >= 250 ms in production: sign-in, step-up and adding staff run it
    on the UI's database thread, never on the thread that paints the touch screen."""
    import threading

    from tests.wizard_support import add_staff, sign_in

    threads: list[str] = []

    class RecordingHasher(PinHasher):
        def hash(self, pin: str) -> str:
            threads.append(threading.current_thread().name)
            return super().hash(pin)

        def matches(self, pin: str, stored: str) -> bool:
            threads.append(threading.current_thread().name)
            return super().matches(pin, stored)

    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        admin = add_staff(kiosk_dirs.database)
        monkeypatch.setattr(StaffDirectory, "default_hasher", RecordingHasher(n=2**8, r=8, p=1))
        r = Receptionist(qtbot, kiosk)
        sign_in(r, admin)
        r.tap("adminButton")
        unlock_admin(r, admin)
        r.tap("addStaffButton")
        r.type_on_screen("ben")
        pad = r.page().pin_pad
        for digit in "1357":
            r.tap(f"key_{digit}", pad)
        r.tap("key_submit", pad)
        r.settle()
        qtbot.waitUntil(lambda: len(threads) >= 3, timeout=5_000)
    finally:
        kiosk.shutdown()
    assert threading.main_thread().name not in threads
    assert all(name.startswith("db") for name in threads)
