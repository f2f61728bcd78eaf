"""The monthly report follows the report's language: `kiosk export --language es` (a real
process) and the dashboard's export in Spanish write Spanish sentences in the PDF and the CSV -
top opportunities, the playbook's gaps and the missing sources - while the CSV's keys stay the
same for spreadsheets."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from kiosk import metrics, report
from kiosk.practice import EhrFigures, PortalUsage, ehr_key, playbook_gaps, usage_key
from tests.test_metrics import NOV, NOW, november  # noqa: F401 (fixture)
from tests.test_report import PHI, _export, _pdf_text, _rows
from tests.test_spanish import _compile


def _cache_practice(store) -> None:
    ehr = EhrFigures(date(2026, 11, 1), 40, 10, 35, 900, 7000, 2000, 0, 12, "2026-12-01T08:00:00Z")
    store.cache_put(ehr_key("2026-11"), ehr.to_json())
    store.cache_put(usage_key("2026-11"), PortalUsage("2026-11", 2100, 420).to_json())


def test_cli_export_in_spanish_writes_spanish_sentences(store, november, tmp_path):  # noqa: F811
    _compile()
    _cache_practice(store)
    store.close()
    done = _export(["--month", "2026-11", "--format", "csv", "--language", "es"], tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "portal-performance-2026-11.csv").read_text(encoding="utf-8")
    rows = _rows(text)
    assert rows[("report", "language")][0] == "es"
    assert rows[("adoption", "approached")][0] == "10"  # the keys stay the same
    opportunities = [v[0] for k, v in rows.items() if k[0] == "opportunities"]
    assert opportunities and "cuentas nuevas de este período" in " ".join(opportunities)
    assert not any("against a" in o or "most common reason" in o for o in opportunities)
    gaps = [v[0] for k, v in rows.items() if k[0] == "playbook_opportunities"]
    assert gaps[0].startswith("Aumentar la inscripción: el 30.0%")
    assert rows[("playbook:impact", "phone_calls")][0].startswith("falta: cifras escritas")
    for needle in PHI:
        assert needle not in text

    english = _export(["--month", "2026-11", "--format", "csv", "--language", "en"], tmp_path)
    assert english.returncode == 0, english.stderr
    rows = _rows((tmp_path / "portal-performance-2026-11.csv").read_text(encoding="utf-8"))
    assert rows[("report", "language")][0] == "en"
    assert rows[("playbook_opportunities", "1")][0].startswith("Increase enrollment: 30.0%")
    assert rows[("playbook:impact", "phone_calls")][0].startswith("missing: typed-in")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_cli_export_pdf_in_spanish(store, november, tmp_path):  # noqa: F811
    _compile()
    _cache_practice(store)
    store.close()
    out = tmp_path / "informe.pdf"
    done = _export(
        ["--month", "2026-11", "--format", "pdf", "--language", "es", "--out", str(out)],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    text = " ".join(_pdf_text(out.read_bytes(), tmp_path).split())
    assert "Rendimiento del portal - noviembre de 2026" in text
    assert "Principales oportunidades" in text and "Aumentar la inscripción" in text
    assert "Todo el consultorio" in text
    assert "Top opportunities" not in text and "Increase enrollment" not in text
    assert " pts " not in text or "pts" in text  # the unit is the catalogue's
    for needle in PHI:
        assert needle not in text


def test_english_words_match_the_catalogue_source(store, november, qapp):  # noqa: F811
    """kiosk.report's Qt-free English and the catalogue's English (no translator) are the
    same sentences, so a report reads the same whichever path wrote it."""
    from kiosk.report import EnglishWords
    from kiosk.ui.report_words import ReportWords

    _cache_practice(store)
    rows, _ = report.practice_rows(store, NOV)
    m = metrics.compute(store, NOV, now=NOW)
    words, plain = ReportWords(), EnglishWords()
    gaps = playbook_gaps(rows, 0.2)
    assert {g.key for g in gaps} >= {"enrollment_rate", "active_user_rate", "app_install_rate"}
    for gap in gaps:
        assert words.gap(gap) == plain.gap(gap)
    for source in ("ehr", "portal", "manual"):
        assert words.missing(source) == plain.missing(source)
    assert words.language == "en"
    # The opportunities' English differs on purpose (the catalogue's avoids plural forms);
    # everything else in the CSV is the same.
    mine, plain_csv = (
        [r for r in _rows(text).items() if r[0][0] != "opportunities"]
        for text in (report.to_csv(m, (rows, None), words), report.to_csv(m, (rows, None)))
    )
    assert mine == plain_csv


def test_dashboard_export_in_spanish_writes_a_spanish_csv(qtbot, store, november, kiosk_dirs):  # noqa: F811
    from PySide6.QtCore import Qt

    from kiosk.config import Config
    from kiosk.store import Store
    from kiosk.ui.dashboard import DashboardPage
    from kiosk.ui.language import LanguageSwitcher
    from kiosk.ui.tasks import TaskRunner

    _compile()
    _cache_practice(store)
    runner = TaskRunner(lambda: Store(kiosk_dirs.database))
    switcher = LanguageSwitcher()
    page = DashboardPage(runner, Config.defaults(), today=lambda: date(2026, 11, 23))
    qtbot.addWidget(page)
    try:
        switcher.set_language("es")
        page.show()
        qtbot.waitUntil(lambda: page._metrics is not None, timeout=10000)
        qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
        target = kiosk_dirs.data_dir / "documents" / "portal-performance-2026-11.csv"
        qtbot.waitUntil(target.exists, timeout=10000)
    finally:
        switcher.shutdown()
        runner.shutdown()
    rows = _rows(target.read_text(encoding="utf-8"))
    assert rows[("report", "language")][0] == "es"
    assert rows[("playbook_opportunities", "1")][0].startswith("Aumentar la inscripción")
