"""The site's Atom feeds: what every entry is (EntryFeed), and feeds of the filtered lists
(the board's roles, the directory's companies)."""

from datetime import UTC, datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core import pagecache
from core.filtering import ListFilterSet


class _AtomFeed(Atom1Feed):
    """Atom whose empty feed says the same moment each time it is made (the epoch: nothing
    in it was ever updated), not the moment of the request as Django's does: a feed reader
    polling a filter that matches nothing gets the same feed and ETag each time, and a cached
    copy is the feed made afresh."""

    def latest_post_date(self):
        if not self.items:
            return datetime(1970, 1, 1, tzinfo=UTC)
        return super().latest_post_date()


class EntryFeed(Feed):
    """An Atom feed of the site's objects. An entry's id stays the same whatever happens to
    its URL (a slug changed), so a feed reader never shows it twice; its link is the object's
    page (Feed's default, get_absolute_url); subclasses name the kind of object and the
    attributes that say when it was published and last updated."""

    feed_type = _AtomFeed
    entry_kind: str  # "job", "company", "guide": part of every entry's id
    published_attribute: str
    updated_attribute: str
    item_guid_is_permalink = False

    def item_guid(self, item):
        return f"tag:ladder,2026:{self.entry_kind}:{item.pk}"

    def item_pubdate(self, item):
        return getattr(item, self.published_attribute)

    def item_updateddate(self, item):
        return getattr(item, self.updated_attribute)


class FilteredFeed(EntryFeed):
    """A list's newest entries as Atom, for any filter combination of the list. A filter that
    cannot apply is a 400 with a plain-text reason: a feed reader shows no notices, and an
    unfiltered feed under a filtered URL would mislead whoever subscribed.

    Subclasses say how the list filters (`filterset`), what it is called (`name`, "Ladder
    roles"), where it and its feed are (`list_url_name`, `feed_url_name`) and what its
    entries are (`items` and the item methods)."""

    name: str
    list_url_name: str
    feed_url_name: str

    def filterset(self, data) -> ListFilterSet:
        raise NotImplementedError

    def __call__(self, request, *args, **kwargs):
        filterset = self.filterset(request.GET)
        if filterset.notices:
            return HttpResponseBadRequest(
                "This feed cannot apply its filters:\n"
                + "".join(f"- {notice}\n" for notice in filterset.notices),
                content_type="text/plain; charset=utf-8",
            )
        # Only the filters' own parameters make a feed: any other keeps it out of the cache.
        pagecache.keyed_by(*filterset.data)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        return self.filterset(request.GET)

    def title(self, filterset):
        labels = [chip.label for chip in filterset.chips("")]
        return self.name + (f": {', '.join(labels)}" if labels else "")

    def link(self, filterset):
        return _with_query(reverse(self.list_url_name), filterset)

    def feed_url(self, filterset):
        return _with_query(reverse(self.feed_url_name), filterset)


def _with_query(path: str, filterset: ListFilterSet) -> str:
    query = filterset.canonical_query()
    return path + (f"?{query}" if query else "")
