"""The board's salary histogram beside the minimum-salary filter: the roles the other filters
find, counted into round bins in the reader's currency, with the minimum marked."""

import pytest

from tests.conftest import html, make_company, make_job, make_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    company = make_company()
    # Annual pay is the top of each range.
    for top in [50_000, 60_000, 65_000, 110_000, 120_000, 130_000, 150_000, 260_000]:
        make_job(company, salary_min=top - 10_000, salary_max=top, level="l5")
    make_job(company, salary_min=None, salary_max=None)
    make_job(company, salary_min=90_000, salary_max=100_000, level="l3")


def chart(client, query):
    return html(client.get(f"/jobs/{query}")).select_one("#filter-min-salary ~ * svg, fieldset svg")


def counts(svg) -> list[int]:
    return [
        int(part.rsplit(": ", 1)[1]) for part in svg.desc.get_text().removesuffix(".").split("; ")
    ]


def test_the_histogram_counts_the_salaries_the_other_filters_find(client, roles):
    svg = chart(client, "?level=l5&min_salary=100000")

    # 8 salaries at L5; the 98th percentile (about 252,000) rounds up to 300,000: bins of 30,000.
    assert svg.title.get_text() == "Salaries of 8 roles, USD a year; 5 at or above 100,000"
    assert svg.desc.get_text().startswith("Roles by salary: 0 to 30,000: 0; 30,000 to 60,000: 1;")
    assert counts(svg) == [0, 1, 2, 1, 2, 1, 0, 0, 1, 0]
    # The minimum filter is left out of the counts: the same bars without it.
    assert counts(chart(client, "?level=l5")) == counts(svg)
    # Bars below the minimum are drawn apart, and the line marks it.
    bars = svg.select("rect")
    assert ["chart-bar--out" in bar["class"] for bar in bars] == [True] * 3 + [False] * 7
    assert len(svg.select("line.chart-total")) == 1
    heights = [float(bar["height"]) for bar in bars]
    assert heights[2] == max(heights)
    assert heights[1] == pytest.approx(heights[2] / 2, abs=0.1)


def test_the_histogram_is_in_the_readers_currency(client, roles):
    make_rate("EUR", "0.5")
    # (A currency alone qualifies nothing, so the board drops it: a minimum comes with it.)
    svg = chart(client, "?level=l5&currency=EUR&min_salary=50000")
    assert svg.title.get_text() == "Salaries of 8 roles, EUR a year; 5 at or above 50,000"
    # Halved, the 98th percentile (about 126,000) rounds up to 160,000: bins of 16,000.
    assert svg.desc.get_text().startswith("Roles by salary: 0 to 16,000: 0; 16,000 to 32,000: 2;")
    assert counts(svg) == [0, 2, 1, 2, 2, 0, 0, 0, 1, 0]


def test_no_histogram_when_no_role_found_has_a_salary(client, roles):
    assert chart(client, "?level=l8") is None
    page = html(client.get("/jobs/?level=l8"))
    assert page.select_one("#filter-min-salary") is not None
    assert "None of the roles these filters find gives a salary" in page.get_text()
