"""What every public list page shares: a FilterSet that tolerates bad input and says what it
ignored, removable filter chips, facet querysets, and forgiving pagination."""

import copy
from dataclasses import dataclass

import django_filters
from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import QueryDict

from core import pagecache

MAX_VALUE_LENGTH = 200
LONG_FACET = 20


@dataclass(frozen=True)
class FacetOption:
    """One option of a filter group. `count` is what choosing it does: the number of results
    the page will show, or, with `adds`, how many results it adds to an OR group's selection.
    A selected option of an OR group counts its share of the current results."""

    value: str
    label: str
    count: int
    selected: bool
    adds: bool = False

    @property
    def disabled(self) -> bool:
        """Choosing it would show nothing (or, in an OR group, add nothing)."""
        return not self.selected and not self.count


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    multiple: bool
    options: list[FacetOption]

    @property
    def any_selected(self) -> bool:
        return any(option.selected for option in self.options)


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


class _Filters(dict):
    """A FilterSet's declared filters, which django-filter deep-copies for every instance:
    copied one level down instead (each filter and its `extra`, which instances change),
    since a deep copy of every choice list and widget cost several ms per request."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, original in self.items():
            duplicate = copy.copy(original)
            duplicate.extra = dict(original.extra)
            # A filter with a method filters through an object bound to the filter itself.
            duplicate.method = original.method
            copies[name] = duplicate
        return copies


class _FormFields(dict):
    """A filter form's fields, which Django deep-copies for every form: each field is copied
    as Django copies it (its widget, messages and validators), but its choices are shared,
    since they belong to this filterset's own fields and are never changed in place; copying
    every country and city option cost about 2 ms per form."""

    def __deepcopy__(self, memo):
        for field in self.values():
            choices = getattr(field, "_choices", None)
            if choices is not None:
                memo[id(choices)] = choices
        return {name: copy.deepcopy(field, memo) for name, field in self.items()}


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet over a list page's query string.

    Values that cannot apply (unknown choices, malformed numbers, NUL bytes, absurdly long
    strings) are dropped before filtering and described in `notices`, so the page still
    answers with what it could apply. Sorting is a whitelisted choice filter named `sort`.
    """

    sort_filter_name = "sort"
    # Whitelisted sorts: key -> (label, ordering); subclasses fill these in.
    SORTS: dict[str, tuple[str, list]] = {}
    DEFAULT_SORT = ""
    # Parameters that only qualify another filter (a currency for an amount): name -> the
    # filter it qualifies. Without that filter they apply to nothing and are dropped.
    QUALIFIERS: dict[str, str] = {}
    # Multiple-choice groups whose values must all match; the others match any chosen value.
    ALL_OF: tuple[str, ...] = ()

    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else QueryDict(), *args, **kwargs)
        self.is_bound = True
        self.notices: list[str] = []
        self.prepare_filters()
        self.data: QueryDict = self._sanitise(self.data)
        for message in self._form_problems():
            self.notices.append(message)

    def prepare_filters(self) -> None:
        """Hook for choices that come from the database."""

    def get_form_class(self):
        form = super().get_form_class()
        form.base_fields = _FormFields(form.base_fields)
        return form

    def _choices(self, name) -> dict[str, str] | None:
        choices = self.filters[name].extra.get("choices")
        if choices is None:
            return None
        if callable(choices):
            choices = choices()
        return {str(value): str(label) for value, label in choices}

    def _is_multiple(self, name) -> bool:
        return isinstance(self.filters[name], django_filters.MultipleChoiceFilter)

    def _sanitise(self, data: QueryDict) -> QueryDict:
        clean = QueryDict(mutable=True)
        for name in data:
            if name not in self.filters:
                continue
            label = self.filters[name].label or name
            choices = self._choices(name)
            kept: list[str] = []
            for value in data.getlist(name):
                value = value.strip()
                if not value:
                    continue
                if "\x00" in value or len(value) > MAX_VALUE_LENGTH:
                    self.notices.append(f"Ignored a {label.lower()} value that was not valid.")
                    continue
                if choices is not None and value not in choices:
                    # "de" for "DE", "L5" for "l5": the choice meant, written as the list
                    # writes it (clean_url then redirects to that spelling).
                    spelled = {choice.casefold(): choice for choice in choices}
                    if value.casefold() not in spelled:
                        self.notices.append(f"Ignored unknown {label.lower()} “{value}”.")
                        continue
                    value = spelled[value.casefold()]
                if value not in kept:
                    kept.append(value)
            if kept and not self._is_multiple(name):
                kept = kept[-1:]
            if kept:
                clean.setlist(name, kept)
        for name, qualified in self.QUALIFIERS.items():
            if qualified not in clean:
                clean.pop(name, None)
        # The default order is what no sort says.
        if clean.get(self.sort_filter_name) == self.DEFAULT_SORT:
            clean.pop(self.sort_filter_name)
        clean._mutable = False
        return clean

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get(self.sort_filter_name):
            queryset = self.order(queryset, self.sort_filter_name, self.DEFAULT_SORT)
        return queryset

    def order(self, queryset, name, value):
        return queryset.order_by(*self.SORTS[value][1])

    @property
    def sort_key(self) -> str:
        return self.form.cleaned_data.get(self.sort_filter_name) or self.DEFAULT_SORT

    def _form_problems(self):
        for name, errors in self.form.errors.items():
            label = self.filters[name].label or name if name in self.filters else name
            yield f"Ignored {label.lower()}: {' '.join(errors)}"

    @property
    def applied(self) -> dict:
        """The filters that apply, by name, with their cleaned values."""
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", [], ()) and name != self.sort_filter_name
        }

    def results(self):
        """The results in order, for the paginator: the filtered queryset unless a list keeps
        a faster way to the same rows."""
        return self.qs

    def queryset_without(self, *names: str):
        """The queryset with every applied filter except `names`, unsorted: for facet counts."""
        queryset = self.queryset.all()
        for name, value in self.applied.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def facet_groups(self, counts: dict[str, dict[str, int]], names: list[str]) -> list[FacetGroup]:
        """The filter form's groups of options, each option with what choosing it does.

        `counts` are each option's results with the other groups' filters applied. For a
        radio group, an all-of group (counted over the current results) or a group with
        nothing chosen, that is the number of results after choosing it. In an OR group with
        a selection, choosing another value adds its results to those shown (each result has
        one value), so the option says "+N".
        """
        groups = []
        for name in names:
            selected = set(self.data.getlist(name))
            choices = self._choices(name) or {}
            multiple = self._is_multiple(name)
            adds = multiple and name not in self.ALL_OF and bool(selected)
            groups.append(
                FacetGroup(
                    name=name,
                    label=self.filters[name].label,
                    multiple=multiple,
                    options=[
                        FacetOption(
                            value,
                            label,
                            counts[name].get(value, 0),
                            value in selected,
                            adds=adds and value not in selected,
                        )
                        for value, label in choices.items()
                        # Long lists (countries) show only the options that can match.
                        if len(choices) <= LONG_FACET
                        or counts[name].get(value)
                        or value in selected
                    ],
                )
            )
        return groups

    def option_counts(self, name: str, field: str) -> dict[str, int]:
        """How many results each value of `field` has, over the results without filter `name`."""
        return dict(
            self.queryset_without(name).values_list(field).annotate(n=Count("pk")).order_by()
        )

    def chip_label(self, name: str, value) -> str:
        choices = self._choices(name)
        shown = choices.get(str(value), str(value)) if choices else str(value)
        return f"{self.filters[name].label}: {shown}"

    def chips(self, path: str) -> list[Chip]:
        """One chip per applied value, each linking to this page without that value (and
        without what only qualified it). Qualifiers show in their filter's chip."""
        chips = []
        for name in self.applied:
            if name in self.QUALIFIERS:
                continue
            for value in self.data.getlist(name):
                remaining = self.data.copy()
                remaining.setlist(name, [v for v in self.data.getlist(name) if v != value])
                for qualifier, qualified in self.QUALIFIERS.items():
                    if qualified == name and not remaining.getlist(name):
                        remaining.pop(qualifier, None)
                chips.append(Chip(self.chip_label(name, value), _url(path, remaining)))
        return chips

    def clear_url(self, path: str) -> str:
        kept = QueryDict(mutable=True)
        if self.sort_filter_name in self.data:
            kept.setlist(self.sort_filter_name, self.data.getlist(self.sort_filter_name))
        return _url(path, kept)

    def canonical_query(self) -> str:
        """The cleaned query string, for shareable and feed URLs."""
        return self.data.urlencode()


