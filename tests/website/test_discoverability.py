import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import html, make_company, make_guide, make_job, make_tag

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_urls(client) -> list[tuple[str, str | None]]:
    index = ET.fromstring(client.get("/sitemap.xml").content)
    urls = []
    for location in index.iter(f"{SITEMAP}loc"):
        section = ET.fromstring(client.get(location.text.split("testserver", 1)[1]).content)
        for url in section.iter(f"{SITEMAP}url"):
            lastmod = url.find(f"{SITEMAP}lastmod")
            urls.append(
                (url.find(f"{SITEMAP}loc").text, lastmod.text if lastmod is not None else None)
            )
    return urls


def test_sitemap_lists_every_published_thing_and_every_url_answers_200(client, author):
    tag = make_tag("learning")
    company = make_company("Listed", slug="listed", tags=[tag])
    make_company("Unlisted", slug="unlisted", is_listed=False)
    make_guide(author, slug="live-guide")
    make_guide(author, slug="draft-guide", status="draft")
    make_job(company, slug="open-role")
    make_job(company, slug="closed-role", status="closed")

    urls = sitemap_urls(client)
    paths = {loc.split("testserver", 1)[1] for loc, _ in urls}

    for expected in [
        "/",
        "/guides/live-guide/",
        "/companies/listed/",
        "/companies/tags/learning/",
        "/jobs/open-role/",
    ]:
        assert expected in paths
    for hidden in ["/guides/draft-guide/", "/companies/unlisted/", "/jobs/closed-role/"]:
        assert hidden not in paths
    for path in paths:
        assert client.get(path).status_code == 200, path
    assert all(lastmod for loc, lastmod in urls if "/guides/live-guide/" in loc)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out(client):
    robots = client.get("/robots.txt").content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in robots
    for rule in ["Disallow: /admin/", "Disallow: /search/", "Disallow: /companies/?*&"]:
        assert rule in robots


def search(client, q, **params):
    return html(client.get("/search/", {"q": q, **params}))


def test_search_finds_guides_companies_and_roles_grouped(client, author):
    company = make_company("Kubeforge", tagline="Kubernetes for small teams")
    make_job(company, title="Platform Engineer", description="Operate Kubernetes clusters.")
    make_guide(author, slug="k8s", title="Running Kubernetes well", body="About Kubernetes.")

    page = search(client, "kubernetes")

    groups = {s.h2.get_text(strip=True).split("(")[0].strip() for s in page.select(".search-group")}
    assert groups == {"Guides", "Companies", "Open roles"}
    assert page.select_one(".search-group mark").get_text().lower().startswith("kubernetes")


def test_a_title_match_ranks_above_a_passing_mention(client, author):
    make_guide(
        author, slug="mention", title="Working well", body="Intro.\n\nOnce we mention negotiation."
    )
    make_guide(author, slug="title", title="Offer negotiation for senior engineers", body="Intro.")

    titles = [a.get_text() for a in search(client, "negotiation").select("#search-guides ~ ul a")]

    assert titles == ["Offer negotiation for senior engineers", "Working well"]


def test_websearch_syntax_is_understood(client, author):
    make_guide(author, slug="a", title="Staff engineer path", body="Intro.")
    make_guide(author, slug="b", title="Staff meeting notes", body="Intro.")

    titles = [
        a.get_text() for a in search(client, "staff -meeting").select("#search-guides ~ ul a")
    ]

    assert titles == ["Staff engineer path"]


def test_a_misspelt_company_is_still_found_with_did_you_mean(client):
    make_company("Kubernetes Kitchen", slug="kitchen")

    page = search(client, "kubernets kitchn")

    assert "kubernetes kitchen" in page.select_one(".did-you-mean").get_text()
    assert page.select_one("#search-companies ~ ul a")["href"] == "/companies/kitchen/"


def test_hidden_content_is_never_found(client, author):
    hidden_company = make_company("Zanzibar Hidden", is_listed=False)
    make_guide(author, slug="zd", title="Zanzibar draft", status="draft")
    make_guide(
        author, slug="zs", title="Zanzibar scheduled", publish_at=timezone.now() + timedelta(days=1)
    )
    visible = make_company("Plain co")
    make_job(visible, title="Zanzibar closed", status="closed")
    make_job(
        visible,
        title="Zanzibar expired",
        days_old=80,
        expires_at=timezone.now() - timedelta(days=1),
    )
    make_job(hidden_company, title="Zanzibar at hidden company")

    page = search(client, "zanzibar")

    assert "Zanzibar" not in " ".join(a.get_text() for a in page.select("main a"))


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "!!!",
        "'\"",
        "x" * 5000,
        "'; DROP TABLE jobs_job; --",
        "<script>alert(1)</script>",
        "a\x00b",
        "or",
        "-",
        '"unclosed',
    ],
)
def test_hostile_queries_get_a_sensible_page(client, q):
    make_company("Anything")

    response = client.get("/search/", {"q": q})

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    if q.startswith("<script>"):
        assert "&lt;script&gt;" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_search_does_a_fixed_number_of_queries(client, django_assert_num_queries):
    for count in [3, 30]:
        for _ in range(count):
            make_job(make_company(tagline="Platform company"), title="Platform engineer")
        client.get("/search/", {"q": "platform"})  # the board's index reads them
        # 1 spelling check of every word, 1 culture tags, 1 guides, 1 companies shown;
        # the roles, from the board's index: 1 what changed since it was read (nothing), 1
        # the query's words as lexemes (the roles matching in their title and in their own
        # text are then found among the common words in memory), 1 the ids of the companies
        # matching in theirs; 1 the page of roles, read by id; a misspelt word costs nothing
        # more.
        for q in ["platform", "platfrm"]:
            with django_assert_num_queries(8):
                client.get("/search/", {"q": q})


