"""Pages that show some rows of a table follow those rows alone (core/pagecache.py `shows(...,
rows=)` and `shows_own`, over the parts core/changes.py logs): a role's page and a company's
page stay cached through writes to other roles, companies and reviews, change at once when
what they show is written, and are never stale, whichever worker made them."""

import random
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from companies.models import Company, CompanyTag, CompSignal, CultureTag, PayReport, Review
from core import pagecache
from jobs.models import Job
from tests.conftest import (
    give_reviews,
    html,
    make_comp_signal,
    make_company,
    make_guide,
    make_job,
    make_pay_reports,
    make_review,
    make_tag,
)

pytestmark = pytest.mark.django_db


def cache(client, url: str) -> str:
    return client.get(url)["X-Page-Cache"]


def seen(client, url: str, text: str) -> tuple[str, bool]:
    """What the page cache said of a page, and whether the page shows `text`."""
    page = client.get(url)
    return page["X-Page-Cache"], text in page.text


def edit(row, **fields):
    """Save `row` with `fields` changed, as an editor's form does (derived fields follow)."""
    row = type(row).objects.get(pk=row.pk)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()


def test_a_role_page_follows_its_role_the_similar_ones_and_its_company(client, page_cache):
    acme, other, third = make_company("Acme"), make_company("Other"), make_company("Third")
    ours = make_job(acme, title="Ours", discipline="backend")
    like = make_job(other, title="Like", discipline="backend")
    far = make_job(third, title="Far", discipline="frontend")
    url = ours.get_absolute_url()
    assert cache(client, url) == "miss"

    # Writes to what the page does not show.
    edit(far, description="Build *UIs*.", title="Far away")
    Company.objects.filter(pk=third.pk).update(tagline="Elsewhere.", name="Third Inc")
    make_review(third)
    make_pay_reports(third, [100_000])
    make_comp_signal(third)
    # (A role's description, written above, is not what decides which roles are similar.)
    assert cache(client, url) == "hit"

    # What it shows.
    Job.objects.filter(pk=like.pk).update(title="Like renamed")
    page = client.get(url)
    assert page["X-Page-Cache"] == "changed"
    assert "Like renamed" in page.text
    assert cache(client, url) == "hit"
    Company.objects.filter(pk=other.pk).update(name="Other Renamed")
    assert seen(client, url, "Other Renamed") == ("changed", True)
    make_comp_signal(acme, level="l5", base_min=123_456)
    assert seen(client, url, "123,456") == ("changed", True)
    # A new role that may be similar.
    make_job(third, title="Newcomer", discipline="backend")
    assert seen(client, url, "Newcomer") == ("changed", True)
    # The similar role's company leaves the directory: its roles leave the list.
    Company.objects.filter(pk=other.pk).update(is_listed=False)
    assert seen(client, url, "Like renamed") == ("changed", False)
    edit(ours, description="New **words**.")
    assert seen(client, url, "New <strong>words</strong>") == ("changed", True)


def test_a_company_page_follows_its_own_rows_not_other_companies(client, page_cache):
    acme, other = make_company("Acme", slug="acme"), make_company("Other", slug="other")
    make_job(acme, title="Ours")
    theirs = make_job(other, title="Theirs")
    review = make_review(other, headline="Their review")
    assert cache(client, "/companies/acme/") == "miss"

    make_review(other, headline="Another of theirs")
    Review.objects.filter(pk=review.pk).update(status="rejected")
    Job.objects.filter(pk=theirs.pk).update(title="Theirs renamed")
    make_job(other, title="Their new role")
    make_pay_reports(other, [100_000])
    edit(other, about="Changed.")
    assert cache(client, "/companies/acme/") == "hit"

    for write, shown in [
        (lambda: make_review(acme, headline="Our review"), "Our review"),
        (lambda: make_job(acme, title="Our new role"), "Our new role"),
        (lambda: make_comp_signal(acme, base_min=111_111), "111,111"),
        (lambda: Company.objects.filter(pk=acme.pk).update(tagline="Acme anew."), "Acme anew."),
    ]:
        write()
        assert seen(client, "/companies/acme/", shown) == ("changed", True)
        assert cache(client, "/companies/acme/") == "hit"


