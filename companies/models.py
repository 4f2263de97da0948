import hashlib
from dataclasses import dataclass
from decimal import Decimal

import pgtrigger
import reversion
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat, Least
from django.urls import reverse
from django.utils import timezone

from companies import openings
from companies.domains import validate_company_domain
from companies.logos import LogoField
from core import mail
from core.changes import AllBut, Span, change_log_triggers
from core.derived import (
    DerivedQuerySet,
    DerivesOnSave,
    lexicon_triggers,
    rendered_from_check,
    rendered_from_field,
    source_hash,
    touch_parent_triggers,
    touch_triggers,
)
from core.kept import kept
from core.markdown import render_markdown
from core.search import SEARCH_CONFIG

# The review scores, averaged onto the company under the same names.
RATING_FIELDS = [
    "rating_overall",
    "rating_career",
    "rating_work_life",
    "rating_culture",
    "rating_leadership",
    "rating_compensation",
]

# A company's columns the job board neither filters, counts nor orders roles by (it reads the
# columns jobs/columns.py declares; its cards show the company's own row): a write to these
# alone leaves cached lists of roles as they are (core.changes.AllBut).
NOT_ON_THE_BOARD = (
    "name",
    "tagline",
    "about",
    "about_html",
    "rendered_from",
    "website",
    "careers_url",
    "email_domains",
    "headquarters",
    "employee_count",
    "founded_year",
    "logo",
    "ladder_url",
    "ladder_verified_on",
    "role_renewals",
    "team_publishes_roles",
    "team_confirmed_on",
    "design_doc_culture",
    *(field for field in RATING_FIELDS if field != "rating_career"),
    "search_vector",
    "created_at",
    "updated_at",
    # The board reads the career rating only against its thresholds: RATING_THRESHOLDS_MET.
    "rating_career",
    "review_count",
    "review_spread",
    "review_families",
    "interview_stats",
)

# The columns a company's card reads (CompanyQuerySet.for_card).
COMPANY_CARD_FIELDS = (
    "slug",
    "name",
    "tagline",
    "logo",
    "is_listed",
    "stage",
    "employee_count",
    "remote_policy",
    "headquarters",
    "review_count",
    "rating_career",
    "ladder_names_tech_lead",
    "engineering_blog_url",
    "tag_slugs",
    "senior_total_comp",
    "senior_comp_currency",
)

# What the directory orders companies by besides the board's columns: the name (every order's
# last key) and the career rating where shown (its default order).
DIRECTORY_ORDER = ("name", "rating_career", "review_count")

# Reviews needed before a company's ratings are shown or can match a threshold filter.
MIN_REVIEWS_FOR_RATING = 3
# The minimum career ratings the directory and the board filter and count by.
RATING_THRESHOLDS = [("3.5", "3.5 and up"), ("4.0", "4.0 and up"), ("4.5", "4.5 and up")]
# Which of them a company's shown rating meets (SQL over a company row written `{row}`): all a
# list of roles says of the rating besides its cards, which show their companies' own rows.
RATING_THRESHOLDS_MET = (
    f"CASE WHEN {{row}}.review_count >= {MIN_REVIEWS_FOR_RATING} THEN "
    + " + ".join(f"({{row}}.rating_career >= {value})::int" for value, _ in RATING_THRESHOLDS)
    + " END"
)
# Where a company stands in the order by rating (the directory's default): its shown career
# rating in hundredths, NULL where none is shown (SQL over a company row written `{row}`;
# companies.filters reads it from the rating shown), then its name.
RATING_ORDER_KEY = (
    f"CASE WHEN {{row}}.review_count >= {MIN_REVIEWS_FOR_RATING} "
    "THEN floor({row}.rating_career * 100)::bigint END"
)


def shown_career_rating(prefix: str = "") -> Case:
    """The career-opportunities rating where the site shows it (enough published reviews), and
    NULL where it says "Not enough reviews yet": what the rating sort ranks by, so a thin
    rating never ranks above one the site stands behind."""
    return Case(
        When(
            Q(**{f"{prefix}review_count__gte": MIN_REVIEWS_FOR_RATING}),
            then=F(f"{prefix}rating_career"),
        ),
        default=None,
    )


# Pay in any currency is compared in this one, through the editors' exchange rates.
REFERENCE_CURRENCY = "USD"


# A currency's units per US dollar, as SQL over the exchange-rate table (NULL when editors have
# not given a rate): `currency_sql` is the column or value holding the ISO code.
def units_per_usd_sql(currency_sql: str) -> str:
    return (
        f"CASE WHEN {currency_sql} = '{REFERENCE_CURRENCY}' THEN 1 ELSE (SELECT units_per_usd "
        f"FROM companies_exchangerate rate WHERE rate.currency = {currency_sql}) END"
    )


class ExchangeRateQuerySet(models.QuerySet):
    def oldest_as_of(self):
        """The date of the oldest rate in use: what a converted figure is "as of"."""
        return self.aggregate(oldest=models.Min("as_of"))["oldest"]


@reversion.register()
class ExchangeRate(models.Model):
    """What one US dollar is worth in another currency, as editors last checked. Every
    comparison of pay across currencies (the board's salary sort and filter, the directory's pay
    sort) converts through these rows when it is read, so saving a rate rewrites nothing else."""

    currency = models.CharField(
        max_length=3, unique=True, help_text="ISO 4217 code, e.g. EUR. USD is the reference."
    )
    units_per_usd = models.DecimalField(
        "units per US dollar",
        max_digits=16,
        decimal_places=6,
        help_text="How many of this currency one US dollar buys, e.g. 0.92 for EUR.",
    )
    as_of = models.DateField("as of", help_text="The day the rate was taken.")

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        ordering = ["currency"]
        constraints = [
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="exchangerate_currency_iso"
            ),
            models.CheckConstraint(
                condition=~Q(currency=REFERENCE_CURRENCY), name="exchangerate_not_reference"
            ),
            models.CheckConstraint(condition=Q(units_per_usd__gt=0), name="exchangerate_positive"),
        ]
        triggers = change_log_triggers(name="exchangerate_changes", table="companies_exchangerate")

    def __str__(self):
        return f"{self.currency} {self.units_per_usd} per USD (as of {self.as_of:%d %b %Y})"

    def from_usd(self, amount) -> int:
        return round(Decimal(amount) * self.units_per_usd)

    def to_usd(self, amount) -> int:
        return round(Decimal(amount) / self.units_per_usd)


class Level(models.TextChoices):
    """The site's one level vocabulary, shared by comp signals and jobs."""

    L3 = "l3", "L3 · Junior"
    L4 = "l4", "L4 · Mid-level"
    L5 = "l5", "L5 · Senior"
    L6 = "l6", "L6 · Staff"
    L7 = "l7", "L7 · Senior Staff"
    L8 = "l8", "L8 · Principal"


class CompTrack(models.TextChoices):
    IC = "ic", "Individual contributor"
    MANAGER = "manager", "Manager"


class Stage(models.TextChoices):
    BOOTSTRAPPED = "bootstrapped", "Bootstrapped"
    SEED = "seed", "Seed"
    SERIES_A = "series-a", "Series A"
    SERIES_B = "series-b", "Series B"
    SERIES_C_PLUS = "series-c-plus", "Series C+"
    PUBLIC = "public", "Public"


