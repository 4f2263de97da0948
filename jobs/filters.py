from decimal import Decimal
from functools import cached_property

import django_filters
import numpy as np
from django_countries import countries

from companies.filters import RATING_THRESHOLDS, CareerRatingFilter, SignalFilter
from companies.models import (
    REFERENCE_CURRENCY,
    Company,
    CultureTag,
    ExchangeRate,
    Level,
    Stage,
    culture_tags,
    exchange_rates,
)
from core import charts, kept, pagecache
from core import search as engine
from core.columns import ids_of
from core.filtering import ListFilterSet
from jobs import board
from jobs.board import BoardQuery, current_index
from jobs.columns import COMPANY_SIGNALS
from jobs.models import Discipline, Job, Track, Workplace

# The orders the board offers (jobs.board keeps both): key -> label.
SORTS: dict[str, tuple[str, list]] = {
    "newest": ("Newest", []),
    # Annual pay converted to USD, whatever currency and period a role is advertised in.
    "salary": ("Highest salary", []),
}
DEFAULT_SORT = "newest"


class JobFilter(ListFilterSet):
    """The board's filters: what the query string may say, cleaned by django-filter's form,
    and answered by the board's index (jobs.board) for every door that lists roles — the
    page, its feed, saved-search digests and guides' live blocks — never by SQL of its own."""

    q = django_filters.CharFilter(label="Search")
    tag = django_filters.MultipleChoiceFilter(label="Tag", choices=[])
    level = django_filters.MultipleChoiceFilter(label="Level", choices=Level.choices)
    track = django_filters.MultipleChoiceFilter(label="Track", choices=Track.choices)
    discipline = django_filters.MultipleChoiceFilter(label="Discipline", choices=Discipline.choices)
    workplace = django_filters.MultipleChoiceFilter(label="Workplace", choices=Workplace.choices)
    # Every ISO 3166 country; the facet lists only those with open roles (a long list). A
    # country matches the roles there and the remote roles open to applicants there. Listed
    # by a function: every request deep-copies the filters, and with them a list of choices.
    country = django_filters.MultipleChoiceFilter(label="Country", choices=lambda: list(countries))
    # An office's city, in any case ("berlin"); the form offers the cities with the most roles.
    city = django_filters.CharFilter(label="City")
    stage = django_filters.MultipleChoiceFilter(label="Company stage", choices=Stage.choices)
    rating = CareerRatingFilter()
    # The directory's engineering signals, by the roles' companies (jobs.columns).
    ladder = SignalFilter("ladder")
    blog = SignalFilter("blog")
    min_salary = django_filters.NumberFilter(
        label="Minimum salary", min_value=0, max_value=10_000_000
    )
    currency = django_filters.ChoiceFilter(label="Currency", choices=[])
    company = django_filters.CharFilter(label="Company")
    sort = django_filters.ChoiceFilter(
        label="Sort", choices=[(key, label) for key, (label, _) in SORTS.items()]
    )

    SORTS = SORTS
    DEFAULT_SORT = DEFAULT_SORT
    # The currency says what the minimum salary is in; without an amount it means nothing.
    QUALIFIERS = {"currency": "min_salary"}
    # Tags must all match; the other groups offer alternatives.
    ALL_OF = ("tag",)

    class Meta:
        model = Job
        fields: list[str] = []

    @property
    def qs(self):
        raise TypeError("The board's filters are answered by its index: ids(), results(), first().")

    def prepare_filters(self) -> None:
        # In a page request, the board's index looks at the change log first: its look reads
        # the kept tags' and rates' versions too (core.kept), so the choices below need no
        # look of their own. (Elsewhere, such as a guide's links checked on save, the filter
        # may never need the index.)
        if kept.unlooked():
            current_index(declare=False)
        # Read only when a tag or a currency is given or the form shown: other users of the
        # filter (a guide's live block, the home page) need neither.
        self.filters["tag"].extra["choices"] = self.tag_choices
        self.filters["currency"].extra["choices"] = self.currency_choices

    @cached_property
    def tags(self) -> list[CultureTag]:
        return culture_tags()

    def tag_choices(self) -> list[tuple[str, str]]:
        return [(tag.slug, tag.name) for tag in self.tags]

    @cached_property
    def rates(self) -> dict[str, ExchangeRate]:
        return exchange_rates()

    def currency_choices(self) -> list[tuple[str, str]]:
        return [(code, code) for code in sorted([REFERENCE_CURRENCY, *self.rates])]

    @property
    def rates_as_of(self):
        """The oldest exchange rate's date: what every converted comparison is "as of"."""
        return min((rate.as_of for rate in self.rates.values()), default=None)

    @property
    def salary_currency(self) -> str:
        return self.form.cleaned_data.get("currency") or REFERENCE_CURRENCY

    # The board's index answers every door (jobs.board): these say what the filters mean.

    @cached_property
    def board(self) -> BoardQuery:
        """The applied filters over the board's index, for this moment."""
        index = current_index(declare=False)  # ids() and facets() say what they show
        masks = {name: self.mask(index, name, value) for name, value in self.applied.items()}
        return self._query(index, masks, self.applied.get("company", ""))

    @staticmethod
    def _query(index, masks: dict, company: str) -> BoardQuery:
        position = index.companies.by_slug.get(company)
        return BoardQuery(
            index,
            {name: mask for name, mask in masks.items() if mask is not None},
            of_company=int(index.companies.ids[position]) if position is not None else None,
        )

    @classmethod
    def first_at(cls, company: str, limit: int) -> list:
        """What `JobFilter(QueryDict(f"company={company}")).first(limit)` gives (a slug),
        without a query string to read or a form to build: a company's page lists its first
        roles on every request."""
        index = current_index(declare=False)
        masks = {"company": BoardQuery.company_mask(index, company)}
        return cls._first(cls._query(index, masks, company), DEFAULT_SORT, limit)

    @classmethod
    def first_tagged(cls, tag: str, limit: int) -> list:
        """What `JobFilter(QueryDict(f"tag={tag}")).first(limit)` gives (a culture tag's slug),
        without a query string to read or a form to build: a tag's page lists its first roles
        on every request."""
        index = current_index(declare=False)
        masks = {"tag": BoardQuery.tags_mask(index, [tag])}
        return cls._first(cls._query(index, masks, ""), DEFAULT_SORT, limit)

    def mask(self, index, name: str, value):
        """The rows of `index` filter `name` keeps with its cleaned `value`."""
        if name in board.CHOICE_COLUMNS or name == "stage":
            return BoardQuery.column_mask(index, name, board.choices(name), value)
        if name == "q":
            return self.text_mask(index, value)
        if name == "tag":
            return BoardQuery.tags_mask(index, value)
        if name == "country":
            return BoardQuery.countries_mask(index, value)
        if name == "city":
            return BoardQuery.city_mask(index, value)
        if name == "rating":
            return BoardQuery.rating_mask(index, Decimal(value))
        if name in COMPANY_SIGNALS:
            return BoardQuery.signal_mask(index, name)
        if name == "min_salary":
            if self.salary_currency != REFERENCE_CURRENCY:
                value = value / self.rates[self.salary_currency].units_per_usd
            return BoardQuery.salary_mask(index, float(value))
        if name == "company":
            return BoardQuery.company_mask(index, value)
        if name == "currency":  # qualifies the minimum salary; alone it narrows nothing
            return None
        raise ValueError(f"the board has no filter {name!r}")

    def text_mask(self, index, value):
        """Roles matching the text: the site's search engine reads it (any word order,
        web-search syntax, typos corrected)."""
        query = engine.understand(engine.clean(value, self.notices))
        return matching(index, query) if query.search_query is not None else None

    def ids(self, *, sort: str | None = None, published_after=None):
        """The matching open roles' ids in the chosen order (or `sort`); with
        `published_after`, only those published after that moment."""
        query = self.board
        query.shown(counts=False)
        if published_after is not None:
            query = query.narrowed(BoardQuery.published_after_mask(query.index, published_after))
        return query.ordered_ids(sort or self.sort_key)

    def results(self):
        """The matching open roles in the chosen order, read a page at a time by id."""
        return RolesById(self.ids(), Job.objects.for_card())

    def first(self, limit: int) -> list:
        """The first `limit` matching open roles in the chosen order: a page showing them
        changes when one of them closes or a matching role opens, not at every other's
        closing (a page that also shows how many match says so: `count()`)."""
        return self._first(self.board, self.sort_key, limit)

    @staticmethod
    def _first(query: BoardQuery, sort: str, limit: int) -> list:
        ids = query.ordered_ids(sort)[:limit]
        query.shown(counts=False, showing=ids.tolist())
        return RolesById(ids, Job.objects.for_card())[:]

    def count(self) -> int:
        """How many open roles match."""
        self.board.shown(counts=False)
        return self.board.count()

    def facets(self) -> dict[str, dict[str, int]]:
        """Counts beside every option, each reflecting the other active filters, from the
        index: no query of their own."""
        query = self.board
        query.shown(counts=True)
        chosen = self.data.getlist("country")
        counts = query.kept(
            ("facets", *chosen),
            lambda: {
                "tag": query.tag_counts(),
                **{name: query.column_counts(name, board.choices(name)) for name in FACET_COLUMNS},
                "country": query.country_counts(chosen),
                "rating": query.rating_counts([value for value, _ in RATING_THRESHOLDS]),
                **{name: query.signal_counts(name) for name in COMPANY_SIGNALS},
                "city": query.city_counts(CITY_OPTIONS),
            },
        )
        self.counts = counts
        return counts

    @cached_property
    def salary_spread(self) -> "charts.Histogram | None":
        """How the salaries of the roles the other filters find are spread, in the reader's
        currency: what the minimum-salary filter cuts. None without a salary among them or a
        rate for the currency."""
        usd = self.board.kept("salaries", lambda: self.board.salaries_usd(leaving_out="min_salary"))
        currency = self.salary_currency
        if currency == REFERENCE_CURRENCY:
            units = 1.0
        elif currency in self.rates:
            units = float(self.rates[currency].units_per_usd)
        else:
            return None
        minimum = self.applied.get("min_salary")
        return charts.histogram(
            usd * units, currency=currency, minimum=float(minimum) if minimum is not None else None
        )

    def chip_label(self, name, value):
        if name == "city":
            written = next(
                (
                    city
                    for city in getattr(self, "counts", {}).get("city", {})
                    if city.casefold() == value.casefold()
                ),
                value,
            )
            return f"City: {written}"
        if name == "min_salary":
            return f"Minimum salary: {self.salary_currency} {int(Decimal(value)):,} a year"
        if name == "company":
            company = Company.objects.filter(slug=value).only("name").first()
            # A cached page naming it changes when it is renamed, or when a company takes
            # the slug no company had.
            if company is not None:
                pagecache.shows(Company, rows=[company.pk])
            else:
                pagecache.shows(Company, whole=True)
            return f"Company: {company.name if company else value}"
        return super().chip_label(name, value)

    def country_split(self) -> dict | None:
        """With countries chosen, how many roles are in an office there and how many are
        remote and open to applicants there, whatever workplace is chosen: from the workplace
        counts facets() made, so no query of its own."""
        chosen = self.data.getlist("country")
        if not chosen or not hasattr(self, "counts"):
            return None
        by_workplace = self.counts["workplace"]
        return {
            "places": " or ".join(str(countries.name(code)) for code in chosen),
            "in_office": by_workplace.get(Workplace.ONSITE, 0)
            + by_workplace.get(Workplace.HYBRID, 0),
            "remote": by_workplace.get(Workplace.REMOTE, 0),
        }


