"""Seed the FHIR test server with a day at the clinic: patients, today's appointments (plus other
days, another location, cancelled ones, enough for several pages) and a help-session Schedule
with free and busy Slots. Used by tests/test_schedule.py and the benchmarks in kiosk/scripts/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import requests

SEED = "urn:kiosk-test:seed"
MRN = "urn:oid:2.16.840.1.113883.19.5"


@dataclass
class Clinic:
    base_url: str
    location: str = ""
    other_location: str = ""
    schedule: str = ""
    patients: dict[str, str] = field(default_factory=dict)  # key -> Patient.id
    slots: list[str] = field(default_factory=list)  # Slot ids, in time order
    appointments: int = 0


def _post(base: str, resource: dict[str, Any]) -> dict[str, Any]:
    r = requests.post(
        f"{base}/{resource['resourceType']}",
        json=resource,
        headers={"Content-Type": "application/fhir+json"},
        timeout=30,
    )
    r.raise_for_status()
    return r.json()


def _batch(base: str, resources: list[dict[str, Any]]) -> list[str]:
    """Create many resources in one batch Bundle; their ids, in order."""
    ids: list[str] = []
    for start in range(0, len(resources), 200):
        chunk = resources[start : start + 200]
        bundle = {
            "resourceType": "Bundle",
            "type": "batch",
            "entry": [
                {"resource": r, "request": {"method": "POST", "url": r["resourceType"]}}
                for r in chunk
            ],
        }
        r = requests.post(
            base, json=bundle, headers={"Content-Type": "application/fhir+json"}, timeout=120
        )
        r.raise_for_status()
        for entry in r.json()["entry"]:
            status = entry["response"]["status"]
            assert status.startswith("2"), entry
            ids.append(entry["resource"]["id"])
    return ids


def patient(given: str, family: str, born: str, mrn: str, telecom: list[dict]) -> dict:
    return {
        "resourceType": "Patient",
        "identifier": [{"system": MRN, "value": mrn}],
        "name": [{"use": "official", "given": given.split(), "family": family}],
        "birthDate": born,
        "telecom": telecom,
    }


def appointment(
    patient_id: str, location_id: str, start: datetime, status: str = "booked"
) -> dict[str, Any]:
    return {
        "resourceType": "Appointment",
        "status": status,
        "start": start.isoformat(timespec="seconds"),
        "end": (start + timedelta(minutes=15)).isoformat(timespec="seconds"),
        "participant": [
            {"actor": {"reference": f"Patient/{patient_id}"}, "status": "accepted"},
            {"actor": {"reference": f"Location/{location_id}"}, "status": "accepted"},
        ],
    }


def today_at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    day = datetime.now().astimezone().date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute)).astimezone()


def seed_clinic(base: str, fillers: int = 110) -> Clinic:
    """Three named patients today at the main location (Maria: email + mobile on file; Jose:
    a mobile only; Ana: nothing on file), `fillers` more (several pages), and the decoys: a
    cancelled visit, one tomorrow, one at the other location. Help slots from tomorrow 10:00
    every 30 minutes, the second one busy."""
    clinic = Clinic(base)
    clinic.location, clinic.other_location = _batch(
        base,
        [
            {"resourceType": "Location", "name": "Main street clinic"},
            {"resourceType": "Location", "name": "Other clinic"},
        ],
    )
    named = [
        patient(
            "Maria",
            "Lopez",
            "1985-03-14",
            "MRN-1001",
            [
                {
                    "system": "email",
                    "value": "old.maria@hotmail.com",
                    "period": {"end": "2024-01-01"},
                },
                {"system": "email", "value": "maria.lopez@gmail.com", "rank": 1},
                {"system": "phone", "value": "+1 213 555 0123", "use": "mobile"},
            ],
        ),
        patient(
            "Jose",
            "Diaz",
            "1950-07-04",
            "MRN-1002",
            [{"system": "phone", "value": "(213) 555-0188", "use": "mobile"}],
        ),
        patient("Ana", "Ruiz", "1990-01-02", "MRN-1003", []),
        patient("Cora", "Nolan", "1970-05-05", "MRN-1004", []),
    ]
    filler = [
        patient(f"Pat{i:03d}", "Filler", "1980-01-01", f"MRN-2{i:03d}", []) for i in range(fillers)
    ]
    ids = _batch(base, named + filler)
    for key, pid in zip(("maria", "jose", "ana", "cora"), ids, strict=False):
        clinic.patients[key] = pid
    main, other = clinic.location, clinic.other_location
    appointments = [
        appointment(ids[0], main, today_at(9, 0)),
        appointment(ids[1], main, today_at(9, 30), "arrived"),
        appointment(ids[2], main, today_at(10, 0), "checked-in"),
        appointment(ids[3], main, today_at(10, 30), "cancelled"),
        appointment(ids[3], main, today_at(9, 0, days=1)),
        appointment(ids[3], other, today_at(11, 0)),
    ]
    for i, pid in enumerate(ids[4:]):
        appointments.append(appointment(pid, main, today_at(13 + (i // 60) % 10, i % 60)))
    _batch(base, appointments)
    clinic.appointments = 3 + len(ids[4:])
    schedule = _post(
        base,
        {
            "resourceType": "Schedule",
            "active": True,
            "actor": [{"reference": f"Location/{main}"}],
            "comment": "Patient portal help sessions",
        },
    )
    clinic.schedule = schedule["id"]
    clinic.slots = _batch(
        base,
        [
            {
                "resourceType": "Slot",
                "schedule": {"reference": f"Schedule/{clinic.schedule}"},
                "status": "busy" if n == 1 else "free",
                "start": (today_at(10, 0, days=1) + timedelta(minutes=30 * n)).isoformat(
                    timespec="seconds"
                ),
                "end": (today_at(10, 0, days=1) + timedelta(minutes=30 * n + 15)).isoformat(
                    timespec="seconds"
                ),
            }
            for n in range(6)
        ],
    )
    return clinic


def kiosk_settings(clinic: Clinic) -> dict[str, Any]:
    return {
        "ehr": {"fhir_base_url": clinic.base_url, "auth": "none"},
        "schedule": {"location": clinic.location, "help_schedule": clinic.schedule},
    }


def set_slot_status(base: str, slot_id: str, status: str) -> None:
    slot = requests.get(f"{base}/Slot/{slot_id}", timeout=10).json()
    slot["status"] = status
    r = requests.put(
        f"{base}/Slot/{slot_id}",
        json=slot,
        headers={"Content-Type": "application/fhir+json"},
        timeout=10,
    )
    r.raise_for_status()


def search(base: str, resource_type: str, **params: str) -> list[dict[str, Any]]:
    r = requests.get(f"{base}/{resource_type}", params=params, timeout=30)
    r.raise_for_status()
    return [e["resource"] for e in r.json().get("entry") or []]
