"""The site's one search engine, as people use it: misspelt words, any word order, web-search
syntax, tags named in the query, and the same engine behind every list's text box."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import html, make_company, make_job, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(author):
    from tests.conftest import make_guide

    engineering = make_tag("engineering-driven", name="Engineering-Driven")
    flat = make_tag("flat-hierarchy", name="Flat Hierarchy")
    learning = make_tag("learning", name="Learning", summary="Time and budget to grow.")
    forge = make_company(
        "Moonlit Forge", slug="moonlit-forge", tagline="Build tools", tags=[engineering, flat]
    )
    harbor = make_company("Harbor Data", slug="harbor-data", tagline="Warehouses", tags=[learning])
    make_job(
        forge,
        title="Senior Backend Engineer",
        slug="senior-backend",
        city="Berlin",
        description=(
            "## Benefits\n\nRun our services on **Kubernetes**. See the "
            "[culture directory](companies:?) for how we work."
        ),
    )
    make_job(
        harbor,
        title="Tech Lead, Experimentation",
        slug="tech-lead-experimentation",
        city="Lisbon",
        country="PT",
        description="Lead the experimentation platform and its statisticians.",
    )
    make_job(
        harbor,
        title="Engineering Manager, Payments",
        slug="manager-payments",
        description="Grow a team of payment engineers.",
    )
    make_guide(author, slug="tech-lead-guide", title="How to become a tech lead", body="Lead.")


def results(client, q) -> dict[str, list[str]]:
    page = html(client.get("/search/", {"q": q}))
    return {
        section.h2["id"].removeprefix("search-"): [
            li.a.get_text() for li in section.select("ul.search-results > li")
        ]
        for section in page.select(".search-group")
    }


@pytest.mark.parametrize(
    "q",
    [
        "kubernetes",
        "kuberneetes",  # an insertion
        "kubrnetes",  # a deletion
        "kubernetis",  # a substitution
        "kuberentes",  # two letters swapped
        "kubrnetis",  # two typos
        "KUBERNETES",
    ],
)
def test_misspelt_words_find_what_the_right_spelling_finds(client, site, q):
    assert results(client, q)["roles"] == ["Senior Backend Engineer"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("backend senior", ["Senior Backend Engineer"]),
        ("senior backend", ["Senior Backend Engineer"]),
        ("kubernetes berlin", ["Senior Backend Engineer"]),
        ("tech lead experimentation", ["Tech Lead, Experimentation"]),
        ("experimentation lead tech", ["Tech Lead, Experimentation"]),
        ('"lead the experimentation"', ["Tech Lead, Experimentation"]),
        ("engineer -payments", ["Senior Backend Engineer"]),
        ("payments or kubernetes", ["Senior Backend Engineer", "Engineering Manager, Payments"]),
    ],
)
def test_word_order_does_not_matter_and_web_search_syntax_works(client, site, q, expected):
    assert sorted(results(client, q).get("roles", [])) == sorted(expected)


@pytest.mark.parametrize(
    ("q", "tag"),
    [
        ("engineering-driven", "Engineering-Driven"),
        ("engineering driven", "Engineering-Driven"),
        ("enginering drivn", "Engineering-Driven"),
        ("flat hierachy", "Flat Hierarchy"),
        ("lerning", "Learning"),
    ],
)
def test_a_query_that_names_a_tag_offers_its_page_and_directory(client, site, q, tag):
    page = html(client.get("/search/", {"q": q}))
    section = page.find(id="search-tags").find_parent("section")
    links = [a["href"] for a in section.select("a")]
    assert section.a.get_text() == tag
    slug = tag.lower().replace(" ", "-")
    assert f"/companies/tags/{slug}/" in links
    assert f"/companies/?tag={slug}" in links


def test_a_misspelt_company_name_is_found(client, site):
    assert results(client, "Monolit")["companies"] == ["Moonlit Forge"]
    assert results(client, "moonlit forg")["companies"] == ["Moonlit Forge"]


def test_corrections_are_shown(client, site):
    page = html(client.get("/search/", {"q": "kubrnetes berln"}))
    assert "kubernetes berlin" in page.select_one(".did-you-mean").get_text()
    assert html(client.get("/search/", {"q": "kubernetes"})).select_one(".did-you-mean") is None


def test_snippets_are_plain_text_with_the_matched_words_marked(client, site):
    page = html(client.get("/search/", {"q": "kubernetes"}))
    snippet = page.find(id="search-roles").find_parent("section").select_one(".snippet")
    text = snippet.get_text()
    assert "Kubernetes" in [mark.get_text() for mark in snippet.select("mark")]
    for markup in ["##", "**", "](", "companies:?", "<"]:
        assert markup not in text


def test_the_boards_text_box_uses_the_same_engine(client, site):
    def titles(q):
        page = html(client.get("/jobs/", {"q": q}))
        return sorted(a.get_text() for a in page.select(".job-row .card__title a"))

    assert titles("backend senior") == titles("senior backend") == ["Senior Backend Engineer"]
    assert titles("kubrnetes") == ["Senior Backend Engineer"]
    assert titles("tech lead experimentation") == ["Tech Lead, Experimentation"]


def test_the_directorys_text_box_uses_the_same_engine(client, site):
    page = html(client.get("/companies/", {"q": "monolit forge"}))
    assert [a.get_text() for a in page.select(".company-card .card__title a")] == ["Moonlit Forge"]


def test_words_of_new_content_are_searchable_at_once_and_gone_once_deleted(client, site):
    job = make_job(title="Quantum Compiler Engineer", slug="quantum")
    assert results(client, "quantm compiler")["roles"] == ["Quantum Compiler Engineer"]
    job.delete()
    assert "roles" not in results(client, "quantm compiler")


def role_counts(client, q, **params) -> tuple[str, str, list[str]]:
    """The page's result count, the roles heading's count, and the roles on that page."""
    page = html(client.get("/search/", {"q": q, **params}))
    heading = page.select_one("#search-roles .muted")
    return (
        page.select_one(".result-count").get_text(strip=True),
        heading.get_text(strip=True) if heading else "",
        [li.a.get_text() for li in page.select("#search-roles ~ ul li")],
    )


def hourly_roles(count: int, title_of) -> None:
    """`count` open roles published an hour apart, newest first, titled by `title_of(i)`."""
    company = make_company("Quiet Co", tagline="Maps")
    now = timezone.now()
    for i in range(count):
        published = now - timedelta(hours=i + 1)
        make_job(
            company,
            title=title_of(i),
            description="Work on maps.",
            published_at=published,
            expires_at=published + timedelta(days=60),
        )


def test_the_count_is_exact_however_many_match(client):
    hourly_roles(120, lambda i: f"Cartographer {i}" if i % 3 == 0 else f"Surveyor {i}")

    total, heading, roles = role_counts(client, "cartographer")

    assert total == "40 results"
    assert heading == "(40)"
    assert len(roles) == 20  # a page


def test_every_match_is_ranked_an_old_title_match_before_newer_text_matches(client):
    """Relevance decides over every match, not the newest few: 300 newer roles mention the
    word in their text only; the one that names it in its title comes first, though it is
    the oldest of all."""
    company = make_company("Quiet Co", tagline="Maps")
    now = timezone.now()
    for i in range(300):
        published = now - timedelta(hours=i + 1)
        make_job(
            company,
            title=f"Surveyor {i}",
            description="Some cartographer work, among other things.",
            published_at=published,
            expires_at=published + timedelta(days=60),
        )
    oldest = now - timedelta(days=50)
    make_job(
        company,
        title="Cartographer",
        description="Draw maps.",
        published_at=oldest,
        expires_at=oldest + timedelta(days=60),
    )

    total, _, roles = role_counts(client, "cartographer")

    assert total == "301 results"
    assert roles[0] == "Cartographer"
    # Equally good matches: the newest first.
    assert roles[1:4] == ["Surveyor 0", "Surveyor 1", "Surveyor 2"]


def test_a_title_match_comes_first_then_the_roles_own_text_then_its_companys(client):
    """Each kind of match outranks the next whatever the ages: the company's text alone
    (its tagline here) ranks last even for the newest role, the title first even for the
    oldest."""
    now = timezone.now()

    def role(company, title, description, days):
        published = now - timedelta(days=days)
        make_job(
            company,
            title=title,
            description=description,
            published_at=published,
            expires_at=published + timedelta(days=60),
        )

    mappers = make_company("Mappers", tagline="Cartographer tools")
    quiet = make_company("Quiet Co", tagline="Boats")
    role(mappers, "Welder", "Boats.", days=0)  # only the company's text matches
    role(quiet, "Surveyor", "Cartographer work.", days=10)  # its own description
    role(quiet, "Senior Cartographer", "Maps.", days=50)  # its title, the oldest

    _, _, roles = role_counts(client, "cartographer")

    assert roles == ["Senior Cartographer", "Surveyor", "Welder"]


def test_roles_of_unlisted_companies_are_never_found_nor_counted(client):
    hidden = make_company("Hidden Corp", tagline="Maps", is_listed=False)
    for number in range(6):  # the newest of all
        make_job(hidden, title=f"Cartographer {number}", slug=f"hidden-{number}", days_old=0)
    hourly_roles(4, lambda i: f"Cartographer {i}")

    total, heading, roles = role_counts(client, "cartographer")

    assert (total, heading, len(roles)) == ("4 results", "(4)", 4)
    page = client.get("/search/", {"q": "cartographer"}).content.decode()
    assert "hidden-" not in page
    assert "Hidden Corp" not in page
