"""With the database down, every page says so with a 503 the client may retry, in one log line
per request, and a form an editor posted is shown back to them, not lost."""

import re

import pytest

from tests.conftest import fetch, html

PAGES = [
    "/",
    "/guides/",
    "/guides/how-to-become-a-tech-lead/",
    "/companies/?tag=learning",
    "/companies/tags/learning/",
    "/companies/fernhill-systems/",
    "/jobs/",
    "/jobs/feed/",
    "/jobs/some-role/",
    "/search/?q=lead",
    "/sitemap.xml",
    "/admin/",
    "/admin/guides/guide/",
]
# A session from before the outage (the admin's sign-in page itself needs no database).
SESSION = "k4v8lq0z2m7n1x9c3b5t6y8u0i2o4p6a"


def lines_about(server, request_id: str) -> list[str]:
    return [line for line in server.log_lines() if request_id in line]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_503_with_retry_after_and_one_log_line(server_without_database, path):
    request_id = "outage" + re.sub(r"[^a-z0-9]+", "-", path)
    status, headers, body = fetch(
        server_without_database.url + path,
        {"X-Request-ID": request_id, "Cookie": f"sessionid={SESSION}"},
    )

    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert headers["X-Request-ID"] == request_id
    page = html(body)
    assert page.h1.get_text() == "Ladder is briefly unavailable"
    assert request_id in page.get_text(), "the reference is shown to quote"
    assert len(lines_about(server_without_database, request_id)) == 1
    (record,) = [r for r in server_without_database.json_log() if r.get("request_id") == request_id]
    assert record["status"] == 503
    assert record["error"] == "OperationalError"
    assert "Traceback" not in "\n".join(server_without_database.log_lines())


def test_an_editor_saving_during_an_outage_is_told_nothing_was_saved_and_keeps_the_text(
    server_without_database,
):
    # What the browser of an editor signed in before the outage sends: the session and CSRF
    # cookies and the form's token.
    token = "a" * 32
    status, headers, body = fetch(
        server_without_database.url + "/admin/guides/guide/1/change/",
        {"Cookie": f"csrftoken={token}; sessionid={SESSION}", "X-Request-ID": "editor-save-1"},
        data={
            "csrfmiddlewaretoken": token,
            "title": "How to run an incident review",
            "body": "## Before the meeting\n\nWrite the timeline first.",
            "status": "draft",
            "password": "never shown",
        },
    )

    assert status == 503
    assert headers["Retry-After"]
    page = html(body)
    assert "Nothing was saved." in page.get_text()
    shown = {
        area.find_previous("dt").get_text(strip=True): area.get_text()
        for area in page.select("textarea")
    }
    assert shown["title"] == "How to run an incident review"
    assert shown["body"] == "## Before the meeting\n\nWrite the timeline first."
    assert "csrfmiddlewaretoken" not in shown
    assert "never shown" not in page.get_text()
    assert len(lines_about(server_without_database, "editor-save-1")) == 1