class SizeBand(models.TextChoices):
    TINY = "1-10", "1–10"
    SMALL = "11-50", "11–50"
    MEDIUM = "51-200", "51–200"
    LARGE = "201-1000", "201–1,000"
    XLARGE = "1001-5000", "1,001–5,000"
    HUGE = "5001+", "5,001+"

    @classmethod
    def ceilings(cls) -> list[tuple["SizeBand", int]]:
        return [
            (cls.TINY, 10),
            (cls.SMALL, 50),
            (cls.MEDIUM, 200),
            (cls.LARGE, 1000),
            (cls.XLARGE, 5000),
        ]

    @classmethod
    def of(cls, employees: int) -> "SizeBand":
        """The band of a headcount."""
        return next((band for band, top in cls.ceilings() if employees <= top), cls.HUGE)

    @classmethod
    def for_headcount(cls, field: str) -> models.Case:
        """The band of the headcount in `field`, as a database expression."""
        return models.Case(
            *[
                models.When(**{f"{field}__lte": top}, then=Value(band))
                for band, top in cls.ceilings()
            ],
            default=Value(cls.HUGE),
        )


class RemotePolicy(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE_FRIENDLY = "remote-friendly", "Remote-friendly"
    REMOTE_FIRST = "remote-first", "Remote-first"


class Industry(models.TextChoices):
    AI = "ai", "AI & machine learning"
    COMMERCE = "commerce", "Commerce"
    CLIMATE = "climate", "Climate"
    CONSUMER = "consumer", "Consumer"
    DATA = "data", "Data"
    DEVELOPER_TOOLS = "developer-tools", "Developer tools"
    EDUCATION = "education", "Education"
    ENTERPRISE_SAAS = "enterprise-saas", "Enterprise SaaS"
    FINTECH = "fintech", "Fintech"
    GAMING = "gaming", "Gaming"
    HEALTH = "health", "Health"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    MOBILITY = "mobility", "Mobility"
    SECURITY = "security", "Security"


class CultureTagQuerySet(DerivedQuerySet):
    pass


def counted(tags):
    """`tags`, each with `company_count` (the listed companies carrying it) and
    `open_role_count` (their open roles), as the board counts them (companies.openings): no
    query of their own."""
    tags = list(tags)
    now = openings.current(declare=False)
    openings.shown(tags=[tag.slug for tag in tags])
    for tag in tags:
        tag.company_count = now.companies_per_tag.get(tag.slug, 0)
        tag.open_role_count = now.per_tag.get(tag.slug, 0)
    return tags


@reversion.register()
class CultureTag(DerivesOnSave):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60, unique=True)
    summary = models.CharField("one-line meaning", max_length=200)
    explanation = models.TextField(blank=True, help_text="Markdown.")
    explanation_html = models.TextField(editable=False, default="")
    rendered_from = rendered_from_field()
    updated_at = models.DateTimeField(auto_now=True)

    objects = CultureTagQuerySet.as_manager()

    DERIVED_FROM = ("explanation",)
    DERIVED_FIELDS = ("explanation_html", "rendered_from")

    class Meta:
        ordering = ["name"]
        constraints = [rendered_from_check("explanation", name="culturetag_html_rendered")]
        triggers = [
            # A renamed tag renames itself in its companies' tag_slugs.
            pgtrigger.Trigger(
                name="culturetag_touch_companies",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
                func=(
                    "UPDATE companies_company SET id = id WHERE id IN (SELECT company_id "
                    "FROM companies_companytag WHERE tag_id IN (SELECT n.id FROM new_rows n "
                    "JOIN old_rows o ON o.id = n.id WHERE n.slug IS DISTINCT FROM o.slug)); "
                    "RETURN NULL;"
                ),
            ),
            *lexicon_triggers(name="culturetag_lexicon", text="name || ' ' || summary"),
            *change_log_triggers(name="culturetag_changes", table="companies_culturetag"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:tag", args=[self.slug])

    def derive(self, *, force: bool = False) -> None:
        if force or self.rendered_from != source_hash(self.explanation):
            self.explanation_html = render_markdown(self.explanation).html
            self.rendered_from = source_hash(self.explanation)


class CompanyQuerySet(DerivedQuerySet):
    def listed(self):
        return self.filter(is_listed=True)

    def with_open_role_count(self, open_roles: openings.OpenRoles | None = None):
        """Annotate `open_role_count`: the company's open roles, exactly as the board counts
        them at this moment (companies.openings, or `open_roles` read from it already)."""
        if "open_role_count" in self.query.annotations:
            return self
        open_roles = open_roles or openings.current()
        counts = Cast(Value(open_roles.as_json), output_field=models.JSONField())
        looked_up = Func(
            counts,
            Cast("pk", output_field=models.TextField()),
            function="jsonb_extract_path_text",
            output_field=models.TextField(),
        )
        return self.annotate(
            open_role_count=Coalesce(Cast(looked_up, output_field=IntegerField()), 0)
        )

    def with_senior_pay_usd(self):
        """Annotate `senior_total_comp_usd`: the L5 IC row's typical total comp converted to
        USD at the editors' exchange rate as it is now (NULL without a rate)."""
        if "senior_total_comp_usd" in self.query.annotations:
            return self
        rate = Case(
            When(senior_comp_currency=REFERENCE_CURRENCY, then=Value(Decimal(1))),
            default=Subquery(
                ExchangeRate.objects.filter(currency=OuterRef("senior_comp_currency")).values(
                    "units_per_usd"
                )
            ),
        )
        return self.annotate(
            senior_total_comp_usd=models.functions.Round(
                models.ExpressionWrapper(
                    F("senior_total_comp") / rate,
                    output_field=models.DecimalField(max_digits=20, decimal_places=6),
                )
            )
        )

    def for_list(self):
        return self.listed().with_open_role_count().with_senior_pay_usd()

    def for_card(self):
        """What a company's card in a list shows (templates/companies/_company_card.html, the
        tag page's, the home page's and the guides' lists): its columns, not its about text,
        search vector or derived summaries, most of each row's bytes."""
        return self.only(*COMPANY_CARD_FIELDS)

    def search(self, query):
        """Listed companies matching a SearchQuery, most relevant first, then freshest."""
        return (
            self.listed()
            .filter(search_vector=query)
            .annotate(rank=SearchRank(models.F("search_vector"), query))
            .order_by("-rank", "-updated_at")
        )

    def for_detail(self):
        return self.listed()

    def with_rates_as_of(self):
        """Annotate `rates_as_of`, the oldest exchange rate's date, in the same query: what a
        senior pay figure converted to USD is "as of"."""
        oldest = ExchangeRate.objects.order_by("as_of").values("as_of")[:1]
        return self.annotate(rates_as_of=Subquery(oldest))


# Computed by the database on every insert and update of a company, from its reviews, interview
# experiences, tags, comp rows and ladder; the triggers on those tables touch the company so that it runs again.
COMPANY_DERIVE_SQL = """
SELECT count(*), round(avg(rating_overall), 2), round(avg(rating_career), 2),
       round(avg(rating_work_life), 2), round(avg(rating_culture), 2),
       round(avg(rating_leadership), 2), round(avg(rating_compensation), 2),
       ARRAY[count(*) FILTER (WHERE rating_overall = 1), count(*) FILTER (WHERE rating_overall = 2),
             count(*) FILTER (WHERE rating_overall = 3), count(*) FILTER (WHERE rating_overall = 4),
             count(*) FILTER (WHERE rating_overall = 5)]
  INTO NEW.review_count, NEW.rating_overall, NEW.rating_career, NEW.rating_work_life,
       NEW.rating_culture, NEW.rating_leadership, NEW.rating_compensation, NEW.review_spread
  FROM companies_review WHERE company_id = NEW.id AND status = 'published';
NEW.review_families := coalesce((
  SELECT jsonb_object_agg(role_family, n)
    FROM (SELECT role_family, count(*) AS n FROM companies_review
           WHERE company_id = NEW.id AND status = 'published' GROUP BY role_family) AS families
  ), '{}');
-- What its published interview experiences say together: the figures InterviewSummary reads.
NEW.interview_stats := coalesce((
  SELECT jsonb_build_object(
           'count', count(*),
           -- Who is behind each, to count readers only; it is never shown.
           'sources', count(DISTINCT coalesce('account ' || author_id,
                                              'address ' || host(submitted_from),
                                              'entry ' || id)),
           'weeks', percentile_cont(0.5) WITHIN GROUP (ORDER BY weeks),
           'difficulty', avg(difficulty),
           'positive', count(*) FILTER (WHERE feeling = 'positive'),
           'offers', count(*) FILTER (WHERE outcome = 'offer'),
           'stages', (SELECT coalesce(jsonb_object_agg(stage, n), '{}')
                        FROM (SELECT stage, count(DISTINCT experience.id) AS n
                                FROM companies_interviewexperience experience,
                                     unnest(experience.stages) AS stage
                               WHERE experience.company_id = NEW.id
                                 AND experience.status = 'published'
                               GROUP BY stage) AS stages))
    FROM companies_interviewexperience
   WHERE company_id = NEW.id AND status = 'published'
  HAVING count(*) > 0), '{}');
NEW.tag_slugs := coalesce((
  SELECT array_agg(tag.slug ORDER BY tag.slug)
    FROM companies_companytag company_tag
    JOIN companies_culturetag tag ON tag.id = company_tag.tag_id
   WHERE company_tag.company_id = NEW.id), '{}');
SELECT total_comp, currency INTO NEW.senior_total_comp, NEW.senior_comp_currency
  FROM companies_compsignal WHERE company_id = NEW.id AND level = 'l5' AND track = 'ic';
NEW.senior_comp_currency := coalesce(NEW.senior_comp_currency, '');
NEW.ladder_names_tech_lead := EXISTS (
  SELECT 1 FROM companies_ladderlevel WHERE company_id = NEW.id AND tech_lead <> '');
RETURN NEW;
"""


# A version holds the company with its tag evidence, comp rows and ladder, restored together.
@reversion.register(
    follow=("company_tags", "comp_signals", "ladder_levels"),
    exclude=("search_vector", "size_band"),
)
class Company(DerivesOnSave):
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    tagline = models.CharField(max_length=160)
    about = models.TextField(blank=True, help_text="Markdown.")
    about_html = models.TextField(editable=False, default="")
    rendered_from = rendered_from_field()
    website = models.URLField(blank=True)
    careers_url = models.URLField("careers page", blank=True)
    email_domains = ArrayField(
        models.CharField(max_length=253, validators=[validate_company_domain]),
        default=list,
        blank=True,
        help_text="Where the company's people receive mail, comma-separated (acme.com, "
        "acme.io). A reader with an address at one may ask to join the company's team.",
    )
    headquarters = models.CharField(max_length=120, blank=True)
    remote_policy = models.CharField(max_length=20, choices=RemotePolicy.choices)
    industry = models.CharField(max_length=20, choices=Industry.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    employee_count = models.PositiveIntegerField(
        help_text="Approximate headcount; the size band is derived from it."
    )
    size_band = models.GeneratedField(
        expression=SizeBand.for_headcount("employee_count"),
        output_field=models.CharField(max_length=12, choices=SizeBand.choices),
        db_persist=True,
    )
    founded_year = models.PositiveSmallIntegerField(null=True, blank=True)
    logo = LogoField(
        blank=True,
        help_text="PNG, JPEG or WebP, at most 1 MB, 32 to 4,096 pixels a side; shown at up to "
        "256 pixels. Without one, the company's initials stand in.",
    )
    is_listed = models.BooleanField(
        "listed in the directory", default=True, help_text="Unlisted companies are hidden."
    )

    # Engineering signals. The ladder itself is its LadderLevel rows.
    ladder_url = models.URLField(
        "ladder source", blank=True, help_text="Where the company publishes its ladder."
    )
    ladder_verified_on = models.DateField(
        "ladder last verified",
        null=True,
        blank=True,
        help_text="When an editor last checked the levels below against the source.",
    )
    engineering_blog_url = models.URLField("engineering blog", blank=True)
    role_renewals = models.PositiveSmallIntegerField(
        "renewals a role may have",
        default=2,
        help_text="How many times the company's team may renew each of its roles, in the "
        "role's last two weeks.",
    )
    team_publishes_roles = models.BooleanField(
        "its team's roles publish without review",
        default=False,
        help_text="Only for a team the editors trust: a role or change it sends is published "
        "at once, without waiting in the queue. Off unless an editor turns it on.",
    )
    team_confirmed_on = models.DateField(
        "confirmed by its team",
        null=True,
        blank=True,
        editable=False,
        help_text="When an editor last approved the profile as the company's own team sent it.",
    )
    design_doc_culture = models.BooleanField(default=False)

    tags = models.ManyToManyField(CultureTag, through="CompanyTag", related_name="companies")
    # The fields below are derived by the database (COMPANY_DERIVE_SQL) from the company's
    # tags, published reviews, comp rows and ladder, whichever way those are written.
    # Whether any level of its ladder names tech lead, as a role on it or as the level itself.
    ladder_names_tech_lead = models.BooleanField(
        "ladder names tech lead", default=False, editable=False
    )
    # The slugs of its tags, so the all-tags filter is one indexed containment test.
    tag_slugs = ArrayField(models.SlugField(), default=list, editable=False, blank=True)

    # Aggregates over published reviews.
    review_count = models.PositiveIntegerField(default=0, editable=False)
    rating_overall = models.DecimalField(
        "overall", max_digits=3, decimal_places=2, null=True, editable=False
    )
    rating_career = models.DecimalField(
        "career opportunities", max_digits=3, decimal_places=2, null=True, editable=False
    )
    rating_work_life = models.DecimalField(
        "work-life balance", max_digits=3, decimal_places=2, null=True, editable=False
    )
    rating_culture = models.DecimalField(
        "culture & values", max_digits=3, decimal_places=2, null=True, editable=False
    )
    rating_leadership = models.DecimalField(
        "senior leadership", max_digits=3, decimal_places=2, null=True, editable=False
    )
    rating_compensation = models.DecimalField(
        "compensation & benefits", max_digits=3, decimal_places=2, null=True, editable=False
    )
    # How many published reviews gave each overall score, 1 to 5 (the ratings chart), and how
    # many came from each role family (shown as its own once enough share it): what the company
    # page and its reviews read without counting the reviews again.
    review_spread = ArrayField(
        models.PositiveIntegerField(), size=5, default=list, editable=False, blank=True
    )
    review_families = models.JSONField(default=dict, editable=False, blank=True)
    # What its published interview experiences say together (`interview_summary()`).
    interview_stats = models.JSONField(default=dict, editable=False, blank=True)

    # Typical total comp of the L5 (Senior) IC row, in its own currency, for the "pay" sort,
    # which converts it to USD when it reads it (CompanyQuerySet.with_senior_pay_usd).
    senior_total_comp = models.PositiveIntegerField(null=True, editable=False)
    senior_comp_currency = models.CharField(max_length=3, blank=True, editable=False)

    # Kept current by the database: name above tagline above the about text. Stored in the
    # row, not out of line (migration 0013).
    search_vector = models.GeneratedField(
        expression=SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("tagline", weight="B", config=SEARCH_CONFIG)
        + SearchVector("about", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    DERIVED_FROM = ("about",)
    DERIVED_FIELDS = ("about_html", "rendered_from")

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]
        indexes = [
            # The all-tags filter: tag_slugs @> ARRAY[...].
            GinIndex(fields=["tag_slugs"], name="company_tag_slugs_gin"),
            # Threshold filter and sort on the career-opportunities rating.
            models.Index(
                fields=["rating_career"],
                name="company_rating_career_idx",
                condition=Q(review_count__gte=MIN_REVIEWS_FOR_RATING),
            ),
            # The rating order (the directory's default, the home page's companies): rated
            # companies best first, then the others, by name; read in order, cut short by LIMIT.
            models.Index(
                shown_career_rating().desc(nulls_last=True),
                F("name"),
                name="company_rating_order_idx",
                condition=Q(is_listed=True),
            ),
            # "Recently updated" sort.
            models.Index(fields=["-updated_at"], name="company_updated_idx"),
            # Site search.
            GinIndex(fields=["search_vector"], name="company_search_gin"),
            # The order of the directory's results reads the listed companies' sort
            # columns from this index alone (index-only scans) rather than from the wide
            # table.
            models.Index(
                fields=["id"],
                name="company_directory_columns_idx",
                include=[
                    "name",
                    "updated_at",
                    "senior_total_comp",
                    "senior_comp_currency",
                    "stage",
                    "size_band",
                    "remote_policy",
                    "industry",
                    "review_count",
                    "rating_career",
                    "ladder_names_tech_lead",
                    "engineering_blog_url",
                    "tag_slugs",
                ],
                condition=Q(is_listed=True),
            ),
            # The few unlisted companies, for leaving out their roles by a hash of their ids
            # (Job.objects.visible_by_exclusion()) where a join to every company costs more.
            models.Index(fields=["id"], name="company_unlisted_idx", condition=Q(is_listed=False)),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="company_derive",
                level=pgtrigger.Row,
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=COMPANY_DERIVE_SQL,
            ),
            *lexicon_triggers(
                name="company_lexicon",
                text="name || ' ' || tagline || ' ' || about || ' ' || headquarters",
            ),
            # A role page lists similar roles of listed companies only; the board's lists of
            # roles follow the columns it reads; the directory orders by name and rating; a text
            # matches the companies holding its words.
            *change_log_triggers(
                name="company_changes",
                table="companies_company",
                parts={
                    "listed": ("is_listed",),
                    "board": AllBut(NOT_ON_THE_BOARD, (RATING_THRESHOLDS_MET,)),
                    "order": DIRECTORY_ORDER,
                    "rating": Span(RATING_ORDER_KEY, ties=("name",)),
                },
                lexemes={"lexemes": ("search_vector",)},
            ),
        ]
        constraints = [
            rendered_from_check("about", name="company_html_rendered"),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True)
                | Q(founded_year__gte=1800, founded_year__lte=2100),
                name="company_founded_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(employee_count__gte=1), name="company_has_employees"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True})
                    | Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"company_{field}_1_to_5",
                )
                for field in RATING_FIELDS
            ],
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:detail", args=[self.slug])

    def derive(self, *, force: bool = False) -> None:
        if force or self.rendered_from != source_hash(self.about):
            self.about_html = render_markdown(self.about).html
            self.rendered_from = source_hash(self.about)

    @property
    def initials(self) -> str:
        """What stands in for a missing logo: the first letters of the first two words."""
        words = [word for word in self.name.split() if word[:1].isalnum()]
        return "".join(word[0] for word in words[:2]).upper() or "?"

    @property
    def placeholder_hue(self) -> int:
        """One of eight colours for the stand-in, the same for a company every time."""
        return hashlib.blake2b(self.slug.encode(), digest_size=1).digest()[0] % 8

    @property
    def has_enough_reviews(self) -> bool:
        return self.review_count >= MIN_REVIEWS_FOR_RATING

    @property
    def has_engineering_blog(self) -> bool:
        return bool(self.engineering_blog_url)

    def overall_spread(self) -> dict[int, int]:
        """How many published reviews gave each overall score (scores none gave left out)."""
        return {score: n for score, n in enumerate(self.review_spread, start=1) if n}

    def shown_families(self) -> set[str]:
        """The role families with enough published reviews to be shown as they are; any other
        family is shown as "Engineering"."""
        return {
            family
            for family, n in self.review_families.items()
            if n >= settings.REVIEWS_FOR_ROLE_FAMILY
        }

    def interview_summary(self) -> "InterviewSummary | None":
        """What its published interview experiences say together; None before the first."""
        return InterviewSummary.of(self.interview_stats) if self.interview_stats else None

    def sub_ratings(self) -> list[tuple[str, Decimal | None]]:
        return [
            (self._meta.get_field(field).verbose_name, getattr(self, field))
            for field in RATING_FIELDS
        ]


@reversion.register()
class CompanyTag(models.Model):
    """A culture tag on a company, with the evidence for it."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="company_tags")
    tag = models.ForeignKey(CultureTag, on_delete=models.PROTECT, related_name="company_tags")
    evidence_url = models.URLField("evidence link", blank=True)
    evidence_note = models.CharField(max_length=240, blank=True)
    verified_on = models.DateField("last verified", null=True, blank=True)

    class Meta:
        ordering = ["tag__name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "tag"], name="companytag_unique_pair"),
        ]
        triggers = [
            # The company derives tag_slugs from these rows.
            *touch_parent_triggers(
                name="companytag_touch_company",
                parent_table="companies_company",
                key="company_id",
                columns=("company_id", "tag_id"),
            ),
            *change_log_triggers(
                name="companytag_changes", table="companies_companytag", parents=("company_id",)
            ),
        ]

    def __str__(self):
        return f"{self.company} · {self.tag}"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"


class EmploymentStatus(models.TextChoices):
    CURRENT = "current", "Current employee"
    FORMER = "former", "Former employee"


class RoleFamily(models.TextChoices):
    """The family of work a reviewer did. "Engineering" is also what any family is shown as
    where too few reviews of it at a company would narrow a reviewer down."""

    ENGINEERING = "engineering", "Engineering"
    BACKEND = "backend", "Backend engineering"
    FRONTEND = "frontend", "Frontend engineering"
    MOBILE = "mobile", "Mobile engineering"
    INFRASTRUCTURE = "infrastructure", "Infrastructure & SRE"
    DATA = "data", "Data & machine learning"
    SECURITY = "security", "Security"
    QUALITY = "quality", "Quality engineering"
    MANAGEMENT = "management", "Engineering management"


class ReviewFlag(models.TextChoices):
    """Why the moderation queue should look twice at a review."""

    BURST = "burst", "Burst of reviews for this company"
    UNTRUSTED = "untrusted", "Account not trusted"


# Reader-written text: long enough for an honest review, short enough to read.
REVIEW_TEXT_MAX = 4000


def _rating_field(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


MODERATION_ORDER = [
    models.Case(
        models.When(status=ReviewStatus.PENDING, then=0), default=1, output_field=IntegerField()
    ).asc(),
    "created_at",
]


# The reviews pages show and ratings count.
PUBLISHED_REVIEW = "{row}.status = 'published'"


class ReviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.PUBLISHED)

    def moderate(self, status: ReviewStatus, reason: str = "") -> int:
        """Give these reviews a moderation status (a rejection with the editor's `reason`);
        returns how many changed. Their companies' ratings follow in the same statement (see
        COMPANY_DERIVE_SQL), and each reader whose review changed is emailed after commit."""
        return moderate_and_tell(
            self, status, reason, email="companies/email/review_moderated", name="review"
        )


def moderate_and_tell(queryset, status: str, reason: str, *, email: str, name: str) -> int:
    """Publish or reject what `queryset` holds of a reader's contributions (a review, an
    interview experience): a rejection keeps the editor's `reason`. Returns how many changed;
    each reader whose contribution changed is emailed (the `email` templates, given it as
    `name` and `published`), sent by the worker once the decision is committed."""
    model = queryset.model
    changed = list(queryset.exclude(status=status).values_list("pk", "author_id"))
    if not changed:
        return 0
    model.objects.filter(pk__in=[pk for pk, _ in changed]).update(
        status=status,
        moderated_at=timezone.now(),
        rejection_reason=reason if status == ReviewStatus.REJECTED else "",
    )
    if status != ReviewStatus.PENDING:
        told = model.objects.filter(
            pk__in=[pk for pk, author in changed if author is not None]
        ).select_related("company", "author")
        for item in told:
            if item.author.email:
                context = {
                    name: item,
                    "published": item.status == ReviewStatus.PUBLISHED,
                }
                mail.enqueue(mail.render(email, item.author.email, context))
    return len(changed)


@reversion.register()
class Review(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="reviews")
    # The reader who wrote it: seen by editors, never on a public page. Editors' own reviews
    # have none. A reader's account going takes their reviews with it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="company_reviews",
    )
    headline = models.CharField(max_length=160)
    pros = models.TextField()
    cons = models.TextField()
    advice = models.TextField("advice to leadership", blank=True)
    reviewer_role = models.CharField(max_length=120)
    reviewer_level = models.CharField(max_length=4, choices=Level.choices, blank=True)
    role_family = models.CharField(
        max_length=20, choices=RoleFamily.choices, default=RoleFamily.ENGINEERING
    )
    employment_status = models.CharField(max_length=10, choices=EmploymentStatus.choices)
    last_year = models.PositiveSmallIntegerField("last year there", null=True, blank=True)
    rating_overall = _rating_field("overall")
    rating_career = _rating_field("career opportunities")
    rating_work_life = _rating_field("work-life balance")
    rating_culture = _rating_field("culture & values")
    rating_leadership = _rating_field("senior leadership")
    rating_compensation = _rating_field("compensation & benefits")
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    rejection_reason = models.TextField(blank=True)
    flags = ArrayField(
        models.CharField(max_length=20, choices=ReviewFlag.choices),
        default=list,
        blank=True,
        editable=False,
    )
    submitted_from = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Rating aggregates and the company page's recent reviews.
            models.Index(
                fields=["company", "-created_at"],
                name="review_published_idx",
                condition=Q(status=ReviewStatus.PUBLISHED),
            ),
            # How many published reviews each role family has at a company.
            models.Index(
                fields=["company", "role_family"],
                name="review_family_idx",
                condition=Q(status=ReviewStatus.PUBLISHED),
            ),
            # The moderation queue.
            models.Index(fields=["status", "created_at"], name="review_status_idx"),
            # One review per reader per company per interval; a reader's contributions page.
            models.Index(fields=["author", "company", "-created_at"], name="review_author_idx"),
            # Bursts of reviews for one company.
            models.Index(fields=["company", "-created_at"], name="review_company_recent_idx"),
            # Submissions per address per day.
            models.Index(fields=["submitted_from", "-created_at"], name="review_address_idx"),
        ]
        constraints = [
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"review_{field}_1_to_5",
                )
                for field in RATING_FIELDS
            ],
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=1950, last_year__lte=2100),
                name="review_last_year_plausible",
            ),
        ]
        triggers = [
            # The company derives its review count and ratings from its published reviews.
            *touch_parent_triggers(
                name="review_touch_company",
                parent_table="companies_company",
                key="company_id",
                columns=("company_id", "status", "role_family", *RATING_FIELDS),
                relevant=PUBLISHED_REVIEW,
            ),
            # Pages show published reviews only: one that is pending changes none.
            *change_log_triggers(
                name="review_changes",
                table="companies_review",
                public=PUBLISHED_REVIEW,
                parents=("company_id",),
            ),
        ]

    def __str__(self):
        return self.headline

    @property
    def published_answer(self) -> "ReviewAnswer | None":
        """The company's answer, once an editor has published it (select_related("answer")
        reads it with the review)."""
        answer = getattr(self, "answer", None)
        return answer if answer is not None and answer.status == AnswerStatus.PUBLISHED else None

    def family_shown(self, shown_families: set[str]) -> str:
        """The role family as the public sees it: the reviewer's own where enough reviews share
        it, else "Engineering"; editors' reviews keep the role they typed."""
        if self.author_id is None:
            return self.reviewer_role
        if self.role_family in shown_families:
            return self.get_role_family_display()
        return RoleFamily.ENGINEERING.label


class AnswerStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an editor"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"


class ReviewAnswerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=AnswerStatus.PUBLISHED)


@reversion.register()
class ReviewAnswer(models.Model):
    """A company's one public answer under a published review, written by a member of its team
    (employers) and published by an editor; signed as the company, never as its writer."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="answer")
    # Who on the team wrote it: seen by editors, never on a public page.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_answers",
    )
    text = models.TextField(validators=[MaxLengthValidator(2000)])
    status = models.CharField(
        max_length=20, choices=AnswerStatus.choices, default=AnswerStatus.PENDING
    )
    rejection_reason = models.TextField(
        blank=True, help_text="Mailed to the team. Required to reject."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReviewAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The editors' queue.
            models.Index(fields=["status", "created_at"], name="reviewanswer_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="reviewanswer_rejection_has_reason",
            ),
        ]
        triggers = [
            # Review pages show published answers only: a pending one changes none.
            *change_log_triggers(
                name="reviewanswer_changes",
                table="companies_reviewanswer",
                public=PUBLISHED_REVIEW,
            ),
        ]

    def __str__(self):
        return f"The answer to “{self.review}”"


class Contributor(models.Model):
    """Where editors say whether a reader's contributions can be trusted. A reader with no row
    is trusted; one not trusted has everything they send held for moderation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributor"
    )
    is_trusted = models.BooleanField("trusted", default=True)
    note = models.CharField(max_length=240, blank=True, help_text="Why, for other editors.")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "contributing reader"
        ordering = ["-changed_at"]

    def __str__(self):
        return str(self.user)

    @classmethod
    def is_held(cls, user) -> bool:
        return cls.objects.filter(user=user, is_trusted=False).exists()


