"""What the kiosk's own records say about today's patients, help sessions and mail domains.

Read on the database thread (TaskRunner.db) from the encrypted store; nothing is copied out
of it except into the screen's memory. Purged enrollments (kiosk/store.py retention) have no
EHR id, email or help-session time left, so they simply stop counting here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kiosk.enrollment import StepId
from kiosk.schedule import PortalStatus, ScheduledVisit, status_from_record, top_domains
from kiosk.store import Store

_CHUNK = 500


def portal_statuses(store: Store, ehr_ids: Iterable[str]) -> dict[str, PortalStatus]:
    """EHR patient id -> the best portal status any of their enrollments here shows."""
    rank = {
        PortalStatus.UNKNOWN: 0,
        PortalStatus.NOT_INVITED: 1,
        PortalStatus.INVITED: 2,
        PortalStatus.ACTIVE: 3,
    }
    ids = sorted({i for i in ehr_ids if i})
    out: dict[str, PortalStatus] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            "SELECT json_extract(e.record, '$.patient.ehr_id'), e.outcome, e.record, p.status "
            "FROM enrollments e LEFT JOIN portal_status p ON p.enrollment_id = e.id "
            f"WHERE json_extract(e.record, '$.patient.ehr_id') IN ({marks})",
            chunk,
        ).fetchall()
        for ehr_id, outcome, record, portal in rows:
            steps: dict[str, Any] = (json.loads(record) or {}).get("steps") or {}

            def done(step: StepId, steps: dict[str, Any] = steps) -> bool:
                return (steps.get(step.value) or {}).get("status") == "done"

            status = status_from_record(
                outcome,
                done(StepId.SEND_INVITATION),
                done(StepId.FIRST_LOGIN) or done(StepId.CONFIRM_ACCESS),
                portal,
            )
            if rank[status] > rank[out.get(ehr_id, PortalStatus.UNKNOWN)]:
                out[ehr_id] = status
    return out


def with_portal_status(store: Store, visits: list[ScheduledVisit]) -> list[ScheduledVisit]:
    from dataclasses import replace

    statuses = portal_statuses(store, (v.patient.ehr_id or "" for v in visits))
    return [
        replace(v, portal=statuses.get(v.patient.ehr_id or "", PortalStatus.UNKNOWN))
        for v in visits
    ]


def practice_domains(store: Store, limit: int = 5) -> list[str]:
    """The mail domains most used by this practice's patients (latest 2,000 addresses)."""
    rows = store.conn.execute(
        "SELECT json_extract(record, '$.email') FROM enrollments "
        "WHERE json_extract(record, '$.email') IS NOT NULL ORDER BY created_at DESC LIMIT 2000"
    ).fetchall()
    return top_domains((r[0] for r in rows), limit)


def help_bookings(store: Store, since_iso: str) -> dict[str, int]:
    """Help-session start (ISO, UTC 'Z') -> bookings recorded here, for sessions from
    `since_iso` on (settings slots: capacity is counted against these)."""
    rows = store.conn.execute(
        "SELECT json_extract(record, '$.help_session_at') AS at, count(*) FROM enrollments "
        "WHERE at IS NOT NULL AND at >= ? GROUP BY at",
        [since_iso],
    ).fetchall()
    return {at: n for at, n in rows}
