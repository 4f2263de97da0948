from datetime import timedelta

import reversion
from django import forms
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from companies.models import Company, CompTrack, Level
from core.changes import change_log_triggers
from core.derived import (
    DerivedQuerySet,
    DerivesOnSave,
    lexicon_triggers,
    rendered_from_check,
    rendered_from_field,
    source_hash,
)
from core.markdown import render_markdown
from core.search import SEARCH_CONFIG
from core.seo import sitemap_block
from jobs import regions
from jobs.columns import ROLE_INDEX_FIELDS, ROLE_INDEX_NAME
from jobs.regions import REGION_CHOICES

DEFAULT_LIFETIME = timedelta(days=60)
# The columns of a role's words, which its text matches in (jobs.words.VECTORS).
WORDS = ("search_vector", "title_vector")


def _count_of(queryset) -> models.Subquery:
    """COUNT(*) of a QuerySet, as a scalar subquery of another query."""
    return models.Subquery(
        queryset.order_by().values(n=models.Func(models.Value(1), function="COUNT")),
        output_field=models.IntegerField(),
    )


class Track(models.TextChoices):
    IC = "ic", "Individual contributor"
    TECH_LEAD = "tech-lead", "Tech lead"
    ENGINEERING_MANAGER = "engineering-manager", "Engineering manager"
    TECH_LEAD_MANAGER = "tech-lead-manager", "Tech lead manager"


# Which comp-signal track a role's pay is compared with.
COMP_TRACK = {
    Track.IC: CompTrack.IC,
    Track.TECH_LEAD: CompTrack.IC,
    Track.ENGINEERING_MANAGER: CompTrack.MANAGER,
    Track.TECH_LEAD_MANAGER: CompTrack.MANAGER,
}


class Discipline(models.TextChoices):
    BACKEND = "backend", "Backend"
    FRONTEND = "frontend", "Frontend"
    FULL_STACK = "full-stack", "Full-stack"
    INFRASTRUCTURE = "infrastructure", "Infrastructure / SRE"
    PLATFORM = "platform", "Platform"
    DATA = "data", "Data"
    ML = "ml", "ML / AI"
    MOBILE = "mobile", "Mobile"
    SECURITY = "security", "Security"
    EMBEDDED = "embedded", "Embedded"


class EmploymentType(models.TextChoices):
    FULL_TIME = "full-time", "Full-time"
    PART_TIME = "part-time", "Part-time"
    CONTRACT = "contract", "Contract"
    INTERNSHIP = "internship", "Internship"


# schema.org JobPosting employmentType values.
SCHEMA_EMPLOYMENT_TYPE = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.CONTRACT: "CONTRACTOR",
    EmploymentType.INTERNSHIP: "INTERN",
}


