from dataclasses import dataclass
from datetime import timedelta

import pgtrigger
import reversion
from django import forms
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from companies.models import Company, CompanyMatches, CompTrack, Level, units_per_usd_sql
from core.columns import epoch_micros, numbers
from core.derived import (
    DerivedQuerySet,
    DerivesOnSave,
    content_version_triggers,
    lexicon_triggers,
    rendered_from_check,
    rendered_from_field,
    source_hash,
)
from core.markdown import render_markdown
from core.models import ContentVersion
from core.search import SEARCH_CONFIG
from core.seo import sitemap_block
from jobs import regions
from jobs.regions import REGION_CHOICES

DEFAULT_LIFETIME = timedelta(days=60)

# Roles read for search's estimated total past its cap: about 1% of them at 200,000, so an
# estimate within a few per cent for a word in one role of twenty.
SEARCH_SAMPLE_ROWS = 2000

# Where Job.objects.open_count() keeps the last full count, and for how long at most.
OPEN_COUNT_KEY = "jobs:open-count"
OPEN_COUNT_TTL = 60 * 60


@dataclass
class RankedMatches:
    """What JobQuerySet.search_ranked() found: the ids shown, best first, and how many match."""

    ids: list[int]
    total: int  # exact, or when not `exact` an estimate past the cap
    exact: bool


def _ranks_of(wanted, ids, ranks):
    """The rank of each of `wanted` among `ids` with their `ranks`, 0 for one not among
    them."""
    import numpy as np

    if not len(ids):
        return np.zeros(len(wanted))
    order = np.argsort(ids)
    positions = np.searchsorted(ids, wanted, sorter=order).clip(max=len(ids) - 1)
    found = ids[order[positions]] == wanted
    return np.where(found, ranks[order[positions]], 0.0)


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

