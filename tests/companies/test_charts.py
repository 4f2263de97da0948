"""The company page's charts: SVG drawn on the server whose shapes and words are the figures
behind them, with a text alternative, and none when there is nothing to draw."""

from collections import Counter

import pytest

from companies import charts
from companies.models import Review
from core.charts import nice_ceiling
from tests.conftest import (
    give_reviews,
    html,
    make_comp_signal,
    make_company,
    make_pay_reports,
    make_review,
)

pytestmark = pytest.mark.django_db


def plot_x(value, top, label=charts.LABEL):
    return label + (charts.WIDTH - label - charts.RIGHT) * value / top


def test_pay_by_level_draws_each_band_total_and_median_where_its_figures_are(client):
    company = make_company("Fernhill", slug="fernhill")
    make_comp_signal(company, level="l4", base_min=120_000, base_max=140_000, total_comp=160_000)
    make_comp_signal(company, level="l5", base_min=150_000, base_max=190_000, total_comp=230_000)
    make_pay_reports(company, [200_000, 210_000, 215_000, 220_000, 260_000], location="Remote")

    page = html(client.get("/companies/fernhill/"))
    chart = page.select_one("#comp-heading ~ figure svg")

    assert chart["role"] == "img"
    assert chart.title.get_text() == "Pay by level at Fernhill, USD a year"
    assert chart.desc.get_text() == (
        "L4 IC, base 120,000 to 140,000, typical total 160,000; "
        "L5 IC, base 150,000 to 190,000, typical total 230,000, "
        "readers' median 215,000 from 5 reports."
    )
    top = nice_ceiling(260_000)
    assert top == 300_000
    bands = chart.select("rect.chart-band")[:2]
    for band, (low, high) in zip(bands, [(120_000, 140_000), (150_000, 190_000)], strict=True):
        assert float(band["x"]) == pytest.approx(plot_x(low, top), abs=0.1)
        assert float(band["width"]) == pytest.approx(plot_x(high, top) - plot_x(low, top), abs=0.1)
    totals = [float(mark["x1"]) for mark in chart.select("line.chart-total")[:2]]
    assert totals == pytest.approx([plot_x(160_000, top), plot_x(230_000, top)], abs=0.1)
    (median, _legend) = chart.select("circle.chart-median")
    assert float(median["cx"]) == pytest.approx(plot_x(215_000, top), abs=0.1)
    assert [t.get_text() for t in chart.select("text.chart-tick")] == [
        "0",
        "75k",
        "150k",
        "225k",
        "300k",
    ]
    # The table with every figure stays beside it.
    assert page.select(".comp-table tbody tr")


def test_no_pay_chart_without_figures_and_no_ratings_chart_below_the_threshold(client):
    company = make_company("Quiet", slug="quiet")
    give_reviews(company, 2)
    page = html(client.get("/companies/quiet/"))
    assert page.select("svg.chart") == []
    assert "No comp signals yet." in page.get_text()


def test_ratings_draw_each_sub_score_and_the_spread_of_overall_scores(client):
    company = make_company("Fernhill", slug="fernhill")
    for overall in [5, 5, 4, 2]:
        make_review(company, rating=overall)
    company.refresh_from_db()

    page = html(client.get("/companies/fernhill/"))
    chart = page.select_one("#ratings-heading ~ figure svg")

    assert chart.title.get_text() == "Ratings of Fernhill from 4 published reviews"
    bars = chart.select("rect.chart-bar:not(.chart-bar--spread)")
    scores = [float(getattr(company, field)) for field in charts_fields()]
    full = plot_x(5, 5, charts.RATING_LABEL) - charts.RATING_LABEL
    assert [float(bar["width"]) for bar in bars] == pytest.approx(
        [full * s / 5 for s in scores], abs=0.1
    )
    values = [t.get_text() for t in chart.select("text.chart-value")]
    assert values[:6] == [f"{s:.1f}" for s in scores]
    assert values[6:] == ["2", "1", "0", "1", "0"], "5, 4, 3, 2 and 1 out of 5"
    spread = Counter(
        Review.objects.published().filter(company=company).values_list("rating_overall", flat=True)
    )
    assert spread == {5: 2, 4: 1, 2: 1}
    company.refresh_from_db()
    assert company.overall_spread() == spread
    assert (
        "Overall scores: 2 gave 5, 1 gave 4, 0 gave 3, 1 gave 2, 0 gave 1." in chart.desc.get_text()
    )


def charts_fields():
    from companies.models import RATING_FIELDS

    return RATING_FIELDS


def test_what_a_chart_says_is_escaped(client):
    make_company("<script>alert(1)</script>", slug="hostile")
    company = make_company("Tags & <b>", slug="amp")
    make_comp_signal(company)
    response = client.get("/companies/amp/")
    chart = html(response).select_one("#comp-heading ~ figure svg")
    assert chart.title.get_text() == "Pay by level at Tags & <b>, USD a year"
    assert b"Tags & <b>" not in response.content