class Workplace(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class SalaryPeriod(models.TextChoices):
    YEAR = "year", "per year"
    MONTH = "month", "per month"
    HOUR = "hour", "per hour"


# Salaries per month or hour are compared with annual ones as a full-time year: 12 months, or
# 52 weeks of 40 hours.
PERIODS_PER_YEAR = {SalaryPeriod.YEAR: 1, SalaryPeriod.MONTH: 12, SalaryPeriod.HOUR: 2080}


def annual_salary():
    """The top of a role's salary range (its minimum when it gives no top), a full-time year
    of it, in its own currency, as a database expression."""
    return Coalesce("salary_max", "salary_min") * models.Case(
        *[models.When(salary_period=period, then=n) for period, n in PERIODS_PER_YEAR.items()],
        output_field=models.BigIntegerField(),
    )


class JobStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


def validate_apply_to(value: str) -> None:
    """An http(s) URL or an e-mail address; nothing else may reach an href."""
    if "@" in value and not value.lower().startswith(("http://", "https://")):
        EmailValidator(message="Enter a valid e-mail address or an http(s) URL.")(value)
        return
    URLValidator(schemes=["http", "https"], message="Enter an http(s) URL or an e-mail address.")(
        value
    )


class ChoiceArrayField(ArrayField):
    """An array of choices, edited as a list of checkboxes rather than comma-separated text."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.base_field.choices or [],
            coerce=self.base_field.to_python,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


# Where a role is (what Job.location_label says) and what it pays as posted (has_salary, the
# salary tag): listed together wherever a role's place and pay are read or written.
PLACE_FIELDS = ("workplace", "city", "country", "remote_regions", "remote_countries")
PAY_FIELDS = ("salary_min", "salary_max", "salary_currency", "salary_period")

# The columns a role's card reads (its title, level, track, place, pay and date) and its
# company's (name, logo, career rating, culture tags): QuerySet.for_card().
CARD_FIELDS = (
    "slug",
    "title",
    "level",
    "track",
    *PLACE_FIELDS,
    *PAY_FIELDS,
    "published_at",
    "company__name",
    "company__slug",
    "company__logo",
    "company__review_count",
    "company__rating_career",
    "company__tag_slugs",
)


class JobQuerySet(DerivedQuerySet["Job"]):
    # `at` is the moment to apply the rule at; now by default.

    def published(self, at=None):
        return self.filter(status=JobStatus.PUBLISHED, published_at__lte=at or timezone.now())

    def not_expired(self, at=None):
        return self.filter(expires_at__gt=at or timezone.now())

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())

    def visible(self, at=None):
        """Open roles: published and not expired. Every public list, count and feed uses it."""
        at = at or timezone.now()
        return self.published(at).not_expired(at).filter(company__is_listed=True)

    def public(self):
        """Roles that have a public page: published at some point and still published or
        closed (a closed or expired role keeps its page, which says so), at a listed company.
        A role taken back to draft, scheduled, or at an unlisted company has none. Every
        open role (`visible()`) is one of these."""
        return self.filter(
            status__in=[JobStatus.PUBLISHED, JobStatus.CLOSED],
            published_at__lte=timezone.now(),
            company__is_listed=True,
        )

    def open_to(self, codes):
        """Roles an applicant in one of these countries may take: on-site and hybrid roles
        there, and remote roles hiring from there. One GIN-indexed overlap (Job.hires_from)."""
        return self.filter(hires_from__overlap=list(codes))

    def for_list(self):
        return self.visible().select_related("company")

    def for_card(self):
        """What a role's card in a list shows (jobs/templatetags/job_board.py): a third of a
        row's columns, and of its company's. Reading and building the rest cost more than the
        query itself (docs/performance.md, "For you and the board: what a request costs")."""
        return self.for_list().only(*CARD_FIELDS)

    def without_long_text(self):
        """Leave out what a role card never shows: the role's and its company's Markdown,
        HTML and search vectors, most of each row's bytes."""
        return self.defer(
            "description",
            "description_html",
            "search_vector",
            "title_vector",
            "company__about",
            "company__about_html",
            "company__search_vector",
        )

    def for_detail(self):
        return self.public().select_related("company")

    def for_preview(self):
        """Any role, whatever its state, for the editors' preview."""
        return self.select_related("company")

    def matching(self, query):
        """Roles matching a SearchQuery in their own text or their company's."""
        return self.filter(Q(search_vector=query) | Q(company__search_vector=query))

    def search(self, query):
        """Open roles matching a SearchQuery in their own text or their company's, most
        relevant first, then newest."""
        return (
            self.visible()
            .matching(query)
            .annotate(rank=self._search_rank(query))
            .order_by("-rank", "-published_at")
        )

    @staticmethod
    def _search_rank(query):
        return (
            SearchRank(models.F("search_vector"), query)
            + SearchRank(models.F("company__search_vector"), query) * 0.5
        )

    # State changes in bulk, as the admin's actions apply them: each role changes through its
    # own method and save(), under a row lock. Each returns how many roles changed.

    def _change_each(self, change) -> int:
        changed = 0
        with transaction.atomic():
            for job in self.select_for_update():
                before = (job.status, job.published_at, job.expires_at)
                change(job)
                if (job.status, job.published_at, job.expires_at) != before:
                    job.save(update_fields=["status", "published_at", "expires_at", "updated_at"])
                    changed += 1
        return changed

    def publish(self) -> int:
        """Publish these roles (expiring 60 days on unless they have a later date)."""
        now = timezone.now()
        return self._change_each(lambda job: job.publish(now))

    def unpublish(self) -> int:
        return self._change_each(lambda job: job.unpublish())

    def close(self) -> int:
        return self._change_each(lambda job: job.close())

    def extend(self, days: int) -> int:
        now = timezone.now()
        return self._change_each(lambda job: job.extend(days, now))


@reversion.register(exclude=("search_vector", "title_vector"))
class Job(DerivesOnSave):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="jobs")
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=200, unique=True)
    level = models.CharField(max_length=4, choices=Level.choices)
    track = models.CharField(max_length=24, choices=Track.choices, default=Track.IC)
    discipline = models.CharField(max_length=20, choices=Discipline.choices)
    employment_type = models.CharField(
        max_length=12, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    workplace = models.CharField(max_length=8, choices=Workplace.choices)
    city = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    remote_regions = ChoiceArrayField(
        models.CharField(max_length=20, choices=REGION_CHOICES),
        verbose_name="remote from regions",
        blank=True,
        default=list,
        help_text="For remote roles: the regions applicants may be in. Anywhere means every "
        "country.",
    )
    remote_countries = CountryField(
        "remote from countries",
        multiple=True,
        blank=True,
        help_text="For remote roles: countries applicants may be in, besides those regions.",
    )
    # Derived on every save and bulk write (derive()): the countries an applicant may be in,
    # what the country filter matches. A remote role's regions and countries, or an on-site or
    # hybrid role's own country.
    hires_from = ArrayField(
        models.CharField(max_length=2),
        verbose_name="open to applicants in",
        default=list,
        editable=False,
    )
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, default="USD")
    salary_period = models.CharField(
        max_length=5, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR
    )
    # What the salary sort and filter compare, converted to USD at the exchange rates when
    # read (jobs.board), so a new rate rewrites no role.
    annual_salary = models.GeneratedField(
        expression=annual_salary(),
        output_field=models.BigIntegerField(),
        db_persist=True,
        verbose_name="annual salary",
    )
    equity = models.BooleanField("equity offered", default=False)
    description = models.TextField(help_text="Markdown.")
    description_html = models.TextField(editable=False, default="")
    rendered_from = rendered_from_field()
    apply_to = models.CharField(
        "how to apply",
        max_length=300,
        validators=[validate_apply_to],
        help_text="An http(s) URL or an e-mail address.",
    )
    direct_apply = models.BooleanField(
        "the link is the application",
        default=False,
        help_text="Tick only when the link opens the application form itself, not a careers "
        "page or an e-mail address; search engines are told so (JobPosting directApply).",
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Defaults to 60 days after publishing."
    )
    source_id = models.CharField(
        "source job id",
        max_length=100,
        blank=True,
        help_text="The id in the feed or tracking system it was imported from.",
    )
    # Kept current by the database: title, then city, then description; the company's name
    # is matched through its own vector. Stored in the row, not out of line (migration 0019).
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("city", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The title's words alone: site search ranks a role that names the query in its title
    # above one that mentions it elsewhere (website/search.py), without reading the larger
    # vector of every match.
    title_vector = models.GeneratedField(
        expression=SearchVector("title", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobQuerySet.as_manager()

    DERIVED_FROM = ("description", "workplace", "country", "remote_regions", "remote_countries")
    DERIVED_FIELDS = ("description_html", "rendered_from", "hires_from")

    class Meta:
        ordering = ["-published_at"]
        triggers = [
            # The words search corrects spellings against.
            *lexicon_triggers(
                name="job_lexicon", text="title || ' ' || description || ' ' || city"
            ),
            # Cached pages and the board's index follow every change; a page showing roles
            # by the board's columns and words, or a company's roles, follows those alone.
            *change_log_triggers(
                name="job_changes",
                table="jobs_job",
                parts={"board": ("status", *ROLE_INDEX_FIELDS)},
                parents=("company_id",),
                lexemes={"lexemes": WORDS},
            ),
        ]
        indexes = [
            # The board's default order over open roles.
            models.Index(
                fields=["-published_at"],
                name="job_published_idx",
                condition=Q(status=JobStatus.PUBLISHED),
            ),
            # The admin's change list, newest first whatever the status (200,000 rows and more).
            models.Index(fields=["-published_at", "-id"], name="job_admin_order_idx"),
            # visible() and the expiry filter in admin.
            models.Index(fields=["status", "expires_at"], name="job_status_expiry_idx"),
            # A company's open roles, and the per-company open-role refresh.
            models.Index(fields=["company", "status"], name="job_company_status_idx"),
            # Site search.
            GinIndex(fields=["search_vector"], name="job_search_gin"),
            # Site search's first kind of match: the query in the title.
            GinIndex(fields=["title_vector"], name="job_title_gin"),
            # Search's roles at matching companies, newest first, from this index alone.
            models.Index(
                fields=["company", "-published_at"],
                name="job_company_published_idx",
                include=["expires_at", "id"],
                condition=Q(status=JobStatus.PUBLISHED),
            ),
            # The country filter and its counts: roles open to applicants in a country.
            GinIndex(fields=["hires_from"], name="job_hires_from_gin"),
            # The sitemap's files of open roles: each a block of ids, read from here alone, and
            # dated in the sitemap index by its entry changed last.
            models.Index(
                sitemap_block(),
                models.F("updated_at").desc(),
                name="job_sitemap_idx",
                include=["id", "company", "published_at", "expires_at", "slug"],
                condition=Q(status=JobStatus.PUBLISHED),
            ),
            # The board's index (jobs.board) reads every published role's declared columns
            # from this index alone rather than from the wide table.
            models.Index(
                fields=["id"],
                name=ROLE_INDEX_NAME,
                include=ROLE_INDEX_FIELDS,
                condition=Q(status=JobStatus.PUBLISHED),
            ),
        ]
        constraints = [
            rendered_from_check("description", name="job_html_rendered"),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_min_le_max",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_min__gt=0),
                name="job_salary_positive",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(expires_at__gt=models.F("published_at")),
                name="job_expires_after_publishing",
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.PUBLISHED)
                | Q(published_at__isnull=False, expires_at__isnull=False),
                name="job_published_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(salary_currency__regex=r"^[A-Z]{3}$"), name="job_currency_iso"
            ),
            # A remote role says where applicants may be.
            models.CheckConstraint(
                condition=~Q(workplace=Workplace.REMOTE) | ~Q(hires_from=[]),
                name="job_remote_hires_from_somewhere",
            ),
            # Re-importing a feed updates the role it created instead of adding another.
            models.UniqueConstraint(
                fields=["company", "source_id"],
                condition=~Q(source_id=""),
                name="job_unique_source_id",
            ),
        ]

    def __str__(self):
        return f"{self.title} at {self.company}"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.slug])

    def clean(self):
        if self.status == JobStatus.PUBLISHED and (
            self.published_at is None or self.expires_at is None
        ):
            self.publish()  # a role saved as published gets today's date and the default expiry
        errors = {}
        if self.salary_min and self.salary_max and self.salary_min > self.salary_max:
            errors["salary_max"] = "The maximum salary must be at least the minimum."
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            errors["expires_at"] = "A role must expire after it is published."
        if self.workplace == Workplace.REMOTE:
            if not self.remote_regions and not self.remote_countries:
                errors["remote_regions"] = (
                    "Say where remote applicants may be: choose a region (Anywhere if they may "
                    "be in any country) or countries."
                )
        else:
            if not self.city:
                errors["city"] = "On-site and hybrid roles need a city."
            # Where remote applicants may be means nothing for a role in an office.
            self.remote_regions, self.remote_countries = [], []  # type: ignore[assignment]  # array fields
        if self.direct_apply and "://" not in self.apply_to:
            errors["direct_apply"] = (
                "An e-mail address is not a direct application: untick this, or give the "
                "application form's URL."
            )
        if errors:
            raise ValidationError(errors)

    def derive(self, *, force: bool = False) -> None:
        if force or self.rendered_from != source_hash(self.description):
            self.description_html = render_markdown(self.description).html
            self.rendered_from = source_hash(self.description)
        if self.workplace == Workplace.REMOTE:
            self.hires_from = regions.open_to(self.remote_regions, self.remote_countries)
        else:
            self.hires_from = [self.country.code] if self.country else []  # type: ignore[attr-defined]  # a Country

    # State changes of this instance; save() to keep them, or use the QuerySet's methods.

    def publish(self, now=None) -> None:
        now = now or timezone.now()
        self.status = JobStatus.PUBLISHED
        if self.published_at is None or self.published_at > now:
            self.published_at = now
        if self.expires_at is None or self.expires_at <= self.published_at:
            self.expires_at = self.published_at + DEFAULT_LIFETIME

    def unpublish(self) -> None:
        self.status = JobStatus.DRAFT

    def close(self) -> None:
        self.status = JobStatus.CLOSED

    def extend(self, days: int, now=None) -> None:
        now = now or timezone.now()
        self.expires_at = max(self.expires_at or now, now) + timedelta(days=days)

    @property
    def apply_href(self) -> str:
        return self.apply_to if "://" in self.apply_to else f"mailto:{self.apply_to}"

    @property
    def comp_track(self) -> str:
        return COMP_TRACK[Track(self.track)]

    @property
    def has_salary(self) -> bool:
        return self.salary_min is not None or self.salary_max is not None

    @property
    def hires_anywhere(self) -> bool:
        return regions.ANYWHERE in self.remote_regions

    @property
    def remote_from_label(self) -> str:
        """Where remote applicants may be, in words: "Europe", "US, Canada"."""
        return regions.describe(self.remote_regions, self.remote_countries)

    @property
    def location_label(self) -> str:
        if self.workplace == Workplace.REMOTE:
            where = self.remote_from_label
            return f"Remote · {where}" if where else "Remote"
        place = ", ".join(p for p in [self.city, self.country.name] if p)  # type: ignore[attr-defined]  # a Country
        return f"{place} ({self.get_workplace_display().lower()})" if place else ""


