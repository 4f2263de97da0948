from urllib.parse import urlencode

import reversion
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from companies.models import CultureTag
from core.changes import change_log_triggers
from core.derived import (
    DerivedQuerySet,
    DerivesOnSave,
    lexicon_triggers,
    rendered_from_check,
    rendered_from_field,
    source_hash,
)
from core.kept import kept
from core.markdown import Rendered, render_markdown
from core.search import SEARCH_CONFIG
from jobs.models import ChoiceArrayField, Track

FAQ_HEADING = "Frequently Asked Questions"
# A guide with at least this many headings gets a table of contents.
TOC_MIN_HEADINGS = 3
# Reading time on a guide page assumes an adult reading prose on a screen.
WORDS_PER_MINUTE = 230
# What readers read: a change to any of these moves the guide's "last updated" date.
CONTENT_FIELDS = ("title", "summary", "body")


class Section(models.TextChoices):
    CAREER_PATHS = "career-paths", "Career paths"
    COMPENSATION = "compensation", "Compensation"
    COMPANY_DEEP_DIVES = "company-deep-dives", "Company deep-dives"


class GuideStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


@reversion.register()
class Author(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=160, blank=True)
    bio = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        # Cached pages follow every change.
        triggers = change_log_triggers(name="author_changes", table="guides_author")

    def __str__(self):
        return self.name


class GuideQuerySet(DerivedQuerySet):
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


