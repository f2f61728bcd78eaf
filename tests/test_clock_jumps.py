"""Durations are measured on the monotonic clock: a real PIN lockout while the wall clock
jumps a day back and a day forward at random moments still lasts its length.

Real objects and real time: a real store file, the real scrypt PIN check, the real
`time.monotonic`; only the wall clock (what the tablet's date setting says) is moved, from
another thread, the way NTP or a person setting the date by hand would move it.
"""

from __future__ import annotations

import random
import threading
import time
from datetime import datetime, timedelta

from kiosk.enrollment import utcnow
from kiosk.staff import MAX_FAILED_ATTEMPTS, Lockouts, StaffDirectory

LOCK = 3.0  # the 60 s lockout shortened through its parameter; still real seconds


class JumpingWallClock:
    """Real UTC now, offset by -1 day, 0 or +1 day; a thread changes the offset at random."""

    def __init__(self, seed: int) -> None:
        self.offset = timedelta(0)
        self.jumps = 0
        self._random = random.Random(seed)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._jump, daemon=True)

    def __call__(self) -> datetime:
        return utcnow() + self.offset

    def _jump(self) -> None:
        while not self._stop.wait(self._random.uniform(0.05, 0.4)):
            self.offset = timedelta(days=self._random.choice([-1, 0, 1]))
            self.jumps += 1

    def __enter__(self) -> JumpingWallClock:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def test_a_pin_lockout_lasts_its_length_while_the_wall_clock_jumps(store):
    seed = random.randrange(1_000_000)
    with JumpingWallClock(seed) as wall:
        staff = StaffDirectory(store, lockouts=Lockouts(), lock_seconds=LOCK, wall_clock=wall)
        member = staff.create("Ana", "246802")
        for _ in range(MAX_FAILED_ATTEMPTS):
            last = staff.verify(member.id, "000000")
        locked_at = time.monotonic()
        assert last.locked_until, f"seed {seed}"
        refused = 0
        while True:
            check = staff.verify(member.id, "246802")
            elapsed = time.monotonic() - locked_at
            if check.ok:
                break
            refused += 1
            # A day forward must not lift the lock, a day back must not stretch it.
            assert elapsed < LOCK + 5, f"still locked after {elapsed:.1f} s (seed {seed})"
            time.sleep(0.05)
        assert elapsed >= LOCK, f"unlocked after {elapsed:.2f} s of a {LOCK} s lock (seed {seed})"
        assert refused > 0 and wall.jumps > 0
