"""Practice-wide figures read back from the EHR, the practice's shared system of record.

Every kiosk of the practice writes its visits to the EHR as a Task coded
`portal-enrollment` (docs/fhir-mapping.md), so searching that code gives every tablet's
enrollments, not only this one's. The EHR also knows the playbook's denominators: the unique
patients seen (an Encounter or a fulfilled Appointment in the look-back window) and all the
appointments of the month. Runs on a worker thread (never the GUI thread); pure over a
FhirClient, so the same code serves the dashboard, `kiosk export` and the benchmark.

What is counted and how (docs/fhir-mapping.md, "Reading the practice's figures back"):
- Tasks: `code=<kiosk>|portal-enrollment`, `authored-on` in the period, `_elements` trimmed to
  identifier, businessStatus, for and authoredOn, 1000 a page. Counted by businessStatus.
- enrolled to date: unique patients of every enrolled Task authored before the period's end.
- patients seen: unique `subject`/`patient` of Encounters (`date`) and fulfilled Appointments
  (`date`, `status=fulfilled`) in the window; paged, only the reference is fetched.
- appointments in the month: `Appointment?date=...&_summary=count` - a count is enough.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from kiosk.practice import (  # noqa: F401 (the cache keys and reader are used from here too)
    CSV_MAPPING_KEY,
    EhrFigures,
    PortalUsage,
    cached_sources,
    ehr_key,
    manual_key,
    months_before,
    usage_key,
)
from kiosk.sync.mapping import CS_KIOSK, OUTBOX_SYSTEM, MappingContext, patient_reference

PAGE = "1000"


def _day(value: date) -> str:
    return value.isoformat()


def patient_key(ref: dict[str, Any] | None) -> str | None:
    """One key per patient from a reference as the kiosk writes it (mapping.patient_reference):
    a literal `Patient/<id>`, else the MRN, else the display (name and birth date)."""
    if not ref:
        return None
    if ref.get("reference"):
        return str(ref["reference"]).rsplit("/_history", 1)[0]
    ident = ref.get("identifier") or {}
    if ident.get("value"):
        return f"mrn:{ident.get('system', '')}|{ident['value']}"
    return f"display:{ref['display']}" if ref.get("display") else None


def _tasks(client: Any, start: date | None, end: date) -> Iterator[dict[str, Any]]:
    form = [
        ("code", f"{CS_KIOSK}|portal-enrollment"),
        ("_elements", "identifier,businessStatus,for,authoredOn"),
        ("_count", PAGE),
        ("authored-on", f"lt{_day(end)}"),
    ]
    if start:
        form.append(("authored-on", f"ge{_day(start)}"))
    yield from client.search_pages("Task", form)


def _outcome(task: dict[str, Any]) -> str | None:
    for c in (task.get("businessStatus") or {}).get("coding") or []:
        if c.get("system") == CS_KIOSK and c.get("code") in ("enrolled", "declined"):
            code: str = c["code"]
            return code
    return None


def _outbox_id(task: dict[str, Any]) -> str | None:
    for ident in task.get("identifier") or []:
        if ident.get("system") == OUTBOX_SYSTEM:
            value: str | None = ident.get("value")
            return value
    return None


def _window(client: Any, kind: str, start: date, end: date) -> Iterator[str]:
    form = [("date", f"ge{_day(start)}"), ("date", f"lt{_day(end)}"), ("_count", PAGE)]
    if kind == "Encounter":
        form.append(("_elements", "subject"))
        for r in client.search_pages("Encounter", form):
            key = patient_key(r.get("subject"))
            if key:
                yield key
        return
    form += [("status", "fulfilled"), ("_elements", "participant")]
    for r in client.search_pages("Appointment", form):
        for p in r.get("participant") or []:
            actor = p.get("actor") or {}
            if str(actor.get("reference", "")).startswith("Patient/"):
                yield patient_key(actor) or ""


def local_undelivered(store: Any, mrn_system: str) -> list[dict[str, Any]]:
    """This kiosk's enrollment records the EHR may not have yet (not marked sent), as
    {id, outcome, created_at, patient_key}. Merged by outbox id, so a record that did reach
    the EHR (a lost answer) is never counted twice."""
    ctx = MappingContext(mrn_system=mrn_system)
    rows = store.conn.execute(
        "SELECT id, payload FROM outbox WHERE kind='ehr.enrollment-record' AND state != 'sent'"
    ).fetchall()
    out = []
    for item_id, payload in rows:
        data = json.loads(payload)
        patient = data.get("patient") or {}
        out.append(
            {
                "id": item_id,
                "outcome": data.get("outcome"),
                "created_at": data.get("created_at") or "",
                "patient_key": patient_key(patient_reference(patient, ctx)),
            }
        )
    return out


def read_ehr_figures(
    client: Any,
    start: date,
    end: date,
    seen_months: int,
    local: Iterable[dict[str, Any]] = (),
    fetched_at: str = "",
) -> EhrFigures:
    """The practice's figures for [start, end) from the EHR, plus `local` records it lacks.

    `local` rows need start/end in the same calendar the dashboard uses: created_at is
    compared as an ISO date prefix, which is the practice's day for a kiosk in its own zone.
    """
    enrolled = declined = 0
    new_patients: set[str] = set()
    to_date: set[str] = set()
    seen_ids: set[str] = set()
    before: set[str] = set()
    for task in _tasks(client, None, end):
        outcome = _outcome(task)
        item = _outbox_id(task)
        if item:
            seen_ids.add(item)
        key = patient_key(task.get("for"))
        in_period = (task.get("authoredOn") or "")[:10] >= _day(start)
        if in_period:
            enrolled += outcome == "enrolled"
            declined += outcome == "declined"
        if outcome == "enrolled" and key:
            to_date.add(key)
            (new_patients if in_period else before).add(key)
    pending = 0
    for row in local:
        if row["id"] in seen_ids or row["outcome"] not in ("enrolled", "declined"):
            continue
        day = row["created_at"][:10]
        if day >= _day(end):
            continue
        pending += 1
        if day >= _day(start):
            enrolled += row["outcome"] == "enrolled"
            declined += row["outcome"] == "declined"
        if row["outcome"] == "enrolled" and row["patient_key"]:
            to_date.add(row["patient_key"])
            (new_patients if day >= _day(start) else before).add(row["patient_key"])
    window_start = months_before(end, seen_months)
    seen = set(_window(client, "Encounter", window_start, end))
    seen.update(_window(client, "Appointment", window_start, end))
    seen.discard("")
    appointments = client.count(
        "Appointment", [("date", f"ge{_day(start)}"), ("date", f"lt{_day(end)}")]
    )
    return EhrFigures(
        start=start,
        enrolled=enrolled,
        declined=declined,
        new_patients_enrolled=len(new_patients - before),
        enrolled_to_date=len(to_date),
        patients_seen=len(seen),
        appointments=appointments,
        pending_local=pending,
        seen_months=seen_months,
        fetched_at=fetched_at,
    )


def refresh_ehr(
    store: Any, client: Any, start: date, end: date, seen_months: int, mrn_system: str, now: str
) -> EhrFigures:
    """Read one month from the EHR (with this kiosk's undelivered records) and cache it."""
    figures = read_ehr_figures(
        client, start, end, seen_months, local_undelivered(store, mrn_system), now
    )
    store.cache_put(ehr_key(f"{start:%Y-%m}"), figures.to_json(), now)
    return figures


def refresh_usage(store: Any, portal: Any, month: str, now: str) -> PortalUsage:
    usage = PortalUsage.from_json(portal.usage_summary(month), "api")
    store.cache_put(usage_key(month), usage.to_json(), now)
    return usage


class PracticeRefresher:
    """What the dashboard's "Whole practice" view needs from the network, built once by the
    composition root from the settings. Every method blocks: call them on a worker thread."""

    def __init__(self, config: Any, seen_months: int | None = None) -> None:
        self.config = config
        self.seen_months = seen_months or config.kiosk.patients_seen_months

    @property
    def has_ehr(self) -> bool:
        return bool(self.config.ehr.enabled)

    @property
    def has_portal_usage(self) -> bool:
        return bool(self.config.portal.api_url)

    def read_ehr(self, start: date, end: date, local: list[dict[str, Any]], now: str) -> EhrFigures:
        from kiosk.sync import wiring

        client = wiring.fhir_client(self.config)
        if client is None:
            raise LookupError("No EHR is configured for this kiosk.")
        return read_ehr_figures(client, start, end, self.seen_months, local, now)

    def read_usage(self, month: str) -> PortalUsage | None:
        if not self.has_portal_usage:
            return None
        from kiosk.sync.portal import RestPortalGateway

        gateway = RestPortalGateway(self.config.portal.api_url)
        return PortalUsage.from_json(gateway.usage_summary(month), "api")
