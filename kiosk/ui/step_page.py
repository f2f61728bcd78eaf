"""The frame every wizard screen shares, so each page only fills in what is its own.

    +-------------------------------------------------+---------------------+
    | Step 2 of 7  (1)(2)(3)(4)(5)(6)(7)(F)  [Espanol] | [Larger text]       |
    | [Back] Title                                    |                     |
    | What to do (large patient text)                 | For staff - say:    |
    | <page content: fields, keyboard, QR codes...>   | "script line"       |
    |                                                 | [Skip] [Declines]   |
    |                                                 | message             |
    |                                                 | [    Primary    ]   |
    +-------------------------------------------------+---------------------+

The staff panel (QFrame#staffPanel) is the receptionist's: a different colour, smaller type,
on the right where the patient's eye does not start. The patient side has large text and one
large primary action. Everything the patient reads sits in a container with the dynamic
property audience="patient" (the left column, the language/text-size corner and the action
box); the theme's "Larger text" scaling and the layout test's minimum sizes apply there.
Skipping asks for a reason inline (no pop-up dialogs on a touchscreen).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.playbook import SKIP_REASONS
from kiosk.ui.a11y import announce, mark_when_checked
from kiosk.ui.keyboard import FieldKeyboard
from kiosk.ui.language import LanguageSwitcher, LanguageToggle
from kiosk.ui.pages import texts
from kiosk.ui.stepper import ProgressStepper

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.text_size import TextSize

STAFF_PANEL_WIDTH = 320
PRIMARY_TEXT_PX = 28  # theme.qss: the side column's primary button type (x text scale)


def patient_area(widget: QWidget) -> QWidget:
    """Mark a container as patient-facing: theme sizes for older eyes, Larger text scaling."""
    widget.setProperty("audience", "patient")
    return widget


def button(name: str, parent: QWidget | None = None, primary: bool = False) -> QPushButton:
    """A touch button with a stable objectName (tests and the theme find it by that)."""
    b = QPushButton(parent)
    b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.setAutoDefault(False)
    if primary:
        b.setProperty("primary", True)
    b.setMinimumSize(56, 56)
    return b


def fit_lines(text: str, metrics: QFontMetrics, room: int) -> str:
    """`text` as it fits `room` px: one line, else two balanced lines, else as many lines as
    needed (a long word at larger text) - for buttons, which do not wrap by themselves."""
    text = " ".join(text.split())
    if metrics.horizontalAdvance(text) <= room or " " not in text:
        return text
    two = two_lines(text, metrics)
    if max(metrics.horizontalAdvance(line) for line in two.split("\n")) <= room:
        return two
    lines: list[str] = []
    for word in text.split(" "):
        if lines and metrics.horizontalAdvance(lines[-1] + " " + word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def two_lines(text: str, metrics: QFontMetrics) -> str:
    """`text` on two lines of about equal width (a QPushButton does not wrap by itself)."""
    words = " ".join(text.split()).split(" ")
    if len(words) < 2:
        return text
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(
        splits, key=lambda pair: max(metrics.horizontalAdvance(part) for part in pair)
    )
    return first + "\n" + second


def button_text_room(widget: QPushButton, width: int) -> int:
    """The px a `width`-wide button has for its words and icon: the theme's border and
    padding off."""
    widget.ensurePolished()
    option = QStyleOptionButton()
    widget.initStyleOption(option)
    option.rect = QRect(0, 0, width, max(widget.height(), 56))
    box = widget.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, widget)
    return box.width()


def fit_side_choice(widget: QPushButton, text: str) -> str:
    """`text` for a button as wide as the side column: whole words on as many lines as its
    current (theme, text-size) font needs, room left for the check mark a chosen choice
    carries, so it keeps its lines when chosen."""
    room = button_text_room(widget, STAFF_PANEL_WIDTH) - widget.iconSize().width() - 4
    return fit_lines(text, QFontMetrics(widget.font()), room)


def wrap_label(widget: QWidget, text: str, room_px: int) -> str:
    """`text` fitted to `room_px` (fit_lines) in the widget's own (theme) font."""
    widget.ensurePolished()
    return fit_lines(text, QFontMetrics(widget.font()), room_px)


