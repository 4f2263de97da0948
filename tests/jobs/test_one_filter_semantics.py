"""One meaning for the board's filters, whichever door asks: for hundreds of random filter
combinations over the demo content, the board page, its feed, a guide's live block and a saved
search's digest list the roles that a plain SQL statement of each rule finds (the oracle), in
the same order."""

import random
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.utils import timezone

from alerts.searches import matching_roles
from companies.filters import RATING_THRESHOLDS
from companies.models import (
    MIN_REVIEWS_FOR_RATING,
    REFERENCE_CURRENCY,
    Company,
    CultureTag,
    ExchangeRate,
    Level,
    Stage,
)
from core import search as engine
from guides.models import Author, Guide
from guides.views import LIVE_JOBS
from jobs.filters import JobFilter
from jobs.models import Discipline, Job, Track, Workplace
from jobs.views import FEED_ITEMS, PER_PAGE
from tests.conftest import html, make_guide

ATOM = "{http://www.w3.org/2005/Atom}"
WORDS = ["python", "platform", "rust", "data engineer", "kubernetes", "lead", "frontend",
         '"tech lead"', "backend -java", "security", "staff", "mobile", "ml"]  # fmt: skip
# The demo content is loaded once for the module on each parallel worker that runs its tests.
pytestmark = pytest.mark.django_db

COUNTRIES = ["GB", "DE", "US", "FR", "PT", "NL", "ES", "PL", "CA", "IE", "SE", "IN"]


@pytest.fixture(scope="module")
def demo(demo_content, django_db_blocker):
    """The demo content (loaded once for the module), a guide with a live block of roles, and
    the values the random filters draw from."""
    with django_db_blocker.unblock():
        author = Author.objects.create(slug="oracle", name="Oracle", role="Editor", bio="Reads.")
        return {
            "tags": list(CultureTag.objects.values_list("slug", flat=True)),
            "companies": list(Company.objects.values_list("slug", flat=True)),
            "cities": sorted(set(Job.objects.exclude(city="").values_list("city", flat=True))),
            "currencies": [REFERENCE_CURRENCY, *ExchangeRate.objects.values_list("currency", flat=True)],
            "guide": make_guide(author, slug="live-block", jobs_query="level=senior"),
        }  # fmt: skip


def random_query(chance: random.Random, demo: dict) -> dict[str, list[str]]:
    def some(values, most=2):
        return chance.sample(values, chance.randint(1, most))

    groups = {
        "q": lambda: [chance.choice(WORDS)],
        "tag": lambda: some(demo["tags"]),
        "level": lambda: some(Level.values),
        "track": lambda: some(Track.values, 1),
        "discipline": lambda: some(Discipline.values),
        "workplace": lambda: some(Workplace.values),
        "country": lambda: some(COUNTRIES, 3),
        "stage": lambda: some(Stage.values),
        "rating": lambda: [chance.choice(RATING_THRESHOLDS)[0]],
        "ladder": lambda: ["on"],
        "blog": lambda: ["on"],
        "min_salary": lambda: [str(chance.randrange(40, 200, 10) * 1000)],
        "company": lambda: [chance.choice(demo["companies"])],
        # In any case, as readers type it.
        "city": lambda: [chance.choice([str.lower, str.upper, str])(chance.choice(demo["cities"]))],
        "sort": lambda: [chance.choice(["newest", "salary"])],
    }
    query = {name: make() for name, make in groups.items() if chance.random() < 0.25}
    if "min_salary" in query and chance.random() < 0.5:
        query["currency"] = [chance.choice(demo["currencies"])]
    return query


def oracle(query: dict[str, list[str]]) -> list[int]:
    """The open roles the query means, in its order, by SQL written from the rules."""
    roles = Job.objects.visible()
    if "q" in query:
        found = engine.understand(engine.clean(query["q"][0], [])).search_query
        if found is not None:
            roles = roles.matching(found)
    for slug in query.get("tag", []):
        roles = roles.filter(company__in=Company.objects.filter(tags__slug=slug))
    for name in ["level", "track", "discipline", "workplace"]:
        if name in query:
            roles = roles.filter(**{f"{name}__in": query[name]})
    if "country" in query:
        roles = roles.open_to(query["country"])
    if "stage" in query:
        roles = roles.filter(company__stage__in=query["stage"])
    if "rating" in query:
        roles = roles.filter(
            company__review_count__gte=MIN_REVIEWS_FOR_RATING,
            company__rating_career__gte=Decimal(query["rating"][0]),
        )
    if "ladder" in query:
        roles = roles.filter(company__ladder_names_tech_lead=True)
    if "blog" in query:
        roles = roles.exclude(company__engineering_blog_url="")
    if "company" in query:
        roles = roles.filter(company__slug=query["company"][0])
    if "city" in query:
        roles = roles.filter(city__iexact=query["city"][0])
    rates = {REFERENCE_CURRENCY: Decimal(1), **dict(ExchangeRate.objects.values_list("currency", "units_per_usd"))}  # fmt: skip

    # Each matching role's id and pay in US dollars (None when it states none), newest first.
    rows = [
        (pk, None if salary is None or currency not in rates else salary / rates[currency])
        for pk, salary, currency in roles.order_by("-published_at", "id").values_list(
            "pk", "annual_salary", "salary_currency"
        )
    ]
    if "min_salary" in query:
        currency = query.get("currency", [REFERENCE_CURRENCY])[0]
        minimum = Decimal(query["min_salary"][0]) / rates[currency]
        rows = [(pk, usd) for pk, usd in rows if usd is not None and usd >= minimum]
    if query.get("sort") == ["salary"]:
        rows.sort(key=lambda row: (row[1] is None, -(row[1] or 0)))  # stable: newest next
    return [pk for pk, _ in rows]