# Imports: a file uploaded once, previewed and then applied by the worker (jobs/importing/).


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all-or-nothing", "All or nothing: import nothing if any row is rejected"
    VALID_ONLY = "valid-only", "Valid rows only: import the valid rows, skip rejected ones"


class ImportAction(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    UNCHANGED = "unchanged", "Unchanged"
    REJECT = "reject", "Reject"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    PREVIEWING = "previewing", "Reading the file"
    PREVIEWED = "previewed", "Previewed: choose how to import"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Failed"


class ImportRunQuerySet(models.QuerySet):
    def recent(self, limit: int = 10):
        return self.select_related("created_by", "company").defer("data")[:limit]


class ImportRun(models.Model):
    """One uploaded file and what became of it: its preview, the mode chosen on it, and what
    the import wrote. The file is kept in the database, where the worker reads it."""

    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=12)
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Whose board a Greenhouse export is.",
    )
    data = models.BinaryField(editable=False)
    size = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    mode = models.CharField(max_length=16, choices=ImportMode.choices, blank=True)
    # Progress: rows read by the preview, then rows written or skipped by the import.
    rows_read = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # The preview's counts.
    to_create = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # What the import did.
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the file as a whole failed.")
    previewed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display().lower()})"

    @property
    def rows_total(self) -> int:
        return self.to_create + self.to_update + self.unchanged + self.rejected

    @property
    def in_progress(self) -> bool:
        return self.status in {
            ImportStatus.QUEUED,
            ImportStatus.PREVIEWING,
            ImportStatus.IMPORTING,
        }

    @property
    def blocked(self) -> bool:
        """All-or-nothing would import nothing: the preview rejected a row."""
        return self.rejected > 0


