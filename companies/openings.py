"""How many open roles each company has at this moment.

What "open" means belongs to the job board, which sits above this app: it registers where the
counts come from in its AppConfig.ready() (jobs/apps.py), so the directory, tag pages and
company pages ask this module and never reach into the board.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class OpenRoles:
    """Open roles per listed company id, for companies with at least one; and per culture
    tag, the open roles at the listed companies carrying it and how many those companies are
    (the board holds every company's tags, so the tags index needs no count of its own)."""

    per_company: dict[int, int] = field(default_factory=dict)
    per_tag: dict[str, int] = field(default_factory=dict)
    companies_per_tag: dict[str, int] = field(default_factory=dict)

    def of(self, company_id: int) -> int:
        return self.per_company.get(company_id, 0)

    @cached_property
    def as_json(self) -> str:
        """The counts as a JSON object keyed by id, for PostgreSQL to look each company up
        in (jsonb's keys are searched by bisection)."""
        return json.dumps({str(company_id): n for company_id, n in self.per_company.items()})


_source: Callable[[], OpenRoles] | None = None
_by_level: Callable[[list[int]], dict[int, dict[str, int]]] | None = None


def register(
    source: Callable[[], OpenRoles],
    by_level: Callable[[list[int]], dict[int, dict[str, int]]] | None = None,
) -> None:
    """`source` gives every company's open roles; `by_level`, given company ids, each one's
    open roles per level."""
    global _source, _by_level
    _source = source
    _by_level = by_level


def current() -> OpenRoles:
    """The open roles now; none when no board is installed."""
    return _source() if _source is not None else OpenRoles()


def by_level(company_ids: list[int]) -> dict[int, dict[str, int]]:
    """Open roles per level at each of the companies; none when no board is installed."""
    return _by_level(company_ids) if _by_level is not None and company_ids else {}
