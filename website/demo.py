"""The demo content: read from the data files in website/demo/ and created through the ORM.

Everything fixed is data: culture tags and their evidence (tags.toml), companies (companies.toml),
the parts reviews are written from (reviews.toml), the parts roles are made of (roles.toml),
offices, currencies and pay bands (locations.toml), authors (authors.toml) and guides
(guides/*.md, Markdown with TOML front matter between `+++` lines). The code here only chooses
and combines those parts, with randoms seeded by name, so the same files always give the same
site: about 500 reviews and 1,500 roles over 60 companies.

`manage.py load_demo` calls the loaders, each only on an empty part of the site.
"""

import math
import random
import re
import tomllib
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from companies.models import (
    Company,
    CompanyTag,
    CompSignal,
    CompTrack,
    CultureTag,
    EmploymentStatus,
    InterviewExperience,
    InterviewFeeling,
    InterviewOutcome,
    LadderLevel,
    Level,
    PayReport,
    PayReportStatus,
    Review,
    ReviewStatus,
    RoleFamily,
    SizeBand,
)
from core.history import keep_first_versions
from guides.models import Assessment, Author, Guide, GuideStatus, Outcome, Statement, Verdict
from jobs.models import COMP_TRACK, EmploymentType, Job, JobStatus, Track, Workplace

DATA = Path(__file__).resolve().parent / "demo"

# Demo guides were first published on this day, nine days apart in `published_order`, and last
# revised a few weeks later, so the list has a believable history.
FIRST_PUBLISHED = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)
SUB_SCORES = ["career", "work_life", "culture", "leadership", "compensation"]
EARLY_STAGES = {"bootstrapped", "seed", "series-a"}
LATE_STAGES = {"series-c-plus", "public"}
# Where a company sits in its market's pay band (0 = bottom, 1 = top), by stage; AI pays more.
PAY_POSITION = {
    "bootstrapped": 0.3,
    "seed": 0.38,
    "series-a": 0.46,
    "series-b": 0.54,
    "series-c-plus": 0.62,
    "public": 0.66,
}
# Total comp over base: bonus and equity, by stage.
EXTRA_PAY = {
    "bootstrapped": 0.06,
    "seed": 0.12,
    "series-a": 0.16,
    "series-b": 0.2,
    "series-c-plus": 0.26,
    "public": 0.32,
}
MANAGER_LEVELS = ["l5", "l6", "l7"]
TECH_LEAD_TRACKS = {"tech-lead", "tech-lead-manager"}


@cache
def data(name: str) -> dict:
    """One data file of website/demo/, parsed."""
    return tomllib.loads((DATA / f"{name}.toml").read_text())


def companies_data() -> list[dict]:
    return data("companies")["company"]


def company_facts(company: dict) -> set[str]:
    """The facts about a company that review texts and role blurbs are chosen by (reviews.toml
    lists them)."""
    size, stage, policy = company["employee_count"], company["stage"], company["remote_policy"]
    facts = {
        f"industry:{company['industry']}",
        f"stage:{stage}",
        *(f"tag:{slug}" for slug in company["tags"]),
        "ladder" if names_tech_lead(company) else "no-ladder",
        "public" if stage == "public" else "private",
    }
    facts.add("remote" if policy == "remote-first" else "office")
    if policy in {"remote-first", "remote-friendly"}:
        facts.add("remote-ok")
    if policy == "onsite":
        facts.add("on-site")
    facts |= {
        name
        for name, holds in [
            ("size:under-50", size < 50),
            ("size:under-200", size < 200),
            ("size:200-plus", size >= 200),
            ("size:1000-plus", size >= 1000),
            ("early", stage in EARLY_STAGES),
            ("late", stage in LATE_STAGES),
            ("young", company["founded_year"] >= 2020),
            ("old", company["founded_year"] <= 2014),
            ("design-docs", company["design_doc_culture"]),
            ("hardware", company["makes_hardware"]),
        ]
        if holds
    }
    return facts


def fits(part: dict, facts: set[str]) -> bool:
    return set(part.get("when", [])) <= facts and not set(part.get("unless", [])) & facts


def country_of(city: str) -> str:
    return data("locations")["city"][city]


def pay_band(country: str, level: str) -> tuple[int, int]:
    low, high = data("locations")["country"][country][level]
    return low, high