class ImportRow(models.Model):
    """One row of a previewed file: what importing it would do, and why not when rejected."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()
    action = models.CharField(max_length=10, choices=ImportAction.choices)
    source_id = models.CharField(max_length=100, blank=True)
    company = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=160, blank=True)
    reasons = models.JSONField(default=list)
    changes = models.JSONField(default=list)
    notes = models.JSONField(default=list)

    class Meta:
        ordering = ["number"]
        indexes = [
            # The preview's pages: one kind of row of one run, in file order.
            models.Index(fields=["run", "action", "number"], name="importrow_run_action_idx"),
        ]

    def __str__(self):
        return f"row {self.number}: {self.action}"


class RoleTally(models.Model):
    """How often a role's page was seen and its apply link followed on one day (jobs.tallies).
    Rows are only appended, several a day for a popular role, and folded into one a day later;
    nothing about the readers is kept."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    apply_clicks = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # A company's roles over the last 30 days; a past day's rows, to fold.
            models.Index(fields=["job", "day"], name="roletally_job_day_idx"),
        ]

    def __str__(self):
        return f"{self.job_id} on {self.day}: {self.views} views, {self.apply_clicks} clicks"


class BoardSnapshot(models.Model):
    """The board's index (jobs.board) as one worker built it, for the others to load rather
    than build again: after a deploy or a large import, the fleet costs PostgreSQL one build.
    Written by jobs.board only; the newest two are kept."""

    format = models.CharField(max_length=16, help_text="The column declaration it holds.")
    snapshot = models.TextField(help_text="The PostgreSQL snapshot it reflects.")
    data = models.BinaryField()
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # The newest snapshot of a format.
            models.Index(fields=["format", "-built_at"], name="boardsnapshot_newest_idx"),
        ]

    def __str__(self):
        return f"board snapshot of {self.built_at:%Y-%m-%d %H:%M:%S}"
