import pytest

from companies.models import Company
from tests.conftest import give_reviews, html, make_company, make_job, make_tag

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [a.get_text() for a in html(response).select(".company-card .card__title a")]


@pytest.fixture
def tags():
    return {slug: make_tag(slug) for slug in ["engineering-driven", "learning", "flat-hierarchy"]}


def test_tags_combine_with_and(client, tags):
    make_company("Both", tags=[tags["engineering-driven"], tags["learning"]])
    make_company("Only driven", tags=[tags["engineering-driven"]])
    make_company("Only learning", tags=[tags["learning"]])

    response = client.get("/companies/?tag=engineering-driven&tag=learning")

    assert response.status_code == 200
    assert names(response) == ["Both"]
    assert html(response).find(id="results-heading").get_text() == "1 company"


def test_single_tag_lists_every_company_with_it(client, tags):
    make_company("Both", tags=[tags["engineering-driven"], tags["learning"]])
    make_company("Only learning", tags=[tags["learning"]])
    make_company("Neither")

    assert sorted(names(client.get("/companies/?tag=learning&sort=name"))) == [
        "Both",
        "Only learning",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stage=seed", ["Seed co"]),
        ("stage=seed&stage=public", ["Public co", "Seed co"]),
        ("size=11-50", ["Seed co"]),
        ("remote=remote-first", ["Public co"]),
        ("industry=ai", ["Public co"]),
        ("ladder=on", ["Public co"]),
        ("blog=on", ["Seed co"]),
        ("q=payments", ["Public co"]),
        ("q=SEED", ["Seed co"]),
    ],
)
def test_each_filter_narrows_the_list(client, query, expected):
    make_company(
        "Seed co",
        stage="seed",
        employee_count=12,
        remote_policy="hybrid",
        engineering_blog_url="https://seed.example/blog",
    )
    make_company(
        "Public co",
        stage="public",
        employee_count=9000,
        remote_policy="remote-first",
        industry="ai",
        ladder_names_tech_lead=True,
        tagline="Payments for everyone",
    )

    assert names(client.get(f"/companies/?{query}&sort=name")) == expected


def test_filters_combine_with_each_other(client, tags):
    wanted = make_company(
        "Wanted",
        tags=[tags["engineering-driven"], tags["learning"]],
        ladder_names_tech_lead=True,
        engineering_blog_url="https://wanted.example/blog",
    )
    give_reviews(wanted, 3, career=5)
    no_blog = make_company(
        "No blog", tags=[tags["engineering-driven"], tags["learning"]], ladder_names_tech_lead=True
    )
    give_reviews(no_blog, 3, career=5)
    low = make_company(
        "Low rating",
        tags=[tags["engineering-driven"], tags["learning"]],
        ladder_names_tech_lead=True,
        engineering_blog_url="https://low.example/blog",
    )
    give_reviews(low, 3, career=3)

    response = client.get(
        "/companies/?tag=engineering-driven&tag=learning&ladder=on&blog=on&rating=4.0"
    )

    assert names(response) == ["Wanted"]


def test_rating_threshold_ignores_companies_with_fewer_than_three_reviews(client):
    give_reviews(make_company("Two glowing reviews"), 2, career=5)
    give_reviews(make_company("Three good reviews"), 3, career=4)

    response = client.get("/companies/?rating=4.0")

    assert names(response) == ["Three good reviews"]


def test_companies_without_enough_reviews_show_no_score(client):
    give_reviews(make_company("Sparse"), 2, career=5)

    card = html(client.get("/companies/")).select_one(".company-card")

    assert "Not enough reviews yet" in card.get_text()
    assert card.select(".rating") == []


def test_hiring_now_follows_open_role_expiry(client):
    make_job(make_company("Hiring"), days_old=55)
    make_job(make_company("Expired"), days_old=61)
    make_job(make_company("Closed"), status="closed")
    make_company("No roles")

    assert names(client.get("/companies/?hiring=on")) == ["Hiring"]


def test_sorts_are_whitelisted_and_applied(client):
    give_reviews(make_company("Alpha"), 3, career=3)
    give_reviews(make_company("Beta"), 3, career=5)
    make_company("Gamma")

    assert names(client.get("/companies/?sort=name")) == ["Alpha", "Beta", "Gamma"]
    # The default sort needs no parameter: the URL with it redirects to the one without.
    assert names(client.get("/companies/?sort=rating", follow=True)) == ["Beta", "Alpha", "Gamma"]
    response = client.get("/companies/?sort=drop+table")
    assert response.status_code == 200
    assert "Ignored unknown sort" in html(response).select_one(".notice").get_text()


def facet_count(page, name: str, value: str) -> int:
    box = page.find("input", attrs={"name": name, "value": value})
    # The visible figure: the results choosing the option gives ("+3" would not parse).
    return int(box.find_parent("label").select_one(".facet__count").contents[0])


