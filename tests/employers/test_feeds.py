"""Companies' job feeds, read from a real HTTP server on this machine serving Greenhouse, Lever
and Ashby boards as those services serve them, including broken, huge and slow ones."""

import html as markup
import json
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core import fetching
from employers import feeds
from employers.models import FeedStatus, JobFeed
from jobs.models import ImportRun, Job
from tests.conftest import admin_form_data, html
from tests.employers.conftest import Sent, Served

PATH = "/v1/boards/quarry/jobs?content=true"


def greenhouse_job(number: int, title: str, place: str = "Berlin, Germany", **fields) -> dict:
    """One job as Greenhouse's Job Board API returns it (its HTML escaped, as Greenhouse does)."""
    return {
        "id": number,
        "internal_job_id": number - 1000,
        "title": title,
        "updated_at": "2026-11-20T10:00:00-05:00",
        "requisition_id": f"ENG-{number}",
        "location": {"name": place},
        "absolute_url": f"https://boards.greenhouse.io/quarry/jobs/{number}",
        "content": markup.escape(
            "<p>You will build the <strong>ledger</strong>.</p><ul><li>Design it</li></ul>"
        ),
        "metadata": None,
        "departments": [{"id": 10, "name": "Engineering", "child_ids": [], "parent_id": None}],
        "offices": [],
        **fields,
    }


def greenhouse(*jobs: dict) -> bytes:
    return json.dumps({"jobs": list(jobs), "meta": {"total": len(jobs)}}).encode()


def connect(owner, url: str, format: str = "greenhouse"):
    return Sent.post(owner, "/employers/team/quarry/feed/", {"url": url, "format": format})


def decide(admin_client, feed, status: str, reason: str = ""):
    url = f"/admin/employers/jobfeed/{feed.pk}/change/"
    data = admin_form_data(admin_client, url)
    data.update(status=status, reason=reason)
    return Sent.post(admin_client, url, data)


def read_due_feeds() -> int:
    """What the worker's schedule does on its next run, with every connected feed due."""
    JobFeed.objects.filter(status=FeedStatus.ACTIVE).update(
        next_check_at=timezone.now() - timedelta(seconds=1)
    )
    with Sent.capture(execute=True):
        return feeds.enqueue_due()


def feed_page(owner) -> str:
    return html(owner.get("/employers/team/quarry/feed/")).get_text(" ", strip=True)


def connected(owner, admin_client, feed_server, body: bytes, format: str = "greenhouse"):
    """A feed of `body`, previewed, approved by an editor and so imported once."""
    url = feed_server.serve(PATH, Served(body))
    assert connect(owner, url, format).status_code == 302
    feed = JobFeed.objects.get()
    assert feed.status == FeedStatus.IN_REVIEW, feed.error
    assert decide(admin_client, feed, FeedStatus.ACTIVE).status_code == 302
    feed.refresh_from_db()
    return feed


