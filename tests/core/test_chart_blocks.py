"""Chart blocks written in Markdown: the figures drawn and tabled are the block's own, hostile
text stays text, and a block that cannot be drawn names its line and draws nothing."""

import re

import pytest
from bs4 import BeautifulSoup

from core import chart_blocks
from core.markdown import render_markdown

WEEK = """\
Before the chart.

```chart
title: Where the week goes
unit: %
series: Calm; Busy
Code: 55–70; 40-50
Incidents: 0 to 5; 12.5
note: A rough guide.
```

After the chart.
"""


def draw(source: str):
    rendered = render_markdown(source, charts=True)
    return rendered, BeautifulSoup(rendered.html, "html.parser")


def test_a_chart_block_is_drawn_with_its_figures_as_text_in_a_table():
    rendered, page = draw(WEEK)

    assert rendered.problems == []
    texts = [p.get_text() for p in page.find_all("p")]
    assert texts == ["Before the chart.", "After the chart."]
    figure = page.select_one("figure.chart-block")
    svg = figure.find("svg")
    assert svg["role"] == "img"
    assert svg.find("title").get_text() == "Where the week goes"
    assert svg.find("desc").get_text() == (
        "Code: Calm 55–70%, Busy 40–50%; Incidents: Calm 0–5%, Busy 12.5%."
    )
    assert figure.figcaption.get_text() == "Where the week goes A rough guide."
    table = figure.find("table")
    assert [th.get_text() for th in table.thead.find_all("th")] == ["Calm", "Busy"]
    rows = [[cell.get_text() for cell in tr.find_all(["th", "td"])] for tr in table.tbody("tr")]
    assert rows == [["Code", "55–70%", "40–50%"], ["Incidents", "0–5%", "12.5%"]]


def test_each_bar_spans_its_values_on_the_charts_axis():
    _, page = draw(WEEK)
    svg = page.find("svg")
    ticks = [float(t.get_text()) for t in svg.select("text.chart-tick")]
    assert ticks == [0, 20, 40, 60, 80], "a round axis over the largest value, 70"
    grid = {float(t.get_text()): float(t["x"]) for t in svg.select("text.chart-tick")}
    per_unit = (grid[80] - grid[0]) / 80

    def x(value):
        return grid[0] + value * per_unit

    bars = svg.select("rect.chart-series")[2:]  # after the legend's two swatches
    spans = [(float(b["x"]), float(b["x"]) + float(b["width"])) for b in bars]
    # A range floats from its low to its high; a single value starts at 0.
    expected = [(55, 70), (40, 50), (0, 5), (0, 12.5)]
    for (start, end), (low, high) in zip(spans, expected, strict=True):
        assert start == pytest.approx(x(low), abs=0.1)
        assert end == pytest.approx(x(high), abs=0.1)
    values = [t.get_text() for t in svg.select("text.chart-value")]
    assert values == ["55–70%", "40–50%", "0–5%", "12.5%"]


def test_a_chart_without_series_has_one_bar_a_row_and_its_unit_after_a_space():
    _, page = draw("```chart\ntitle: Hours\nunit: hours\nReviews: 3\nDocs: 2–4\n```")
    assert [t.get_text() for t in page.select("text.chart-value")] == ["3 hours", "2–4 hours"]
    assert [th.get_text() for th in page.thead.find_all("th")] == ["Value"]
    assert len(page.select("rect.chart-series")) == 2, "no legend"


def test_text_in_a_chart_is_escaped_everywhere_it_shows():
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    source = f"```chart\ntitle: {hostile}\nseries: {hostile}\nnote: {hostile}\n{hostile}: 5\n```"
    rendered, page = draw(source)

    assert rendered.problems == []
    assert page.find("script") is None
    assert page.find("img") is None
    assert not any(name.startswith("on") for tag in page.find_all(True) for name in tag.attrs), (
        "no event handler"
    )
    assert hostile in page.find("svg").find("title").get_text()
    assert page.select_one("tbody th").get_text() == hostile


def test_only_fields_that_draw_charts_draw_them():
    plain = BeautifulSoup(render_markdown(WEEK).html, "html.parser")
    assert plain.find("svg") is None
    assert "title: Where the week goes" in plain.find("pre").get_text()


def test_the_place_kept_for_a_chart_cannot_be_written_by_hand():
    _, page = draw("ladderchart0000000000000000n0\n\nText.")
    assert page.find("figure") is None
    assert "ladderchart" in page.get_text()


