"""Long names and addresses stay whole on screen: the field's type shrinks (to a floor) so the
entire value is visible, typed the way a receptionist types, on the on-screen keys."""

from __future__ import annotations

import pytest

from kiosk.ui.fit_field import FitLineEdit
from kiosk.ui.keyboard import name_key_object_name


@pytest.fixture
def r(signed_in):
    return signed_in()


def fully_visible(field: FitLineEdit) -> bool:
    return field.text_width_at(field.shown_px) <= field.room()


def test_a_long_family_name_and_a_45_character_email_are_shown_whole(r):
    r.tap("startButton")
    find = r.page()
    r.type_on_screen("guadalupe")
    r.tap_field(find.family)
    natural = find.family.natural_px
    r.type_on_screen("hern")
    assert find.family.shown_px == natural  # a short value keeps the theme's size
    r.tap(name_key_object_name("á"))
    r.type_on_screen("ndez-villalobos")
    assert find.family.text() == "Hernández-Villalobos"
    assert fully_visible(find.family)
    assert find.family.floor_px <= find.family.shown_px <= natural
    r.tap_field(find.birth)
    r.type_on_screen("07041950")
    r.tap("primaryButton")
    r.wait_page("contactPage")
    contact = r.page()
    email = "guadalupe.hernandez-villalobos7@sbcglobal.net"
    assert len(email) == 45
    r.type_on_screen(email)
    assert contact.email.text() == email
    assert fully_visible(contact.email)  # the field is as wide as the row: 45 fit at 28 px
    # A longer one (the field's row leaves it ~800 px) has to shrink, and then shows whole.
    r.type_on_screen(".example-mail-relay.com")
    assert len(contact.email.text()) == 68
    assert contact.email.shown_px < contact.email.natural_px  # it had to shrink...
    assert fully_visible(contact.email)  # ...and now all of it shows
    assert contact.email.shown_px >= contact.email.floor_px
    # Clearing it and typing a short address brings the theme's size back.
    r.tap("key_clear", contact)
    r.type_on_screen("g@x.org")
    assert contact.email.shown_px == contact.email.natural_px