def test_home_page_has_website_search_action_and_organization(client):
    blocks = [
        json.loads(s.string)
        for s in html(client.get("/")).find_all("script", type="application/ld+json")
    ]

    website = next(b for b in blocks if b["@type"] == "WebSite")
    assert website["potentialAction"]["target"]["urlTemplate"].endswith(
        "/search/?q={search_term_string}"
    )
    assert any(b["@type"] == "Organization" for b in blocks)


def test_every_public_page_type_has_a_unique_title_description_and_canonical(client, author):
    tag = make_tag("learning")
    company = make_company("Unique co", slug="unique-co", tags=[tag])
    make_job(company, slug="unique-role")
    make_guide(author, slug="unique-guide")
    pages = [
        "/",
        "/guides/",
        "/guides/unique-guide/",
        "/companies/",
        "/companies/tags/learning/",
        "/companies/unique-co/",
        "/jobs/",
        "/jobs/unique-role/",
        "/search/?q=unique",
    ]
    titles = []
    for path in pages:
        page = html(client.get(path))
        titles.append(page.title.get_text())
        assert page.find("meta", attrs={"name": "description"})["content"].strip(), path
        assert page.find("link", rel="canonical")["href"].startswith("http://testserver/"), path
        image = page.find("meta", property="og:image")["content"]
        assert image.split("?")[0].endswith(".png"), path
        assert page.find("meta", attrs={"name": "twitter:card"}) is not None, path
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize(
    "path", ["/companies/unique-co/", "/companies/tags/learning/", "/jobs/unique-role/"]
)
def test_nested_pages_carry_breadcrumbs(client, path):
    tag = make_tag("learning")
    make_job(make_company("Unique co", slug="unique-co", tags=[tag]), slug="unique-role")

    blocks = [
        json.loads(s.string)
        for s in html(client.get(path)).find_all("script", type="application/ld+json")
    ]

    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert crumbs["itemListElement"][-1]["item"].endswith(path)


def test_feeds_are_advertised_on_their_pages(client):
    for path, feed in [("/guides/", "/guides/feed/"), ("/jobs/", "/jobs/feed/")]:
        link = html(client.get(path)).find("link", rel="alternate", type="application/atom+xml")
        assert link["href"] == feed


def test_the_sitemap_index_dates_each_section_by_its_newest_item(client):
    from datetime import timedelta

    from django.utils import timezone

    from jobs.models import Job

    company = make_company("Listed", slug="listed")
    older, newer = make_job(company, slug="older"), make_job(company, slug="newer")
    make_job(company, slug="closed", status="closed")  # newest of all, but not in the sitemap
    moment = timezone.now().replace(microsecond=0)
    Job.objects.filter(pk=older.pk).update(updated_at=moment - timedelta(days=3))
    Job.objects.filter(pk=newer.pk).update(updated_at=moment - timedelta(days=1))
    Job.objects.filter(slug="closed").update(updated_at=moment)

    index = ET.fromstring(client.get("/sitemap.xml").content)
    jobs = next(
        section
        for section in index.iter(f"{SITEMAP}sitemap")
        if "sitemap-jobs" in section.find(f"{SITEMAP}loc").text
    )
    lastmod = jobs.find(f"{SITEMAP}lastmod").text
    assert lastmod.startswith((moment - timedelta(days=1)).date().isoformat())


def test_a_large_section_is_split_into_files_by_blocks_of_ids(
    client, monkeypatch, django_assert_num_queries
):
    from jobs.models import Job
    from website import sitemaps

    monkeypatch.setattr(sitemaps, "URLS_PER_FILE", 3)
    company = make_company("Listed", slug="listed")
    for number in range(8):
        make_job(company, slug=f"role-{number}")
    make_job(company, slug="closed-role", status="closed")

    # Every file of every section is dated in one query, however many files there are.
    with django_assert_num_queries(1):
        index = ET.fromstring(client.get("/sitemap.xml").content)
    files = [
        location.text.split("testserver", 1)[1]
        for location in index.iter(f"{SITEMAP}loc")
        if "sitemap-jobs" in location.text
    ]
    listed = []
    for path in files:
        urlset = ET.fromstring(client.get(path).content)
        urls = [url.find(f"{SITEMAP}loc").text for url in urlset.iter(f"{SITEMAP}url")]
        assert 1 <= len(urls) <= 3, path
        listed += [url.split("testserver", 1)[1] for url in urls]

    # Every open role, each in exactly one file.
    assert sorted(listed) == sorted(job.get_absolute_url() for job in Job.objects.visible())
    assert len(files) >= 3  # eight roles, at most three a file
    for bad in ["/sitemap-jobs.xml?p=x", "/sitemap-jobs.xml?p=0", "/sitemap-nothing.xml"]:
        assert client.get(bad).status_code == 404


def test_a_slug_that_needs_escaping_is_escaped_in_the_sitemap(client):
    company = make_company("Listed", slug="listed")
    make_job(company, slug="plain-role")
    make_job(company, slug="café-rôle")  # not from a form, which would refuse it

    # The files holding the roles, as the index lists them (which file depends on their ids).
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sitemap = "".join(
        client.get(location.text.split("testserver", 1)[1]).content.decode()
        for location in index.iter(f"{SITEMAP}loc")
        if "sitemap-jobs" in location.text
    )

    assert "/jobs/plain-role/</loc>" in sitemap
    assert "/jobs/caf%C3%A9-r%C3%B4le/</loc>" in sitemap
    ET.fromstring(sitemap)
