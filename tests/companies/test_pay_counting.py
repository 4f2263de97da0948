"""Which approved pay reports count (PayReportQuerySet.counted), held to the rule in Python over
random reports: for each company, level and track, the latest report of each account, and of
those the latest from each client address (an account's report without one stands for
itself); every report entered without an account counts."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from companies.models import PayReport
from tests.conftest import make_company

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
