"""The directory's results and counts (companies.filters.CompanyFilter, over the companies'
columns in the board's index): the results are the companies each filter's rule keeps, worked
out here from the companies' own fields; every figure beside an option is what choosing it
gives; results come in the order each sort says; and all of it follows every change to the
content on the next request."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from companies.models import (
    MIN_REVIEWS_FOR_RATING,
    Company,
    CompanyTag,
    CultureTag,
    LadderLevel,
    Review,
)
from core import search as engine
from tests.conftest import (
    give_reviews,
    html,
    make_comp_signal,
    make_company,
    make_job,
    make_rate,
)
from tests.conftest import make_tag as make_culture_tag

pytestmark = pytest.mark.django_db

FACETS = ["tag", "stage", "industry", "size", "remote", "rating", "ladder", "blog", "hiring"]


def names(response) -> list[str]:
    return [a.get_text() for a in html(response).select(".company-card .card__title a")]


def shown_counts(page) -> dict[tuple[str, str], str]:
    """Every option's count as the filter form shows it ("3", or "+3" in an OR group)."""
    counts = {}
    for label in page.select("label"):
        box = label.find("input")
        figure = label.select_one(".facet__count")
        if box is not None and figure is not None:
            counts[box["name"], box["value"]] = figure.contents[0].strip()
    return counts


def heading_count(page) -> int:
    """How many companies the page says it found."""
    text = page.find(id="results-heading").get_text()
    return int(text.split()[0].replace(",", "")) if text.split()[0][0].isdigit() else 0


@pytest.fixture
def directory():
    tags = {slug: make_culture_tag(slug) for slug in ["learning", "design-doc-culture", "flat"]}
    rows = [
        # name, stage, employees, remote, industry, tags, career rating (reviews), ladder, blog
        ("Aster", "seed", 12, "hybrid", "ai", ["learning"], (5, 3), True, True),
        ("Birch", "seed", 30, "remote-first", "ai", ["learning", "flat"], (4, 3), False, True),
        ("Cedar", "series-a", 80, "hybrid", "fintech", ["design-doc-culture"], (4, 2), True, False),
        ("Dogwood", "series-b", 400, "onsite", "fintech", [], None, False, False),
        (
            "Elm",
            "public",
            9000,
            "remote-first",
            "developer-tools",
            ["learning", "design-doc-culture"],
            (3, 4),
            True,
            True,
        ),
        (
            "Fir",
            "series-a",
            45,
            "hybrid",
            "developer-tools",
            ["learning", "design-doc-culture", "flat"],
            (5, 5),
            True,
            False,
        ),
        ("Ginkgo", "public", 2500, "onsite", "ai", ["flat"], (2, 3), False, True),
        ("Hazel", "series-b", 150, "remote-first", "fintech", ["learning"], (4, 3), True, True),
    ]
    for name, stage, employees, remote, industry, slugs, reviews, ladder, blog in rows:
        company = make_company(
            name,
            stage=stage,
            employee_count=employees,
            remote_policy=remote,
            industry=industry,
            tags=[tags[slug] for slug in slugs],
            ladder_names_tech_lead=ladder,
            engineering_blog_url=f"https://{name.lower()}.example/blog" if blog else "",
        )
        if reviews:
            give_reviews(company, reviews[1], career=reviews[0])
    for name, roles in [("Aster", 1), ("Elm", 3), ("Fir", 2), ("Hazel", 1)]:
        for _ in range(roles):
            make_job(Company.objects.get(name=name))
    make_job(Company.objects.get(name="Birch"), days_old=70)  # expired
    # Senior pay in three currencies: the pay sort compares it in USD at today's rates.
    make_rate("EUR", "0.8")
    make_rate("GBP", "0.75")
    for name, total, currency in [("Aster", 200_000, "USD"), ("Cedar", 170_000, "EUR"),
                                  ("Elm", 160_000, "GBP"), ("Hazel", 150_000, "JPY")]:  # fmt: skip
        make_comp_signal(
            Company.objects.get(name=name),
            base_min=total // 2, base_max=total // 2, total_comp=total, currency=currency,
        )  # fmt: skip
    make_company("Hidden", is_listed=False, tags=[tags["learning"]], ladder_names_tech_lead=True)
    return tags


QUERIES = [
    "",
    "tag=learning",
    "tag=learning&tag=design-doc-culture&ladder=on",
    "stage=seed&stage=public",
    "stage=seed&stage=series-a&rating=4.0&hiring=on",
    "size=11-50&remote=hybrid",
    "industry=ai&industry=fintech&blog=on",
    "rating=3.5&ladder=on&blog=on&hiring=on",
    "q=payments",
    "tag=flat&tag=learning&tag=design-doc-culture&stage=public",
]


def matching(query: str) -> set[str]:
    """The listed companies the filters in `query` keep, worked out from each company's own
    fields (and, for the text, PostgreSQL's full-text match of the site's search engine)."""
    chosen = QueryDict(query)
    found = set()
    text = chosen.get("q")
    said = engine.understand(engine.clean(text, [])).search_query if text else None
    by_text = set(Company.objects.filter(search_vector=said).values_list("name", flat=True))
    for c in Company.objects.for_list():
        shown = c.rating_career if c.review_count >= MIN_REVIEWS_FOR_RATING else None
        if all(
            [
                set(chosen.getlist("tag")) <= set(c.tag_slugs),
                not chosen.getlist("stage") or c.stage in chosen.getlist("stage"),
                not chosen.get("size") or c.size_band == chosen["size"],
                not chosen.get("remote") or c.remote_policy == chosen["remote"],
                not chosen.getlist("industry") or c.industry in chosen.getlist("industry"),
                not chosen.get("rating")
                or (shown is not None and shown >= Decimal(chosen["rating"])),
                not chosen.get("ladder") or c.ladder_names_tech_lead,
                not chosen.get("blog") or bool(c.engineering_blog_url),
                not chosen.get("hiring") or c.open_role_count > 0,
                not text or c.name in by_text,
            ]
        ):
            found.add(c.name)
    return found


