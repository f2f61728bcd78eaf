"""The monthly portal report: CSV of the aggregate metrics, and what to work on next.

Pure Python (files are written by kiosk/export.py; the PDF is drawn by kiosk/ui/report_pdf.py,
imported only when a PDF is asked for). Everything here is an aggregate: no names, contact
details or birth dates - only counts, rates, decline-reason codes and staff display names.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.metrics import Metrics, Period

# Playbook goals the opportunities are measured against.
GOAL_ENROLLMENT_RATE = 0.60  # practices that measure monthly reach 60-70 %
GOAL_FIRST_LOGIN_RATE = 0.50
GOAL_ACTIVE_RATE = 0.70
GOAL_APP_INSTALL_RATE = 0.40
GOAL_CARD_RATE = 0.80
GOAL_REMEDY_RATE = 0.80
STAFF_SPREAD = 0.20  # best minus weakest staff rate worth talking about
STAFF_MIN_APPROACHED = 10

REASON_LABELS = {
    "no-email": "No email address",
    "not-comfortable-with-computers": "Not comfortable with computers",
    "privacy-concern": "Privacy concern",
    "no-perceived-benefit": "Sees no benefit",
    "other": "Other",
}
REMEDY_ADVICE = {
    "no-email": "offer the text-message (SMS) invitation instead of email",
    "not-comfortable-with-computers": "book a help session with a staff member",
    "privacy-concern": "hand out the privacy sheet and explain who can see the record",
    "no-perceived-benefit": "show the benefits summary: messages, results, refills, booking",
    "other": "review the notes staff wrote and share what worked",
}


def pct(value: float | None, digits: int = 0) -> str:
    """'57%' (or '-' when there is no value): the one way rates are printed."""
    return "-" if value is None else f"{value * 100:.{digits}f}%"


@dataclass(frozen=True)
class Opportunity:
    key: str  # which rule produced it
    score: float  # how far below goal, weighted; the largest come first
    text: str  # in English (the CSV); the PDF words it in its language from key + values
    values: tuple[str, ...] = ()  # the numbers in the text, in order (%1, %2, ...)


def top_opportunities(m: Metrics, limit: int = 3) -> list[Opportunity]:
    """The weakest metrics, as advice a practice manager can act on this month."""
    a, g = m.adoption, m.engagement
    if a.approached == 0:
        return [
            Opportunity(
                "no-activity",
                1.0,
                "No enrollments were recorded this period: make sure the kiosk is offered "
                "to patients at check-in.",
            )
        ]
    found: list[Opportunity] = []

    def below(key: str, value: float | None, goal: float, weight: float, text: str) -> None:
        if value is not None and value < goal:
            found.append(Opportunity(key, (goal - value) * weight, text, (pct(value),)))

    below(
        "enrollment-rate",
        a.enrollment_rate,
        GOAL_ENROLLMENT_RATE,
        3.0,
        f"Enrollment rate is {pct(a.enrollment_rate)} against a 60-70% goal: offer the portal "
        "to every patient at check-in, not only to those who ask.",
    )
    below(
        "first-login",
        a.first_login_rate,
        GOAL_FIRST_LOGIN_RATE,
        2.0,
        f"Only {pct(a.first_login_rate)} of enrolled patients logged in at the desk: help "
        "each one finish the first login before they leave.",
    )
    below(
        "active-accounts",
        a.active_rate,
        GOAL_ACTIVE_RATE,
        1.5,
        f"{pct(a.active_rate)} of this period's new accounts are active: call patients on the "
        "follow-up worklist and resend invitations.",
    )
    below(
        "app-install",
        g.app_install_rate,
        GOAL_APP_INSTALL_RATE,
        1.0,
        f"The mobile app was installed for {pct(g.app_install_rate)} of enrolled patients: "
        "offer the app QR code while the patient has the phone in hand.",
    )
    below(
        "reference-card",
        g.card_rate,
        GOAL_CARD_RATE,
        0.8,
        f"{pct(g.card_rate)} of enrolled patients took the quick-reference card home: print "
        "one for every patient.",
    )
    declines = sum(b.count for b in m.barriers)
    if declines:
        top = m.barriers[0]
        share = top.count / declines
        decline_rate = a.decline_rate or 0.0
        text = (
            f'"{REASON_LABELS.get(top.reason, top.reason)}" was the most common reason to '
            f"decline ({top.count} of {declines}): {REMEDY_ADVICE.get(top.reason, '')}."
        )
        values: tuple[str, ...] = (str(top.count), str(declines))
        if top.remedy != "none" and (top.remedy_rate or 0) < GOAL_REMEDY_RATE:
            text += f" The remedy was offered in {pct(top.remedy_rate)} of these."
            values += (pct(top.remedy_rate),)
        found.append(Opportunity(f"barrier-{top.reason}", share * decline_rate * 2.0, text, values))
    if m.follow_up.past_window:
        n = m.follow_up.past_window
        found.append(
            Opportunity(
                "follow-up",
                min(1.0, n / max(1, a.enrolled)) * 1.2,
                f"{n} patient(s) enrolled this period are past the follow-up window without an "
                f"active account ({m.follow_up.open_worklist} on the worklist in all): call them "
                "and resend the invitation.",
                (str(n), str(m.follow_up.open_worklist)),
            )
        )
    ranked = [s for s in m.staff if s.approached >= STAFF_MIN_APPROACHED]
    if len(ranked) >= 2:
        rates = [s.enrollment_rate or 0.0 for s in ranked]
        spread = max(rates) - min(rates)
        if spread >= STAFF_SPREAD:
            found.append(
                Opportunity(
                    "staff-spread",
                    spread,
                    f"Staff enrollment rates range from {pct(min(rates))} to {pct(max(rates))}: "
                    "recognise the top enrollers and pair colleagues to share their script.",
                    (pct(min(rates)), pct(max(rates))),
                )
            )
    if a.abandoned and a.abandoned / a.approached >= 0.10:
        found.append(
            Opportunity(
                "abandoned",
                a.abandoned / a.approached,
                f"{a.abandoned} visit(s) ended before finishing: start enrollment early in the "
                "visit so there is time to complete it.",
                (str(a.abandoned),),
            )
        )
    if m.sync.dead_letters:
        found.append(
            Opportunity(
                "sync",
                2.0,
                f"{m.sync.dead_letters} record(s) could not be sent to the EHR: ask IT to check "
                "the sync issues screen.",
                (str(m.sync.dead_letters),),
            )
        )
    found.sort(key=lambda o: -o.score)
    if not found:
        return [Opportunity("on-track", 0.0, "Every metric is at or above goal: keep it up.")]
    return found[:limit]


# ---- CSV -------------------------------------------------------------------------------------
def _num(value: float | int | None, rate: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value * 100:.1f}" if rate else str(value)


def _change(current: float | int | None, previous: float | int | None, rate: bool) -> str:
    if current is None or previous is None:
        return "-"
    diff = current - previous
    return f"{diff * 100:+.1f}" if rate else f"{diff:+d}"


def csv_rows(m: Metrics, words: Any = None) -> list[list[str]]:
    """section, metric, value, previous period, change (rates in %, changes in points).
    Sections and metric names are stable keys for spreadsheets; the sentences (opportunities,
    missing sources) are in the report's language (`words`, English by default)."""
    words = words or EnglishWords()
    a, p, g = m.adoption, m.previous, m.engagement
    rows: list[list[str]] = [
        ["section", "metric", "value", "previous", "change"],
        ["report", "language", words.language, "", ""],
        ["period", "label", m.period.label(), m.period.previous().label(), ""],
        ["period", "start", m.period.start.isoformat(), m.period.previous().start.isoformat(), ""],
        ["period", "computed_at", m.computed_at, "", ""],
    ]
    for name, rate in (
        ("approached", False),
        ("enrolled", False),
        ("declined", False),
        ("abandoned", False),
        ("in_progress", False),
        ("enrollment_rate", True),
        ("new_enrollments", False),
        ("first_login_in_office", False),
        ("first_login_rate", True),
        ("active_accounts", False),
        ("active_rate", True),
    ):
        cur, prev = getattr(a, name), getattr(p, name)
        label = f"{name}_pct" if rate else name
        rows.append(
            ["adoption", label, _num(cur, rate), _num(prev, rate), _change(cur, prev, rate)]
        )
    f = m.family
    rows += [
        ["family", "own_account_enrollments", str(f.own_account), "", ""],
        ["family", "teen_own_accounts", str(f.teen_accounts), "", ""],
        ["family", "proxy_enrollments_child", str(f.proxy_enrollments), "", ""],
        ["family", "parent_proxies_added_teen", str(f.teen_parent_proxies), "", ""],
        ["family", "caregiver_proxies_added", str(f.caregiver_proxies), "", ""],
    ]
    for feature, n in sorted(g.demos_by_feature.items()):
        rows.append(["engagement", f"feature_demo:{feature}", str(n), "", ""])
    rows += [
        ["engagement", "app_installs", str(g.app_installs), "", ""],
        ["engagement", "app_install_rate_pct", _num(g.app_install_rate, True), "", ""],
        ["engagement", "cards_printed", str(g.cards_printed), "", ""],
        ["engagement", "card_rate_pct", _num(g.card_rate, True), "", ""],
    ]
    for channel, n in sorted(g.invitations_by_channel.items()):
        rows.append(["engagement", f"invitations:{channel}", str(n), "", ""])
    for b in m.barriers:
        rows.append(["barriers", f"declined:{b.reason}", str(b.count), "", ""])
        rows.append(["barriers", f"remedy_taken:{b.remedy}", str(b.remedy_taken), "", ""])
    for s in m.staff:
        rows.append(["staff", f"approached:{s.display_name}", str(s.approached), "", ""])
        rows.append(["staff", f"enrolled:{s.display_name}", str(s.enrolled), "", ""])
        rows.append(
            [
                "staff",
                f"enrollment_rate_pct:{s.display_name}",
                _num(s.enrollment_rate, True),
                "",
                "",
            ]
        )
    rows += [
        ["follow_up", "past_window_not_active", str(m.follow_up.past_window), "", ""],
        ["follow_up", "open_worklist", str(m.follow_up.open_worklist), "", ""],
        ["follow_up", "called", str(m.follow_up.called), "", ""],
        ["sync", "queued", str(m.sync.queued), "", ""],
        ["sync", "dead_letters", str(m.sync.dead_letters), "", ""],
        ["sync", "oldest_unsynced_seconds", _num(m.sync.oldest_unsynced_seconds), "", ""],
    ]
    for point in m.trend:
        rows.append(
            [
                f"trend_{m.trend_unit}",
                point.start.isoformat(),
                _num(point.rate, True),
                str(point.approached),
                str(point.enrolled),
            ]
        )
    for i, o in enumerate(top_opportunities(m), start=1):
        rows.append(["opportunities", str(i), words.opportunity(o), o.key, ""])
    return rows