def currency_of(country: str) -> str:
    return data("locations")["country"][country]["currency"]


def company_levels(company: dict) -> dict[str, list[str]]:
    """The levels a company has comp signals for, and so hires at, per comp track."""
    hiring = data("roles")["hiring"]
    size = company["employee_count"]
    ic = hiring["levels"] if size >= hiring["staff_plus_from"] else hiring["small_company_levels"]
    levels = {CompTrack.IC: list(ic)}
    if size >= hiring["managers_from"]:
        levels[CompTrack.MANAGER] = [level for level in MANAGER_LEVELS if level in ic]
    return levels


def _pay_position(company: dict) -> float:
    rng = random.Random(f"ladder-demo-pay:{company['slug']}")
    position = PAY_POSITION[company["stage"]] + (0.1 if company["industry"] == "ai" else 0)
    return min(0.85, max(0.1, position + rng.uniform(-0.08, 0.08)))


def base_range(country: str, level: str, position: float, manager: bool) -> tuple[int, int]:
    """A company's base-salary range for a level in a country: a slice of the country's band."""
    low, high = pay_band(country, level)
    position = min(0.9, position + (0.06 if manager else 0))
    middle, half = low + position * (high - low), 0.1 * (high - low)
    step = 10 ** max(3, len(str(low)) - 3)
    start = math.ceil(max(low, middle - half) / step) * step
    end = math.floor(min(high, middle + half) / step) * step
    return start, end


# Culture tags and companies --------------------------------------------------------------------


@transaction.atomic
def load_tags() -> dict[str, CultureTag]:
    tags = {}
    for row in data("tags")["tag"]:
        tags[row["slug"]] = CultureTag.objects.create(
            slug=row["slug"],
            name=row["name"],
            summary=row["summary"],
            explanation=row["explanation"],
        )
    # Loaded content starts its history, so an editor's first change can be undone.
    keep_first_versions(tags.values())
    return tags


@transaction.atomic
def load_companies() -> int:
    """Create the demo companies with their tag evidence, reviews and comp signals.

    Creates the culture tags too when there are none. Call only on a directory with no companies;
    returns how many were created.
    """
    now = timezone.now()
    tags = {tag.slug: tag for tag in CultureTag.objects.all()} or load_tags()
    evidence = {row["slug"]: row["evidence"] for row in data("tags")["tag"]}
    writer = ReviewWriter()
    created = []
    for row in companies_data():
        rng = random.Random(f"ladder-demo:{row['slug']}")
        slug = row["slug"]
        company = Company.objects.create(
            name=row["name"],
            slug=slug,
            tagline=row["tagline"],
            about=row["about"],
            website=f"https://{slug}.example",
            careers_url=f"https://{slug}.example/careers",
            email_domains=[f"{slug}.example"],
            headquarters=row["headquarters"],
            remote_policy=row["remote_policy"],
            industry=row["industry"],
            stage=row["stage"],
            employee_count=row["employee_count"],
            founded_year=row["founded_year"],
            ladder_url=f"https://{slug}.example/engineering/ladder" if row["ladder"] else "",
            ladder_verified_on=now.date()
            - timedelta(days=random.Random(f"ladder-demo-ladder:{slug}").randint(7, 200))
            if row["ladder"]
            else None,
            engineering_blog_url=f"https://{slug}.example/blog"
            if row["has_engineering_blog"]
            else "",
            design_doc_culture=row["design_doc_culture"],
        )
        CompanyTag.objects.bulk_create(
            CompanyTag(
                company=company,
                tag=tags[tag_slug],
                evidence_note=rng.choice(evidence[tag_slug]),
                verified_on=now.date() - timedelta(days=rng.randint(5, 300)),
            )
            for tag_slug in row["tags"]
        )
        Review.objects.bulk_create(writer.reviews(company, row, rng, now))
        CompSignal.objects.bulk_create(_comp_signals(company, row, rng, now.date()))
        LadderLevel.objects.bulk_create(ladder_levels(company, row))
        PayReport.objects.bulk_create(_pay_reports(company, row, now))
        InterviewExperience.objects.bulk_create(_interviews(company, row, now))
        created.append(company)
    # A company's version holds its tag evidence, comp rows and ladder; reviews have their own.
    keep_first_versions(
        [
            *Company.objects.prefetch_related("company_tags", "comp_signals", "ladder_levels"),
            *Review.objects.all(),
        ]
    )
    return len(created)


