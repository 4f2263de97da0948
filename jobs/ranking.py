"""Open roles ranked by how well they fit what one reader said matters (their preferences,
kept by the alerts app and handed here as `Wants`).

Each thing the reader asked for is a criterion with a weight and a mask over the board's index
(jobs.board), made by the same mask functions the board's filters use, so "fits" means here
what a filter means there. A role's score is the sum of the weights of the criteria it meets;
roles are ranked by score, the newest first among equals. Every open role is ranked, none is
left out, and each shown row says what it meets and what it misses.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.utils import timezone

from companies.models import SizeBand, Stage
from core.columns import choice_mask
from jobs import board
from jobs.board import BoardIndex, BoardQuery, current_index
from jobs.models import Level, Track, Workplace

# How much each kind of wish weighs; a culture tag weighs what the reader said (1 or 2).
WEIGHTS = {
    "level": 3,
    "track": 3,
    "where": 3,
    "pay": 3,
    "workplace": 2,
    "ladder": 2,
    "stage": 1,
    "size": 1,
}
NICE, IMPORTANT = 1, 2


@dataclass(frozen=True)
class Wants:
    tags: dict[str, int] = field(default_factory=dict)  # slug → NICE or IMPORTANT
    tag_names: dict[str, str] = field(default_factory=dict)  # slug → the tag's name
    levels: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    workplaces: tuple[str, ...] = ()
    min_salary_usd: float | None = None
    min_salary_label: str = ""  # the minimum as the reader wrote it: "EUR 80,000"
    stages: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    ladder: bool = False

    @property
    def anything(self) -> bool:
        return any(
            [
                self.tags,
                self.levels,
                self.tracks,
                self.countries,
                self.workplaces,
                self.min_salary_usd is not None,
                self.stages,
                self.sizes,
                self.ladder,
            ]
        )


@dataclass
class Criterion:
    """One wish: its weight, which rows meet it, and how a row's meeting or missing it is
    said."""

    name: str
    weight: int
    mask: np.ndarray
    met: Callable[[int], str]
    missed: Callable[[int], str]


def _tags(count: int) -> str:
    return f"{count} tag{'s' if count != 1 else ''}"


def _labels(choices, values) -> str:
    names = dict(choices)
    return " or ".join(str(names.get(value, value)) for value in values)


def _choice(
    name: str, codes: np.ndarray, wanted: tuple[str, ...], labels, suffix: str = ""
) -> Criterion:
    """A wish for one of some values of a choice column (`codes`: each row's position among
    the column's choices), said with the value's label and `suffix`."""
    names = board.choices(name)
    label = dict(labels)
    mask = choice_mask(codes, names, [value for value in wanted if value in names])

    def said(row: int) -> str:
        code = codes[row]
        return f"{label[names[code]]}{suffix}" if code >= 0 else f"unknown{suffix}"

    return Criterion(
        name,
        WEIGHTS[name],
        mask,
        said,
        lambda row: f"{said(row)}, not {_labels(labels, wanted)}",
    )


def criteria(index: BoardIndex, wants: Wants) -> list[Criterion]:
    found: list[Criterion] = []
    if wants.levels:
        found.append(_choice("level", index.codes["level"], wants.levels, Level.choices))
    if wants.tracks:
        found.append(_choice("track", index.codes["track"], wants.tracks, Track.choices, " track"))
    if wants.countries:
        found.append(
            Criterion(
                "where",
                WEIGHTS["where"],
                BoardQuery.countries_mask(index, wants.countries),
                lambda row: "open to where you can work",
                lambda row: "not open to where you can work",
            )
        )
    if wants.workplaces:
        found.append(
            _choice("workplace", index.codes["workplace"], wants.workplaces, Workplace.choices)
        )
    if wants.min_salary_usd is not None:
        usd = index.salary_usd
        minimum = wants.min_salary_label
        found.append(
            Criterion(
                "pay",
                WEIGHTS["pay"],
                BoardQuery.salary_mask(index, wants.min_salary_usd),
                lambda row: f"pays at least your {minimum}",
                lambda row: (
                    "pay not stated" if np.isnan(usd[row]) else f"pays below your {minimum}"
                ),
            )
        )
    if wants.stages:
        found.append(_choice("stage", index.company_stage, wants.stages, Stage.choices, " company"))
    if wants.sizes:
        sizes = index.companies.size[index.company]
        found.append(_choice("size", sizes, wants.sizes, SizeBand.choices, " people"))
    if wants.ladder:
        found.append(
            Criterion(
                "ladder",
                WEIGHTS["ladder"],
                BoardQuery.signal_mask(index, "ladder"),
                lambda row: "ladder names tech lead",
                lambda row: "ladder does not name tech lead",
            )
        )
    return found


class BestFirst:
    """Rows in order of their scores, best first and in their own order among equals, worked
    out a slice at a time: a page needs only the rows whose scores can be on it, not a sort
    of every open role. `rows` holds the rows in their own order, `scores` the score of each
    (small numbers, none below 0)."""

    def __init__(self, rows: np.ndarray, scores: np.ndarray, then=None):
        self.rows, self.scores = rows, scores
        self.then = then  # what each row is mapped to when sliced (the index's ids), if any
        self.counts = np.bincount(scores) if len(scores) else np.zeros(1, dtype=np.int64)
        # How many rows score more than each score: where that score's rows start.
        self.before = np.cumsum(self.counts[::-1])[::-1] - self.counts

    def __len__(self) -> int:
        return len(self.rows)

    def mapped(self, values: np.ndarray) -> "BestFirst":
        """The same order, each row given as `values[row]`."""
        return BestFirst(self.rows, self.scores, values)

    def scoring(self, at_least: int) -> int:
        return int(self.counts[max(at_least, 0) :].sum())

    @property
    def best(self) -> int:
        return int(np.flatnonzero(self.counts)[-1]) if len(self.rows) else 0

    def _score_at(self, position: int) -> int:
        held = np.flatnonzero((self.before <= position) & (self.counts > 0))
        return int(held[0])

    def __getitem__(self, key: slice) -> np.ndarray:
        start, stop, step = key.indices(len(self))
        if step != 1:
            raise ValueError("only slices in order")
        if start >= stop:
            found = self.rows[:0]
        else:
            high, low = self._score_at(start), self._score_at(stop - 1)
            kind = self.scores.dtype.type
            candidates = np.flatnonzero((self.scores <= kind(high)) & (self.scores >= kind(low)))
            # A stable sort (a radix sort for 16-bit numbers) keeps the rows' own order among
            # equals.
            order = np.argsort(-self.scores[candidates], kind="stable")
            skip = start - int(self.before[high])
            found = self.rows[candidates[order][skip : skip + stop - start]]
        return found if self.then is None else self.then[found]


@dataclass
class Ranking:
    index: BoardIndex
    wants: Wants
    criteria: list[Criterion]
    rows: BestFirst  # the open roles' rows, best first
    scores: np.ndarray  # by row
    most: int  # the score of a role that meets everything

    @cached_property
    def ids(self) -> BestFirst:
        return self.rows.mapped(self.index.ids)

    @property
    def keys(self) -> BestFirst:
        """What `explain` takes for each of `ids`: the role's row."""
        return self.rows

    def count_scoring(self, at_least: int) -> int:
        return self.rows.scoring(at_least)

    @property
    def perfect(self) -> int:
        return self.count_scoring(self.most) if self.most else 0

    @property
    def partial(self) -> int:
        return self.count_scoring(1) - self.perfect

    @property
    def best(self) -> int:
        return self.rows.best

    def explain(self, row: int) -> tuple[list[str], list[str]]:
        """What the role at `row` meets, and what it misses, in words."""
        met: list[str] = []
        missed: list[str] = []
        if self.wants.tags:
            carried = self.index.companies.tags[self.index.company[row]]
            has = [slug for slug in self.wants.tags if slug in carried]
            lacks = [slug for slug in self.wants.tags if slug not in carried]
            if has:
                met.append(f"{len(has)} of your {_tags(len(self.wants.tags))}")
            important = [slug for slug in lacks if self.wants.tags[slug] == IMPORTANT]
            if important:
                missed.append(
                    "lacks " + ", ".join(self.wants.tag_names.get(s, s) for s in important)
                )
            elif not has:
                missed.append(f"none of your {_tags(len(self.wants.tags))}")
        for criterion in self.criteria:
            (met if criterion.mask[row] else missed).append(
                (criterion.met if criterion.mask[row] else criterion.missed)(row)
            )
        return met, missed


def rank(wants: Wants, now=None) -> Ranking:
    """Every open role, ranked for `wants`."""
    index = current_index()
    found = criteria(index, wants)
    scores = np.zeros(len(index), dtype=np.int16)
    for criterion in found:
        # Booleans seen as 8-bit numbers: a tenth of the time of multiplying them as they are.
        scores += criterion.mask.view(np.int8) * np.int8(criterion.weight)
    labels, matrix = index.companies.tag_membership
    weights = np.array([wants.tags.get(slug, 0) for slug in labels], dtype=np.int16)
    if weights.any():
        scores += (matrix @ weights).astype(np.int16)[index.company]
    rows = index.open_now(now or timezone.now()).rows
    most = sum(criterion.weight for criterion in found) + sum(wants.tags.values())
    # The index's order, newest first, among roles that score the same.
    return Ranking(index, wants, found, BestFirst(rows, scores[rows]), scores, most)


# Companies, ranked by the same wishes: what the company is (its tags, stage, size, ladder),
# then how many of its open roles meet every wish about the role itself.

COMPANY_WISHES = ("stage", "size", "ladder")
ROLE_WISHES = ("level", "track", "where", "workplace", "pay")


@dataclass
class CompanyRanking:
    ranking: Ranking
    positions: np.ndarray  # listed companies' positions in the index, best first
    scores: np.ndarray  # by position: the company-level wishes met
    fitting: np.ndarray  # by position: open roles meeting every role-level wish
    most: int

    @property
    def ids(self) -> np.ndarray:
        return self.ranking.index.companies.ids[self.positions]

    @property
    def keys(self) -> np.ndarray:
        """What `explain` takes for each of `ids`: the company's position in the index."""
        return self.positions

    @property
    def role_wishes(self) -> bool:
        return any(c.name in ROLE_WISHES for c in self.ranking.criteria)

    def explain(self, position: int) -> tuple[list[str], list[str]]:
        """What the company at `position` meets and misses, in words."""
        ranking, companies = self.ranking, self.ranking.index.companies
        met: list[str] = []
        missed: list[str] = []
        wants = ranking.wants
        if wants.tags:
            carried = companies.tags[position]
            has = [slug for slug in wants.tags if slug in carried]
            (met if has else missed).append(
                f"{len(has)} of your {_tags(len(wants.tags))}" if has else "none of your tags"
            )
        rows = np.flatnonzero(ranking.index.company == position)
        for criterion in ranking.criteria:
            if criterion.name in COMPANY_WISHES and len(rows):
                row = int(rows[0])
                (met if criterion.mask[row] else missed).append(
                    (criterion.met if criterion.mask[row] else criterion.missed)(row)
                )
        if self.role_wishes:
            n = int(self.fitting[position])
            if n:
                met.append(f"{n} open role{'s' if n != 1 else ''} fit what you want of a role")
            else:
                missed.append("no open role fits what you want of a role")
        return met, missed


def rank_companies(wants: Wants, now=None) -> CompanyRanking:
    """Every listed company with an open role, ranked for `wants`: the company-level wishes
    met (tags by their weight), then the number of its open roles meeting every role-level
    wish, then the most open roles."""
    ranking = rank(wants, now)
    index = ranking.index
    companies = index.companies
    count = len(companies.ids)
    open_rows = index.open_now(now or timezone.now())
    scores = np.zeros(count, dtype=np.int16)
    labels, matrix = companies.tag_membership
    weights = np.array([wants.tags.get(slug, 0) for slug in labels], dtype=np.int16)
    if weights.any():
        scores += (matrix @ weights).astype(np.int16)
    every_role_wish = open_rows.mask.copy()
    for criterion in ranking.criteria:
        if criterion.name in COMPANY_WISHES:
            # A company-level mask holds the same value for every role of a company.
            per_company = np.zeros(count, dtype=bool)
            per_company[index.company[criterion.mask]] = True
            scores += criterion.weight * per_company
        else:
            every_role_wish &= criterion.mask
    fitting = np.bincount(index.company[every_role_wish], minlength=count)
    shown = np.flatnonzero(companies.listed & (open_rows.per_company > 0))
    order = np.lexsort((-open_rows.per_company[shown], -fitting[shown], -scores[shown]))
    most = sum(weights.tolist()) + sum(
        c.weight for c in ranking.criteria if c.name in COMPANY_WISHES
    )
    return CompanyRanking(ranking, shown[order], scores, fitting, most)
