"""A reader's answer to a guide's self-assessment, scored: how many statements on each side,
the verdict that count reaches, and the paths ranked by the ticks that point to them, each with
its companies and roles counted live through the directory's and the board's own filters.

An answer is only the keys of the statements ticked, read from the result link's query string
(`?ticked=…`); nothing about the reader is stored unless they keep it (KeptResult)."""

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from companies.filters import CompanyFilter
from companies.models import Company
from core.filtering import canonical_query
from core.markdown import parse_internal_link
from guides.models import Assessment, Outcome, Side, Statement, Verdict, answer_query
from jobs.filters import JobFilter

KEY = re.compile(r"[-a-z0-9_]{1,40}")
# More answers than any assessment has statements is a tampered link: read no further.
MAX_ANSWERS = 100


@dataclass
class Listing:
    """One of a path's lists: where it is, how many it holds now, and the query a saved
    search would keep."""

    label: str
    url: str
    count: int
    scope: str
    query: str

    @property
    def save_url(self) -> str:
        return (
            reverse("alerts:search_new")
            + "?"
            + urlencode({"scope": self.scope})
            + (f"&{self.query}" if self.query else "")
        )


@dataclass
class Path:
    outcome: Outcome
    because: list[Statement]
    listings: list[Listing] = field(default_factory=list)

    @property
    def points(self) -> int:
        return len(self.because)


@dataclass
class Result:
    assessment: Assessment
    ticked: list[Statement]
    notices: list[str]
    verdict: Verdict | None
    paths: list[Path]  # the best first

    @cached_property
    def tally(self) -> dict[str, tuple[int, int]]:
        """Per side: how many of its statements were ticked, and how many it has."""
        every = list(self.assessment.statements.all())
        return {
            side: (
                sum(s.side == side for s in self.ticked),
                sum(s.side == side for s in every),
            )
            for side in Side.values
        }

    @property
    def counted(self) -> int:
        """The ticks that count, for or against."""
        return self.tally[Side.FOR][0] + self.tally[Side.AGAINST][0]

    @property
    def margin(self) -> int:
        """Ticks for, less ticks against: what the verdicts' thresholds are met by."""
        return self.tally[Side.FOR][0] - self.tally[Side.AGAINST][0]

    @property
    def path(self) -> Path | None:
        return self.paths[0] if self.paths else None

    @property
    def keys(self) -> list[str]:
        return [statement.key for statement in self.ticked]

    @property
    def query(self) -> str:
        """The canonical query string of this answer: the statements in their order."""
        return answer_query(self.keys)

    @property
    def url(self) -> str:
        """The result's shareable link."""
        return self.assessment.result_url(self.keys)


def read_answer(assessment: Assessment, data: QueryDict) -> tuple[list[Statement], list[str]]:
    """The statements an answer ticks, in the assessment's order, and a notice for whatever
    in it was left out (unknown or malformed keys, too many answers)."""
    statements = {statement.key: statement for statement in assessment.statements.all()}
    values = data.getlist("ticked")
    notices = []
    if len(values) > MAX_ANSWERS:
        values = values[:MAX_ANSWERS]
        notices.append(
            f"This link had more answers than the assessment has; only the first "
            f"{MAX_ANSWERS} were read."
        )
    unknown = [value for value in values if value not in statements]
    if unknown:
        notices.append(
            f"{len(unknown)} answer{'s' if len(unknown) != 1 else ''} in this link "
            f"{'are' if len(unknown) != 1 else 'is'} not among this assessment's statements "
            "(perhaps it changed since the link was made) and "
            f"{'were' if len(unknown) != 1 else 'was'} left out."
        )
    chosen = set(values) & set(statements)
    return [statement for key, statement in statements.items() if key in chosen], notices


def verdict_for(assessment: Assessment, margin: int) -> Verdict | None:
    """The verdict with the highest threshold `margin` reaches (verdicts are highest first);
    below every threshold, the lowest."""
    verdicts = list(assessment.verdicts.all())
    return next((v for v in verdicts if margin >= v.at_least), verdicts[-1] if verdicts else None)


def _listing(link_value: str, label: str) -> Listing | None:
    link = parse_internal_link(link_value)
    if link is None or link.kind not in {"jobs", "companies"}:
        return None
    query = QueryDict(link.target.lstrip("?"))
    if link.kind == "jobs":
        board = JobFilter(query)
        clean = canonical_query(board, query)
        return Listing(
            label, reverse("jobs:list") + clean, len(board.ids()), "jobs", clean.lstrip("?")
        )
    directory = CompanyFilter(query, queryset=Company.objects.listed())
    clean = canonical_query(directory, query)
    return Listing(
        label,
        reverse("companies:list") + clean,
        directory.count(),
        "companies",
        clean.lstrip("?"),
    )


def listings(outcome: Outcome) -> list[Listing]:
    """The path's companies and roles, counted now."""
    found = [
        _listing(outcome.companies_query, outcome.companies_label or "Companies"),
        _listing(outcome.jobs_query, outcome.jobs_label or "Open roles"),
    ]
    return [listing for listing in found if listing is not None]


def score(assessment: Assessment, data: QueryDict, *, counted: bool = True) -> Result:
    """The reader's answer scored. The paths are ranked by how many ticks point to each, the
    first in the editors' order winning a tie; with no tick pointing anywhere, the editors'
    first path leads. `counted=False` leaves the lists uncounted."""
    ticked, notices = read_answer(assessment, data)
    paths = [
        Path(outcome, [s for s in ticked if s.leads_to_id == outcome.pk])
        for outcome in assessment.outcomes.all()
    ]
    paths.sort(key=lambda path: -path.points)
    for path in paths if counted else []:
        path.listings = listings(path.outcome)
    result = Result(assessment, ticked, notices, verdict=None, paths=paths)
    if result.counted:
        result.verdict = verdict_for(assessment, result.margin)
    return result