# Computed by the database on every insert and update of a role, and again for the roles in a
# currency whose exchange rate changes (the trigger in migration 0006): the top of the salary
# range, annualised and converted to USD, or NULL without a salary or a rate.
JOB_DERIVE_SQL = """
NEW.annual_salary_usd := round(
  coalesce(NEW.salary_max, NEW.salary_min)
  * CASE NEW.salary_period PERIODS END
  / (UNITS_PER_USD));
RETURN NEW;
""".replace(
    "PERIODS", " ".join(f"WHEN '{period}' THEN {n}" for period, n in PERIODS_PER_YEAR.items())
).replace("UNITS_PER_USD", units_per_usd_sql("NEW.salary_currency"))


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
            choices=self.base_field.choices,
            coerce=self.base_field.to_python,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class JobQuerySet(DerivedQuerySet):
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

    def visible_by_exclusion(self, at=None):
        """visible(), with the unlisted companies' roles left out rather than the listed ones'
        kept: PostgreSQL hashes the ids of the few unlisted companies (company_unlisted_idx)
        once, where the join looks each row's company up. For a walk along the newest roles
        that reads thousands of them (search): 2.3 rather than 3.7 ms at 200,000 roles."""
        at = at or timezone.now()
        unlisted = Company.objects.filter(is_listed=False).values("pk")
        return self.published(at).not_expired(at).exclude(company__in=unlisted)

    def open_count(self) -> int:
        """How many roles are open (`visible()`) at this moment, exactly, in one query that
        does not count them all each time (a scan of every open role: 200 ms at 200,000).

        The full count is kept in the cache with the content version it was taken at
        (core.ContentVersion, which every write to a role or a company moves) and its moment.
        While the version stays, roles open and close only by their own dates, so the count
        now is the one kept, plus the roles gone live since and minus those expired since:
        two index range scans over the roles whose dates fell in between. When the version
        has moved, the same query counts them all instead (PostgreSQL evaluates only the
        branch of the CASE it takes), and that count is kept for the next request."""
        now = timezone.now()
        cache = caches["default"]
        kept = cache.get(OPEN_COUNT_KEY)  # (version, changed_at, taken at, count)
        version, changed_at, then, count = kept or (-1, now, now, 0)
        delta = _count_of(self.visible(now).filter(published_at__gt=then)) - _count_of(
            self.visible(then).filter(expires_at__lte=now)
        )
        row = (
            ContentVersion.objects.filter(pk=1)
            .annotate(
                open_roles=models.Case(
                    models.When(
                        version=version, changed_at=changed_at, then=delta + models.Value(count)
                    ),
                    default=_count_of(self.visible(now)),
                )
            )
            .values_list("version", "changed_at", "open_roles")
            .first()
        )
        if row is None:  # no content written yet
            return self.visible(now).count()
        if row[:2] != (version, changed_at):
            cache.set(OPEN_COUNT_KEY, (*row[:2], now, row[2]), OPEN_COUNT_TTL)
        return row[2]

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

    def without_long_text(self):
        """Leave out what a role card never shows: the role's and its company's Markdown,
        HTML and search vectors, most of each row's bytes."""
        return self.defer(
            "description",
            "description_html",
            "search_vector",
            "company__about",
            "company__about_html",
            "company__search_vector",
        )

    def hiring_company_ids(self) -> list[int]:
        """The ids of the listed companies with an open role at this moment, from the board's
        in-memory index (jobs.board) rather than a scan of the roles."""
        from jobs.board import current_index  # built from this model

        return current_index().hiring_company_ids(timezone.now())

    def open_role_counts(self):
        """The listed companies' ids, ascending, and how many open roles each has at this
        moment, as two read-only NumPy arrays, from the board's in-memory index (jobs.board)."""
        from jobs.board import current_index  # built from this model

        index = current_index()
        return index.company_ids, index.open_now(timezone.now()).per_company

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

    def search_ranked(self, query, *, cap: int, companies: CompanyMatches) -> "RankedMatches":
        """The open roles `search()` finds, at most `cap` of them in its order, ranked among
        the newest `cap` matches in their own text and the newest `cap` at `companies` (the
        listed companies whose text matches, with their ranks); with how many match in all,
        exact unless more than `cap` match in their own text.

        Each kind of candidate is found its own way rather than by an OR across the join that
        no index serves, and only the candidates are ranked, by NumPy:
        - the roles at matching companies, every one of them, from the board's in-memory
          index (jobs.board), which also says how many roles are open;
        - the roles matching in their own text, newest first along `job_published_idx` with
          their rank, in one query. A candidate found only at a matching company that is
          newer than the oldest role matching in its own text does not match in its own text;
          the same query reads the rank of the others.

        Past the cap the total is estimated, not counted: counting 75,000 matches among
        200,000 roles reads every one (0.6 s). The roles at matching companies are counted
        exactly; of the other open roles, the share that match in their own text in a sample of
        about SEARCH_SAMPLE_ROWS roles (PostgreSQL's TABLESAMPLE SYSTEM, whole pages chosen at
        random, the same ones every time) is taken to match. It reads as many pages whatever
        the size of the board.
        """
        import numpy as np

        from jobs.board import current_index  # built from this model

        now = timezone.now()
        board = current_index()
        matching = companies.ids
        at_matching = board.companies_in(matching)
        newest_at, at_total, open_roles = board.open_at(at_matching, now, cap + 1)
        compiler = self.query.get_compiler(using=self.db)
        tsquery, tsquery_params = compiler.compile(query.resolve_expression(self.query))

        def sql(queryset):
            return queryset.query.get_compiler(using=self.db).as_sql()

        own, own_params = sql(
            self.visible_by_exclusion(now)
            .filter(search_vector=query)
            .annotate(
                rank=SearchRank(models.F("search_vector"), query),
                micros=epoch_micros("published_at"),
            )
            .order_by("-published_at")
            .values("id", "company_id", "micros", "rank")[: cap + 1]
        )
        # The sample: whether each role open by its own dates matches in its own text, and its
        # company (the board tells which companies are listed, and which match).
        sample, sample_params = sql(
            self.published(now)
            .not_expired(now)
            .annotate(
                found=models.ExpressionWrapper(
                    Q(search_vector=query), output_field=models.BooleanField()
                )
            )
            .order_by()
            .values("company_id", "found")
        )
        table = connection.ops.quote_name(self.model._meta.db_table)
        assert sample.count(f"FROM {table} ") == 1
        sample = sample.replace(
            f"FROM {table} ",
            f"FROM {table} TABLESAMPLE SYSTEM ((SELECT LEAST(100, 100.0 * {SEARCH_SAMPLE_ROWS:d} / "
            f"GREATEST(reltuples, 1)) FROM pg_class WHERE oid = '{table}'::regclass)) "
            "REPEATABLE (0) ",
        )
        # Every list goes both ways as one comma-separated text: quoting or building each
        # number costs more than the rest.
        statement = f"""
            WITH own AS MATERIALIZED ({own}),
                 cutoff AS MATERIALIZED (
                    SELECT count(*) > %s AS capped, min(micros) AS own_since FROM own)
            SELECT cutoff.capped, found.*, reread.*, sampled.*
              FROM cutoff
             CROSS JOIN (
                SELECT string_agg(id::text, ','), string_agg(company_id::text, ','),
                       string_agg(micros::text, ','), string_agg(rank::text, ',')
                  FROM own) AS found
             CROSS JOIN LATERAL (
                SELECT string_agg(role.id::text, ','),
                       string_agg(ts_rank(role.search_vector, {tsquery})::text, ',')
                  FROM unnest(string_to_array(%s, ',')::bigint[],
                              string_to_array(%s, ',')::bigint[]) AS newest(id, micros)
                  JOIN {table} role ON role.id = newest.id
                 WHERE cutoff.capped AND newest.micros <= cutoff.own_since
                   AND newest.id NOT IN (SELECT id FROM own)) AS reread
             CROSS JOIN LATERAL (
                SELECT string_agg(company_id::text, ','), string_agg(found::int::text, ',')
                  FROM ({sample}) AS sample
                 WHERE cutoff.capped) AS sampled
        """
        with connection.cursor() as cursor:
            cursor.execute(
                statement,
                [
                    *own_params,
                    cap,
                    *tsquery_params,
                    ",".join(map(str, board.ids[newest_at].tolist())),
                    ",".join(map(str, board.published[newest_at].tolist())),
                    *sample_params,
                ],
            )
            capped, *texts = cursor.fetchone()
        own_ids, own_companies, own_micros, reread_ids, sample_companies, sample_found = (
            numbers(texts[i], np.int64) for i in (0, 1, 2, 4, 6, 7)
        )
        # Ranks are PostgreSQL's `real`: parsed as such, so that sums come out as its own would.
        own_ranks, reread_ranks = (
            numbers(text, np.float32).astype(np.float64) for text in (texts[3], texts[5])
        )
        company_ranks = companies.ranks.astype(np.float64)

        # The candidates: the roles matching in their own text, then those found only at a
        # matching company, each with its own rank where it was read again, else none.
        at_ids = board.ids[newest_at]
        only_at = ~np.isin(at_ids, own_ids, assume_unique=True)
        ids = np.concatenate([own_ids, at_ids[only_at]])
        micros = np.concatenate([own_micros, board.published[newest_at][only_at]])
        rank = np.concatenate(
            [own_ranks, _ranks_of(at_ids[only_at], reread_ids, reread_ranks)]
        ) + 0.5 * _ranks_of(
            np.concatenate([own_companies, board.company_ids[board.company[newest_at]][only_at]]),
            matching,
            company_ranks,
        )
        if not len(ids):
            return RankedMatches([], 0, exact=True)
        shown = ids[np.lexsort((ids, -micros, -rank))[:cap]].tolist()

        # Every role at a matching company is known; so is every one matching in its own text
        # unless there are more than the cap.
        positions, listed = board.locate_companies(own_companies)
        total = at_total + int(np.count_nonzero(listed & ~at_matching[positions]))
        if not capped:
            return RankedMatches(shown, total, exact=True)
        # The sampled roles at listed companies that do not match, and how many of them match
        # in their own text.
        positions, listed = board.locate_companies(sample_companies)
        elsewhere = listed & ~at_matching[positions]
        if np.count_nonzero(elsewhere):
            share = np.count_nonzero(sample_found[elsewhere]) / np.count_nonzero(elsewhere)
            total = max(total, at_total + round(share * (open_roles - at_total)))
        return RankedMatches(shown, total, exact=False)

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

    def similar_to(self, job, limit: int = 4):
        """Open roles like `job`: same discipline, the same level first, then newest first.

        Read from `job_similar_idx` in one query whatever the size of the board: the newest
        `limit` open roles of the discipline at each level, each an index range cut short by
        its LIMIT, of which the outer query orders the few dozen it gets."""
        candidates = [
            self.visible()
            .filter(discipline=job.discipline, level=level)
            .exclude(pk=job.pk)
            .order_by("-published_at")
            .values("pk")[:limit]
            for level in Level.values
        ]
        return (
            self.filter(pk__in=candidates[0].union(*candidates[1:], all=True))
            .select_related("company")
            .without_long_text()
            .order_by(
                models.Case(
                    models.When(level=job.level, then=0),
                    default=1,
                    output_field=models.IntegerField(),
                ),
                "-published_at",
                "-pk",
            )[:limit]
        )


