from decimal import Decimal
from functools import cached_property

import django_filters
import numpy as np
from django.db.models import BooleanField, Count, F, Q
from django.db.models.expressions import RawSQL

from companies.directory import COLUMNS, DirectoryIndex, DirectoryQuery, current_index
from companies.models import (
    Company,
    CompanyTag,
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
    stage = django_filters.MultipleChoiceFilter(label="Stage", choices=Stage.choices)
    size = django_filters.ChoiceFilter(
        label="Size", field_name="size_band", choices=SizeBand.choices
    )
    remote = django_filters.ChoiceFilter(
        label="Remote policy", field_name="remote_policy", choices=RemotePolicy.choices
    )
    industry = django_filters.MultipleChoiceFilter(label="Industry", choices=Industry.choices)
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

    def __init__(self, data=None, *args, index: DirectoryIndex | None = None, **kwargs):
        # With the directory's in-memory index (the list page), the tags come from it and the
        # results and counts too; without (saved searches, guides), everything is SQL.
        self.index = index
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset):
        # Counted here rather than in the base queryset, which the facet counts reuse and do
        # not need it for.
        return super().filter_queryset(queryset.with_open_role_count())

    @cached_property
    def directory(self) -> DirectoryQuery:
        """The applied filters over the directory's in-memory index (companies.directory):
        the same rules as the SQL filters of this class, which saved searches and guides use."""
        index = self.index or current_index()
        directory = DirectoryQuery(index, {}, index.open_role_counts())
        for name, value in self.applied.items():
            directory.masks[name] = self.mask(directory, name, value)
        return directory

    def mask(self, directory: DirectoryQuery, name: str, value) -> np.ndarray:
        index = directory.index
        if name == "q":
            query = engine.understand(engine.clean(value, self.notices)).search_query
            if query is None:
                return np.ones(len(index.ids), dtype=bool)
            # PostgreSQL finds the matches through the search GIN index.
            return DirectoryQuery.ids_mask(
                index, Company.objects.filter(search_vector=query).values_list("pk", flat=True)
            )
        if name == "tag":
            return DirectoryQuery.tags_mask(index, value)
        if name in COLUMNS:
            values = [value] if isinstance(value, str) else value
            return DirectoryQuery.column_mask(index, name, values)
        if name == "rating":
            return DirectoryQuery.rating_mask(index, value)
        return directory.switch_mask(name)

    def count_with(self, data) -> int:
        """How many companies the filters in `data` keep, over the same index and moment as
        this page: the masks of filters applied here with the same value are reused, so a
        search is not run again."""
        directory = self.directory
        other = CompanyFilter(data, queryset=self.queryset, index=directory.index)
        applied = self.applied
        masks = {
            name: directory.masks[name]
            if applied.get(name) == value
            else other.mask(directory, name, value)
            for name, value in other.applied.items()
        }
        return DirectoryQuery(directory.index, masks, directory.open_roles).count()

    def results(self):
        """The matching companies in the chosen order, read 20 at a time by id."""
        directory = self.directory
        return CompaniesById(directory.ordered_ids(self.sort_key), self.queryset, directory)

    def prepare_filters(self) -> None:
        if self.index is not None:
            self.tags = self.index.tags
        else:
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
        return queryset.hiring()

    def facets(self) -> dict[str, dict[str, int]]:
        """Counts beside every option, each reflecting the other active filters, from the
        in-memory index: no query of their own."""
        directory = self.directory
        return {
            "tag": directory.tag_counts(),
            **{name: directory.column_counts(name) for name in COLUMNS},
            "rating": directory.rating_counts([value for value, _ in RATING_THRESHOLDS]),
            **directory.switch_counts(),
        }

    def sql_facets(self) -> dict[str, dict[str, int]]:
        """The same counts as facets(), by PostgreSQL. The tests hold the index to these.

        One query per facet group, whatever the number of companies or options: choosing a
        tag narrows an AND, so its count is taken over the current results; the other groups
        count over the results without their own filter.
        """
        counts: dict[str, dict[str, int]] = {}
        current = self.queryset_without()
        counts["tag"] = dict(
            CompanyTag.objects.filter(company__in=current.values("pk"))
            .values_list("tag__slug")
            .annotate(n=Count("company_id"))
            .order_by()
        )
        for name, field in [
            ("stage", "stage"),
            ("size", "size_band"),
            ("remote", "remote_policy"),
            ("industry", "industry"),
        ]:
            counts[name] = self.option_counts(name, field)
        counts["rating"] = self.filters["rating"].counts(self.queryset_without("rating"))
        switches = {
            "ladder": Q(ladder_names_tech_lead=True),
            "blog": ~Q(engineering_blog_url=""),
            "hiring": Q(hiring_now=True),
        }
        active = {name: cond for name, cond in switches.items() if name in self.applied}
        # Annotated first: an aggregate's filter cannot hold a subquery on the outer row. The
        # companies hiring now come from the board's in-memory index: asking the roles of
        # each candidate took 30 ms for 2,594 candidates at 200,000 roles.
        candidates = self.queryset_without(*switches).annotate(
            hiring_now=RawSQL(
                # Hashed once, rather than a search through the array for every company.
                '"companies_company"."id" IN (SELECT unnest(%s::bigint[]))',
                (Company.objects.hiring_ids(),),
                output_field=BooleanField(),
            )
        )
        both = candidates.aggregate(
            **{
                name: Count(
                    "pk",
                    filter=Q(cond, *[c for other, c in active.items() if other != name]),
                )
                for name, cond in switches.items()
            }
        )
        for name in switches:
            counts[name] = {"on": both[name]}
        return counts


class CompaniesById:
    """Company ids in order, as the Paginator's object list: counted without a query, and a
    page of them read by primary key in one, each with its open roles from the board's index."""

    def __init__(self, ids, queryset, directory: DirectoryQuery):
        self.ids = ids
        self.queryset = queryset
        self.directory = directory

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, key):
        wanted = [int(pk) for pk in self.ids[key]]
        open_roles = self.directory.open_roles_of(wanted)
        by_id = self.queryset.in_bulk(wanted)
        # A company unlisted since the index was read is left out rather than shown.
        page = [by_id[pk] for pk in wanted if pk in by_id]
        for company in page:
            company.open_role_count = open_roles[company.pk]
        return page


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
