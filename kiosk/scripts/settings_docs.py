"""README's settings table, generated from the declarations in kiosk/config.py.

    python kiosk/scripts/settings_docs.py           # rewrite the table in README.md
    python kiosk/scripts/settings_docs.py --check   # exit 1 if README.md is out of date

The table sits between the BEGIN and END marker lines below; everything else in README.md is
left alone. tests/test_settings_schema.py fails when README.md drifts from the declarations.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.config import SECRETS, Config
from kiosk.settings_schema import readme_table, replace_between

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
BEGIN = (
    "<!-- settings table: generated from kiosk/config.py by kiosk/scripts/settings_docs.py; "
    "do not edit by hand -->"
)
END = "<!-- end of settings table -->"


def render(readme: str) -> str:
    """README text with the settings table brought up to date."""
    return replace_between(readme, BEGIN, END, readme_table(Config, SECRETS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report drift (exit 1)")
    args = parser.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if current == wanted:
        print("README.md settings table is up to date")
        return 0
    if args.check:
        print(
            "README.md settings table is out of date: run python kiosk/scripts/settings_docs.py",
            file=sys.stderr,
        )
        return 1
    README.write_text(wanted, encoding="utf-8")
    print("README.md settings table rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
