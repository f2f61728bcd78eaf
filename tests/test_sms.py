"""Text messages (kiosk/sms.py): one segment for every text in every shipped catalogue, the
consent words, the GSM-7 alphabet, sender-name rules.

The words are the catalogue's (locales/kiosk_<code>.ts, compiled), read the way the app and
`kiosk sync` read them, so what is checked is the Spanish that ships."""

from __future__ import annotations

import pytest

from kiosk import languages, sms
from kiosk.config import Config, ConfigError
from kiosk.ui.i18n import Catalogue, locales_dir

words = Catalogue(locales_dir()).text

LONGEST_PRACTICE = "Riverside Family Medicine Ctr"  # 29 characters, then padded to the limit
LONGEST_PRACTICE = (LONGEST_PRACTICE + "XXXXXXXX")[: sms.MAX_SENDER_NAME]
# A link of the longest length the contract allows, with GSM-7 characters only.
LONGEST_LINK = ("https://portal.example.org/a/" + "Ab3dE" * 20)[: sms.MAX_LINK]


def test_gsm7_alphabet_spanish_letters() -> None:
    for inside in "éñüÉÑÜ¿¡":
        assert sms.gsm7_septets(inside) == 1, inside
    for outside in "áíóúÁÍÓÚ":
        assert sms.gsm7_septets(outside) is None, outside
    assert sms.gsm7_septets("€") == 2  # extension table: escape + character
    assert sms.segments("a" * 160).fits
    assert not sms.segments("a" * 161).fits
    assert sms.segments("á" * 70) == sms.Segments(sms.Encoding.UCS2, 70, 70)
    assert not sms.segments("á" + "a" * 70).fits


@pytest.mark.parametrize("language", languages.CODES)
@pytest.mark.parametrize("kind", list(sms.TextKind))
def test_every_text_fits_one_segment_with_longest_name_and_link(language: str, kind) -> None:
    assert len(LONGEST_PRACTICE) == sms.MAX_SENDER_NAME
    assert len(LONGEST_LINK) == sms.MAX_LINK
    template = sms.text_template(kind, language, LONGEST_PRACTICE, words)
    if language != languages.SOURCE_LANGUAGE:  # translated, not the English fallback
        assert template != sms.text_template(kind, "en", LONGEST_PRACTICE), template
    text = template.replace(sms.LINK, LONGEST_LINK)
    measured = sms.segments(text)
    assert measured.encoding == sms.Encoding.GSM7, text
    assert measured.units <= 160, (measured.units, text)
    assert LONGEST_PRACTICE in text  # the practice is named
    assert "STOP" in text


def test_a_text_that_does_not_fit_is_refused_with_numbers() -> None:
    with pytest.raises(sms.TextTooLong, match="characters"):
        sms.text_template(sms.TextKind.INVITATION, "es", "X" * 80, words)
    # One á makes the whole text UCS-2: 70 characters, so it no longer fits.
    with pytest.raises(sms.TextTooLong, match="UCS-2"):
        sms.text_template(sms.TextKind.INVITATION, "es", "Clínica", words)


def test_a_text_is_the_catalogue_s_with_practice_and_link_placeholder() -> None:
    text = sms.text_template(sms.TextKind.PROXY_REMINDER, "es", "Clinica Valle", words)
    assert text == (
        "Clinica Valle: Recordatorio, su acceso al portal de un familiar: {link} "
        "Responda STOP para cancelar."
    )
    # Without a catalogue (the default Words) the English source words.
    assert sms.text_template(sms.TextKind.INVITATION, "es", "Clinica Valle") == (
        "Clinica Valle: Your patient portal invitation: {link} Reply STOP to stop."
    )


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("en", ["Riverside", "will send text messages to (213) 555-0123", "portal invitation",
                "1 a day and 3 a week", "Message and data rates may apply.",
                "Reply STOP to stop."]),
        ("es", ["Riverside", "al (213) 555-0123", "portal del paciente", "1 al día y 3 a la semana",
                "Pueden aplicarse tarifas de mensajes y datos.", "Responda STOP para cancelar."]),
    ],
)  # fmt: skip
def test_consent_words_say_who_what_how_often_rates_and_stop(language, phrases) -> None:
    shown = sms.consent_words(language, "Riverside Family Medicine", "(213) 555-0123", words)
    for phrase in phrases:
        assert phrase in shown


def test_sender_name_rules_in_settings() -> None:
    assert sms.sender_name_problem("Riverside Family Medicine") is None
    assert "30" in sms.sender_name_problem("R" * 31)
    assert "á" in sms.sender_name_problem("Clínica San José")
    assert "double" in sms.sender_name_problem("Clinic [North]")
    with pytest.raises(ConfigError, match="sms_name"):
        Config.from_mapping({"practice": {"name": "Clínica Familiar del Valle Central"}})
    config = Config.from_mapping(
        {"practice": {"name": "Clínica Familiar del Valle Central", "sms_name": "Clinica Valle"}}
    )
    assert config.practice.sms_sender == "Clinica Valle"
