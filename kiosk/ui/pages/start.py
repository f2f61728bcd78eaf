"""The screen between patients: the shared StartPage plus the signed-in staff member's tools."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.language import LanguageToggle
from kiosk.ui.start_page import StartPage
from kiosk.ui.step_page import button

if TYPE_CHECKING:
    from kiosk.ui.context import SessionContext


class StartScreen(QWidget):
    def __init__(self, ctx: SessionContext) -> None:
        super().__init__()
        self.setObjectName("startScreen")
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        top = QHBoxLayout()
        top.addStretch(1)
        self.language_toggle = LanguageToggle(ctx.switcher)
        top.addWidget(self.language_toggle)
        layout.addLayout(top)
        self.start_page = StartPage(lambda: ctx.config.portal.display_name(ctx.switcher.language))
        self.start_page.setProperty("audience", "patient")
        self.start_page.start.setObjectName("startButton")
        self.start_page.start.setProperty("primary", True)
        self.start_page.start_requested.connect(ctx.begin_patient)
        layout.addWidget(self.start_page, 1)
        staff = QHBoxLayout()
        self.sign_out_button = button("signOutButton")
        self.sign_out_button.clicked.connect(ctx.sign_out)
        self.admin_button = button("adminButton")
        self.admin_button.clicked.connect(ctx.open_admin)
        staff.addWidget(self.sign_out_button)
        staff.addStretch(1)
        staff.addWidget(self.admin_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(staff)
        ctx.switcher.register(self)
        ctx.switcher.register(self.start_page)
        self.retranslate()

    def enter(self, enrollment: object) -> None:
        # Shown to every staff member: the admin menu asks for an administrator's PIN anyway,
        # so a receptionist can call an administrator over without signing out.
        self.admin_button.setVisible(self.ctx.staff is not None)

    def retranslate(self) -> None:
        self.sign_out_button.setText(self.tr("Staff: sign out"))
        self.admin_button.setText(self.tr("Admin menu"))
