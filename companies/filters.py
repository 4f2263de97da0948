from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

import django_filters
import numpy as np
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL

from companies import openings
from companies.models import (
    RATING_THRESHOLDS,
    REFERENCE_CURRENCY,
    Company,
    EmploymentStatus,
    Industry,
    RemotePolicy,
    Review,
    RoleFamily,
    SizeBand,
    Stage,
    culture_tags,
    exchange_rates,
)
from core import changes, pagecache
from core import search as engine
from core.columns import FilteredRows, choice_mask, holds_all, ids_of
from core.filtering import ListFilterSet

YES = [("on", "Yes")]

# Each sort orders by its own column first, then by name (CompanyFilter.ordered_rows).
SORTS: dict[str, tuple[str, list]] = {
    # Companies without enough reviews show no rating, so they rank after every rated one.
    "rating": ("Career-opportunities rating", []),
    "name": ("Name", []),
    "open-roles": ("Open roles", []),
    "updated": ("Recently updated", []),
    # Converted to USD from any currency at the editors' exchange rates; none last.
    "pay": ("Senior pay (in USD)", []),
}
DEFAULT_SORT = "rating"


class CareerRatingFilter(django_filters.ChoiceFilter):
    """A minimum career-opportunities rating where the site shows one: the same thresholds
    for companies (the directory) and roles (the board). Each list keeps what it keeps over
    the shown rating as the board's index holds it (jobs/columns.py), in its own mask."""

    def __init__(self, **kwargs):
        super().__init__(label="Career-opportunities rating", choices=RATING_THRESHOLDS, **kwargs)


# The engineering signals both lists filter by, yes or any (jobs.columns.COMPANY_SIGNALS, and
# whether the company is hiring, the directory's own).
SIGNAL_LABELS = {
    "ladder": "Ladder names tech lead",
    "blog": "Public engineering blog",
    "hiring": "Hiring now",
}


class SignalFilter(django_filters.ChoiceFilter):
    """A company's engineering signal, yes or any: the same label and values for companies
    (the directory) and roles (the board, by the roles' companies)."""

    def __init__(self, name: str, **kwargs):
        super().__init__(label=SIGNAL_LABELS[name], choices=YES, **kwargs)