def test_a_page_made_by_one_worker_is_checked_by_another_by_its_rows(monkeypatch):
    monkeypatch.setattr(pagecache, "STATE_TTL", 0)
    acme = make_company("Acme")
    ours, other = make_job(acme, title="Ours"), make_job(acme, title="Other")
    maker, checker = pagecache._State(), pagecache._State()
    maker.current(), checker.current()
    reads = pagecache._Reads(tables={"jobs_job"}, rows={"jobs_job": {ours.pk}})
    stamp = maker.stamp(reads)
    whole = maker.stamp(pagecache._Reads(tables={"jobs_job"}))

    Job.objects.filter(pk=other.pk).update(title="Other renamed")
    checker.current()
    assert checker.still(stamp)
    assert not checker.still(whole)
    # A worker that never saw the version the page was made at cannot tell: changed.
    late = pagecache._State()
    late.current()
    assert not late.still(stamp)

    # A worker that has remembered too many changed rows forgets them: what it made before
    # is taken as changed once a table it shows changes, however little.
    monkeypatch.setattr(pagecache, "HISTORY", 0)
    Job.objects.filter(pk=other.pk).update(title="Other again")
    checker.current()
    assert not checker.still(stamp)
    monkeypatch.undo()
    monkeypatch.setattr(pagecache, "STATE_TTL", 0)

    stamp = checker.stamp(reads)
    Job.objects.filter(pk=ours.pk).update(title="Ours renamed")
    checker.current()
    assert not checker.still(stamp)
    # A stamp of another layout (an older release sharing the cache) is never served.
    assert not checker.still(({}, None))


def _fresh(client, settings, url: str) -> str:
    # django.conf's settings, not the fixture's: each of whose assignments adds a layer.
    from django.conf import settings

    settings.PAGE_CACHE_ENABLED = False
    try:
        return client.get(url).content.decode()
    finally:
        settings.PAGE_CACHE_ENABLED = True


# Lists of roles without a text filter: they follow the board's parts and the rows they show.
BOARDS = [
    "/jobs/",
    "/jobs/?discipline=backend",
    "/jobs/?level=l5&discipline=frontend",
    "/jobs/?sort=salary",
    "/jobs/?rating=4.0",
    "/jobs/?company=company-1",
]


def _content(chance):
    """Four companies (three with reviews, two with a tag) and eight roles."""
    learning = make_tag("learning")
    companies = [
        make_company(f"Company {n}", slug=f"company-{n}", tags=[learning] if n < 2 else [])
        for n in range(4)
    ]
    disciplines = ["backend", "frontend"]
    for n in range(8):
        make_job(companies[n % 4], title=f"Role {n}", discipline=disciplines[n % 2], level="l5")
    for company in companies[:3]:
        for rating in (3, 4, 5):
            make_review(company, rating=rating)
    return companies


def _roles():
    return list(Job.objects.order_by("pk"))


def _writes(chance, companies) -> dict:
    """Writes of fourteen kinds an editor, a moderator or a reader makes, each at random."""
    disciplines = ["backend", "frontend"]
    return {
        "retitle a role": lambda: Job.objects.filter(pk=chance.choice(_roles()).pk).update(
            title=f"Retitled {chance.randrange(1000)}"
        ),
        "describe a role": lambda: edit(
            chance.choice(_roles()), description=f"Text {chance.randrange(1000)}."
        ),
        "close a role": lambda: Job.objects.filter(pk=chance.choice(_roles()).pk).update(
            status="closed"
        ),
        "post a role": lambda: make_job(
            chance.choice(companies),
            title=f"Posted {chance.randrange(1000)}",
            discipline=chance.choice(disciplines),
        ),
        "rename a company": lambda: Company.objects.filter(pk=chance.choice(companies).pk).update(
            name=f"Renamed {chance.randrange(1000)}"
        ),
        "list or unlist": lambda: Company.objects.filter(pk=chance.choice(companies).pk).update(
            is_listed=chance.random() < 0.7
        ),
        "publish a review": lambda: make_review(
            chance.choice(companies),
            headline=f"Review {chance.randrange(1000)}",
            rating=chance.randint(1, 5),
        ),
        "restage a company": lambda: Company.objects.filter(pk=chance.choice(companies).pk).update(
            stage=chance.choice(["seed", "series-a", "public"])
        ),
        "edit a company's about": lambda: edit(
            chance.choice(companies), about=f"About {chance.randrange(1000)}."
        ),
        "edit a company's tagline": lambda: edit(
            chance.choice(companies), tagline=f"Tagline {chance.randrange(1000)}."
        ),
        "reject a review": lambda: Review.objects.filter(
            pk__in=Review.objects.order_by("?").values("pk")[:1]
        ).update(status="rejected"),
        "report pay": lambda: make_pay_reports(
            chance.choice(companies), [chance.randrange(90, 200) * 1000]
        ),
        "take pay back": lambda: PayReport.objects.filter(
            pk__in=PayReport.objects.order_by("?").values("pk")[:1]
        ).update(status="rejected"),
        "band": lambda: CompSignal.objects.update_or_create(
            company=chance.choice(companies),
            level="l5",
            track="ic",
            defaults={
                "base_min": chance.randrange(100, 150) * 1000,
                "base_max": 190_000,
                "total_comp": 230_000,
                "currency": "USD",
                "as_of": "2026-10-01",
            },
        ),
    }


