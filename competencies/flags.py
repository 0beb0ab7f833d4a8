"""Flags on the counsellor's caseload: signs that a learner's file needs attention."""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from competencies.attendance import AttendanceRecord, unexcused_days
from competencies.periods import last_weeks
from competencies.ratings import Rating, last_assessed_on


class FlagCode(StrEnum):
    """What a flag is about."""

    NO_RECENT_ASSESSMENT = "no_recent_assessment"
    REPEATED_UNEXCUSED_ABSENCE = "repeated_unexcused_absence"
    CERTIFICATE_EXPIRING = "certificate_expiring"
    CERTIFICATE_EXPIRED = "certificate_expired"


@dataclass(frozen=True)
class Flag:
    """One sign of trouble, with a Dutch message for the caseload overview."""

    code: FlagCode
    message: str


@dataclass(frozen=True)
class FlagRules:
    """The thresholds behind the flags, so a city can set its own."""

    assessment_weeks: int = 6
    unexcused_days: int = 3
    unexcused_weeks: int = 4
    certificate_days: int = 30


@dataclass(frozen=True)
class Certificate:
    """A machine certificate a learner holds; valid through `valid_until` when that is set."""

    kind: str
    name: str
    valid_until: date | None = None


_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")


def dutch_date(day: date) -> str:
    """A date written out in Dutch: '3 maart 2026'."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def no_recent_assessment(history: Iterable[Rating], today: date, *, started_on: date | None = None,
                         rules: FlagRules = FlagRules()) -> Flag | None:
    """Flag when no supervisor rating falls in the last `assessment_weeks` weeks.

    A learner who started within that window is not flagged yet.
    """
    window_start, _ = last_weeks(today, rules.assessment_weeks)
    last = last_assessed_on(history, until=today)
    if last is not None and last >= window_start:
        return None
    if started_on is not None and started_on >= window_start:
        return None
    weeks = rules.assessment_weeks
    if last is None:
        message = "Nog geen observatie of evaluatie geregistreerd."
    else:
        message = f"Geen observatie of evaluatie in de laatste {weeks} weken (laatste: {dutch_date(last)})."
    return Flag(FlagCode.NO_RECENT_ASSESSMENT, message)


def repeated_unexcused_absence(records: Iterable[AttendanceRecord], today: date, *,
                               rules: FlagRules = FlagRules()) -> Flag | None:
    """Flag at `unexcused_days` or more days of unexcused absence in the last `unexcused_weeks` weeks."""
    start, end = last_weeks(today, rules.unexcused_weeks)
    days = unexcused_days(records, start, end)
    if days < rules.unexcused_days:
        return None
    return Flag(FlagCode.REPEATED_UNEXCUSED_ABSENCE,
                f"{days} dagen onwettig afwezig in de laatste {rules.unexcused_weeks} weken.")


def certificate_flags(certificates: Iterable[Certificate], today: date, *,
                      rules: FlagRules = FlagRules()) -> list[Flag]:
    """Flag certificates that expired or expire within `certificate_days` days, soonest first."""
    horizon = today + timedelta(days=rules.certificate_days)
    ending = sorted((c for c in certificates if c.valid_until is not None and c.valid_until <= horizon),
                    key=lambda certificate: certificate.valid_until)
    flags = []
    for certificate in ending:
        if certificate.valid_until < today:
            flags.append(Flag(FlagCode.CERTIFICATE_EXPIRED,
                              f"Attest {certificate.name} is verlopen op {dutch_date(certificate.valid_until)}."))
        else:
            flags.append(Flag(FlagCode.CERTIFICATE_EXPIRING,
                              f"Attest {certificate.name} verloopt op {dutch_date(certificate.valid_until)}."))
    return flags


def caseload_flags(today: date, *, history: Iterable[Rating] = (), attendance: Iterable[AttendanceRecord] = (),
                   certificates: Iterable[Certificate] = (), started_on: date | None = None,
                   rules: FlagRules = FlagRules()) -> list[Flag]:
    """Every flag for one learner on a day, in the order the overview shows them."""
    flags = [
        no_recent_assessment(history, today, started_on=started_on, rules=rules),
        repeated_unexcused_absence(attendance, today, rules=rules),
        *certificate_flags(certificates, today, rules=rules),
    ]
    return [flag for flag in flags if flag is not None]
