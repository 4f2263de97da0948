"""Charts drawn on the server as inline SVG: no script, nothing fetched, nothing the page's
Content-Security-Policy has to allow (colours come from classes in static/css/site.css, so a
chart follows the light and dark themes and prints).

Every chart is an `<svg role="img">` with a `<title>` and a `<desc>` that says in words what it
shows; the page keeps a table or a list of the same figures beside it. Text in a chart is
escaped like any other text on a page.

The helpers here know nothing of pay or ratings: a chart is a list of `Mark`s (rectangles,
lines, circles and text, each with a class) drawn into a box by `svg()`.
"""

import math
from dataclasses import dataclass
from html import escape as _escape

import numpy as np
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Mark:
    """One thing drawn: kind is rect, line, circle or text; `attrs` its SVG attributes."""

    kind: str
    css: str
    attrs: dict
    text: str = ""


def rect(x, y, width, height, css: str, **attrs) -> Mark:
    return Mark("rect", css, {"x": x, "y": y, "width": max(width, 0), "height": height, **attrs})


def line(x1, y1, x2, y2, css: str) -> Mark:
    return Mark("line", css, {"x1": x1, "y1": y1, "x2": x2, "y2": y2})


def circle(cx, cy, r, css: str) -> Mark:
    return Mark("circle", css, {"cx": cx, "cy": cy, "r": r})


def text(x, y, value: str, css: str, anchor: str = "start") -> Mark:
    return Mark("text", css, {"x": x, "y": y, "text-anchor": anchor}, str(value))


def nice_ceiling(value: float) -> float:
    """A round number at or above `value` for an axis to end at (1, 1.2, 1.6, 2, 2.4, 3, 4, 5,
    6 or 8 × 10ⁿ: each a multiple of 4 ticks that read well)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def ticks(top: float, count: int = 4) -> list[float]:
    """Evenly spaced values from 0 to `top` inclusive."""
    return [top * index / count for index in range(count + 1)]


def short_amount(value: float) -> str:
    """120000 → "120k", 1500000 → "1.5M": axis labels."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.3g}M"
    if value >= 1000:
        return f"{value / 1000:.3g}k"
    return f"{value:.3g}"


def _number(value) -> str:
    return f"{value:.1f}".removesuffix(".0") if isinstance(value, float) else str(value)


def svg(
    *,
    ident: str,
    width: int,
    height: int,
    title: str,
    description: str,
    marks: list[Mark],
    css: str,
) -> SafeString:
    """The chart as inline SVG markup, with its title and description for screen readers;
    `ident` (unique on the page) names them."""
    parts: list[str] = [
        format_html(
            '<svg class="chart {}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'xmlns="http://www.w3.org/2000/svg" focusable="false">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            css,
            width,
            height,
            ident,
            ident,
            ident,
            title,
            ident,
            description,
        )
    ]
    # The standard library's escape: Django's wraps it for lazy strings, and a chart of a few
    # hundred marks escapes a value thousands of times (a number needs none).
    for mark in marks:
        attrs = " ".join(
            f'{name}="{_number(value) if isinstance(value, int | float) else _escape(str(value))}"'
            for name, value in mark.attrs.items()
        )
        if mark.kind == "text":
            text = _escape(str(mark.text))
            parts.append(f'<text class="{_escape(mark.css)}" {attrs}>{text}</text>')
        else:
            parts.append(f'<{mark.kind} class="{_escape(mark.css)}" {attrs}/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


# Histograms: how amounts (salaries a year) are spread, in round bins from 0.

BINS = 10
WIDTH = 320
HEIGHT = 150
BOTTOM = 124
PLOT_LEFT = 8
PLOT_RIGHT = 312
# The top bin holds everything from here up, so that a few outliers do not flatten the rest.
CUT_PERCENTILE = 98
PERCENTILE_SAMPLE = 20_000


@dataclass
class Bin:
    low: int
    high: int  # exclusive; the last bin also holds every salary above it
    count: int
    kept: bool  # at or above the reader's minimum


@dataclass
class Histogram:
    currency: str
    bins: list[Bin]
    roles: int
    minimum: float | None
    kept: int  # roles at or above the minimum (all of them with none)

    def svg(self, ident: str = "salary-chart", subject: str = "roles") -> SafeString:
        """The bars, the minimum marked; `subject` names what was counted ("roles")."""
        most = max(b.count for b in self.bins) or 1
        width = (PLOT_RIGHT - PLOT_LEFT) / len(self.bins)
        marks = []
        words = []
        for index, b in enumerate(self.bins):
            height = (BOTTOM - 12) * b.count / most
            x = PLOT_LEFT + index * width
            css = "chart-bar" if b.kept else "chart-bar chart-bar--out"
            marks.append(rect(x + 1, BOTTOM - height, width - 2, height, css))
            last = index == len(self.bins) - 1
            label = f"{b.low:,} and above" if last else f"{b.low:,} to {b.high:,}"
            words.append(f"{label}: {b.count}")
        marks.append(line(PLOT_LEFT, BOTTOM, PLOT_RIGHT, BOTTOM, "chart-axis"))
        span: float = self.bins[-1].high
        for value, anchor in [(0.0, "start"), (span / 2, "middle"), (span, "end")]:
            x = PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * value / span
            marks.append(text(x, BOTTOM + 18, short_amount(value), "chart-tick", anchor))
        if self.minimum is not None:
            x = PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * min(self.minimum, span) / span
            marks.append(line(x, 4, x, BOTTOM, "chart-total"))
        kept = f"; {self.kept:,} at or above {self.minimum:,.0f}" if self.minimum else ""
        return svg(
            ident=ident,
            width=WIDTH,
            height=HEIGHT,
            title=f"Salaries of {self.roles:,} {subject}, {self.currency} a year{kept}",
            description=f"{subject.capitalize()} by salary: " + "; ".join(words) + ".",
            marks=marks,
            css="chart--salaries",
        )


def histogram(salaries: np.ndarray, *, currency: str, minimum: float | None) -> Histogram | None:
    """`salaries` (a year, in `currency`) in BINS bins of a round width from 0, the top bin
    holding everything above the CUT_PERCENTILE; None without any."""
    if not len(salaries):
        return None
    # The cut only sets the bins' width, so a regular sample of a large set is enough to find
    # it (a tenth of the time at 200,000 roles).
    sample = salaries[:: max(1, len(salaries) // PERCENTILE_SAMPLE)]
    top = nice_ceiling(float(np.percentile(sample, CUT_PERCENTILE)))
    step = top / BINS
    # Bin i holds [i × step, (i + 1) × step); the last, everything from (BINS - 1) × step up.
    positions = (salaries / step).astype(np.int32)
    np.minimum(positions, BINS - 1, out=positions)
    counts = np.bincount(positions, minlength=BINS)
    bins = [
        Bin(
            low=round(i * step),
            high=round((i + 1) * step),
            count=int(counts[i]),
            kept=minimum is None or (i + 1) * step > minimum,
        )
        for i in range(BINS)
    ]
    kept = len(salaries) if minimum is None else int((salaries >= minimum).sum())
    return Histogram(currency, bins, len(salaries), minimum, kept)