def _check(
    client, settings, chance, urls: list[str], writes: dict, rounds: int, sample: int = 7
) -> int:
    """After each of `rounds` random writes, every page of a sample of `urls` the cache serves
    is the page made afresh; how many it served from the cache."""
    served = 0
    for _ in range(rounds):
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [chance.random()])
        chance.choice(list(writes.values()))()
        for url in chance.sample(urls, sample):
            cached = client.get(url)
            if cached.status_code != 200:
                continue
            fresh = _fresh(client, settings, url)
            assert cached.content.decode() == fresh, url
            served += cached["X-Page-Cache"] == "hit"
    return served


def test_cached_role_company_and_board_pages_equal_fresh_ones_through_random_writes(
    client, page_cache, settings
):
    """The oracle: after each of many random writes, every page the cache serves is the page
    made afresh, byte for byte."""
    chance = random.Random(7)
    companies = _content(chance)
    urls = [
        *(job.get_absolute_url() for job in _roles()[:6]),
        *(company.get_absolute_url() for company in companies),
        *BOARDS,
    ]
    served = _check(client, settings, chance, urls, _writes(chance, companies), 60)
    # The oracle is worth something only if the cache did serve pages through the writes.
    assert served >= 20
    assert html(client.get(companies[0].get_absolute_url())).h1


# Pages listing the first roles or companies, or counting them, as time passes too.
LISTS = [
    "/",
    "/companies/",
    "/companies/?hiring=on",
    "/companies/?sort=open-roles",
    "/companies/?tag=learning&sort=name",
    "/companies/?sort=updated",
    "/companies/?q=company",
    "/companies/?stage=seed",
    "/companies/tags/",
    "/companies/tags/learning/",
    "/guides/live/",
    "/jobs/feed/",
    "/jobs/feed/?discipline=backend",
    "/jobs/feed/?company=company-1",
    "/jobs/?company=company-1",
    "/jobs/?q=role",
    "/jobs/?q=role&discipline=backend",
    "/jobs/?q=retitled",
    "/jobs/?q=renamed",
    "/jobs/?company=company-1&discipline=frontend",
    "/jobs/?tag=learning&discipline=backend",
    "/jobs/?blog=on&level=l5",
    "/jobs/?rating=4.0&discipline=backend",
    "/jobs/?rating=3.5&tag=learning",
    "/jobs/?q=role&rating=4.0",
    "/companies/?hiring=on&stage=seed",
    "/companies/?stage=public",
    "/companies/company-2/",
    "/search/?q=role",
    "/search/?q=retitled",
    "/search/?q=company",
]


