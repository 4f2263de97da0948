"""A company's pictures: pay by level (editors' bands, readers' medians) and its ratings (each
sub-score, and how overall scores are spread). Drawn with core.charts; each says what it shows
in words, and the company page keeps the table of the same figures."""

from collections import Counter
from collections.abc import Iterable

from django.utils.safestring import SafeString

from core import charts
from core.charts import circle, line, rect, text

WIDTH = 640
LABEL = 150
RIGHT = 24
ROW = 34
TOP = 8
AXIS = 40
# The ratings' names are longer than levels'.
RATING_LABEL = 190


def _x(value: float, top: float, label: int = LABEL) -> float:
    return label + (WIDTH - label - RIGHT) * value / top


def _axis(marks: list, rows: int, top: float) -> float:
    """The amount axis under `rows` rows, from 0 to `top`, with its ticks and grid lines;
    returns where it is drawn."""
    axis_y = TOP + ROW * rows + 4
    marks.append(line(LABEL, axis_y, WIDTH - RIGHT, axis_y, "chart-axis"))
    for value in charts.ticks(top):
        x = _x(value, top)
        marks.append(line(x, TOP, x, axis_y, "chart-grid"))
        marks.append(text(x, axis_y + 18, charts.short_amount(value), "chart-tick", "middle"))
    return axis_y


def pay_by_level(company_name: str, rows: Iterable[dict]) -> SafeString | None:
    """Range bars of each level's base salary with its typical total marked, and readers'
    medians (with how many reports) where enough back one: `rows` as comp_table gives them.
    Only figures in the company's main currency are drawn (the table has the rest). None when
    there is nothing to draw."""
    rows = list(rows)
    currencies = Counter(row["band"].currency for row in rows if row["band"] is not None)
    reported = [
        row["reported"] for row in rows if row["reported"] is not None and row["reported"].enough
    ]
    currencies.update(stats.currency for stats in reported)
    if not currencies:
        return None
    currency = currencies.most_common(1)[0][0]
    drawn = []
    for row in rows:
        band = row["band"] if row["band"] is not None and row["band"].currency == currency else None
        stats = row["reported"]
        stats = stats if stats is not None and stats.enough and stats.currency == currency else None
        if band is not None or stats is not None:
            drawn.append((row, band, stats))
    if not drawn:
        return None
    highest = max(
        value
        for _, band, stats in drawn
        for value in [
            *([band.base_max, band.total_comp] if band else []),
            *([stats.median, stats.high] if stats else []),
        ]
    )
    top = charts.nice_ceiling(highest)
    height = TOP + ROW * len(drawn) + AXIS + 28
    marks = []
    words = []
    for index, (row, band, stats) in enumerate(drawn):
        y = TOP + ROW * index
        middle = y + ROW / 2
        marks.append(text(0, middle + 5, row["short"], "chart-label"))
        said = [row["short"]]
        if band is not None:
            start, end = _x(band.base_min, top), _x(band.base_max, top)
            marks.append(rect(start, middle - 7, end - start, 14, "chart-band", rx=3))
            total = _x(band.total_comp, top)
            marks.append(line(total, middle - 12, total, middle + 12, "chart-total"))
            said.append(
                f"base {band.base_min:,} to {band.base_max:,}, typical total {band.total_comp:,}"
            )
        if stats is not None:
            median = _x(stats.median, top)
            marks.append(circle(median, middle, 5, "chart-median"))
            marks.append(text(median + 9, middle - 6, str(stats.count), "chart-note"))
            said.append(f"readers' median {stats.median:,} from {stats.count} reports")
        words.append(", ".join(said))
    axis_y = _axis(marks, len(drawn), top)
    legend_y = axis_y + 44
    marks += [
        rect(LABEL, legend_y - 10, 22, 10, "chart-band", rx=2),
        text(LABEL + 28, legend_y, "Base salary", "chart-note"),
        line(LABEL + 128, legend_y - 12, LABEL + 128, legend_y + 2, "chart-total"),
        text(LABEL + 136, legend_y, "Typical total", "chart-note"),
        circle(LABEL + 250, legend_y - 5, 5, "chart-median"),
        text(LABEL + 260, legend_y, "Readers' median (reports)", "chart-note"),
    ]
    return charts.svg(
        ident="pay-chart",
        width=WIDTH,
        height=height + 8,
        title=f"Pay by level at {company_name}, {currency} a year",
        description="; ".join(words) + ".",
        marks=marks,
        css="chart--pay",
    )


