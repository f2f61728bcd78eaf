"""The type checker's ratchet: modules excused from `mypy` (pyproject.toml) may only get fewer.

`mypy` itself runs in CI before pytest (kiosk/scripts/bootstrap.sh test) and in the README's
test command; this test keeps the excuse list from growing and from naming modules that are
gone. When you make a module strict, delete it from the list and lower RATCHET_SIZE here."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATCHET_SIZE = 14  # only ever lowered


def _ratchet() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    excused = [
        override["module"]
        for override in config["tool"]["mypy"]["overrides"]
        if override.get("ignore_errors")
    ]
    assert len(excused) == 1, "one ratchet list: [[tool.mypy.overrides]] with ignore_errors"
    return list(excused[0])


def test_the_core_is_strict_and_the_ratchet_only_shrinks():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["mypy"]["strict"] is True
    ratchet = _ratchet()
    assert len(ratchet) <= RATCHET_SIZE, (
        f"{len(ratchet) - RATCHET_SIZE} more module(s) excused from type checking; fix their "
        "types instead"
    )
    for core in ("kiosk.enrollment", "kiosk.store", "kiosk.database", "kiosk.metrics"):
        assert core not in ratchet
    assert not [m for m in ratchet if m.startswith("kiosk.sync.") and m != "kiosk.sync.qt_worker"]


def test_every_excused_module_exists():
    for module in _ratchet():
        path = ROOT / Path(*module.removesuffix(".*").split("."))
        assert path.with_suffix(".py").exists() or path.is_dir(), f"{module} is gone: delete it"