def clean_url(request, filterset: ListFilterSet, keep: tuple[str, ...] = ()) -> str | None:
    """The canonical URL of a list page whose query string carries parameters that do not
    apply (empty fields a form submitted, unknown names, a currency without an amount, the
    default sort, page 1), or None when it is already clean.

    None too when a value was ignored with a notice: the page then answers at the URL the
    visitor typed and says what it ignored, rather than dropping it silently by redirecting.
    Parameters named in `keep` are not filters but stay when they are a number (which saved
    search the page shows).
    """
    if filterset.notices:
        pagecache.uncanonical()
        return None
    clean = filterset.data.copy()
    page = request.GET.get("page", "").strip()
    if page and page != "1":
        clean["page"] = page
    for name in keep:
        value = request.GET.get(name, "").strip()
        if value.isdigit() and value.isascii():
            clean[name] = value

    def pairs(query):
        return sorted((name, value) for name, values in query.lists() for value in values)

    if pairs(clean) == pairs(request.GET):
        # This URL is the page's own: the page cache may keep it.
        pagecache.keyed_by(*request.GET)
        return None
    return _url(request.path, clean)


def canonical_query(filterset: ListFilterSet, data: QueryDict) -> str:
    """The query string ("?…" or empty) of the list page `filterset` filters by `data`, as the
    page would have it: what clean_url keeps. One with a value the list ignores (with a
    notice) is left as written."""
    if filterset.notices:
        encoded = data.urlencode()
        return f"?{encoded}" if encoded else ""
    clean = filterset.data.copy()
    page = data.get("page", "").strip()
    if page and page != "1":
        clean["page"] = page
    encoded = clean.urlencode()
    return f"?{encoded}" if encoded else ""


