from decimal import Decimal
from functools import cached_property

import django_filters
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q

from companies import openings
from companies.models import (
    Company,
    CultureTag,
    EmploymentStatus,
    Industry,
    RemotePolicy,
    Review,
    RoleFamily,
    SizeBand,
    Stage,
    career_rating_at_least,
    shown_career_rating,
)
from core import search as engine
from core.filtering import ListFilterSet

RATING_THRESHOLDS = [("3.5", "3.5 and up"), ("4.0", "4.0 and up"), ("4.5", "4.5 and up")]
YES = [("on", "Yes")]

SORTS = {
    # Companies without enough reviews show no rating, so they rank after every rated one.
    "rating": (
        "Career-opportunities rating",
        [shown_career_rating().desc(nulls_last=True), "name"],
    ),
    "name": ("Name", ["name"]),
    "open-roles": ("Open roles", [F("open_role_count").desc(), "name"]),
    "updated": ("Recently updated", [F("updated_at").desc(), "name"]),
    # Converted to USD from any currency at the editors' exchange rates.
    "pay": ("Senior pay (in USD)", [F("senior_total_comp_usd").desc(nulls_last=True), "name"]),
}
DEFAULT_SORT = "rating"


class CareerRatingFilter(django_filters.ChoiceFilter):
    """A minimum career-opportunities rating, over companies or, through `prefix`, their
    roles: one rule (career_rating_at_least), one set of thresholds, one way to count them."""

    def __init__(self, *, prefix: str = "", **kwargs):
        self.prefix = prefix
        super().__init__(label="Career-opportunities rating", choices=RATING_THRESHOLDS, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(career_rating_at_least(Decimal(value), self.prefix))

    def counts(self, queryset) -> dict[str, int]:
        """How many of `queryset` each threshold keeps, in one query."""
        return queryset.aggregate(
            **{
                value: Count("pk", filter=career_rating_at_least(Decimal(value), self.prefix))
                for value, _ in RATING_THRESHOLDS
            }
        )


def tag_filter(queryset, name, slugs):
    """Every chosen tag must be on the company: one indexed array-containment test."""
    return queryset.with_tags_all(slugs)


class CompanyFilter(ListFilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    tag = django_filters.MultipleChoiceFilter(label="Tag", choices=[], method=tag_filter)
    # Every filter here keeps or drops a company's own row (no join that could repeat one), so
    # none asks for DISTINCT, which made PostgreSQL compare every column of every result.
    stage = django_filters.MultipleChoiceFilter(
        label="Stage", choices=Stage.choices, distinct=False
    )
    size = django_filters.ChoiceFilter(
        label="Size", field_name="size_band", choices=SizeBand.choices
    )
    remote = django_filters.ChoiceFilter(
        label="Remote policy", field_name="remote_policy", choices=RemotePolicy.choices
    )
    industry = django_filters.MultipleChoiceFilter(
        label="Industry", choices=Industry.choices, distinct=False
    )
    rating = CareerRatingFilter()
    ladder = django_filters.ChoiceFilter(
        label="Ladder names tech lead", choices=YES, method="ladder_names_tech_lead"
    )
    blog = django_filters.ChoiceFilter(
        label="Public engineering blog", choices=YES, method="has_blog"
    )
    hiring = django_filters.ChoiceFilter(label="Hiring now", choices=YES, method="hiring_now")
    sort = django_filters.ChoiceFilter(
        label="Sort", choices=[(key, label) for key, (label, _) in SORTS.items()], method="order"
    )

    SORTS = SORTS
    DEFAULT_SORT = DEFAULT_SORT
    # Tags must all match; the other groups offer alternatives.
    ALL_OF = ("tag",)

    class Meta:
        model = Company
        fields = []

    @cached_property
    def open_roles(self) -> openings.OpenRoles:
        """Open roles per company, read once for the page's every use."""
        return openings.current()

    def filter_queryset(self, queryset):
        # The sorts by open roles and by pay read these; the facet counts do not.
        return super().filter_queryset(
            queryset.with_open_role_count(self.open_roles).with_senior_pay_usd()
        )

    def prepare_filters(self) -> None:
        self.tags = list(CultureTag.objects.order_by("name"))
        self.filters["tag"].extra["choices"] = [(t.slug, t.name) for t in self.tags]

    def search(self, queryset, name, value):
        # The site's search engine: any word order, web-search syntax, typos corrected.
        query = engine.understand(engine.clean(value, self.notices)).search_query
        return queryset.filter(search_vector=query) if query is not None else queryset

    def ladder_names_tech_lead(self, queryset, name, value):
        return queryset.filter(ladder_names_tech_lead=True)

    def has_blog(self, queryset, name, value):
        return queryset.exclude(engineering_blog_url="")

    def hiring_now(self, queryset, name, value):
        return queryset.hiring(self.open_roles)

    def results(self):
        """The matching companies in the chosen order; how many there are comes with the
        facet counts, so the paginator asks no count of its own."""
        return Counted(self.qs, self.facets()[TOTAL][TOTAL])

    def count_with(self, data) -> int:
        """How many companies the filters in `data` keep (an empty page's suggestions)."""
        return CompanyFilter(data, queryset=self.queryset).qs.count()

    @cached_property
    def _facets(self) -> dict[str, dict[str, int]]:
        """Every facet count and the number of results, in one statement over the listed
        companies: each applied filter is worked out once per company (its own condition,
        hashed), then each group counts over the companies every other filter keeps. Choosing
        a tag narrows an AND, so tags count over the results themselves."""
        applied = self.applied

        def flag(condition) -> ExpressionWrapper:
            return ExpressionWrapper(condition, output_field=BooleanField())

        filtered = {
            f"f_{name}": flag(
                Q(pk__in=self.filters[name].filter(self.queryset.all(), value).values("pk"))
            )
            for name, value in applied.items()
        }
        keeps = {name: f"f_{name}" for name in applied}
        rows_sql, params = (
            self.queryset.with_open_role_count(self.open_roles)
            .order_by()
            .values("pk")
            .annotate(
                c_stage=F("stage"),
                c_size=F("size_band"),
                c_remote=F("remote_policy"),
                c_industry=F("industry"),
                c_tags=F("tag_slugs"),
                c_rating=shown_career_rating(),
                c_ladder=F("ladder_names_tech_lead"),
                c_blog=flag(~Q(engineering_blog_url="")),
                c_hiring=flag(Q(open_role_count__gt=0)),
                **filtered,
            )
            .query.sql_with_params()
        )

        def where(*leaving: str) -> str:
            kept = [flag for name, flag in keeps.items() if name not in leaving]
            return " AND ".join(kept) or "true"

        parts = [f"SELECT '{TOTAL}', '{TOTAL}', count(*) FROM c WHERE {where()}"]
        parts.append(
            f"SELECT 'tag', tag, count(*) FROM c, unnest(c_tags) tag WHERE {where()} GROUP BY tag"
        )
        for name, column in CHOICE_GROUPS.items():
            parts.append(
                f"SELECT '{name}', {column}, count(*) FROM c WHERE {where(name)} GROUP BY {column}"
            )
        for value, _ in RATING_THRESHOLDS:
            parts.append(
                f"SELECT 'rating', '{value}', count(*) FROM c "
                f"WHERE {where('rating')} AND c_rating >= {Decimal(value)}"
            )
        for name in SWITCHES:
            parts.append(f"SELECT '{name}', 'on', count(*) FROM c WHERE {where(name)} AND c_{name}")
        statement = f"WITH c AS MATERIALIZED ({rows_sql}) " + " UNION ALL ".join(parts)
        counts: dict[str, dict[str, int]] = {
            name: {} for name in [TOTAL, "tag", *CHOICE_GROUPS, "rating", *SWITCHES]
        }
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            for group, value, n in cursor.fetchall():
                if n:
                    counts[group][value] = n
        counts[TOTAL].setdefault(TOTAL, 0)
        return counts

    def facets(self) -> dict[str, dict[str, int]]:
        """Counts beside every option, each reflecting the other active filters."""
        return self._facets


# The single-valued groups the directory counts, by filter name: the column counted.
CHOICE_GROUPS = {
    "stage": "c_stage",
    "size": "c_size",
    "remote": "c_remote",
    "industry": "c_industry",
}
SWITCHES = ("ladder", "blog", "hiring")
TOTAL = "total"


class Counted:
    """A QuerySet whose length is already known, as the Paginator's object list."""

    def __init__(self, queryset, count: int):
        self.queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key):
        return list(self.queryset[key])


REVIEW_SORTS = {
    "newest": ("Newest", [F("created_at").desc(), F("pk").desc()]),
    "rating": ("Highest rated", [F("rating_overall").desc(), F("created_at").desc()]),
    "lowest": ("Lowest rated", [F("rating_overall").asc(), F("created_at").desc()]),
}


class ReviewFilter(ListFilterSet):
    """A company's published reviews. The role-family filter offers only the families shown
    on the page (`shown_families`); "Engineering" finds every review shown as it, so a
    family too rare to show cannot be singled out through the filter either."""

    family = django_filters.ChoiceFilter(label="Role family", choices=[], method="by_family")
    relation = django_filters.ChoiceFilter(
        label="Relation", field_name="employment_status", choices=EmploymentStatus.choices
    )
    sort = django_filters.ChoiceFilter(
        label="Sort",
        choices=[(key, label) for key, (label, _) in REVIEW_SORTS.items()],
        method="order",
    )

    SORTS = REVIEW_SORTS
    DEFAULT_SORT = "newest"

    class Meta:
        model = Review
        fields = []

    def __init__(self, data=None, *args, shown_families: set[str], **kwargs):
        self.shown_families = shown_families
        super().__init__(data, *args, **kwargs)

    def prepare_filters(self) -> None:
        self.filters["family"].extra["choices"] = [
            (value, label)
            for value, label in RoleFamily.choices
            if value == RoleFamily.ENGINEERING or value in self.shown_families
        ]

    def by_family(self, queryset, name, value):
        if value == RoleFamily.ENGINEERING:
            # Editors' reviews, and readers' reviews whose family is shown as Engineering.
            return queryset.filter(
                Q(author__isnull=True)
                | ~Q(role_family__in=self.shown_families - {RoleFamily.ENGINEERING})
            )
        return queryset.filter(role_family=value, author__isnull=False)
