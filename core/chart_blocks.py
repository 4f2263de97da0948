"""Charts that editors write inside Markdown, as data in a fenced block:

    ```chart
    title: Where a tech lead's week goes
    unit: %
    series: Well-run organisation; Struggling organisation
    Writing code: 55–70; 40–50
    Incidents: 0–5; 5–15
    note: A rough guide from experience, not survey data.
    ```

Each row is a label, a colon and one value per series (separated by semicolons): a number, or a
range written `10–20`, `10-20` or `10 to 20`. The lines `title:` (required), `unit:`, `series:`,
`note:` and `max:` (where the axis ends) describe the chart. A block that does not parse is
refused with the line at fault (`ChartError`), and draws nothing.

The chart is drawn with core.charts (inline SVG with a title and a description), with a table of
the same figures under it, so its numbers are text for every reader.
"""

import hashlib
import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core import charts
from core.charts import line, rect, text

FENCE = re.compile(r"^(```|~~~)\s*chart\s*$")
KEYS = ("title", "unit", "series", "note", "max")
MAX_ROWS = 30
MAX_SERIES = 4
MAX_LABEL = 80
MAX_TEXT = 200
# Larger than any share, count or salary a guide would chart.
MAX_VALUE = 10**9
VALUE = re.compile(r"^(\d+(?:\.\d+)?)(?:\s*(?:[-–—]|to)\s*(\d+(?:\.\d+)?))?$")

# The drawing, in SVG units: labels above their bars so that long ones fit on a phone.
WIDTH = 400
LEFT = 4  # where labels start
PLOT_LEFT = 12  # where the axis starts, so that its first figure is not cut
VALUES = 92  # room on the right for each bar's figure
PLOT_RIGHT = WIDTH - VALUES
LEGEND = 24
LABEL_HEIGHT = 18
BAR = 11
BAR_GAP = 4
ROW_GAP = 10
AXIS = 30


