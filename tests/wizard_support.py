"""Driving the wizard as a receptionist does: real kiosk, real clicks, a tap counter."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.app import build_kiosk
from kiosk.config import Config
from kiosk.staff import StaffDirectory, StaffMember
from kiosk.store import Store

ADMIN_PIN = "2468"


@dataclass
class Receptionist:
    """Clicks buttons by objectName on the current page and counts every tap and keystroke."""

    qtbot: object
    kiosk: object
    taps: int = 0
    keystrokes: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def wizard(self):  # noqa: ANN201
        return self.kiosk.extras["wizard"]

    def page(self) -> QWidget:
        return self.wizard.current_page()

    def find(self, name: str, within: QWidget | None = None) -> QPushButton:
        root = within or self.page()
        matches = [b for b in root.findChildren(QPushButton, name) if b.isVisible()]
        assert matches, f"no visible button {name!r} on {root.objectName()}"
        return matches[0]

    def tap(self, name: str, within: QWidget | None = None) -> None:
        button = self.find(name, within)
        assert button.isEnabled(), f"{name} is disabled"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.taps += 1
        self.log.append(name)

    def tap_field(self, field: QWidget) -> None:
        self.qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        self.taps += 1
        self.log.append(field.objectName())

    def type_on_screen(self, text: str, within: QWidget | None = None) -> None:
        """Type on the on-screen keyboard: one tap per key."""
        from kiosk.ui.keyboard import key_object_name

        for char in text:
            self.tap(key_object_name(char), within)

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.kiosk.tasks.busy, timeout=10_000)
        self.qtbot.wait(20)

    def wait_page(self, name: str) -> None:
        self.qtbot.waitUntil(lambda: self.page().objectName() == name, timeout=10_000)


def make_kiosk(kiosk_dirs, qtbot, config: Config | None = None):  # noqa: ANN001, ANN201
    kiosk = build_kiosk(kiosk_dirs, config or Config.defaults())
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    return kiosk


def add_staff(database, name: str = "Ana Ruiz", pin: str = ADMIN_PIN) -> StaffMember:  # noqa: ANN001
    with Store(database) as store:
        directory = StaffDirectory(store)
        first = directory.members()
        actor = first[0].id if first else None
        return directory.create(name, pin, is_admin=not first, actor=actor)


def sign_in(r: Receptionist, member: StaffMember, pin: str = ADMIN_PIN) -> None:
    r.wizard.go(r.wizard.sign_in_page)
    r.settle()
    r.tap(f"staffButton-{member.id}")
    for digit in pin:
        r.tap(f"key_{digit}")
    r.tap("key_submit")
    r.wait_page("startScreen")
