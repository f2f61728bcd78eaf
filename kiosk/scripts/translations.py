"""Translation workflow: update locales/*.ts from the source, compile them to .qm.

    python kiosk/scripts/translations.py            # compile .ts -> .qm (done by bootstrap)
    python kiosk/scripts/translations.py --update   # re-scan kiosk/ for tr() strings first

Uses pyside6-lupdate / pyside6-lrelease from the PySide6-Essentials wheel.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
# Catalogue file suffix -> the locale it is written for (US Spanish, not Spain's).
LANGUAGES = {"es": "es_US"}


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install PySide6-Essentials")
    return found


def sources() -> list[str]:
    files = sorted((ROOT / "kiosk").rglob("*.py"))
    return [str(p.relative_to(ROOT)) for p in files if "scripts" not in p.parts]


def update() -> None:
    for lang, locale in LANGUAGES.items():
        ts = LOCALES / f"kiosk_{lang}.ts"
        subprocess.run(
            [
                _tool("pyside6-lupdate"),
                *sources(),
                "-ts",
                str(ts.relative_to(ROOT)),
                "-no-obsolete",
                "-target-language",
                locale,
            ],
            cwd=ROOT,
            check=True,
        )


def compile_all(quiet: bool) -> None:
    for ts in sorted(LOCALES.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        args = [_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)]
        if quiet:
            args.insert(1, "-silent")
        subprocess.run(args, check=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--update", action="store_true", help="run lupdate before compiling")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args()
    LOCALES.mkdir(exist_ok=True)
    if args.update:
        update()
    compile_all(args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