# The single-valued groups counted beside their options: the role's own, then its company's.
# Cities the filter form suggests: those with the most results.
CITY_OPTIONS = 40

FACET_COLUMNS = [*board.CHOICE_COLUMNS, "stage"]


def matching(index, query: engine.Query) -> np.ndarray:
    """The rows of the board's index matching a query in their own words (board.text_rows)
    or their company's (PostgreSQL's GIN index over the companies)."""
    engine.shows_matches(query, Company._meta.db_table)
    companies = ids_of(Company.objects.filter(search_vector=query.search_query))
    return board.text_rows(index, query) | BoardQuery.ids_mask(
        index, np.zeros(0, dtype=np.int64), companies
    )


class RolesById:
    """Role ids in order, as the Paginator's object list: counted without a query, and a
    page of them read by primary key in one."""

    def __init__(self, ids, queryset):
        self.ids = ids
        self.queryset = queryset

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, key):
        wanted = [int(pk) for pk in self.ids[key]]
        by_id = self.queryset.filter(pk__in=wanted).in_bulk()
        if self.queryset.model is Job:
            # A cached page follows these roles and their companies, the rows its cards show
            # (BoardQuery.shown says what decides which roles they are).
            pagecache.shows(Job, rows=wanted)
            pagecache.shows(Company, rows=[role.company_id for role in by_id.values()])
        # A role that closed since the index was read is left out rather than shown.
        return [by_id[pk] for pk in wanted if pk in by_id]
