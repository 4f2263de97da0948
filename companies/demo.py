"""Build the directory's demo content from companies/demo_data.py, deterministically."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from companies.demo_data import COMPANIES, REVIEWS, TAG_EVIDENCE, TAGS
from companies.models import (
    Company,
    CompanyTag,
    CompSignal,
    CompTrack,
    CultureTag,
    EmploymentStatus,
    Level,
    Review,
    ReviewStatus,
    Stage,
)

# Review count range and mean score by how employees feel about the company.
PROFILES = {
    "excellent": ((8, 18), 4.5),
    "good": ((6, 14), 4.0),
    "mixed": ((5, 12), 3.2),
    "poor": ((4, 9), 2.3),
    "sparse": ((0, 2), 3.8),
}
# Typical total comp at L3, in USD, by stage; levels multiply it.
STAGE_PAY = {
    Stage.BOOTSTRAPPED: 95_000,
    Stage.SEED: 105_000,
    Stage.SERIES_A: 118_000,
    Stage.SERIES_B: 128_000,
    Stage.SERIES_C_PLUS: 140_000,
    Stage.PUBLIC: 150_000,
}
LEVEL_MULTIPLIER = {
    Level.L3: 1.0,
    Level.L4: 1.28,
    Level.L5: 1.7,
    Level.L6: 2.3,
    Level.L7: 2.9,
    Level.L8: 3.6,
}
MANAGER_LEVELS = [Level.L5, Level.L6, Level.L7]
SUB_SCORES = ["career", "work_life", "culture", "leadership", "compensation"]


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.75))))


def _round_to(value: float, step: int = 1000) -> int:
    return int(round(value / step) * step)


def load_tags() -> dict[str, CultureTag]:
    tags = {}
    for data in TAGS:
        tag = CultureTag(**data)
        tag.save()
        tags[tag.slug] = tag
    return tags


def _reviews(company: Company, data: dict, rng: random.Random, now) -> list[Review]:
    (low, high), mean = PROFILES[data["profile"]]
    reviews = []
    for _ in range(rng.randint(low, high)):
        overall = _score(rng, mean)
        mood = "positive" if overall >= 4 else "mixed" if overall == 3 else "negative"
        text = rng.choice(REVIEWS[mood])
        scores = {f"rating_{name}": _score(rng, (mean + overall) / 2) for name in SUB_SCORES}
        # Growth tends to follow the ladder: companies that name tech lead score a little
        # higher on career opportunities.
        if data["ladder_names_tech_lead"]:
            scores["rating_career"] = min(5, scores["rating_career"] + rng.choice([0, 0, 1]))
        reviews.append(
            Review(
                company=company,
                headline=text["headline"],
                pros=text["pros"],
                cons=text["cons"],
                reviewer_role=text["role"],
                reviewer_level=rng.choice(Level.values),
                employment_status=rng.choice(EmploymentStatus.values),
                rating_overall=overall,
                status=rng.choices(
                    [ReviewStatus.PUBLISHED, ReviewStatus.PENDING, ReviewStatus.REJECTED],
                    weights=[90, 7, 3],
                )[0],
                created_at=now - timedelta(days=rng.randint(3, 900), minutes=rng.randint(0, 1440)),
                **scores,
            )
        )
    return reviews


def _comp_rows(company: Company, data: dict, rng: random.Random, today) -> list[CompSignal]:
    base_pay = STAGE_PAY[data["stage"]] * (1.25 if data["industry"] == "ai" else 1.0)
    base_pay *= rng.uniform(0.9, 1.12)
    rows = []
    levels = list(Level) if data["employee_count"] >= 50 else list(Level)[:4]
    for track, track_levels in [(CompTrack.IC, levels), (CompTrack.MANAGER, MANAGER_LEVELS)]:
        if track == CompTrack.MANAGER and data["employee_count"] < 40:
            continue
        for level in track_levels:
            total = base_pay * LEVEL_MULTIPLIER[level] * (1.08 if track == CompTrack.MANAGER else 1)
            equity_share = 0.15 if data["stage"] in {"bootstrapped", "seed"} else 0.3
            base_mid = total * (1 - equity_share)
            rows.append(
                CompSignal(
                    company=company,
                    level=level,
                    track=track,
                    base_min=_round_to(base_mid * 0.9),
                    base_max=_round_to(base_mid * 1.1),
                    total_comp=_round_to(total),
                    currency="USD",
                    as_of=today - timedelta(days=rng.randint(10, 330)),
                )
            )
    return rows


@transaction.atomic
def load_companies() -> int:
    """Create the demo tags, companies, tag evidence, reviews and comp signals.

    Returns the number of companies created. Call only on a directory with no companies.
    """
    now = timezone.now()
    today = now.date()
    tags = (
        load_tags()
        if not CultureTag.objects.exists()
        else {t.slug: t for t in CultureTag.objects.all()}
    )
    for data in COMPANIES:
        rng = random.Random(f"ladder-demo:{data['slug']}")
        slug = data["slug"]
        company = Company(
            name=data["name"],
            slug=slug,
            tagline=data["tagline"],
            about=data["about"],
            website=f"https://{slug}.example",
            careers_url=f"https://{slug}.example/careers",
            headquarters=data["headquarters"],
            remote_policy=data["remote_policy"],
            industry=data["industry"],
            stage=data["stage"],
            employee_count=data["employee_count"],
            founded_year=data["founded_year"],
            ladder_names_tech_lead=data["ladder_names_tech_lead"],
            ladder_url=f"https://{slug}.example/engineering/ladder"
            if data["ladder_names_tech_lead"]
            else "",
            engineering_blog_url=f"https://{slug}.example/blog"
            if data["has_engineering_blog"]
            else "",
            design_doc_culture=data["design_doc_culture"],
        )
        company.save()
        CompanyTag.objects.bulk_create(
            CompanyTag(
                company=company,
                tag=tags[tag_slug],
                evidence_note=rng.choice(TAG_EVIDENCE[tag_slug]),
                verified_on=today - timedelta(days=rng.randint(5, 300)),
            )
            for tag_slug in data["tags"]
        )
        Review.objects.bulk_create(_reviews(company, data, rng, now))
        CompSignal.objects.bulk_create(_comp_rows(company, data, rng, today))
    return len(COMPANIES)
