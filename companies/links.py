"""The directory's targets for Markdown links: tag:<slug>, company:<slug>, companies:?<query>,
levels:?company=<slug>&company=<slug> (level mapping)."""

from django.http import QueryDict
from django.urls import reverse

from companies import comparing
from companies.filters import CompanyFilter
from companies.models import Company, CultureTag
from core import changes, pagecache
from core.filtering import canonical_query
from core.markdown import query_target, register_link_kind, slug_target
from core.social import register_card


def register() -> None:
    register_link_kind("tag", resolve=tag_url, check=tag_problem)
    register_link_kind("company", resolve=company_url, check=company_problem)
    register_link_kind("companies", resolve=directory_url, check=directory_problem)
    register_link_kind("levels", resolve=levels_url, check=levels_problem)
    register_card("company", company_card)
    register_card("tag", tag_card)


def company_card(slug: str) -> tuple[str, str, str] | None:
    company = Company.objects.listed().filter(slug=slug).only("name", "tagline").first()
    return ("Company", company.name, company.tagline) if company else None


def tag_card(slug: str) -> tuple[str, str, str] | None:
    tag = CultureTag.objects.filter(slug=slug).only("name", "summary").first()
    return ("Culture tag", tag.name, tag.summary) if tag else None


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


def levels_url(target: str) -> str:
    """Level mapping of the companies the link names, in its canonical form."""
    data = QueryDict(query_target("levels", target).lstrip("?"))
    query = QueryDict(mutable=True)
    query.setlist("company", comparing.choose(data.getlist("company")).slugs)
    # Which of the slugs name listed companies: a cached page linking here follows that.
    pagecache.shows(changes.part(Company._meta.db_table, "board"))
    return reverse("companies:levels") + (f"?{query.urlencode()}" if query else "")


def levels_problem(target: str) -> str | None:
    data = QueryDict(target.lstrip("?"))
    if set(data) - {"company"}:
        return "level mapping links take only company=<slug>, repeated"
    return " ".join(comparing.choose(data.getlist("company")).notices) or None
