"""How long the dashboard takes on a busy kiosk: 100,000 enrollments over 12 months.

    python kiosk/scripts/bench_dashboard.py [--db /tmp/bench-dashboard.sqlite3] [--n 100000]

Seeds the store once (through the domain, like tests/seed.py; kept for the next run), then
times `metrics.compute()` for one month and for the whole year in a fresh process, and prints
seconds, ratios and peak RSS. Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kiosk import metrics  # noqa: E402
from kiosk.enrollment import Channel, DeclineReason  # noqa: E402
from kiosk.store import Store  # noqa: E402

FIRST_DAY = date(2025, 12, 1)
LAST_MONTH = (2026, 11)
# (id, name, how good they are at enrolling)
STAFF = [(f"s{i}", name, skill) for i, (name, skill) in enumerate([
    ("Ana", 0.78), ("Ben", 0.70), ("Carla", 0.66), ("Dev", 0.61),
    ("Eva", 0.57), ("Femi", 0.52), ("Gus", 0.46), ("Hana", 0.40),
], start=1)]  # fmt: skip
REASONS = (
    [DeclineReason.NO_EMAIL] * 30
    + [DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS] * 25
    + [DeclineReason.PRIVACY] * 15
    + [DeclineReason.NO_BENEFIT] * 20
    + [DeclineReason.OTHER] * 10
)


def seed_store(path: Path, n: int) -> None:
    from tests import seed

    rng = random.Random(20261123)
    store = Store(path)
    store.conn.execute("PRAGMA synchronous=OFF")  # seeding speed only; the app keeps FULL
    for staff_id, name, _ in STAFF:
        seed.add_staff(store, staff_id, name)
    days = (date(2026, 12, 1) - FIRST_DAY).days
    started = time.perf_counter()
    for i in range(n):
        day = FIRST_DAY + timedelta(days=int(days * i / n))
        at = datetime(day.year, day.month, day.day, 15, tzinfo=UTC) + timedelta(
            seconds=rng.randrange(9 * 3600)
        )
        staff_id, _, skill = rng.choice(STAFF)
        patient_n = rng.randrange(int(n * 0.8))  # some patients come back
        roll = rng.random()
        if i == n - 1 or roll < 0.01:
            seed.in_progress(store, staff_id, at, patient_n)
        elif roll < 0.09:
            seed.abandoned(
                store, staff_id, at, patient_n, after_invitation=rng.random() < 0.5, bulk=True
            )
        elif rng.random() < skill:
            e = seed.enrolled(
                store,
                staff_id,
                at,
                patient_n,
                channel=Channel.SMS if rng.random() < 0.35 else Channel.EMAIL,
                first_login=rng.random() < 0.55,
                demo=rng.choice(["messaging", "messaging", "scheduling", None]),
                app_install=rng.random() < 0.4,
                card=rng.random() < 0.7,
                bulk=True,
            )
            status = rng.choices(["active", "invited", None], [0.6, 0.25, 0.15])[0]
            if status:
                store.set_portal_status(e.id, status)
        else:
            seed.declined(
                store,
                staff_id,
                at,
                rng.choice(REASONS),
                patient_n,
                remedy_taken=rng.random() < 0.7,
                demo="messaging" if rng.random() < 0.2 else None,
                bulk=True,
            )
        if i and i % 10000 == 0:
            rate = i / (time.perf_counter() - started)
            print(f"  seeded {i:,} ({rate:,.0f}/s)", flush=True)
    # Most of the outbox has been delivered; a few dead letters; the last day still queued.
    with store.transaction():
        store.conn.execute(
            "UPDATE outbox SET state='sent' WHERE created_at < '2026-11-30T00:00:00Z'"
        )
        store.conn.execute("UPDATE outbox SET state='dead' WHERE seq % 997 = 0")
    store.conn.execute("PRAGMA synchronous=FULL")
    store.close()


def measure(path: Path, repeats: int) -> None:
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    month = metrics.Period.month(*LAST_MONTH, UTC)
    year = metrics.Period.custom(FIRST_DAY, date(2026, 11, 30), UTC)
    with Store(path) as store:
        total = store.conn.execute("SELECT count(*) FROM enrollments").fetchone()[0]
        results = {}
        for label, period in (("month", month), ("year", year)):
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                m = metrics.compute(store, period, now=now)
                times.append(time.perf_counter() - t0)
            results[label] = (statistics.median(times), min(times), m)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"store: {total:,} enrollments, {path.stat().st_size / 1e6:.0f} MB")
    for label, (median, best, m) in results.items():
        a = m.adoption
        print(
            f"compute({label:5}): median {median:.3f} s, best {best:.3f} s over {repeats} runs - "
            f"{a.approached:,} approached, {a.enrolled:,} enrolled, rate "
            f"{(a.enrollment_rate or 0):.1%}, {len(m.trend)} trend points"
        )
    month_s, year_s = results["month"][0], results["year"][0]
    print(f"ratio year/month: {year_s / month_s:.1f}x")
    per_k = year_s / max(1, results["year"][2].adoption.approached) * 1000
    print(f"year: {per_k * 1000:.2f} ms per 1,000 enrollments")
    print(f"peak RSS (measuring process): {peak_mb:.0f} MB")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", default="/tmp/bench-dashboard.sqlite3")
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    from kiosk.scripts.dev_key import use_dev_key

    use_dev_key()
    path = Path(args.db)
    if args.measure_only:
        measure(path, args.repeats)
        return 0
    if path.exists():
        with Store(path) as store:
            have = store.conn.execute("SELECT count(*) FROM enrollments").fetchone()[0]
        if have != args.n:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not path.exists():
        print(f"seeding {args.n:,} enrollments into {path} (once; reused next time)")
        t0 = time.perf_counter()
        seed_store(path, args.n)
        print(f"seeded in {time.perf_counter() - t0:.0f} s")
    # A fresh process, so peak RSS is the dashboard's and not the seeding's.
    cmd = [sys.executable, __file__, "--db", str(path), "--repeats", str(args.repeats)]
    return subprocess.call([*cmd, "--measure-only"])


if __name__ == "__main__":
    raise SystemExit(main())
