"""Settings pushed by IT: the machine-wide file wins over the per-user one key by key, is never
written by the kiosk, and `kiosk doctor` says where each value came from."""

from __future__ import annotations

import os
import textwrap

import pytest

from kiosk import cli
from kiosk.config import ConfigError, load_config


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_machine_values_win_key_by_key(kiosk_dirs):
    _write(
        kiosk_dirs.config_file,
        """\
        [practice]
        name = "User Clinic"
        phone = "+1 503 494 8311"
        [kiosk]
        idle_timeout_seconds = 120
        default_language = "es"
        """,
    )
    _write(
        kiosk_dirs.machine_config_file,
        """\
        [practice]
        name = "Machine Clinic"
        [kiosk]
        idle_timeout_seconds = 60
        """,
    )
    config = load_config(kiosk_dirs.config_file, machine_path=kiosk_dirs.machine_config_file)
    assert config.practice.name == "Machine Clinic"  # both set it: the machine wins
    assert config.kiosk.idle_timeout_seconds == 60
    assert config.practice.phone == "+1 503 494 8311"  # only the user set it: kept
    assert config.kiosk.default_language == "es"
    assert config.kiosk.follow_up_days == 7  # nobody set it: the default
    assert config.sources["practice.name"] == kiosk_dirs.machine_config_file
    assert config.sources["practice.phone"] == kiosk_dirs.config_file
    assert "kiosk.follow_up_days" not in config.sources


def test_the_machine_file_is_never_created_or_rewritten(kiosk_dirs):
    load_config(kiosk_dirs.config_file, machine_path=kiosk_dirs.machine_config_file)
    assert kiosk_dirs.config_file.exists()  # the per-user file gets its commented defaults
    assert not kiosk_dirs.machine_config_file.exists()
    _write(kiosk_dirs.machine_config_file, '[practice]\nname = "Machine Clinic"\n')
    os.utime(kiosk_dirs.machine_config_file, (1_000_000, 1_000_000))
    before = kiosk_dirs.machine_config_file.read_bytes()
    load_config(kiosk_dirs.config_file, machine_path=kiosk_dirs.machine_config_file)
    assert kiosk_dirs.machine_config_file.read_bytes() == before
    assert kiosk_dirs.machine_config_file.stat().st_mtime == 1_000_000


def test_a_bad_machine_value_names_the_machine_file(kiosk_dirs):
    _write(kiosk_dirs.machine_config_file, "[kiosk]\nidle_timeout_seconds = 5\n")
    with pytest.raises(ConfigError) as err:
        load_config(kiosk_dirs.config_file, machine_path=kiosk_dirs.machine_config_file)
    assert str(err.value).startswith(f"{kiosk_dirs.machine_config_file}: [kiosk] idle_timeout")


def test_a_bad_user_value_names_the_user_file(kiosk_dirs):
    _write(kiosk_dirs.config_file, "[kiosk]\nidle_timeout_seconds = 5\n")
    with pytest.raises(ConfigError) as err:
        load_config(kiosk_dirs.config_file, machine_path=kiosk_dirs.machine_config_file)
    assert str(err.value).startswith(f"{kiosk_dirs.config_file}: [kiosk] idle_timeout")


def test_a_machine_value_fixes_a_bad_user_value(kiosk_dirs):
    _write(kiosk_dirs.config_file, "[kiosk]\nidle_timeout_seconds = 5\n")
    _write(kiosk_dirs.machine_config_file, "[kiosk]\nidle_timeout_seconds = 90\n")
    config = load_config(kiosk_dirs.config_file, machine_path=kiosk_dirs.machine_config_file)
    assert config.kiosk.idle_timeout_seconds == 90


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[practice\n", "is not valid TOML"),
        ("[printer]\nname = 'x'\n", "[printer] is not a known section"),
        ("[ehr]\nclient_secret = 'x'\n", "secrets do not belong"),
    ],
)
def test_machine_file_problems_name_the_machine_file(kiosk_dirs, text, expected):
    _write(kiosk_dirs.machine_config_file, text)
    with pytest.raises(ConfigError) as err:
        load_config(kiosk_dirs.config_file, machine_path=kiosk_dirs.machine_config_file)
    assert expected in str(err.value) and str(kiosk_dirs.machine_config_file) in str(err.value)


def test_doctor_shows_where_each_value_came_from(kiosk_dirs, capsys):
    _write(kiosk_dirs.config_file, '[practice]\nphone = "+1 503 494 8311"\n')
    _write(kiosk_dirs.machine_config_file, '[practice]\nname = "Machine Clinic"\n')
    cli.main(["doctor"])
    out = capsys.readouterr().out
    assert f"machine config     {kiosk_dirs.machine_config_file}\n" in out
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert "Machine Clinic" in rows["practice.name"] and rows["practice.name"].endswith("[machine]")
    assert rows["practice.phone"].endswith("[user]")
    assert rows["kiosk.follow_up_days"].endswith("[default]")
