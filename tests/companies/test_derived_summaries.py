"""What the database derives on a company from its reviews and interview experiences (the
overall scores' spread, the role families, the interview summary) equals what the rows say,
counted afresh, after every kind of write: a reader's, an editor's, a moderation decision, a
bulk update, a deletion, an account going."""

import random
import statistics
from collections import Counter

import pytest

from companies.models import (
    STAGE_ORDER,
    InterviewExperience,
    InterviewStage,
    Review,
    RoleFamily,
)
from tests.conftest import make_company, make_review

pytestmark = pytest.mark.django_db

STATUSES = ["published", "published", "pending", "rejected"]


def counted_spread(company) -> dict[int, int]:
    return dict(
        Counter(
            Review.objects.published()
            .filter(company=company)
            .values_list("rating_overall", flat=True)
        )
    )


def counted_families(company) -> dict[str, int]:
    return dict(
        Counter(
            Review.objects.published().filter(company=company).values_list("role_family", flat=True)
        )
    )


def counted_summary(company):
    """The summary from the published experiences' rows, in Python."""
    rows = list(InterviewExperience.objects.published().filter(company=company))
    if not rows:
        return None
    sources = {
        ("author", row.author_id)
        if row.author_id
        else ("address", row.submitted_from)
        if row.submitted_from
        else row.pk
        for row in rows
    }
    count = len(rows)
    stages = Counter(stage for row in rows for stage in set(row.stages))
    return {
        "count": count,
        "sources": len(sources),
        "typical_stages": [
            (InterviewStage(stage).label, round(100 * n / count))
            for stage, n in sorted(
                stages.items(), key=lambda item: (-item[1], STAGE_ORDER[item[0]])
            )
            if n * 2 >= count
        ],
        "median_weeks": statistics.median(row.weeks for row in rows),
        "difficulty": round(statistics.mean(row.difficulty for row in rows), 1),
        "positive": round(100 * sum(row.feeling == "positive" for row in rows) / count),
        "offers": round(100 * sum(row.outcome == "offer" for row in rows) / count),
    }


def derived_summary(company):
    summary = company.interview_summary()
    return None if summary is None else vars(summary)


def tell(company, chance, author=None, **fields):
    values = {
        "company": company,
        "author": author,
        "role_family": chance.choice(RoleFamily.values),
        "stages": chance.sample(InterviewStage.values, chance.randint(1, 4)),
        "weeks": chance.randint(0, 12),
        "difficulty": chance.randint(1, 5),
        "outcome": chance.choice(["offer", "no-offer", "withdrew"]),
        "feeling": chance.choice(["positive", "neutral", "negative"]),
        "questions": "A design round on a feed, then questions about on-call and reviews.",
        "year": 2025,
        "status": chance.choice(STATUSES),
        "submitted_from": chance.choice([None, "198.51.100.7", "198.51.100.8", "2001:db8::1"]),
    }
    values.update(fields)
    return InterviewExperience.objects.create(**values)


@pytest.mark.parametrize("seed", range(3))
def test_derived_review_and_interview_figures_follow_every_write(django_user_model, seed):
    chance = random.Random(seed)
    companies = [make_company(f"Derived {n}", slug=f"derived-{seed}-{n}") for n in range(3)]
    readers = [django_user_model.objects.create_user(f"r{seed}-{n}") for n in range(4)]
    for _ in range(14):
        make_review(
            chance.choice(companies),
            status=chance.choice(STATUSES),
            rating=chance.randint(1, 5),
            rating_overall=chance.randint(1, 5),
            role_family=chance.choice(RoleFamily.values[:3]),
        )
        tell(chance.choice(companies), chance, author=chance.choice([None, *readers]))

    writes = [
        # A moderation decision on a few at once (one statement).
        lambda: Review.objects.filter(
            pk__in=chance.sample(list(Review.objects.values_list("pk", flat=True)), 3)
        ).moderate(chance.choice(["published", "rejected"])),
        lambda: InterviewExperience.objects.filter(
            pk__in=chance.sample(list(InterviewExperience.objects.values_list("pk", flat=True)), 3)
        ).moderate(chance.choice(["published", "rejected"])),
        # An editor's edit of one row's figures.
        lambda: _edit_review(chance),
        lambda: _edit_interview(chance),
        # A bulk update of what the summary reads.
        lambda: InterviewExperience.objects.filter(company=chance.choice(companies)).update(
            weeks=chance.randint(0, 20), feeling=chance.choice(["positive", "negative"])
        ),
        # Moved to another company.
        lambda: Review.objects.filter(pk=Review.objects.order_by("?").first().pk).update(
            company=chance.choice(companies)
        ),
        # Deleted, alone or with the reader's account.
        lambda: InterviewExperience.objects.order_by("?").first().delete(),
        lambda: chance.choice(readers).interview_experiences.all().delete(),
        # A new one.
        lambda: tell(chance.choice(companies), chance, author=chance.choice(readers)),
    ]
    for _ in range(30):
        chance.choice(writes)()
        for company in companies:
            company.refresh_from_db()
            assert company.overall_spread() == counted_spread(company)
            assert company.review_families == counted_families(company)
            assert derived_summary(company) == counted_summary(company)


def _edit_review(chance):
    review = Review.objects.order_by("?").first()
    if chance.random() < 0.5:
        review.rating_overall = chance.randint(1, 5)
    else:
        review.role_family = chance.choice(RoleFamily.values)
    review.save()


def _edit_interview(chance):
    experience = InterviewExperience.objects.order_by("?").first()
    field, value = chance.choice(
        [
            ("stages", chance.sample(InterviewStage.values, chance.randint(1, 5))),
            ("difficulty", chance.randint(1, 5)),
            ("outcome", chance.choice(["offer", "no-offer"])),
            ("submitted_from", chance.choice([None, "203.0.113.9"])),
        ]
    )
    setattr(experience, field, value)
    experience.save()


def test_families_are_shown_once_enough_reviews_share_them(settings):
    company = make_company("Families", slug="families")
    for _ in range(settings.REVIEWS_FOR_ROLE_FAMILY - 1):
        make_review(company, role_family="backend")
    make_review(company, role_family="data", status="pending")
    assert company.shown_families() == set()
    make_review(company, role_family="backend")
    assert company.shown_families() == {"backend"}
    Review.objects.filter(role_family="backend").first().delete()
    company.refresh_from_db()
    assert company.shown_families() == set()
