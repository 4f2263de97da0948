from decimal import Decimal

import django_filters
from django.db.models import Count, F, Q
from django_countries import countries

from companies.filters import CareerRatingFilter
from companies.models import (
    Company,
    CompanyTag,
    CultureTag,
    Level,
    Stage,
)
from core import search as engine
from core.filtering import ListFilterSet
from jobs.models import Discipline, Job, SalaryPeriod, Track, Workplace

CURRENCIES = [("USD", "USD"), ("EUR", "EUR"), ("GBP", "GBP"), ("CAD", "CAD"), ("AUD", "AUD")]
SORTS = {
    "newest": ("Newest", [F("published_at").desc(), "pk"]),
    "salary": ("Highest salary", [F("salary_max").desc(nulls_last=True), F("published_at").desc()]),
}
DEFAULT_SORT = "newest"


class JobFilter(ListFilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    tag = django_filters.MultipleChoiceFilter(label="Tag", choices=[], method="with_tags")
    level = django_filters.MultipleChoiceFilter(label="Level", choices=Level.choices)
    track = django_filters.MultipleChoiceFilter(label="Track", choices=Track.choices)
    discipline = django_filters.MultipleChoiceFilter(label="Discipline", choices=Discipline.choices)
    workplace = django_filters.MultipleChoiceFilter(label="Workplace", choices=Workplace.choices)
    # Every ISO 3166 country; the facet lists only those with open roles (a long list).
    country = django_filters.MultipleChoiceFilter(label="Country", choices=countries)
    stage = django_filters.MultipleChoiceFilter(
        label="Company stage", field_name="company__stage", choices=Stage.choices
    )
    rating = CareerRatingFilter(prefix="company__")
    min_salary = django_filters.NumberFilter(
        label="Minimum salary", method="salary_reaches", min_value=0, max_value=10_000_000
    )
    currency = django_filters.ChoiceFilter(
        label="Currency", choices=CURRENCIES, method="in_currency"
    )
    company = django_filters.CharFilter(label="Company", method="at_company")
    sort = django_filters.ChoiceFilter(
        label="Sort", choices=[(key, label) for key, (label, _) in SORTS.items()], method="order"
    )

    SORTS = SORTS
    DEFAULT_SORT = DEFAULT_SORT

    class Meta:
        model = Job
        fields = []

    def prepare_filters(self) -> None:
        self.tags = list(CultureTag.objects.order_by("name"))
        self.filters["tag"].extra["choices"] = [(t.slug, t.name) for t in self.tags]

    def search(self, queryset, name, value):
        # The site's search engine: any word order, web-search syntax, typos corrected.
        query = engine.understand(engine.clean(value, self.notices)).search_query
        return queryset.matching(query) if query is not None else queryset

    def with_tags(self, queryset, name, slugs):
        return queryset.filter(company__in=Company.objects.with_tags_all(slugs))

    def salary_reaches(self, queryset, name, value):
        """Annual salaries in the chosen currency (USD unless another is chosen) whose range
        reaches the amount."""
        currency = self.form.cleaned_data.get("currency") or "USD"
        return queryset.filter(salary_currency=currency, salary_period=SalaryPeriod.YEAR).filter(
            Q(salary_max__gte=value) | Q(salary_max__isnull=True, salary_min__gte=value)
        )

    def in_currency(self, queryset, name, value):
        # The currency qualifies the minimum salary; alone it narrows nothing.
        return queryset

    def at_company(self, queryset, name, value):
        return queryset.filter(company__slug=value)

    def chip_label(self, name, value):
        if name == "min_salary":
            currency = self.form.cleaned_data.get("currency") or "USD"
            return f"Minimum salary: {int(Decimal(value)):,} {currency}"
        if name == "company":
            company = Company.objects.filter(slug=value).only("name").first()
            return f"Company: {company.name if company else value}"
        return super().chip_label(name, value)

    def facets(self) -> dict[str, dict[str, int]]:
        """Counts beside every option, each reflecting the other active filters; one query
        per group."""
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
            ("country", "country"),
            ("stage", "company__stage"),
        ]:
            counts[name] = self.option_counts(name, field)
        counts["rating"] = self.filters["rating"].counts(self.queryset_without("rating"))
        return counts
