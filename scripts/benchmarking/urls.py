"""Random URLs of each page type, as readers make them, drawn from the benchmark database.

Each generator takes a `random.Random` and the `Vocabulary` read once from the database, and
returns a path. Filters are chosen the way the forms offer them (each group present about a
quarter of the time, one or two values in it), words for the text filter and search from the
search vocabulary itself: common words (many matches) and rare ones (few) in equal parts.
"""

import random
from dataclasses import dataclass
from urllib.parse import urlencode

# Groups of the board's filters and how often a reader sets each.
CHANCE = 0.25


@dataclass
class Vocabulary:
    tags: list[str]
    companies: list[str]
    reviewed: list[str]
    countries: list[str]
    currencies: list[str]
    common_words: list[str]
    rare_words: list[str]
    guides: list[str]

    @classmethod
    def read(cls) -> "Vocabulary":
        from django.db import connection

        from companies.models import REFERENCE_CURRENCY, Company, CultureTag, ExchangeRate
        from core import changes
        from guides.models import Guide

        changes.fold_vocabulary()  # the worker's upkeep: the vocabulary's counts up to date

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT code FROM (SELECT unnest(hires_from) AS code FROM "
                "(SELECT hires_from FROM jobs_job TABLESAMPLE SYSTEM (5)) s) c "
                "WHERE length(code) = 2 GROUP BY code ORDER BY count(*) DESC LIMIT 40"
            )
            countries = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT word FROM core_searchword WHERE word ~ '^[a-z]{3,}$' "
                "ORDER BY documents DESC LIMIT 60"
            )
            common = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT word FROM core_searchword WHERE word ~ '^[a-z]{4,}$' "
                "AND documents BETWEEN 2 AND 200 ORDER BY random() LIMIT 200"
            )
            rare = [row[0] for row in cursor.fetchall()]
        listed = Company.objects.listed()
        return cls(
            tags=list(CultureTag.objects.values_list("slug", flat=True)),
            companies=list(listed.order_by("?").values_list("slug", flat=True)[:2000]),
            reviewed=list(
                listed.filter(review_count__gt=0)
                .order_by("?")
                .values_list("slug", flat=True)[:2000]
            ),
            countries=countries,
            currencies=[
                REFERENCE_CURRENCY,
                *ExchangeRate.objects.values_list("currency", flat=True),
            ],
            common_words=common,
            rare_words=rare,
            guides=[g.get_absolute_url() for g in Guide.objects.published()],
        )

    def word(self, chance: random.Random) -> str:
        return chance.choice(self.common_words if chance.random() < 0.5 else self.rare_words)


def _some(chance: random.Random, values, most: int = 2) -> list:
    return chance.sample(list(values), min(len(values), chance.randint(1, most)))


def board_query(chance: random.Random, words: Vocabulary, *, text: bool = False) -> dict:
    from companies.filters import RATING_THRESHOLDS
    from companies.models import Level, Stage
    from jobs.models import Discipline, Track, Workplace

    groups = {
        "tag": lambda: _some(chance, words.tags),
        "level": lambda: _some(chance, Level.values),
        "track": lambda: _some(chance, Track.values, 1),
        "discipline": lambda: _some(chance, Discipline.values),
        "workplace": lambda: _some(chance, Workplace.values),
        "country": lambda: _some(chance, words.countries, 3),
        "stage": lambda: _some(chance, Stage.values),
        "rating": lambda: [chance.choice(RATING_THRESHOLDS)[0]],
        "min_salary": lambda: [chance.randrange(40, 200, 10) * 1000],
    }
    query = {name: make() for name, make in groups.items() if chance.random() < CHANCE}
    if "min_salary" in query and chance.random() < 0.5:
        query["currency"] = [chance.choice(words.currencies)]
    if chance.random() < 0.2:
        query["sort"] = ["salary"]
    if text:
        query = {"q": [words.word(chance)], **query}
    return query


def _path(base: str, query: dict) -> str:
    return f"{base}?{urlencode(query, doseq=True)}" if query else base


def board(chance: random.Random, words: Vocabulary) -> str:
    return _path("/jobs/", board_query(chance, words))


def board_text(chance: random.Random, words: Vocabulary) -> str:
    return _path("/jobs/", board_query(chance, words, text=True))


def feed(chance: random.Random, words: Vocabulary) -> str:
    """A feed of random filters, or, one time in three, a sparse one: one company's roles."""
    if chance.random() < 1 / 3:
        return f"/jobs/feed/?company={chance.choice(words.companies)}"
    return _path("/jobs/feed/", board_query(chance, words))


def directory(chance: random.Random, words: Vocabulary) -> str:
    from companies.filters import RATING_THRESHOLDS, SORTS
    from companies.models import Industry, RemotePolicy, SizeBand, Stage

    groups = {
        "tag": lambda: _some(chance, words.tags),
        "stage": lambda: _some(chance, Stage.values),
        "size": lambda: [chance.choice(SizeBand.values)],
        "remote": lambda: [chance.choice(RemotePolicy.values)],
        "industry": lambda: _some(chance, Industry.values),
        "rating": lambda: [chance.choice(RATING_THRESHOLDS)[0]],
        "ladder": lambda: ["on"],
        "blog": lambda: ["on"],
        "hiring": lambda: ["on"],
        "sort": lambda: [chance.choice([key for key in SORTS if key != "rating"])],
    }
    query = {name: make() for name, make in groups.items() if chance.random() < CHANCE}
    return _path("/companies/", query)


def search(chance: random.Random, words: Vocabulary) -> str:
    terms = [words.word(chance) for _ in range(chance.choice([1, 1, 2]))]
    return "/search/?" + urlencode({"q": " ".join(terms)})


def tag_page(chance: random.Random, words: Vocabulary) -> str:
    return f"/companies/tags/{chance.choice(words.tags)}/"


def reviews(chance: random.Random, words: Vocabulary) -> str:
    return f"/companies/{chance.choice(words.reviewed)}/reviews/"


def _side_by_side(base: str, chance: random.Random, words: Vocabulary) -> str:
    """Two to four random companies, in a random currency one time in two."""
    query = {"company": chance.sample(words.companies, chance.choice([2, 3, 4]))}
    if chance.random() < 0.5:
        query["currency"] = [chance.choice(words.currencies)]
    return _path(base, query)


def level_pay(chance: random.Random, words: Vocabulary) -> str:
    """Readers' pay for one level and track across companies and places, in a random
    currency one time in two."""
    query = {
        "level": [chance.choice(["l3", "l4", "l5", "l6", "l7", "l8"])],
        "track": [chance.choice(["ic", "manager"])],
    }
    if chance.random() < 0.5:
        query["currency"] = [chance.choice(words.currencies)]
    return _path("/companies/pay/", query)


def compare(chance: random.Random, words: Vocabulary) -> str:
    return _side_by_side("/companies/compare/", chance, words)


def level_mapping(chance: random.Random, words: Vocabulary) -> str:
    return _side_by_side("/companies/levels/", chance, words)


def paths(make, chance: random.Random, words: Vocabulary, n: int) -> list[str]:
    """`n` distinct paths from `make` (fewer if it cannot make that many)."""
    found: dict[str, None] = {}
    for _ in range(n * 20):
        found[make(chance, words)] = None
        if len(found) == n:
            break
    return list(found)