class ChartError(ValueError):
    """A chart block that cannot be drawn; `line` is where, in the Markdown source."""

    def __init__(self, line: int, message: str):
        super().__init__(f"Chart block, line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Value:
    low: float
    high: float

    @property
    def is_range(self) -> bool:
        return self.low != self.high


@dataclass
class Row:
    label: str
    values: list[Value]


@dataclass
class Chart:
    title: str
    rows: list[Row]
    series: list[str]
    unit: str = ""
    note: str = ""
    top: float | None = None


def _value(raw: str, line_number: int) -> Value:
    match = VALUE.match(raw.strip())
    if not match:
        raise ChartError(
            line_number, f"“{raw.strip()}” is not a number or a range like 10–20 (plain digits)."
        )
    low = float(match[1])
    high = float(match[2]) if match[2] is not None else low
    if high < low:
        raise ChartError(line_number, f"the range “{raw.strip()}” runs backwards.")
    if high > MAX_VALUE:
        raise ChartError(line_number, f"{raw.strip()} is larger than a chart can show.")
    return Value(low, high)


def parse(lines: list[str], first_line: int) -> Chart:
    """The chart a block's lines (between the fences) describe; `first_line` is the source
    line of the first of them. Raises ChartError naming the line at fault (the opening fence
    for what concerns the whole block)."""
    opening = first_line - 1
    described: dict[str, str] = {}
    rows: list[tuple[int, str, str]] = []
    for number, raw in enumerate(lines, start=first_line):
        if not raw.strip():
            continue
        label, colon, rest = raw.partition(":")
        label, rest = label.strip(), rest.strip()
        if not colon or not label:
            raise ChartError(number, "write each line as “label: value”, e.g. “Code: 40–70”.")
        if label in KEYS:
            if label in described:
                raise ChartError(number, f"“{label}:” is given twice.")
            if len(rest) > MAX_TEXT:
                raise ChartError(number, f"“{label}:” is longer than {MAX_TEXT} characters.")
            described[label] = rest
            continue
        if len(label) > MAX_LABEL:
            raise ChartError(number, f"the label is longer than {MAX_LABEL} characters.")
        rows.append((number, label, rest))

    series = [name.strip() for name in described.get("series", "").split(";") if name.strip()]
    if len(series) > MAX_SERIES:
        raise ChartError(opening, f"a chart has at most {MAX_SERIES} series.")
    if not described.get("title"):
        raise ChartError(opening, "a chart needs a “title:” line saying what it shows.")
    if not rows:
        raise ChartError(opening, "a chart needs at least one row, like “Code: 40–70”.")
    if len(rows) > MAX_ROWS:
        raise ChartError(rows[MAX_ROWS][0], f"a chart has at most {MAX_ROWS} rows.")
    width = max(len(series), 1)
    parsed = []
    for number, label, rest in rows:
        values = rest.split(";")
        if len(values) != width:
            raise ChartError(
                number,
                f"“{label}” has {len(values)} value{'s' if len(values) != 1 else ''}; "
                f"the chart has {width} series, so it needs {width}, separated by “;”.",
            )
        parsed.append(Row(label, [_value(value, number) for value in values]))

    top = None
    if described.get("max"):
        top = _value(described["max"], opening).high
        highest = max(value.high for row in parsed for value in row.values)
        if top < highest or top <= 0:
            raise ChartError(opening, f"“max: {described['max']}” is below the largest value.")
    return Chart(
        title=described["title"],
        rows=parsed,
        series=series,
        unit=described.get("unit", ""),
        note=described.get("note", ""),
        top=top,
    )


def _number(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def figure(chart: Chart, value: Value) -> str:
    """A value as the chart's readers see it: "55–70%", "3 hours"."""
    said = (
        _number(value.low) if not value.is_range else f"{_number(value.low)}–{_number(value.high)}"
    )
    if not chart.unit:
        return said
    return f"{said}{chart.unit}" if chart.unit.startswith("%") else f"{said} {chart.unit}"


def svg(chart: Chart, ident: str) -> SafeString:
    """Horizontal bars, one group per row and one bar per series: a range floats from its low
    to its high, a single value starts at 0."""
    top = chart.top or charts.nice_ceiling(max(v.high for row in chart.rows for v in row.values))
    count = max(len(chart.series), 1)
    # Each series's swatch and name, side by side while they fit (about 7 units a letter),
    # on the next line when they do not; the names head the table's columns too.
    marks = []
    position, legend = LEFT, 0
    for index, name in enumerate(chart.series):
        width = 16 + 7 * len(name) + 16
        if position > LEFT and position + width > WIDTH:
            position, legend = LEFT, legend + LEGEND
        css = f"chart-series chart-series--{index + 1}"
        marks.append(rect(position, legend + 4, 12, 12, css))
        marks.append(text(position + 16, legend + 14, name, "chart-note"))
        position += width
    legend = legend + LEGEND if chart.series else 0
    row_height = LABEL_HEIGHT + count * (BAR + BAR_GAP) + ROW_GAP
    axis_y = legend + row_height * len(chart.rows)

    def x(tick: float) -> float:
        return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * tick / top

    for tick in charts.ticks(top):
        marks.append(line(x(tick), legend, x(tick), axis_y, "chart-grid"))
        marks.append(text(x(tick), axis_y + 18, charts.short_amount(tick), "chart-tick", "middle"))
    words = []
    for row_index, row in enumerate(chart.rows):
        y = legend + row_height * row_index
        marks.append(text(LEFT, y + 13, row.label, "chart-label"))
        said = []
        for index, value in enumerate(row.values):
            bar_y = y + LABEL_HEIGHT + index * (BAR + BAR_GAP)
            start = x(value.low) if value.is_range else x(0)
            end = x(value.high)
            css = f"chart-series chart-series--{index + 1}"
            marks.append(rect(start, bar_y, max(end - start, 2), BAR, css))
            marks.append(
                text(WIDTH - 2, bar_y + BAR - 1, figure(chart, value), "chart-value", "end")
            )
            name = f"{chart.series[index]} " if chart.series else ""
            said.append(f"{name}{figure(chart, value)}")
        words.append(f"{row.label}: {', '.join(said)}")
    marks.append(line(PLOT_LEFT, axis_y, PLOT_RIGHT, axis_y, "chart-axis"))
    return charts.svg(
        ident=ident,
        width=WIDTH,
        height=axis_y + AXIS,
        title=chart.title,
        description="; ".join(words) + ".",
        marks=marks,
        css="chart--block",
    )


def html(chart: Chart, ident: str) -> SafeString:
    """The chart in a figure under its caption, and the table of its figures."""
    columns = chart.series or ["Value"]
    head = format_html_join(
        "", '<th scope="col" class="num">{}</th>', ((name,) for name in columns)
    )
    body = format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (
                row.label,
                format_html_join(
                    "", '<td class="num">{}</td>', ((figure(chart, v),) for v in row.values)
                ),
            )
            for row in chart.rows
        ),
    )
    note = format_html(" {}", chart.note) if chart.note else ""
    return format_html(
        '<figure class="chart-figure chart-block">'
        "<figcaption><strong>{}</strong>{}</figcaption>{}"
        '<div class="table-scroll" tabindex="0" role="region" aria-label="{}: the figures">'
        '<table class="chart-block__table"><thead><tr><td></td>{}</tr></thead>'
        "<tbody>{}</tbody></table></div></figure>",
        chart.title,
        note,
        svg(chart, ident),
        chart.title,
        head,
        body,
    )


def ident_for(lines: list[str], index: int | str) -> str:
    """An id for the chart's title and description, the same on every render of the block."""
    digest = hashlib.sha1("\n".join(lines).encode(), usedforsecurity=False).hexdigest()[:8]
    return f"chart-{digest}-{index}"