def _timed_writes(chance, companies, traveller) -> dict:
    """`_writes`, and companies tagged and untagged, blogs started and stopped, roles made to
    open or close soon and time passing."""

    def soon() -> timedelta:
        return timedelta(seconds=chance.randrange(1, 30))

    def tag_or_untag():
        company, learning = chance.choice(companies), CultureTag.objects.get(slug="learning")
        if not CompanyTag.objects.filter(company=company, tag=learning).delete()[0]:
            CompanyTag.objects.create(company=company, tag=learning)

    return {
        **_writes(chance, companies),
        "tag or untag a company": tag_or_untag,
        "start or stop a blog": lambda: Company.objects.filter(
            pk=chance.choice(companies).pk
        ).update(engineering_blog_url=chance.choice(["", "https://blog.example.com/"])),
        "a role closes soon": lambda: Job.objects.filter(pk=chance.choice(_roles()).pk).update(
            published_at=timezone.now() - timedelta(days=1), expires_at=timezone.now() + soon()
        ),
        "a role opens soon": lambda: Job.objects.filter(pk=chance.choice(_roles()).pk).update(
            status="published",
            published_at=(opens := timezone.now() + soon()),
            expires_at=opens + timedelta(days=30),
        ),
        "time passes": lambda: traveller.shift(soon()),
        "more time passes": lambda: traveller.shift(soon()),
    }


def test_cached_lists_equal_fresh_ones_through_random_writes_and_time(
    client, page_cache, settings, author
):
    """The oracle for lists: the home page, the directory, tag pages, a guide's live blocks
    and feeds, through random writes and roles opening and closing as time passes."""
    chance = random.Random(11)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        companies = _content(chance)
        make_guide(
            author,
            slug="live",
            directory_query="tag=learning",
            jobs_query="discipline=backend",
            cta_text="See all {roles} roles",
            cta_jobs="jobs:?level=l5",
        )
        served = _check(
            client, settings, chance, LISTS, _timed_writes(chance, companies, traveller), 80
        )
    assert served >= 30


# Boards with counts, whose filters' counts count different rows: a role a tag or a signal
# filter drops is in no count; one the rating filter drops is, at a company rated 3.5 or more.
COUNTED_BOARDS = [
    "/jobs/?discipline=backend",
    "/jobs/?rating=4.0",
    "/jobs/?rating=4.0&discipline=backend",
    "/jobs/?rating=4.5&discipline=frontend",
    "/jobs/?rating=3.5&tag=learning",
    "/jobs/?tag=learning",
    "/jobs/?tag=learning&discipline=backend",
    "/jobs/?blog=on",
    "/jobs/?blog=on&discipline=frontend",
    "/jobs/?ladder=on&discipline=backend",
    "/jobs/?q=role&rating=4.0",
    "/jobs/?q=role&tag=learning&discipline=backend",
]


@pytest.mark.parametrize("seed", range(2))
def test_cached_boards_with_counts_equal_fresh_ones_as_roles_open_and_close(
    client, page_cache, settings, seed
):
    chance = random.Random(seed)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        companies = _content(chance)
        served = _check(
            client,
            settings,
            chance,
            COUNTED_BOARDS,
            _timed_writes(chance, companies, traveller),
            80,
            sample=6,
        )
    assert served >= 30


def test_the_boards_part_of_companies_holds_every_company_column_the_board_reads():
    """A cached list of roles follows "companies_company:board": every column but those the
    board does not read, and which rating thresholds the shown rating meets. The directory's
    sort by the last update is the index's only read of another column, and no list of roles
    shows it."""
    from companies.models import NOT_ON_THE_BOARD
    from jobs.columns import COMPANY_COLUMNS

    read = {
        column.field
        for name, column in COMPANY_COLUMNS.items()
        if name not in ("updated", "rating")
    }
    assert read.isdisjoint(NOT_ON_THE_BOARD)


def test_a_board_changes_when_a_rating_crosses_a_threshold_not_within_one(client, page_cache):
    rated = make_company("Rated", slug="rated")
    for rating in (4, 4, 4):
        make_review(rated, rating=rating)
    make_job(rated, title="Rated role", discipline="backend")
    make_job(make_company("Other"), title="Other role", discipline="frontend")
    # No card shows the rated company's row; its role is in the count of backend roles rated
    # 4.5 and up once its rating gets there.
    url = "/jobs/?discipline=frontend&rating=4.5"
    assert cache(client, url) == "miss"

    make_review(rated, rating=4, rating_career=5)  # 4.25: between 4.0 and 4.5
    assert cache(client, url) == "hit"
    make_review(rated, rating=4, rating_career=5)
    make_review(rated, rating=4, rating_career=5)  # 4.5: meets the 4.5 threshold
    page = client.get(url)
    assert page["X-Page-Cache"] == "changed"
    assert page.text == _fresh_text(client, url)


