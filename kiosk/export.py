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
from kiosk.report import default_filename, to_csv, top_opportunities, write_atomic


def render(m: Metrics, practice_name: str, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(m).encode("utf-8")
    if fmt == "pdf":
        from kiosk.ui.report_pdf import render_pdf  # Qt only when a PDF is asked for

        return render_pdf(m, practice_name, top_opportunities(m))
    raise ValueError(f"Unknown report format {fmt!r}; use pdf or csv.")


def export_month(paths: Any, config: Any, month: str, fmt: str, out: str | None) -> int:
    """`kiosk export --month 2026-11 --format pdf|csv [--out FILE]`: 0 when written."""
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
    except Exception as exc:
        if not is_storage_failure(exc):
            raise
        print(f"kiosk export: {storage_error(exc, paths.database)}", file=sys.stderr)
        return 2
    data = render(m, config.practice.name, fmt)
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
