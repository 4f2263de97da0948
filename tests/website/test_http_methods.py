"""Every page answers HEAD as it answers GET (monitors, link checkers and caches send it),
and other methods get a clear 405, never a 500."""

import pytest

from tests.conftest import make_company, make_guide, make_job, make_tag

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/healthz",
    "/robots.txt",
    "/search/?q=engineer",
    "/sitemap.xml",
    "/sitemap-jobs.xml",
    "/guides/",
    "/guides/feed/",
    "/guides/a-guide/",
    "/companies/",
    "/companies/?tag=learning",
    "/companies/tags/learning/",
    "/companies/acme/",
    "/jobs/",
    "/jobs/feed/",
    "/jobs/open-role/",
    "/jobs/closed-role/",
]


@pytest.fixture
def site(author):
    tag = make_tag("learning")
    company = make_company("Acme", slug="acme", tags=[tag])
    make_job(company, slug="open-role")
    make_job(company, slug="closed-role", status="closed")
    make_guide(author)


@pytest.mark.parametrize("url", PAGES)
def test_head_answers_like_get_without_a_body(client, site, url):
    get = client.get(url)
    head = client.head(url)

    assert get.status_code == 200
    assert head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


@pytest.mark.parametrize("url", PAGES)
def test_options_and_post_are_refused_cleanly(client, site, url):
    for response in (client.options(url), client.post(url)):
        # The syndication and sitemap views come from Django and allow any method.
        assert response.status_code in {200, 405}
        if response.status_code == 405:
            assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_previews_answer_head(editor_client, author):
    make_guide(author, slug="draft-guide", status="draft")
    make_job(slug="draft-role", status="draft")

    assert editor_client.head("/guides/draft-guide/preview/").status_code == 200
    assert editor_client.head("/jobs/draft-role/preview/").status_code == 200
