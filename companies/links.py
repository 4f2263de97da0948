"""The directory's targets for Markdown links: tag:<slug>, company:<slug>, companies:?<query>."""

from django.http import QueryDict
from django.urls import reverse

from companies.filters import CompanyFilter
from companies.models import Company, CultureTag
from core.filtering import canonical_query
from core.markdown import query_target, register_link_kind, slug_target


def register() -> None:
    register_link_kind("tag", resolve=tag_url, check=tag_problem)
    register_link_kind("company", resolve=company_url, check=company_problem)
    register_link_kind("companies", resolve=directory_url, check=directory_problem)


def tag_url(target: str) -> str:
    """The tag's page: what it means, then its companies and roles."""
    return reverse("companies:tag", args=[slug_target("tag", target)])


def tag_problem(target: str) -> str | None:
    if not CultureTag.objects.filter(slug=target).exists():
        return "no culture tag has that slug"
    return None


def company_url(target: str) -> str:
    return reverse("companies:detail", args=[slug_target("company", target)])


def company_problem(target: str) -> str | None:
    if not Company.objects.listed().filter(slug=target).exists():
        return "no listed company has that slug"
    return None


def directory_url(target: str) -> str:
    """The directory's URL for the query, in its canonical form (see jobs.links.board_url)."""
    data = QueryDict(query_target("companies", target).lstrip("?"))
    return reverse("companies:list") + canonical_query(CompanyFilter(data), data)


def directory_problem(target: str) -> str | None:
    return " ".join(CompanyFilter(QueryDict(target.lstrip("?"))).notices) or None
