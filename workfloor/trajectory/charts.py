"""Server-side SVG bar charts for the city's report: pure functions returning inline SVG as Markup.

Like the progress charts, they need no script and print in black and white: each bar carries
its value as text, so nothing hangs on colour.
"""
from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

INK = "#222"
BAR = "#4a6fa5"
GRID = "#bbb"


def bar_chart(bars: Sequence[tuple[str, float, str]], title: str, *, maximum: float | None = None,
              bar_height: int = 22) -> Markup:
    """Horizontal bars: (label, value, value text) each; `maximum` fixes the scale (e.g. 100 for percentages)."""
    # Room for the longest label at about 7.5 px a character (12 px type), then 250 px of bars.
    label_width = min(300, max(100, round(7.5 * max((len(label) for label, _value, _text in bars), default=0)) + 16))
    width = label_width + 310
    top = max((value for _label, value, _text in bars), default=0)
    scale_max = maximum if maximum is not None else (top or 1)
    height = bar_height * len(bars) + 8
    room = width - label_width - 60
    parts = [f'<svg class="report-chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
             f'<line x1="{label_width}" y1="0" x2="{label_width}" y2="{height}" stroke="{GRID}"/>']
    for index, (label, value, text) in enumerate(bars):
        y = 4 + index * bar_height
        length = room * (value / scale_max) if scale_max else 0
        parts.append(f'<text x="{label_width - 6}" y="{y + bar_height * 0.65:.1f}" text-anchor="end" '
                     f'font-size="12" fill="{INK}">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{max(length, 0):.1f}" '
                     f'height="{bar_height - 8}" fill="{BAR}"/>')
        parts.append(f'<text x="{label_width + max(length, 0) + 4:.1f}" y="{y + bar_height * 0.65:.1f}" '
                     f'font-size="12" fill="{INK}">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
