"""Level mapping (/companies/levels/): two to four companies' ladders lined up on the L3–L8
scale, with the pay at each level, reached from company pages and guides."""

import pytest

from companies.models import LadderLevel
from tests.conftest import html, make_comp_signal, make_company, make_ladder, make_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies():
    north = make_company("North", slug="north")
    make_ladder(
        north,
        [
            ("Engineer", "l3", "l4", ""),
            ("Senior Engineer", "l5", "l5", ""),
            ("Tech Lead", "l6", "l6", "level"),
        ],
    )
    make_ladder(north, [("Engineering Manager", "l5", "l6", "")], track="manager")
    south = make_company("South", slug="south")
    make_ladder(
        south,
        [
            ("IC1", "l3", "l3", ""),
            ("IC2", "l4", "l4", ""),
            ("IC3", "l5", "l6", "role"),
            ("Staff", "l6", "l6", ""),
        ],
    )
    make_comp_signal(north, level="l5", total_comp=200_000, currency="USD")
    make_comp_signal(south, level="l5", total_comp=180_000, currency="EUR")
    make_comp_signal(
        south, level="l6", base_min=200_000, base_max=240_000, total_comp=260_000, currency="EUR"
    )
    return north, south


def columns(page, track="ic"):
    """Each company's boxes as drawn: name, the rows they span (1 is L8, 7 below L3), lane."""
    section = page.find(id=f"map-{track}").parent
    drawn = {}
    for column in section.select(".level-map__company"):
        boxes = []
        for box in column.select(".level-box"):
            classes = box["class"]
            start = next(int(c.split("-")[-1]) for c in classes if c.startswith("lm-start-"))
            end = next(int(c.split("-")[-1]) for c in classes if c.startswith("lm-end-"))
            lane = next(int(c.split("-")[-1]) for c in classes if c.startswith("lm-lane-"))
            boxes.append((box.select_one(".level-box__name").get_text(), start, end, lane))
        drawn[column.h3.get_text()] = boxes
    return drawn


def test_two_ladders_line_up_level_by_level_on_one_scale(client, companies):
    page = html(client.get("/companies/levels/?company=north&company=south"))

    # Rows top down: L8 1, L7 2, L6 3, L5 4, L4 5, L3 6; a box ends where the next row starts.
    assert columns(page) == {
        "North": [("Engineer", 5, 7, 1), ("Senior Engineer", 4, 5, 1), ("Tech Lead", 3, 4, 1)],
        "South": [("IC1", 6, 7, 1), ("IC2", 5, 6, 1), ("IC3", 3, 5, 1), ("Staff", 3, 4, 2)],
    }
    assert columns(page, "manager") == {"North": [("Engineering Manager", 3, 5, 1)]}
    scale = [li.get_text() for li in page.select("#map-ic ~ div .level-map__scale li")]
    assert scale == ["L8", "L7", "L6", "L5", "L4", "L3"]


def test_each_level_shows_what_it_pays_in_the_currency_the_reader_picks(client, companies):
    make_rate("EUR", "0.8")

    def pay(query):
        page = html(client.get(f"/companies/levels/?company=north&company=south{query}"))
        return {
            box.select_one(".level-box__name").get_text(): [
                li.get_text() for li in box.select(".level-box__pay li")
            ]
            for box in page.select("#map-ic ~ div .level-box")
        }

    own = pay("")
    assert own["Senior Engineer"] == ["USD 200,000"]
    assert own["IC3"] == ["L5: EUR 180,000", "L6: EUR 260,000"]
    assert own["Engineer"] == [], "no comp row, no figure"

    converted = pay("&currency=EUR")
    assert converted["Senior Engineer"] == ["EUR 160,000"]
    assert converted["IC3"] == ["L5: EUR 180,000", "L6: EUR 260,000"]
    assert pay("&currency=USD")["IC3"] == ["L5: USD 225,000", "L6: USD 325,000"]


def test_choosing_your_level_names_its_matches_at_the_others(client, companies):
    senior = LadderLevel.objects.get(name="Senior Engineer")
    third = make_company("Third", slug="third")
    make_ladder(third, [("Principal", "l7", "l8", "")])
    make_company("Bare", slug="bare")

    page = html(
        client.get(
            f"/companies/levels/?company=north&company=south&company=third&company=bare"
            f"&level={senior.pk}"
        )
    )

    assert page.find(id="focus-heading").get_text() == "You are Senior Engineer at North (L5)"
    assert [li.get_text() for li in page.select(".focus-summary li")] == [
        "At South: IC3 (L5–L6).",
        "At Third: no individual contributor level covers L5.",
        "At Bare: no published ladder.",
    ]
    assert [box.select_one(".level-box__name").get_text() for box in page.select(".is-match")] == [
        "IC3"
    ]
    assert page.select_one(".is-focus .badge").get_text() == "Your level"
    assert page.select_one("#your-level option[selected]")["value"] == str(senior.pk)


def test_the_page_is_reached_from_a_company_page_and_a_guide(client, companies, author):
    from tests.conftest import make_guide

    page = html(client.get("/companies/north/"))
    link = page.find("a", string="What would I be here?")
    assert link["href"] == "/companies/levels/?company=north"
    assert html(client.get(link["href"])).select(".level-map__company h3")[0].get_text() == "North"

    make_company("Laddered not", slug="laddered-not")
    assert (
        html(client.get("/companies/laddered-not/")).find("a", string="What would I be here?")
        is None
    )

    make_guide(
        author, slug="levels", body="See [level mapping](levels:?company=south&company=north)."
    )
    guide = html(client.get("/guides/levels/"))
    assert guide.find("a", string="level mapping")["href"] == (
        "/companies/levels/?company=south&company=north"
    )


