"""Who may use the kiosk: the staff directory over the store's `staff` table.

Pure Python (no Qt). PINs are short, so they are stored only as salted scrypt hashes
("scrypt$n$r$p$salt_b64$hash_b64") and guessing is slowed twice: scrypt costs at least 250 ms
per try (PinHasher), and five wrong PINs lock that person for a minute. Roles are enforced HERE,
not in widgets: every admin-only action takes an AdminGrant, which only `step_up` (an
administrator's PIN, typed now) issues. Messages are for staff and never contain a PIN.

The minute is measured on the monotonic clock (`Lockouts`): a tablet clock corrected by NTP,
changed for DST or set by hand neither lifts a lock early nor makes it last a day. The wall
time stored in `staff.locked_until` is the record (and tells another process about the lock,
trusted for at most one lock length). An admin grant's lifetime is monotonic too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kiosk.enrollment import iso, parse_iso, utcnow
from kiosk.messages import QT_TRANSLATE_NOOP
from kiosk.store import Store
from kiosk.validation import text_problem

MAX_FAILED_ATTEMPTS = 5
LOCK_SECONDS = 60
ADMIN_PIN_DIGITS = 6
# An admin grant lives for one visit to the admin menu; the UI drops it on leaving, and this
# bounds it even if a screen forgets to (a tablet left on the admin menu is wiped by idle).
ADMIN_GRANT_SECONDS = 15 * 60
_PIN_RE = re.compile(r"^\d{4,6}$")
_ADMIN_PIN_RE = re.compile(r"^\d{6}$")
# Grants are signed with a key that exists only in this process: a grant cannot be forged from
# outside, and none survives a restart.
_GRANT_KEY = secrets.token_bytes(32)
_REVOKED_GRANTS: set[str] = set()  # tokens of visits that ended (see revoke_grant)


class StaffError(Exception):
    """A staff-directory action that cannot be done; the message is for staff."""


@dataclass(frozen=True)
class PinHasher:
    """scrypt with a cost chosen to take >= 250 ms per guess on the kiosk's hardware
    (kiosk/scripts/bench_pin.py measures it). Hashes are self-describing
    ("scrypt$n$r$p$salt_b64$hash_b64"): a hash made with other parameters (the 40 ms N=2^14 of
    earlier versions) still verifies, and `needs_upgrade` says to rehash it at the next
    successful sign-in. The defaults ARE the production parameters; tests pass a cheap hasher.
    Memory: 128 * r * n bytes = 64 MiB at the defaults (p runs its lanes one after another)."""

    n: int = 2**16
    r: int = 8
    p: int = 2

    def hash(self, pin: str) -> str:
        salt = secrets.token_bytes(16)
        digest = _scrypt(pin, salt, self.n, self.r, self.p, 32)
        return "$".join(
            (
                "scrypt",
                str(self.n),
                str(self.r),
                str(self.p),
                base64.b64encode(salt).decode(),
                base64.b64encode(digest).decode(),
            )
        )

    def matches(self, pin: str, stored: str) -> bool:
        try:
            scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
            if scheme != "scrypt":
                return False
            salt, expected = base64.b64decode(salt_b64), base64.b64decode(hash_b64)
            digest = _scrypt(pin, salt, int(n), int(r), int(p), len(expected))
        except (ValueError, TypeError):
            return False
        return hmac.compare_digest(digest, expected)

    def needs_upgrade(self, stored: str) -> bool:
        return not stored.startswith(f"scrypt${self.n}${self.r}${self.p}$")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    if not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
        raise ValueError("scrypt parameters out of range")
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=132 * r * n + 2**20
    )


PRODUCTION_PIN_HASHER = PinHasher()


@dataclass(frozen=True)
class StaffMember:
    id: str
    display_name: str
    is_admin: bool
    active: bool = True


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    member: StaffMember | None = None
    locked_until: str | None = None  # ISO time when a lock ends
    attempts_left: int = MAX_FAILED_ATTEMPTS
    grant: AdminGrant | None = None  # set by StaffDirectory.step_up only
    new_pin_needed: bool = False  # an administrator still on a 4-5 digit PIN from before


@dataclass(frozen=True)
class AdminGrant:
    """Proof that an administrator typed their PIN just now (step-up). Only
    `StaffDirectory.step_up` makes a valid one; every admin-only action checks it, so a
    widget cannot skip the PIN and a non-admin cannot act as one."""

    staff_id: str
    issued_at: str
    token: str


def _grant_token(staff_id: str, issued_at: str) -> str:
    return hmac.new(_GRANT_KEY, f"{staff_id}|{issued_at}".encode(), "sha256").hexdigest()


def revoke_grant(grant: AdminGrant | None) -> None:
    """End an admin visit: the grant is refused from now on (leaving the admin menu, idle
    wipe, sign-out). In memory only: grants never outlive the process anyway."""
    if grant is not None:
        _REVOKED_GRANTS.add(grant.token)


def check_pin_format(pin: str, admin: bool = False) -> str | None:
    """None when the PIN is acceptable, else why not. Administrators need 6 digits."""
    if admin:
        if not _ADMIN_PIN_RE.match(pin or ""):
            return QT_TRANSLATE_NOOP("Staff", "An administrator's PIN has {digits} digits.").format(
                digits=ADMIN_PIN_DIGITS
            )
        return None
    if not _PIN_RE.match(pin or ""):
        return QT_TRANSLATE_NOOP("Staff", "A PIN has 4 to 6 digits.")
    return None


class Lockouts:
    """PIN lock deadlines on the monotonic clock, shared by every directory in this process
    (the sign-in page builds a `StaffDirectory` per check, on a worker thread)."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self._deadlines: dict[tuple[str, str], float] = {}
        self._mutex = threading.Lock()

    def start(self, key: tuple[str, str], seconds: float) -> None:
        with self._mutex:
            self._deadlines[key] = self.monotonic() + seconds

    def remaining(self, key: tuple[str, str]) -> float | None:
        """Seconds of lock left (0.0 once over), or None when this process never saw one."""
        with self._mutex:
            deadline = self._deadlines.get(key)
            return None if deadline is None else max(0.0, deadline - self.monotonic())

    def clear(self, key: tuple[str, str]) -> None:
        with self._mutex:
            self._deadlines.pop(key, None)