def ladder_style(company: dict) -> dict | None:
    """The ladder a company publishes (ladders.toml), or None."""
    return data("ladders")["style"][company["ladder"]] if company["ladder"] else None


def names_tech_lead(company: dict) -> bool:
    style = ladder_style(company)
    return bool(style) and any(
        level.get("tech_lead") for levels in style.values() for level in levels
    )


def ladder_levels(company: Company, row: dict) -> list[LadderLevel]:
    """The company's ladder: its style's levels on each track it has comp rows for, cut to
    the levels it has them at, so its ladder, its comp rows and its roles agree."""
    style = ladder_style(row)
    if style is None:
        return []
    levels = []
    for track, held in company_levels(row).items():
        order = [level for level in Level.values if level in held]
        for spec in style[track]:
            lowest, highest = spec["from"], spec.get("to", spec["from"])
            span = [level for level in order if lowest <= level <= highest]
            if not span:
                continue
            levels.append(
                LadderLevel(
                    company=company,
                    track=track,
                    name=spec["name"],
                    lowest=span[0],
                    highest=span[-1],
                    tech_lead=spec.get("tech_lead", ""),
                    scope=spec["scope"],
                )
            )
    return levels


def _comp_signals(company: Company, row: dict, rng: random.Random, today) -> list[CompSignal]:
    """What each level pays at the company's headquarters, in its currency: the same ranges its
    roles there advertise."""
    country, position = row["country"], _pay_position(row)
    signals = []
    for track, levels in company_levels(row).items():
        for level in levels:
            low, high = base_range(country, level, position, track == CompTrack.MANAGER)
            extra = EXTRA_PAY[row["stage"]] * (1 + 0.15 * Level.values.index(level))
            step = 10 ** max(3, len(str(low)) - 3)
            signals.append(
                CompSignal(
                    company=company,
                    level=level,
                    track=track,
                    base_min=low,
                    base_max=high,
                    total_comp=math.ceil((low + high) / 2 * (1 + extra) / step) * step,
                    currency=currency_of(country),
                    as_of=today - timedelta(days=rng.randint(10, 330)),
                )
            )
    return signals


def _pay_reports(company: Company, row: dict, now) -> list[PayReport]:
    """What readers have reported earning, as editors entered them from a salary survey: at
    about half the companies, five to nine reports for a few levels, spread around the
    company's band, in the offices' currencies. A few wait for moderation."""
    rng = random.Random(f"ladder-demo-pay-reports:{row['slug']}")
    if rng.random() < 0.5:
        return []
    country, position = row["country"], _pay_position(row)
    offices = [city for city in row["offices"] if country_of(city) == country] or [
        row["offices"][0]
    ]
    levels = [level for level in company_levels(row)[CompTrack.IC] if level in {"l4", "l5", "l6"}]
    reports = []
    for level in rng.sample(levels, k=min(len(levels), rng.choice([1, 2, 3]))):
        low, high = base_range(country, level, position, False)
        extra = EXTRA_PAY[row["stage"]] * (1 + 0.15 * Level.values.index(level))
        step = 10 ** max(3, len(str(low)) - 3)
        for _ in range(rng.randint(5, 9)):
            base = math.floor(rng.uniform(low * 0.95, high * 1.05) / step) * step
            bonus = math.floor(base * extra * rng.uniform(0.2, 0.5) / step) * step
            equity = math.floor(base * extra * rng.uniform(0.3, 0.8) / step) * step
            reports.append(
                PayReport(
                    company=company,
                    level=level,
                    track=CompTrack.IC,
                    location=rng.choice(offices),
                    currency=currency_of(country),
                    base=base,
                    bonus=bonus,
                    equity=equity,
                    year=rng.choice([now.year - 1, now.year]),
                    **(
                        {"status": PayReportStatus.APPROVED}
                        if rng.random() > 0.1
                        else {
                            "status": PayReportStatus.HELD,
                            "hold_reason": "Far from the other reports for this level.",
                        }
                    ),
                    created_at=now - timedelta(days=rng.randint(3, 400)),
                )
            )
    return reports


