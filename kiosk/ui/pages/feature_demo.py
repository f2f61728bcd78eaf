"""Step 4: show one feature the patient will use (secure messaging or self-scheduling),
as three or four illustrated cards from assets/demo/, with the staff script."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.enrollment import StepId
from kiosk.paths import resource_root
from kiosk.playbook import DEMO_FEATURES, demo_cards
from kiosk.ui.a11y import mark_when_checked
from kiosk.ui.pages import texts
from kiosk.ui.step_page import StepPage, button, label

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.context import StepContext

CARD_SIZE = QSize(190, 190)


class FeatureDemoPage(StepPage):
    step_id = StepId.FEATURE_DEMO

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx.switcher, skippable=True)
        self.setObjectName("featureDemoPage")
        self.ctx = ctx
        self.feature = ctx.config.portal.demo_feature
        switch = QHBoxLayout()
        self.feature_buttons = {}
        for feature in DEMO_FEATURES:
            b = button(f"demo-{feature}")
            mark_when_checked(b)
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, f=feature: self._set_feature(f))
            switch.addWidget(b)
            self.feature_buttons[feature] = b
        switch.addStretch(1)
        self.content.addLayout(switch)
        grid = QGridLayout()
        grid.setSpacing(6)  # long Spanish words in larger text need the width
        self.images: list[QSvgWidget] = []
        self.captions = []
        for index in range(4):
            card = QWidget()
            card.setObjectName("demoCard")
            box = QVBoxLayout(card)
            # Tight: a long Spanish caption on seven lines at larger text needs the height.
            box.setContentsMargins(4, 2, 4, 2)
            box.setSpacing(2)
            image = QSvgWidget()
            image.setFixedSize(CARD_SIZE)
            caption = label("demoCaption")
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            box.addWidget(image, 0, Qt.AlignmentFlag.AlignHCenter)
            box.addWidget(caption)
            grid.addWidget(card, 0, index)
            self.images.append(image)
            self.captions.append(caption)
        self.content.addLayout(grid)
        self.content.addStretch(1)
        self.primary_clicked.connect(self._done)
        ctx.switcher.register(self)
        self._set_feature(self.feature)

    def _set_feature(self, feature: str) -> None:
        self.feature = feature
        for name, b in self.feature_buttons.items():
            b.setChecked(name == feature)
        for image, path in zip(self.images, demo_cards(feature), strict=True):
            full = resource_root() / path
            if full.exists():
                image.load(str(full))
            else:
                image.load(b"")
        self.retranslate()

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self.retranslate()

    def reset(self) -> None:
        super().reset()
        self._set_feature(self.ctx.config.portal.demo_feature)

    def _done(self) -> None:
        feature = self.feature
        self.ctx.apply(
            lambda e: e.complete_step(StepId.FEATURE_DEMO, feature),
            lambda e: self.ctx.advance(),
            self,
        )

    def retranslate(self) -> None:
        super().retranslate()
        messaging = self.feature == "messaging"
        self.set_texts(
            self.tr("Message your care team") if messaging else self.tr("Book your own visits"),
            "",
            # A receptionist's line (issue 11 item 10): the front desk shows the portal; it
            # does not order tests.
            self.tr(
                "Let me show you how to message your care team. You can write to us any time "
                "with questions that aren't urgent, and when your doctor orders tests, you'll "
                "see the results here as soon as they're ready."
            )
            if messaging
            else self.tr(
                "You can book, move or cancel your appointments in the portal, any time of "
                "day, without calling us."
            ),
            self.tr("Next"),
        )
        self.feature_buttons["messaging"].setText(self.tr("Messages"))
        self.feature_buttons["scheduling"].setText(self.tr("Appointments"))
        for number, caption in enumerate(self.captions, start=1):
            caption.setText(texts.demo_caption(self.feature, number))