def test_a_connected_feed_adds_updates_and_closes_roles_on_schedule(
    owner, quarry, admin_client, client, feed_server
):
    url = feed_server.serve(
        PATH,
        Served(
            greenhouse(
                greenhouse_job(4001, "Senior Backend Engineer"),
                greenhouse_job(4002, "Staff Platform Engineer", "Remote - Europe"),
            )
        ),
    )

    # Connected: read once for the preview; nothing public yet.
    assert connect(owner, url).status_code == 302
    feed = JobFeed.objects.get()
    assert feed.status == FeedStatus.IN_REVIEW, feed.error
    assert "2 to add" in feed_page(owner)
    assert not Job.objects.filter(company=quarry).exists()
    admin_page = html(admin_client.get(f"/admin/employers/jobfeed/{feed.pk}/change/"))
    assert "2 to add, 0 to update" in admin_page.get_text()

    # Approved: imported at once, the team told.
    mail.outbox.clear()
    assert decide(admin_client, feed, FeedStatus.ACTIVE).status_code == 302
    roles = {job.source_id: job for job in Job.objects.filter(company=quarry)}
    assert set(roles) == {"4001", "4002"}
    assert {job.status for job in roles.values()} == {"published"}
    assert "Senior Backend Engineer" in [
        a.get_text() for a in html(client.get("/jobs/")).select(".job-row .card__title a")
    ]
    assert "Staff Platform Engineer" in html(client.get("/companies/quarry/")).get_text()
    assert [message.subject for message in mail.outbox] == ["The job feed of Quarry is approved"]
    assert mail.outbox[0].to == ["ada@quarry.example"]

    # Unchanged: asked conditionally, answered 304, nothing written.
    asked_before = len(feed_server.requests)
    assert read_due_feeds() == 1
    _, headers = feed_server.requests[asked_before]
    assert headers.get("If-None-Match")
    feed.refresh_from_db()
    assert feed.outcome == "Not changed since the last import (the server said so)."
    assert feed.next_check_at > timezone.now()
    with Sent.capture(execute=True):
        assert feeds.enqueue_due() == 0  # not due again until FEED_CHECK_SECONDS have passed

    # The board changes: one role renamed, one gone, one new.
    feed_server.serve(
        PATH,
        Served(
            greenhouse(
                greenhouse_job(4001, "Senior Backend Engineer, Payments"),
                greenhouse_job(4003, "Engineering Manager, Data", "London, United Kingdom"),
            )
        ),
    )
    read_due_feeds()
    renamed = Job.objects.get(pk=roles["4001"].pk)
    assert (renamed.title, renamed.slug) == (
        "Senior Backend Engineer, Payments",
        roles["4001"].slug,
    )
    assert Job.objects.get(pk=roles["4002"].pk).status == "closed"
    assert "This role is closed" in html(client.get(roles["4002"].get_absolute_url())).get_text()
    added = Job.objects.get(company=quarry, source_id="4003")
    assert (added.status, added.track) == ("published", "engineering-manager")
    feed.refresh_from_db()
    assert feed.outcome.startswith("Imported: 1 added, 1 updated,")
    assert "1 closed as no longer on the board" in feed.outcome
    assert "1 added, 1 updated" in feed_page(owner)
    # Only the newest import is kept, beside the preview.
    assert ImportRun.objects.count() == 2


def test_lever_and_ashby_boards_bring_pay_place_and_kind_of_work(
    owner, quarry, admin_client, feed_server, settings
):
    lever = [
        {
            "id": "5ac21346-8e0c-4494-8e7a-3eb92ff77902",
            "text": "Senior Site Reliability Engineer",
            "categories": {
                "commitment": "Full-time",
                "department": "Engineering",
                "location": "Remote - Europe",
                "team": "Infrastructure",
                "allLocations": ["Remote - Europe"],
            },
            "country": "DE",
            "createdAt": 1764000000000,
            "description": "<div>Keep <b>the platform</b> up.</div>",
            "descriptionPlain": "Keep the platform up.",
            "lists": [{"text": "What you will do", "content": "<li>Run on-call well</li>"}],
            "additional": "<div>We pay for conferences.</div>",
            "hostedUrl": "https://jobs.lever.co/quarry/5ac21346-8e0c-4494-8e7a-3eb92ff77902",
            "applyUrl": "https://jobs.lever.co/quarry/5ac21346-8e0c-4494-8e7a-3eb92ff77902/apply",
            "workplaceType": "remote",
            "salaryRange": {
                "currency": "EUR",
                "interval": "per-year-salary",
                "min": 95000.0,
                "max": 120000.0,
            },
        }
    ]
    feed = connected(owner, admin_client, feed_server, json.dumps(lever).encode(), "lever")
    job = Job.objects.get(company=quarry)
    assert (job.title, job.workplace, job.level, job.discipline) == (
        "Senior Site Reliability Engineer",
        "remote",
        "l5",
        "infrastructure",
    )
    assert (job.salary_min, job.salary_max, job.salary_currency, job.salary_period) == (
        95000,
        120000,
        "EUR",
        "year",
    )
    assert job.direct_apply
    assert "Run on-call well" in job.description
    feeds.disconnect(feed)
    assert not ImportRun.objects.exists()

    ashby = {
        "apiVersion": "1",
        "jobs": [
            {
                "id": "7458d4e9-da2e-47bd-98cb-adfda43d42b2",
                "title": "Data Engineer",
                "department": "Engineering",
                "team": "Data",
                "employmentType": "Contract",
                "location": "Lisbon",
                "secondaryLocations": [],
                "publishedAt": "2026-11-04T14:29:08.532+00:00",
                "isListed": True,
                "isRemote": False,
                "workplaceType": "Hybrid",
                "address": {
                    "postalAddress": {
                        "addressLocality": "Lisbon",
                        "addressRegion": "Lisbon",
                        "addressCountry": "Portugal",
                    }
                },
                "jobUrl": "https://jobs.ashbyhq.com/quarry/7458d4e9-da2e-47bd-98cb-adfda43d42b2",
                "applyUrl": "https://jobs.ashbyhq.com/quarry/7458d4e9/application",
                "descriptionHtml": "<p>Own our pipelines.</p><script>alert(1)</script>",
                "descriptionPlain": "Own our pipelines.",
                "shouldDisplayCompensationOnJobPostings": True,
                "compensation": {
                    "compensationTierSummary": "€60K – €75K",
                    "summaryComponents": [
                        {
                            "compensationType": "Salary",
                            "interval": "1 YEAR",
                            "currencyCode": "EUR",
                            "minValue": 60000,
                            "maxValue": 75000,
                        }
                    ],
                },
            },
            {"id": "unlisted", "title": "Hidden", "isListed": False},
        ],
    }
    connected(owner, admin_client, feed_server, json.dumps(ashby).encode(), "ashby")
    job = Job.objects.get(company=quarry, source_id="7458d4e9-da2e-47bd-98cb-adfda43d42b2")
    assert (job.workplace, job.city, job.country, job.employment_type, job.discipline) == (
        "hybrid",
        "Lisbon",
        "PT",
        "contract",
        "data",
    )
    assert (job.salary_min, job.salary_max, job.salary_currency) == (60000, 75000, "EUR")
    assert "alert" not in job.description
    assert not Job.objects.filter(source_id="unlisted").exists()


