"""Settings declared once (kiosk/config.py): the defaults file, validation, `kiosk doctor` and
README's table all come from the declarations, and README cannot drift from them."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk import cli, secrets
from kiosk.config import DEFAULT_CONFIG, SECRETS, Config, ConfigError, load_config
from kiosk.scripts import settings_docs
from kiosk.settings_schema import (
    Secret,
    build,
    check_known,
    declaration_problems,
    defaults_file,
    effective_rows,
    readme_table,
    replace_between,
    section,
    sections,
    setting,
    settings_of,
    toml_value,
)

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings_of(Config)


def test_the_declarations_are_consistent():
    """Annotation matches kind, every default passes its own checks, all are described."""
    assert declaration_problems(Config) == []
    assert len(SETTINGS) == len({s.name for s in SETTINGS})
    for name, cls, _help in sections(Config):
        assert [f.name for f in fields(cls)] == [s.key for s in SETTINGS if s.section == name]
        assert isinstance(getattr(Config.defaults(), name), cls)


def test_the_defaults_file_reads_back_as_the_declared_defaults():
    data = tomllib.loads(DEFAULT_CONFIG)
    assert {(sec, key) for sec, keys in data.items() for key in keys} == {
        (s.section, s.key) for s in SETTINGS
    }
    for s in SETTINGS:
        assert data[s.section][s.key] == s.spec.default, s.name
    assert Config.from_mapping(data) == Config.defaults()
    assert Config.defaults() == Config()  # the dataclasses' own defaults are the declared ones


def test_the_defaults_file_describes_each_setting_and_what_it_accepts():
    lines = DEFAULT_CONFIG.splitlines()
    for s in SETTINGS:
        at = lines.index(f"{s.key} = {toml_value(s.spec.default)}", _section_line(lines, s.section))
        comment = []
        for line in reversed(lines[:at]):
            if not line.startswith("# "):
                break
            comment.insert(0, line[2:])
        said = " ".join(comment)
        assert s.spec.help in said, s.name
        if s.spec.kind != "text":
            assert f"Allowed: {s.allowed}." in said, s.name
    for secret in SECRETS:
        assert any(line.startswith(f"#   {secret.name} ") for line in lines)


def _section_line(lines: list[str], name: str) -> int:
    return lines.index(f"[{name}]")


@pytest.mark.parametrize(
    "s",
    [s for s in SETTINGS if s.spec.kind not in ("text", "label", "url", "phone")],
    ids=lambda s: s.name,
)
def test_a_bad_value_message_says_what_the_file_says_is_allowed(kiosk_dirs, s):
    path = kiosk_dirs.config_file
    path.parent.mkdir(parents=True)
    path.write_text(f"[{s.section}]\n{s.key} = [1]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == f"{path}: [{s.section}] {s.key}: expected {s.allowed}, got [1]."
    assert path.read_text(encoding="utf-8") == f"[{s.section}]\n{s.key} = [1]\n"  # untouched


def test_readme_settings_table_matches_the_declarations():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_docs.render(readme) == readme, (
        "README.md's settings table is out of date: run python kiosk/scripts/settings_docs.py"
    )
    for s in SETTINGS:
        assert f"| `{s.key}` | `{toml_value(s.spec.default)}` | {s.allowed}" in readme
    for secret in SECRETS:
        assert f"| `{secret.name}` |" in readme


def test_a_drifted_readme_is_caught_and_rewritten():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    drifted = readme.replace("| `follow_up_days` | `7` |", "| `follow_up_days` | `14` |")
    assert drifted != readme
    assert settings_docs.render(drifted) == readme
    with pytest.raises(ValueError, match="marker not found"):
        settings_docs.render(readme.replace(settings_docs.END, ""))


def test_the_check_script_exits_0_on_this_readme():
    proc = subprocess.run(
        [sys.executable, "kiosk/scripts/settings_docs.py", "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


def test_doctor_lists_every_setting_and_each_secret_as_set_or_not(memory_keyring, capsys):
    secret = "s3cr3t-Value-9f8e7d"
    secrets.set_secret("portal_api_key", secret)
    assert cli.main(["doctor"]) in (0, 1)
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    for s in SETTINGS:
        assert s.name in rows, s.name
    assert rows["portal_api_key"].split()[1:] == ["set", "[keyring]"]
    assert rows["ehr_client_secret"].split()[1:] == ["not", "set", "[keyring]"]
    assert secret not in out


# ---- a throwaway section proves a new setting needs no edit beyond its declaration ----------


WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _days(text: str) -> list[str]:
    days = [d.strip() for d in text.split(",")]
    unknown = [d for d in days if d not in WEEK]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a weekday")
    return days


@dataclass(frozen=True)
class ToyDesk:
    greeting: str = setting("Hello | welcome", "What the screen says first.")
    chairs: int = setting(3, "Chairs by the kiosk.", low=1, high=9)
    pause_seconds: float = setting(2.5, "A pause.", low=1, high=10)
    mood: str = setting("calm", "How it sounds.", choices=("calm", "cheerful"))
    site: str = setting("", "Where it points.", kind="url", optional=True)
    lit: bool = setting(True, "Whether the lamp is on.")
    days: tuple[int, ...] = setting(
        "mon,fri",
        "Days the desk is open.",
        parse=lambda text: tuple(WEEK.index(day) for day in _days(text)),
        allowed="weekdays like mon,wed",
        show=lambda days: ",".join(WEEK[d] for d in days),
    )
    room: str = setting(
        "",
        "The room's code.",
        optional=True,
        check=lambda text: None if text.isalnum() else "expected letters and digits",
        allowed="letters and digits",
    )

    def validate(self) -> None:
        if self.chairs > 5 and not self.lit:
            raise ConfigError("[desk] lit must be true with more than 5 chairs.")


@dataclass(frozen=True)
class ToyRoot:
    desk: ToyDesk = section(ToyDesk, "A toy section.")


TOY_SECRETS = (Secret("desk_token", "the desk's token"),)


def test_a_new_setting_is_wired_everywhere_by_its_declaration_alone():
    assert declaration_problems(ToyRoot) == []
    text = defaults_file(ToyRoot, TOY_SECRETS, "Toy settings.")
    data = tomllib.loads(text)
    assert data == {
        "desk": {
            "greeting": "Hello | welcome",
            "chairs": 3,
            "pause_seconds": 2.5,
            "mood": "calm",
            "site": "",
            "lit": True,
            "days": "mon,fri",
            "room": "",
        }
    }
    assert ToyDesk().days == (0, 4)  # the field's default is the parsed text
    assert "# Whether the lamp is on. Allowed: true or false.\nlit = true" in text
    assert "desk_token  the desk's token" in text
    built = build(ToyRoot, {"desk": {"chairs": 9, "site": "https://desk.example.org"}})
    assert built["desk"] == ToyDesk(chairs=9, site="https://desk.example.org")
    assert build(ToyRoot, {"desk": {"days": "tue, sun", "room": "B2"}})["desk"].days == (1, 6)
    with pytest.raises(ConfigError, match=r"^\[desk\] days: expected weekdays like mon,wed; 'sat"):
        build(ToyRoot, {"desk": {"days": "mon,saturday"}})
    with pytest.raises(
        ConfigError, match=r"^\[desk\] room: expected letters and digits, got 'B-2'"
    ):
        build(ToyRoot, {"desk": {"room": "B-2"}})
    with pytest.raises(ConfigError, match=r"^\[desk\] lit must be true"):
        build(ToyRoot, {"desk": {"chairs": 6, "lit": False}})
    with pytest.raises(ConfigError, match=r"^\[desk\] chairs: expected a whole number from 1 to 9"):
        build(ToyRoot, {"desk": {"chairs": 10}})
    with pytest.raises(ConfigError, match=r'^\[desk\] mood: expected "calm" or "cheerful"'):
        build(ToyRoot, {"desk": {"mood": "loud"}})
    with pytest.raises(ConfigError, match=r"^\[desk\] chair is not a known setting; expected: ch"):
        check_known(ToyRoot, {"desk": {"chair": 1}})
    table = readme_table(ToyRoot, TOY_SECRETS)
    assert '| `greeting` | `"Hello \\| welcome"` | text in quotes | What the screen' in table
    assert "| `chairs` | `3` | a whole number from 1 to 9 | Chairs by the kiosk. |" in table
    assert "| `desk_token` | the desk's token |" in table
    rows = effective_rows(
        SimpleNamespace(**built),
        ToyRoot,
        lambda key: "user" if key == "desk.chairs" else "default",
        TOY_SECRETS,
        lambda name: "not set",
    )
    assert rows[1].split() == ["desk.chairs", "9", "[user]"]
    assert rows[6].split() == ["desk.days", "mon,fri", "[default]"]
    assert rows[-1].split() == ["desk_token", "not", "set", "[keyring]"]


def test_a_settings_field_without_a_declaration_is_refused():
    @dataclass(frozen=True)
    class Loose:
        plain: int = 3

    @dataclass(frozen=True)
    class Root:
        loose: Loose = section(Loose, "A section with an undeclared field.")

    with pytest.raises(TypeError, match="plain: every field of a settings section"):
        settings_of(Root)


def test_a_declaration_whose_annotation_or_default_is_wrong_is_reported():
    @dataclass(frozen=True)
    class Wrong:
        count: str = setting(5, "Annotated as text, declared as a number.", low=1, high=9)
        days: int = setting(0, "Default outside its own range.", low=1, high=9)

    @dataclass(frozen=True)
    class Root:
        wrong: Wrong = section(Wrong, "Wrong on purpose.")

    problems = declaration_problems(Root)
    assert any(p.startswith("wrong.count: annotated") for p in problems)
    assert any(p.startswith("wrong.days: the default is refused") for p in problems)


def test_replace_between_keeps_everything_outside_the_markers():
    text = "intro\n<!-- b -->\nold\n<!-- e -->\noutro\n"
    assert replace_between(text, "<!-- b -->", "<!-- e -->", "new\n") == (
        "intro\n<!-- b -->\nnew\n<!-- e -->\noutro\n"
    )