class Sent(models.TextChoices):
    REVIEW = "review", "Review"
    PAY_REPORT = "pay", "Pay report"
    INTERVIEW = "interview", "Interview experience"


class Submission(models.Model):
    """That a reader sent a review or a pay report, and when and from where: kept when what
    they sent is deleted, so the rules on how much one account or address may send (one review
    of a company a year, so many contributions a day; companies.contributions) count what was
    sent, not what is still there. Goes with the account."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    company = models.ForeignKey("Company", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Sent.choices)
    submitted_from = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["author", "company", "kind", "-created_at"]),
            models.Index(fields=["author", "-created_at"]),
            models.Index(fields=["submitted_from", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.author_id} at {self.created_at:%Y-%m-%d}"


class CompSignalQuerySet(models.QuerySet):
    def converted_to(self, currency: str):
        """Annotate what turns each row's amounts into `currency`: `conversion` (a factor,
        NULL when a rate is missing) and `conversion_as_of` (the older rate's date), in the
        same query as the rows."""
        own_rate = Case(
            When(currency=REFERENCE_CURRENCY, then=Value(Decimal(1))),
            default=Subquery(
                ExchangeRate.objects.filter(currency=OuterRef("currency")).values("units_per_usd")
            ),
        )
        own_as_of = Subquery(
            ExchangeRate.objects.filter(currency=OuterRef("currency")).values("as_of")
        )
        if currency == REFERENCE_CURRENCY:
            target_rate, target_as_of = Value(Decimal(1)), Value(None, models.DateField())
        else:
            target = ExchangeRate.objects.filter(currency=currency)
            target_rate = Subquery(target.values("units_per_usd"))
            target_as_of = Subquery(target.values("as_of"))
        return self.annotate(
            conversion_to=Value(currency),
            conversion=models.ExpressionWrapper(
                target_rate / own_rate,
                output_field=models.DecimalField(max_digits=30, decimal_places=12),
            ),
            # PostgreSQL's LEAST ignores NULLs: USD, which needs no rate, has no date.
            conversion_as_of=Least(own_as_of, target_as_of),
        )


@reversion.register()
class CompSignal(models.Model):
    """What a level pays at a company: the comp signal shown beside its roles."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="comp_signals")
    level = models.CharField(max_length=4, choices=Level.choices)
    track = models.CharField(max_length=10, choices=CompTrack.choices, default=CompTrack.IC)
    base_min = models.PositiveIntegerField("base salary from")
    base_max = models.PositiveIntegerField("base salary to")
    total_comp = models.PositiveIntegerField(
        "typical total compensation", help_text="Base, bonus and equity per year."
    )
    currency = models.CharField(max_length=3, default="USD")
    as_of = models.DateField("as of")

    objects = CompSignalQuerySet.as_manager()

    class Meta:
        ordering = ["track", "level"]
        verbose_name = "comp signal"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "level", "track"], name="compsignal_one_per_level_track"
            ),
            models.CheckConstraint(
                condition=Q(base_min__lte=models.F("base_max")), name="compsignal_base_min_le_max"
            ),
            models.CheckConstraint(
                condition=Q(total_comp__gte=models.F("base_min")),
                name="compsignal_total_at_least_base",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="compsignal_currency_iso"
            ),
        ]
        triggers = [
            # The company derives its senior pay summary from its L5 IC row.
            *touch_parent_triggers(
                name="compsignal_touch_company",
                parent_table="companies_company",
                key="company_id",
                columns=("company_id", "level", "track", "total_comp", "currency"),
                relevant="{row}.level = 'l5' AND {row}.track = 'ic'",
            ),
            *change_log_triggers(
                name="compsignal_changes", table="companies_compsignal", parents=("company_id",)
            ),
        ]

    def __str__(self):
        return f"{self.company} · {self.get_level_display()} ({self.get_track_display()})"

    def convert_at(self, rates: dict[str, "ExchangeRate"], currency: str) -> "CompSignal":
        """Give this row, already read, what `converted_to(currency)` annotates in its query,
        from `rates` (exchange_rates()): for a page showing one row, without the query's four
        subqueries. A test holds the two together."""
        own = rates.get(self.currency)
        target = None if currency == REFERENCE_CURRENCY else rates.get(currency)
        own_rate = Decimal(1) if self.currency == REFERENCE_CURRENCY else own and own.units_per_usd
        target_rate = (
            Decimal(1) if currency == REFERENCE_CURRENCY else target and target.units_per_usd
        )
        self.conversion_to = currency
        self.conversion = target_rate / own_rate if own_rate and target_rate else None
        # PostgreSQL's LEAST ignores NULLs, as `converted_to` does.
        self.conversion_as_of = min((r.as_of for r in (own, target) if r is not None), default=None)
        return self

    def in_currency(self) -> dict | None:
        """This row's amounts in the currency it was `converted_to()`, rounded to the
        thousand, or None when it is already in it or a rate is missing."""
        target = getattr(self, "conversion_to", self.currency)
        if target == self.currency or getattr(self, "conversion", None) is None:
            return None

        def convert(amount: int) -> int:
            return int(round(amount * self.conversion, -3))

        return {
            "currency": target,
            "base_min": convert(self.base_min),
            "base_max": convert(self.base_max),
            "total_comp": convert(self.total_comp),
            "as_of": self.conversion_as_of,
        }