# A version holds everything an editor writes, tags and related guides among it, with the HTML
# rendered from it (a restore writes the row as it was); a restore moves "last updated".
@reversion.register(exclude=("search_vector", "content_updated_at"))
class Guide(DerivesOnSave):
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
    fits_tracks = ChoiceArrayField(
        models.CharField(max_length=24, choices=Track.choices),
        default=list,
        blank=True,
        help_text="Roles on these tracks link to this guide.",
    )

    # The closing call to action; links use the site's link syntax (jobs:?…, companies:?…).
    cta_title = models.CharField("call to action title", max_length=160, blank=True)
    cta_text = models.CharField(
        "call to action text",
        max_length=300,
        blank=True,
        help_text="{roles} stands for how many open roles the jobs link lists when the page is "
        "shown.",
    )
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
    rendered_from = rendered_from_field()

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

    # The title and summary are listed so that update() cannot change them without moving
    # the "last updated" date.
    DERIVED_FROM = CONTENT_FIELDS
    DERIVED_FIELDS = ("body_html", "faq", "toc", "reading_minutes", "rendered_from")

    class Meta:
        ordering = ["-content_updated_at"]
        indexes = [
            # published() and the guide list's order.
            models.Index(
                fields=["publish_at", "-content_updated_at"],
                name="guide_published_idx",
                condition=Q(status=GuideStatus.PUBLISHED),
            ),
            # Site search.
            GinIndex(fields=["search_vector"], name="guide_search_gin"),
        ]
        constraints = [rendered_from_check("body", name="guide_html_rendered")]
        # The words search corrects spellings against.
        triggers = [
            *lexicon_triggers(name="guide_lexicon", text="title || ' ' || summary || ' ' || body"),
            # Cached pages follow every change.
            *change_log_triggers(name="guide_changes", table="guides_guide"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guides:detail", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        guide = super().from_db(db, field_names, values, **kwargs)
        guide._saved_content = tuple(guide.__dict__.get(name) for name in CONTENT_FIELDS)
        return guide

    def save(self, *args, **kwargs):
        content = tuple(getattr(self, name) for name in CONTENT_FIELDS)
        if not self._state.adding and content != getattr(self, "_saved_content", content):
            self.content_updated_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "content_updated_at"}
        super().save(*args, **kwargs)
        self._saved_content = content

    def render_body(self) -> tuple[Rendered, list[tuple[str, Rendered]]]:
        """The body rendered, and the FAQ's questions with their answers rendered. Chart blocks
        are drawn, and each problem names its line in the whole body."""
        body, _, faq_source = self.body.partition(f"## {FAQ_HEADING}")
        faq = []
        line = body.count("\n") + 1
        blocks = faq_source.split("\n### ")
        line += blocks[0].count("\n")
        for block in blocks[1:]:
            question, _, answer = block.partition("\n")
            faq.append(
                (question.strip(), render_markdown(answer, charts=True, first_line=line + 2))
            )
            line += block.count("\n") + 1
        return render_markdown(body, charts=True), faq

    def chart_problems(self) -> list[str]:
        """Why each chart block in the body and FAQ could not be drawn."""
        body, faq = self.render_body()
        return [problem for part in [body, *(a for _, a in faq)] for problem in part.problems]

    def internal_links(self):
        """Every link in the body and FAQ written with the site's link syntax."""
        body, faq = self.render_body()
        return [link for part in [body, *(a for _, a in faq)] for link in part.internal_links]

    def derive(self, *, force: bool = False) -> None:
        """The HTML, FAQ, table of contents and reading time, from the Markdown."""
        if not force and self.rendered_from == source_hash(self.body):
            return
        body, faq = self.render_body()
        self.body_html = body.html
        self.faq = [{"question": question, "answer_html": answer.html} for question, answer in faq]
        self.toc = [
            {"level": h.level, "id": h.id, "text": h.text} for h in body.headings if h.level == 2
        ]
        if self.faq:
            self.toc.append({"level": 2, "id": "faq", "text": FAQ_HEADING})
        words = body.words + sum(answer.words for _, answer in faq)
        self.reading_minutes = max(1, round(words / WORDS_PER_MINUTE))
        self.rendered_from = source_hash(self.body)

    @property
    def has_toc(self) -> bool:
        return len(self.toc) >= TOC_MIN_HEADINGS


# Self-assessments: statements a reader ticks under a guide, what the count suggests, and the
# paths they lead to, each with the directory's and the board's filters built for it
# (guides/assessments.py scores an answer).


class Side(models.TextChoices):
    FOR = "for", "Counts for"
    AGAINST = "against", "Counts against"
    ABOUT = "about", "About the reader (counts for neither)"


def answer_query(keys: list[str]) -> str:
    """The query string of an answer to an assessment."""
    return urlencode([("ticked", key) for key in keys])


@reversion.register(follow=("statements", "outcomes", "verdicts"))
class Assessment(models.Model):
    guide = models.OneToOneField(Guide, on_delete=models.CASCADE, related_name="assessment")
    heading = models.CharField(max_length=160, default="Is this for you? Tick what sounds like you")
    intro = models.TextField(blank=True, help_text="Plain text above the statements.")
    for_heading = models.CharField(
        "heading over the statements that count for",
        max_length=160,
        default="If these describe you, you'll probably love it",
    )
    against_heading = models.CharField(
        "heading over the statements that count against",
        max_length=160,
        default="If these describe you, think twice",
    )
    about_heading = models.CharField(
        "heading over the statements about the reader",
        max_length=160,
        default="About you and where you work",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["guide__title"]
        # Cached pages follow every change.
        triggers = change_log_triggers(name="assessment_changes", table="guides_assessment")

    def __str__(self):
        return f"Assessment: {self.guide}"

    def get_absolute_url(self):
        return reverse("guides:assessment", args=[self.guide.slug])

    def result_url(self, keys: list[str]) -> str:
        """The shareable result page of an answer: only the keys of the statements ticked, in
        the statements' order (the canonical link)."""
        order = {statement.key: i for i, statement in enumerate(self.statements.all())}
        query = answer_query(sorted(keys, key=lambda key: order.get(key, len(order))))
        return self.get_absolute_url() + (f"?{query}" if query else "")

    def groups(self) -> list[tuple[str, str, list["Statement"]]]:
        """The statements by side, each under its heading, leaving out a side with none."""
        statements = list(self.statements.all())
        groups = [
            (Side.FOR, self.for_heading),
            (Side.AGAINST, self.against_heading),
            (Side.ABOUT, self.about_heading),
        ]
        return [
            (str(side), heading, chosen)
            for side, heading in groups
            if (chosen := [s for s in statements if s.side == side])
        ]


@reversion.register()
class Outcome(models.Model):
    """One of the paths an assessment can point to, and the lists it leads to."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="outcomes")
    key = models.SlugField(max_length=40, help_text="Names the path in result links.")
    title = models.CharField(max_length=160)
    text = models.TextField(help_text="Plain text: why this path, in the guide's words.")
    companies_query = models.CharField(
        "companies link",
        max_length=300,
        blank=True,
        help_text="The directory's filters, written companies:?stage=series-a&tag=learning",
    )
    companies_label = models.CharField(max_length=120, blank=True, default="Companies")
    jobs_query = models.CharField(
        "jobs link",
        max_length=300,
        blank=True,
        help_text="The board's filters, written jobs:?track=tech-lead",
    )
    jobs_label = models.CharField(max_length=120, blank=True, default="Open roles")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower first; the first path is named when nothing points to one."
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "key"], name="outcome_key_unique_in_assessment"
            )
        ]
        triggers = change_log_triggers(name="outcome_changes", table="guides_outcome")

    def __str__(self):
        return self.title


@reversion.register()
class Statement(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="statements")
    key = models.SlugField(max_length=40, help_text="Names the statement in result links.")
    text = models.CharField(max_length=300)
    side = models.CharField(max_length=7, choices=Side.choices, default=Side.FOR)
    leads_to = models.ForeignKey(
        Outcome,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The path a tick points to (save the paths first to choose one).",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "key"], name="statement_key_unique_in_assessment"
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="statement_side_known"),
        ]
        triggers = change_log_triggers(name="statement_changes", table="guides_statement")

    def __str__(self):
        return self.text


@reversion.register()
class Verdict(models.Model):
    """What the count suggests: the verdict shown is the one with the highest "at least" that
    the number ticked for, less the number ticked against, reaches."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="verdicts")
    at_least = models.SmallIntegerField(
        help_text="Shown when (ticked for − ticked against) is at least this."
    )
    heading = models.CharField(max_length=160)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["-at_least"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "at_least"], name="verdict_threshold_unique_in_assessment"
            )
        ]
        triggers = change_log_triggers(name="verdict_changes", table="guides_verdict")

    def __str__(self):
        return self.heading