def test_a_board_filtered_by_rating_follows_the_roles_its_counts_count(client, page_cache):
    """The rating filter's own count counts the roles it drops at companies rated 3.5 and up
    (its lowest threshold): one of those closing changes the page; a role at a company rated
    lower is in no count, and its closing leaves the page as it was."""
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        counted, uncounted = make_company("Counted"), make_company("Uncounted")
        for company, ratings in ((counted, (3, 4, 4)), (uncounted, (3, 3, 3))):
            for rating in ratings:
                make_review(company, rating=rating, rating_career=rating)
        for company, closes in ((counted, 10), (uncounted, 20)):
            make_job(company, title=f"Role at {company.name}", discipline="backend")
            Job.objects.filter(company=company).update(expires_at=start + timedelta(seconds=closes))
        make_job(make_company("Shown"), title="Shown role", discipline="backend")
        url = "/jobs/?rating=4.0&discipline=backend"
        assert cache(client, url) == "miss"

        traveller.shift(timedelta(seconds=11))  # the role rated 3.67 closes: 3.5 counts less
        page = client.get(url)
        assert page["X-Page-Cache"] == "changed"
        assert page.text == _fresh_text(client, url)

        traveller.shift(timedelta(seconds=10))  # the role rated 3.0 closes: in no count
        page = client.get(url)
        assert page["X-Page-Cache"] == "hit"
        assert page.text == _fresh_text(client, url)


def _fresh_text(client, url: str) -> str:
    from django.conf import settings

    settings.PAGE_CACHE_ENABLED = False
    try:
        return client.get(url).text
    finally:
        settings.PAGE_CACHE_ENABLED = True


def test_a_board_filtered_by_a_company_follows_the_company_its_chip_names(client, page_cache):
    acme = make_company("Acme", slug="acme")
    make_job(acme, title="Ours", level="l5")
    url = "/jobs/?company=acme&level=l8"  # no role: no card of Acme, but a chip names it
    assert "Company: Acme" in client.get(url).text
    Company.objects.filter(pk=acme.pk).update(name="Acme Renamed")
    assert seen(client, url, "Company: Acme Renamed") == ("changed", True)


def test_the_directory_changes_when_a_company_starts_or_stops_hiring(client, page_cache):
    """Companies not on the page count too: the one whose only role opens later joins the
    hiring companies then, and the page changes at that moment, not before."""
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        make_job(make_company("Hiring", slug="hiring"), title="Open")
        later = make_company("Later", slug="later")
        make_job(later, title="Opens later")
        Job.objects.filter(company=later).update(published_at=start + timedelta(seconds=20))
        url = "/companies/?hiring=on"
        assert "Later" not in client.get(url).text
        traveller.shift(timedelta(seconds=10))
        assert cache(client, url) == "hit"
        traveller.shift(timedelta(seconds=11))
        assert seen(client, url, "Later") == ("changed", True)


def test_the_first_companies_of_a_list_follow_the_order_of_every_company_it_keeps(
    client, page_cache, author
):
    """A guide's live block shows the first six companies its filters keep, by rating: a
    seventh that climbs above them changes it; a company the filters do not keep does not."""
    kept = [make_company(f"Rated {n}", slug=f"rated-{n}", stage="series-a") for n in range(7)]
    other = make_company("Elsewhere", slug="elsewhere", stage="seed")
    for company in [*kept, other]:
        give_reviews(company, 3, career=3)
    make_guide(author, slug="live", directory_query="stage=series-a")
    url = "/guides/live/"
    assert "Rated 6" not in client.get(url).text

    # 3.25 each: no rating filter's threshold is crossed, so only the order can change.
    give_reviews(other, 1, career=4)
    assert cache(client, url) == "hit"
    give_reviews(kept[6], 1, career=4)
    assert seen(client, url, "Rated 6") == ("changed", True)


def test_one_companys_roles_follow_that_company_alone(client, page_cache):
    acme, other = make_company("Acme", slug="acme"), make_company("Other", slug="other")
    make_job(acme, title="Ours")
    url = "/jobs/feed/?company=acme"
    assert cache(client, url) == "miss"
    make_job(other, title="Theirs", level="l3")
    assert cache(client, url) == "hit"
    make_job(acme, title="Our new role", level="l3")
    assert seen(client, url, "Our new role") == ("changed", True)


