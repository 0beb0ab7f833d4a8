"""Server-side SVG charts: an item's level over time, and a profile against a job target.

Pure functions that return inline SVG as Markup; no Flask, no database, no script. They
print in black and white: meaning never hangs on colour alone. Supervisor observations
are filled circles, periodic evaluations filled squares, self-assessments hollow
diamonds; the level in force is a step line; a gap to a required level is hatched.
Texts (titles, captions) come from the caller, already translated.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from competencies import LEVELS, PROFICIENT
from workfloor import clock

INK = "#222"
GRID = "#bbb"
KINDS = ("observation", "evaluation", "self")


@dataclass(frozen=True)
class Mark:
    """One rating to draw: its date, level (1–4) and kind (observation, evaluation, self)."""

    date: date
    level: int
    kind: str = "observation"
    label: str = ""  # tooltip text, e.g. "3 mrt: voldoende (Observatie, Jan)"


@dataclass(frozen=True)
class Size:
    """Drawing size and type scale; `LARGE` is for phones, where the learner reads their own."""

    width: int = 360
    height: int = 150
    font: int = 11
    marker: float = 4.5
    left: int = 24
    right: int = 10
    top: int = 10
    bottom: int = 22


SMALL = Size()
LARGE = Size(width=480, height=240, font=18, marker=8, left=34, right=14, top=14, bottom=34)


def _f(value: float) -> str:
    """A coordinate with at most one decimal: short, and stable for tests."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _date_range(marks: Sequence[Mark], start: date | None, end: date | None) -> tuple[date, date]:
    days = [mark.date for mark in marks]
    start = start or (min(days) if days else clock.today())
    end = end or (max(days) if days else start)
    if end <= start:
        start, end = start - timedelta(days=7), start + timedelta(days=7)
    return start, end


def date_ticks(start: date, end: date, most: int = 6) -> list[date]:
    """Dates for the x axis: the first of each month in the range (at most `most`), else start and end."""
    months = []
    day = date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if len(months) < 2:
        return [start, end]
    step = -(-len(months) // most)  # ceiling division
    return months[::step]


def _tick_label(day: date, start: date, end: date) -> str:
    return f"{day.day}/{day.month}" if start.year == end.year else f"{day.month}/{day.year % 100:02d}"


def _marker(kind: str, x: float, y: float, r: float, title: str, level: int) -> str:
    tip = f"<title>{escape(title)}</title>" if title else ""
    common = f'class="marker marker-{kind}" data-level="{level}"'
    if kind == "evaluation":
        return (f'<rect {common} x="{_f(x - r)}" y="{_f(y - r)}" width="{_f(2 * r)}" height="{_f(2 * r)}" '
                f'fill="{INK}">{tip}</rect>')
    if kind == "self":
        d = r * 1.25
        points = f"{_f(x)},{_f(y - d)} {_f(x + d)},{_f(y)} {_f(x)},{_f(y + d)} {_f(x - d)},{_f(y)}"
        return (f'<polygon {common} points="{points}" fill="#fff" stroke="{INK}" stroke-width="1.6">'
                f'{tip}</polygon>')
    return f'<circle {common} cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{INK}">{tip}</circle>'


def step_points(marks: Iterable[Mark]) -> list[tuple[date, int]]:
    """The level in force after each rating day of the supervisor (self-assessments left out).

    On a day with several ratings the last one given counts, as in `competencies.series`.
    """
    by_day: dict[date, int] = {}
    for mark in sorted((m for m in marks if m.kind != "self"), key=lambda m: m.date):
        by_day[mark.date] = mark.level
    return sorted(by_day.items())


def level_chart(marks: Sequence[Mark], *, title: str, start: date | None = None, end: date | None = None,
                size: Size = SMALL) -> Markup:
    """An item's level over time: a step line of the supervisor's levels and one marker per rating.

    Args:
        marks: every rating to draw (not-observed ratings are not passed in).
        title: the accessible name of the chart (the item's name).
        start, end: the period on the x axis; by default the span of the marks.
    """
    for mark in marks:
        if mark.level not in LEVELS or mark.kind not in KINDS:
            raise ValueError(f"cannot draw {mark!r}")
    start, end = _date_range(marks, start, end)
    s = size
    plot_w, plot_h = s.width - s.left - s.right, s.height - s.top - s.bottom
    span = (end - start).days
    pad = s.marker + 2  # keeps a marker on the first or last day clear of the axis labels

    def x_of(day: date) -> float:
        return s.left + pad + (plot_w - 2 * pad) * (min(max(day, start), end) - start).days / span

    def y_of(level: float) -> float:
        return s.top + plot_h * (LEVELS[-1] - level) / (LEVELS[-1] - LEVELS[0])

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="level-chart" viewBox="0 0 {s.width} {s.height}" '
             f'width="{s.width}" height="{s.height}" role="img" aria-label="{escape(title)}" '
             f'font-family="sans-serif" font-size="{s.font}">',
             f"<title>{escape(title)}</title>"]
    # The y axis: one line per level, the proficient one solid, with the level number beside it.
    for level in LEVELS:
        y = y_of(level)
        dash = "" if level == PROFICIENT else ' stroke-dasharray="2 3"'
        parts.append(f'<line class="grid" x1="{s.left}" x2="{s.width - s.right}" y1="{_f(y)}" y2="{_f(y)}" '
                     f'stroke="{GRID}"{dash}/>')
        parts.append(f'<text class="y-label" x="{s.left - 6}" y="{_f(y + s.font * 0.35)}" '
                     f'text-anchor="end">{level}</text>')
    # The x axis with a tick per month.
    base = s.height - s.bottom
    parts.append(f'<line class="axis" x1="{s.left}" x2="{s.width - s.right}" y1="{base}" y2="{base}" '
                 f'stroke="{INK}"/>')
    ticks = date_ticks(start, end)
    for i, tick in enumerate(ticks):
        x = x_of(tick)
        anchor = "start" if i == 0 and x - s.left < s.font * 2 else "end" if i == len(ticks) - 1 else "middle"
        parts.append(f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{base}" y2="{base + 4}" stroke="{INK}"/>')
        parts.append(f'<text class="x-label" x="{_f(x)}" y="{_f(base + 4 + s.font)}" '
                     f'text-anchor="{anchor}">{_tick_label(tick, start, end)}</text>')
    # The step line: the level holds until the next rating, and up to the end of the period.
    steps = [(day, level) for day, level in step_points(marks) if day <= end]
    if steps:
        first_day, first_level = steps[0]
        path = [f"M{_f(x_of(first_day))},{_f(y_of(first_level))}"]
        for (_, level), (next_day, next_level) in zip(steps, steps[1:]):
            path.append(f"H{_f(x_of(next_day))}V{_f(y_of(next_level))}")
        path.append(f"H{_f(x_of(end))}")
        parts.append(f'<path class="step" d="{"".join(path)}" fill="none" stroke="{INK}" stroke-width="2"/>')
    # One marker per rating; self-assessments last, so the hollow diamond stays visible on top.
    for mark in sorted(marks, key=lambda m: (m.kind == "self", m.date)):
        parts.append(_marker(mark.kind, x_of(mark.date), y_of(mark.level), s.marker, mark.label, mark.level))
    parts.append("</svg>")
    return Markup("".join(parts))


def legend_marker(kind: str, size: Size = SMALL) -> Markup:
    """A single marker as a tiny SVG, for a legend in the page next to the charts."""
    r = size.marker
    box = int(r * 3)
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="legend-marker" viewBox="0 0 {box} {box}" '
                  f'width="{box}" height="{box}" aria-hidden="true">'
                  f'{_marker(kind, box / 2, box / 2, r, "", 0)}</svg>')


