"""Settings declared once: the machinery behind the declarations in kiosk/config.py.

Every setting is one field of a section dataclass there, declared with `setting()`: its key
(the field name), section (the `section()` field of `Config` holding the class), type (the
annotation; `kind` refines text into a web address, phone number or button label), default,
allowed values or range, and a description. Secrets are declared as `Secret`s: they never go
in the file, only in the OS keyring. From these declarations this module derives

- the commented defaults file written on first start (`defaults_file`),
- validation with one message naming the key and what is allowed (`Setting.read`),
- the effective-settings rows of `kiosk doctor` (`effective_rows`),
- README's settings table (`readme_table`; kiosk/scripts/settings_docs.py writes it between
  markers, and a test fails when README drifts).

Pure Python: no Qt, no I/O.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import Field, dataclass, field, fields
from typing import Any, Literal, get_type_hints

import phonenumbers

from kiosk.urls import url_problem

Kind = Literal["text", "label", "url", "phone", "integer", "number", "boolean", "choice"]

_SPEC = "kiosk.setting"
_SECTION = "kiosk.section"
LABEL_MAX = 40  # a button label quoted on paper
_LABEL_MARKS = '"\u201c\u201d\n'
_WIDTH = 95  # comment lines in the defaults file
SECRETS_NOTE = (
    "Secrets are never kept in this file (the kiosk refuses to start if one is). Store each "
    "one in the OS keyring with `kiosk credentials set NAME`:"
)


class ConfigError(Exception):
    """A settings problem, worded for the person who edits the file."""


@dataclass(frozen=True)
class Spec:
    """What `setting()` records about one setting (everything but its key and section)."""

    kind: Kind
    default: Any
    help: str
    low: int | float | None = None
    high: int | float | None = None
    choices: tuple[str, ...] = ()
    optional: bool = False  # text kinds: "" is allowed
    normalize: Callable[[Any], Any] | None = None  # applied after a value passed the checks
    # Text settings only: `check(text)` returns a problem or None; `parse(text)` turns the text
    # into the value the code uses (a ValueError says why not). `allowed` words what passes.
    check: Callable[[str], str | None] | None = None
    parse: Callable[[str], Any] | None = None
    allowed: str = ""
    show: Callable[[Any], str] | None = None  # `kiosk doctor`'s wording of a parsed value


def setting(
    default: Any,
    help: str,
    *,
    kind: Kind | None = None,
    low: int | float | None = None,
    high: int | float | None = None,
    choices: tuple[str, ...] = (),
    optional: bool = False,
    normalize: Callable[[Any], Any] | None = None,
    check: Callable[[str], str | None] | None = None,
    parse: Callable[[str], Any] | None = None,
    allowed: str = "",
    show: Callable[[Any], str] | None = None,
) -> Any:
    """Declare one setting as a dataclass field: `name: int = setting(7, "...", low=1, high=90)`.

    The kind follows the default's type (bool, int, float, str) unless given; `choices` makes
    a choice; whole numbers and numbers need `low` and `high`. Text may also be checked
    (`check`: text -> problem or None) or parsed (`parse`: text -> the value the code uses,
    which is then the field's type and default; `allowed` words what it accepts)."""
    if kind is None:
        if choices:
            kind = "choice"
        elif isinstance(default, bool):
            kind = "boolean"
        elif isinstance(default, int):
            kind = "integer"
        elif isinstance(default, float):
            kind = "number"
        elif isinstance(default, str):
            kind = "text"
        else:
            raise TypeError(f"setting(): no kind for a default of type {type(default).__name__}")
    if kind in ("integer", "number") and (low is None or high is None):
        raise TypeError("setting(): a whole number or number needs low= and high=")
    if kind == "choice" and not choices:
        raise TypeError("setting(): a choice needs choices=")
    if (check or parse) and kind != "text":
        raise TypeError("setting(): check= and parse= are for text settings")
    if (check or parse) and not allowed:
        raise TypeError("setting(): check= and parse= need allowed= (what passes, in words)")
    spec = Spec(
        kind,
        default,
        help,
        low,
        high,
        tuple(choices),
        optional,
        normalize,
        check,
        parse,
        allowed,
        show,
    )
    value = parse(default) if parse and (default or not optional) else default
    return field(default=value, metadata={_SPEC: spec})


def section(cls: type, help: str) -> Any:
    """Declare a `[section]` of the settings file as a field of the root class (`Config`)."""
    return field(default_factory=cls, metadata={_SECTION: (cls, help)})


@dataclass(frozen=True)
class Secret:
    """A credential: never in the settings file, set with `kiosk credentials set NAME`."""

    name: str
    help: str


@dataclass(frozen=True)
class Setting:
    section: str
    key: str
    spec: Spec

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"

    @property
    def allowed(self) -> str:
        """What the setting accepts, in words: the same phrase in error messages, the
        defaults file and README."""
        s = self.spec
        if s.allowed:
            return s.allowed
        if s.kind == "text":
            return "text in quotes"
        if s.kind == "label":
            return (
                "the button's words as the portal shows them "
                f"(at most {LABEL_MAX} characters, no quotation marks)"
            )
        if s.kind == "url":
            return "a web address like https://... (plain http:// only on this machine)"
        if s.kind == "phone":
            return "a phone number like +1 555 201 0100"
        if s.kind == "integer":
            return f"a whole number from {s.low} to {s.high}"
        if s.kind == "number":
            return f"a number from {s.low} to {s.high}"
        if s.kind == "boolean":
            return "true or false"
        return " or ".join(f'"{o}"' for o in s.choices)

    def _fail(self, what: str) -> ConfigError:
        return ConfigError(f"[{self.section}] {self.key}: {what}")

    def read(self, value: Any) -> Any:
        """The value checked against the declaration (and normalized), or a ConfigError
        naming `[section] key`, what is allowed and what was found."""
        s = self.spec
        got = f", got {value!r}."
        if s.kind in ("text", "label", "url", "phone"):
            if not isinstance(value, str):
                raise self._fail(f"expected text in quotes{got}")
            value = value.strip()
            if not value:
                if s.optional and s.kind != "phone":
                    return value
                raise self._fail("must not be empty.")
            if s.kind == "label" and (
                len(value) > LABEL_MAX or any(mark in value for mark in _LABEL_MARKS)
            ):
                raise self._fail(f"expected {self.allowed}, got {value!r}.")
            if s.kind == "url":
                problem = url_problem(value)
                if problem:
                    raise self._fail(f"{problem}, got {value!r}.")
            if s.kind == "phone" and not _possible_phone(value):
                raise self._fail(f"expected {self.allowed}, got {value!r}.")
            if s.check:
                problem = s.check(value)
                if problem:
                    raise self._fail(f"{problem}, got {value!r}.")
            if s.parse:
                try:
                    value = s.parse(value)
                except ValueError as exc:
                    raise self._fail(f"expected {self.allowed}; {exc}.") from None
        elif s.kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int) or not _in(s, value):
                raise self._fail(f"expected {self.allowed}{got}")
        elif s.kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float) or not _in(s, value):
                raise self._fail(f"expected {self.allowed}{got}")
            value = float(value)
        elif s.kind == "boolean":
            if not isinstance(value, bool):
                raise self._fail(f"expected {self.allowed}{got}")
        elif value not in s.choices:
            raise self._fail(f"expected {self.allowed}{got}")
        return s.normalize(value) if s.normalize else value