def test_a_feed_follows_the_company_its_title_names_listed_or_not(client, page_cache):
    make_company("Acme", slug="acme", is_listed=False)
    url = "/jobs/feed/?company=acme"
    assert "Company: Acme" in client.get(url).text
    Company.objects.filter(slug="acme").update(name="Acme Renamed")
    assert seen(client, url, "Company: Acme Renamed") == ("changed", True)


def test_a_guide_follows_which_companies_its_level_mapping_link_names(client, page_cache, author):
    ours, theirs = make_company("Ours", slug="ours"), make_company("Theirs", slug="theirs")
    make_job(ours, title="Ours")
    make_guide(
        author,
        slug="mapped",
        jobs_query="company=ours",
        cta_title="Compare them",
        cta_companies="levels:?company=ours&company=theirs",
        cta_companies_label="Their levels",
    )
    url = "/guides/mapped/"
    assert "company=theirs" in client.get(url).text
    Company.objects.filter(pk=theirs.pk).update(is_listed=False)
    assert seen(client, url, "company=theirs") == ("changed", False)


def test_a_text_filter_follows_the_words_of_roles_and_companies_it_does_not_show(
    client, page_cache
):
    """A role or a company whose words come to match the text joins the results; a write
    that changes no words (a moderation decision) leaves the page cached."""
    acme = make_company("Acme", slug="acme")
    role = make_job(acme, title="Platform Engineer")
    make_review(acme)
    for text, write in [
        ("zeppelin", lambda: edit(role, description="Zeppelin tooling.")),
        ("lighthouse", lambda: Company.objects.filter(pk=acme.pk).update(name="Lighthouse")),
    ]:
        url = f"/jobs/?q={text}"
        assert "Platform Engineer" not in client.get(url).text
        Review.objects.filter(company=acme).update(status="rejected")
        assert cache(client, url) == "hit"
        write()
        assert seen(client, url, "Platform Engineer") == ("changed", True)


def test_search_follows_the_companies_it_finds_and_not_others(client, page_cache):
    """Search lists the companies a text finds in the order they last changed among equals:
    a write to one of them changes the page, a write to another company does not."""
    alpha = make_company("Zephyr Alpha", slug="zephyr-alpha")
    make_company("Zephyr Beta", slug="zephyr-beta")
    other = make_company("Quarry", slug="quarry")
    url = "/search/?q=zephyr"

    def order() -> list[str]:
        return [
            a.get_text()
            for a in html(client.get(url)).select("[aria-labelledby=search-companies] li > a")
        ]

    assert order() == ["Zephyr Beta", "Zephyr Alpha"]
    edit(other, founded_year=2001)
    assert cache(client, url) == "hit"
    edit(alpha, founded_year=2001)  # neither its words nor the board's columns
    page = client.get(url)
    assert page["X-Page-Cache"] == "changed"
    assert order() == ["Zephyr Alpha", "Zephyr Beta"]


def test_a_text_filter_follows_the_lexemes_its_words_read_as_not_other_words(client, page_cache):
    """A role gaining or losing one of the query's words changes the page; one not on it
    gaining other words does not."""
    acme = make_company("Acme", slug="acme")
    kotlin = make_job(acme, title="Backend Engineer", description="Kotlin services.")
    other = make_job(acme, title="Frontend Engineer", description="Design systems.")
    url = "/jobs/?q=kotlin"
    assert "Backend Engineer" in client.get(url).text
    edit(other, description="Design systems, in Rust and TypeScript.")
    assert cache(client, url) == "hit"
    edit(other, description="Design systems in Kotlin.")
    assert seen(client, url, "Frontend Engineer") == ("changed", True)
    edit(kotlin, description="Java services.")
    assert seen(client, url, "Backend Engineer") == ("changed", False)


def test_a_phrase_follows_its_words_order_too(client, page_cache):
    """A role whose words come to stand in the phrase's order joins the results, though it
    gained or lost no word."""
    acme = make_company("Acme", slug="acme")
    make_job(acme, title="Backend Engineer", description="Rust on the platform.")
    reordered = make_job(acme, title="Frontend Engineer", description="Platform, then Rust.")
    url = "/jobs/?q=%22rust+platform%22"
    assert "Frontend Engineer" not in client.get(url).text
    edit(reordered, description="Rust platform, then.")
    assert seen(client, url, "Frontend Engineer") == ("changed", True)


