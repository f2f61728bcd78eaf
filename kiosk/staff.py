"""Who may use the kiosk: the staff directory over the store's `staff` table.

Pure Python (no Qt). PINs are short, so they are stored only as salted scrypt hashes
("scrypt$n$r$p$salt_b64$hash_b64") and guessing is slowed twice: scrypt costs tens of
milliseconds per try, and five wrong PINs lock that person for a minute. Messages are for staff
and never contain a PIN.

The minute is measured on the monotonic clock (`Lockouts`): a tablet clock corrected by NTP,
changed for DST or set by hand neither lifts a lock early nor makes it last a day. The wall
time stored in `staff.locked_until` is the record (and tells another process about the lock,
trusted for at most one lock length).
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

from kiosk.enrollment import iso, parse_iso, utcnow
from kiosk.store import Store
from kiosk.validation import text_problem

MAX_FAILED_ATTEMPTS = 5
LOCK_SECONDS = 60
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_PIN_RE = re.compile(r"^\d{4,6}$")


class StaffError(Exception):
    """A staff-directory action that cannot be done; the message is for staff."""


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


def check_pin_format(pin: str) -> str | None:
    """None when the PIN is acceptable, else why not."""
    if not _PIN_RE.match(pin or ""):
        return "A PIN has 4 to 6 digits."
    return None


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return "$".join(
        (
            "scrypt",
            str(_SCRYPT_N),
            str(_SCRYPT_R),
            str(_SCRYPT_P),
            base64.b64encode(salt).decode(),
            base64.b64encode(digest).decode(),
        )
    )


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(hash_b64)
        digest = hashlib.scrypt(
            pin.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


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
    """Staff members, their PINs and lockouts. Use on the thread that owns `store`.

    `lockouts`, `lock_seconds` and `wall_clock` are injectable so tests can shorten the lock
    and move the wall clock while the monotonic clock runs for real."""

    def __init__(
        self,
        store: Store,
        *,
        lockouts: Lockouts = PROCESS_LOCKOUTS,
        lock_seconds: float = LOCK_SECONDS,
        wall_clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.lockouts = lockouts
        self.lock_seconds = lock_seconds
        self.wall_clock = wall_clock

    def is_empty(self) -> bool:
        return self.store.db["staff"].count == 0

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

    def create(
        self, display_name: str, pin: str, is_admin: bool = False, actor: str | None = None
    ) -> StaffMember:
        if problem := text_problem(display_name, "name"):
            raise StaffError(problem)
        name = " ".join((display_name or "").split())
        if not name:
            raise StaffError("Enter the staff member's name.")
        if len(name) > 60:
            raise StaffError("That name is too long (60 characters at most).")
        problem = check_pin_format(pin)
        if problem:
            raise StaffError(problem)
        first = self.is_empty()
        if not first and actor is None:
            raise StaffError("Only an administrator can add staff.")
        taken = self.store.conn.execute(
            "SELECT 1 FROM staff WHERE active=1 AND display_name=? COLLATE NOCASE", (name,)
        ).fetchone()
        if taken:
            raise StaffError("Someone with that name is already on the staff list.")
        member = StaffMember(str(uuid.uuid4()), name, bool(is_admin or first))
        stamp = iso(utcnow())
        with self.store.transaction() as db:
            db["staff"].insert(
                {
                    "id": member.id,
                    "display_name": member.display_name,
                    "pin_hash": hash_pin(pin),
                    "is_admin": int(member.is_admin),
                    "active": 1,
                    "failed_attempts": 0,
                    "locked_until": None,
                    "created_at": stamp,
                }
            )
            self.store._audit(actor or member.id, "staff.created", member.id, None, stamp)
        return member

    def set_pin(self, staff_id: str, pin: str, actor: str) -> None:
        problem = check_pin_format(pin)
        if problem:
            raise StaffError(problem)
        self._require(staff_id)
        stamp = iso(utcnow())
        with self.store.transaction() as db:
            db["staff"].update(
                staff_id, {"pin_hash": hash_pin(pin), "failed_attempts": 0, "locked_until": None}
            )
            self.store._audit(actor, "staff.pin-set", staff_id, None, stamp)

    def set_admin(self, staff_id: str, is_admin: bool, actor: str) -> None:
        self._require(staff_id)
        if not is_admin and self._admin_count(excluding=staff_id) == 0:
            raise StaffError("The kiosk needs at least one administrator.")
        stamp = iso(utcnow())
        with self.store.transaction() as db:
            db["staff"].update(staff_id, {"is_admin": int(is_admin)})
            self.store._audit(
                actor, "staff.admin" if is_admin else "staff.not-admin", staff_id, None, stamp
            )

    def deactivate(self, staff_id: str, actor: str) -> None:
        member = self._require(staff_id)
        if member.is_admin and self._admin_count(excluding=staff_id) == 0:
            raise StaffError("The kiosk needs at least one administrator.")
        stamp = iso(utcnow())
        with self.store.transaction() as db:
            db["staff"].update(staff_id, {"active": 0})
            self.store._audit(actor, "staff.removed", staff_id, None, stamp)

    def verify(self, staff_id: str, pin: str, now: datetime | None = None) -> PinCheck:
        """Check a PIN; count failures; lock after MAX_FAILED_ATTEMPTS for `lock_seconds`
        of monotonic time. `now` is the wall time for the records only."""
        moment = now or self.wall_clock()
        if text_problem(staff_id, max_length=100):
            raise StaffError("That staff member is not on the list.")
        row = self.store.conn.execute(
            "SELECT pin_hash, failed_attempts, locked_until, active FROM staff WHERE id=?",
            (staff_id,),
        ).fetchone()
        if row is None or not row[3]:
            raise StaffError("That staff member is not on the list.")
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
        if pin_matches(pin, pin_hash):
            with self.store.transaction() as db:
                db["staff"].update(staff_id, {"failed_attempts": 0, "locked_until": None})
                self.store._audit(staff_id, "staff.signed-in", staff_id, None, stamp)
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
            db["staff"].update(
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
            raise StaffError("That staff member is not on the list.")
        return member

    def _admin_count(self, excluding: str) -> int:
        return self.store.conn.execute(
            "SELECT count(*) FROM staff WHERE active=1 AND is_admin=1 AND id!=?", (excluding,)
        ).fetchone()[0]


def _member(row: dict) -> StaffMember:
    return StaffMember(row["id"], row["display_name"], bool(row["is_admin"]), bool(row["active"]))