def ratings(
    company_name: str, sub_ratings: list[tuple[str, object]], spread: dict[int, int]
) -> SafeString:
    """Each rating out of 5 as a bar, then how many reviews gave each overall score."""
    marks = []
    words = []
    for index, (label, value) in enumerate(sub_ratings):
        y = TOP + ROW * index
        middle = y + ROW / 2
        score = float(value or 0)
        marks.append(text(0, middle + 5, str(label).capitalize(), "chart-label"))
        marks.append(
            rect(
                RATING_LABEL,
                middle - 8,
                _x(5, 5, RATING_LABEL) - RATING_LABEL,
                16,
                "chart-track",
                rx=3,
            )
        )
        marks.append(
            rect(
                RATING_LABEL,
                middle - 8,
                _x(score, 5, RATING_LABEL) - RATING_LABEL,
                16,
                "chart-bar",
                rx=3,
            )
        )
        marks.append(text(_x(5, 5, RATING_LABEL) + 4, middle + 5, f"{score:.1f}", "chart-value"))
        words.append(f"{str(label).capitalize()} {score:.1f}")
    reviews = sum(spread.values())
    most = max(spread.values(), default=0) or 1
    start = TOP + ROW * len(sub_ratings) + 16
    marks.append(text(0, start + 12, "Overall scores", "chart-heading"))
    spread_words = []
    for offset, stars in enumerate(range(5, 0, -1)):
        y = start + 24 + 24 * offset
        count = spread.get(stars, 0)
        marks.append(text(0, y + 13, f"{stars} out of 5", "chart-label"))
        marks.append(
            rect(
                RATING_LABEL,
                y + 2,
                (_x(count, most, RATING_LABEL) - RATING_LABEL) * 0.85,
                14,
                "chart-bar chart-bar--spread",
                rx=2,
            )
        )
        marks.append(
            text(
                RATING_LABEL + (_x(count, most, RATING_LABEL) - RATING_LABEL) * 0.85 + 6,
                y + 14,
                str(count),
                "chart-value",
            )
        )
        spread_words.append(f"{count} gave {stars}")
    height = start + 24 + 24 * 5 + 8
    return charts.svg(
        ident="ratings-chart",
        width=WIDTH,
        height=height,
        title=f"Ratings of {company_name} from {reviews} published reviews",
        description=f"{'; '.join(words)}. Overall scores: {', '.join(spread_words)}.",
        marks=marks,
        css="chart--ratings",
    )


def ranges(*, ident: str, title: str, rows: list[tuple[str, int, int, int, int]]) -> SafeString:
    """One row per group: its label, the lowest and highest figure as a bar, the median as a
    dot and how many reports back it. `rows` are (label, low, high, median, count)."""
    top = charts.nice_ceiling(max(high for _, _, high, _, _ in rows))
    marks = []
    words = []
    for index, (label, low, high, median, count) in enumerate(rows):
        middle = TOP + ROW * index + ROW / 2
        marks.append(text(0, middle + 5, label[:22], "chart-label"))
        start, end = _x(low, top), _x(high, top)
        marks.append(
            rect(start, middle - 6, max(end - start, 2), 12, "chart-band chart-band--soft", rx=3)
        )
        marks.append(circle(_x(median, top), middle, 5, "chart-median"))
        marks.append(text(min(end + 8, WIDTH - 20), middle + 5, str(count), "chart-note"))
        words.append(f"{label}: median {median:,}, from {low:,} to {high:,}, {count} reports")
    axis_y = _axis(marks, len(rows), top)
    return charts.svg(
        ident=ident,
        width=WIDTH,
        height=axis_y + 28,
        title=title,
        description="; ".join(words) + ".",
        marks=marks,
        css="chart--ranges",
    )