def _in(spec: Spec, value: float) -> bool:
    assert spec.low is not None and spec.high is not None
    return spec.low <= value <= spec.high


def _possible_phone(value: str) -> bool:
    try:
        number = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number)


# ---- walking the declarations ----------------------------------------------------------------


def sections(root: type) -> Iterator[tuple[str, type, str]]:
    """(section name, its dataclass, its description) in declaration order."""
    for f in fields(root):
        if _SECTION in f.metadata:
            cls, help = f.metadata[_SECTION]
            yield f.name, cls, help


def settings_of(root: type) -> tuple[Setting, ...]:
    """Every setting under `root`, in declaration order (the order of the defaults file)."""
    out = []
    for name, cls, _help in sections(root):
        out += [Setting(name, f.name, _spec(f)) for f in fields(cls)]
    return tuple(out)


def _spec(f: Field[Any]) -> Spec:
    spec = f.metadata.get(_SPEC)
    if not isinstance(spec, Spec):
        raise TypeError(f"{f.name}: every field of a settings section is declared with setting()")
    return spec


def build(root: type, data: dict[str, Any]) -> dict[str, Any]:
    """Section name -> its dataclass, every value read from `data` ("section" -> "key" ->
    value) or its default, each one checked, then the section's own `validate()` (a rule
    across its settings), if it has one. `data` is assumed free of unknown keys."""
    out: dict[str, Any] = {}
    by_section: dict[str, dict[str, Any]] = {}
    for s in settings_of(root):
        raw = data.get(s.section, {}).get(s.key, s.spec.default)
        by_section.setdefault(s.section, {})[s.key] = s.read(raw)
    for name, cls, _help in sections(root):
        out[name] = part = cls(**by_section.get(name, {}))
        rule = getattr(part, "validate", None)
        if rule is not None:
            rule()  # a rule across settings of the section; raises ConfigError
    return out


def check_known(root: type, data: dict[str, Any]) -> None:
    """Every section and key in `data` is declared; else one message listing what is."""
    known: dict[str, list[str]] = {}
    for s in settings_of(root):
        known.setdefault(s.section, []).append(s.key)
    for section_name, values in data.items():
        if section_name not in known:
            expected = ", ".join(f"[{name}]" for name in known)
            raise ConfigError(
                f"[{section_name}] is not a known section; expected one of {expected}."
            )
        if not isinstance(values, dict):
            raise ConfigError(f"[{section_name}] must be a table of settings, not a single value.")
        for key in values:
            if key not in known[section_name]:
                expected = ", ".join(sorted(known[section_name]))
                raise ConfigError(
                    f"[{section_name}] {key} is not a known setting; expected: {expected}."
                )