PROCESS_LOCKOUTS = Lockouts()


class StaffDirectory:
    """Staff members, their PINs, lockouts and roles. Use on the thread that owns `store`;
    PIN checks take >= 250 ms, so never on the GUI thread (the UI runs them on its DB thread)."""

    default_hasher: PinHasher = PRODUCTION_PIN_HASHER

    def __init__(
        self,
        store: Store,
        hasher: PinHasher | None = None,
        *,
        lockouts: Lockouts = PROCESS_LOCKOUTS,
        lock_seconds: float = LOCK_SECONDS,
        wall_clock: Callable[[], datetime] = utcnow,
    ) -> None:
        """`lockouts`, `lock_seconds` and `wall_clock` are injectable so tests can shorten the
        lock and move the wall clock while the monotonic clock runs for real."""
        self.store = store
        self.hasher = hasher or type(self).default_hasher
        self.lockouts = lockouts
        self.lock_seconds = lock_seconds
        self.wall_clock = wall_clock

    def is_empty(self) -> bool:
        return self.store.db.table("staff").count == 0

    def members(self) -> list[StaffMember]:
        rows = self.store.db.query(
            "SELECT id, display_name, is_admin, active FROM staff WHERE active=1 "
            "ORDER BY display_name COLLATE NOCASE"
        )
        return [_member(r) for r in rows]

    def get(self, staff_id: str) -> StaffMember | None:
        if text_problem(staff_id, max_length=100):  # never saved, so never found
            return None
        rows = list(
            self.store.db.query(
                "SELECT id, display_name, is_admin, active FROM staff WHERE id=?", [staff_id]
            )
        )
        return _member(rows[0]) if rows else None

    # ---- admin-only actions: each needs a fresh AdminGrant -------------------------------
    def create(
        self,
        display_name: str,
        pin: str,
        is_admin: bool = False,
        grant: AdminGrant | None = None,
    ) -> StaffMember:
        """Add a staff member. The very first one is the administrator and needs no grant
        (first run); everyone after needs an administrator's grant."""
        if problem := text_problem(display_name, "name"):
            raise StaffError(problem)
        name = " ".join((display_name or "").split())
        if not name:
            raise StaffError(QT_TRANSLATE_NOOP("Staff", "Enter the staff member's name."))
        if len(name) > 60:
            raise StaffError(
                QT_TRANSLATE_NOOP("Staff", "That name is too long (60 characters at most).")
            )
        first = self.is_empty()
        actor = None if first else self.authorize(grant).id
        admin = bool(is_admin or first)
        problem = check_pin_format(pin, admin=admin)
        if problem:
            raise StaffError(problem)
        taken = self.store.conn.execute(
            "SELECT 1 FROM staff WHERE active=1 AND display_name=? COLLATE NOCASE", (name,)
        ).fetchone()
        if taken:
            raise StaffError(
                QT_TRANSLATE_NOOP("Staff", "Someone with that name is already on the staff list.")
            )
        member = StaffMember(str(uuid.uuid4()), name, admin)
        pin_hash = self.hasher.hash(pin)  # slow: before the write lock is taken
        stamp = iso(utcnow())
        with self.store.transaction() as db:
            db.table("staff").insert(
                {
                    "id": member.id,
                    "display_name": member.display_name,
                    "pin_hash": pin_hash,
                    "is_admin": int(member.is_admin),
                    "active": 1,
                    "failed_attempts": 0,
                    "locked_until": None,
                    "created_at": stamp,
                }
            )
            self.store._audit(
                actor or member.id,
                "staff.created-admin" if admin else "staff.created",
                member.id,
                None,
                stamp,
            )
        return member

    def set_pin(self, staff_id: str, pin: str, grant: AdminGrant | None) -> None:
        actor = self.authorize(grant).id
        member = self._require(staff_id)
        problem = check_pin_format(pin, admin=member.is_admin)
        if problem:
            raise StaffError(problem)
        pin_hash = self.hasher.hash(pin)
        stamp = iso(utcnow())
        with self.store.transaction() as db:
            db.table("staff").update(
                staff_id, {"pin_hash": pin_hash, "failed_attempts": 0, "locked_until": None}
            )
            self.store._audit(actor, "staff.pin-set", staff_id, None, stamp)

    def set_admin(
        self,
        staff_id: str,
        is_admin: bool,
        grant: AdminGrant | None,
        new_pin: str | None = None,
    ) -> None:
        """Grant or take away admin rights. Granting sets a new 6-digit PIN at the same time:
        the old PIN may be a 4-digit receptionist PIN."""
        actor = self.authorize(grant).id
        self._require(staff_id)
        if not is_admin and self._admin_count(excluding=staff_id) == 0:
            raise StaffError(
                QT_TRANSLATE_NOOP("Staff", "The kiosk needs at least one administrator.")
            )
        changes: dict[str, object] = {"is_admin": int(is_admin)}
        if is_admin:
            problem = check_pin_format(new_pin or "", admin=True)
            if problem:
                raise StaffError(
                    QT_TRANSLATE_NOOP(
                        "Staff", "A new administrator needs a new PIN. {problem}"
                    ).format(problem=problem)
                )
            changes.update(
                pin_hash=self.hasher.hash(new_pin or ""), failed_attempts=0, locked_until=None
            )
        stamp = iso(utcnow())
        with self.store.transaction() as db:
            db.table("staff").update(staff_id, changes)
            self.store._audit(
                actor, "staff.admin" if is_admin else "staff.not-admin", staff_id, None, stamp
            )

    def deactivate(self, staff_id: str, grant: AdminGrant | None) -> None:
        actor = self.authorize(grant).id
        member = self._require(staff_id)
        if member.is_admin and self._admin_count(excluding=staff_id) == 0:
            raise StaffError(
                QT_TRANSLATE_NOOP("Staff", "The kiosk needs at least one administrator.")
            )
        stamp = iso(utcnow())
        with self.store.transaction() as db:
            db.table("staff").update(staff_id, {"active": 0})
            self.store._audit(actor, "staff.removed", staff_id, None, stamp)

    # ---- PINs -----------------------------------------------------------------------------
    def step_up(self, staff_id: str, pin: str, now: datetime | None = None) -> PinCheck:
        """An administrator types their PIN again to open the admin menu. On success the
        check carries an AdminGrant, valid for one admin visit (ADMIN_GRANT_SECONDS at most).
        A non-administrator is refused before any PIN is tried."""
        member = self._require(staff_id)
        if not member.is_admin:
            raise StaffError(
                QT_TRANSLATE_NOOP("Staff", "Only an administrator can open the admin menu.")
            )
        moment = now or utcnow()
        check = self.verify(staff_id, pin, moment, action="staff.admin-unlocked")
        if not check.ok or check.member is None or not check.member.is_admin:
            return check
        issued = iso(moment)
        grant = AdminGrant(staff_id, issued, _grant_token(staff_id, issued))
        short = check_pin_format(pin, admin=True) is not None
        return PinCheck(True, check.member, None, check.attempts_left, grant, short)

    def authorize(self, grant: AdminGrant | None, now: datetime | None = None) -> StaffMember:
        """The administrator behind a valid, fresh grant; StaffError for anything else."""
        refused = StaffError(QT_TRANSLATE_NOOP("Staff", "This needs an administrator's PIN."))
        if not isinstance(grant, AdminGrant):
            raise refused
        expected = _grant_token(grant.staff_id, grant.issued_at)
        if not hmac.compare_digest(expected, str(grant.token)):
            raise refused
        if grant.token in _REVOKED_GRANTS:
            raise StaffError(
                QT_TRANSLATE_NOOP(
                    "Staff", "The admin menu was closed. Type the administrator's PIN again."
                )
            )
        try:
            age = ((now or utcnow()) - parse_iso(grant.issued_at)).total_seconds()
        except (TypeError, ValueError):
            raise refused from None
        if not -5 <= age <= ADMIN_GRANT_SECONDS:
            raise StaffError(
                QT_TRANSLATE_NOOP("Staff", "The administrator's PIN has expired. Type it again.")
            )
        member = self.get(grant.staff_id)
        if member is None or not member.active or not member.is_admin:
            raise refused
        return member

    def verify(
        self,
        staff_id: str,
        pin: str,
        now: datetime | None = None,
        action: str = "staff.signed-in",
    ) -> PinCheck:
        """Check a PIN; count failures; lock after MAX_FAILED_ATTEMPTS for LOCK_SECONDS. A
        hash made with older (cheaper) parameters is re-made with the current ones. The lock
        is timed on the monotonic clock; `now` is the wall time for the records only."""
        moment = now or self.wall_clock()
        if text_problem(staff_id, max_length=100):
            raise StaffError(QT_TRANSLATE_NOOP("Staff", "That staff member is not on the list."))
        row = self.store.conn.execute(
            "SELECT pin_hash, failed_attempts, locked_until, active FROM staff WHERE id=?",
            (staff_id,),
        ).fetchone()
        if row is None or not row[3]:
            raise StaffError(QT_TRANSLATE_NOOP("Staff", "That staff member is not on the list."))
        pin_hash, failed, locked_until = row[0], row[1] or 0, row[2]
        key = (str(self.store.path), staff_id)
        left = self.lockouts.remaining(key)
        if left is None and locked_until:
            # Locked by another process (or before a restart): the stored wall time is all we
            # have; trust it for at most one lock length, then time it here on the monotonic
            # clock.
            wall_left = (parse_iso(locked_until) - moment).total_seconds()
            if wall_left > 0:
                left = min(wall_left, self.lock_seconds)
                self.lockouts.start(key, left)
        if left:
            until = iso(moment + timedelta(seconds=math.ceil(left)))
            return PinCheck(False, None, until, 0)
        if locked_until:  # the lock has expired: a fresh set of tries
            failed = 0
        stamp = iso(moment)
        if self.hasher.matches(pin, pin_hash):
            changes: dict[str, object] = {"failed_attempts": 0, "locked_until": None}
            upgraded = self.hasher.needs_upgrade(pin_hash)
            if upgraded:
                changes["pin_hash"] = self.hasher.hash(pin)
            with self.store.transaction() as db:
                db.table("staff").update(staff_id, changes)
                detail = "pin hash upgraded" if upgraded else None
                self.store._audit(staff_id, action, staff_id, detail, stamp)
            self.lockouts.clear(key)
            return PinCheck(True, self.get(staff_id), None, MAX_FAILED_ATTEMPTS)
        failed += 1
        lock = (
            iso(moment + timedelta(seconds=self.lock_seconds))
            if failed >= MAX_FAILED_ATTEMPTS
            else None
        )
        if lock:
            self.lockouts.start(key, self.lock_seconds)
        with self.store.transaction() as db:
            db.table("staff").update(
                staff_id,
                {"failed_attempts": 0 if lock else failed, "locked_until": lock},
            )
            self.store._audit(
                staff_id, "staff.locked" if lock else "staff.wrong-pin", staff_id, None, stamp
            )
        return PinCheck(False, None, lock, 0 if lock else MAX_FAILED_ATTEMPTS - failed)

    def _require(self, staff_id: str) -> StaffMember:
        member = self.get(staff_id)
        if member is None or not member.active:
            raise StaffError(QT_TRANSLATE_NOOP("Staff", "That staff member is not on the list."))
        return member

    def _admin_count(self, excluding: str) -> int:
        count: int = self.store.conn.execute(
            "SELECT count(*) FROM staff WHERE active=1 AND is_admin=1 AND id!=?", (excluding,)
        ).fetchone()[0]
        return count


def _member(row: dict[str, Any]) -> StaffMember:
    return StaffMember(row["id"], row["display_name"], bool(row["is_admin"]), bool(row["active"]))