class TechLead(models.TextChoices):
    """Where tech lead sits on a company's ladder, if it names it at all."""

    NOT_NAMED = "", "Not named"
    ROLE = "role", "A role held at this level"
    LEVEL = "level", "This level is tech lead"


class LadderLevelQuerySet(models.QuerySet):
    def in_ladder_order(self):
        """Each track's levels from the lowest up, individual contributors first."""
        return self.order_by("company_id", "track", "lowest", "highest", "position", "name")


@reversion.register()
class LadderLevel(models.Model):
    """One level of a company's engineering ladder, in the company's own name, placed on the
    site's L3–L8 scale (a level may span several) and on a track."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="ladder_levels")
    track = models.CharField(max_length=10, choices=CompTrack.choices, default=CompTrack.IC)
    name = models.CharField(
        "level name",
        max_length=80,
        help_text="The company's own name for it: “Software Engineer II”.",
    )
    lowest = models.CharField(
        "from", max_length=4, choices=Level.choices, help_text="The lowest L-level it matches."
    )
    highest = models.CharField(
        "to",
        max_length=4,
        choices=Level.choices,
        help_text="The highest: the same as “from” unless the level spans several.",
    )
    tech_lead = models.CharField(
        "tech lead", max_length=5, choices=TechLead.choices, default="", blank=True
    )
    scope = models.TextField(
        max_length=600,
        blank=True,
        validators=[MaxLengthValidator(600)],
        help_text="What the company publishes about the scope of this level, in a sentence or two.",
    )
    position = models.PositiveSmallIntegerField(
        default=0,
        help_text="Orders two levels that match the same L-levels on one track: lower first.",
    )

    objects = LadderLevelQuerySet.as_manager()

    class Meta:
        ordering = ["track", "lowest", "highest", "position", "name"]
        verbose_name = "ladder level"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "track", "name"], name="ladderlevel_one_name_per_track"
            ),
            # Level values sort as the levels do (l3 < l4 < … < l8).
            models.CheckConstraint(
                condition=Q(lowest__lte=F("highest")),
                name="ladderlevel_lowest_le_highest",
                violation_error_message="A level's “to” cannot be below its “from”.",
            ),
            models.CheckConstraint(
                condition=Q(tech_lead__in=TechLead.values), name="ladderlevel_tech_lead_known"
            ),
        ]
        triggers = [
            # The company derives ladder_names_tech_lead from these rows.
            *touch_parent_triggers(
                name="ladderlevel_touch_company",
                parent_table="companies_company",
                key="company_id",
                columns=("company_id", "tech_lead"),
                relevant="{row}.tech_lead <> ''",
            ),
            *change_log_triggers(
                name="ladderlevel_changes", table="companies_ladderlevel", parents=("company_id",)
            ),
        ]

    def __str__(self):
        return f"{self.company} · {self.name}"

    @property
    def levels(self) -> list[str]:
        """The L-levels it spans, lowest first."""
        values = Level.values
        return values[values.index(self.lowest) : values.index(self.highest) + 1]

    @property
    def tech_lead_label(self) -> str:
        """Where tech lead sits at this level, in words ("" where it is not named)."""
        return {
            TechLead.LEVEL: "Tech lead level",
            TechLead.ROLE: "Tech lead is a role here",
        }.get(self.tech_lead, "")

    @property
    def span_label(self) -> str:
        """ "L5" or "L5–L6"."""
        if self.lowest == self.highest:
            return self.lowest.upper()
        return f"{self.lowest.upper()}–{self.highest.upper()}"


class InterviewStage(models.TextChoices):
    RECRUITER = "recruiter", "Recruiter call"
    SCREEN = "screen", "Technical phone screen"
    TAKE_HOME = "take-home", "Take-home exercise"
    CODING = "coding", "Live coding"
    SYSTEM_DESIGN = "design", "System design"
    BEHAVIOURAL = "behavioural", "Behavioural interview"
    HIRING_MANAGER = "manager", "Hiring manager"
    TEAM = "team", "Meeting the team"


class InterviewOutcome(models.TextChoices):
    OFFER = "offer", "Got an offer"
    NO_OFFER = "no-offer", "No offer"
    WITHDREW = "withdrew", "Withdrew"


class InterviewFeeling(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"


class InterviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.PUBLISHED)

    def moderate(self, status: ReviewStatus, reason: str = "") -> int:
        """Publish or reject these experiences (a rejection with the editor's `reason`);
        returns how many changed. Each reader whose experience changed is emailed after
        commit."""
        return moderate_and_tell(
            self, status, reason, email="companies/email/interview_moderated", name="experience"
        )


@reversion.register()
class InterviewExperience(models.Model):
    """How a reader's interview at a company went: anonymous in public, moderated like a
    review, and summarised on the company page once enough readers have told."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="interviews")
    # Seen by editors, never on a public page; the experience goes with the reader's account.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interview_experiences",
    )
    role_family = models.CharField(
        "role", max_length=20, choices=RoleFamily.choices, default=RoleFamily.ENGINEERING
    )
    level = models.CharField(max_length=4, choices=Level.choices, blank=True)
    stages = ArrayField(
        models.CharField(max_length=20, choices=InterviewStage.choices),
        help_text="Every stage the process had.",
    )
    weeks = models.PositiveSmallIntegerField(
        "weeks from first contact to decision",
        validators=[MinValueValidator(0), MaxValueValidator(52)],
    )
    difficulty = models.PositiveSmallIntegerField(
        help_text="1 very easy, 5 very hard.",
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    outcome = models.CharField(max_length=10, choices=InterviewOutcome.choices)
    feeling = models.CharField("how it felt", max_length=10, choices=InterviewFeeling.choices)
    questions = models.TextField(
        "the kinds of questions",
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text="In your own words, without anything that would identify you or an interviewer.",
    )
    year = models.PositiveSmallIntegerField("year of the interview")
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    rejection_reason = models.TextField(blank=True)
    submitted_from = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "interview experience"
        indexes = [
            # A company's summary and its recent experiences.
            models.Index(
                fields=["company", "-created_at"],
                name="interview_published_idx",
                condition=Q(status=ReviewStatus.PUBLISHED),
            ),
            # The moderation queue.
            models.Index(fields=["status", "created_at"], name="interview_status_idx"),
            # A reader's contributions page.
            models.Index(fields=["author", "-created_at"], name="interview_author_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=5),
                name="interview_difficulty_1_to_5",
            ),
            models.CheckConstraint(condition=Q(weeks__lte=52), name="interview_weeks_plausible"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="interview_year_plausible"
            ),
        ]
        triggers = [
            # The company derives its summary from its published experiences.
            *touch_parent_triggers(
                name="interview_touch_company",
                parent_table="companies_company",
                key="company_id",
                columns=(
                    "company_id",
                    "status",
                    "author_id",
                    "submitted_from",
                    "stages",
                    "weeks",
                    "difficulty",
                    "feeling",
                    "outcome",
                ),
                relevant="{row}.status = 'published'",
            ),
            *change_log_triggers(
                name="interview_changes",
                table="companies_interviewexperience",
                public="{row}.status = 'published'",
                parents=("company_id",),
            ),
        ]

    def __str__(self):
        return f"{self.company} · {self.get_role_family_display()} interview ({self.year})"

    def get_stages_display(self) -> list[str]:
        return [InterviewStage(stage).label for stage in self.stages]


@dataclass
class InterviewSummary:
    """What published experiences at a company say together; `enough` once they come from
    settings.INTERVIEWS_FOR_SUMMARY readers."""

    count: int
    sources: int  # distinct readers (or addresses, or editors' entries) behind them
    typical_stages: list[tuple[str, int]]  # label and share in percent, commonest first
    median_weeks: float | None
    difficulty: float | None
    positive: int  # percent
    offers: int  # percent

    @property
    def enough(self) -> bool:
        needed = settings.INTERVIEWS_FOR_SUMMARY
        return self.count >= needed and self.sources >= needed

    @property
    def needed(self) -> int:
        return settings.INTERVIEWS_FOR_SUMMARY

    @classmethod
    def of(cls, stats: dict) -> "InterviewSummary":
        """The summary of a company's `interview_stats`, which the database derives."""
        count = stats["count"]
        return cls(
            count=count,
            sources=stats["sources"],
            typical_stages=[
                (InterviewStage(stage).label, round(100 * n / count))
                # Commonest first; equals in the stages' own order, the same in every process.
                for stage, n in sorted(
                    stats["stages"].items(),
                    key=lambda item: (-item[1], STAGE_ORDER.get(item[0], 99)),
                )
                if n * 2 >= count
            ],
            median_weeks=stats["weeks"],
            difficulty=round(stats["difficulty"], 1),
            positive=round(100 * stats["positive"] / count),
            offers=round(100 * stats["offers"] / count),
        )


STAGE_ORDER = {stage: position for position, stage in enumerate(InterviewStage.values)}


class PayReportStatus(models.TextChoices):
    APPROVED = "approved", "Counted"
    HELD = "held", "Held for moderation"
    REJECTED = "rejected", "Rejected"


# Where a report came from, to count sources rather than reports: its client address, or the
# report itself when it has none (entered by an editor).
_REPORT_SOURCE = Coalesce(
    Cast("submitted_from", models.TextField()),
    Concat(Value("report "), Cast("pk", models.TextField()), output_field=models.TextField()),
    output_field=models.TextField(),
)


# Which reports count in medians, as SQL over the row `companies_payreport`: approved, and
# of reports with an account, the latest of each account's for a company, level and track, then
# the latest of those from each client address (an account's report without one stands for
# itself). Each test looks only at the report's own company, level and track (an index scan of
# payreport_approved_idx). The database keeps the result in `PayReport.counted`
# (PAY_COUNTED_TRIGGERS), so that reading the counted reports at one level, which the pay page
# does for every company, tests nothing per row: at 13,609 reports the tests took 45 of the
# 61 ms of reading them (docs/performance.md).
PAY_COUNTED_SQL = """
companies_payreport.status = 'approved' AND (companies_payreport.author_id IS NULL OR (
  NOT EXISTS (
    SELECT 1 FROM companies_payreport newer
     WHERE newer.status = 'approved' AND newer.author_id = companies_payreport.author_id
       AND newer.company_id = companies_payreport.company_id
       AND newer.level = companies_payreport.level AND newer.track = companies_payreport.track
       AND (newer.created_at, newer.id) > (companies_payreport.created_at, companies_payreport.id))
  AND NOT EXISTS (
    SELECT 1 FROM companies_payreport newer
     WHERE newer.status = 'approved' AND newer.author_id IS NOT NULL
       AND newer.company_id = companies_payreport.company_id
       AND newer.level = companies_payreport.level AND newer.track = companies_payreport.track
       AND coalesce(host(newer.submitted_from), 'account ' || newer.author_id)
           = coalesce(host(companies_payreport.submitted_from),
                      'account ' || companies_payreport.author_id)
       AND (newer.created_at, newer.id) > (companies_payreport.created_at, companies_payreport.id)
       AND NOT EXISTS (
         SELECT 1 FROM companies_payreport newest
          WHERE newest.status = 'approved' AND newest.author_id = newer.author_id
            AND newest.company_id = newer.company_id
            AND newest.level = newer.level AND newest.track = newer.track
            AND (newest.created_at, newest.id) > (newer.created_at, newer.id)))))
"""

# The key space of the transaction locks that take the writes to one company's pay reports one
# at a time while the database works out which count: two readers on one network reporting at
# once must not both count because neither saw the other's report.
PAY_COUNT_LOCK = 7_301_102

# After any statement that changes what the rule reads, the companies whose reports it changed
# have theirs decided again (their own ten or so reports each, whatever the statement's size).
# The update of `counted` itself changes none of those columns, so it decides nothing again
# (and runs no statement that would set off the triggers once more).
PAY_COUNTED_TRIGGERS = touch_triggers(
    name="payreport_counted",
    statement=(
        "IF EXISTS ({changed}) THEN "
        f"PERFORM pg_advisory_xact_lock({PAY_COUNT_LOCK}, c) FROM "
        "(SELECT DISTINCT mod(company_id, 2147483647)::int AS c FROM ({changed}) AS k "
        "ORDER BY c) AS s; "
        "UPDATE companies_payreport SET counted = NOT counted WHERE company_id IN ({changed}) "
        f"AND counted <> ({PAY_COUNTED_SQL}); "
        "END IF"
    ),
    column="company_id",
    columns=("company_id", "author_id", "submitted_from", "created_at", "status", "level", "track"),
)


class PayReportQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=PayReportStatus.APPROVED)

    def counted(self):
        """The approved reports that count in medians: for a company, level and track, only
        the latest of one account's reports, and of those only the latest from one client
        address, so that neither one account nor many accounts on one network add more than
        one figure. Reports with no account (entered by editors) each count. The database
        keeps which (PAY_COUNTED_SQL)."""
        return self.filter(counted=True)

    def figures(self, *by: str):
        """What each counted report says, newest first: (each of the fields `by`, level, track,
        total, currency, year, source), where the source is the report's client address (one
        without is a source of its own). One query; contributions.summarise groups them."""
        return (
            self.counted()
            .annotate(source=_REPORT_SOURCE)
            .order_by("-created_at", "-pk")
            .values_list(*by, "level", "track", "total", "currency", "year", "source")
        )

    def totals_in_usd(self) -> list[float]:
        """Each report's total pay in USD (reports without a rate left out)."""
        return [usd for usd, _ in self._usd_and_source()]

    def totals_in_usd_by_source(self) -> list[float]:
        """One total in USD per source (client address; a report without one is a source of
        its own): the latest report's, so that one network adds one figure."""
        return list(
            dict(reversed([(source, usd) for usd, source in self._usd_and_source()])).values()
        )

    def _usd_and_source(self) -> list[tuple[float, str]]:
        """(total in USD, source) per report, newest first; reports without a rate left out."""
        usd = RawSQL(
            f"companies_payreport.total::float / ({units_per_usd_sql('companies_payreport.currency')})",
            [],
            output_field=models.FloatField(),
        )
        rows = (
            self.annotate(usd=usd, source=_REPORT_SOURCE)
            .order_by("-created_at", "-pk")
            .values_list("usd", "source")
        )
        return [(value, source) for value, source in rows if value is not None]

    def moderate(self, status: PayReportStatus) -> int:
        """Count these reports in the medians, or reject them; returns how many changed."""
        return self.exclude(status=status).update(status=status, moderated_at=timezone.now())


