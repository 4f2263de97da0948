"""Build the job board's demo roles from jobs/demo_data.py, deterministically."""

import random
import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from companies.models import Company, CompSignal, SizeBand
from jobs.demo_data import (
    BENEFITS,
    DISCIPLINES,
    LEVEL_EXPECTATIONS,
    LEVEL_WORDS,
    LOCATIONS,
    REMOTE_REGIONS,
    TRACKS,
)
from jobs.models import COMP_TRACK, EmploymentType, Job, JobStatus, Track, Workplace

ROLES_BY_SIZE = {
    SizeBand.TINY: 4,
    SizeBand.SMALL: 9,
    SizeBand.MEDIUM: 18,
    SizeBand.LARGE: 30,
    SizeBand.XLARGE: 44,
    SizeBand.HUGE: 58,
}
TRACK_WEIGHTS = {
    Track.IC: 60,
    Track.TECH_LEAD: 18,
    Track.ENGINEERING_MANAGER: 14,
    Track.TECH_LEAD_MANAGER: 8,
}
LEVELS_BY_TRACK = {
    Track.IC: (["l3", "l4", "l5", "l6", "l7", "l8"], [10, 20, 32, 22, 9, 7]),
    Track.TECH_LEAD: (["l5", "l6", "l7"], [50, 38, 12]),
    Track.ENGINEERING_MANAGER: (["l5", "l6", "l7"], [45, 40, 15]),
    Track.TECH_LEAD_MANAGER: (["l5", "l6"], [60, 40]),
}
EURO_COUNTRIES = {"DE", "FR", "NL", "ES", "PT", "IE", "IT", "AT", "BE", "FI"}
WORKPLACE_BY_POLICY = {
    "onsite": ([Workplace.ONSITE, Workplace.HYBRID], [85, 15]),
    "hybrid": ([Workplace.HYBRID, Workplace.ONSITE, Workplace.REMOTE], [70, 15, 15]),
    "remote-friendly": ([Workplace.REMOTE, Workplace.HYBRID], [50, 50]),
    "remote-first": ([Workplace.REMOTE, Workplace.HYBRID], [90, 10]),
}


def _pick(rng, weighted: dict):
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _title(rng, track, level, discipline, team) -> str:
    pattern = rng.choice(TRACKS[track]["title_patterns"])
    role = rng.choice(DISCIPLINES[discipline]["titles"])
    title = pattern.format(level=LEVEL_WORDS[level], role=role, team=team)
    return re.sub(r"\s+", " ", title).strip().replace("( ", "(")


def _description(rng, company, track, level, discipline, team) -> str:
    data = DISCIPLINES[discipline]
    fill = {"company": company.name, "team": team}
    work = rng.sample(data["work"], 3) + rng.sample(TRACKS[track]["responsibilities"], 3)
    bullets = lambda items: "\n".join(f"- {item}" for item in items)  # noqa: E731
    return "\n\n".join(
        [
            rng.choice(TRACKS[track]["intro"]).format(**fill),
            rng.choice(data["team_blurbs"]).format(**fill),
            "## What you'll do",
            bullets(work),
            "## What we're looking for",
            bullets(rng.sample(LEVEL_EXPECTATIONS[level], 4)),
            "## The stack",
            ", ".join(rng.sample(data["stack"], 5)) + ".",
            "## Benefits",
            bullets(rng.sample(BENEFITS, 4)),
        ]
    )


def _status_and_dates(rng, now):
    roll = rng.random()
    published = now - timedelta(days=rng.randint(0, 55), hours=rng.randint(0, 23))
    if roll < 0.01:
        return JobStatus.DRAFT, None, None
    if roll < 0.04:
        return JobStatus.CLOSED, published, published + timedelta(days=60)
    if roll < 0.06:
        published = now - timedelta(days=rng.randint(61, 90))
        return JobStatus.PUBLISHED, published, published + timedelta(days=60)
    return JobStatus.PUBLISHED, published, published + timedelta(days=60)


@transaction.atomic
def load_jobs() -> int:
    """Create the demo roles over the directory's companies; returns how many.

    Call only on an empty board, after the directory's demo content is loaded.
    """
    rng = random.Random("ladder-demo-jobs")
    now = timezone.now()
    bands = {(row.company_id, row.level, row.track): row for row in CompSignal.objects.all()}
    jobs = []
    used_slugs: set[str] = set()
    for company in Company.objects.order_by("slug"):
        home = rng.choice(LOCATIONS)
        places, weights = WORKPLACE_BY_POLICY[company.remote_policy]
        for _ in range(ROLES_BY_SIZE[company.size_band]):
            discipline = rng.choice(list(DISCIPLINES))
            team = rng.choice(DISCIPLINES[discipline]["teams"])
            track = _pick(rng, TRACK_WEIGHTS)
            levels, level_weights = LEVELS_BY_TRACK[track]
            level = rng.choices(levels, weights=level_weights)[0]
            workplace = rng.choices(places, weights=weights)[0]
            city, country = home if rng.random() < 0.7 else rng.choice(LOCATIONS)
            title = _title(rng, track, level, discipline, team)
            slug = base = slugify(f"{title} {company.slug}")[:180]
            counter = 2
            while slug in used_slugs:
                slug = f"{base}-{counter}"
                counter += 1
            used_slugs.add(slug)
            status, published_at, expires_at = _status_and_dates(rng, now)
            band = bands.get((company.pk, level, COMP_TRACK[track]))
            currency, factor = ("USD", 1.0)
            if workplace != Workplace.REMOTE and country == "GB":
                currency, factor = "GBP", 0.78
            elif workplace != Workplace.REMOTE and country in EURO_COUNTRIES:
                currency, factor = "EUR", 0.9
            listed = band is not None and rng.random() < 0.82
            job = Job(
                company=company,
                title=title,
                slug=slug,
                level=level,
                track=track,
                discipline=discipline,
                employment_type=EmploymentType.CONTRACT
                if rng.random() < 0.04
                else EmploymentType.FULL_TIME,
                workplace=workplace,
                city="" if workplace == Workplace.REMOTE else city,
                country="" if workplace == Workplace.REMOTE else country,
                remote_regions=rng.choice(REMOTE_REGIONS) if workplace == Workplace.REMOTE else "",
                salary_min=round(band.base_min * factor, -3) if listed else None,
                salary_max=round(band.base_max * factor, -3) if listed else None,
                salary_currency=currency,
                equity=company.stage != "public" and rng.random() < 0.6,
                description=_description(rng, company, track, level, discipline, team),
                apply_to=(
                    f"jobs@{company.slug}.example"
                    if rng.random() < 0.15
                    else f"{company.careers_url}/{slug}"
                ),
                status=status,
                published_at=published_at,
                expires_at=expires_at,
                source_id=f"demo-{len(jobs) + 1}",
            )
            jobs.append(job)
    Job.objects.bulk_create(jobs, batch_size=500)
    return len(jobs)
