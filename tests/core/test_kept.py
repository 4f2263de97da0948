"""Small tables kept in memory (core.kept): read again at once when one changes or at the moment
one changes by itself, looked at once per page request, and followed by the page cache like a
query of them."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from companies.models import CultureTag, ExchangeRate, culture_tags, exchange_rates
from core import kept
from guides.models import Author
from tests.conftest import html, make_guide, make_job, make_rate, make_tag

pytestmark = pytest.mark.django_db


def slugs() -> list[str]:
    return [tag.slug for tag in culture_tags()]


def in_database() -> list[tuple[str, str]]:
    return list(CultureTag.objects.order_by("name").values_list("slug", "name"))


def test_a_kept_table_is_read_again_once_it_changes(django_assert_num_queries):
    make_tag("learning", name="Learning")
    assert "learning" in slugs()
    # Outside a request, each use looks at the change log, and reads nothing more.
    with django_assert_num_queries(1):
        assert "learning" in slugs()
    make_tag("flat-hierarchy", name="Flat hierarchy")
    CultureTag.objects.filter(slug="learning").update(name="Always learning")
    held = [(tag.slug, tag.name) for tag in culture_tags()]
    assert ("learning", "Always learning") in held
    assert held == in_database()
    make_rate("EUR", "0.9")
    assert exchange_rates()["EUR"].units_per_usd == Decimal("0.9")
    make_rate("EUR", "0.85")
    assert exchange_rates()["EUR"].units_per_usd == Decimal("0.85")
    assert list(exchange_rates()) == list(
        ExchangeRate.objects.order_by("currency").values_list("currency", flat=True)
    )
    CultureTag.objects.filter(slug="learning").delete()
    assert "learning" not in slugs()
    assert slugs() == [slug for slug, _ in in_database()]


def test_a_rolled_back_write_is_not_kept():
    """A write rolled back takes its entry out of the change log, and a later write can bring
    the table's version back to the same number: what was read meanwhile is not kept."""
    make_tag("learning")
    assert "learning" in slugs()
    with transaction.atomic():
        point = transaction.savepoint_create()
        make_tag("rolled-back")
        assert "rolled-back" in slugs()
        transaction.savepoint_rollback(point)
    make_tag("kept")  # the tags' version is now what it was inside the rolled-back block
    assert "kept" in slugs()
    assert "rolled-back" not in slugs()


def test_a_page_request_looks_once(client, django_assert_num_queries):
    make_tag("learning")
    make_rate("EUR", "0.8")
    make_job()
    client.get("/jobs/")
    # The board's index looks at what changed, and at the kept tables in the same query (1):
    # the form's tags and currencies need no query; then the page of roles (1).
    with django_assert_num_queries(2):
        client.get("/jobs/?currency=EUR&min_salary=1000")


def test_a_cached_page_that_used_kept_tags_changes_when_a_tag_is_renamed(client, page_cache):
    make_tag("learning", name="Learning")
    make_job()
    client.get("/jobs/?workplace=onsite")  # reads the tags, which are kept from now on
    first = client.get("/jobs/")  # made from the tags kept in memory, with no query of them
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/jobs/")["X-Page-Cache"] == "hit"

    CultureTag.objects.filter(slug="learning").update(name="Always learning")

    again = client.get("/jobs/")
    assert again["X-Page-Cache"] == "changed"
    labels = [label.get_text(" ", strip=True) for label in html(again).select("label")]
    assert any("Always learning" in label for label in labels)


def scheduled_guide(title: str, *, minutes: int):
    """A guide about the "learning" tag, going live in `minutes`."""
    author = Author.objects.create(slug="editor", name="Editor")
    guide = make_guide(
        author,
        slug="scheduled",
        title=title,
        publish_at=timezone.now() + timedelta(minutes=minutes),
    )
    guide.tags.set([make_tag("learning")])
    return guide


def test_a_scheduled_guide_shows_at_its_moment_with_nothing_written(client):
    scheduled = scheduled_guide("Leading without the title", minutes=60)

    def related() -> list[str]:
        page = html(client.get("/companies/tags/learning/"))
        return [a.get_text() for a in page.select(".related-guides a")]

    assert related() == []  # the published guides are kept from here on
    with time_machine.travel(scheduled.publish_at + timedelta(seconds=1), tick=False):
        assert related() == ["Leading without the title"]


def test_a_cached_page_made_from_kept_guides_changes_when_a_scheduled_one_goes_live(
    client, page_cache
):
    scheduled = scheduled_guide("Scheduled", minutes=10)  # within the cached page's life
    make_guide(scheduled.author, slug="other", title="Other")
    client.get("/guides/other/")  # any page that reads guides: the page below reads none
    client.get("/companies/tags/learning/?page=1")  # the published guides, kept from here on
    assert client.get("/companies/tags/learning/")["X-Page-Cache"] == "miss"
    assert client.get("/companies/tags/learning/")["X-Page-Cache"] == "hit"
    with time_machine.travel(scheduled.publish_at + timedelta(seconds=1), tick=False):
        again = client.get("/companies/tags/learning/")
        assert again["X-Page-Cache"] == "changed"
        assert "Scheduled" in again.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_a_request_that_may_write_holds_nothing_it_read(method):
    """A GET or HEAD request holds what it read for the rest of it (the board's index, the kept
    tables' versions); another may write between two reads, so it reads again."""
    from jobs import board

    make_tag("learning")
    kept.request_started(environ={"REQUEST_METHOD": method})  # what the signal calls
    try:
        assert "written-meanwhile" not in slugs()
        before = board.current_index()
        make_tag("written-meanwhile")
        role = make_job()
        assert "written-meanwhile" in slugs()
        assert role.pk in board.current_index().ids.tolist()
        assert board.current_index() is not before
    finally:
        kept.request_finished()


def test_a_get_request_holds_what_it_read():
    from jobs import board

    make_tag("learning")
    kept.request_started(environ={"REQUEST_METHOD": "GET"})
    try:
        index, tags = board.current_index(), slugs()
        make_tag("written-meanwhile")  # no page request writes; this shows what it holds
        assert board.current_index() is index
        assert slugs() == tags
    finally:
        kept.request_finished()
    assert "written-meanwhile" in slugs()
