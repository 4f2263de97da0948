"""The directory's results and counts come from each worker's in-memory index
(companies.directory): they must equal what PostgreSQL says for the same filters, and follow
every change to the content on the next request, on every worker."""

import urllib.request

import pytest
from django.db import connection
from django.http import QueryDict

from companies.filters import CompanyFilter
from companies.models import Company, CompanyTag, CultureTag, Review
from tests.conftest import Gunicorn, database_url, give_reviews, html, make_company, make_job
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


def sql_counts(filterset: CompanyFilter) -> dict[tuple[str, str], str]:
    """The same figures, from PostgreSQL's counts."""
    return {
        (group.name, option.value): f"+{option.count}" if option.adds else str(option.count)
        for group in filterset.facet_groups(filterset.sql_facets(), FACETS)
        for option in group.options
    }


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


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("sort", ["", "name", "open-roles", "updated", "pay"])
def test_results_order_and_counts_are_those_postgresql_gives(client, directory, query, sort):
    query = "&".join(part for part in [query, f"sort={sort}" if sort else ""] if part)

    page = client.get(f"/companies/?{query}")

    in_sql = CompanyFilter(QueryDict(query), queryset=Company.objects.listed())
    assert names(page) == [company.name for company in in_sql.qs]
    assert shown_counts(html(page)) == sql_counts(in_sql)


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

    Company.objects.filter(name="Fir").update(ladder_names_tech_lead=False)
    assert names(client.get("/companies/?tag=learning&ladder=on&tag=flat")) == ["Hazel"]

    CultureTag.objects.filter(slug="flat").update(name="Flat hierarchy")
    page = html(client.get("/companies/?tag=flat"))
    assert "Flat hierarchy" in page.select_one(".company-card").get_text()

    Review.objects.filter(company__name="Hazel", rating_career=1).update(status="rejected")
    assert "Hazel" in names(client.get("/companies/?rating=3.5"))

    Company.objects.filter(name="Hazel").update(is_listed=False)
    assert names(client.get("/companies/?tag=learning&ladder=on&tag=flat")) == []


def test_a_roles_edit_leaves_the_index_and_still_shows(client, directory):
    from companies import directory as index_module

    client.get("/companies/")
    built = index_module.current_index()
    assert "Dogwood" not in names(client.get("/companies/?hiring=on"))

    # Roles are not what the directory's index holds: whether a company is hiring, and how
    # many open roles it has, come from the board's index at each request.
    make_job(Company.objects.get(name="Dogwood"))
    assert "Dogwood" in names(client.get("/companies/?hiring=on"))
    assert index_module.current_index() is built

    Company.objects.filter(name="Dogwood").update(stage="series-c")
    assert index_module.current_index() is not built


@pytest.mark.django_db(transaction=True)
def test_every_worker_of_every_server_sees_a_change_on_its_next_request():
    fir = make_company("Fir", ladder_names_tech_lead=True)
    make_company("Aster", ladder_names_tech_lead=True)
    url = database_url(connection.settings_dict)
    servers = [Gunicorn(url) for _ in range(2)]
    try:

        def listed(server) -> str:
            with urllib.request.urlopen(server.url + "/companies/?ladder=on", timeout=30) as page:
                return page.read().decode()

        # Several requests, so that each worker has built its index.
        for server in servers:
            for _ in range(4):
                assert "Fir" in listed(server)

        Company.objects.filter(pk=fir.pk).update(ladder_names_tech_lead=False)  # committed

        for server in servers:
            for _ in range(4):
                page = listed(server)
                assert "Aster" in page
                assert "Fir" not in page
                assert "1 company" in page
    finally:
        for server in servers:
            server.stop()
