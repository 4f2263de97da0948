from decimal import Decimal
from functools import cached_property

import django_filters
from django.db import connection
from django.db.models import Count, F
from django_countries import countries

from companies.filters import CareerRatingFilter
from companies.models import (
    REFERENCE_CURRENCY,
    Company,
    CompanyTag,
    CultureTag,
    ExchangeRate,
    Level,
    Stage,
)
from core import search as engine
from core.filtering import ListFilterSet
from jobs.board import BoardQuery, current_index
from jobs.models import Discipline, Job, JobStatus, Track, Workplace

SORTS = {
    "newest": ("Newest", [F("published_at").desc(), "pk"]),
    # Annual pay converted to USD, whatever currency and period a role is advertised in.
    "salary": (
        "Highest salary",
        [F("annual_salary_usd").desc(nulls_last=True), F("published_at").desc()],
    ),
}
DEFAULT_SORT = "newest"


class JobFilter(ListFilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    tag = django_filters.MultipleChoiceFilter(label="Tag", choices=[], method="with_tags")
    level = django_filters.MultipleChoiceFilter(label="Level", choices=Level.choices)
    track = django_filters.MultipleChoiceFilter(label="Track", choices=Track.choices)
    discipline = django_filters.MultipleChoiceFilter(label="Discipline", choices=Discipline.choices)
    workplace = django_filters.MultipleChoiceFilter(label="Workplace", choices=Workplace.choices)
    # Every ISO 3166 country; the facet lists only those with open roles (a long list). A
    # country matches the roles there and the remote roles open to applicants there. Listed
    # by a function: every request deep-copies the filters, and with them a list of choices.
    country = django_filters.MultipleChoiceFilter(
        label="Country", choices=lambda: list(countries), method="open_to"
    )
    stage = django_filters.MultipleChoiceFilter(
        label="Company stage", field_name="company__stage", choices=Stage.choices
    )
    rating = CareerRatingFilter(prefix="company__")
    min_salary = django_filters.NumberFilter(
        label="Minimum salary", method="salary_reaches", min_value=0, max_value=10_000_000
    )
    currency = django_filters.ChoiceFilter(label="Currency", choices=[], method="in_currency")
    company = django_filters.CharFilter(label="Company", method="at_company")
    sort = django_filters.ChoiceFilter(
        label="Sort", choices=[(key, label) for key, (label, _) in SORTS.items()], method="order"
    )

    SORTS = SORTS
    DEFAULT_SORT = DEFAULT_SORT
    # The currency says what the minimum salary is in; without an amount it means nothing.
    QUALIFIERS = {"currency": "min_salary"}
    # Tags must all match; the other groups offer alternatives.
    ALL_OF = ("tag",)

    class Meta:
        model = Job
        fields = []

    def prepare_filters(self) -> None:
        self.tags = list(CultureTag.objects.order_by("name"))
        self.filters["tag"].extra["choices"] = [(t.slug, t.name) for t in self.tags]
        # Read only when a currency is given or the form shown: other users of the filter
        # (a guide's live block) need no rates.
        self.filters["currency"].extra["choices"] = self.currency_choices

    @cached_property
    def rates(self) -> dict[str, ExchangeRate]:
        return {rate.currency: rate for rate in ExchangeRate.objects.all()}

    def currency_choices(self) -> list[tuple[str, str]]:
        return [(code, code) for code in sorted([REFERENCE_CURRENCY, *self.rates])]

    @property
    def rates_as_of(self):
        """The oldest exchange rate's date: what every converted comparison is "as of"."""
        return min((rate.as_of for rate in self.rates.values()), default=None)

    @property
    def salary_currency(self) -> str:
        return self.form.cleaned_data.get("currency") or REFERENCE_CURRENCY

    def search(self, queryset, name, value):
        # The site's search engine: any word order, web-search syntax, typos corrected.
        query = engine.understand(engine.clean(value, self.notices)).search_query
        return queryset.matching(query) if query is not None else queryset

    def with_tags(self, queryset, name, slugs):
        return queryset.filter(company__in=Company.objects.with_tags_all(slugs))

    def salary_reaches(self, queryset, name, value):
        """Roles whose salary range reaches the amount a year, in the chosen currency (USD
        unless another is chosen), compared in USD: each role's pay in its own currency and
        period, annualised and converted by the database (Job.annual_salary_usd)."""
        if self.salary_currency != REFERENCE_CURRENCY:
            value = value / self.rates[self.salary_currency].units_per_usd
        return queryset.filter(annual_salary_usd__gte=value)

    def in_currency(self, queryset, name, value):
        # The currency qualifies the minimum salary; alone it narrows nothing.
        return queryset

    def open_to(self, queryset, name, codes):
        return queryset.open_to(codes)

    def at_company(self, queryset, name, value):
        return queryset.filter(company__slug=value)

    def chip_label(self, name, value):
        if name == "min_salary":
            return f"Minimum salary: {self.salary_currency} {int(Decimal(value)):,} a year"
        if name == "company":
            company = Company.objects.filter(slug=value).only("name").first()
            return f"Company: {company.name if company else value}"
        return super().chip_label(name, value)

    @cached_property
    def board(self) -> BoardQuery:
        """The applied filters over the board's in-memory index (jobs.board), for the list
        page: the same rules as the SQL filters above, which the feed and guides use."""
        index = current_index()
        masks = {}
        for name, value in self.applied.items():
            if name == "q":
                query = engine.understand(engine.clean(value, [])).search_query
                if query is not None:
                    # PostgreSQL finds the matches, each table through its own GIN index.
                    masks[name] = BoardQuery.ids_mask(
                        index,
                        Job.objects.filter(status=JobStatus.PUBLISHED, search_vector=query)
                        .values_list("pk", flat=True)
                        .iterator(chunk_size=10_000),
                        set(
                            Company.objects.filter(search_vector=query).values_list("pk", flat=True)
                        ),
                    )
            elif name == "tag":
                masks[name] = BoardQuery.tags_mask(index, value)
            elif name in ("level", "track", "discipline", "workplace", "stage"):
                masks[name] = BoardQuery.column_mask(index, name, value)
            elif name == "country":
                masks[name] = BoardQuery.countries_mask(index, value)
            elif name == "rating":
                masks[name] = BoardQuery.rating_mask(index, Decimal(value))
            elif name == "min_salary":
                if self.salary_currency != REFERENCE_CURRENCY:
                    value = value / self.rates[self.salary_currency].units_per_usd
                masks[name] = BoardQuery.salary_mask(index, value)
            elif name == "company":
                masks[name] = BoardQuery.company_mask(index, value)
        return BoardQuery(index, masks)

    def results(self):
        """The matching open roles in the chosen order, read 25 at a time by id."""
        return RolesById(self.board.ordered_ids(self.sort_key), self.queryset.without_long_text())

    def facets(self) -> dict[str, dict[str, int]]:
        """Counts beside every option, each reflecting the other active filters, from the
        in-memory index: no query of their own."""
        board = self.board
        counts = {
            "tag": board.tag_counts(),
            **{name: board.column_counts(name) for name in board_columns()},
            "country": board.country_counts(self.data.getlist("country")),
            "rating": board.rating_counts(),
        }
        self.counts = counts
        return counts

    def sql_facets(self) -> dict[str, dict[str, int]]:
        """The same counts as facets(), by PostgreSQL: one query per group. The tests hold
        the index to these."""
        counts: dict[str, dict[str, int]] = {}
        current = self.queryset_without()
        counts["tag"] = dict(
            CompanyTag.objects.filter(company__jobs__in=current.values("pk"))
            .values_list("tag__slug")
            .annotate(n=Count("company__jobs"))
            .order_by()
        )
        for name, field in [
            ("level", "level"),
            ("track", "track"),
            ("discipline", "discipline"),
            ("workplace", "workplace"),
            ("stage", "company__stage"),
        ]:
            counts[name] = self.option_counts(name, field)
        counts["country"] = self.country_counts()
        counts["rating"] = self.filters["rating"].counts(self.queryset_without("rating"))
        self.counts = counts
        return counts

    def country_counts(self) -> dict[str, int]:
        """What choosing each country gives, in one query over the results without the
        country filter. A remote role is open to many countries, so with countries chosen an
        unchosen one counts only the roles it adds (those open to none of the chosen), and a
        chosen one the results open to it."""
        chosen = self.data.getlist("country")
        rows = self.queryset_without("country").values("hires_from")
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT code, count(*), count(*) FILTER (WHERE NOT hires_from && %s::varchar[]) "
                f"FROM ({sql}) AS open_roles, unnest(open_roles.hires_from) AS code "
                "GROUP BY code",
                [chosen, *params],
            )
            return {
                code: every if code in chosen or not chosen else adds
                for code, every, adds in cursor.fetchall()
            }

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


def board_columns():
    return ["level", "track", "discipline", "workplace", "stage"]


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
        # A role that closed since the index was read is left out rather than shown.
        return [by_id[pk] for pk in wanted if pk in by_id]
