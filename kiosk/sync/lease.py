"""One delivery process per database: an OS file lock that dies with its holder.

The app's sync thread and `kiosk sync --watch` may both run against one database (README
recommends the service). Only the process holding this lock claims and sends outbox items; the
others stand by and try again at their next tick. Why a lock and not per-item leases with an
expiry: the kernel releases the lock the moment its holder exits, also on kill -9 or a power cut,
so there is no lease length to guess, no renewal thread that can stall mid-request, and no clock
involved at all (a tablet's wall clock jumps; a monotonic clock is not comparable across a
reboot). A starting process can therefore never "take back" items a live process is sending: it
only resets claims to 'queued' after it got the lock, when their sender is provably gone.

The lock file sits next to the database (`<database>.delivery-lock`, SQLite's WAL already needs a
local disk) and holds the holder's process id, for the "another program is delivering" message.
One process holds it once: every engine in the process for the same database shares the holding
(reference counted), so tests and the app can open several engines without locking themselves out.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

_holdings: dict[str, _Holding] = {}
_registry_lock = threading.Lock()


class _Holding:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.refs = 0


def lock_path(database: Path) -> Path:
    return Path(f"{database}.delivery-lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows tablets only
        import msvcrt

        os.lseek(fd, 1 << 20, os.SEEK_SET)  # lock a byte past the pid text, so it stays readable
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class DeliveryLock:
    """This process's claim to deliver one database's outbox. `try_acquire()` never blocks."""

    def __init__(self, database: Path | str) -> None:
        self.path = lock_path(Path(database).resolve())
        self.held = False
        self.newly_acquired = False  # True when this acquire took the OS lock (not a shared ref)

    def try_acquire(self) -> bool:
        if self.held:
            return True
        key = str(self.path)
        with _registry_lock:
            holding = _holdings.get(key)
            self.newly_acquired = False
            if holding is None:
                fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o600)
                if not _try_lock(fd):
                    os.close(fd)
                    return False
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, f"{os.getpid()}\n".encode())
                holding = _holdings[key] = _Holding(fd)
                self.newly_acquired = True
            holding.refs += 1
        self.held = True
        return True

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        key = str(self.path)
        with _registry_lock:
            holding = _holdings.get(key)
            if holding is None:
                return
            holding.refs -= 1
            if holding.refs <= 0:
                del _holdings[key]
                os.close(holding.fd)  # closing the descriptor drops the OS lock

    def holder_pid(self) -> int | None:
        """The process id written by the current holder (None if unknown)."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None
