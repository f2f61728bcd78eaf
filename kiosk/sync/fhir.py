"""FHIR R4 over HTTP: the client the outbox engine writes with, and the patient directory
the wizard searches.

One `requests.Session`, (connect, read) timeouts from [ehr], bearer token from auth.py with a
single refresh after a 401. Errors come out as the kinds in http.py. Search results become
`kiosk.enrollment.Patient`; the telecom write-back reads the Patient, merges, and updates with
If-Match on the version it read, so a concurrent edit in the EHR is never overwritten blindly.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import requests

from kiosk.enrollment import Patient
from kiosk.ports import PatientQuery, ServiceUnavailable
from kiosk.sync.auth import Authenticator, NoAuth
from kiosk.sync.http import (
    AuthError,
    ConflictError,
    PermanentError,
    SyncError,
    Timeouts,
    TransientError,
    describe_network_error,
    error_for_response,
    make_session,
)
from kiosk.urls import same_origin, url_problem

log = logging.getLogger(__name__)
FHIR_JSON = "application/fhir+json"
MAX_CONFLICT_RETRIES = 3
SEARCH_LIMIT = 20
# A search form: a dict, or (name, value) pairs when a name repeats (date=ge..&date=lt..).
Form = dict[str, str] | list[tuple[str, str]]


def _pairs(params: Form) -> list[tuple[str, str]]:
    return list(params.items()) if isinstance(params, dict) else list(params)


class FhirClient:
    def __init__(
        self,
        base_url: str,
        auth: Authenticator | None = None,
        timeouts: Timeouts | None = None,
        session: requests.Session | None = None,
    ) -> None:
        problem = url_problem(base_url)
        if problem:
            raise ValueError(f"FHIR base address refused: {problem}.")
        self.base_url = base_url.rstrip("/")
        self.session = session or make_session()
        self.auth = auth or NoAuth()
        self.timeouts = timeouts or Timeouts()

    # ---- the one place requests are made -----------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        form: Form | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        scrub: tuple[str, ...] = (),
    ) -> requests.Response:
        url = path if path.startswith("http") else f"{self.base_url}/{path.lstrip('/')}"
        if not same_origin(url, self.base_url):
            raise PermanentError("The EHR pointed the kiosk at another server; it was not asked.")
        for attempt in (1, 2):
            send_headers = {"Accept": FHIR_JSON, **(headers or {}), **self.auth.headers()}
            if json_body is not None:
                send_headers["Content-Type"] = FHIR_JSON
            try:
                response = self.session.request(
                    method,
                    url,
                    json=json_body,
                    data=form,
                    params=params,
                    headers=send_headers,
                    timeout=self.timeouts.as_tuple(),
                )
            except requests.RequestException as exc:
                raise describe_network_error(exc, "EHR") from None
            if response.status_code == 401 and attempt == 1 and not isinstance(self.auth, NoAuth):
                self.auth.invalidate()  # an expired or revoked token: one fresh one, once
                continue
            if response.status_code >= 400 or response.is_redirect:
                error = error_for_response(response, "EHR", scrub)
                if isinstance(error, AuthError):
                    error = AuthError(
                        f"The EHR refused the kiosk's credentials ({response.status_code}). "
                        "IT: check the client id, secret or key and the granted scopes.",
                        response.status_code,
                    )
                raise error
            return response
        raise AssertionError("unreachable")

    def json(self, response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            raise TransientError("The EHR sent an answer that is not JSON.") from None
        if not isinstance(body, dict):
            raise TransientError("The EHR sent an unexpected answer.")
        return body

    # ---- interactions --------------------------------------------------------------------
    def read(self, resource_type: str, resource_id: str) -> tuple[dict[str, Any], str | None]:
        response = self.request("GET", f"{resource_type}/{quote(resource_id, safe='')}")
        return self.json(response), response.headers.get("ETag")

    def search(self, resource_type: str, params: dict[str, str]) -> list[dict[str, Any]]:
        """POST [base]/[type]/_search with a form body (FHIR R4 3.1.0.1.2): names and birth
        dates never appear in a URL, where proxies and server logs would keep them."""
        bundle = self.json(self.request("POST", f"{resource_type}/_search", form=params))
        return [
            e["resource"]
            for e in bundle.get("entry") or []
            if (e.get("resource") or {}).get("resourceType") == resource_type
            and (e.get("search") or {}).get("mode", "match") == "match"
        ]

    def search_pages(
        self, resource_type: str, params: Form, max_pages: int = 10_000
    ) -> Iterator[dict[str, Any]]:
        """Every match of a search, page by page: the first page by POST _search, the next
        ones by the server's `next` link (same origin only, checked in `request`). A server
        that sends no `next` link but a `total` larger than what came is asked again with
        `_offset` (Medplum's in-memory engine does that)."""
        form = _pairs(params)
        bundle = self.json(self.request("POST", f"{resource_type}/_search", form=form))
        received = 0
        for _ in range(max_pages):
            entries = bundle.get("entry") or []
            received += len(entries)
            for e in entries:
                resource = e.get("resource") or {}
                if resource.get("resourceType") == resource_type and (
                    (e.get("search") or {}).get("mode", "match") == "match"
                ):
                    yield resource
            following = next(
                (
                    link.get("url")
                    for link in bundle.get("link") or []
                    if link.get("relation") == "next" and link.get("url")
                ),
                None,
            )
            if following:
                bundle = self.json(self.request("GET", following))
                continue
            total = bundle.get("total")
            if not entries or not isinstance(total, int) or received >= total:
                return
            again = [(k, v) for k, v in form if k != "_offset"] + [("_offset", str(received))]
            bundle = self.json(self.request("POST", f"{resource_type}/_search", form=again))
        raise TransientError("The EHR kept sending more pages than any practice has; stopped.")

    def count(self, resource_type: str, params: Form) -> int:
        """How many resources match (`_summary=count`: the server counts, nothing is sent)."""
        bundle = self.json(
            self.request(
                "POST", f"{resource_type}/_search", form=[*_pairs(params), ("_summary", "count")]
            )
        )
        total = bundle.get("total")
        if not isinstance(total, int) or total < 0:
            raise TransientError("The EHR did not say how many records matched.")
        return total

    def update(
        self, resource: dict[str, Any], version: str | None, scrub: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        headers = {"If-Match": f'W/"{version}"'} if version else {}
        response = self.request(
            "PUT",
            f"{resource['resourceType']}/{quote(resource['id'], safe='')}",
            json_body=resource,
            headers=headers,
            scrub=scrub,
        )
        return self.json(response)

    def create_conditional(
        self, resource: dict[str, Any], if_none_exist: str, scrub: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        response = self.request(
            "POST",
            resource["resourceType"],
            json_body=resource,
            headers={"If-None-Exist": if_none_exist},
            scrub=scrub,
        )
        return self.json(response)

    def transaction(self, bundle: dict[str, Any], scrub: tuple[str, ...] = ()) -> dict[str, Any]:
        body = self.json(self.request("POST", "", json_body=bundle, scrub=scrub))
        if body.get("resourceType") != "Bundle":
            raise TransientError("The EHR answered a transaction with something else.")
        for i, entry in enumerate(body.get("entry") or []):
            status = str((entry.get("response") or {}).get("status", "200"))
            if not status.startswith("2"):
                raise PermanentError(f"The EHR refused entry {i} of the transaction ({status}).")
        return body

    # ---- telecom write-back --------------------------------------------------------------
    def merge_telecom(
        self,
        patient_id: str,
        email: str | None,
        mobile: str | None,
        preferred: str | None,
        after_read: Callable[[dict[str, Any]], None] | None = None,
        replaces: dict[str, str] | None = None,
        today: str | None = None,
    ) -> dict[str, Any]:
        """Read, merge, PUT with If-Match; on 412 read again and redo the merge (bounded).
        `after_read` runs between the read and the write (used by tests to change the Patient
        on the server in that window, and by nothing else)."""
        scrub = tuple(v for v in (email, mobile, *(replaces or {}).values()) if v)
        for attempt in range(1, MAX_CONFLICT_RETRIES + 2):
            patient, etag = self.read("Patient", patient_id)
            version = (patient.get("meta") or {}).get("versionId") or _etag_version(etag)
            merged, changed = merge_telecom(patient, email, mobile, preferred, replaces, today)
            if not changed:
                return {"patient_version": version, "changed": False, "attempts": attempt}
            if after_read is not None:
                after_read(patient)
            try:
                saved = self.update(merged, version, scrub)
            except ConflictError:
                log.info("Patient changed in the EHR meanwhile; re-reading (attempt %d)", attempt)
                continue
            new_version = (saved.get("meta") or {}).get("versionId")
            return {"patient_version": new_version, "changed": True, "attempts": attempt}
        raise TransientError(
            "The patient's record kept changing in the EHR while the kiosk updated it; "
            "it will try again later."
        )


def _etag_version(etag: str | None) -> str | None:
    if not etag:
        return None
    match = re.match(r'^(?:W/)?"([^"]+)"$', etag.strip())
    return match.group(1) if match else None


def _today() -> str:
    from datetime import date

    return date.today().isoformat()


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def merge_telecom(
    patient: dict[str, Any],
    email: str | None,
    mobile: str | None,
    preferred: str | None,
    replaces: dict[str, str] | None = None,
    today: str | None = None,
) -> tuple[dict[str, Any], bool]:
    """Pure: add the email (system=email) and mobile (system=phone, use=mobile) to
    Patient.telecom unless already there; nothing existing is dropped. The channel the patient
    chose gets rank 1; another entry that held rank 1 moves to rank 2. Values this visit
    corrected (`replaces`: a mistyped email or mobile captured earlier) stay in the record but
    get period.end = today and lose their rank, so nobody mistakes them for current."""
    telecom: list[dict[str, Any]] = [dict(t) for t in patient.get("telecom") or []]
    entry: dict[str, Any] | None
    changed = False
    for key, old in (replaces or {}).items():
        system = "email" if key == "email" else "phone"
        for entry in telecom:
            value = entry.get("value") or ""
            same = (
                value.strip().lower() == old.strip().lower()
                if system == "email"
                else bool(_digits(old)) and _digits(value).endswith(_digits(old)[-10:])
            )
            if (
                entry.get("system") == system
                and same
                and not (entry.get("period") or {}).get("end")
            ):
                entry["period"] = {**(entry.get("period") or {}), "end": today or _today()}
                entry.pop("rank", None)
                changed = True

    def find(system: str, same: Callable[[str], bool]) -> dict[str, Any] | None:
        for entry in telecom:
            if entry.get("system") == system and same(entry.get("value") or ""):
                return entry
        return None

    wanted: dict[str, dict[str, Any]] = {}
    if email:
        entry = find("email", lambda v: v.strip().lower() == email.strip().lower())
        if entry is None:
            entry = {"system": "email", "value": email, "use": "home"}
            telecom.append(entry)
            changed = True
        wanted["email"] = entry
    if mobile:
        tail = _digits(mobile)[-10:]
        entry = find("phone", lambda v: bool(tail) and _digits(v).endswith(tail))
        if entry is None:
            entry = {"system": "phone", "value": mobile, "use": "mobile"}
            telecom.append(entry)
            changed = True
        elif entry.get("use") in (None, ""):
            entry["use"] = "mobile"
            changed = True
        wanted["sms"] = entry
    top = wanted.get(preferred or "")
    if top is not None and top.get("rank") != 1:
        for entry in telecom:
            if entry is not top and entry.get("rank") == 1:
                entry["rank"] = 2
        top["rank"] = 1
        changed = True
    merged = dict(patient)
    merged["telecom"] = telecom
    return merged, changed


# ---- the wizard's patient search ---------------------------------------------------------
def patient_from_fhir(resource: dict[str, Any], mrn_system: str) -> Patient | None:
    names = resource.get("name") or []
    name = next((n for n in names if n.get("use") in ("official", "usual")), None)
    name = name or (names[0] if names else {})
    given = " ".join(name.get("given") or [])
    family = name.get("family") or ""
    if not (given or family):
        return None
    mrn = next(
        (
            i.get("value")
            for i in resource.get("identifier") or []
            if i.get("system") == mrn_system and i.get("value")
        ),
        None,
    )
    return Patient(
        given_name=given,
        family_name=family,
        birth_date=resource.get("birthDate") or "",
        ehr_id=resource.get("id"),
        mrn=mrn,
    )


class FhirPatientDirectory:
    """kiosk.ports.PatientDirectory over FHIR search. Offline -> ServiceUnavailable with a
    message for the receptionist; they can enter the patient by hand."""

    def __init__(self, client: FhirClient, mrn_system: str) -> None:
        self.client = client
        self.mrn_system = mrn_system

    def search(self, query: PatientQuery) -> list[Patient]:
        if query.mrn:
            params = {"identifier": f"{self.mrn_system}|{query.mrn.strip()}"}
        else:
            params = {}
            if query.family:
                params["family"] = query.family.strip()
            if query.given:
                params["given"] = query.given.strip()
            if query.birth_date:
                params["birthdate"] = query.birth_date
            if not params:
                return []
        params["_count"] = str(SEARCH_LIMIT)
        try:
            found = self.client.search("Patient", params)
        except AuthError:
            raise ServiceUnavailable(
                "The EHR did not accept the kiosk's login. Enter the patient by hand and tell IT."
            ) from None
        except TransientError:
            raise ServiceUnavailable(
                "The EHR cannot be reached right now. Enter the patient by hand; the record "
                "will be sent when the connection is back."
            ) from None
        except SyncError:
            raise ServiceUnavailable(
                "The EHR could not run this search. Check the details, or enter the patient "
                "by hand."
            ) from None
        patients = [patient_from_fhir(r, self.mrn_system) for r in found]
        return [p for p in patients if p is not None]