class CompanyFilter(ListFilterSet):
    """The directory's filters. What each one keeps is decided over every company's columns
    as the board's index holds them (companies.openings.directory(): listed companies, their
    tags, signals, rating, sort columns and open roles, current at each request), as boolean
    masks, so the results, their order, every facet count and an empty page's suggestions
    come from one rule each and no SQL of their own; PostgreSQL then reads a page of
    companies by id. At 10,000 companies that takes a few ms where counting every facet in
    one SQL statement took about 60 (docs/performance.md)."""

    q = django_filters.CharFilter(label="Search")
    tag = django_filters.MultipleChoiceFilter(label="Tag", choices=[])
    stage = django_filters.MultipleChoiceFilter(label="Stage", choices=Stage.choices)
    size = django_filters.ChoiceFilter(label="Size", choices=SizeBand.choices)
    remote = django_filters.ChoiceFilter(label="Remote policy", choices=RemotePolicy.choices)
    industry = django_filters.MultipleChoiceFilter(label="Industry", choices=Industry.choices)
    rating = CareerRatingFilter()
    ladder = SignalFilter("ladder")
    blog = SignalFilter("blog")
    hiring = SignalFilter("hiring")
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
    def directory(self) -> openings.Directory:
        """Every company's columns and open roles now, read once for the page's every use."""
        return openings.directory()

    @property
    def open_roles(self) -> openings.OpenRoles:
        return self.directory.open_roles_by_id

    def prepare_filters(self) -> None:
        self.tags = culture_tags()
        self.filters["tag"].extra["choices"] = [(t.slug, t.name) for t in self.tags]

    # What each filter keeps: a mask over the companies' rows.

    def mask(self, name: str, value) -> np.ndarray:
        """The companies (rows of `directory.columns`) filter `name` keeps with its cleaned
        `value`."""
        columns = self.directory.columns
        if name in CHOICE_GROUPS:
            values = value if isinstance(value, list) else [value]
            return choice_mask(columns.codes[name], self.directory.choices[name], values)
        if name == "tag":
            return holds_all(*columns.tag_membership, value)
        if name == "rating":
            with np.errstate(invalid="ignore"):
                return columns.rating >= float(Decimal(value))
        if name in ("ladder", "blog"):
            return columns.signals[name]
        if name == "hiring":
            # Which companies have any among those the other filters keep: `rows` says so.
            return self.directory.open_roles > 0
        if name == "q":
            return self.text_mask(value)
        raise ValueError(f"the directory has no filter {name!r}")

    def text_mask(self, value) -> np.ndarray:
        """The companies matching the text: the site's search engine reads it (any word
        order, web-search syntax, typos corrected) and PostgreSQL finds them (GIN)."""
        understood = engine.understand(engine.clean(value, self.notices))
        query = understood.search_query
        columns = self.directory.columns
        engine.shows_matches(understood, Company._meta.db_table)
        if query is None:
            return np.ones(len(columns.ids), dtype=bool)
        return np.isin(columns.ids, ids_of(Company.objects.filter(search_vector=query)))

    @cached_property
    def rows(self) -> FilteredRows:
        """The listed companies every applied filter keeps."""
        columns = self.directory.columns
        masks = {name: self.mask(name, value) for name, value in self.applied.items()}
        rows = FilteredRows(len(columns.ids), masks, base=columns.listed.copy())
        if "hiring" in masks:
            # Which companies it keeps changes when one the other filters keep starts or stops
            # having open roles.
            openings.shown(hiring=columns.ids[rows.without("hiring")])
        return rows

    def chosen_ids(self) -> list[int]:
        return self.directory.columns.ids[self.rows.rows].tolist()

    def filter_queryset(self, queryset):
        """The companies the filters keep, by name, with their open roles and senior pay in
        USD (a feed orders them its own way; the list's sorts are `results()`)."""
        pagecache.shows(Company, whole=True)
        queryset = queryset.with_open_role_count(self.open_roles).with_senior_pay_usd()
        if self.applied:
            queryset = queryset.filter(
                RawSQL(
                    f'"{Company._meta.db_table}"."id" = ANY(%s)',
                    [self.chosen_ids()],
                    output_field=BooleanField(),
                )
            )
        return queryset.order_by("name", "pk")

    def ordered_rows(self, sort: str) -> np.ndarray:
        """The rows the filters keep in the order of `sort`: its column (highest first, none
        last), then the name."""
        directory, columns = self.directory, self.directory.columns
        rows = np.flatnonzero(self.rows.rows)
        first = {
            "rating": lambda: _none_last(-columns.rating[rows]),
            "open-roles": lambda: -directory.open_roles[rows],
            "updated": lambda: -columns.updated[rows],
            "pay": lambda: _none_last(-senior_pay_usd(columns)[rows]),
        }
        keys = [directory.name_order[rows]]
        if sort in first:
            keys.append(first[sort]())
        return rows[np.lexsort(keys)]

    def results(self, queryset=None):
        """The matching companies in the chosen order, read a page at a time by id with what
        their cards show, each with its open roles and senior pay in USD (`queryset` may ask
        for more)."""
        rows = self.ordered_rows(self.sort_key)
        self._shown(rows)
        queryset = (
            (queryset if queryset is not None else self.queryset).for_card().with_senior_pay_usd()
        )
        return CompaniesById(
            self.directory.columns.ids[rows],
            queryset,
            self.open_roles,
            places=lambda start, stop: self._shown_places(rows, start, stop),
        )

    def _shown(self, rows: np.ndarray) -> None:
        """Tell the page cache what the order of the companies the filters keep (`rows`)
        depends on: besides the board's part of the companies' table (the filters), their
        names and shown ratings (companies.models.DIRECTORY_ORDER), each one's open roles, or
        when each last changed. The companies on the page say they show their rows, and
        which places of an order by open roles (CompaniesById)."""
        if self.sort_key == "updated":
            pagecache.shows(Company, whole=True)
            return
        pagecache.shows(Company, rows=())
        if self.sort_key != "rating":  # by rating, the places shown say (_shown_places)
            self._follow_order(rows)

    def _follow_order(self, rows: np.ndarray) -> None:
        """Follow the order of every company the filters keep (`rows`), one by one up to
        ORDER_ROWS of them."""
        kept = self.directory.columns.ids[rows]
        pagecache.shows(
            changes.part(Company._meta.db_table, "order"),
            rows=kept.tolist() if len(kept) <= ORDER_ROWS else None,
        )

    def _shown_places(self, rows: np.ndarray, start: int, stop: int) -> None:
        """Tell the page cache which places of the order (`rows`, the filters' companies in
        it) the page shows. Ordered by open roles, it changes as a company may move into or
        out of them as roles open and close (companies.openings.shown). By rating, it follows
        whichever are fewer companies: those rated within the ratings shown (a company moving
        across them, in any company's order: RATING_ORDER_KEY), or every company the filters
        keep (their order); the companies shown say they show their rows (CompaniesById)."""
        if self.sort_key == "open-roles":
            openings.shown(ranked=(self.directory.columns.ids[rows], start, stop))
        elif self.sort_key == "rating" and start < stop:
            columns = self.directory.columns
            keys = _rating_keys(columns.rating)
            shown = keys[rows[start:stop]]
            # One hundredth wider each way: a float's hundredths may fall short of the
            # database's by one.
            low, high = int(shown.min()) - 1, int(shown.max()) + 1
            within = int((columns.listed & (keys >= low) & (keys <= high)).sum())
            if within < len(rows):
                pagecache.shows(
                    changes.part(Company._meta.db_table, "rating"), rows=range(low, high + 1)
                )
            else:
                self._follow_order(rows)

    def count(self) -> int:
        """How many companies the filters keep, without a query."""
        return self.rows.count()

    def count_with(self, data) -> int:
        """How many companies the filters in `data` keep (an empty page's suggestions),
        over the same columns as this page."""
        other = CompanyFilter(data, queryset=self.queryset)
        other.__dict__["directory"] = self.directory
        return other.count()

    def facets(self) -> dict[str, dict[str, int]]:
        """Counts beside every option, each reflecting the other active filters. Choosing a
        tag narrows an AND, so tags count over the results themselves."""
        columns, rows = self.directory.columns, self.rows
        tags, matrix = columns.tag_membership
        counts: dict[str, dict[str, int]] = {
            TOTAL: {TOTAL: rows.count()},
            "tag": _nonzero(tags, rows.rows.astype(np.int64) @ matrix),
        }
        for name in CHOICE_GROUPS:
            codes = columns.codes[name][rows.without(name)]
            choices = self.directory.choices[name]
            counts[name] = _nonzero(choices, np.bincount(codes[codes >= 0], minlength=len(choices)))
        kept = rows.without("rating")
        counts["rating"] = {
            value: n
            for value, _ in RATING_THRESHOLDS
            if (n := int(np.count_nonzero(kept & self.mask("rating", value))))
        }
        # The hiring switch counts the companies with open roles among those the other
        # filters keep.
        openings.shown(hiring=columns.ids[rows.without("hiring")])
        for name in SWITCHES:
            n = int(np.count_nonzero(rows.without(name) & self.mask(name, "on")))
            counts[name] = {"on": n} if n else {}
        return counts


