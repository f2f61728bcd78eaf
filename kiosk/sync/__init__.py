"""Delivery to the practice's systems: FHIR R4 EHR client, portal REST adapter, outbox engine.

Pure Python over requests (no Qt, except qt_worker.py, which runs the engine on a QThread).
Where records get sent: engine.py (the outbox worker) -> mapping.py (outbox payload -> FHIR)
-> fhir.py (HTTP). See docs/fhir-mapping.md and docs/portal-api.md.
"""
