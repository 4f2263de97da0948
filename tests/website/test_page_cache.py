"""The page cache (core/pagecache.py) is correct before it is fast: anonymous readers get
cached pages that follow every change at once, signed-in users never see or make one, and
HTTP caches in front get validators and lifetimes."""

import shutil
import socket
import subprocess
import time
import urllib.request
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from core import pagecache
from jobs.models import Discipline, Job
from tests.conftest import Gunicorn, database_url, html, make_company, make_guide, make_job

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [a.get_text() for a in html(response).select(".job-row .card__title a")]


def test_a_repeated_anonymous_request_is_served_from_the_cache(
    client, page_cache, django_assert_max_num_queries
):
    make_job(title="Platform Engineer")
    first = client.get("/jobs/")
    assert first["X-Page-Cache"] == "miss"
    # One query: the content's versions.
    with django_assert_max_num_queries(1):
        second = client.get("/jobs/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Set-Cookie" not in second.headers
    assert "csrfmiddlewaretoken" not in second.text


def test_every_kind_of_change_is_seen_at_once(client, page_cache):
    job = make_job(title="Platform Engineer")
    assert titles(client.get("/jobs/")) == ["Platform Engineer"]

    make_job(title="Data Engineer")  # a new role
    assert sorted(titles(client.get("/jobs/"))) == ["Data Engineer", "Platform Engineer"]

    Job.objects.filter(pk=job.pk).update(status="closed")  # a bulk change
    assert titles(client.get("/jobs/")) == ["Data Engineer"]

    with connection.cursor() as cursor:  # raw SQL
        cursor.execute("UPDATE jobs_job SET title = 'Renamed Engineer'")
    assert titles(client.get("/jobs/")) == ["Renamed Engineer"]


def test_a_role_reaching_its_expiry_leaves_the_cached_board_at_that_moment(client, page_cache):
    make_job(title="Staying")
    expiring = make_job(title="Expiring")
    now = timezone.now()
    Job.objects.filter(pk=expiring.pk).update(expires_at=now + timedelta(seconds=1))
    # Still before its expiry however slow the machine is.
    with time_machine.travel(now, tick=False):
        assert sorted(titles(client.get("/jobs/"))) == ["Expiring", "Staying"]
        assert client.get("/jobs/")["X-Page-Cache"] == "hit"

    with time_machine.travel(now + timedelta(seconds=2)):
        assert titles(client.get("/jobs/")) == ["Staying"]


def test_a_write_leaves_cached_the_pages_that_do_not_read_what_it_wrote(client, page_cache, author):
    job = make_job(title="Platform Engineer")
    guide = make_guide(author, slug="growth", title="Growth")
    for url in ["/jobs/", "/guides/"]:
        assert client.get(url)["X-Page-Cache"] == "miss"

    guide.title = "Growing"
    guide.save()
    assert client.get("/jobs/")["X-Page-Cache"] == "hit"
    assert "Growing" in client.get("/guides/").text

    Job.objects.filter(pk=job.pk).update(title="Data Engineer")
    assert client.get("/guides/")["X-Page-Cache"] == "hit"
    assert titles(client.get("/jobs/")) == ["Data Engineer"]


def test_a_role_page_outlives_other_roles_expiring_but_not_its_own(client, page_cache):
    backend, frontend = Discipline.values[:2]
    kept = make_job(make_company("Acme"), title="Kept", discipline=backend)
    closing = make_job(make_company("Other"), title="Closing", discipline=backend)
    elsewhere = make_job(make_company("Third"), title="Elsewhere", discipline=frontend)
    soon = timezone.now() + timedelta(seconds=1)
    Job.objects.filter(pk=elsewhere.pk).update(expires_at=soon)
    Job.objects.filter(pk=closing.pk).update(expires_at=soon + timedelta(seconds=2))
    for url in [kept.get_absolute_url(), "/jobs/"]:
        assert client.get(url)["X-Page-Cache"] == "miss"

    # A role the page does not show closes: the board changes, the role's page does not.
    with time_machine.travel(soon + timedelta(seconds=1)):
        assert client.get(kept.get_absolute_url())["X-Page-Cache"] == "hit"
        assert client.get("/jobs/")["X-Page-Cache"] == "changed"
    # A similar role it lists closes: the page changes at that moment.
    with time_machine.travel(soon + timedelta(seconds=3)):
        page = client.get(kept.get_absolute_url())
        assert page["X-Page-Cache"] == "changed"
        assert "Closing" not in page.text


def test_signed_in_users_neither_get_nor_make_cached_pages(editor_client, page_cache):
    from django.test import Client

    make_job(title="Platform Engineer")
    signed_in = editor_client.get("/jobs/")
    assert "X-Page-Cache" not in signed_in.headers
    assert "private" in signed_in["Cache-Control"]
    assert "Cookie" in signed_in["Vary"]

    assert Client().get("/jobs/")["X-Page-Cache"] == "miss"


def test_pages_have_validators_and_answer_conditional_requests(client, page_cache):
    make_job()
    for path in ["/", "/jobs/", "/companies/", "/jobs/feed/", "/sitemap.xml", "/robots.txt"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "s-maxage=" in response["Cache-Control"], path
        assert "stale-while-revalidate=" in response["Cache-Control"], path
        again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, path
        assert again.content == b""


def test_head_is_answered_from_the_cache_without_a_body(client, page_cache):
    client.get("/jobs/")
    response = client.head("/jobs/")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response["Content-Length"]) > 1000


@pytest.mark.django_db(transaction=True)
@pytest.mark.subprocess
def test_two_servers_over_one_database_see_a_change_within_a_second(django_db_blocker):
    company = make_company("Acme", slug="acme")
    make_job(company, title="Platform Engineer")
    url = database_url(connection.settings_dict)
    servers = [Gunicorn(url, env={"DJANGO_PAGE_CACHE": "1"}) for _ in range(2)]
    try:

        def board(server) -> tuple[str, str]:
            with urllib.request.urlopen(server.url + "/jobs/", timeout=30) as response:
                return response.headers["X-Page-Cache"], response.read().decode()

        for server in servers:
            # Each of a server's two workers keeps its own copies.
            assert "hit" in [board(server)[0] for _ in range(4)]

        make_job(company, title="Data Engineer")  # committed: this test is transactional
        # A worker trusts the content version it read for at most half a second.
        time.sleep(pagecache.STATE_TTL + 0.1)

        for server in servers:
            for _ in range(2):  # both workers
                assert "Data Engineer" in board(server)[1]
    finally:
        for server in servers:
            server.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.subprocess
def test_servers_share_pages_through_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            tmp_path,
        ],
        stdout=subprocess.DEVNULL,
    )
    servers = []
    try:
        make_job(title="Platform Engineer")
        url = database_url(connection.settings_dict)
        cache_url = f"redis://127.0.0.1:{port}/0"
        # Two servers of one site, as behind one proxy: the same origin.
        site = {"DJANGO_SITE_URL": "http://127.0.0.1", "DJANGO_PAGE_CACHE": "1"}
        servers = [Gunicorn(url, env={**site, "CACHE_URL": cache_url}) for _ in range(2)]

        def state(server) -> str:
            request = urllib.request.Request(server.url + "/jobs/", headers={"Host": "127.0.0.1"})
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.headers["X-Page-Cache"]

        assert state(servers[0]) == "miss"
        assert state(servers[1]) == "hit"
    finally:
        for server in servers:
            server.stop()
        redis.terminate()
        redis.wait(timeout=10)


