import pytest
from django.contrib.staticfiles.storage import staticfiles_storage

from tests.conftest import fetch, html

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/guides/", "/companies/", "/jobs/", "/no-such-page/"]


def test_healthz_answers_ok_when_the_database_answers(live_site):
    status, headers, body = fetch(live_site.url + "/healthz")
    assert status == 200
    assert body.decode().splitlines()[0] == "ok"
    assert "no-store" in headers["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(server_without_database):
    status, _, body = fetch(server_without_database.url + "/healthz")
    assert status == 503
    assert b"database unavailable" in body


def test_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = html(response)
    assert page.h1.get_text() == "We couldn’t find that page"
    assert page.find("nav", attrs={"aria-label": "Main"}) is not None
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_carries_a_strict_content_security_policy(live_site, path):
    _, headers, _ = fetch(live_site.url + path)
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "nonce-" not in policy


def test_the_admin_is_under_the_policy_too(live_site):
    status, headers, _ = fetch(live_site.url + "/admin/login/")
    assert status == 200
    assert "unsafe-inline" not in headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_inline_script_or_style(client, path):
    page = html(client.get(path))
    inline = [s for s in page.find_all("script") if not s.get("src")]
    # JSON-LD data blocks are not executed; anything else inline would need 'unsafe-inline'.
    assert [s for s in inline if s.get("type") != "application/ld+json"] == []
    assert page.find_all("style") == []
    assert page.select("[style]") == []
    assert [t.name for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)] == []


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_pages_have_a_skip_link_and_landmarks(client, path):
    page = html(client.get(path))
    skip = page.find("a", class_="skip-link")
    assert skip["href"] == "#main"
    assert page.find("main", id="main") is not None
    assert page.find("header") is not None
    assert page.find("footer") is not None


def test_header_navigation_reaches_the_three_parts_and_sign_in(client):
    nav = html(client.get("/")).find("nav", attrs={"aria-label": "Main"})
    assert [a["href"] for a in nav.find_all("a")] == [
        "/guides/",
        "/companies/",
        "/jobs/",
        "/account/login/",
    ]
    for a in nav.find_all("a"):
        assert client.get(a["href"]).status_code == 200


def test_static_files_are_served_compressed_with_far_future_caching(live_site):
    path = staticfiles_storage.url("css/site.css")
    assert path != "/static/css/site.css", "the file name should carry its content hash"
    status, headers, _body = fetch(live_site.url + path, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]

    status, headers, _ = fetch(live_site.url + path, {"Accept-Encoding": "br"})
    assert headers["Content-Encoding"] == "br"


def test_robots_txt_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()


def test_favicon_is_linked_and_served(client, live_site):
    icon = html(client.get("/")).find("link", rel="icon")["href"]
    status, headers, _ = fetch(live_site.url + icon)
    assert status == 200
    assert headers["Content-Type"].startswith("image/svg+xml")
