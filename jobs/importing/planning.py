"""The plan of an import and applying it.

Each row is matched to the role it would update by company and source_id (the
`job_unique_source_id` constraint), checked (rows.py), and given an action: create, update,
unchanged or reject. Rows are planned in batches, each with one query for its companies and
one for the roles it matches, so a file of any length is planned in bounded memory.
`plan_rows()` reads the database and writes nothing; `apply_rows()` plans again, with the
matched roles locked, and writes.
"""

import copy
import itertools
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from companies.models import Company
from jobs.importing import rows
from jobs.importing.readers import COLUMNS, SourceRow
from jobs.models import ImportAction as Action
from jobs.models import ImportMode as Mode
from jobs.models import Job

__all__ = ["Action", "Mode", "PlannedRow", "Planner", "apply_rows"]

BATCH_SIZE = 500

# What an update compares: the imported fields and what the import derives from them (the
# remote_regions column gives both regions and countries).
DERIVED_FIELDS = ["description_html", "published_at", "remote_countries"]
COMPARED_FIELDS = [
    *[column for column in COLUMNS if column not in {"source_id", "company"}],
    *DERIVED_FIELDS,
]


@dataclass
class PlannedRow:
    number: int
    source_id: str
    company: str
    title: str
    action: Action
    reasons: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    job: Job | None = None

    def reject(self, reason: str) -> None:
        self.action, self.job = Action.REJECT, None
        self.reasons.append(reason)

    @property
    def role(self) -> Job:
        """The role a row that is not rejected creates or updates."""
        assert self.job is not None, "a rejected row has no role"
        return self.job