@pytest.mark.parametrize(
    ("query", "notices", "shown"),
    [
        ("", [], []),
        (
            "?company=north&company=nobody",
            ["No company in the directory has the address “nobody”."],
            ["North"],
        ),
        ("?company=north&company=north", ["“north” was named twice; it is shown once."], ["North"]),
        ("?company=hidden", ["No company in the directory has the address “hidden”."], []),
        (
            "?company=north&company=south&company=c3&company=c4&company=c5",
            ["Up to 4 companies fit side by side; left out: C5."],
            ["North", "South", "C3", "C4"],
        ),
        (
            "?company=north&level=abc",
            ["The level in the address is not one of ours; choose yours again."],
            ["North"],
        ),
        (
            "?company=north&level=99999999",
            [
                "The level in the address is not on these companies' ladders (it may have been renamed since the link was made); choose yours again."
            ],
            ["North"],
        ),
        (
            "?company=north&currency=XXX",
            ["“XXX” is not a currency we convert to; pay is shown as reported."],
            ["North"],
        ),
        (
            "?company=" + "x" * 5000,
            ["No company in the directory has the address “" + "x" * 60 + "”."],
            [],
        ),
        (
            "?company=north&add=nobody+at+all",
            ["No company in the directory is called “nobody at all”."],
            ["North"],
        ),
        (
            "?company=%00%ff&company=north",
            ["No company in the directory has the address “\ufffd\ufffd”."],
            ["North"],
        ),
    ],
)
def test_what_the_address_gets_wrong_is_said_and_the_page_still_works(
    client, companies, query, notices, shown
):
    make_company("Hidden", slug="hidden", is_listed=False)
    for slug in ["c3", "c4", "c5"]:
        make_ladder(make_company(slug.upper(), slug=slug), [("Engineer", "l4", "l4", "")])

    response = client.get(f"/companies/levels/{query}")

    assert response.status_code == 200
    page = html(response)
    assert [li.get_text() for li in page.select(".notice li")] == notices
    assert [h3.get_text() for h3 in page.select("#map-ic ~ div .level-map__company h3")] == shown


def test_too_many_company_values_are_read_only_up_to_a_limit(client, companies):
    query = "&".join(f"company=c{n}" for n in range(500))
    response = client.get(f"/companies/levels/?{query}")
    assert response.status_code == 200
    notices = [li.get_text() for li in html(response).select(".notice li")]
    assert notices[0] == "Only the first 20 companies named in the address were read."
    assert len(notices) == 21
    # Past Django's limit on fields, the whole request is refused.
    query = "&".join(f"company=c{n}" for n in range(5000))
    assert client.get(f"/companies/levels/?{query}").status_code == 400


def test_adding_a_company_by_name_leads_to_the_canonical_address(client, companies):
    make_company("Southwind", slug="southwind")
    level = LadderLevel.objects.get(name="Senior Engineer")

    response = client.get(f"/companies/levels/?company=north&level={level.pk}&add=south")
    assert response.status_code == 302
    assert (
        response["Location"] == f"/companies/levels/?company=north&company=south&level={level.pk}"
    )

    # "sout" is in two names: the reader picks one.
    page = html(client.get("/companies/levels/?company=north&add=sout"))
    choices = {a.get_text(): a["href"] for a in page.select(".notice a")}
    assert choices == {
        "South": "/companies/levels/?company=north&company=south",
        "Southwind": "/companies/levels/?company=north&company=southwind",
    }

    full = "/companies/levels/?company=north&company=south&company=southwind&company=c4"
    make_company("C4", slug="c4")
    page = html(client.get(full + "&add=Southwind"))
    assert page.select_one("#add-company") is None
    assert "Up to 4 companies fit side by side: remove one to add Southwind." not in page.get_text()
    response = client.get(full.replace("&company=c4", "") + "&company=c4&add=North")
    assert response.status_code == 302, "a company already there moves to the end"


def test_the_canonical_link_names_the_companies_in_order(client, companies):
    make_rate("EUR", "0.8")
    page = html(client.get("/companies/levels/?currency=EUR&company=south&company=north"))
    assert page.select_one("link[rel=canonical]")["href"] == (
        "http://testserver/companies/levels/?company=south&company=north&currency=EUR"
    )


def test_the_page_does_as_many_queries_for_four_companies_as_for_one(
    client, companies, django_assert_num_queries
):
    for slug in ["c3", "c4"]:
        make_ladder(make_company(slug.upper(), slug=slug), [("Engineer", "l4", "l4", "")])
    level = LadderLevel.objects.get(name="Senior Engineer")
    client.get("/companies/levels/?company=north")  # the exchange rates, kept from now on
    # 1 the companies, 1 whether the currencies kept in memory changed, 1 their ladders, 1 their
    # comp rows (converted), 1 the names suggested for adding a company.
    with django_assert_num_queries(5):
        client.get(f"/companies/levels/?company=north&level={level.pk}&currency=EUR")
    with django_assert_num_queries(5):
        client.get(
            f"/companies/levels/?company=north&company=south&company=c3&company=c4"
            f"&level={level.pk}&currency=EUR"
        )
