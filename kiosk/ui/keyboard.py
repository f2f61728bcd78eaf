"""On-screen keyboards for a tablet with no physical keyboard.

A purpose-built QWidget keyboard is lighter than Qt Virtual Keyboard (a QML plugin that grew the
bundle to 515 MB) and fits the task: email addresses are lowercase, and most patients' addresses
end in one of a handful of domains, so each of those is a single tap.

Keys never take focus, so the attached field keeps its cursor and selection; text is inserted at
the cursor (replacing a selection) exactly as typing would.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.a11y import mark_when_checked
from kiosk.ui.plain import plain_label

KEY_MIN = 56  # px; the touch minimum is 48, the theme uses 56-72
KEY_MAX_HEIGHT = 72
PAD_KEY = True  # digit pads: fewer, larger keys of fixed height (theme.qss sets it)

EMAIL_ROWS = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl@",
    "zxcvbnm.-_",
)
SYMBOL_NAMES = {"@": "at", ".": "dot", "-": "dash", "_": "underscore"}
# One-tap endings, most common first (US patients). Object names: key_dotcom, key_gmail, ...
DOMAIN_KEYS = (
    ("dotcom", ".com"),
    ("gmail", "@gmail.com"),
    ("yahoo", "@yahoo.com"),
    ("hotmail", "@hotmail.com"),
    ("outlook", "@outlook.com"),
    ("icloud", "@icloud.com"),
)


def key_object_name(char: str) -> str:
    """key_a, key_7, key_at, key_dot, key_dash, key_underscore."""
    return "key_" + SYMBOL_NAMES.get(char, char)


def _make_key(text: str, name: str, role: str = "char", pad: bool = False) -> QPushButton:
    """A key that never takes focus. Pad keys keep the theme's height; others grow to 72 px.

    Letter keys may shrink to KEY_MIN; word keys (Clear, Done, @hotmail.com...) keep at least
    the width of their label (QPushButton's minimumSizeHint), so a narrow page squeezes the
    letters, never clips a word. theme.qss min-height/min-width override setMinimumSize, so
    KEY_MIN is only the floor when no theme is loaded.
    """
    key = QPushButton(text) if role == "char" or pad else _WordKey(text)
    key.setObjectName(name)
    key.setProperty("keyRole", role)  # theme.qss styles keys by role
    key.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps its cursor
    key.setAutoDefault(False)
    key.setMinimumSize(KEY_MIN, KEY_MIN)
    if pad:
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    else:
        key.setMaximumHeight(KEY_MAX_HEIGHT)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return key


class _WordKey(QPushButton):
    """A key with a word on it (Clear, Done, @hotmail.com): never narrower than its label in
    the current language and theme font. The theme's min-width would otherwise let a layout
    squeeze it down to 56 px and clip the word."""

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit()
        return handled

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        width = max(KEY_MIN, self.sizeHint().width())
        if self.minimumWidth() != width:
            self.setMinimumWidth(width)


def _name_symbol_keys(keys: dict[str, QPushButton]) -> None:
    """Punctuation keys get a spoken word: screen readers skip punctuation at some
    verbosity levels, and "@" read as nothing makes an email address impossible to check."""
    spoken = {
        "key_at": QCoreApplication.translate("Keyboard", "at sign"),
        "key_dot": QCoreApplication.translate("Keyboard", "dot"),
        "key_dash": QCoreApplication.translate("Keyboard", "hyphen"),
        "key_underscore": QCoreApplication.translate("Keyboard", "underscore"),
        "key_apostrophe": QCoreApplication.translate("Keyboard", "apostrophe"),
    }
    for name, word in spoken.items():
        if name in keys:
            keys[name].setAccessibleName(word)


def _icon_key(key: QPushButton, icon: str, name: str) -> None:
    """A symbol-only key (the universal delete sign fits any width and needs no translation);
    screen readers and tests get the word."""
    key.setText(icon)
    key.setAccessibleName(name)
    key.setToolTip(name)


class FieldKeyboard(QWidget):
    """Shared behaviour: one attached QLineEdit, insert at its cursor, backspace, clear."""

    done: Signal  # each keyboard declares its own

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._field: QLineEdit | None = None

    def _action_key(self, row: int) -> QPushButton | None:
        """The wide key ending rows 0-2 on every field keyboard: Delete (hold to repeat),
        Clear, Done; None for other rows, which each keyboard ends its own way."""
        if row == 0:
            key = _make_key("", "key_backspace", "action")
            key.setAutoRepeat(True)  # hold to delete several characters
            key.clicked.connect(self._backspace)
        elif row == 1:
            key = _make_key("", "key_clear", "action")
            key.clicked.connect(self._clear)
        elif row == 2:
            key = _make_key("", "key_done", "done")
            key.clicked.connect(self.done)  # each keyboard declares its `done` signal
        else:
            return None
        return key

    def attach(self, line_edit: QLineEdit | None) -> None:
        """Type into `line_edit` from now on (None detaches)."""
        self._field = line_edit

    def field(self) -> QLineEdit | None:
        return self._field

    def _insert(self, text: str) -> None:
        if self._field is None or self._field.isReadOnly():
            return
        self._field.insert(text)  # at the cursor, replacing any selection; honours maxLength

    def _backspace(self) -> None:
        if self._field is not None and not self._field.isReadOnly():
            self._field.backspace()

    def _clear(self) -> None:
        if self._field is not None and not self._field.isReadOnly():
            # select + delete (not clear()): emits textEdited for live validation, and undo works.
            self._field.selectAll()
            self._field.del_()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass


class EmailKeyboard(FieldKeyboard):
    """Lowercase letters, digits, @ . - _, one-tap domain endings, Delete, Clear, Done."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emailKeyboard")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(6)
        self.keys: dict[str, QPushButton] = {}
        for index, row in enumerate(EMAIL_ROWS):
            line = QHBoxLayout()
            line.setSpacing(6)
            for char in row:
                key = _make_key(char, key_object_name(char))
                key.clicked.connect(lambda _=False, c=char: self._insert(c))
                line.addWidget(key, 2)  # action keys are 1.5 keys wide
                self.keys[key.objectName()] = key
            action = self._row_action(index)
            line.addWidget(action, 3)
            self.keys[action.objectName()] = action
            outer.addLayout(line)
        # One row of one-tap endings, most common first. At hint size (24 px, 30 px with
        # larger text) not all of them fit the keyboard's width: those that do not are hidden
        # (a patient with one of those types it), never squeezed or clipped.
        # The row asks for no width of its own (Ignored): the letters decide the keyboard's.
        self.domain_row = QWidget()
        self.domain_row.setObjectName("domainRow")
        self.domain_row.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.domains = QHBoxLayout(self.domain_row)
        self.domains.setContentsMargins(0, 0, 0, 0)
        self.domains.setSpacing(6)
        self.domain_keys: list[QPushButton] = []
        for name, ending in DOMAIN_KEYS[1:]:
            key = _make_key(ending, f"key_{name}", "domain")
            key.clicked.connect(lambda _=False, e=ending: self._insert(e))
            self.domains.addWidget(key, len(ending))  # sized to its text
            self.keys[key.objectName()] = key
            self.domain_keys.append(key)
        self.domains.addStretch(0)
        outer.addWidget(self.domain_row)
        self.domain_row.installEventFilter(self)
        self.retranslate()

    def _fit_domains(self) -> None:
        """Show the endings, in order, as long as they fit the row's width."""
        room = self.domain_row.width()
        used = 0
        fits = True
        for key in self.domain_keys:
            need = key.sizeHint().width() + (self.domains.spacing() if used else 0)
            fits = fits and used + need <= room
            used += need if fits else 0
            if key.isVisibleTo(self.domain_row) != fits:
                key.setVisible(fits)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # Resized, or a key's size changed (language, text size): fit the row again.
        if watched is self.domain_row and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.LayoutRequest,
        ):
            self._fit_domains()
        return super().eventFilter(watched, event)

    def _row_action(self, row: int) -> QPushButton:
        """The wide key at the end of each row: Delete, Clear, Done, .com."""
        key = self._action_key(row)
        if key is None:
            key = _make_key(".com", "key_dotcom", "domain")
            key.clicked.connect(lambda _=False: self._insert(".com"))
        return key

    def key(self, name: str) -> QPushButton:
        """The key with object name `name` (for pages and tests)."""
        return self.keys[name]

    def retranslate(self) -> None:
        _icon_key(self.keys["key_backspace"], "\u232b", self.tr("Delete"))
        self.keys["key_clear"].setText(self.tr("Clear"))
        self.keys["key_done"].setText(self.tr("Done"))
        _name_symbol_keys(self.keys)