@dataclass(frozen=True)
class ProfileBar:
    """One required item of a job target: its name, the required and the actual level, and a caption."""

    label: str
    required: int
    actual: int | None
    caption: str = ""  # e.g. "vereist 3 · nu 2"


def profile_chart(bars: Sequence[ProfileBar], *, title: str, width: int = 560) -> Markup:
    """Required against actual level per item: a filled bar for what is there, hatching for the gap.

    The required level is an outlined box from 0, so a met requirement shows as a full bar.
    """
    row_h, label_h, bar_h, left, right = 40, 15, 14, 4, 120
    height = max(1, len(bars)) * row_h + 20
    plot_w = width - left - right

    def x_of(level: float) -> float:
        return left + plot_w * level / LEVELS[-1]

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="profile-chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
             f'font-family="sans-serif" font-size="12">',
             f"<title>{escape(title)}</title>",
             '<defs><pattern id="gap-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
             f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" '
             'stroke-width="1.5"/></pattern></defs>']
    for level in (0, *LEVELS):
        x = x_of(level)
        parts.append(f'<line class="grid" x1="{_f(x)}" x2="{_f(x)}" y1="0" y2="{height - 16}" stroke="{GRID}" '
                     f'stroke-dasharray="2 3"/>')
        parts.append(f'<text class="x-label" x="{_f(x)}" y="{height - 4}" text-anchor="middle">{level}</text>')
    for i, bar in enumerate(bars):
        top = i * row_h
        y = top + label_h + 3
        actual = bar.actual or 0
        parts.append(f'<g class="profile-row" data-required="{bar.required}" data-actual="{actual}">')
        parts.append(f'<text x="{left}" y="{top + 12}">{escape(bar.label)}</text>')
        parts.append(f'<rect class="required" x="{_f(x_of(0))}" y="{y}" width="{_f(x_of(bar.required) - left)}" '
                     f'height="{bar_h}" fill="none" stroke="{INK}" stroke-width="1.2"/>')
        if actual:
            parts.append(f'<rect class="actual" x="{_f(x_of(0))}" y="{y}" width="{_f(x_of(actual) - left)}" '
                         f'height="{bar_h}" fill="#555"/>')
        if actual < bar.required:
            parts.append(f'<rect class="gap" x="{_f(x_of(actual))}" y="{y}" '
                         f'width="{_f(x_of(bar.required) - x_of(actual))}" height="{bar_h}" '
                         'fill="url(#gap-hatch)"/>')
        parts.append(f'<text class="caption" x="{_f(x_of(LEVELS[-1]) + 8)}" y="{y + bar_h - 2}">'
                     f'{escape(bar.caption)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
