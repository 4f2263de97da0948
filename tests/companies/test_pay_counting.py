"""Which approved pay reports count (PayReportQuerySet.counted), held to the rule in Python over
random reports: for each company, level and track, the latest report of each account, and of
those the latest from each client address (an account's report without one stands for
itself); every report entered without an account counts. The database keeps which in a column
(PayReport.counted), so the rule is checked after every kind of write that can move it."""

import random
import threading
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from companies.models import PayReport
from tests.conftest import database_url, make_company

pytestmark = pytest.mark.django_db


def latest_by(reports, key) -> list:
    """The latest of `reports` (by moment, then id) for each value of `key`."""
    latest = {}
    for report in reports:
        found = latest.get(key(report))
        if found is None or (report.created_at, report.pk) > (found.created_at, found.pk):
            latest[key(report)] = report
    return list(latest.values())


def counted_in_python(reports) -> set[int]:
    """The rule, as the pages explain it, over every report."""
    approved = [r for r in reports if r.status == "approved"]
    group = lambda r: (r.company_id, r.level, r.track)  # noqa: E731
    # Each account's latest for a company, level and track; of those, each address's latest.
    newest = latest_by([r for r in approved if r.author_id], lambda r: (r.author_id, *group(r)))
    winners = latest_by(newest, lambda r: (r.submitted_from or f"account {r.author_id}", *group(r)))
    return {r.pk for r in approved if r.author_id is None} | {r.pk for r in winners}


@pytest.mark.parametrize("seed", range(4))
def test_counted_reports_follow_the_rule_over_random_reports(django_user_model, seed):
    chance = random.Random(seed)
    companies = [make_company(f"Pay {n}", slug=f"pay-{seed}-{n}") for n in range(3)]
    readers = [django_user_model.objects.create_user(f"payer-{seed}-{n}") for n in range(6)]
    # Few moments, so that reports often share one and the id decides.
    moments = [timezone.now() - timedelta(days=n) for n in range(4)]
    for _ in range(120):
        PayReport.objects.create(
            company=chance.choice(companies),
            author=chance.choice([None, *readers, *readers]),
            level=chance.choice(["l4", "l5"]),
            track=chance.choice(["ic", "manager"]),
            location="Berlin",
            currency="EUR",
            base=chance.randrange(50, 150) * 1000,
            year=2026,
            status=chance.choice(["approved", "approved", "approved", "held", "rejected"]),
            submitted_from=chance.choice([None, "198.51.100.7", "198.51.100.8", "2001:db8::1"]),
            created_at=chance.choice(moments),
        )
    reports = list(PayReport.objects.all())
    expected = counted_in_python(reports)
    assert set(PayReport.objects.counted().values_list("pk", flat=True)) == expected
    # Narrowed to one company, level and track, as a company's or a role's page reads them.
    for company in companies:
        narrowed = PayReport.objects.filter(company=company, level="l5", track="ic").counted()
        assert set(narrowed.values_list("pk", flat=True)) == {
            r.pk
            for r in reports
            if r.pk in expected and (r.company_id, r.level, r.track) == (company.pk, "l5", "ic")
        }
    # The rule is not empty of meaning here: some approved readers' reports do not count.
    assert any(r.status == "approved" and r.author_id and r.pk not in expected for r in reports)

    # Every kind of write that moves the rule, one statement at a time and several rows at
    # once: moderation both ways, a report moved to another company or level, an address
    # or a moment changed, reports deleted (as with their account), and an edit of nothing
    # the rule reads.
    for step in range(40):
        ids = list(PayReport.objects.values_list("pk", flat=True))
        some = PayReport.objects.filter(pk__in=chance.sample(ids, min(len(ids), 1 + step % 4)))
        match chance.randrange(7):
            case 0:
                some.update(status=chance.choice(["approved", "held", "rejected"]))
            case 1:
                some.update(company=chance.choice(companies))
            case 2:
                some.update(level=chance.choice(["l4", "l5"]))
            case 3:
                some.update(submitted_from=chance.choice([None, "198.51.100.7", "2001:db8::1"]))
            case 4:
                some.update(created_at=chance.choice(moments))
            case 5:
                some.delete()
            case _:
                some.update(location="Paris")
        reports = list(PayReport.objects.all())
        assert set(PayReport.objects.counted().values_list("pk", flat=True)) == (
            counted_in_python(reports)
        ), f"after step {step}"


def waiting_on_a_lock(pid: int) -> bool:
    """Whether the session `pid` comes to wait on a lock (within a minute)."""
    with connection.cursor() as cursor:
        for _ in range(600):
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() == ("Lock",):
                return True
            threading.Event().wait(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_two_readers_on_one_network_reporting_at_once_count_once(django_user_model):
    """Two accounts on one network send a report for the same company and level at the same
    time: the second waits for the first to commit, then sees it, so only the latest counts."""
    company = make_company("Acme")
    first, second = (django_user_model.objects.create_user(name) for name in ("first", "second"))
    insert = (
        "INSERT INTO companies_payreport (company_id, author_id, level, track, location, "
        "currency, base, bonus, equity, year, status, submitted_from, created_at, counted, "
        "hold_reason) VALUES (%s, %s, 'l5', 'ic', 'Berlin', 'EUR', 100000, 0, 0, 2026, "
        "'approved', '198.51.100.7', now(), false, '') RETURNING id"
    )
    url = database_url(connection.settings_dict)
    with psycopg.connect(url) as a, psycopg.connect(url) as b:
        a.execute(insert, [company.pk, first.pk])  # not committed yet
        done = threading.Event()

        def send_second():
            b.execute(insert, [company.pk, second.pk])
            b.commit()
            done.set()

        sender = threading.Thread(target=send_second)
        sender.start()
        # B waits on A's lock on the company's reports.
        assert waiting_on_a_lock(b.info.backend_pid)
        assert not done.is_set()
        a.commit()
        sender.join(30)
        assert done.is_set()
    reports = list(PayReport.objects.all())
    assert len(reports) == 2
    latest = max(reports, key=lambda r: (r.created_at, r.pk))
    assert set(PayReport.objects.counted().values_list("pk", flat=True)) == {latest.pk}
