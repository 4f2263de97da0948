"""The log a live server writes: one JSON line per request, with an id the response carries,
timings and the kind of user, never who they are; and one line per slow query."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import fetch, make_job

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.subprocess]

FIELDS = {
    "time",
    "level",
    "logger",
    "message",
    "event",
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "db_ms",
    "db_queries",
    "user",
}


def request_lines(server, request_id: str) -> list[dict]:
    return [
        r
        for r in server.json_log()
        if r.get("event") == "request" and r.get("request_id") == request_id
    ]


def test_each_request_is_one_json_line_with_its_id(live_site):
    make_job(slug="logged-role")

    status, headers, _ = fetch(
        live_site.url + "/jobs/logged-role/?utm_source=mail&email=ada@example.com",
        {"X-Request-ID": "proxy-id-1", "X-Forwarded-For": "203.0.113.9"},
    )

    assert status == 200
    assert headers["X-Request-ID"] == "proxy-id-1"
    (line,) = request_lines(live_site, "proxy-id-1")
    assert set(line) == FIELDS
    assert line["event"] == "request"
    assert line["method"] == "GET"
    assert line["path"] == "/jobs/logged-role/"
    assert line["status"] == 200
    assert line["user"] == "anonymous"
    assert line["db_queries"] >= 1
    assert 0 < line["db_ms"] <= line["duration_ms"]
    text = "\n".join(str(record) for record in live_site.json_log())
    for private in ["203.0.113.9", "ada@example.com", "utm_source", "127.0.0.1"]:
        assert private not in text


def test_a_request_id_is_generated_when_none_or_a_strange_one_is_sent(live_site):
    _, first, _ = fetch(live_site.url + "/robots.txt")
    _, second, _ = fetch(live_site.url + "/robots.txt", {"X-Request-ID": 'bad id";drop'})

    assert first["X-Request-ID"] != second["X-Request-ID"]
    for headers in (first, second):
        generated = headers["X-Request-ID"]
        assert len(generated) == 32
        assert request_lines(live_site, generated)[0]["path"] == "/robots.txt"


def test_a_404_is_logged_once(live_site):
    status, _, _ = fetch(live_site.url + "/no-such-page/", {"X-Request-ID": "missing-1"})

    assert status == 404
    assert [line["status"] for line in request_lines(live_site, "missing-1")] == [404]
    assert not [line for line in live_site.log_lines() if "Not Found" in line]


def test_the_kind_of_user_is_logged_never_who(live_site):
    staff = User.objects.create_user("staffer", password="x-long-password-1", is_staff=True)
    reader = User.objects.create_user("reader", password="x-long-password-2")
    cookies = {}
    for user in (staff, reader):
        client = Client()
        client.force_login(user)
        cookies[user.username] = client.cookies["sessionid"].value

    for number, cookie in enumerate(cookies.values()):
        fetch(
            live_site.url + "/", {"Cookie": f"sessionid={cookie}", "X-Request-ID": f"kind-{number}"}
        )
    stale = "k4v8lq0z2m7n1x9c3b5t6y8u0i2o4p6a"
    fetch(live_site.url + "/", {"Cookie": f"sessionid={stale}", "X-Request-ID": "kind-stale"})

    assert request_lines(live_site, "kind-0")[0]["user"] == "staff"
    assert request_lines(live_site, "kind-1")[0]["user"] == "reader"
    assert request_lines(live_site, "kind-stale")[0]["user"] == "anonymous"
    assert "staffer" not in "\n".join(live_site.log_lines())


def test_slow_queries_are_logged_one_line_each_without_their_values(serve):
    server = serve(DJANGO_SLOW_QUERY_MS="0")
    make_job(slug="slow-role", title="Slow role")

    fetch(server.url + "/search/?q=secretsearchterm", {"X-Request-ID": "slow-1"})

    queries = [
        r
        for r in server.json_log()
        if r.get("event") == "slow_query" and r["request_id"] == "slow-1"
    ]
    (request,) = request_lines(server, "slow-1")
    assert len(queries) == request["db_queries"] > 0
    assert all(r["level"] == "warning" and r["duration_ms"] >= 0 for r in queries)
    assert any("jobs_job" in r["sql"] for r in queries)
    assert "secretsearchterm" not in "\n".join(server.log_lines())
