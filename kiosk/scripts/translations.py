"""Translation workflow: update locales/*.ts from the source, compile them to .qm.

    python kiosk/scripts/translations.py            # compile .ts -> .qm (done by bootstrap)
    python kiosk/scripts/translations.py --update   # re-scan kiosk/ for tr() strings first
    python kiosk/scripts/translations.py --pseudo DIR   # pseudo-locales for tests/screenshots

The catalogues (locales/kiosk_<code>.ts, one per language in kiosk/languages.py) are the
source of every translation: translators edit them in Qt Linguist (pyside6-linguist) or any
editor; --update adds new source strings to them and keeps every translation already there.
Uses pyside6-lupdate / pyside6-lrelease from the PySide6-Essentials wheel.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from kiosk import languages, pseudo  # noqa: E402 - run as a script from a checkout

LOCALES = ROOT / "locales"


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install PySide6-Essentials")
    return found


def sources() -> list[str]:
    files = sorted((ROOT / "kiosk").rglob("*.py"))
    return [str(p.relative_to(ROOT)) for p in files if "scripts" not in p.parts]


def update(folder: Path = LOCALES, quiet: bool = False) -> list[Path]:
    """Run lupdate for every catalogue in `folder` (a copy elsewhere lets a test check that
    the committed catalogues are current); return the .ts files."""
    written = []
    for language in languages.LANGUAGES:
        if language.catalogue is None:
            continue  # English is the source language
        ts = folder / f"{language.catalogue}.ts"
        subprocess.run(
            [
                _tool("pyside6-lupdate"),
                *sources(),
                "-ts",
                str(ts),
                "-no-obsolete",
                # No file:line per message: line numbers change with every edit and made each
                # branch's catalogue conflict with every other's.
                "-locations",
                "none",
                "-target-language",
                language.locale,
                *(["-silent"] if quiet else []),
            ],
            cwd=ROOT,
            check=True,
        )
        written.append(ts)
    return written


def compile_ts(ts: Path, quiet: bool = True) -> Path:
    qm = ts.with_suffix(".qm")
    args = [_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)]
    if quiet:
        args.insert(1, "-silent")
    subprocess.run(args, check=True)
    return qm


def compile_all(quiet: bool) -> None:
    for ts in sorted(LOCALES.glob("*.ts")):
        compile_ts(ts, quiet)


def write_pseudo(folder: Path, source: Path | None = None) -> list[Path]:
    """Generate and compile the pseudo-locales (kiosk/pseudo.py) from the Spanish catalogue's
    messages into `folder` (never locales/: they must not ship)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = source or LOCALES / "kiosk_es.ts"
    compiled = []
    for language in languages.PSEUDO_LANGUAGES:
        ts = folder / f"{language.catalogue}.ts"
        pseudo.write_catalogue(source, language.code, ts)
        compiled.append(compile_ts(ts))
    return compiled


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--update", action="store_true", help="run lupdate before compiling")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--pseudo", type=Path, metavar="DIR", help="write the pseudo-locales to DIR")
    args = p.parse_args()
    LOCALES.mkdir(exist_ok=True)
    if args.pseudo:
        for qm in write_pseudo(args.pseudo):
            print(qm)
        return 0
    if args.update:
        update()
    compile_all(args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