def test_a_corrected_word_follows_the_whole_vocabulary_and_a_known_one_its_own(
    client, page_cache, author
):
    """A misspelt word is read as the known words nearest it: any word coming into the site's
    text (a guide's too) may be nearer. A known word is its own spelling while any text has
    it."""
    make_job(make_company("Acme"), title="Backend Engineer", description="Zeppelin tooling.")
    misspelt, known = "/jobs/?q=zepelin", "/jobs/?q=zeppelin"
    assert "Backend Engineer" in client.get(misspelt).text
    assert "Backend Engineer" in client.get(known).text
    make_guide(author, slug="words", title="Notes", body="Zepelins and more.")
    assert cache(client, known) == "hit"
    assert cache(client, misspelt) == "changed"


TEXT_WORDS = ["kotlin", "rust", "pulumi", "zeppelin", "lighthouse", "platform", "growth"]

# Pages with a text: the board's text filter (with other filters, words left out, either
# word, a phrase, a misspelt word), the directory's, search and a feed.
TEXTS = [
    "/jobs/?q=kotlin",
    "/jobs/?q=kotlin+rust",
    "/jobs/?q=kotlin+or+rust&discipline=backend",
    "/jobs/?q=platform+-rust",
    "/jobs/?q=%22rust+platform%22",
    "/jobs/?q=zepelin",
    "/jobs/?q=lighthous&rating=4.0",
    "/companies/?q=pulumi",
    "/companies/?q=lighthouse+growth",
    "/search/?q=kotlin",
    "/search/?q=pulumi+platform",
    "/search/?q=growht",
    "/jobs/feed/?q=rust",
]


def _word_writes(chance, companies, author) -> dict:
    """`_writes`, and texts of roles, companies and guides made of a few words a text page
    asks for, so that they come and go."""

    def some() -> str:
        return " ".join(chance.sample(TEXT_WORDS, chance.randint(1, 3))).capitalize() + "."

    guides = [make_guide(author, slug=f"guide-{n}", body=some()) for n in range(2)]
    return {
        **_writes(chance, companies),
        "describe a role in words asked for": lambda: edit(
            chance.choice(_roles()), description=some()
        ),
        "title a role in words asked for": lambda: Job.objects.filter(
            pk=chance.choice(_roles()).pk
        ).update(title=some()),
        "a company's about in words asked for": lambda: edit(
            chance.choice(companies), about=some()
        ),
        "a guide in words asked for": lambda: edit(chance.choice(guides), body=some()),
    }


@pytest.mark.parametrize("seed", range(2))
def test_cached_text_pages_equal_fresh_ones_through_random_writes_of_words(
    client, page_cache, settings, author, seed
):
    """The oracle for pages with a text: they follow only the lexemes their words read as,
    and the vocabulary's words that their corrections read."""
    chance = random.Random(seed)
    companies = _content(chance)
    writes = _word_writes(chance, companies, author)
    served = _check(client, settings, chance, TEXTS, writes, 80, sample=6)
    assert served >= 60


def test_an_order_by_open_roles_follows_the_companies_that_may_move_into_its_places(
    client, page_cache, author
):
    """A guide's live block shows the six companies with the most open roles: a company far
    below opening a role leaves it cached; one that then comes level with the sixth, and
    before it by name, changes it at that moment."""
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for n in range(6):
            company = make_company(f"Top {n}", slug=f"top-{n}")
            for _ in range(3):
                make_job(company)
        low, near = make_company("Low", slug="low"), make_company("Near", slug="near")
        for _ in range(2):
            make_job(near)
        for company, seconds in [(low, 10), (near, 20)]:
            Job.objects.filter(pk=make_job(company).pk).update(
                published_at=start + timedelta(seconds=seconds)
            )
        make_guide(author, slug="live", directory_query="sort=open-roles")
        url = "/guides/live/"
        assert "Near" not in client.get(url).text
        traveller.shift(timedelta(seconds=11))
        assert cache(client, url) == "hit"  # Low has one open role: three short of the sixth
        traveller.shift(timedelta(seconds=10))
        assert seen(client, url, "Near") == ("changed", True)