class PhoneKeypad(FieldKeyboard):
    """Digits for a phone number; the page formats and validates, the keypad only types."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phoneKeypad")
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.setSpacing(6)
        self.keys: dict[str, QPushButton] = {}
        for index, digit in enumerate("123456789"):
            self._add_digit(grid, digit, index // 3, index % 3)
        clear = _make_key("", "key_clear", "action", PAD_KEY)
        clear.clicked.connect(self._clear)
        grid.addWidget(clear, 3, 0)
        self._add_digit(grid, "0", 3, 1)
        backspace = _make_key("", "key_backspace", "action", PAD_KEY)
        backspace.setAutoRepeat(True)
        backspace.clicked.connect(self._backspace)
        grid.addWidget(backspace, 3, 2)
        grid.setRowStretch(4, 1)  # extra height goes below the keys, not between them
        self.keys["key_clear"] = clear
        self.keys["key_backspace"] = backspace
        self.retranslate()

    def _add_digit(self, grid: QGridLayout, digit: str, row: int, column: int) -> None:
        key = _make_key(digit, f"key_{digit}", "char", PAD_KEY)
        key.clicked.connect(lambda _=False, d=digit: self._insert(d))
        grid.addWidget(key, row, column)
        self.keys[key.objectName()] = key

    def key(self, name: str) -> QPushButton:
        return self.keys[name]

    def retranslate(self) -> None:
        self.keys["key_clear"].setText(self.tr("Clear"))
        _icon_key(self.keys["key_backspace"], "\u232b", self.tr("Delete"))


class PinPad(QWidget):
    """A staff PIN entry: digits shown only as dots, at most six; the page checks the PIN."""

    MAX_DIGITS = 6

    digit_entered = Signal(str)
    backspace = Signal()
    submit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinPad")
        self._digits = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(10)
        self.display = plain_label(objectName="pinDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(KEY_MIN)
        outer.addWidget(self.display)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.keys: dict[str, QPushButton] = {}
        for index, digit in enumerate("123456789"):
            self._add_digit(grid, digit, index // 3, index % 3)
        delete = _make_key("", "key_backspace", "action", PAD_KEY)
        delete.clicked.connect(self._on_backspace)
        grid.addWidget(delete, 3, 0)
        self._add_digit(grid, "0", 3, 1)
        enter = _make_key("", "key_submit", "done", PAD_KEY)
        enter.clicked.connect(self._on_submit)
        grid.addWidget(enter, 3, 2)
        self.keys["key_backspace"] = delete
        self.keys["key_submit"] = enter
        outer.addLayout(grid)
        outer.addStretch(1)
        self._show()
        self.retranslate()

    def _add_digit(self, grid: QGridLayout, digit: str, row: int, column: int) -> None:
        key = _make_key(digit, f"key_{digit}", "char", PAD_KEY)
        key.clicked.connect(lambda _=False, d=digit: self._on_digit(d))
        grid.addWidget(key, row, column)
        self.keys[key.objectName()] = key

    def key(self, name: str) -> QPushButton:
        return self.keys[name]

    def pin(self) -> str:
        return self._digits

    def clear(self) -> None:
        self._digits = ""
        self._show()

    def _on_digit(self, digit: str) -> None:
        if len(self._digits) >= self.MAX_DIGITS:
            return
        self._digits += digit
        self._show()
        self.digit_entered.emit(digit)

    def _on_backspace(self) -> None:
        if self._digits:
            self._digits = self._digits[:-1]
            self._show()
        self.backspace.emit()

    def _on_submit(self) -> None:
        self.submit.emit()

    def _show(self) -> None:
        self.display.setText(" ".join("\u25cf" * len(self._digits)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        _icon_key(self.keys["key_backspace"], "\u232b", self.tr("Delete"))
        self.keys["key_submit"].setText(self.tr("OK"))
        self.display.setAccessibleName(self.tr("PIN"))


NAME_ROWS = (
    "qwertyuiop",
    "asdfghjkl'",
    "zxcvbnm-.",
)
ACCENTS = "áéíóúüñç"
NAME_SYMBOLS = {"'": "apostrophe", " ": "space"}


def name_key_object_name(char: str) -> str:
    """key_a, key_apostrophe, key_dash, key_dot, key_space, key_á (always the lowercase cap)."""
    return "key_" + NAME_SYMBOLS.get(char, SYMBOL_NAMES.get(char, char.lower()))


class NameKeyboard(FieldKeyboard):
    """Letters for people's names and short free text: space, apostrophe, hyphen, period,
    a row of Spanish/French accented letters (long-press is unreliable on touch screens),
    one-shot Shift and Caps lock.

    With `capitalize_words` (names) the first letter of each word comes out upper case -
    "de la cruz" types "De La Cruz" - and everything else exactly as tapped, so "McDonald"
    (Shift before the D) and "O'Brien" survive; nothing the user typed is ever re-cased.
    Shift inverts the next letter only (so a lower-case "de" is one extra tap); the caps on
    the keys always show what a tap will type.
    """

    done = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        capitalize_words: bool = True,
        done_text: str | None = "Next",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("nameKeyboard")
        self._capitalize_words = capitalize_words
        self._done_text = done_text  # "Next", "Done" or None (no such key); see retranslate()
        self._shift = False
        self._caps = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(6)
        self.keys: dict[str, QPushButton] = {}
        self._letters: list[tuple[QPushButton, str]] = []
        rows = (ACCENTS, *NAME_ROWS)
        for index, row in enumerate(rows):
            line = QHBoxLayout()
            line.setSpacing(6)
            if index == 3:
                shift = _make_key("\u21e7", "key_shift", "action")
                shift.setCheckable(True)
                mark_when_checked(shift)
                shift.clicked.connect(self._toggle_shift)
                line.addWidget(shift, 3)
                self.keys["key_shift"] = shift
            for char in row:
                key = _make_key(char, name_key_object_name(char))
                key.clicked.connect(lambda _=False, c=char: self._type(c))
                line.addWidget(key, 2)
                self.keys[key.objectName()] = key
                if char.isalpha():
                    self._letters.append((key, char))
            action = self._row_action(index)
            line.addWidget(action, 3)
            self.keys[action.objectName()] = action
            outer.addLayout(line)
        bottom = QHBoxLayout()
        bottom.setSpacing(6)
        space = _make_key("", "key_space", "action")
        space.clicked.connect(lambda _=False: self._type(" "))
        bottom.addWidget(space, 1)
        self.keys["key_space"] = space
        outer.addLayout(bottom)
        self.keys["key_done"].setVisible(done_text is not None)
        self.retranslate()

    def _row_action(self, row: int) -> QPushButton:
        """The wide key at the end of each row: Delete, Clear, Next/Done, Caps."""
        key = self._action_key(row)
        if key is None:
            key = _make_key("", "key_caps", "action")
            key.setCheckable(True)
            mark_when_checked(key)
            key.clicked.connect(self._toggle_caps)
        return key

    def key(self, name: str) -> QPushButton:
        return self.keys[name]

    # ---- case ---------------------------------------------------------------------------
    def attach(self, line_edit: QLineEdit | None) -> None:
        if self._field is not None:
            self._field.cursorPositionChanged.disconnect(self._show_case)
        super().attach(line_edit)
        self._shift = False
        if line_edit is not None:
            line_edit.cursorPositionChanged.connect(self._show_case)
        self._show_case()

    def upper_next(self) -> bool:
        """Will the next letter tapped be upper case?"""
        upper = self._caps or (self._capitalize_words and self._at_word_start())
        return upper != self._shift

    def _at_word_start(self) -> bool:
        if self._field is None:
            return False
        before = self._field.text()[: self._field.cursorPosition()]
        if self._field.hasSelectedText():
            before = self._field.text()[: self._field.selectionStart()]
        return not before or before[-1] in " -"

    def _type(self, char: str) -> None:
        if char.isalpha():
            char = char.upper() if self.upper_next() else char.lower()
            self._shift = False
        self._insert(char)
        self._show_case()

    def _toggle_shift(self) -> None:
        self._shift = not self._shift
        self._show_case()

    def _toggle_caps(self) -> None:
        self._caps = not self._caps
        self._shift = False
        self._show_case()

    def _backspace(self) -> None:
        super()._backspace()
        self._show_case()

    def _clear(self) -> None:
        super()._clear()
        self._show_case()

    def _show_case(self, *_: object) -> None:
        upper = self.upper_next()
        for key, char in self._letters:
            key.setText(char.upper() if upper else char)
        self.keys["key_shift"].setChecked(self._shift)
        self.keys["key_caps"].setChecked(self._caps)

    def retranslate(self) -> None:
        _icon_key(self.keys["key_backspace"], "\u232b", self.tr("Delete"))
        self.keys["key_clear"].setText(self.tr("Clear"))
        self.keys["key_done"].setText(
            self.tr("Next") if self._done_text == "Next" else self.tr("Done")
        )
        self.keys["key_space"].setText(self.tr("Space"))
        self.keys["key_caps"].setText(self.tr("Caps"))
        self.keys["key_shift"].setAccessibleName(self.tr("Shift"))
        self.keys["key_shift"].setToolTip(self.tr("Shift"))
        _name_symbol_keys(self.keys)


class CodeKeyboard(FieldKeyboard):
    """Digits and upper-case letters for record numbers (MRNs): no @, no domains."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeKeyboard")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(6)
        self.keys: dict[str, QPushButton] = {}
        rows = ("1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM")
        for index, row in enumerate(rows):
            line = QHBoxLayout()
            line.setSpacing(6)
            for char in row:
                key = _make_key(char, key_object_name(char.lower()))
                key.clicked.connect(lambda _=False, c=char: self._insert(c))
                line.addWidget(key, 2)
                self.keys[key.objectName()] = key
            action = self._action_key(index)
            if action is None:
                line.addStretch(6)
                outer.addLayout(line)
                continue
            line.addWidget(action, 3)
            self.keys[action.objectName()] = action
            outer.addLayout(line)
        self.retranslate()

    def key(self, name: str) -> QPushButton:
        return self.keys[name]

    def retranslate(self) -> None:
        _icon_key(self.keys["key_backspace"], "\u232b", self.tr("Delete"))
        self.keys["key_clear"].setText(self.tr("Clear"))
        self.keys["key_done"].setText(self.tr("Done"))
        _name_symbol_keys(self.keys)