def _interviews(company: Company, row: dict, now) -> list[InterviewExperience]:
    """What readers told of interviewing at the company, as editors entered them: none to a
    dozen, with the stages and pace of a company its size, questions fitting the role, and
    feelings that follow its reviews. No text is used twice at a company."""
    parts = data("interviews")
    rng = random.Random(f"ladder-demo-interviews:{row['slug']}")
    size = row["employee_count"]
    kind = "small" if size < 50 else "medium" if size < 1000 else "large"
    mood = data("reviews")["profiles"][row["reviews"]]["mean"]
    openers = rng.sample(parts["openers"], len(parts["openers"]))
    asked = {name: rng.sample(texts, len(texts)) for name, texts in parts["questions"].items()}
    families = {
        "engineering": [RoleFamily.BACKEND, RoleFamily.FRONTEND, RoleFamily.INFRASTRUCTURE],
        "engineering-management": [RoleFamily.MANAGEMENT],
        "data-ml": [RoleFamily.DATA],
    }
    experiences = []
    for index in range(rng.choice([0, 2, 4, 6, 7, 9, 12])):
        topic = rng.choices(list(families), weights=[7, 1, 2])[0]
        if not asked[topic]:
            topic = "engineering"
        if not asked[topic] or index >= len(openers):
            break
        stages = [stage for stage in parts["stages"][kind] if rng.random() < 0.85]
        feeling = rng.choices(
            [InterviewFeeling.POSITIVE, InterviewFeeling.NEUTRAL, InterviewFeeling.NEGATIVE],
            weights=[mood * 2, 3, 6 - mood],
        )[0]
        experiences.append(
            InterviewExperience(
                company=company,
                role_family=rng.choice(families[topic]),
                level=rng.choice(company_levels(row)[CompTrack.IC]),
                stages=stages or parts["stages"][kind][:2],
                weeks=rng.randint(*parts["weeks"][kind]),
                difficulty=rng.choices([2, 3, 4, 5], weights=[2, 5, 4, 1])[0],
                outcome=rng.choices(
                    [InterviewOutcome.OFFER, InterviewOutcome.NO_OFFER, InterviewOutcome.WITHDREW],
                    weights=[4, 5, 1],
                )[0],
                feeling=feeling,
                questions=f"{openers[index]} {asked[topic].pop()}",
                year=rng.choice([now.year - 1, now.year]),
                status=ReviewStatus.PUBLISHED if rng.random() > 0.1 else ReviewStatus.PENDING,
                created_at=now - timedelta(days=rng.randint(3, 500)),
            )
        )
    return experiences


