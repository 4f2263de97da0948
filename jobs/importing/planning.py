"""The plan of an import and applying it.

Each row is matched to the role it would update by company and source_id (the
`job_unique_source_id` constraint), checked (rows.py), and given an action: create, update,
unchanged or reject. A plan reads the database and writes nothing; `apply_import()` makes the
plan again inside one transaction, with the matched roles locked, and writes it all-or-nothing
or valid rows only.
"""

import copy
from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from companies.models import Company
from jobs.importing import rows
from jobs.importing.readers import COLUMNS, Format, ImportFileError, SourceRow, read_rows
from jobs.models import Job


class Mode(models.TextChoices):
    ALL_OR_NOTHING = "all-or-nothing", "All or nothing: import nothing if any row is rejected"
    VALID_ONLY = "valid-only", "Valid rows only: import the valid rows, skip rejected ones"


class Action(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    UNCHANGED = "unchanged", "Unchanged"
    REJECT = "reject", "Reject"


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


@dataclass
class Plan:
    format: Format
    rows: list[PlannedRow]

    def count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action.value: self.count(action) for action in Action}

    @property
    def has_rejected(self) -> bool:
        return self.count(Action.REJECT) > 0

    def summary(self) -> str:
        return (
            f"{self.count(Action.CREATE)} to create, {self.count(Action.UPDATE)} to update, "
            f"{self.count(Action.UNCHANGED)} unchanged, {self.count(Action.REJECT)} rejected"
        )


@dataclass
class Result:
    plan: Plan
    applied: bool

    def summary(self) -> str:
        plan = self.plan
        if not self.applied:
            rejected = plan.count(Action.REJECT)
            return (
                f"Nothing was imported: {rejected} row{'s' if rejected != 1 else ''} "
                f"rejected, and in all-or-nothing mode any rejected row stops the whole file."
            )
        return (
            f"{plan.count(Action.CREATE)} created, {plan.count(Action.UPDATE)} updated, "
            f"{plan.count(Action.UNCHANGED)} unchanged, {plan.count(Action.REJECT)} rejected."
        )


def plan_import(
    text: str, *, format: str = Format.AUTO, filename: str = "", company: Company | None = None
) -> Plan:
    """What importing `text` would do, row by row. Reads the database and writes nothing."""
    chosen, source_rows = read_rows(text, format=format, filename=filename, company=company)
    return _plan(chosen, source_rows)


def apply_import(
    text: str,
    *,
    format: str = Format.AUTO,
    filename: str = "",
    company: Company | None = None,
    mode: str = Mode.ALL_OR_NOTHING,
) -> Result:
    """Plan and write an import in one transaction.

    In all-or-nothing mode a plan with any rejected row writes nothing. Otherwise the created
    and updated rows are written, rejected and unchanged ones are not, and the affected
    companies' open-role data is refreshed once.
    """
    chosen, source_rows = read_rows(text, format=format, filename=filename, company=company)
    try:
        with transaction.atomic():
            plan = _plan(chosen, source_rows, lock=True)
            if Mode(mode) == Mode.ALL_OR_NOTHING and plan.has_rejected:
                return Result(plan, applied=False)
            written = [row.job for row in plan.rows if row.action in {Action.CREATE, Action.UPDATE}]
            for job in written:
                job.save()
    except IntegrityError:
        raise ImportFileError(
            "Another change to these roles happened at the same moment, so nothing was "
            "imported. Try again."
        ) from None
    return Result(plan, applied=True)


def _plan(chosen: Format, source_rows: list[SourceRow], lock: bool = False) -> Plan:
    slugs = {row.values.get("company", "") for row in source_rows} - {""}
    companies = Company.objects.in_bulk(slugs, field_name="slug")
    source_ids = {row.values.get("source_id", "") for row in source_rows} - {""}
    existing = Job.objects.filter(company__in=list(companies.values()), source_id__in=source_ids)
    if lock:
        existing = existing.select_for_update()
    by_key = {(job.company_id, job.source_id): job for job in existing}
    planner = _Planner(companies, by_key)
    return Plan(chosen, [planner.plan(row) for row in source_rows])


class _Planner:
    def __init__(self, companies: dict[str, Company], existing: dict[tuple, Job]):
        self.companies = companies
        self.existing = existing
        self.seen: dict[tuple[str, str], int] = {}
        self.new_slugs: set[str] = set()
        self.now = timezone.now()

    def plan(self, row: SourceRow) -> PlannedRow:
        values = row.values
        source_id, slug = values.get("source_id", ""), values.get("company", "")
        planned = PlannedRow(
            row.number, source_id, slug, values.get("title", ""), Action.REJECT, notes=row.notes
        )
        errors: dict[str, str] = {}

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
            errors["company"] = f"unknown company {slug!r}: no company has this slug."

        current = None
        if company is not None and "source_id" not in errors:
            current = self.existing.get((company.pk, source_id))
        job = copy.copy(current) if current else Job(company=company, source_id=source_id)
        rows.fill(job, values, now=self.now, errors=errors)

        planned.reasons = row.problems + rows.reasons(errors)
        if planned.reasons:
            return planned
        planned.job = job
        if current is None:
            job.slug = self._unique_slug(job.title, company.slug)
            planned.action = Action.CREATE
            return planned
        changes = [name for name in COMPARED_FIELDS if getattr(job, name) != getattr(current, name)]
        # Derived fields are listed only when nothing the file says explains the change.
        planned.changes = [name for name in changes if name not in DERIVED_FIELDS] or changes
        planned.action = Action.UPDATE if changes else Action.UNCHANGED
        return planned

    def _unique_slug(self, title: str, company_slug: str) -> str:
        base = slugify(f"{title} {company_slug}")[:180].strip("-") or "role"
        taken = set(Job.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        taken |= self.new_slugs
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        self.new_slugs.add(slug)
        return slug
