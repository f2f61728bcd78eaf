"""The settings file: created with defaults, every bad value named with what is expected."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from urllib3.util import parse_url

from kiosk.config import DEFAULT_CONFIG, Config, ConfigError, load_config
from kiosk.urls import is_loopback, url_problem
from tests.db_keys import child_env

ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_file_is_created_on_first_load(kiosk_dirs):
    path = kiosk_dirs.config_file
    assert str(path) == os.environ["KIOSK_CONFIG"]
    assert not path.exists()
    config = load_config(path)
    assert path.read_text(encoding="utf-8") == DEFAULT_CONFIG
    assert config == Config.defaults()
    assert config.source == path
    assert config.kiosk.follow_up_days == 7
    assert config.kiosk.default_language == "en"
    assert config.kiosk.idle_timeout_seconds == 90
    assert config.practice.name and config.practice.phone
    assert config.portal.login_url.startswith("https://")
    assert not config.ehr.enabled  # offline until IT sets the FHIR base URL


def test_an_existing_file_is_not_overwritten(kiosk_dirs):
    path = write(kiosk_dirs.config_file, '[practice]\nname = "Lakeside Clinic"\n')
    config = load_config(path)
    assert config.practice.name == "Lakeside Clinic"
    assert config.kiosk.follow_up_days == 7  # missing keys take the defaults
    assert path.read_text(encoding="utf-8") == '[practice]\nname = "Lakeside Clinic"\n'


def test_missing_file_without_create(tmp_path):
    with pytest.raises(ConfigError, match="No settings file at"):
        load_config(tmp_path / "none.toml", create=False)


def test_every_default_key_is_documented_in_the_defaults_file():
    data = tomllib.loads(DEFAULT_CONFIG)
    for key in ("name", "phone"):
        assert key in data["practice"]
    for key in ("login_url", "ios_app_url", "android_app_url"):
        assert key in data["portal"]
    for key in ("fhir_base_url", "client_id", "token_url"):
        assert key in data["ehr"]
    for key in ("idle_timeout_seconds", "default_language", "follow_up_days"):
        assert key in data["kiosk"]


@pytest.mark.parametrize(
    ("section", "line", "expected"),
    [
        ("practice", 'name = ""', "[practice] name: must not be empty."),
        ("practice", "name = 42", "[practice] name: expected text in quotes, got 42."),
        ("practice", 'phone = "call us"', "[practice] phone: expected a phone number like"),
        ("practice", "reply_promise_days = 31", "[practice] reply_promise_days: expected a whole"),
        ("portal", 'login_url = "portal.example.org"', "[portal] login_url: expected a web"),
        ("portal", 'ios_app_url = "ftp://x.org/app"', "[portal] ios_app_url: expected a web"),
        ("portal", 'demo_feature = "billing"', '[portal] demo_feature: expected "messaging"'),
        ("portal", 'resend_on_follow_up = "yes"', "[portal] resend_on_follow_up: expected true"),
        ("ehr", 'auth = "basic"', '[ehr] auth: expected "none" or "client_secret" or'),
        ("ehr", "connect_timeout_seconds = 0", "[ehr] connect_timeout_seconds: expected a number"),
        ("ehr", "read_timeout_seconds = true", "[ehr] read_timeout_seconds: expected a number"),
        ("kiosk", "idle_timeout_seconds = 5", "[kiosk] idle_timeout_seconds: expected a whole"),
        ("kiosk", 'idle_timeout_seconds = "90"', "from 20 to 3600, got '90'."),
        ("kiosk", "idle_timeout_seconds = 90.5", "from 20 to 3600, got 90.5."),
        ("kiosk", 'default_language = "fr"', '[kiosk] default_language: expected "en" or "es"'),
        ("kiosk", "follow_up_days = 0", "[kiosk] follow_up_days: expected a whole number from 1"),
        ("kiosk", "follow_up_days = 91", "from 1 to 90, got 91."),
        ("kiosk", "sync_interval_seconds = 1", "[kiosk] sync_interval_seconds: expected a whole"),
    ],
)
def test_each_bad_value_names_section_key_and_expectation(kiosk_dirs, section, line, expected):
    path = write(kiosk_dirs.config_file, f"[{section}]\n{line}\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "url",
    [
        "http://ehr.example.org/fhir/R4",
        "http://192.168.1.20/fhir",
        "http://localhost.evil.example/fhir",
    ],
)
def test_plain_http_is_refused_for_anything_but_this_machine(kiosk_dirs, url):
    path = write(kiosk_dirs.config_file, f'[ehr]\nfhir_base_url = "{url}"\nauth = "none"\n')
    with pytest.raises(ConfigError, match=r"\[ehr\] fhir_base_url: patient data must travel"):
        load_config(path)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.2:18083\\\\@127.0.0.1/fhir/R4", "must not contain backslashes"),
        ("https://ehr.example.org\\\\@good.example.org/fhir", "must not contain backslashes"),
        ("https://kiosk:pw@ehr.example.org/fhir", "user name or password"),
        ("http://evil.example@127.0.0.1/fhir", "user name or password"),
        ("https://ehr.example.org /fhir", "must not contain backslashes, spaces"),
        ("https://ehr.example.org:99999/fhir", "cannot be read"),
        ("https://ex%41mple.org/fhir", "ambiguous"),
    ],
)
def test_addresses_two_parsers_could_read_differently_are_refused(kiosk_dirs, url, why):
    """The issue's case: urllib.parse sees 127.0.0.1 (loopback, http allowed) while urllib3
    would connect to 127.0.0.2. Any address the two parsers disagree on is refused."""
    path = write(kiosk_dirs.config_file, f'[ehr]\nfhir_base_url = "{url}"\nauth = "none"\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "[ehr] fhir_base_url: " in str(err.value) and why in str(err.value)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="htps:/\\@%.:[]#?ae1270x-", min_size=8, max_size=40).map(
        lambda tail: "http://" + tail
    )
)
def test_an_accepted_address_reads_the_same_to_both_parsers(url):
    """Property: whatever url_problem accepts, urllib3 (which connects) and urllib.parse
    agree on the scheme, host and port, and plain http only ever goes to loopback."""
    if url_problem(url) is not None:
        return
    sent, checked = parse_url(url), urlsplit(url)
    assert (sent.host or "").strip("[]").lower() == (checked.hostname or "").lower()
    assert (sent.port or 80) == (checked.port or 80)
    assert is_loopback(sent.host)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/fhir", "http://localhost:9000/fhir", "https://ehr.example.org"]
)
def test_https_and_loopback_http_are_accepted(kiosk_dirs, url):
    path = write(kiosk_dirs.config_file, f'[ehr]\nfhir_base_url = "{url}/"\nauth = "none"\n')
    config = load_config(path)
    assert config.ehr.enabled
    assert config.ehr.fhir_base_url == url  # trailing slash removed


def test_ehr_login_needs_client_id_and_token_url(kiosk_dirs):
    path = write(kiosk_dirs.config_file, '[ehr]\nfhir_base_url = "https://ehr.example.org"\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "[ehr] auth = 'client_secret' needs client_id and token_url" in str(err.value)
    write(
        path,
        '[ehr]\nfhir_base_url = "https://ehr.example.org"\nclient_id = "kiosk"\n'
        'token_url = "https://ehr.example.org/token"\n',
    )
    assert load_config(path).ehr.client_id == "kiosk"


def test_unknown_section(kiosk_dirs):
    path = write(kiosk_dirs.config_file, "[printer]\nname = 'front desk'\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "[printer] is not a known section; expected one of [practice], [portal]" in str(
        err.value
    )


def test_unknown_key_lists_the_known_ones(kiosk_dirs):
    path = write(kiosk_dirs.config_file, "[kiosk]\nidle_timeout = 90\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert "[kiosk] idle_timeout is not a known setting; expected:" in message
    assert "idle_timeout_seconds" in message


def test_a_section_written_as_a_value(kiosk_dirs):
    path = write(kiosk_dirs.config_file, 'kiosk = "fast"\n')
    with pytest.raises(ConfigError, match=r"\[kiosk\] must be a table of settings"):
        load_config(path)


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ("ehr", "client_secret"),
        ("ehr", "private_key"),
        ("portal", "api_key"),
        ("ehr", "password"),
        ("practice", "admin_password"),
    ],
)
def test_secrets_in_the_file_are_refused_without_repeating_them(kiosk_dirs, section, key):
    secret = "s3cr3t-Value-9f8e7d"
    path = write(kiosk_dirs.config_file, f'[{section}]\n{key} = "{secret}"\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert f"[{section}] {key}: secrets do not belong in the settings file" in message
    assert f"kiosk credentials set {key}" in message
    assert secret not in message


def test_toml_syntax_error_names_the_file_and_line(kiosk_dirs):
    path = write(kiosk_dirs.config_file, "[kiosk]\nfollow_up_days = 7\nidle_timeout_seconds = \n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert message.startswith(f"The settings file {path} is not valid TOML:")
    assert "line 3" in message


def test_unreadable_bytes(kiosk_dirs):
    kiosk_dirs.config_file.parent.mkdir(parents=True)
    kiosk_dirs.config_file.write_bytes(b"[practice]\nname = '\xff\xfe'\n")
    with pytest.raises(ConfigError, match="Cannot read the settings file"):
        load_config(kiosk_dirs.config_file)


def run_kiosk(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = child_env(dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)))
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[kiosk]\nfollow_up_days = 0\n", "[kiosk] follow_up_days: expected a whole number"),
        ("[kiosk\n", "is not valid TOML"),
        ('[ehr]\nclient_secret = "abc123secret"\n', "secrets do not belong"),
    ],
)
def test_kiosk_run_refuses_a_bad_file_with_one_clear_message(kiosk_dirs, text, expected):
    write(kiosk_dirs.config_file, text)
    proc = run_kiosk("run", "--self-test")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("kiosk: settings problem - ")
    assert expected in lines[0]
    assert "Traceback" not in proc.stderr
    assert "abc123secret" not in proc.stderr
    assert not kiosk_dirs.database.exists()  # refused before touching anything


def test_portal_name_and_reset_button_per_language():
    config = Config.from_mapping(
        {
            "portal": {
                "name": "MyHealth portal",
                "name_es": "portal MyHealth",
                "reset_button": "Trouble signing in?",
            }
        }
    )
    assert config.portal.display_name("en") == "MyHealth portal"
    assert config.portal.display_name("es") == "portal MyHealth"
    # reset_button_es empty: the portal shows the English label to everyone
    assert config.portal.reset_button_label("es") == "Trouble signing in?"
    spanish = Config.from_mapping({"portal": {"reset_button_es": "¿Olvidó su contraseña?"}})
    assert spanish.portal.reset_button_label("es") == "¿Olvidó su contraseña?"
    assert spanish.portal.reset_button_label("en") == "Forgot password?"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name_es": "  "}, "[portal] name_es: must not be empty"),
        ({"name_es": 3}, "[portal] name_es: expected text in quotes"),
        ({"reset_button": '"Forgot?"'}, "[portal] reset_button: expected the button's words"),
        ({"reset_button_es": "x" * 41}, "[portal] reset_button_es: expected the button's words"),
    ],
)
def test_bad_portal_names_are_clear_messages(values, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        Config.from_mapping({"portal": values})
