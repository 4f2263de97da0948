"""The job board's targets for Markdown links: job:<slug>, jobs:?<query>."""

from django.http import QueryDict
from django.urls import reverse

from core.filtering import canonical_query
from core.markdown import query_target, register_link_kind, slug_target
from core.social import register_card
from jobs.filters import JobFilter
from jobs.models import Job


def register() -> None:
    register_link_kind("job", resolve=job_url, check=job_problem)
    register_link_kind("jobs", resolve=board_url, check=board_problem)
    register_card("role", role_card)


def role_card(slug: str) -> tuple[str, str, str] | None:
    job = Job.objects.public().select_related("company").filter(slug=slug).first()
    if job is None:
        return None
    return ("Role", f"{job.title} at {job.company.name}", job.company.tagline)


def job_url(target: str) -> str:
    return reverse("jobs:detail", args=[slug_target("job", target)])


def job_problem(target: str) -> str | None:
    if not Job.objects.visible().filter(slug=target).exists():
        return "no open role has that slug"
    return None


def board_url(target: str) -> str:
    """The board's URL for the query, in its canonical form (no default sort, no empty or
    unknown parameter), so that the link is not answered with a redirect."""
    data = QueryDict(query_target("jobs", target).lstrip("?"))
    return reverse("jobs:list") + canonical_query(JobFilter(data), data)


def board_problem(target: str) -> str | None:
    return " ".join(JobFilter(QueryDict(target.lstrip("?"))).notices) or None