def batches(source_rows: Iterable[SourceRow], size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(source_rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Planner:
    """Plans rows batch by batch, remembering across batches what the file has already
    claimed (company and source_id pairs, new slugs)."""

    def __init__(self):
        self.companies: dict[str, Company | None] = {}
        self.seen: dict[tuple[str, str], int] = {}
        self.new_slugs: set[str] = set()
        self.checked: dict = {}
        self.blanks: dict[int | None, Job] = {}
        self.now = timezone.now()

    def plan_batch(self, batch: list[SourceRow], *, lock: bool = False) -> list[PlannedRow]:
        """Each row's plan. Nothing is written; with `lock`, the roles the rows update are
        locked until the transaction ends."""
        wanted = {row.values.get("company", "") for row in batch} - {""} - set(self.companies)
        if wanted:
            found = Company.objects.in_bulk(wanted, field_name="slug")
            self.companies.update({slug: found.get(slug) for slug in wanted})
        keys = {
            (company.pk, row.values.get("source_id", ""))
            for row in batch
            if (company := self.companies.get(row.values.get("company", "")))
            and row.values.get("source_id")
        }
        existing: dict[tuple, Job] = {}
        if keys:
            matching = Job.objects.filter(
                company_id__in={company for company, _ in keys},
                source_id__in={source_id for _, source_id in keys},
            ).select_related("company")
            if lock:
                matching = matching.select_for_update(of=("self",))
            existing = {(job.company_id, job.source_id): job for job in matching}
        return [self.plan(row, existing) for row in batch]

    def plan(self, row: SourceRow, existing: dict[tuple, Job]) -> PlannedRow:
        values = row.values
        source_id, slug = values.get("source_id", ""), values.get("company", "")
        planned = PlannedRow(
            row.number, source_id, slug, values.get("title", ""), Action.REJECT, notes=row.notes
        )
        errors: dict[str, str] = dict(row.errors)

        if not source_id:
            errors["source_id"] = "required but empty."
        elif len(source_id) > 100:
            errors["source_id"] = f"at most 100 characters (it has {len(source_id)})."
        elif slug and (slug, source_id) in self.seen:
            errors["source_id"] = (
                f"row {self.seen[slug, source_id]} has the same company and source_id."
            )
        else:
            self.seen[slug, source_id] = row.number
        company = self.companies.get(slug)
        if not slug:
            errors["company"] = "required but empty; give the company's slug."
        elif company is None:
            errors["company"] = f"unknown company {slug[:100]!r}: no company has this slug."

        current = None
        if company is not None and "source_id" not in errors:
            current = existing.get((company.pk, source_id))
        job = copy.copy(current or self._blank(company))
        job.source_id = source_id
        rows.fill(job, values, now=self.now, errors=errors, checked=self.checked)

        planned.reasons = row.problems + rows.reasons(errors)
        if planned.reasons:
            return planned
        planned.job = job
        if current is None:
            planned.action = Action.CREATE
            return planned
        try:
            job.derive()
        except RecursionError:
            planned.reject(rows.TOO_DEEP)
            return planned
        changes = [name for name in COMPARED_FIELDS if getattr(job, name) != getattr(current, name)]
        # Derived fields are listed only when nothing the file says explains the change.
        planned.changes = [name for name in changes if name not in DERIVED_FIELDS] or changes
        planned.action = Action.UPDATE if changes else Action.UNCHANGED
        return planned

    def _blank(self, company: Company | None) -> Job:
        """A new role of `company`, copied from one made once: building a Job field by field
        was a fifth of a large preview's time."""
        key = company.pk if company else None
        if key not in self.blanks:
            self.blanks[key] = Job(company=company)
        return self.blanks[key]

    def unique_slugs(self, planned: list[PlannedRow]) -> None:
        """Give each new role a slug no role has: its title and company, or with -2, -3…
        when that is taken. One query for the batch, and one more per taken slug."""
        bases = {id(row): _slug_base(row.role.title, row.company) for row in planned}
        taken = set(Job.objects.filter(slug__in=set(bases.values())).values_list("slug", flat=True))
        for row in planned:
            base = bases[id(row)]
            if base in taken or base in self.new_slugs:
                row.role.slug = self._numbered_slug(base)
            else:
                row.role.slug = base
                self.new_slugs.add(base)

    def _numbered_slug(self, base: str) -> str:
        slug = _first_free(base, self.new_slugs)
        self.new_slugs.add(slug)
        return slug


def _slug_base(title: str, company_slug: str) -> str:
    return slugify(f"{title} {company_slug}")[:180].strip("-") or "role"


def _first_free(base: str, also_taken: AbstractSet[str] = frozenset()) -> str:
    """`base`, or `base` with -2, -3… when a role (or `also_taken`) has it."""
    taken = set(Job.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= also_taken
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def free_slug(title: str, company_slug: str) -> str:
    """A slug no role has, for one new role: its title and company, numbered when taken (as
    an import names its new roles)."""
    return _first_free(_slug_base(title, company_slug))


def apply_rows(
    source_rows: Iterable[SourceRow],
    *,
    mode: Mode,
    progress: Callable[[list[PlannedRow]], None],
    check: Callable[[], None] = lambda: None,
) -> list[PlannedRow]:
    """Plan and write rows batch by batch; return the rows that were rejected.

    Valid-only: each batch is written in a transaction of its own, and a rejected row is
    skipped. All-or-nothing: every batch is written in one transaction, which is rolled back
    (ImportRejected) at the first rejected row, so nothing is written. `progress` is told of
    every batch once it is written; `check` is called between batches and may raise to stop.
    """
    planner = Planner()
    rejected: list[PlannedRow] = []

    def save(row: PlannedRow) -> None:
        try:
            with transaction.atomic():
                row.role.save()
        except IntegrityError:
            row.reject(
                "another change to this role happened at the same moment; import the file again."
            )

    def write(batch: list[SourceRow]) -> list[PlannedRow]:
        planned = planner.plan_batch(batch, lock=True)
        for row in planned:
            if row.action in {Action.CREATE, Action.UPDATE}:
                try:
                    row.role.derive()
                except RecursionError:
                    row.reject(rows.TOO_DEEP)
        if mode == Mode.ALL_OR_NOTHING:
            for row in planned:
                if row.action == Action.REJECT:
                    raise ImportRejected(row)
        creates = [row for row in planned if row.action == Action.CREATE]
        planner.unique_slugs(creates)
        # New roles in one statement, so the table's statement-level triggers run once a
        # batch; should one collide with a role written meanwhile, row by row to find it.
        try:
            with transaction.atomic():
                Job.objects.bulk_create([row.role for row in creates])
        except IntegrityError:
            for row in creates:
                row.role.pk = None
                row.role._state.adding = True
                save(row)
        for row in planned:
            if row.action == Action.UPDATE:
                save(row)
        rejected.extend(row for row in planned if row.action == Action.REJECT)
        if rejected and mode == Mode.ALL_OR_NOTHING:
            raise ImportRejected(rejected[0])
        return planned

    if mode == Mode.ALL_OR_NOTHING:
        with transaction.atomic():
            for batch in batches(source_rows):
                check()
                progress(write(batch))
    else:
        for batch in batches(source_rows):
            check()
            with transaction.atomic():
                planned = write(batch)
            progress(planned)
    return rejected


class ImportRejected(Exception):
    """All-or-nothing met a rejected row: nothing was written."""

    def __init__(self, row: PlannedRow):
        super().__init__(row)
        self.row = row