class PayReport(models.Model):
    """What a reader says they are paid at a company, for one year. Shown only as medians and
    ranges per level, never one by one, and only once enough reports back them."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="pay_reports")
    # Seen by editors, never on a public page; the reports go with the reader's account.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pay_reports",
    )
    level = models.CharField(max_length=4, choices=Level.choices)
    track = models.CharField(max_length=10, choices=CompTrack.choices, default=CompTrack.IC)
    location = models.CharField(max_length=120)
    currency = models.CharField(max_length=3)
    base = models.PositiveIntegerField("base salary")
    bonus = models.PositiveIntegerField(default=0)
    equity = models.PositiveIntegerField("equity per year", default=0)
    total = models.GeneratedField(
        expression=F("base") + F("bonus") + F("equity"),
        output_field=models.BigIntegerField(),
        db_persist=True,
    )
    year = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=PayReportStatus.choices, default=PayReportStatus.APPROVED
    )
    hold_reason = models.CharField(max_length=240, blank=True, editable=False)
    submitted_from = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Whether it counts in medians, kept by the database (PAY_COUNTED_TRIGGERS).
    counted = models.BooleanField(default=False, editable=False)

    objects = PayReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "pay report"
        indexes = [
            # Medians per level on company and role pages.
            models.Index(
                fields=["company", "level", "track"],
                name="payreport_approved_idx",
                condition=Q(status=PayReportStatus.APPROVED),
            ),
            # The counted reports: one company's (its page, its roles' pages) and one level's
            # across companies (the pay page).
            models.Index(
                fields=["company", "level", "track"],
                name="payreport_counted_idx",
                condition=Q(counted=True),
            ),
            models.Index(
                fields=["level", "track"],
                name="payreport_counted_level_idx",
                condition=Q(counted=True),
            ),
            # The queue of held reports.
            models.Index(fields=["status", "created_at"], name="payreport_status_idx"),
            # A reader's contributions page and submissions per account per day.
            models.Index(fields=["author", "-created_at"], name="payreport_author_idx"),
            # Submissions per address per day.
            models.Index(fields=["submitted_from", "-created_at"], name="payreport_address_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="payreport_currency_iso"
            ),
            models.CheckConstraint(condition=Q(base__gte=1), name="payreport_base_positive"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="payreport_year_plausible"
            ),
        ]
        triggers = [
            *PAY_COUNTED_TRIGGERS,
            # Company and role pages show the medians of approved reports.
            *change_log_triggers(
                name="payreport_changes",
                table="companies_payreport",
                public="{row}.status = 'approved'",
                parents=("company_id",),
            ),
        ]

    def __str__(self):
        return f"{self.company} · {self.get_level_display()} ({self.year})"


# The small tables nearly every list reads whole, kept in memory until one changes (core.kept).


@kept(CultureTag)
def culture_tags() -> list[CultureTag]:
    """Every culture tag, by name. Shared: never change one."""
    return list(CultureTag.objects.order_by("name"))


@kept(ExchangeRate)
def exchange_rates() -> dict[str, ExchangeRate]:
    """Every exchange rate, by currency. Shared: never change one."""
    return {rate.currency: rate for rate in ExchangeRate.objects.order_by("currency")}
