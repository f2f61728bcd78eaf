"""Step 5: the portal's mobile app - two QR codes (App Store, Google Play) from the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.enrollment import StepId
from kiosk.ui.qr_view import QrCodeView
from kiosk.ui.step_page import StepPage, label

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.context import StepContext


class AppInstallPage(StepPage):
    step_id = StepId.APP_INSTALL
    patient_on_own_phone = True  # the idle countdown waits longer here

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx.switcher, skippable=True)
        self.setObjectName("appInstallPage")
        self.ctx = ctx
        row = QHBoxLayout()
        row.setSpacing(32)
        self.codes: list[QrCodeView] = []
        self.captions = []
        for name in ("iosQr", "androidQr"):
            column = QVBoxLayout()
            qr = QrCodeView()
            qr.setObjectName(name)
            qr.setFixedSize(280, 280)
            caption = label("qrCaption")
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(qr, 0, Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(caption)
            column.addStretch(1)
            row.addLayout(column)
            self.codes.append(qr)
            self.captions.append(caption)
        self.content.addLayout(row, 1)
        self.primary_clicked.connect(self._done)
        ctx.switcher.register(self)
        self.retranslate()

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        portal = self.ctx.config.portal
        self.codes[0].set_data(portal.ios_app_url)
        self.codes[1].set_data(portal.android_app_url)

    def reset(self) -> None:
        super().reset()
        for qr in self.codes:
            qr.set_data(None)

    def _done(self) -> None:
        self.ctx.apply(
            lambda e: e.complete_step(StepId.APP_INSTALL, "qr-shown"),
            lambda e: self.ctx.advance(),
            self,
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.set_texts(
            self.tr("Get the app on your phone"),
            self.tr("Open your phone's camera and point it at the code for your phone."),
            self.tr(
                "The app is the easiest way to check your messages. iPhone: the left code. "
                "Android: the right code. Then sign in with the same email and password."
            ),
            self.tr("Next"),
        )
        self.captions[0].setText(self.tr("iPhone: App Store"))
        self.captions[1].setText(self.tr("Android: Google Play"))