# ---- what is generated from them ---------------------------------------------------------------


def toml_value(value: Any) -> str:
    """A default as it is written in the TOML file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _comment(text: str) -> list[str]:
    return textwrap.wrap(
        text,
        _WIDTH,
        initial_indent="# ",
        subsequent_indent="# ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def defaults_file(root: type, secrets: tuple[Secret, ...], header: str) -> str:
    """The commented defaults file: every setting with its description, what it accepts and
    its default value, which the file sets (so the file reads back as the defaults)."""
    lines = [*_comment(header)]
    for name, _cls, help in sections(root):
        lines += ["", f"[{name}]", *_comment(help)]
        for s in settings_of(root):
            if s.section == name:
                plain = s.allowed == "text in quotes"
                allowed = "" if plain else f" Allowed: {s.allowed}."
                empty = " May be empty." if s.spec.optional else ""
                lines += [
                    "",
                    *_comment(f"{s.spec.help}{allowed}{empty}"),
                    f"{s.key} = {toml_value(s.spec.default)}",
                ]
    if secrets:
        lines += ["", *_comment(SECRETS_NOTE)]
        width = max(len(secret.name) for secret in secrets)
        lines += [f"#   {secret.name:<{width}}  {secret.help}" for secret in secrets]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def readme_table(root: type, secrets: tuple[Secret, ...]) -> str:
    """README's settings table (Markdown) and the list of keyring credentials."""
    rows = ["| setting | default | allowed | what it does |", "|---|---|---|---|"]
    for name, _cls, help in sections(root):
        rows.append(f"| **`[{name}]`** | | | {_cell(help)} |")
        for s in settings_of(root):
            if s.section == name:
                allowed = s.allowed + (", or empty" if s.spec.optional else "")
                rows.append(
                    f"| `{s.key}` | `{_cell(toml_value(s.spec.default))}` | {_cell(allowed)} "
                    f"| {_cell(s.spec.help)} |"
                )
    out = "\n".join(rows) + "\n"
    if secrets:
        out += "\n| credential (OS keyring, never the file) | what it is |\n|---|---|\n"
        out += "".join(f"| `{s.name}` | {_cell(s.help)} |\n" for s in secrets)
    return out


def replace_between(text: str, begin: str, end: str, body: str) -> str:
    """`text` with what lies between the marker lines `begin` and `end` replaced by `body`."""
    head, found, rest = text.partition(begin + "\n")
    if not found:
        raise ValueError(f"marker not found: {begin}")
    _old, found, tail = rest.partition(end)
    if not found:
        raise ValueError(f"marker not found: {end}")
    return f"{head}{begin}\n{body}{end}{tail}"


def effective_rows(
    config: Any,
    root: type,
    origin: Callable[[str], str],
    secrets: tuple[Secret, ...] = (),
    secret_state: Callable[[str], str] | None = None,
) -> list[str]:
    """`kiosk doctor`'s lines: every setting's effective value and where it came from
    (`origin("section.key")`: machine, user or default), then each secret as set / not set
    (`secret_state(name)`); a secret's value is never asked for."""
    lines = []
    for s in settings_of(root):
        value = getattr(getattr(config, s.section), s.key)
        shown = s.spec.show(value) if s.spec.show else str(value)
        lines.append(f"  {s.name:<30} {shown:<44} [{origin(s.name)}]")
    for secret in secrets:
        state = secret_state(secret.name) if secret_state else "unknown"
        lines.append(f"  {secret.name:<30} {state:<44} [keyring]")
    return lines


_PYTHON_TYPE: dict[Kind, type] = {
    "text": str,
    "label": str,
    "url": str,
    "phone": str,
    "choice": str,
    "integer": int,
    "number": float,
    "boolean": bool,
}


def declaration_problems(root: type) -> list[str]:
    """What is wrong with the declarations themselves (a test keeps this empty): a field's
    annotation that does not match its kind, a default its own checks refuse, no description."""
    problems = []
    for name, cls, help in sections(root):
        hints = get_type_hints(cls)
        if not help.strip():
            problems.append(f"[{name}] has no description")
        for s in settings_of(root):
            if s.section != name:
                continue
            wanted = _PYTHON_TYPE[s.spec.kind]
            if s.spec.parse is None and hints.get(s.key) is not wanted:
                problems.append(f"{s.name}: annotated {hints.get(s.key)}, its kind needs {wanted}")
            if not s.spec.help.strip():
                problems.append(f"{s.name}: no description")
            try:
                s.read(s.spec.default)
            except ConfigError as exc:
                problems.append(f"{s.name}: the default is refused: {exc}")
    return problems
