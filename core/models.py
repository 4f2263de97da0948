from django.contrib.postgres.fields import ArrayField
from django.db import models


class SearchWord(models.Model):
    """A word of the site's searchable text, with how many documents hold it: the vocabulary
    that search corrects misspelt words against (see core.search).

    Kept by database triggers on each searchable table (core.derived.lexicon_triggers), so it
    follows every write. Words of drafts and closed roles count too: the list only proposes
    spellings, and each app's search still decides what may be found.
    """

    word = models.CharField(max_length=100, primary_key=True)
    documents = models.IntegerField(default=0)

    class Meta:
        indexes = [
            # Candidates for a misspelt word are looked up by length first.
            models.Index(
                models.functions.Length("word"), "documents", name="searchword_length_idx"
            ),
        ]

    def __str__(self):
        return self.word


class SearchWordDelta(models.Model):
    """A change to core.SearchWord's counts, not yet added to them: content writers only ever
    insert these (core.derived.lexicon_triggers), so two writers never wait for each other on
    a shared word. The worker folds them into SearchWord now and then (core.changes.fold);
    until it does, search reads both."""

    word = models.CharField(max_length=100)
    delta = models.IntegerField()

    class Meta:
        indexes = [
            # Candidates for a misspelt word are looked up by length first.
            models.Index(models.functions.Length("word"), name="searchworddelta_length_idx"),
        ]

    def __str__(self):
        return f"{self.word} {self.delta:+d}"


class Change(models.Model):
    """One statement's writes to one content table, logged by database triggers on that table
    (core.changes.change_log_triggers), whatever door wrote: which rows it changed and in which
    transaction. Only ever inserted by writers, so no writer waits on another for it.

    Two readers:
    - the page cache (core.pagecache) takes each table's version to be the sum of its
      entries' `weight`, which only grows as transactions commit, whatever order they commit in;
    - an in-memory index (jobs.board) reads the entries of the transactions its PostgreSQL
      snapshot did not see, and re-reads just those rows.

    The worker folds old entries of a table into one (core.changes.compact): the sum stays the
    same; the folded entry is the folding transaction's, and its `ids` hold the newest
    transaction folded ("everything may have changed" to a reader that had not seen them
    all)."""

    table = models.CharField(max_length=63)
    xid = models.BigIntegerField(help_text="The writing transaction (pg_current_xact_id()).")
    ids = ArrayField(
        models.BigIntegerField(),
        null=True,
        help_text="The rows changed; NULL when too many to list. Folded: the newest "
        "transaction folded.",
    )
    weight = models.IntegerField(default=1, help_text="The statements this entry stands for.")
    folded = models.BooleanField(default=False)
    logged_at = models.DateTimeField()

    class Meta:
        indexes = [
            # The entries of the transactions an index's snapshot did not see.
            models.Index(fields=["xid"], name="change_xid_idx"),
            # Each table's version: the sum of its entries' weights, from this index alone.
            models.Index(fields=["table"], include=["weight"], name="change_table_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="change_weight_positive")
        ]

    def __str__(self):
        return f"{self.table} changed by transaction {self.xid}"


class SharedCacheEntry(models.Model):
    """One entry of the cache that every worker and every server shares and that no page
    traffic can evict: the sign-up, password-reset and failed sign-in limits (allauth counts
    attempts in Django's default cache, which settings.CACHES puts here, Django's database
    cache backend reading and writing these columns by name). Pages are cached elsewhere
    (settings.PAGE_CACHE). The worker deletes expired entries (`prune_shared_cache`)."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "core_shared_cache"

    def __str__(self):
        return self.cache_key


def prune_shared_cache() -> int:
    """Delete the shared cache's expired entries; how many went."""
    from django.utils import timezone

    deleted, _ = SharedCacheEntry.objects.filter(expires__lt=timezone.now()).delete()
    return deleted