@pytest.mark.parametrize(
    ("block", "line", "message"),
    [
        ("title: T\nCode: 4x", 3, "“4x” is not a number or a range"),
        ("title: T\nseries: A; B\nCode: 4", 4, "“Code” has 1 value; the chart has 2 series"),
        ("title: T\nCode: 9–4", 3, "the range “9–4” runs backwards"),
        ("title: T\nCode: -4", 3, "“-4” is not a number"),
        ("title: T\nCode: 99999999999", 3, "larger than a chart can show"),
        ("unit: %\nCode: 4", 1, "a chart needs a “title:” line"),
        ("title: T\n", 1, "a chart needs at least one row"),
        ("title: T\ntitle: U\nCode: 4", 3, "“title:” is given twice"),
        ("title: T\nmax: 3\nCode: 4", 1, "“max: 3” is below the largest value"),
        ("title: T\nseries: A;B;C;D;E\nCode: 1;2;3;4;5", 1, "at most 4 series"),
        ("title: T\njust words", 3, "write each line as “label: value”"),
        ("title: T\n" + "".join(f"R{i}: {i}\n" for i in range(31)), 33, "at most 30 rows"),
        (f"title: T\n{'L' * 81}: 4", 3, "longer than 80 characters"),
    ],
)
def test_a_block_that_cannot_be_drawn_names_its_line_and_draws_nothing(block, line, message):
    # `line` counts from the opening fence as line 1; two lines come before it here.
    source = f"Intro.\n\n```chart\n{block}\n```\n\nOutro."
    rendered, page = draw(source)

    (problem,) = rendered.problems
    assert problem.startswith(f"Chart block, line {line + 2}: "), problem
    assert message in problem
    assert page.find("figure") is None
    assert page.find("pre") is None, "not shown to readers as code either"
    assert [p.get_text() for p in page.find_all("p")] == ["Intro.", "Outro."]


def test_a_block_never_closed_is_named_and_nothing_after_it_is_lost_from_the_page():
    rendered, page = draw("Intro.\n\n```chart\ntitle: T\nCode: 4\n")
    assert rendered.problems == ["Chart block, line 3: it is never closed with ```."]
    assert page.find("figure") is None
    assert page.get_text(strip=True) == "Intro."


def test_two_charts_on_a_page_have_their_own_ids():
    _, page = draw(WEEK + "\n" + WEEK.replace("Calm", "Quiet"))
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == 4
    assert len(set(ids)) == 4
    for svg in page.find_all("svg"):
        for ident in svg["aria-labelledby"].split():
            assert page.find(id=ident) is not None


def test_long_series_names_wrap_the_legend_inside_the_chart():
    names = ["A fairly long name for a series", "Another rather long series name", "Third"]
    _, page = draw(f"```chart\ntitle: T\nseries: {'; '.join(names)}\nRow: 1; 2; 3\n```")
    svg = page.find("svg")
    width = float(svg["viewbox"].split()[2])
    swatches = svg.select("rect.chart-series")[:3]
    assert len({s["y"] for s in swatches}) > 1, "more than one legend line"
    assert all(float(s["x"]) + 12 <= width for s in swatches)
    assert re.fullmatch(r"[\d.]+ [\d.]+ [\d.]+ [\d.]+", svg["viewbox"])


def test_parse_reads_what_the_editor_wrote():
    chart = chart_blocks.parse(["title: T", "max: 100", "A: 1–2", "B: 3"], first_line=1)
    assert chart.top == 100
    assert [(r.label, [(v.low, v.high) for v in r.values]) for r in chart.rows] == [
        ("A", [(1, 2)]),
        ("B", [(3, 3)]),
    ]


def test_a_chart_block_shown_as_an_example_in_code_stays_code():
    example = "```chart\ntitle: T\nCode: 1\n```"
    for source in [
        f"~~~\n{example}\n~~~",
        "\n".join("    " + line for line in example.split("\n")),
    ]:
        rendered, page = draw(f"How to write one:\n\n{source}\n\nThe end.")
        assert rendered.problems == []
        assert page.find("svg") is None
        assert "title: T" in page.find("pre").get_text()
        assert "ladderchart" not in page.get_text()


def test_charts_in_parts_rendered_apart_keep_their_own_ids():
    first = render_markdown(WEEK, charts=True, first_line=1).html
    second = render_markdown(WEEK, charts=True, first_line=30).html
    ids = re.findall(r'id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids)) == 4