def test_a_company_page_changes_when_its_own_roles_close_not_others(client, page_cache):
    acme, other = make_company("Acme", slug="acme"), make_company("Other", slug="other")
    soon = timezone.now() + timedelta(seconds=1)
    make_job(other, title="Elsewhere", expires_at=soon)
    make_job(acme, title="Ours", expires_at=soon + timedelta(seconds=2))
    make_job(acme, title="Staying")
    assert client.get("/companies/acme/")["X-Page-Cache"] == "miss"

    with time_machine.travel(soon + timedelta(seconds=1)):
        assert client.get("/companies/acme/")["X-Page-Cache"] == "hit"
    with time_machine.travel(soon + timedelta(seconds=3)):
        page = client.get("/companies/acme/")
        assert page["X-Page-Cache"] == "changed"
        assert "Ours" not in page.text
        assert "Staying" in page.text


def test_one_key_per_page_whatever_the_order_of_its_parameters(client, page_cache):
    make_job(title="Platform Engineer", level="l5")
    assert client.get("/jobs/?level=l5&sort=salary")["X-Page-Cache"] == "miss"
    assert client.get("/jobs/?sort=salary&level=l5")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "path",
    [
        "/robots.txt?evict=1",  # a parameter the page does not read
        "/sitemap.xml?p=1&evict=1",
        "/jobs/feed/?evict=1",
        "/jobs/?level=nonsense",  # a value the page ignored, saying so
        "/jobs/?page=999",  # a page number it corrected
        "/search/?q=platform&evict=1",
    ],
)
def test_a_query_the_page_does_not_take_as_it_is_is_answered_but_never_kept(
    client, page_cache, path
):
    make_job(title="Platform Engineer")
    answers = [client.get(path) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert ["X-Page-Cache" in a.headers for a in answers] == [False, False]


def test_only_the_sites_own_host_and_scheme_make_or_get_cached_pages(client, page_cache, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    make_job(title="Platform Engineer")
    for foreign in [{"HTTP_HOST": "localhost"}, {"secure": True}]:
        answers = [client.get("/jobs/", **foreign) for _ in range(2)]
        assert ["X-Page-Cache" in a.headers for a in answers] == [False, False], foreign
    own = client.get("/jobs/")
    assert own["X-Page-Cache"] == "miss"
    assert 'href="http://testserver/jobs/"' in own.text  # its canonical link: its own origin
    assert "X-Page-Cache" not in client.get("/jobs/", HTTP_HOST="localhost").headers


def test_personal_pages_say_no_store(client, page_cache, django_user_model):
    assert "no-store" in client.get("/account/login/")["Cache-Control"]
    client.force_login(django_user_model.objects.create_user("ada", "ada@example.com", "x"))
    for path in ["/account/", "/account/export/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


def test_pages_and_hits_say_what_the_browser_may_do_with_them(client, page_cache):
    for answer in [client.get("/"), client.get("/")]:
        assert answer["Cross-Origin-Opener-Policy"] == "same-origin"
        assert answer["Cross-Origin-Resource-Policy"] == "same-origin"
        assert "camera=()" in answer["Permissions-Policy"]
        assert "geolocation=()" in answer["Permissions-Policy"]
    assert answer["X-Page-Cache"] == "hit"


def test_the_cache_counts_its_answers_for_metrics(client, page_cache):
    from prometheus_client import REGISTRY

    def count(result: str) -> float:
        return REGISTRY.get_sample_value("ladder_page_cache_total", {"result": result}) or 0

    misses, hits = count("miss"), count("hit")
    client.get("/guides/")
    client.get("/guides/")
    assert (count("miss") - misses, count("hit") - hits) == (1, 1)


def test_a_flood_of_urls_the_pages_do_not_take_evicts_nothing(client, page_cache, settings):
    """What the cache holds is bounded by the site: URLs with parameters a page ignores, or
    values it corrects, are answered without being kept, so the pages that were kept stay,
    however many such URLs come (here more than the cache's size, made small)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "OPTIONS": {"MAX_ENTRIES": 50}},
    }
    make_job(title="Platform Engineer")
    assert client.get("/jobs/")["X-Page-Cache"] == "miss"
    for number in range(120):
        path = f"/robots.txt?evict={number}" if number % 10 else f"/jobs/?level=bogus{number}"
        assert "X-Page-Cache" not in client.get(path).headers
    assert client.get("/jobs/")["X-Page-Cache"] == "hit"


def test_an_assessment_result_is_cached_by_its_answers_and_follows_the_editors(
    client, page_cache, author
):
    from guides.models import Assessment, Outcome, Statement, Verdict

    guide = make_guide(author, slug="quiz")
    assessment = Assessment.objects.create(guide=guide)
    path = Outcome.objects.create(assessment=assessment, key="a", title="Path A", text="Why.")
    Statement.objects.create(assessment=assessment, key="s", text="S.", side="for", leads_to=path)
    verdict = Verdict.objects.create(assessment=assessment, at_least=0, heading="Yes")
    url = "/guides/quiz/assessment/?ticked=s"

    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get("/guides/quiz/assessment/")["X-Page-Cache"] == "miss", "other answers"
    # A link it corrected is answered, never stored under that link; nor is one that
    # repeats a key, so what is stored is bounded by the answers, not by what is sent.
    for _ in range(2):
        corrected = client.get(f"{url}&ticked=gone")
        assert "left out" in corrected.text
        assert "X-Page-Cache" not in corrected.headers
        assert "X-Page-Cache" not in client.get(f"{url}&ticked=s").headers
    # An editor's change to a verdict shows at once.
    verdict.heading = "Absolutely"
    verdict.save()
    changed = client.get(url)
    assert changed["X-Page-Cache"] == "changed"
    assert html(changed).select_one("#verdict-heading").get_text() == "Absolutely"


def test_a_filtered_board_changes_when_a_role_it_counts_closes_not_others(client, page_cache):
    """Each count leaves out a filter of its own: a role two filters leave out is in no count
    on the page, and its expiry leaves the page cached; one a single filter leaves out is
    counted, and its expiry changes the page at that moment."""
    make_job(title="Kept", level="l5", discipline="backend")
    soon = timezone.now() + timedelta(seconds=1)
    make_job(title="Uncounted", level="l3", discipline="frontend", expires_at=soon)
    make_job(
        title="Counted", level="l3", discipline="backend", expires_at=soon + timedelta(seconds=2)
    )
    url = "/jobs/?level=l5&discipline=backend"
    assert client.get(url)["X-Page-Cache"] == "miss"

    with time_machine.travel(soon + timedelta(seconds=1)):
        assert client.get(url)["X-Page-Cache"] == "hit"
    with time_machine.travel(soon + timedelta(seconds=3)):
        assert client.get(url)["X-Page-Cache"] == "changed"
