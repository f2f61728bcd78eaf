"""The screen a patient sees between visits: no patient data, one way in for staff."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kiosk.ui.plain import plain_label


class StartPage(QWidget):
    start_requested = Signal()

    def __init__(self, portal_name: Callable[[], str], parent: QWidget | None = None) -> None:
        """`portal_name()` gives the portal's name in the language being shown."""
        super().__init__(parent)
        self.setObjectName("startPage")
        self._portal_name = portal_name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 60)
        layout.addStretch(1)
        self.title = plain_label(objectName="pageTitle", wordWrap=True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = plain_label(objectName="bodyText", wordWrap=True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start = QPushButton()
        self.start.setObjectName("primaryButton")
        self.start.setMinimumHeight(72)
        self.start.clicked.connect(self.start_requested)
        layout.addWidget(self.title)
        layout.addSpacing(16)
        layout.addWidget(self.body)
        layout.addSpacing(40)
        layout.addWidget(self.start, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sign up for the %1").replace("%1", self._portal_name()))
        self.body.setText(
            self.tr(
                "Message your care team, see test results and book "
                "appointments from your phone. It takes two minutes."
            )
        )
        self.start.setText(self.tr("Start"))