MISSING_SOURCE = {
    "ehr": "missing: EHR figures (refresh the whole-practice view while online)",
    "portal": "missing: portal usage (portal API or the vendor's monthly CSV)",
    "manual": "missing: typed-in figures (Admin > Practice figures)",
}


class EnglishWords:
    """The report's sentences in English without Qt (tests, tools). The reports the kiosk
    writes get kiosk.ui.report_words.ReportWords: the same sentences in the report's language
    (English or Spanish) from the catalogue."""

    language = "en"

    def opportunity(self, o: Opportunity) -> str:
        return o.text

    def missing(self, source: str | None) -> str:
        return MISSING_SOURCE.get(source or "ehr", MISSING_SOURCE["ehr"])

    def gap(self, gap: Any) -> str:
        value = "-" if gap.value is None else f"{gap.value * 100:.1f}%"
        if gap.key == "enrollment_rate":
            return (
                f"Increase enrollment: {value} of the patients seen have portal access; the "
                "playbook target is 60-70%. Offer the portal at every check-in."
            )
        if gap.key == "active_user_rate":
            return (
                f"Increase active use: {value} of patients with access used the portal this "
                "month; the target is 40-50%. Remind patients to message, book and pay online."
            )
        if gap.key == "app_install_rate":
            return (
                f"Increase app installation, currently {value} of patients enrolled at this "
                "kiosk: offer the app QR code while the patient has the phone in hand."
            )
        source = gap.key.partition(":")[2]
        needs = {
            "ehr": "needs the EHR figures (refresh while online)",
            "portal": "needs portal usage (portal API or monthly CSV)",
            "manual": "needs figures typed in (Admin > Practice figures)",
        }.get(source, "no source")
        return f"A playbook target cannot be checked: it {needs}."


