"""Comparing companies side by side (/companies/compare/): every row from the data behind it,
collected from the directory, company pages and cards, and safe against any query string."""

import pytest

from tests.conftest import (
    give_reviews,
    html,
    make_comp_signal,
    make_company,
    make_job,
    make_ladder,
    make_pay_reports,
    make_rate,
    make_tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio():
    learning, flat = make_tag("learning", name="Learning"), make_tag("flat", name="Flat")
    north = make_company(
        "North", slug="north", stage="series-b", employee_count=240, tags=[learning, flat]
    )
    south = make_company("South", slug="south", stage="public", employee_count=4200)
    west = make_company("West", slug="west", remote_policy="remote-first", tags=[learning])
    give_reviews(north, 4, career=5, overall=4)
    give_reviews(south, 2)
    make_comp_signal(north, level="l5", total_comp=200_000, base_min=150_000, base_max=170_000)
    make_comp_signal(
        south, level="l5", total_comp=180_000, base_min=140_000, base_max=160_000, currency="EUR"
    )
    make_comp_signal(west, level="l6", total_comp=260_000, base_min=200_000, base_max=220_000)
    make_pay_reports(south, [190_000, 200_000, 210_000, 220_000, 230_000], currency="EUR")
    make_ladder(north, [("Engineer", "l3", "l4", ""), ("Tech Lead", "l6", "l6", "level")])
    make_job(north, level="l5")
    make_job(north, level="l5")
    make_job(west, level="l6")
    return north, south, west


def table(response) -> dict[str, list[str]]:
    """Each row of the comparison: its header, then each company's cell, as text."""
    page = html(response)
    rows = {}
    for row in page.select(".compare-table tbody tr:not(.compare-group)"):
        cells = [
            " ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all(["th", "td"])
        ]
        rows[cells[0]] = cells[1:]
    return rows


def test_three_companies_side_by_side_show_every_row_from_their_data(client, trio):
    client.get("/jobs/")  # the board reads the roles just written
    rows = table(client.get("/companies/compare/?company=north&company=south&company=west"))

    assert rows["Stage"] == ["Series B", "Public", "Series A"]
    assert rows["Size"] == ["240 people", "4,200 people", "40 people"]
    assert rows["Remote policy"] == ["Hybrid", "Hybrid", "Remote-first"]
    assert rows["Culture tags"] == [
        "Flat Seen Flat. Learning Seen Learning.",
        "None yet",
        "Learning Seen Learning.",
    ]
    assert rows["Ladder names tech lead"] == ["Yes", "No", "No"]
    assert rows["Reviews"] == ["4 published", "2 published", "0 published"]
    assert rows["Career opportunities"] == ["5.0", "Not enough reviews", "Not enough reviews"]
    assert rows["Overall"][0] == "4.0"
    assert rows["L5 · Senior · Individual contributor"] == [
        "USD 200,000 base 150,000–170,000",
        "EUR 180,000 base 140,000–160,000 Readers' median EUR 210,000 from 5 reports",
        "No editor band",
    ]
    assert rows["L6 · Staff · Individual contributor"][2] == "USD 260,000 base 200,000–220,000"
    assert rows["Levels, lowest first"] == [
        "Engineer L3–L4 Tech Lead L6, tech lead",
        "Not published",
        "Not published",
    ]
    assert rows["All levels"] == ["2", "0", "1"]
    assert rows["L5 · Senior"] == ["2", "0", "0"]
    assert rows["L6 · Staff"] == ["0", "0", "1"]


def test_pay_is_converted_to_the_currency_the_reader_picks(client, trio):
    make_rate("EUR", "0.5")
    rows = table(client.get("/companies/compare/?company=north&company=south&currency=EUR"))
    assert rows["L5 · Senior · Individual contributor"] == [
        "EUR 100,000 base 75,000–85,000",
        "EUR 180,000 base 140,000–160,000 Readers' median EUR 210,000 from 5 reports",
    ]
    rows = table(client.get("/companies/compare/?company=north&company=south&currency=USD"))
    assert rows["L5 · Senior · Individual contributor"] == [
        "USD 200,000 base 150,000–170,000",
        "USD 360,000 base 280,000–320,000 Readers' median USD 420,000 from 5 reports",
    ]


def test_companies_are_collected_from_the_directory_and_company_pages(client, trio):
    directory = html(client.get("/companies/"))
    form = directory.select_one("form#compare-form")
    assert form["action"] == "/companies/compare/"
    assert form["method"] == "get"
    ticks = directory.select('input[type=checkbox][form="compare-form"][name="company"]')
    assert sorted(tick["value"] for tick in ticks) == ["north", "south", "west"]

    page = html(client.get("/companies/north/"))
    compare = page.find("a", string="Compare")
    assert compare["href"] == "/companies/compare/?company=north"
    added = client.get("/companies/compare/?company=north&add=West")
    assert added.status_code == 302
    assert added["Location"] == "/companies/compare/?company=north&company=west"


@pytest.mark.parametrize(
    ("query", "notices", "shown"),
    [
        ("", [], []),
        (
            "?company=north&company=gone",
            ["No company in the directory has the address “gone”."],
            ["North"],
        ),
        ("?company=south&company=south", ["“south” was named twice; it is shown once."], ["South"]),
        (
            "?company=north&company=south&company=west&company=x4&company=x5",
            ["Up to 4 companies fit side by side; left out: X5."],
            ["North", "South", "West", "X4"],
        ),
        (
            "?company=north&currency=%3Cscript%3E",
            ["“<SCRIPT>” is not a currency we convert to; pay is shown as reported."],
            ["North"],
        ),
        ("?company[]=north&company=west", [], ["West"]),
    ],
)
def test_what_the_address_gets_wrong_is_said_and_the_page_still_works(
    client, trio, query, notices, shown
):
    make_company("X4", slug="x4")
    make_company("X5", slug="x5")
    response = client.get(f"/companies/compare/{query}")
    assert response.status_code == 200
    page = html(response)
    assert [li.get_text() for li in page.select(".notice li")] == notices
    assert [th.get_text() for th in page.select(".compare-table thead th")] == shown
    assert b"<SCRIPT>" not in response.content, "what the reader sent is escaped"


@pytest.mark.django_db(transaction=True)
def test_the_comparison_does_as_many_queries_for_four_companies_as_for_one(
    client, trio, django_assert_num_queries
):
    make_company("X4", slug="x4")
    client.get("/companies/compare/?company=north")  # the board reads what was just written
    # 1 the companies (with their interview summaries, which the database derives),
    # 1 exchange rates, 1 tags with evidence, 1 ladders, 1 comp rows, 1 pay reports, 1 what
    # changed since the board's index was read (nothing: the open roles by level are counted
    # in it), 1 names suggested for adding a company.
    with django_assert_num_queries(8):
        client.get("/companies/compare/?company=north&currency=EUR")
    with django_assert_num_queries(8):
        client.get(
            "/companies/compare/?company=north&company=south&company=west&company=x4&currency=EUR"
        )