def test_a_malformed_feed_leaves_the_board_untouched_and_tells_the_team_once(
    owner, quarry, admin_client, feed_server
):
    connected(
        owner, admin_client, feed_server, greenhouse(greenhouse_job(4001, "Backend Engineer"))
    )
    before = list(Job.objects.filter(company=quarry).values())
    mail.outbox.clear()

    feed_server.serve(PATH, Served(b'{"jobs": [{"id": 4001, "title": "Backend'))
    read_due_feeds()
    assert list(Job.objects.filter(company=quarry).values()) == before
    page = feed_page(owner)
    assert "The last read failed" in page
    assert "The file is not valid JSON" in page
    assert "no role was changed" in page
    assert [message.subject for message in mail.outbox] == [
        "The job feed of Quarry could not be read"
    ]
    feed = JobFeed.objects.get()
    assert feed.next_check_at > timezone.now() + timedelta(seconds=3000)

    # Still failing, differently: not mailed again.
    feed_server.serve(PATH, Served(json.dumps({"positions": []}).encode()))
    read_due_feeds()
    assert 'A Greenhouse export is a JSON object with a "jobs" list' in feed_page(owner)
    assert len(mail.outbox) == 1
    assert list(Job.objects.filter(company=quarry).values()) == before

    # Mended: read and imported, the error gone.
    feed_server.serve(PATH, Served(greenhouse(greenhouse_job(4001, "Backend Engineer II"))))
    read_due_feeds()
    assert Job.objects.get(company=quarry).title == "Backend Engineer II"
    feed.refresh_from_db()
    assert (feed.error, feed.failing_since) == ("", None)
    assert "The last read failed" not in feed_page(owner)


@pytest.mark.parametrize(
    ("served", "error"),
    [
        (Served(b"x" * 4096), "The feed is larger than"),
        (Served(b"x" * 4096, announce=False), "The feed is larger than"),
        (Served(greenhouse(), delay=3), "did not answer in time"),
        (Served(greenhouse(greenhouse_job(1, "A")), drip=0.05), "did not answer in time"),
        (Served(b"Not Found", status=404), "answered 404 Not Found"),
        (Served(greenhouse(), endless_continue=True), "did not answer in time"),
        (Served(b"[" * 30 + b"1" + b"]" * 30), "nested"),
    ],
    ids=[
        "too-large",
        "too-large-unannounced",
        "slow",
        "dripping",
        "missing",
        "endless-continue",
        "deep",
    ],
)
def test_a_huge_slow_or_broken_feed_is_cut_off_with_a_clear_error(
    owner, quarry, feed_server, settings, served, error
):
    settings.FEED_MAX_BYTES = 2048
    settings.FEED_READ_SECONDS = 1
    url = feed_server.serve(PATH, served)
    started = time.monotonic()
    assert connect(owner, url).status_code == 302
    # Cut off at the limit, not when the server is done (a dripping feed would take minutes).
    assert time.monotonic() - started < 10
    feed = JobFeed.objects.get()
    assert feed.status == FeedStatus.UNREADABLE
    assert error in feed.error
    assert error in feed_page(owner)
    assert not Job.objects.filter(company=quarry).exists()
    assert not ImportRun.objects.exists()