@pytest.mark.parametrize("query", [*QUERIES, "industry=fintech&hiring=on&size=51-200"])
def test_the_results_are_the_companies_each_rule_keeps(client, directory, query):
    page = client.get(f"/companies/?{query}")
    assert set(names(page)) == matching(query)
    assert heading_count(html(page)) == len(matching(query))


@pytest.mark.parametrize("query", QUERIES)
def test_every_count_beside_an_option_is_what_choosing_it_gives(client, directory, query):
    page = html(client.get(f"/companies/?{query}"))
    shown = shown_counts(page)
    assert shown
    results = heading_count(page)
    for (name, value), figure in shown.items():
        chosen = QueryDict(query, mutable=True)
        if value in chosen.getlist(name):
            continue
        if name in ("size", "remote", "rating", "ladder", "blog", "hiring"):
            chosen[name] = value  # a single choice replaces the one made
        else:
            chosen.appendlist(name, value)
        # Counted apart from the page's own counting, from the companies' own fields.
        after = len(matching(chosen.urlencode()))
        if figure.startswith("+"):  # an OR group: what it adds to what is shown
            assert after - results == int(figure[1:]), (name, value)
        else:
            assert after == int(figure), (name, value)


def expected_order(sort: str, companies: list[Company]) -> list[str]:
    """The order each sort promises, worked out in Python from the companies' own fields."""

    def shown_rating(c):
        return c.rating_career if c.review_count >= 3 else None

    def last_if_none(value):
        return (value is None, -(value or 0))

    keys = {
        "name": lambda c: c.name,
        "": lambda c: (*last_if_none(shown_rating(c)), c.name),  # rating, the default
        "open-roles": lambda c: (-c.open_role_count, c.name),
        "updated": lambda c: (-c.updated_at.timestamp(), c.name),
        "pay": lambda c: (*last_if_none(c.senior_total_comp_usd), c.name),
    }
    return [c.name for c in sorted(companies, key=keys[sort])]


@pytest.mark.parametrize("sort", ["", "name", "open-roles", "updated", "pay"])
def test_each_sort_gives_the_order_it_promises(client, directory, sort):
    companies = list(Company.objects.for_list())
    page = client.get("/companies/" + (f"?{urlencode({'sort': sort})}" if sort else ""))
    assert names(page) == expected_order(sort, companies)


def test_open_role_counts_on_the_cards_are_the_boards(client, directory):
    cards = {
        card.select_one(".card__title a").get_text(): card
        for card in html(client.get("/companies/?sort=open-roles")).select(".company-card")
    }

    assert list(cards)[:4] == ["Elm", "Fir", "Aster", "Hazel"]
    assert "3 open roles" in cards["Elm"].get_text()
    assert "open role" not in cards["Birch"].get_text()


def test_every_change_shows_on_the_next_request(client, directory):
    page = html(client.get("/companies/?tag=learning&ladder=on"))
    assert shown_counts(page)["tag", "flat"] == "1"

    # A tag added, a review published, a company's signal changed, a tag renamed.
    CompanyTag.objects.create(
        company=Company.objects.get(name="Hazel"), tag=CultureTag.objects.get(slug="flat")
    )
    page = client.get("/companies/?tag=learning&ladder=on&tag=flat")
    assert names(page) == ["Fir", "Hazel"]

    give_reviews(Company.objects.get(name="Hazel"), 3, career=1)
    assert names(client.get("/companies/?tag=learning&ladder=on&tag=flat")) == ["Fir", "Hazel"]
    assert "Hazel" not in names(client.get("/companies/?rating=3.5"))

    # Its ladder stops naming tech lead: the signal follows.
    LadderLevel.objects.filter(company__name="Fir", tech_lead="level").update(tech_lead="")
    assert names(client.get("/companies/?tag=learning&ladder=on&tag=flat")) == ["Hazel"]

    CultureTag.objects.filter(slug="flat").update(name="Flat hierarchy")
    page = html(client.get("/companies/?tag=flat"))
    assert "Flat hierarchy" in page.select_one(".company-card").get_text()

    Review.objects.filter(company__name="Hazel", rating_career=1).update(status="rejected")
    assert "Hazel" in names(client.get("/companies/?rating=3.5"))

    Company.objects.filter(name="Hazel").update(is_listed=False)
    assert names(client.get("/companies/?tag=learning&ladder=on&tag=flat")) == []


def test_every_order_follows_a_change_on_the_next_request(client, directory):
    def order(sort):
        return names(client.get(f"/companies/?{urlencode({'sort': sort})}"))

    assert order("name")[:2] == ["Aster", "Birch"]
    # Renamed: the order of names is read again.
    Company.objects.filter(name="Aster").update(name="Zinnia")
    assert order("name")[-1] == "Zinnia"
    # A rate changes: senior pay in USD is worked out again (Cedar's EUR 170,000 is USD
    # 212,500 at 0.8 euros to the dollar, USD 170,000 at 1).
    assert order("pay")[:3] == ["Elm", "Cedar", "Zinnia"]
    make_rate("EUR", "1")
    assert order("pay")[:3] == ["Elm", "Zinnia", "Cedar"]
    # A role opens at a company that had none.
    assert "Cedar" not in order("open-roles")[:4]
    for _ in range(5):
        make_job(Company.objects.get(name="Cedar"))
    assert order("open-roles")[0] == "Cedar"