class ScriptArea(QScrollArea):
    """A word-wrapped label at its full height when the room allows, scrolling when not (a
    longer language than the layout was drawn for)."""

    def __init__(self, text: QLabel) -> None:
        super().__init__()
        self.setObjectName("staffScriptArea")
        self.text = text
        self.setWidget(text)
        self.setWidgetResizable(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        text = self.text
        width = self.viewport().width() if self.isVisible() else text.width()
        return QSize(width, text.heightForWidth(max(1, width)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the text's height depends on the width

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, min(self.sizeHint().height(), self.text.fontMetrics().height() * 3))


def label(name: str, wrap: bool = True) -> QLabel:
    widget = QLabel()
    widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


class StepPage(QWidget):
    """Base class for one screen of the wizard. Subclasses add widgets to `self.content`
    and set their words in `retranslate()` through `set_texts()`."""

    primary_clicked = Signal()
    back_clicked = Signal()
    skip_chosen = Signal(str)  # a playbook skip-reason id
    decline_clicked = Signal()

    step_id: str | None = None  # the checklist step this page shows (kiosk/ui/step_registry.py)

    def __init__(
        self,
        switcher: LanguageSwitcher,
        *,
        patient_facing: bool = True,
        back: bool = True,
        skippable: bool = False,
        declinable: bool = True,
        staff_panel: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.switcher = switcher
        self.patient_facing = patient_facing  # False: staff-only screen (sign-in, admin)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(20, 10, 14, 10)
        outer.setSpacing(14)

        # Left: the patient's side - progress, Back, the title, what to do, the content.
        self.patient_side = QWidget(self)
        self.patient_side.setObjectName("patientSide")
        if patient_facing:
            patient_area(self.patient_side)
        patient = QVBoxLayout(self.patient_side)
        patient.setContentsMargins(0, 0, 0, 0)
        patient.setSpacing(8)
        progress = QHBoxLayout()
        self.stepper = ProgressStepper()
        self.stepper.setVisible(patient_facing and staff_panel)
        progress.addWidget(self.stepper, 1)
        self.language_toggle = None
        if patient_facing:
            self.language_toggle = LanguageToggle(switcher)
            progress.addWidget(self.language_toggle, 0, Qt.AlignmentFlag.AlignTop)
        patient.addLayout(progress)
        top = QHBoxLayout()
        self.back_button = button("backButton")
        self.back_button.clicked.connect(self.back_clicked)
        self.back_button.setVisible(back)
        self.title = label("pageTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        patient.addLayout(top)
        self.instructions = label("instructions")
        patient.addWidget(self.instructions)

        # The body is a stack: the page's own content, or the skip-reason chooser over it.
        self.body = QStackedWidget()
        content_holder = QWidget()
        self.content = QVBoxLayout(content_holder)
        self.content.setContentsMargins(0, 0, 0, 0)
        self.content.setSpacing(8)
        self.body.addWidget(content_holder)
        self.body.addWidget(self._build_skip_chooser())
        patient.addWidget(self.body, 1)
        outer.addWidget(self.patient_side, 1)

        # Right: progress and language, the staff panel, then the one primary action.
        side_holder = self.side_column = QWidget(self)
        side_holder.setObjectName("sideColumn")
        side_holder.setFixedWidth(STAFF_PANEL_WIDTH)
        side = QVBoxLayout(side_holder)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(6)
        corner_holder = QWidget()
        corner_holder.setObjectName("patientCorner")
        patient_area(corner_holder)
        corner = QVBoxLayout(corner_holder)
        corner.setContentsMargins(0, 0, 0, 0)
        corner.setSpacing(8)
        self.larger_text = button("largerTextToggle")
        self.larger_text.setCheckable(True)
        mark_when_checked(self.larger_text)
        self.larger_text.setVisible(False)  # shown once the wizard gives it a TextSize
        self._text_size: TextSize | None = None
        if patient_facing:
            corner.addWidget(self.larger_text)
        side.addWidget(corner_holder)

        self.staff_panel = QFrame()
        self.staff_panel.setObjectName("staffPanel")
        staff = QVBoxLayout(self.staff_panel)
        staff.setContentsMargins(14, 10, 10, 10)
        staff.setSpacing(8)
        self.staff_heading = label("staffHeading")
        self.staff_script = label("staffScript")
        self.staff_script.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        staff.addWidget(self.staff_heading)
        # The script scrolls (by touch) when a language makes it longer than the panel; in
        # English and Spanish it fits and no scroll bar shows.
        self.staff_script_area = ScriptArea(self.staff_script)
        self.staff_script_area.setFrameShape(QFrame.Shape.NoFrame)
        self.staff_script_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.staff_script_area.viewport().setAutoFillBackground(False)
        self.staff_script.setAutoFillBackground(False)
        QScroller.grabGesture(
            self.staff_script_area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        staff.addWidget(self.staff_script_area)
        self.staff_extra = QVBoxLayout()  # pages add staff-only buttons here
        self.staff_extra.setSpacing(8)
        staff.addLayout(self.staff_extra)
        self.skip_button = button("skipButton")
        self.skip_button.clicked.connect(lambda: self.body.setCurrentIndex(1))
        self.skip_button.setVisible(skippable)
        self.decline_button = button("declineButton")
        self.decline_button.clicked.connect(self.decline_clicked)
        self.decline_button.setVisible(declinable)
        staff.addWidget(self.skip_button)
        staff.addWidget(self.decline_button)
        # The panel is as tall as its script and buttons: no tall empty yellow box.
        side.addWidget(self.staff_panel)
        self.staff_panel.setVisible(staff_panel)
        side.addStretch(1)
        self.message = label("errorText")
        self.primary = button("primaryButton", primary=True)
        self.primary.clicked.connect(self.primary_clicked)
        self.side_extra = QVBoxLayout()  # patient choices that belong next to the action
        self.side_extra.setSpacing(8)
        if staff_panel or patient_facing:
            action_box = QWidget()
            action_box.setObjectName("patientActions")
            if patient_facing:
                patient_area(action_box)
            actions = QVBoxLayout(action_box)
            actions.setContentsMargins(0, 0, 0, 0)
            actions.setSpacing(6)
            actions.addLayout(self.side_extra)
            actions.addWidget(self.message)
            actions.addWidget(self.primary)
            side.addWidget(action_box)
            outer.addWidget(side_holder)
        else:  # staff-only screens (sign-in, admin) use the full width
            side_holder.hide()
            bottom = QHBoxLayout()
            bottom.addWidget(self.message, 1)
            bottom.addWidget(self.primary)
            patient.addLayout(bottom)
        switcher.register(self)

    def _build_skip_chooser(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("skipChooser")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        self.skip_question = label("skipQuestion")
        layout.addWidget(self.skip_question)
        self.skip_reason_buttons: dict[str, QPushButton] = {}
        for reason in SKIP_REASONS:
            b = button(f"skipReason-{reason}")
            b.clicked.connect(lambda _=False, r=reason: self._skip(r))
            layout.addWidget(b)
            self.skip_reason_buttons[reason] = b
        self.skip_cancel = button("skipCancel")
        self.skip_cancel.clicked.connect(lambda: self.body.setCurrentIndex(0))
        layout.addWidget(self.skip_cancel)
        layout.addStretch(1)
        return panel

    def _skip(self, reason: str) -> None:
        self.body.setCurrentIndex(0)
        self.skip_chosen.emit(reason)

    # ---- what subclasses call ----------------------------------------------------------
    def set_texts(
        self,
        title: str,
        instructions: str,
        script: str,
        primary: str | None,
    ) -> None:
        self.title.setText(title)
        self.instructions.setText(instructions)
        self.instructions.setVisible(bool(instructions))
        self.staff_script.setText(script)
        self.staff_script_area.updateGeometry()
        if primary is None:
            self.primary.hide()
        else:
            self.primary.setText(primary)
            self.primary.show()
            self._fit_primary()

    def _fit_primary(self) -> None:
        """A label too long for one line (often in Spanish) goes on two balanced lines in the
        same large type, rather than shrinking or being clipped; the button keeps its size."""
        text = " ".join(self.primary.text().split())
        font = QFont(self.primary.font())
        scale = self._text_size.scale if self._text_size is not None else 1.0
        font.setPixelSize(int(PRIMARY_TEXT_PX * scale + 0.5))
        font.setBold(True)
        metrics = QFontMetrics(font)
        room = STAFF_PANEL_WIDTH - 24  # the side column's button, less its padding and border
        text = fit_lines(text, metrics, room)
        if text != self.primary.text():
            self.primary.setText(text)

    def show_message(self, text: str | Callable[[], str], kind: str = "error") -> None:
        """A line next to the primary action: `kind` error / info / ok (styled by the theme).
        Pass a callable returning self.tr(...) and the line follows language switches."""
        self._message_source = text if callable(text) else None
        self.message.setText(text() if callable(text) else text)
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        # Spoken at once: an error interrupts, information waits for a pause.
        announce(self.message, self.message.text(), assertive=kind == "error")

    def clear_message(self) -> None:
        self._message_source = None
        self.message.clear()

    def attach_text_size(self, text_size: TextSize) -> None:
        """The wizard's shared TextSize: the toggle switches it, and follows it."""
        self._text_size = text_size
        if self.language_toggle is None:
            return
        self.larger_text.setVisible(True)
        self.larger_text.setChecked(text_size.larger)
        self.larger_text.clicked.connect(lambda checked: text_size.set_larger(checked))
        text_size.changed.connect(self._text_size_changed)

    def _text_size_changed(self, scale: float) -> None:
        self.larger_text.setChecked(scale != 1.0)
        # Texts fitted to a width (buttons on two lines) are fitted again at the new size.
        self.retranslate()
        if self.primary.isVisibleTo(self):
            self.primary.setText(" ".join(self.primary.text().split()))
            self._fit_primary()

    # ---- lifecycle the wizard drives -----------------------------------------------------
    def enter(self, enrollment: Enrollment | None) -> None:
        """The page is about to show `enrollment` (render its state)."""
        self.body.setCurrentIndex(0)
        self.clear_message()

    def leave(self) -> None:
        """The page is hidden: stop timers and polling."""

    def reset(self) -> None:
        """Idle wipe / next patient: forget everything about the patient."""
        self.body.setCurrentIndex(0)
        self.clear_message()

    def retranslate(self) -> None:
        source = getattr(self, "_message_source", None)
        if source is not None:
            self.message.setText(source())
        self.stepper.retranslate()
        self.larger_text.setText(QCoreApplication.translate("StepPage", "Larger text"))
        self.staff_heading.setText(QCoreApplication.translate("StepPage", "For staff - say:"))
        # A staff-panel button's content box: panel margins and stripe, button padding.
        staff_room = STAFF_PANEL_WIDTH - 52
        self.back_button.setText(QCoreApplication.translate("StepPage", "Back"))
        self.skip_button.setText(
            wrap_label(
                self.skip_button,
                QCoreApplication.translate("StepPage", "Skip this step"),
                staff_room,
            )
        )
        self.decline_button.setText(
            wrap_label(
                self.decline_button,
                QCoreApplication.translate("StepPage", "Patient declines"),
                staff_room,
            )
        )
        self.skip_question.setText(
            QCoreApplication.translate("StepPage", "Why are you skipping this step?")
        )
        for reason, b in self.skip_reason_buttons.items():
            b.setText(texts.skip_reason(reason))
        self.skip_cancel.setText(QCoreApplication.translate("StepPage", "Cancel - do not skip"))


class KeyboardSlot(QStackedWidget):
    """One place on the page for the on-screen keyboard: tapping a field attaches the keyboard
    that suits it (letters for names and email, digits for phone and dates) and shows it."""

    field_focused = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboardSlot")
        self._fields: dict[QLineEdit, FieldKeyboard] = {}

    def bind(self, field: QLineEdit, keyboard: FieldKeyboard) -> None:
        if self.indexOf(keyboard) < 0:
            self.addWidget(keyboard)
        self._fields[field] = keyboard
        field.installEventFilter(self)

    def activate(self, field: QLineEdit) -> None:
        keyboard = self._fields[field]
        keyboard.attach(field)
        self.setCurrentWidget(keyboard)
        if not field.hasFocus():
            field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.field_focused.emit(field)

    def active_field(self) -> QLineEdit | None:
        keyboard = self.currentWidget()
        return keyboard.field() if isinstance(keyboard, FieldKeyboard) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            isinstance(watched, QLineEdit)
            and watched in self._fields
            and event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress)
        ):
            keyboard = self._fields[watched]
            if keyboard.field() is not watched or self.currentWidget() is not keyboard:
                keyboard.attach(watched)
                self.setCurrentWidget(keyboard)
                self.field_focused.emit(watched)
        return False