class ReviewWriter:
    """Puts reviews together from the parts in reviews.toml.

    A review's headline fits its rating; its pros and cons fit the company and the reviewer and
    are on different topics, so a review never argues with itself. Within a company no headline
    or sentence is used twice; across companies rarely used parts are preferred, and so are pros
    and cons no other review shows.
    """

    def __init__(self):
        self.parts = data("reviews")
        self.used = Counter()
        self.texts: set[str] = set()

    def reviews(self, company: Company, row: dict, rng: random.Random, now) -> list[Review]:
        profile = self.parts["profiles"][row["reviews"]]
        facts = company_facts(row)
        teams = _teams(row)
        seen: set[str] = set()
        reviews = []
        for _ in range(rng.randint(*profile["reviews"])):
            overall = max(1, min(5, round(rng.gauss(profile["mean"], 0.75))))
            mood = next(m for m, v in self.parts["moods"].items() if overall in v["ratings"])
            for attempt in range(30):
                reviewer = _reviewer(row, rng)
                # Prefer pros and cons no other company shows; settle for new to this company.
                written = self._write(mood, facts | reviewer["facts"], seen, rng, attempt < 10)
                if written:
                    break
            else:
                raise ValueError(f"reviews.toml has too few {mood} parts for {row['slug']}")
            headline, pros, cons = written
            fill = {"team": rng.choice(teams), "city": row["offices"][0], "company": row["name"]}
            seen.update([headline, *pros, *cons])
            self.used.update([headline, *pros, *cons])
            pros_text = " ".join(pros).format(**fill)
            cons_text = " ".join(cons).format(**fill)
            self.texts.update([pros_text, cons_text])
            scores = {
                f"rating_{name}": max(
                    1, min(5, round(rng.gauss((profile["mean"] + overall) / 2, 0.75)))
                )
                for name in SUB_SCORES
            }
            # Growth tends to follow the ladder: companies that name tech lead score a little
            # higher on career opportunities.
            if names_tech_lead(row):
                scores["rating_career"] = min(5, scores["rating_career"] + rng.choice([0, 0, 1]))
            reviews.append(
                Review(
                    company=company,
                    headline=headline,
                    pros=pros_text,
                    cons=cons_text,
                    reviewer_role=reviewer["role"],
                    reviewer_level=reviewer["level"],
                    employment_status=reviewer["status"],
                    rating_overall=overall,
                    status=rng.choices(
                        [ReviewStatus.PUBLISHED, ReviewStatus.PENDING, ReviewStatus.REJECTED],
                        weights=[90, 7, 3],
                    )[0],
                    created_at=now
                    - timedelta(days=rng.randint(3, 900), minutes=rng.randint(0, 1440)),
                    **scores,
                )
            )
        return reviews

    def _pick(self, kind, facts, seen, topics, rng, *, mood=None, mild=None):
        candidates = [
            part
            for part in self.parts[kind]
            if part["text"] not in seen
            and part.get("topic") not in topics
            and (mood is None or part["mood"] == mood)
            and (mild is None or part.get("mild", False) == mild)
            and fits(part, facts)
        ]
        if not candidates:
            return None
        # Rarely used parts are much likelier, so sentences spread over the companies.
        weights = [1 / (1 + self.used[part["text"]]) ** 3 for part in candidates]
        return rng.choices(candidates, weights=weights)[0]

    def _write(self, mood, facts, seen, rng, new_everywhere):
        shape = self.parts["moods"][mood]
        topics: set[str] = set()
        parts = {"pro": [], "con": []}
        about: dict[str, list[str]] = {"pro": [], "con": []}
        for kind, count in [("pro", shape["pros"]), ("con", shape["cons"])]:
            for index in range(count):
                # Good reviews grumble mildly; bad ones lead with a real complaint.
                mild = None
                if kind == "con" and mood == "positive":
                    mild = True
                elif kind == "con" and mood == "negative" and index == 0:
                    mild = False
                part = self._pick(kind, facts, seen, topics, rng, mild=mild) or (
                    self._pick(kind, facts, seen, topics, rng) if kind == "con" else None
                )
                if part is None:
                    return None
                topics.add(part["topic"])
                parts[kind].append(part["text"])
                about[kind].append(part["topic"])
        if new_everywhere and (
            " ".join(parts["pro"]) in self.texts or " ".join(parts["con"]) in self.texts
        ):
            return None
        headline = self._headline(mood, about, facts, seen, rng)
        if headline is None:
            return None
        return headline, parts["pro"], parts["con"]

    def _headline(self, mood, about, facts, seen, rng) -> str | None:
        """One of the written headlines that fits the mood, or one put together from what the
        review's first pro and con are about; the rarest so far is likeliest."""
        phrases = self.parts["phrases"]

        def said(kind: str, index: int, side: str) -> list[str]:
            topics = about["pro" if kind == "pro" else "con"]
            return phrases.get(topics[index], {}).get(side, []) if index < len(topics) else []

        if mood == "positive":
            composed = said("pro", 0, "good") + [
                f"{first}, {_lowered(second)}"
                for first in said("pro", 0, "good")
                for second in said("pro", 1, "good")
            ]
        elif mood == "mixed":
            composed = [
                f"{good}, {_lowered(bad)}"
                for good in said("pro", 0, "good")
                for bad in said("con", 0, "bad")
            ]
        else:
            composed = said("con", 0, "bad") + [
                f"{first}, {_lowered(second)}"
                for first in said("con", 0, "bad")
                for second in said("con", 1, "bad")
            ]
        candidates = [text for text in composed if text not in seen]
        written = self._pick("headline", facts, seen, set(), rng, mood=mood)
        if written is not None:
            candidates.append(written["text"])
        if not candidates:
            return None
        weights = [1 / (1 + self.used[text]) ** 3 for text in candidates]
        return rng.choices(candidates, weights=weights)[0]


def _lowered(phrase: str) -> str:
    """A phrase's first word in lower case, to follow a comma, unless it is an acronym
    ("ML")."""
    return phrase[0].lower() + phrase[1:] if phrase[1:2].islower() else phrase


