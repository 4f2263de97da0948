from django.db import models
from django.db.models.functions import Now


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


class ContentVersion(models.Model):
    """One row whose number moves whenever public content changes, through whatever door:
    database triggers on every content table bump it (core.derived.content_version_triggers).
    Cached pages are keyed by it, so a change reaches every worker and server at once."""

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)
    # Moved only by writes to what the culture directory is built from (companies.directory):
    # companies, which writes to their reviews, tags, comp rows and exchange rates touch, and
    # culture tags. A role's edit leaves them as they are.
    companies_version = models.BigIntegerField(default=0, db_default=0)
    companies_changed_at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [
            # There is only ever the one row.
            models.CheckConstraint(condition=models.Q(id=1), name="contentversion_single_row")
        ]

    def __str__(self):
        return f"content version {self.version}"