def _playbook_value(value: float | None, kind: str) -> str:
    if value is None:
        return ""
    if kind == "rate":
        return f"{value * 100:.1f}"
    if kind in ("money", "hours", "ratio"):
        return f"{value:.2f}"
    return str(round(value))


def playbook_csv_rows(
    rows: list[Any], fetched_at: str | None, words: Any = None
) -> list[list[str]]:
    """section 'playbook:<adoption|engagement|impact>': every playbook metric, with its
    month-on-month change; a metric without its source names the source (in the report's
    language), never 0 or blank."""
    words = words or EnglishWords()
    out = [["playbook", "ehr_figures_read_at", fetched_at or "never", "", ""]]
    for r in rows:
        change = r.change
        unit = "_pct" if r.kind == "rate" else ""
        value = (
            _playbook_value(r.value, r.kind) if r.value is not None else words.missing(r.missing)
        )
        out.append(
            [
                f"playbook:{r.section}",
                f"{r.key}{unit}",
                value,
                _playbook_value(r.previous, r.kind) or "-",
                "-" if change is None else _playbook_value(change, r.kind),
            ]
        )
    return out


def practice_rows(store: Any, period: Period) -> tuple[list[Any], str | None]:
    """The playbook rows of `period` (a month) from the cached practice-wide sources."""
    from kiosk.practice import cached_sources, playbook_rows

    now, fetched_at = cached_sources(store, f"{period.start:%Y-%m}")
    before, _ = cached_sources(store, f"{period.previous().start:%Y-%m}")
    return playbook_rows(now, before), fetched_at


def to_csv(
    m: Metrics, practice: tuple[list[Any], str | None] | None = None, words: Any = None
) -> str:
    buffer = io.StringIO()
    words = words or EnglishWords()
    rows = csv_rows(m, words)
    if practice is not None:
        from kiosk.practice import playbook_gaps

        rows += playbook_csv_rows(*practice, words)
        gaps = playbook_gaps(practice[0], m.engagement.app_install_rate)
        for i, gap in enumerate(gaps, start=1):
            value = "" if gap.value is None else f"{gap.value * 100:.1f}"
            goal = f"{gap.goal[0] * 100:.0f}-{gap.goal[1] * 100:.0f}"
            rows.append(["playbook_gaps", str(i), gap.key, value, goal])
        for i, gap in enumerate(gaps, start=1):
            rows.append(["playbook_opportunities", str(i), words.gap(gap), gap.key, ""])
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def default_filename(period: Period, fmt: str) -> str:
    return f"portal-performance-{period.start:%Y-%m}.{fmt}"


def write_atomic(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, then rename: nobody (a manager opening the
    folder, a sync tool) ever sees a half-written report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written temporary file
        raise
    return path