def _reviewer(row: dict, rng: random.Random) -> dict:
    """Who wrote a review: a role the company hires for, at a level it has."""
    levels = company_levels(row)
    status = rng.choice(EmploymentStatus.values)
    words = data("roles")["level_words"]
    if CompTrack.MANAGER in levels and rng.random() < 0.15:
        level = rng.choice(levels[CompTrack.MANAGER])
        role = "Senior Engineering Manager" if level != "l5" else "Engineering Manager"
        facts = {"reviewer:manager"}
    else:
        level = rng.choice(levels[CompTrack.IC])
        discipline = _pick_weighted(rng, _disciplines(row))
        title = data("roles")["discipline"][discipline]["titles"][0]
        role = f"{words[level]} {title}".strip()
        facts = {"reviewer:junior" if level in {"l3", "l4"} else "reviewer:senior"}
    if status == EmploymentStatus.FORMER:
        facts.add("reviewer:former")
    return {"level": level, "role": role, "status": status, "facts": facts}


# Roles ----------------------------------------------------------------------------------------


def _pick_weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _disciplines(row: dict) -> dict[str, int]:
    roles = data("roles")
    weights = dict(roles["industry"][row["industry"]]["disciplines"])
    if row["makes_hardware"]:
        weights["embedded"] = roles["hardware"]["embedded_weight"]
    if row["employee_count"] < roles["hiring"]["staff_plus_from"]:
        small = set(roles["hiring"]["small_company_disciplines"]) | {"embedded"}
        weights = {name: weight for name, weight in weights.items() if name in small}
    return weights


def _teams(row: dict, discipline: str | None = None) -> list[str]:
    """Teams a role (or, with no discipline, any engineer) at the company may be on."""
    roles = data("roles")
    product = roles["industry"][row["industry"]]["teams"]
    if discipline is None:
        return product
    own = roles["discipline"][discipline]["teams"]
    if discipline == "embedded":
        return roles["hardware"]["teams"] + own
    if discipline in {"infrastructure", "platform", "security", "data"}:
        return own
    return product + own


def _title(track: str, level: str, role: str, team: str, taken: set[str]) -> str | None:
    titles = data("roles")["titles"]
    patterns = titles[track][level] if track == Track.ENGINEERING_MANAGER else titles[track]
    word = data("roles")["level_words"][level]
    for pattern in patterns:
        title = re.sub(r"\s+", " ", pattern.format(level=word, role=role, team=team)).strip()
        if title not in taken:
            return title
    return None


