"""Pay for one level across companies and locations (/companies/pay/): medians only where
enough independent reports back them, in the reader's currency, drawn and tabled alike."""

import pytest

from tests.conftest import html, make_company, make_pay_reports, make_rate

pytestmark = pytest.mark.django_db


def report(company, total, **fields):
    return make_pay_reports(company, [total], **fields)[0]


@pytest.fixture
def reports():
    north, south, few = (
        make_company("North", slug="north"),
        make_company("South", slug="south"),
        make_company("Few", slug="few"),
    )
    for total, place in zip(
        [100_000, 110_000, 120_000, 130_000, 140_000],
        ["Berlin", "berlin ", "BERLIN", "Berlin", "Berlin"],
        strict=True,
    ):
        report(north, total, location=place)
    for total in [200_000, 210_000, 220_000, 230_000, 240_000, 250_000]:
        report(south, total, location="Zurich")
    for total in [300_000, 310_000, 320_000, 330_000]:
        report(few, total, location="Berlin")  # four: below the threshold
    report(north, 999_000, status="held")  # not counted
    report(north, 90_000, level="l4")  # another level


def rows(page, heading):
    table = page.find(id=heading).parent.select("tbody tr")
    return [
        [" ".join(c.get_text(" ", strip=True).split()) for c in row.find_all(["th", "td"])]
        for row in table
    ]


def test_companies_and_locations_with_enough_reports_are_shown_highest_first(client, reports):
    page = html(client.get("/companies/pay/?level=l5&track=ic&currency=USD"))

    assert rows(page, "companies-heading") == [
        ["South", "USD 225,000", "200,000–250,000", "6"],
        ["North", "USD 120,000", "100,000–140,000", "5"],
    ]
    # Berlin, however it was typed, has North's five and Few's four: nine reports.
    assert rows(page, "locations-heading") == [
        ["Zurich", "USD 225,000", "200,000–250,000", "6"],
        ["Berlin", "USD 140,000", "100,000–330,000", "9"],
    ]
    chart = page.select_one("#companies-heading ~ figure svg")
    assert chart.desc.get_text() == (
        "South: median 225,000, from 200,000 to 250,000, 6 reports; "
        "North: median 120,000, from 100,000 to 140,000, 5 reports."
    )
    spread = page.select_one("#spread-heading ~ figure svg")
    assert spread.title.get_text() == "Salaries of 15 reports, USD a year"


def test_figures_are_converted_to_the_readers_currency(client, reports):
    make_rate("EUR", "0.5")
    page = html(client.get("/companies/pay/?level=l5&track=ic&currency=EUR"))
    assert rows(page, "companies-heading")[1] == ["North", "EUR 60,000", "50,000–70,000", "5"]


def test_below_the_threshold_nothing_is_drawn(client, reports):
    page = html(client.get("/companies/pay/?level=l4&track=ic"))
    assert page.select("svg.chart") == []
    assert "Not enough reports at this level yet (1 of 5)." in page.get_text()
    assert "No company has enough reports at this level yet." in page.get_text()


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("?level=l99", "“l99” is not a level; showing L5."),
        ("?track=boss", "“boss” is not a track; showing individual contributors."),
        ("?currency=%00", "“\ufffd” is not a currency we convert to; showing USD."),
    ],
)
def test_a_wrong_address_gets_a_notice_and_the_default(client, reports, query, notice):
    response = client.get(f"/companies/pay/{query}")
    assert response.status_code == 200
    assert [li.get_text() for li in html(response).select(".notice li")] == [notice]


def test_the_page_is_in_the_footer_and_linked_from_company_pages(client, reports):
    page = html(client.get("/companies/north/"))
    assert page.select_one("footer a[href='/companies/pay/']") is not None
    assert page.find("a", string="Senior (L5) pay across companies and locations") is not None


def test_the_page_does_a_fixed_number_of_queries(client, reports, django_assert_num_queries):
    client.get("/companies/pay/?level=l4&track=ic")  # the kept tables are read
    # 1 the counted reports at the level (grouped by company and by place in Python), 1 the
    # companies' names, 1 the change log's look.
    with django_assert_num_queries(3):
        client.get("/companies/pay/?level=l5&track=ic")