def ids_of_links(hrefs) -> list[int]:
    slugs = [re.fullmatch(r"/jobs/([\w-]+)/", href).group(1) for href in hrefs]
    by_slug = dict(Job.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    return [by_slug[slug] for slug in slugs]


def test_every_way_of_asking_finds_what_sql_finds_for_300_random_filters(demo):
    chance = random.Random(24)
    moment = timezone.now() - timedelta(days=10)
    nonempty = 0
    for _ in range(300):
        query = random_query(chance, demo)
        expected = oracle(query)
        nonempty += bool(expected)
        text = urlencode(query, doseq=True)
        assert JobFilter(QueryDict(text)).ids().tolist() == expected, text
        digest = matching_roles("jobs", text, published_after=moment)
        published = dict(Job.objects.filter(pk__in=expected).values_list("pk", "published_at"))
        assert set(digest.values_list("pk", flat=True)) == {
            pk for pk in expected if published[pk] > moment
        }, text
    assert nonempty > 100  # the combinations are not all empty


def test_the_page_its_feed_and_a_guides_block_list_the_oracles_roles_for_40_more(demo, client):
    chance = random.Random(240)
    guide = demo["guide"]
    for _ in range(40):
        query = random_query(chance, demo)
        expected = oracle(query)
        text = urlencode(query, doseq=True)

        response = client.get(f"/jobs/?{text}", follow=True)
        assert response.status_code == 200, (text, response.status_code)
        page = html(response)
        count = page.select_one(".result-count").get_text()
        assert int(count.split()[0].replace(",", "")) == len(expected), text
        shown = ids_of_links(a["href"] for a in page.select("ul.cards .card__title a"))
        assert shown == expected[:PER_PAGE], text

        feed = ET.fromstring(client.get(f"/jobs/feed/?{text}").content)
        links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
        newest = oracle({**query, "sort": ["newest"]})
        assert (
            ids_of_links(re.sub(r"^https?://[^/]+", "", link) for link in links)
            == (newest[:FEED_ITEMS])
        ), text

        if not text:
            continue  # a guide without a query has no block
        Guide.objects.filter(pk=guide.pk).update(jobs_query=text)
        response = client.get(guide.get_absolute_url())
        assert response.status_code == 200
        block = html(response).select('[aria-labelledby="live-jobs-heading"] li a')
        assert ids_of_links(a["href"] for a in block) == expected[:LIVE_JOBS], text


def test_every_company_page_lists_the_oracles_first_roles_at_it(demo, client):
    """A company's page reads its roles without the filter's form (JobFilter.first_at): the
    same roles, in the same order, as the company filter, for every company."""
    for slug in demo["companies"]:
        expected = oracle({"company": [slug]})
        assert [role.pk for role in JobFilter.first_at(slug, 11)] == expected[:11], slug
        response = client.get(f"/companies/{slug}/")
        if response.status_code == 404:
            assert not expected, slug  # an unlisted company has no page and no open roles
            continue
        block = html(response).select(".open-roles li > a")
        assert ids_of_links(a["href"] for a in block) == expected[:10], slug


def test_every_tag_page_lists_the_oracles_first_roles_tagged(demo, client):
    """A tag's page reads its roles without the filter's form (JobFilter.first_tagged): the
    same roles, in the same order, as the tag filter, for every tag."""
    for slug in CultureTag.objects.values_list("slug", flat=True):
        expected = oracle({"tag": [slug]})
        assert [role.pk for role in JobFilter.first_tagged(slug, 9)] == expected[:9], slug
        block = html(client.get(f"/companies/tags/{slug}/")).select(".open-roles li > a")
        assert ids_of_links(a["href"] for a in block) == expected[:8], slug
