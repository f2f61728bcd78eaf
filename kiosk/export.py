"""Writing the "Portal Performance" report to a file: CSV, or a PDF drawn with Qt
(kiosk/ui/report_pdf.py, imported only when a PDF is asked for). The figures and words come
from kiosk/report.py, which knows nothing of files or Qt; keeping the writer apart keeps
report.py and report_pdf.py from importing each other (tests/test_import_graph.py).
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import Any

from kiosk.metrics import Metrics, Period, compute
from kiosk.report import (
    default_filename,
    practice_rows,
    to_csv,
    top_opportunities,
    write_atomic,
)


def render(
    m: Metrics,
    practice_name: str,
    fmt: str,
    practice: tuple[list[Any], str | None] | None = None,
    words: Any = None,
) -> bytes:
    """The report in the language of the catalogue installed now (the dashboard's language,
    or `kiosk export --language`): `words` defaults to kiosk.ui.report_words.ReportWords."""
    if words is None and fmt in ("csv", "pdf"):
        from kiosk.ui.report_words import ReportWords  # Qt: the catalogue has the words

        words = ReportWords()
    if fmt == "csv":
        return to_csv(m, practice, words).encode("utf-8")
    if fmt == "pdf":
        from kiosk.ui.report_pdf import render_pdf  # Qt only when a PDF is asked for

        playbook = None
        if practice is not None:
            from kiosk.practice import playbook_gaps

            rows, fetched_at = practice
            gaps = playbook_gaps(rows, m.engagement.app_install_rate)
            playbook = (rows, fetched_at, gaps)
        return render_pdf(m, practice_name, top_opportunities(m), playbook)
    raise ValueError(f"Unknown report format {fmt!r}; use pdf or csv.")


def export_month(
    paths: Any, config: Any, month: str, fmt: str, out: str | None, language: str | None = None
) -> int:
    """`kiosk export --month 2026-11 --format pdf|csv [--out FILE] [--language en|es]`: 0 when
    written. The report's language defaults to the kiosk's `[kiosk] default_language`."""
    from kiosk.store import Store, is_storage_failure, storage_error

    try:
        period = Period.parse_month(month)
    except ValueError as exc:
        print(f"kiosk export: {exc}", file=sys.stderr)
        return 2
    target = Path(out) if out else Path.cwd() / default_filename(period, fmt)
    if target.is_dir():
        target = target / default_filename(period, fmt)
    if not paths.database.exists():
        print(f"kiosk export: no kiosk database at {paths.database}.", file=sys.stderr)
        return 2
    try:
        with Store(paths.database) as store:
            m = compute(store, period)
            practice = practice_rows(store, period)
    except Exception as exc:
        if not is_storage_failure(exc):
            raise
        print(f"kiosk export: {storage_error(exc, paths.database)}", file=sys.stderr)
        return 2
    from kiosk.ui.report_words import use_language

    use_language(language or config.kiosk.default_language)
    data = render(m, config.practice.name, fmt, practice)
    try:
        write_atomic(target, data)
    except OSError as exc:
        problem = (
            f"the disk holding {target.parent} is full"
            if exc.errno in (errno.ENOSPC, errno.EDQUOT)
            else f"cannot write {target}: {exc.strerror or exc}"
        )
        print(f"kiosk export: {problem}.", file=sys.stderr)
        return 2
    print(f"wrote {target}")
    return 0
