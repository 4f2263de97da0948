"""The board's salary histogram: how the pay of the roles a reader's filters find is spread,
beside the minimum-salary filter, in the reader's currency (drawn with core.charts)."""

from dataclasses import dataclass

import numpy as np
from django.utils.safestring import SafeString

from core import charts
from core.charts import line, rect, text

BINS = 10
WIDTH = 320
HEIGHT = 150
BOTTOM = 124
PLOT_LEFT = 8
PLOT_RIGHT = 312
# The top bin holds everything from here up, so that a few outliers do not flatten the rest.
CUT_PERCENTILE = 98


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

    def svg(self) -> SafeString:
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
            marks.append(text(x, BOTTOM + 18, charts.short_amount(value), "chart-tick", anchor))
        if self.minimum is not None:
            x = PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * min(self.minimum, span) / span
            marks.append(line(x, 4, x, BOTTOM, "chart-total"))
        kept = f"; {self.kept:,} at or above {self.minimum:,.0f}" if self.minimum else ""
        return charts.svg(
            ident="salary-chart",
            width=WIDTH,
            height=HEIGHT,
            title=f"Salaries of {self.roles:,} roles, {self.currency} a year{kept}",
            description="Roles by salary: " + "; ".join(words) + ".",
            marks=marks,
            css="chart--salaries",
        )


def histogram(salaries: np.ndarray, *, currency: str, minimum: float | None) -> Histogram | None:
    """`salaries` (a year, in `currency`) in BINS bins of a round width from 0, the top bin
    holding everything above the CUT_PERCENTILE; None without any."""
    if not len(salaries):
        return None
    top = charts.nice_ceiling(float(np.percentile(salaries, CUT_PERCENTILE)))
    step = top / BINS
    # Bin i holds [i × step, (i + 1) × step); the last, everything from (BINS - 1) × step up.
    positions = np.minimum((salaries // step).astype(np.int64), BINS - 1)
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