def test_a_feed_with_more_roles_than_allowed_is_refused(owner, quarry, feed_server, settings):
    settings.FEED_MAX_ROLES = 2
    body = greenhouse(*(greenhouse_job(number, f"Engineer {number}") for number in range(1, 4)))
    connect(owner, feed_server.serve(PATH, Served(body)))
    feed = JobFeed.objects.get()
    assert (feed.status, feed.error) == (
        FeedStatus.UNREADABLE,
        "The feed holds 3 roles; a feed may hold at most 2.",
    )


def test_a_feed_on_a_private_network_is_refused(owner, quarry, feed_server, settings):
    settings.FEEDS_ALLOW_PRIVATE = False
    connect(owner, feed_server.serve(PATH, Served(greenhouse(greenhouse_job(1, "Engineer")))))
    feed = JobFeed.objects.get()
    assert feed.status == FeedStatus.UNREADABLE
    assert "is on a private network" in feed.error
    assert not feed_server.requests


@pytest.mark.parametrize(
    "url", ["ftp://boards.example/jobs", "javascript:alert(1)", "https://", "not an address"]
)
def test_a_wrong_address_is_a_visible_correction(owner, quarry, url):
    response = Sent.post(owner, "/employers/team/quarry/feed/", {"url": url, "format": "lever"})
    assert response.status_code == 400
    assert "Please correct the form below" in html(response).get_text()
    assert not JobFeed.objects.exists()


def test_rows_the_importer_refuses_are_listed_for_the_team_and_the_rest_imported(
    owner, quarry, admin_client, feed_server
):
    body = greenhouse(
        greenhouse_job(4001, "Backend Engineer"),
        greenhouse_job(
            4002, "<script>alert(1)</script>", metadata=[{"id": 1, "name": "Level", "value": "l99"}]
        ),
        greenhouse_job(4003, ""),
    )
    connected(owner, admin_client, feed_server, body)
    assert list(Job.objects.filter(company=quarry).values_list("source_id", flat=True)) == ["4001"]
    page = owner.get("/employers/team/quarry/feed/")
    listed = html(page).select("h3 + p + ul li")
    assert len(listed) == 2
    assert "job 4003" in listed[1].get_text()
    assert b"<script>alert(1)</script>" not in page.content


def test_an_editor_refuses_a_feed_with_a_reason_the_team_is_mailed(
    owner, quarry, admin_client, feed_server
):
    connect(owner, feed_server.serve(PATH, Served(greenhouse(greenhouse_job(1, "Engineer")))))
    feed = JobFeed.objects.get()
    assert decide(admin_client, feed, FeedStatus.REFUSED, "").status_code == 200
    mail.outbox.clear()
    assert (
        decide(admin_client, feed, FeedStatus.REFUSED, "Not your company's board.").status_code
        == 302
    )
    feed.refresh_from_db()
    assert feed.status == FeedStatus.REFUSED
    assert "Not your company's board." in feed_page(owner)
    assert [message.subject for message in mail.outbox] == ["The job feed of Quarry is refused"]
    assert read_due_feeds() == 0
    assert not Job.objects.filter(company=quarry).exists()