@reversion.register(exclude=("search_vector",))
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
    # Derived by the database (JOB_DERIVE_SQL): what the salary sort and filter compare.
    annual_salary_usd = models.PositiveIntegerField(
        "annual salary in USD",
        null=True,
        editable=False,
        help_text="The top of the range, a full-time year of it, at the editors' exchange rate.",
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

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobQuerySet.as_manager()

    DERIVED_FROM = ("description", "workplace", "country", "remote_regions", "remote_countries")
    DERIVED_FIELDS = ("description_html", "rendered_from", "hires_from")

    class Meta:
        ordering = ["-published_at"]
        triggers = [
            # The salary in USD for sorting and filtering across currencies.
            pgtrigger.Trigger(
                name="job_derive",
                level=pgtrigger.Row,
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=JOB_DERIVE_SQL,
            ),
            # The words search corrects spellings against.
            *lexicon_triggers(
                name="job_lexicon", text="title || ' ' || description || ' ' || city"
            ),
            # Cached pages follow every change.
            *content_version_triggers(name="job_content_version"),
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
            # The board's in-memory index (jobs.board) reads every published role's board
            # columns from this index alone rather than from the wide table.
            models.Index(
                fields=["id"],
                name="job_board_columns_idx",
                include=[
                    "company",
                    "published_at",
                    "expires_at",
                    "level",
                    "track",
                    "discipline",
                    "workplace",
                    "annual_salary_usd",
                    "hires_from",
                ],
                condition=Q(status=JobStatus.PUBLISHED),
            ),
            # Similar roles on a role page: the newest open roles of a discipline and level.
            models.Index(
                fields=["discipline", "level", "-published_at"],
                name="job_similar_idx",
                condition=Q(status=JobStatus.PUBLISHED),
            ),
            # Highest-salary sort, across currencies (a guide's live block of roles): in the
            # sort's own order, roles without a salary last, so LIMIT stops early.
            models.Index(
                models.F("annual_salary_usd").desc(nulls_last=True),
                models.F("published_at").desc(),
                name="job_annual_salary_idx",
                condition=Q(status=JobStatus.PUBLISHED),
            ),
            # The same within one level (a guide's live block of a level's best-paid roles;
            # the top salaries all belong to the highest levels).
            models.Index(
                "level",
                models.F("annual_salary_usd").desc(nulls_last=True),
                models.F("published_at").desc(),
                name="job_level_salary_idx",
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
            self.remote_regions, self.remote_countries = [], []
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
            self.hires_from = [self.country.code] if self.country else []

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
        return COMP_TRACK[self.track]

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
        place = ", ".join(p for p in [self.city, self.country.name] if p)
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


class BoardChangeKind(models.TextChoices):
    ROLES = "roles", "roles"
    COMPANIES = "companies", "companies"
    # The entries of transactions up to `xid` were deleted: an index built before then cannot
    # tell what changed and builds again.
    PRUNED = "pruned", "entries pruned"


class BoardChange(models.Model):
    """Which roles and companies a transaction changed in what the board's in-memory index
    holds (jobs.board), so that each worker brings its index up to date by reading only those.

    Written only by database triggers (migration 0019), whatever door writes: one entry per
    statement that changed a board column of jobs_job or companies_company, marked with the
    writing transaction's id. A worker remembers the PostgreSQL snapshot its index was built
    from and reads the entries of the transactions that snapshot did not see: unlike a
    timestamp or a sequence, which are taken before the commit, this cannot miss a transaction
    that committed after a later one. Entries older than an hour are pruned as writes go by,
    leaving a PRUNED entry behind."""

    xid = models.BigIntegerField(help_text="The writing transaction (pg_current_xact_id()).")
    kind = models.CharField(max_length=10, choices=BoardChangeKind.choices)
    ids = ArrayField(
        models.BigIntegerField(),
        null=True,
        help_text="The roles or companies changed; empty (NULL) when a statement changed too "
        "many to list, so that every index builds again.",
    )
    logged_at = models.DateTimeField()

    class Meta:
        indexes = [
            # The entries of the transactions a worker's snapshot did not see.
            models.Index(fields=["xid"], name="boardchange_xid_idx"),
            # Pruning entries older than an hour.
            models.Index(fields=["logged_at"], name="boardchange_logged_idx"),
        ]

    def __str__(self):
        return f"{self.kind} changed by transaction {self.xid}"
