"""A saved search's filters, read by the list page's own FilterSet: what is stored is what the
filters accept, and its results are what the page would show."""

import numpy as np
from django.http import QueryDict

from alerts.models import Scope
from companies.filters import CompanyFilter
from companies.models import Company
from jobs.board import BoardQuery
from jobs.filters import JobFilter
from jobs.models import Job


def filterset_for(scope: str, data: QueryDict | str):
    data = data if isinstance(data, QueryDict) else QueryDict(data)
    if scope == Scope.COMPANIES:
        return CompanyFilter(data, queryset=Company.objects.listed())
    return JobFilter(data)


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


def matching_roles(scope: str, query: str, *, published_after):
    """Open roles the saved search finds published after a moment, as the board finds them
    (jobs.board): its results, or, for a directory search, the open roles at the companies it
    finds. Unordered."""
    if scope == Scope.COMPANIES:
        found = np.array(filterset_for(scope, query).chosen_ids(), dtype=np.int64)
        roles = JobFilter(QueryDict()).board
        roles = roles.narrowed(BoardQuery.ids_mask(roles.index, np.zeros(0, np.int64), found))
    else:
        roles = filterset_for(scope, query).board
    roles = roles.narrowed(BoardQuery.published_after_mask(roles.index, published_after))
    ids = roles.ordered_ids("newest")
    return Job.objects.filter(pk__in=ids.tolist())