def test_facet_counts_equal_the_counts_you_get_by_applying_the_option(client, tags):
    make_company("A", stage="seed", tags=[tags["learning"], tags["engineering-driven"]])
    make_company("B", stage="seed", tags=[tags["learning"]], ladder_names_tech_lead=True)
    make_company(
        "C", stage="public", tags=[tags["engineering-driven"]], ladder_names_tech_lead=True
    )
    make_company("D", stage="series-a", tags=[tags["flat-hierarchy"]])

    base = "/companies/?tag=learning"
    page = html(client.get(base))
    for name, value in [
        ("tag", "engineering-driven"),
        ("tag", "flat-hierarchy"),
        ("stage", "seed"),
        ("stage", "public"),
        ("ladder", "on"),
    ]:
        applied = client.get(f"{base}&{name}={value}")
        assert facet_count(page, name, value) == len(names(applied)), (name, value)


def test_a_groups_own_facet_counts_ignore_its_own_selection(client):
    make_company("A", stage="seed")
    make_company("B", stage="public")

    page = html(client.get("/companies/?stage=seed"))

    # Picking "public" too would add B: the option says so, and the page then shows both.
    public = page.find("input", attrs={"name": "stage", "value": "public"}).find_parent("label")
    assert public.select_one(".facet__count").contents[0] == "+1"
    assert names(client.get("/companies/?stage=seed&stage=public")) == ["A", "B"]
    assert facet_count(page, "stage", "seed") == 1


def test_active_filters_are_removable_chips(client, tags):
    make_company("A", stage="seed", tags=[tags["learning"], tags["engineering-driven"]])

    page = html(client.get("/companies/?tag=learning&tag=engineering-driven&stage=seed"))

    chips = {a.get_text(strip=True): a["href"] for a in page.select(".chip--remove")}
    assert chips["Tag: Learning"] == "/companies/?tag=engineering-driven&stage=seed"
    assert chips["Stage: Seed"] == "/companies/?tag=learning&tag=engineering-driven"


def test_no_results_says_which_filter_to_drop(client, tags):
    make_company("A", stage="seed", tags=[tags["learning"]])

    page = html(client.get("/companies/?tag=learning&stage=public"))

    empty = page.select_one(".empty-state")
    assert "No company matches" in empty.get_text()
    suggestion = empty.select_one(".chip--remove")
    assert suggestion["href"] == "/companies/?tag=learning"
    assert "Stage: Public" in suggestion.get_text()


def test_pagination_keeps_the_filters(client, tags):
    for number in range(25):
        make_company(f"Learning {number:02}", tags=[tags["learning"]])

    page = html(client.get("/companies/?tag=learning&sort=name"))

    next_link = page.select_one(".pagination a[rel=next]")["href"]
    assert "tag=learning" in next_link
    assert "sort=name" in next_link
    assert "page=2" in next_link
    assert names(client.get("/companies/" + next_link))[0] == "Learning 20"


def test_one_tag_is_indexable_and_combinations_are_not(client, tags):
    one = html(client.get("/companies/?tag=learning"))
    assert one.find("meta", attrs={"name": "robots"}) is None
    assert one.find("link", rel="canonical")["href"].endswith("/companies/?tag=learning")

    two = html(client.get("/companies/?tag=learning&tag=flat-hierarchy"))
    assert two.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
    assert two.find("link", rel="canonical")["href"].endswith("/companies/")


def test_unlisted_companies_are_hidden(client):
    make_company("Shown")
    make_company("Hidden", is_listed=False, slug="hidden")

    assert names(client.get("/companies/")) == ["Shown"]
    assert client.get("/companies/hidden/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_directory_does_a_fixed_number_of_queries(client, django_assert_num_queries, tags):
    def create(count):
        for _ in range(count):
            company = make_company(
                tags=[tags["learning"], tags["engineering-driven"]], ladder_names_tech_lead=True
            )
            give_reviews(company, 3)

    query = "/companies/?tag=learning&stage=series-a&ladder=on&rating=3.5&hiring=on&blog=on"
    for batch in [1, 49]:
        create(batch)
        Company.objects.update(engineering_blog_url="https://x.example")
        for company in Company.objects.filter(jobs=None):
            make_job(company)
        client.get("/jobs/")  # the board's index reads the roles just written
        client.get("/companies/")  # and the order of the changed companies' names
        # 1 whether the tag choices changed (kept in memory: core.kept); 1 what changed since
        # the board's index was read (nothing), for the companies' columns and open roles,
        # from which every count, the number of results and their order come; 1 the page's
        # companies, by id.
        with django_assert_num_queries(3):
            response = client.get(query)
        assert len(names(response)) == (1 if batch == 1 else 20)
        # The pay sort adds 1: the date of the exchange rates it converts at (the rates
        # themselves are kept in memory with the tags).
        with django_assert_num_queries(4):
            response = client.get(query + "&sort=pay")
        assert len(names(response)) == (1 if batch == 1 else 20)