def _description(rng, row, facts, track, level, discipline, team, workplace, country, equity):
    roles = data("roles")
    spec, fill = roles["discipline"][discipline], {"company": row["name"], "team": team}
    blurbs = [blurb["text"] for blurb in spec["blurb"] if fits(blurb, facts)]
    work = rng.sample(spec["work"], 3) + rng.sample(roles["track"][track]["responsibilities"], 3)
    benefits = roles["benefits"]
    perks = rng.sample(benefits["everyone"], 2)
    extra = list(benefits.get(country, []))
    if workplace == Workplace.REMOTE:
        extra += benefits["remote"]
    if equity:
        extra += benefits["equity"]
    perks += rng.sample(extra, min(2, len(extra)))
    perks += rng.sample([p for p in benefits["everyone"] if p not in perks], 4 - len(perks))

    def bullets(items):
        return "\n".join(f"- {item}" for item in items)

    return "\n\n".join(
        [
            rng.choice(roles["track"][track]["intro"]).format(**fill),
            re.sub(r"\s*\n\s*", " ", rng.choice(blurbs)).strip().format(**fill),
            "## What you'll do",
            bullets(work),
            "## What we're looking for",
            bullets(rng.sample(roles["expectations"][level], 4)),
            "## The stack",
            ", ".join(rng.sample(spec["stack"], 5)) + ".",
            "## Benefits",
            bullets(perks),
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


def _tech_lead_levels(row: dict) -> set[str] | None:
    """The levels at which a company's published ladder names tech lead (empty when it names
    it nowhere), or None when it publishes no ladder."""
    if ladder_style(row) is None:
        return None
    return {
        level
        for ladder_level in ladder_levels(Company(), row)
        if ladder_level.tech_lead
        for level in ladder_level.levels
    }


def generate_roles(now) -> list[dict]:
    """The demo roles' fields, company by company: the volume generator.

    Each company posts roles in the disciplines its industry hires for, at levels and on tracks it
    has comp signals for, in its offices or remote from its region, paid in the local currency
    within the local band, under titles it uses only once.
    """
    rng = random.Random("ladder-demo-jobs")
    roles, hiring = data("roles"), data("roles")["hiring"]
    locations = data("locations")
    result = []
    for row in sorted(companies_data(), key=lambda c: c["slug"]):
        facts, levels = company_facts(row), company_levels(row)
        position = _pay_position(row)
        tracks = {
            track: weight
            for track, weight in hiring["track_weights"].items()
            if COMP_TRACK[track] in levels
        }
        # A company whose published ladder names tech lead posts tech-lead roles only at the
        # levels that name it; one whose ladder does not, none.
        lead_levels = _tech_lead_levels(row)
        if lead_levels == set():
            tracks = {t: w for t, w in tracks.items() if t not in TECH_LEAD_TRACKS}
        regions = list(locations["remote_regions"][locations["country"][row["country"]]["area"]])
        if row["remote_policy"] == "remote-first":
            regions.append({"regions": ["anywhere"]})
        taken: set[str] = set()
        size_band = SizeBand.of(row["employee_count"])
        for _ in range(hiring["roles_by_size"][size_band]):
            track = _pick_weighted(rng, tracks)
            allowed = levels[COMP_TRACK[track]]
            if track == Track.IC:
                weights = dict(zip(hiring["levels"], hiring["level_weights"], strict=True))
            else:
                weights = hiring[f"{track}_levels"]
            weights = {level: w for level, w in weights.items() if level in allowed}
            if track in TECH_LEAD_TRACKS and lead_levels:
                weights = {
                    level: w for level, w in weights.items() if level in lead_levels
                } or weights
            level = _pick_weighted(rng, weights)
            for _attempt in range(20):
                discipline = _pick_weighted(rng, _disciplines(row))
                team = rng.choice(_teams(row, discipline))
                role = rng.choice(roles["discipline"][discipline]["titles"])
                title = _title(track, level, role, team, taken)
                if title:
                    break
            else:
                continue
            taken.add(title)
            workplace = _pick_weighted(rng, roles["workplace"][row["remote_policy"]])
            if workplace == Workplace.REMOTE:
                city, country, remote = "", "", rng.choice(regions)
                pay_country = row["country"]
            else:
                offices = row["offices"]
                city = offices[0] if rng.random() < 0.7 else rng.choice(offices)
                country, remote = country_of(city), {}
                pay_country = country
            manager = COMP_TRACK[track] == CompTrack.MANAGER
            low, high = base_range(pay_country, level, position, manager)
            listed = rng.random() < 0.82
            equity = row["stage"] != "bootstrapped" and rng.random() < 0.8
            status, published_at, expires_at = _status_and_dates(rng, now)
            description = _description(
                rng, row, facts, track, level, discipline, team, workplace, pay_country, equity
            )
            result.append(
                {
                    "company": row["slug"],
                    "title": title,
                    "level": level,
                    "track": track,
                    "discipline": discipline,
                    "employment_type": EmploymentType.CONTRACT
                    if rng.random() < 0.04
                    else EmploymentType.FULL_TIME,
                    "workplace": workplace,
                    "city": city,
                    "country": country,
                    "remote_regions": remote.get("regions", []),
                    "remote_countries": remote.get("countries", []),
                    "salary_min": low if listed else None,
                    "salary_max": high if listed else None,
                    "salary_currency": currency_of(pay_country),
                    "equity": equity,
                    "description": description,
                    # By e-mail, on the role's careers page, or straight to its form.
                    "apply_by": _pick_weighted(rng, {"email": 15, "page": 45, "form": 40}),
                    "status": status,
                    "published_at": published_at,
                    "expires_at": expires_at,
                }
            )
    return result


@transaction.atomic
def load_jobs() -> int:
    """Create the demo roles over the directory's companies; returns how many.

    Call only on an empty board, after the directory's demo content is loaded.
    """
    companies = {company.slug: company for company in Company.objects.all()}
    jobs, used_slugs = [], set()
    for fields in generate_roles(timezone.now()):
        company = companies.get(fields.pop("company"))
        if company is None:
            continue
        slug = base = slugify(f"{fields['title']} {company.slug}")[:180]
        counter = 2
        while slug in used_slugs:
            slug, counter = f"{base}-{counter}", counter + 1
        used_slugs.add(slug)
        apply_to = {
            "email": f"jobs@{company.slug}.example",
            "page": f"{company.careers_url}/{slug}",
            "form": f"{company.careers_url}/{slug}/apply",
        }[fields["apply_by"]]
        jobs.append(
            Job(
                company=company,
                slug=slug,
                apply_to=apply_to,
                direct_apply=fields.pop("apply_by") == "form",
                source_id=f"demo-{len(jobs) + 1}",
                **fields,
            )
        )
    Job.objects.bulk_create(jobs, batch_size=500)
    keep_first_versions(jobs)
    return len(jobs)


# Guides ---------------------------------------------------------------------------------------


def parse_guide(text: str) -> tuple[dict, str]:
    """Split a guide file into its TOML front matter (between `+++` lines) and Markdown body."""
    _, front, body = text.split("+++\n", 2)
    return tomllib.loads(front), body.strip() + "\n"


@transaction.atomic
def load_guides() -> int:
    """Create the authors and guides; returns how many guides. Call on an empty guide table."""
    authors = {
        slug: Author.objects.create(slug=slug, **fields)
        for slug, fields in data("authors")["author"].items()
    }
    tags = {tag.slug: tag for tag in CultureTag.objects.all()}
    created: dict[str, tuple[Guide, dict]] = {}
    for path in sorted((DATA / "guides").glob("*.md")):
        meta, body = parse_guide(path.read_text())
        published = FIRST_PUBLISHED + timedelta(days=9 * meta["published_order"])
        guide = Guide.objects.create(
            title=meta["title"],
            slug=meta["slug"],
            section=meta["section"],
            summary=meta["summary"],
            body=body,
            author=authors[meta["author"]],
            status=GuideStatus.PUBLISHED,
            publish_at=published,
            content_updated_at=published + timedelta(days=20 + meta["published_order"]),
            fits_tracks=meta["fits_tracks"],
            cta_title=meta.get("cta_title", ""),
            cta_text=meta.get("cta_text", ""),
            cta_jobs=meta.get("cta_jobs", ""),
            cta_companies=meta.get("cta_companies", ""),
            directory_query=meta["directory_query"],
            jobs_query=meta["jobs_query"],
        )
        guide.tags.set([tags[slug] for slug in meta["tags"] if slug in tags])
        created[guide.slug] = (guide, meta)
    for guide, meta in created.values():
        guide.related.set([created[slug][0] for slug in meta["related"]])
    assessments = load_assessments({slug: guide for slug, (guide, _) in created.items()})
    keep_first_versions(
        [*authors.values(), *Guide.objects.prefetch_related("tags", "related"), *assessments]
    )
    return len(created)


def load_assessments(guides: dict[str, Guide]) -> list[Assessment]:
    """The guides' self-assessments, from assessments.toml."""
    created = []
    for entry in data("assessments")["assessment"]:
        assessment = Assessment.objects.create(
            guide=guides[entry["guide"]],
            heading=entry["heading"],
            intro=entry["intro"],
            for_heading=entry["for_heading"],
            against_heading=entry["against_heading"],
            about_heading=entry["about_heading"],
        )
        outcomes = {
            path["key"]: Outcome.objects.create(
                assessment=assessment,
                key=path["key"],
                title=path["title"],
                text=path["text"],
                companies_query=path.get("companies", ""),
                companies_label=path.get("companies_label", ""),
                jobs_query=path.get("jobs", ""),
                jobs_label=path.get("jobs_label", ""),
                position=position,
            )
            for position, path in enumerate(entry["path"])
        }
        Statement.objects.bulk_create(
            Statement(
                assessment=assessment,
                key=statement["key"],
                text=statement["text"],
                side=statement["side"],
                leads_to=outcomes[statement["path"]] if "path" in statement else None,
                position=position,
            )
            for position, statement in enumerate(entry["statement"])
        )
        Verdict.objects.bulk_create(
            Verdict(assessment=assessment, **verdict) for verdict in entry["verdict"]
        )
        created.append(assessment)
    return created