def _url(path: str, query: QueryDict) -> str:
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


def list_context(request, filterset: ListFilterSet, *, per_page: int, facets: list[str]) -> dict:
    """The context every filtered list page shares: the page of results, the filter form's
    groups with their counts, chips, notices, sorting, and whether the page is worth indexing
    (no filter, or a single tag)."""
    page = paginate(request, filterset.results(), per_page, filterset.notices)
    applied = filterset.applied
    single_tag = list(applied) == ["tag"] and len(applied["tag"]) == 1
    return {
        "filter": filterset,
        "page": page,
        "facet_groups": filterset.facet_groups(filterset.facets(), facets),
        "chips": filterset.chips(request.path),
        "clear_url": filterset.clear_url(request.path),
        "notices": filterset.notices,
        "sorts": [(key, label) for key, (label, _) in filterset.SORTS.items()],
        "sort": filterset.sort_key,
        "single_tag": applied["tag"][0] if single_tag else None,
        "indexable": not applied or single_tag,
        "canonical_query": f"tag={applied['tag'][0]}" if single_tag else "",
    }


def paginate(
    request, object_list, per_page: int, notices: list[str], paginator_class=Paginator
) -> Page:
    """The requested page; a page number that is not a number or out of range is corrected
    to the nearest real page, with a notice."""
    paginator = paginator_class(object_list, per_page)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        notices.append("Ignored a page number that was not a number; showing the first page.")
        number = 1
    if number < 1:
        notices.append("Page numbers start at 1; showing the first page.")
        number = 1
    elif number > paginator.num_pages:
        shown = f"page {number}" if number < 10**6 else "that page"
        notices.append(f"There is no {shown}; showing the last page, {paginator.num_pages}.")
        number = paginator.num_pages
    if str(number) != raw:
        pagecache.uncanonical()  # a corrected page number: answered, not kept
    return paginator.page(number)