def _nonzero(labels, counts) -> dict[str, int]:
    return {label: int(n) for label, n in zip(labels, counts.tolist(), strict=True) if n}


def _none_last(values: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(values), np.inf, values)


# The senior pay in USD last worked out, with the companies and exchange rates it is for.
_pay_usd: tuple[object, tuple, np.ndarray] | None = None


def senior_pay_usd(columns: openings.CompanyColumns) -> np.ndarray:
    """Each company's senior total comp in USD (NaN without one, or without a rate for its
    currency), exactly as `CompanyQuerySet.with_senior_pay_usd` works it out in PostgreSQL:
    divided in decimal at the editors' rates as they are now and rounded half away from zero.
    Worked out again only when a company or a rate changes."""
    global _pay_usd
    rates = tuple((currency, rate.units_per_usd) for currency, rate in exchange_rates().items())
    if _pay_usd is not None and _pay_usd[0] is columns and _pay_usd[1] == rates:
        return _pay_usd[2]
    per_usd = {REFERENCE_CURRENCY: Decimal(1), **dict(rates)}
    usd = np.full(len(columns.pay), np.nan)
    for row in np.flatnonzero(~np.isnan(columns.pay)).tolist():
        rate = per_usd.get(columns.pay_currency[row])
        if rate:
            exact = Decimal(int(columns.pay[row])) / rate
            usd[row] = float(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    usd.flags.writeable = False
    _pay_usd = (columns, rates, usd)
    return usd


class CompaniesById:
    """Company ids in order, as the Paginator's object list: counted without a query, and a
    page of them read by primary key in one, each with its open roles now."""

    def __init__(
        self,
        ids: np.ndarray,
        queryset,
        open_roles: openings.OpenRoles,
        *,
        places: Callable[[int, int], None] | None = None,
    ):
        self.ids, self.queryset, self.open_roles = ids, queryset, open_roles
        # Told which places of the order a page of them shows (start, one past the last).
        self.places = places

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, key):
        wanted = self.ids[key].tolist()
        by_id = self.queryset.filter(pk__in=wanted).in_bulk()
        found = [by_id[pk] for pk in wanted if pk in by_id]
        for company in found:
            company.open_role_count = self.open_roles.of(company.pk)
        pagecache.shows(Company, rows=wanted)
        openings.shown(companies=wanted)
        if self.places is not None:
            start, stop, _ = key.indices(len(self.ids))
            self.places(start, stop)
        return found


def _rating_keys(rating: np.ndarray) -> np.ndarray:
    """Each company's place in the order by rating as the change log keys it
    (RATING_ORDER_KEY): the rating shown in hundredths, -1 where none is shown."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(rating), -1, np.floor(rating * 100)).astype(np.int64)


# Up to how many kept companies a cached page follows one by one for their order; beyond,
# any change of a name or rating changes it.
ORDER_ROWS = 2_000

# The groups of the companies' choice columns (companies.openings.Directory.choices).
CHOICE_GROUPS = ("stage", "size", "remote", "industry")
SWITCHES = ("ladder", "blog", "hiring")
TOTAL = "total"


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
