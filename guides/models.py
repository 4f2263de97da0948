from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from companies.models import SEARCH_CONFIG, CultureTag
from core.markdown import render_markdown
from jobs.models import Track

FAQ_HEADING = "Frequently Asked Questions"
# A guide with at least this many headings gets a table of contents.
TOC_MIN_HEADINGS = 3
# Reading time on a guide page assumes an adult reading prose on a screen.
WORDS_PER_MINUTE = 230


class Section(models.TextChoices):
    CAREER_PATHS = "career-paths", "Career paths"
    COMPENSATION = "compensation", "Compensation"
    COMPANY_DEEP_DIVES = "company-deep-dives", "Company deep-dives"


class GuideStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Author(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=160, blank=True)
    bio = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class GuideQuerySet(models.QuerySet):
    def published(self):
        """Published guides whose publish date has come: a future date is a schedule, and
        the guide goes live at that moment with no job to run."""
        return self.filter(status=GuideStatus.PUBLISHED, publish_at__lte=timezone.now())

    def for_list(self):
        return self.published().select_related("author")

    def for_detail(self):
        return self.select_related("author")

    def search(self, query):
        """Published guides matching a SearchQuery, most relevant first, then freshest."""
        return (
            self.published()
            .filter(search_vector=query)
            .annotate(rank=SearchRank(models.F("search_vector"), query))
            .order_by("-rank", "-content_updated_at")
        )

    def titled_like(self, text: str):
        """Published guides whose title is close to `text`: the typo-tolerant fallback."""
        return (
            self.published()
            .filter(title__trigram_word_similar=text)
            .annotate(similarity=TrigramWordSimilarity(text, "title"))
            .order_by("-similarity")
        )


class Guide(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    section = models.CharField(max_length=24, choices=Section.choices)
    summary = models.TextField(
        max_length=400, help_text="Shown above the fold and as the meta description."
    )
    body = models.TextField(
        help_text=(
            "Markdown. End with a '## Frequently Asked Questions' section of '### Question?' "
            "headings to give the guide an FAQ."
        )
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="guides")
    status = models.CharField(max_length=10, choices=GuideStatus.choices, default=GuideStatus.DRAFT)
    publish_at = models.DateTimeField(
        "publish date",
        default=timezone.now,
        help_text="A date in the future schedules the guide; it goes live then.",
    )
    content_updated_at = models.DateTimeField("last updated", default=timezone.now, editable=False)
    tags = models.ManyToManyField(
        CultureTag, blank=True, related_name="guides", help_text="Culture tags it concerns."
    )
    related = models.ManyToManyField("self", symmetrical=False, blank=True)
    fits_tracks = ArrayField(
        models.CharField(max_length=24, choices=Track.choices),
        default=list,
        blank=True,
        help_text="Roles on these tracks link to this guide.",
    )

    # The closing call to action; links use the site's link syntax (jobs:?…, companies:?…).
    cta_title = models.CharField("call to action title", max_length=160, blank=True)
    cta_text = models.CharField("call to action text", max_length=300, blank=True)
    cta_jobs = models.CharField("jobs link", max_length=300, blank=True)
    cta_jobs_label = models.CharField(
        "jobs link text", max_length=80, default="Browse Engineering Jobs →"
    )
    cta_companies = models.CharField("companies link", max_length=300, blank=True)
    cta_companies_label = models.CharField(
        "companies link text", max_length=80, default="Engineering-Driven Companies →"
    )

    # The live block under the guide: the directory and the board, filtered.
    directory_query = models.CharField(
        max_length=300,
        blank=True,
        help_text="A directory query string, e.g. ladder=on&sort=open-roles.",
    )
    jobs_query = models.CharField(
        max_length=300, blank=True, help_text="A job board query string, e.g. track=tech-lead."
    )

    # Derived on save from the Markdown.
    body_html = models.TextField(editable=False, default="")
    faq = models.JSONField(editable=False, default=list)
    toc = models.JSONField(editable=False, default=list)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)

    # Kept current by the database: title above summary above body.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["-content_updated_at"]
        indexes = [
            # published() and the guide list's order.
            models.Index(
                fields=["publish_at", "-content_updated_at"],
                name="guide_published_idx",
                condition=Q(status=GuideStatus.PUBLISHED),
            ),
            # Site search: full text, and trigram similarity on titles for typos.
            GinIndex(fields=["search_vector"], name="guide_search_gin"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="guide_title_trgm"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guides:detail", args=[self.slug])

    def render(self):
        """Derive the HTML, FAQ, table of contents and reading time from the Markdown.

        Returns the rendered body, whose internal links the caller may check."""
        body, _, faq_source = self.body.partition(f"## {FAQ_HEADING}")
        rendered = render_markdown(body)
        self.body_html = rendered.html
        self.faq = []
        words = rendered.words
        for block in faq_source.split("\n### ")[1:]:
            question, _, answer = block.partition("\n")
            answer_rendered = render_markdown(answer)
            words += answer_rendered.words
            rendered.internal_links.extend(answer_rendered.internal_links)
            self.faq.append({"question": question.strip(), "answer_html": answer_rendered.html})
        self.toc = [
            {"level": h.level, "id": h.id, "text": h.text}
            for h in rendered.headings
            if h.level == 2
        ]
        if self.faq:
            self.toc.append({"level": 2, "id": "faq", "text": FAQ_HEADING})
        self.reading_minutes = max(1, round(words / WORDS_PER_MINUTE))
        return rendered

    @property
    def has_toc(self) -> bool:
        return len(self.toc) >= TOC_MIN_HEADINGS


# The fields a revision keeps: what an editor writes, not what is derived from it.
REVISED_FIELDS = ["title", "summary", "body", "status", "publish_at"]


class GuideRevision(models.Model):
    """An earlier version of a guide, kept every time an editor saves it."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="revisions")
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_fields = ArrayField(models.CharField(max_length=40), default=list)
    note = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body = models.TextField()
    status = models.CharField(max_length=10, choices=GuideStatus.choices)
    publish_at = models.DateTimeField()

    class Meta:
        ordering = ["-saved_at", "-pk"]
        indexes = [
            # A guide's history, newest first.
            models.Index(fields=["guide", "-saved_at"], name="guiderevision_guide_idx"),
        ]

    def __str__(self):
        return f"{self.guide} at {self.saved_at:%Y-%m-%d %H:%M}"

    @classmethod
    def snapshot(cls, guide: Guide, user, changed_fields, note: str = "") -> "GuideRevision":
        return cls.objects.create(
            guide=guide,
            saved_by=user,
            changed_fields=sorted(changed_fields),
            note=note,
            **{name: getattr(guide, name) for name in REVISED_FIELDS},
        )
