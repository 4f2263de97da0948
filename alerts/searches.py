"""A saved search's filters, read by the list page's own FilterSet: what is stored is what the
filters accept, and its results are what the page would show."""

from django.http import QueryDict

from alerts.models import Scope
from companies.filters import CompanyFilter
from companies.models import Company
from jobs.filters import JobFilter
from jobs.models import Job


def filterset_for(scope: str, data: QueryDict | str):
    data = data if isinstance(data, QueryDict) else QueryDict(data)
    if scope == Scope.COMPANIES:
        return CompanyFilter(data, queryset=Company.objects.listed())
    return JobFilter(data, queryset=Job.objects.for_list())


def clean_query(scope: str, data: QueryDict | str) -> str:
    """The canonical query string of the filters in `data` that apply: unknown names, unknown
    choices and values the filters' forms reject are left out, as the page ignores them."""
    filterset = filterset_for(scope, data)
    kept = filterset.data.copy()
    for name in filterset.form.errors:
        kept.pop(name, None)
    return filterset_for(scope, kept).canonical_query()


def set_filters(search, data: QueryDict | str) -> None:
    """Store the filters in `data` that apply, and their description (unsaved)."""
    search.query = clean_query(search.scope, data)
    labels = [chip.label for chip in filterset_for(search.scope, search.query).chips("")]
    search.description = "; ".join(labels)[:2000]


def matching_roles(scope: str, query: str):
    """Open roles the saved search finds: the board's results, or, for a directory search, the
    open roles at the companies it finds. Unordered."""
    filterset = filterset_for(scope, query)
    if scope == Scope.COMPANIES:
        return Job.objects.for_list().filter(company__in=filterset.qs.values("pk")).order_by()
    return filterset.qs.order_by()
