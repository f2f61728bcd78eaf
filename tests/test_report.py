"""The monthly report: CSV content, no patient data in CSV or PDF, and `kiosk export` run as
a real process writing into the current folder or --out."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk import export, metrics, report
from kiosk.enrollment import DeclineReason
from tests import seed
from tests.db_keys import child_env
from tests.test_metrics import NOV, NOW, november  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[1]
PHI = [seed.patient(n).family_name for n in range(13)] + ["@example.org", "+1213555"]


def _rows(text: str) -> dict[tuple[str, str], list[str]]:
    return {(r[0], r[1]): r[2:] for r in csv.reader(io.StringIO(text))}


def test_csv_holds_the_months_numbers(store, november):  # noqa: F811
    m = metrics.compute(store, NOV, now=NOW)
    text = report.to_csv(m)
    rows = _rows(text)
    assert rows[("period", "label")] == ["November 2026", "October 2026", ""]
    assert rows[("adoption", "approached")] == ["10", "2", "+8"]
    assert rows[("adoption", "enrollment_rate_pct")] == ["50.0", "50.0", "+0.0"]
    assert rows[("adoption", "new_enrollments")] == ["4", "1", "+3"]
    assert rows[("adoption", "active_rate_pct")] == ["20.0", "0.0", "+20.0"]
    assert rows[("engagement", "feature_demo:messaging")][0] == "3"
    assert rows[("engagement", "invitations:sms")][0] == "1"
    assert rows[("barriers", "declined:no-email")][0] == "2"
    assert rows[("barriers", "remedy_taken:sms-invitation")][0] == "2"
    assert rows[("staff", "enrolled:Ana Front Desk")][0] == "3"
    assert rows[("follow_up", "past_window_not_active")][0] == "2"
    assert rows[("trend_day", "2026-11-03")] == ["100.0", "2", "2"]
    assert rows[("trend_day", "2026-11-01")][0] == "-"
    assert ("opportunities", "1") in rows
    for needle in PHI:
        assert needle not in text


def test_empty_month_csv_shows_dashes_not_nan(store):
    text = report.to_csv(metrics.compute(store, NOV, now=NOW))
    rows = _rows(text)
    assert rows[("adoption", "enrollment_rate_pct")] == ["-", "-", "-"]
    assert "nan" not in text.lower()
    assert "No enrollments were recorded" in rows[("opportunities", "1")][0]


def test_opportunities_follow_the_weakest_metrics(store):
    seed.add_staff(store, "s1", "Ana")
    for n in range(4):
        at = datetime(2026, 11, 3 + n, 10, tzinfo=UTC)
        seed.declined(store, "s1", at, DeclineReason.NO_EMAIL, n, remedy_taken=n == 0)
    seed.enrolled(store, "s1", datetime(2026, 11, 9, 10, tzinfo=UTC), 9, first_login=False)
    found = report.top_opportunities(metrics.compute(store, NOV, now=NOW))
    # 4 of 5 declined for no email (score 4/4 * 0.8 * 2 = 1.6) ahead of the 20 % enrollment
    # rate ((0.6 - 0.2) * 3 = 1.2); only the three strongest are kept.
    assert len(found) == 3
    assert found[0].key == "barrier-no-email"
    assert "offered in 25%" in found[0].text
    assert "enrollment-rate" in [o.key for o in found]
    assert [o.score for o in found] == sorted((o.score for o in found), reverse=True)


def _pdf_text(data: bytes, tmp_path) -> str:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_pdf_is_one_page_with_sections_and_no_patient_data(store, november, tmp_path, qapp):  # noqa: F811
    data = export.render(metrics.compute(store, NOV, now=NOW), "Riverside Family Medicine", "pdf")
    assert data.startswith(b"%PDF")
    text = _pdf_text(data, tmp_path)
    assert "Portal Performance - November 2026" in text
    for section in ("Adoption", "Engagement", "Impact", "Top opportunities"):
        assert section in text
    assert "Ana Front Desk" in text  # staff are recognised by name
    for needle in PHI:
        assert needle not in text
    info = subprocess.run(["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M)


def _export(args, cwd, env=None):
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "export", *args],
        cwd=cwd,
        # The checkout on the path, whether or not the package is installed (-e in CI).
        env=child_env({**os.environ, "TZ": "UTC", "PYTHONPATH": str(ROOT), **(env or {})}),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_export_writes_csv_and_pdf(store, november, tmp_path):  # noqa: F811
    store.close()
    work = tmp_path / "work"
    work.mkdir()
    done = _export(["--month", "2026-11", "--format", "csv"], work)
    assert done.returncode == 0, done.stderr
    written = work / "portal-performance-2026-11.csv"
    rows = _rows(written.read_text(encoding="utf-8"))
    assert rows[("adoption", "approached")][0] == "10"
    out = tmp_path / "reports" / "november.pdf"
    done = _export(["--month", "2026-11", "--format", "pdf", "--out", str(out)], work)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = _pdf_text(out.read_bytes(), tmp_path)
        assert "Portal Performance - November 2026" in text
        assert not any(needle in text for needle in PHI)
    assert not (work / "portal-performance-2026-11.pdf").exists()


def test_cli_export_bad_month_is_a_clear_message(store, tmp_path):
    store.close()
    done = _export(["--month", "Nov 2026", "--format", "csv"], tmp_path)
    assert done.returncode == 2
    assert "YYYY-MM" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_spanish_pdf_names_the_month_in_spanish(store, november, tmp_path, qapp):  # noqa: F811
    """Month names come from the es_US locale, not strftime (review finding A2)."""
    from kiosk.ui.language import LanguageSwitcher
    from tests.test_spanish import _compile

    _compile()
    switcher = LanguageSwitcher()
    switcher.set_language("es")
    try:
        data = export.render(metrics.compute(store, NOV, now=NOW), "Riverside", "pdf")
    finally:
        switcher.shutdown()
    text = " ".join(_pdf_text(data, tmp_path).split())
    assert "Rendimiento del portal - noviembre de 2026" in text
    assert "November" not in text and " Oct" not in text
    assert "Uso del portal" in text
    assert "Privacidad" in text or "Sin correo electrónico" in text  # decline reasons chart
    # Top opportunities are worded in Spanish too, with the month's numbers in them.
    opportunities = report.top_opportunities(metrics.compute(store, NOV, now=NOW))
    assert opportunities and all(
        o.values or o.key in ("on-track", "no-activity") for o in opportunities
    )
    assert "against a" not in text and "most common reason" not in text
    assert "Principales oportunidades" in text