def test_connecting_again_at_once_is_refused_and_a_new_address_is_reviewed_again(
    owner, quarry, admin_client, feed_server
):
    connected(owner, admin_client, feed_server, greenhouse(greenhouse_job(1, "Engineer")))
    other = feed_server.serve("/other", Served(greenhouse(greenhouse_job(2, "Other"))))
    response = connect(owner, other)
    assert "wait a minute" in html(owner.get(response.url)).get_text()
    assert JobFeed.objects.get().status == FeedStatus.ACTIVE

    JobFeed.objects.update(connected_at=timezone.now() - timedelta(minutes=2))
    connect(owner, other)
    feed = JobFeed.objects.get()
    assert (feed.url, feed.status) == (other, FeedStatus.IN_REVIEW)
    assert read_due_feeds() == 0
    assert not Job.objects.filter(source_id="2").exists()


def test_disconnecting_keeps_the_roles(owner, quarry, admin_client, feed_server):
    connected(owner, admin_client, feed_server, greenhouse(greenhouse_job(1, "Engineer")))
    assert Sent.post(owner, "/employers/team/quarry/feed/disconnect/").status_code == 302
    assert not JobFeed.objects.exists()
    assert Job.objects.get(company=quarry).status == "published"
    assert "Connect your board" in feed_page(owner)


def test_a_role_closed_on_ladder_stays_closed_while_its_board_changes(
    owner, quarry, admin_client, feed_server
):
    connected(
        owner,
        admin_client,
        feed_server,
        greenhouse(greenhouse_job(1, "Backend Engineer"), greenhouse_job(2, "Data Engineer")),
    )
    closed = Job.objects.get(source_id="1")
    assert Sent.post(owner, f"/employers/team/quarry/roles/{closed.pk}/close/").status_code == 302
    feed_server.serve(
        PATH,
        Served(greenhouse(greenhouse_job(1, "Backend Engineer II"), greenhouse_job(2, "Data Eng"))),
    )
    read_due_feeds()
    closed.refresh_from_db()
    assert (closed.status, closed.title) == ("closed", "Backend Engineer")
    assert Job.objects.get(source_id="2").title == "Data Eng"
    # Still on the board, so never "closed as no longer on the board".
    assert "0 closed" in JobFeed.objects.get().outcome


def test_an_emptied_board_closes_its_roles_and_is_not_an_error(
    owner, quarry, admin_client, feed_server
):
    connected(owner, admin_client, feed_server, greenhouse(greenhouse_job(1, "Engineer")))
    feed_server.serve(PATH, Served(greenhouse()))
    read_due_feeds()
    feed = JobFeed.objects.get()
    assert (feed.error, feed.listed) == ("", [])
    assert "1 closed as no longer on the board" in feed.outcome
    assert Job.objects.get(source_id="1").status == "closed"
    assert not mail.outbox or "could not be read" not in mail.outbox[-1].subject


def test_a_new_address_leaves_the_old_boards_roles_as_they_are(
    owner, quarry, admin_client, feed_server
):
    connected(owner, admin_client, feed_server, greenhouse(greenhouse_job(1, "Engineer")))
    JobFeed.objects.update(connected_at=timezone.now() - timedelta(minutes=2))
    connect(owner, feed_server.serve("/new", Served(greenhouse(greenhouse_job(9, "Other")))))
    feed = JobFeed.objects.get()
    decide(admin_client, feed, FeedStatus.ACTIVE)
    assert Job.objects.get(source_id="1").status == "published"
    assert Job.objects.get(source_id="9").status == "published"


def test_a_posting_with_a_broken_link_is_a_rejected_row_not_a_crash(
    owner, quarry, admin_client, feed_server
):
    body = greenhouse(
        greenhouse_job(1, "Engineer"),
        greenhouse_job(2, "Broken", absolute_url="http://[x"),
    )
    feed = connected(owner, admin_client, feed_server, body)
    assert feed.error == ""
    assert list(Job.objects.values_list("source_id", flat=True)) == ["1"]
    assert "job 2" in feed_page(owner)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("64:ff9b::5db8:d822", True),  # NAT64 of a public address
        ("::7f00:1", False),  # IPv4-compatible 127.0.0.1
        ("2002:a00:1::1", False),  # 6to4 of 10.0.0.1
        ("fec0::1", False),  # site-local
        ("fd00::1", False),
    ],
)
def test_only_public_addresses_are_read(address, public):
    assert fetching._public(address) is public


def test_a_public_feed_is_read_on_the_usual_ports_only():
    with pytest.raises(fetching.FetchError, match="usual port"):
        fetching.get("http://93.184.216.34:6379/", max_bytes=1024, seconds=1)