class KeptResult(models.Model):
    """A signed-in reader's answer to an assessment, kept to come back to: only the keys of
    the statements ticked, as the shareable result link holds them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kept_results"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="kept")
    ticked = ArrayField(models.SlugField(max_length=40), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "assessment", "ticked"], name="kept_result_once"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.assessment}"

    @property
    def url(self) -> str:
        """The result page for these answers."""
        return self.assessment.result_url(self.ticked)


# What a link to a guide from elsewhere shows, and what picks it.
LINKED_FIELDS = ("title", "slug", "section", "summary", "reading_minutes", "content_updated_at",
                 "fits_tracks")  # fmt: skip


@kept(Guide, CultureTag)
def published_guides() -> list[Guide]:
    """Every published guide with what a link to it elsewhere shows (pages outside the guides:
    role, company and tag pages), newest content first, each with `tag_slugs`, the culture
    tags it concerns: kept in memory until a guide or tag changes or a scheduled guide goes
    live (core.kept). Shared: never change one."""
    guides = list(
        Guide.objects.published()
        .only(*LINKED_FIELDS)
        .prefetch_related(Prefetch("tags", queryset=CultureTag.objects.only("slug")))
        .order_by("-content_updated_at", "pk")
    )
    for guide in guides:
        guide.tag_slugs = frozenset(tag.slug for tag in guide.tags.all())
    return guides
