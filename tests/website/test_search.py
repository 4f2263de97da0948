"""The site's one search engine, as people use it: misspelt words, any word order, web-search
syntax, tags named in the query, and the same engine behind every list's text box."""

import pytest

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
    from datetime import timedelta

    from django.utils import timezone

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


def test_below_the_cap_the_count_is_exact(client):
    hourly_roles(12, lambda i: f"Cartographer {i}" if i % 3 == 0 else f"Surveyor {i}")

    total, heading, roles = role_counts(client, "cartographer")

    assert total == "4 results"
    assert heading == "(4)"
    assert len(roles) == 4


@pytest.mark.parametrize(
    ("at_company", "own", "matching", "total", "heading"),
    [
        # Every other role matches by its title, 40 of 80, past the cap of 10. A table this
        # small is sampled whole, so the share that matches in the sample is the share
        # everywhere and the estimate comes out exact.
        (0, 80, lambda i: i % 2 == 0, "About 40 results", "(about 40, the best 10 shown)"),
        # One role in four: 30 of 120, where a count of the candidates would say 11.
        (0, 120, lambda i: i % 4 == 0, "About 30 results", "(about 30, the best 10 shown)"),
        # Neither kind reaches the cap: every role is known, so the count is exact
        # though only 10 are ranked (and the company is one more result).
        (8, 8, lambda i: True, "17 results", "(16, the best 10 shown)"),
        # The matching company's 12 roles are past the cap, the 5 by their title below it:
        # those at the company are counted from the board, so the count is still exact.
        (12, 5, lambda i: True, "18 results", "(17, the best 10 shown)"),
        # 40 of the 80 roles elsewhere match by their title, past the cap: the company's 12
        # counted, the others estimated from the sample (the whole table, this small), which
        # leaves out the matching company's roles.
        (12, 80, lambda i: i % 2 == 0, "About 53 results", "(about 52, the best 10 shown)"),
    ],
    ids=[
        "one-in-two-past-the-cap",
        "one-in-four-past-the-cap",
        "both-below-the-cap",
        "company-past-the-cap",
        "both-past-the-cap",
    ],
)
def test_past_the_cap_the_total_is_estimated_and_counted_where_it_can_be(
    client, monkeypatch, at_company, own, matching, total, heading
):
    from website import search

    monkeypatch.setattr(search, "ROLES_RANKED", 10)
    if at_company:
        atlas = make_company("Atlas Cartography", tagline="Cartographer tools")
        for _ in range(at_company):
            make_job(atlas, title="Backend Engineer", description="Work on maps.")
    hourly_roles(own, lambda i: f"Cartographer {i}" if matching(i) else f"Surveyor {i}")

    shown_total, shown_heading, roles = role_counts(client, "cartographer")

    assert (shown_total, shown_heading) == (total, heading)
    assert len(roles) == 10


@pytest.mark.parametrize("ranked", [1000, 3])
def test_roles_of_unlisted_companies_are_never_found_nor_counted(client, monkeypatch, ranked):
    from website import search

    monkeypatch.setattr(search, "ROLES_RANKED", ranked)
    hidden = make_company("Hidden Corp", tagline="Maps", is_listed=False)
    for number in range(6):  # the newest of all
        make_job(hidden, title=f"Cartographer {number}", slug=f"hidden-{number}", days_old=0)
    hourly_roles(4, lambda i: f"Cartographer {i}")

    total, heading, roles = role_counts(client, "cartographer")

    # With the cap at 3 the four listed roles are past it: the best three are shown, none of
    # the hidden ones, and the estimate is of the listed roles alone.
    assert total == ("4 results" if ranked > 4 else "About 4 results")
    assert heading == ("(4)" if ranked > 4 else "(about 4, the best 3 shown)")
    assert len(roles) == min(ranked, 4)
    page = client.get("/search/", {"q": "cartographer"}).content.decode()
    assert "hidden-" not in page
    assert "Hidden Corp" not in page
