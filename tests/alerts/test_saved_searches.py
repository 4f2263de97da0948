from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from alerts.models import Frequency, SavedSearch
from tests.alerts.conftest import make_reader
from tests.conftest import html, make_company, make_job, make_tag

pytestmark = pytest.mark.django_db


def save_link(response) -> str:
    return html(response).find("a", string="Save this search")["href"]


def test_the_board_offers_to_save_exactly_the_filters_on_screen(reader_client):
    make_job(level="l5")
    page = reader_client.get("/jobs/?level=l5&country=DE&sort=salary")
    url = save_link(page)
    assert url.startswith("/saved/searches/new/?")
    assert parse_qs(urlsplit(url).query) == {
        "scope": ["jobs"],
        "level": ["l5"],
        "country": ["DE"],
        "sort": ["salary"],
    }
    form = html(reader_client.get(url)).select_one("form.saved-form")
    assert form.select_one("input[name=query]")["value"] == "level=l5&country=DE&sort=salary"
    name = form.select_one("input[name=name]")["value"]
    assert "L5" in name

    response = reader_client.post(
        "/saved/searches/new/",
        {
            "scope": "jobs",
            "query": "level=l5&country=DE&sort=salary",
            "name": name,
            "frequency": "daily",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/saved/"
    search = SavedSearch.objects.get()
    assert (search.query, search.frequency, search.user) == (
        "level=l5&country=DE&sort=salary",
        Frequency.DAILY,
        reader_client.get("/saved/").wsgi_request.user,
    )
    assert search.next_due_at is not None

    listing = html(reader_client.get("/saved/"))
    link = listing.find("a", string=name)
    assert link["href"] == f"/jobs/?level=l5&country=DE&sort=salary&saved={search.pk}"
    # The results page keeps which saved search it shows.
    assert reader_client.get(link["href"]).status_code == 200


def test_the_directory_offers_to_save_its_filters_too(reader_client):
    tag = make_tag("learning")
    make_company(tags=[tag])
    url = save_link(reader_client.get("/companies/?tag=learning&stage=series-a"))
    assert parse_qs(urlsplit(url).query)["scope"] == ["companies"]
    form = html(reader_client.get(url))
    assert form.select_one("input[name=query]")["value"] == "tag=learning&stage=series-a"
    assert "new open roles at the companies" in form.get_text()


def test_anonymous_readers_are_sent_to_sign_in_and_come_back(client):
    url = save_link(client.get("/jobs/?level=l5"))
    response = client.get(url)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == resolve_url(settings.LOGIN_URL)
    assert parse_qs(location.query)["next"] == [url]
    # The list page itself read no session: it stays cacheable for everyone.
    assert "Cookie" not in client.get("/jobs/?level=l5").get("Vary", "")


def test_a_hostile_query_string_stores_only_what_the_filters_accept(reader_client):
    hostile = (
        "/saved/searches/new/?scope=jobs&level=l5&level=%3Cscript%3E&min_salary=abc"
        "&tag=no-such-tag&bogus=1&q=%00&saved=7&page=3&country=ZZ"
    )
    form = html(reader_client.get(hostile))
    assert form.select_one("input[name=query]")["value"] == "level=l5"
    # And the posted hidden field is read again, never trusted.
    reader_client.post(
        "/saved/searches/new/",
        {
            "scope": "jobs",
            "query": "level=l5&level=<script>&min_salary=abc&x=%00&currency=EUR",
            "name": "Mine",
            "frequency": "weekly",
        },
    )
    assert SavedSearch.objects.get().query == "level=l5"


def test_an_unknown_scope_is_not_found(reader_client):
    assert reader_client.get("/saved/searches/new/?scope=guides").status_code == 404
    assert (
        reader_client.post("/saved/searches/new/", {"scope": "x", "name": "n"}).status_code == 404
    )


def test_names_are_length_limited_and_escaped(reader_client):
    too_long = "x" * 81
    response = reader_client.post(
        "/saved/searches/new/",
        {"scope": "jobs", "query": "", "name": too_long, "frequency": "none"},
    )
    assert response.status_code == 200
    assert "at most 80 characters" in html(response).get_text()
    assert not SavedSearch.objects.exists()

    reader_client.post(
        "/saved/searches/new/",
        {
            "scope": "jobs",
            "query": "",
            "name": "<script>alert(1)</script>\r\nBcc: x",
            "frequency": "none",
        },
    )
    search = SavedSearch.objects.get()
    assert search.name == "<script>alert(1)</script> Bcc: x"
    page = reader_client.get("/saved/")
    assert b"<script>alert(1)" not in page.content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()


def test_an_account_keeps_at_most_a_hundred_saved_searches(reader_client, reader):
    SavedSearch.objects.bulk_create(
        SavedSearch(user=reader, scope="jobs", name=f"S{n}", frequency="none") for n in range(100)
    )
    response = reader_client.post(
        "/saved/searches/new/",
        {"scope": "jobs", "query": "level=l5", "name": "One more", "frequency": "daily"},
    )
    assert response.status_code == 200
    assert "100 saved searches, the most an account can keep" in html(response).get_text()
    assert SavedSearch.objects.filter(user=reader).count() == 100


def test_the_filters_can_be_updated_from_the_page_of_results(reader_client, reader):
    search = SavedSearch(user=reader, scope="jobs", name="Mine", query="level=l5")
    search.set_frequency("weekly")
    search.save()
    page = html(reader_client.get(f"/jobs/?level=l6&workplace=remote&saved={search.pk}"))
    assert page.find("a", string="Save this search") is None
    update = page.find("a", string="Update saved search")["href"]
    assert update == f"/saved/searches/{search.pk}/filters/?level=l6&workplace=remote"
    confirm = html(reader_client.get(update))
    assert "Level: L6" in confirm.get_text()
    response = reader_client.post(update, {"query": "level=l6&workplace=remote&level=zz"})
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/?level=l6&workplace=remote&saved={search.pk}"
    search.refresh_from_db()
    assert search.query == "level=l6&workplace=remote"
    assert "Workplace: Remote" in search.description


def test_a_saved_search_can_be_renamed_given_other_alerts_and_deleted(reader_client, reader):
    search = SavedSearch(user=reader, scope="jobs", name="Mine", query="level=l5")
    search.set_frequency("weekly")
    search.save()
    edit = f"/saved/searches/{search.pk}/"
    assert reader_client.get(edit).status_code == 200
    reader_client.post(edit, {"name": "Senior roles", "frequency": "none"})
    search.refresh_from_db()
    assert (search.name, search.frequency, search.next_due_at) == ("Senior roles", "none", None)
    reader_client.post(edit, {"name": "Senior roles", "frequency": "daily"})
    search.refresh_from_db()
    assert search.frequency == "daily"
    assert search.next_due_at is not None
    reader_client.post(f"/saved/searches/{search.pk}/delete/")
    assert not SavedSearch.objects.exists()


def test_a_reader_never_sees_or_changes_another_readers_searches(client, reader):
    theirs = SavedSearch(user=reader, scope="jobs", name="Ada's secret search", query="level=l7")
    theirs.set_frequency("daily")
    theirs.save()
    intruder = make_reader("eve@example.com")
    client.force_login(intruder)
    assert "Ada's secret search" not in client.get("/saved/").content.decode()
    for url in [
        f"/saved/searches/{theirs.pk}/",
        f"/saved/searches/{theirs.pk}/filters/?level=l1",
    ]:
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"name": "Mine now", "frequency": "none", "query": ""}).status_code
            == 404
        )
    assert client.post(f"/saved/searches/{theirs.pk}/delete/").status_code == 404
    # The results page with their id shows the public results, nothing of theirs.
    page = client.get(f"/jobs/?saved={theirs.pk}")
    assert "Ada's secret search" not in page.content.decode()
    theirs.refresh_from_db()
    assert (theirs.name, theirs.query, theirs.frequency) == (
        "Ada's secret search",
        "level=l7",
        "daily",
    )


def test_the_header_links_to_saved_searches_when_signed_in(client, reader):
    assert html(client.get("/jobs/")).find("a", string="Saved") is None
    client.force_login(reader)
    assert html(client.get("/jobs/")).find("a", string="Saved")["href"] == "/saved/"


def test_the_list_of_saved_searches_costs_the_same_for_one_or_fifty(
    reader_client, reader, django_assert_num_queries
):
    def make(count):
        SavedSearch.objects.filter(user=reader).delete()
        SavedSearch.objects.bulk_create(
            SavedSearch(user=reader, scope="jobs", name=f"S{n}", frequency="none")
            for n in range(count)
        )

    for count in (1, 50):
        make(count)
        # session, user, the reader's saved searches, their addresses that alerts cannot reach
        with django_assert_num_queries(4):
            response = reader_client.get("/saved/")
        assert len(html(response).select(".saved-search")) == count
