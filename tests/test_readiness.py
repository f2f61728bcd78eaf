"""`kiosk doctor --ready` and kiosk.readiness: every placeholder is caught, and the portal login
page must really answer over https (a real TLS server on 127.0.0.1 with a test certificate)."""

from __future__ import annotations

import socket
import textwrap

import pytest

from kiosk import cli
from kiosk.config import Config
from kiosk.readiness import check_ready, placeholder_problems
from tests.https_server import HttpsServer

READY = {
    "practice": {"name": "Lakeside Health Center", "phone": "+1 503 494 8311"},
    "portal": {
        "login_url": "https://portal.lakeside-health.test/login",
        "ios_app_url": "https://apps.apple.com/us/app/mychart/id382952264",
        "android_app_url": "https://play.google.com/store/apps/details?id=epic.mychart.android",
    },
}


def config_with(**changes: dict) -> Config:
    data = {section: dict(values) for section, values in READY.items()}
    for section, values in changes.items():
        data.setdefault(section, {}).update(values)
    return Config.from_mapping(data)


def test_a_real_configuration_has_no_placeholders():
    assert placeholder_problems(config_with()) == []


def test_the_shipped_defaults_are_all_caught():
    problems = placeholder_problems(Config.defaults())
    text = "\n".join(problems)
    for expected in (
        "[portal] login_url is a placeholder",
        "[portal] ios_app_url has an App Store id of zeros",
        "[portal] android_app_url names a placeholder app",
        "[practice] phone is a fictional 555-01xx number",
        "[practice] name is still the example",
    ):
        assert expected in text
    assert len(problems) == 5


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"portal": {"login_url": "https://portal.example.org/login"}}, "[portal] login_url"),
        ({"portal": {"login_url": "https://mychart.example.com/"}}, "[portal] login_url"),
        ({"portal": {"login_url": "https://EXAMPLE.COM/login"}}, "[portal] login_url"),
        ({"portal": {"ios_app_url": "https://apps.example.org/app/1"}}, "[portal] ios_app_url"),
        ({"portal": {"ios_app_url": "https://apps.apple.com/app/id0000000000"}}, "id of zeros"),
        ({"portal": {"ios_app_url": "https://apps.apple.com/us/app/x/id000"}}, "id of zeros"),
        (
            {
                "portal": {
                    "android_app_url": "https://play.google.com/store/apps/details?id=org.example.portal"
                }
            },  # noqa: E501
            "[portal] android_app_url",
        ),
        ({"portal": {"api_url": "https://api.example.org/v1"}}, "[portal] api_url"),
        ({"ehr": {"fhir_base_url": "https://ehr.example.org/fhir/R4", "auth": "none"}}, "[ehr]"),
        ({"practice": {"phone": "+1 213 555 0100"}}, "555-01xx"),
        ({"practice": {"phone": "(503) 555-0199"}}, "555-01xx"),
        ({"practice": {"phone": "503-555-0142"}}, "555-01xx"),
        ({"practice": {"name": "Riverside Family Medicine"}}, "[practice] name"),
    ],
)
def test_each_placeholder_is_caught(changes, expected):
    problems = placeholder_problems(config_with(**changes))
    assert len(problems) == 1, problems
    assert expected in problems[0]


@pytest.mark.parametrize("phone", ["+1 503 555 0200", "+1 503 555 1234", "+44 20 7946 0958"])
def test_real_555_numbers_outside_the_fiction_range_pass(phone):
    assert placeholder_problems(config_with(practice={"phone": phone})) == []


def test_login_page_answering_over_https_is_ready(tmp_path, monkeypatch):
    with HttpsServer(tmp_path) as server:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca_file))
        assert check_ready(config_with(portal={"login_url": server.url("/login")})) == []


def test_an_untrusted_certificate_is_not_ready(tmp_path, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with HttpsServer(tmp_path) as server:
        problems = check_ready(config_with(portal={"login_url": server.url("/login")}))
    assert problems == [f"[portal] login_url has no valid https certificate ({server.url()})."]


def test_a_login_page_that_is_missing_is_not_ready(tmp_path, monkeypatch):
    with HttpsServer(tmp_path) as server:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca_file))
        problems = check_ready(config_with(portal={"login_url": server.url("/nowhere")}))
    assert len(problems) == 1 and "answers HTTP 404" in problems[0]


def test_a_login_url_nobody_answers_is_not_ready(monkeypatch):
    with socket.socket() as sock:  # a port that was free a moment ago: connection refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    problems = check_ready(config_with(portal={"login_url": f"https://localhost:{port}/login"}))
    assert len(problems) == 1 and "does not answer" in problems[0]


def test_plain_http_login_url_is_not_ready():
    problems = check_ready(config_with(portal={"login_url": "http://127.0.0.1:9/login"}))
    assert problems == [
        "[portal] login_url must be an https:// address (http://127.0.0.1:9/login)."
    ]


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_doctor_ready_fails_on_the_defaults_one_line_per_problem(kiosk_dirs, capsys):
    assert cli.main(["doctor", "--ready"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert all(line.startswith("NOT READY: ") for line in lines)


def test_doctor_ready_passes_with_the_machine_wide_settings(
    kiosk_dirs, tmp_path, monkeypatch, capsys
):
    with HttpsServer(tmp_path) as server:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca_file))
        _write(
            kiosk_dirs.machine_config_file,
            f"""\
            [practice]
            name = "Lakeside Health Center"
            phone = "+1 503 494 8311"
            [portal]
            login_url = "{server.url("/login")}"
            ios_app_url = "https://apps.apple.com/us/app/mychart/id382952264"
            android_app_url = "https://play.google.com/store/apps/details?id=epic.mychart.android"
            """,
        )
        assert cli.main(["doctor", "--ready"]) == 0
    assert capsys.readouterr().out == "ready for patients\n"


def test_doctor_ready_reports_a_broken_settings_file(kiosk_dirs, capsys):
    _write(kiosk_dirs.machine_config_file, "[practice]\nname = \n")
    assert cli.main(["doctor", "--ready"]) == 1
    out = capsys.readouterr().out
    assert (
        out.startswith("NOT READY: settings problem") and str(kiosk_dirs.machine_config_file) in out
    )