def _ordered_lists(chance, author, order: str) -> tuple[list, list[str]]:
    """More than a page of companies (26, each at the seed or the series A stage), a guide
    whose live block lists the first six by `order`, and the lists that show places of that
    order: the directory's places 1 to 20 and 21 on, those of one stage, and the guide."""
    companies = [
        make_company(
            f"{order} {n:02d}",
            slug=f"{order}-{n}",
            stage=chance.choice(["seed", "series-a"]),
        )
        for n in range(26)
    ]
    make_guide(author, slug=f"by-{order}", directory_query=f"sort={order}")
    lists = [
        f"/companies/?sort={order}",
        f"/companies/?sort={order}&page=2",
        f"/companies/?sort={order}&stage=seed",
        f"/guides/by-{order}/",
    ]
    return companies, lists


@pytest.mark.parametrize("seed", range(2))
def test_cached_orders_by_open_roles_equal_fresh_ones_as_roles_open_and_close(
    client, page_cache, settings, author, seed
):
    chance = random.Random(seed)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        companies, lists = _ordered_lists(chance, author, "open-roles")
        for company in companies:
            for _ in range(chance.randrange(4)):
                make_job(company)

        def soon() -> timedelta:
            return timedelta(seconds=chance.randrange(1, 30))

        writes = {
            "a role closes soon": lambda: Job.objects.filter(pk=chance.choice(_roles()).pk).update(
                published_at=timezone.now() - timedelta(days=1),
                expires_at=timezone.now() + soon(),
            ),
            "a role opens soon": lambda: Job.objects.filter(
                pk=make_job(chance.choice(companies)).pk
            ).update(published_at=timezone.now() + soon()),
            "time passes": lambda: traveller.shift(soon()),
            "more time passes": lambda: traveller.shift(soon()),
        }
        served = _check(client, settings, chance, lists, writes, 60, sample=4)
    assert served >= 40


def test_an_order_by_rating_follows_the_ratings_its_places_show(client, page_cache, author):
    """A guide's live block shows the six companies rated highest: a moderation decision at a
    company rated far below them leaves it cached; one that carries a company above them
    changes it."""
    for n in range(6):
        top = make_company(f"Top {n}", slug=f"top-{n}")
        for career in (5, 4, 5):  # 4.67
            make_review(top, rating_career=career)
    low, climber = make_company("Low", slug="low"), make_company("Climber", slug="climber")
    give_reviews(low, 3, career=2)
    give_reviews(climber, 3, career=5)
    holding_back = make_review(climber, rating_career=1)  # 4.00
    make_guide(author, slug="live", directory_query="sort=rating")
    url = "/guides/live/"
    assert "Climber" not in client.get(url).text
    give_reviews(low, 1, career=3)  # 2.25
    assert cache(client, url) == "hit"
    Review.objects.filter(pk=holding_back.pk).update(status="rejected")  # 5.00
    assert seen(client, url, "Climber") == ("changed", True)


@pytest.mark.parametrize("seed", range(2))
def test_cached_orders_by_rating_equal_fresh_ones_through_moderation(
    client, page_cache, settings, author, seed
):
    chance = random.Random(seed)
    companies, lists = _ordered_lists(chance, author, "rating")
    for company in companies:
        for _ in range(chance.randrange(6)):
            make_review(company, rating_career=chance.randint(1, 5))
    writes = {
        "publish a review": lambda: make_review(
            chance.choice(companies), rating_career=chance.randint(1, 5)
        ),
        "reject a review": lambda: Review.objects.filter(
            pk__in=Review.objects.filter(status="published").order_by("?").values("pk")[:1]
        ).update(status="rejected"),
        "publish a rejected one": lambda: Review.objects.filter(
            pk__in=Review.objects.filter(status="rejected").order_by("?").values("pk")[:1]
        ).update(status="published"),
        "rename a company": lambda: Company.objects.filter(pk=chance.choice(companies).pk).update(
            name=f"rating {chance.randrange(100):02d}b"
        ),
    }
    served = _check(client, settings, chance, lists, writes, 100, sample=4)
    # Worth something only if pages were served from the cache through the writes: each
    # moderation decision moves a rating somewhere among few companies, so fewer are.
    assert served >= 40
