"""`kiosk sync`: the outbox engine without a screen, for a service, a timer or cron.

One pass by default; `--watch` keeps going every [kiosk] sync_interval_seconds (at once again
when a pass had a full batch). SIGTERM or Ctrl-C finish the item in hand and stop; an item cut
off by SIGKILL is taken back by the next process to hold the delivery lock (its stable id makes
the repeat harmless). While another process holds that lock, --watch stands by.
Logs counts only. Exit codes (also in docs/fhir-mapping.md):

  0  the pass ran; everything due was delivered, or is waiting for a scheduled retry
  1  dead letters need attention on the Sync issues screen
  3  another process (the app's sync thread or a `kiosk sync --watch`) holds this database's
     delivery lock and is sending its records; nothing was sent by this run
  4  the EHR or portal could not be reached (records stay queued)
  5  the EHR or portal refused the kiosk's credentials (records stay queued; IT must fix)
  2  a settings problem (from the command line layer), or no sync in this build
  In --watch mode the exit code is 0 after a clean stop.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from kiosk.config import Config
from kiosk.messages import Words, english
from kiosk.paths import KioskPaths
from kiosk.store import Store
from kiosk.sync.engine import AUTH_FAILED, OFFLINE, STANDBY, PassResult

log = logging.getLogger(__name__)

EXIT_OK, EXIT_DEAD_LETTERS, EXIT_LEASE_HELD, EXIT_OFFLINE, EXIT_AUTH = 0, 1, 3, 4, 5


def exit_code(result: PassResult) -> int:
    if result.state == STANDBY:
        return EXIT_LEASE_HELD
    if result.state == AUTH_FAILED:
        return EXIT_AUTH
    if result.state == OFFLINE:
        return EXIT_OFFLINE
    if result.counts.get("dead", 0):
        return EXIT_DEAD_LETTERS
    return EXIT_OK


def run_sync(paths: KioskPaths, config: Config, watch: bool = False, words: Words = english) -> int:
    """`kiosk sync`: `words` is the catalogue kiosk/cli.py passes (texts in the patient's
    language)."""
    from kiosk.sync.wiring import build_engine

    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        log.info("sync: signal %d, stopping after the current item", signum)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        with Store(paths.database) as store:
            engine = build_engine(store, config, words=words)
            engine.stop = stop
            try:
                result = engine.run_pass()
                _print(result)
                while watch and not stop.is_set():
                    full = result.sent + result.dead >= engine.batch_size
                    if not (full and result.state == "online"):
                        stop.wait(config.kiosk.sync_interval_seconds)
                    if stop.is_set():
                        break
                    previous_state = result.state
                    result = engine.run_pass()
                    if not (result.state == STANDBY == previous_state):  # say it once
                        _print(result)
                return EXIT_OK if watch else exit_code(result)
            finally:
                engine.close()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _print(result: PassResult) -> None:
    counts = result.counts
    if result.state == STANDBY:
        print(f"sync: standby - {result.message}; nothing sent by this run", flush=True)
        return
    print(
        f"sync: {result.state}; sent {result.sent}, retry later {result.retried}, "
        f"dead letters {result.dead} new / {counts.get('dead', 0)} total, "
        f"queued {counts.get('queued', 0) + counts.get('sending', 0)}, "
        f"follow-ups raised {result.follow_ups_raised}"
        + (f", patient data removed from {result.purged}" if result.purged else "")
        + (f" - {result.message}" if result.message else ""),
        flush=True,
    )
