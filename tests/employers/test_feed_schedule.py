"""A connected job feed read by the real worker on its own schedule: the board served by a
local HTTP server changes, and the roles on Ladder follow without anyone asking."""

import time

import pytest

from employers.models import FeedStatus, JobFeed, Member
from jobs.models import Job
from tests.companies.test_contributions import reader_client
from tests.conftest import Worker, admin_form_data, html, make_company, served_database_url
from tests.employers.conftest import Served, mail_about
from tests.employers.test_feeds import PATH, greenhouse, greenhouse_job

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(transactional_db, smtp_server, django_db_blocker, tmp_path, feed_server):
    """The worker, running the site's schedule every second and reading feeds as often, from
    the local feed server."""
    process = Worker(
        served_database_url(django_db_blocker),
        env={
            **smtp_server.env,
            "LADDER_ALERTS_SCHEDULE_SECONDS": "1",
            "LADDER_FEED_CHECK_SECONDS": "1",
            "LADDER_FEEDS_ALLOW_PRIVATE": "1",
        },
        log=tmp_path / "worker.log",
    )
    yield process
    process.stop()


def until(condition, what: str, worker, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen in {timeout} s:\n{worker.log_tail()}")
        time.sleep(0.2)


def test_the_worker_reads_a_connected_feed_on_its_schedule(
    worker, feed_server, smtp_server, django_user_model, admin_client, client
):
    quarry = make_company("Quarry", slug="quarry", email_domains=["quarry.example"])
    ada = reader_client(django_user_model, "ada")
    Member.objects.create(company=quarry, user=ada.user, email="ada@quarry.example", is_owner=True)
    url = feed_server.serve(PATH, Served(greenhouse(greenhouse_job(4001, "Backend Engineer"))))

    ada.post("/employers/team/quarry/feed/", {"url": url, "format": "greenhouse"})
    worker.wait_until_idle()
    feed = JobFeed.objects.get()
    assert feed.status == FeedStatus.IN_REVIEW, feed.error

    change = f"/admin/employers/jobfeed/{feed.pk}/change/"
    data = admin_form_data(admin_client, change)
    data.update(status=FeedStatus.ACTIVE)
    assert admin_client.post(change, data).status_code == 302
    mail_about(smtp_server, "The job feed of Quarry is approved", to="ada@quarry.example")
    until(lambda: Job.objects.filter(source_id="4001").exists(), "the first import", worker)

    feed_server.serve(
        PATH,
        Served(
            greenhouse(
                greenhouse_job(4001, "Backend Engineer II"),
                greenhouse_job(4002, "Staff Data Engineer", "Remote - Europe"),
            )
        ),
    )
    until(
        lambda: (
            Job.objects.filter(source_id="4002").exists()
            and Job.objects.get(source_id="4001").title == "Backend Engineer II"
        ),
        "the scheduled read of the changed board",
        worker,
    )
    feed_server.serve(PATH, Served(greenhouse(greenhouse_job(4002, "Staff Data Engineer"))))
    until(
        lambda: Job.objects.get(source_id="4001").status == "closed",
        "closing the role that left the board",
        worker,
    )
    titles = [a.get_text() for a in html(client.get("/jobs/")).select(".job-row .card__title a")]
    assert "Staff Data Engineer" in titles
    assert "Backend Engineer II" not in titles
