"""Company ladders in and out of a spreadsheet: the admin's "Import ladders" and "Export
ladders".

A file has one row per level of a ladder, in these columns (the export writes the same, so an
exported file imports back unchanged):

    company      the company's slug
    track        ic or manager
    name         the company's own name for the level
    from, to     the L-levels it matches, l3 to l8 (`to` empty: the same as `from`)
    tech_lead    empty, role (tech lead is a role held at this level) or level (this level is
                 tech lead)
    scope        what the company publishes about the level's scope
    position     orders two levels that match the same L-levels (empty: 0)
    source       where the company publishes its ladder (the same on every row of a company)
    verified_on  when that was last checked, YYYY-MM-DD (likewise)

Each company named in the file gets exactly the ladder the file gives it; companies it does not
name are left alone. The whole file is checked before anything is written, every problem is
reported with its line, and a file with any problem writes nothing. What is written is one
version in each company's history, which can be compared and restored there.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import reversion
import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from reversion.models import Version

from companies.models import Company, CompTrack, LadderLevel, Level, TechLead
from core import history

COLUMNS = [
    "company",
    "track",
    "name",
    "from",
    "to",
    "tech_lead",
    "scope",
    "position",
    "source",
    "verified_on",
]
REQUIRED = {"company", "track", "name", "from"}
# Far more than any set of ladders an editor keeps: 10,000 companies × 12 levels is about 3 MB.
MAX_BYTES = 8 * 1024 * 1024
MAX_ROWS = 200_000
# What problems a refused file lists, at most.
MAX_PROBLEMS = 50


class LadderFileError(Exception):
    """The file as a whole cannot be read as ladders."""


@dataclass
class Plan:
    """What importing a file would write: each named company's new ladder."""

    levels: dict[int, list[LadderLevel]] = field(default_factory=dict)
    company_facts: dict[int, dict] = field(default_factory=dict)
    companies: dict[int, Company] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def level_count(self) -> int:
        return sum(len(levels) for levels in self.levels.values())


def read(content: bytes, filename: str, *, required=REQUIRED) -> tablib.Dataset:
    """The file's rows: an .xlsx workbook's first sheet, or else CSV in UTF-8."""
    if len(content) > MAX_BYTES:
        raise LadderFileError(
            f"The file is {len(content) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB."
        )
    try:
        if filename.lower().endswith(".xlsx"):
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        else:
            text = content.decode("utf-8-sig")
            dataset = tablib.Dataset().load(text, format="csv")
    except UnicodeDecodeError as error:
        raise LadderFileError("The file is not UTF-8 text (save the CSV as UTF-8).") from error
    except Exception as error:  # tablib raises whatever its readers raise on a broken file.
        raise LadderFileError("The file could not be read as CSV or an Excel workbook.") from error
    headers = [str(header or "").strip().lower() for header in dataset.headers or []]
    if missing := sorted(required - set(headers)):
        raise LadderFileError(
            f"The first row must name the columns; missing: {', '.join(missing)}."
        )
    if unknown := [header for header in headers if header and header not in COLUMNS]:
        raise LadderFileError(f"Unknown columns: {', '.join(unknown)}.")
    if dataset.height > MAX_ROWS:
        raise LadderFileError(f"The file has {dataset.height:,} rows; the limit is {MAX_ROWS:,}.")
    dataset.headers = headers
    return dataset


def plan(dataset: tablib.Dataset) -> Plan:
    """Check every row and gather what would be written; problems name their line."""
    result = Plan()
    rows = [
        (line, {key: _text(value) for key, value in zip(dataset.headers, values, strict=True)})
        for line, values in enumerate(dataset, start=2)
    ]
    slugs = {row["company"] for _, row in rows if row.get("company")}
    companies = {company.slug: company for company in Company.objects.filter(slug__in=slugs)}
    names: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for line, row in rows:
        problems = []
        company = companies.get(row.get("company", ""))
        if company is None:
            problems.append(f"no company has the slug “{row.get('company', '')}”")
        level, level_problems = _level(row)
        problems += level_problems
        if company is not None and not level_problems:
            key = (level.track, level.name.casefold())
            if key in names[company.pk]:
                problems.append(
                    f"“{level.name}” is already on line {names[company.pk][key]} for this "
                    "company's track"
                )
            names[company.pk][key] = line
        if company is not None:
            problems += _company_facts(result, company, row)
        if problems:
            result.problems.append(f"Line {line}: {'; '.join(problems)}.")
            continue
        level.company = company
        result.companies[company.pk] = company
        result.levels.setdefault(company.pk, []).append(level)
    return result


def apply(result: Plan, *, user, filename: str) -> None:
    """Write a plan with no problems: each company's ladder replaced whole, in one transaction
    and one revision, with the state before kept for companies that had no version yet."""
    assert not result.problems, "a plan with problems is never written"
    companies = list(result.companies.values())
    with transaction.atomic():
        # The ladder as it was stays in each company's history.
        unversioned = [
            company for company in companies if not Version.objects.get_for_object(company).exists()
        ]
        if unversioned:
            history.keep_first_versions(unversioned, comment=history.BEFORE_FIRST_EDIT)
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(f"Ladder imported from “{filename}”.")
            LadderLevel.objects.filter(company__in=companies).delete()
            LadderLevel.objects.bulk_create(
                level for levels in result.levels.values() for level in levels
            )
            for company in companies:
                facts = result.company_facts.get(company.pk, {})
                if facts:
                    for name, value in facts.items():
                        setattr(company, name, value)
                    company.save(update_fields=[*facts, "updated_at"])
                reversion.add_to_revision(company)


def export(companies) -> tablib.Dataset:
    """Every level of `companies`' ladders, in the import's columns."""
    dataset = tablib.Dataset(headers=COLUMNS)
    levels = (
        LadderLevel.objects.filter(company__in=companies)
        .select_related("company")
        .in_ladder_order()
    )
    for level in levels:
        company = level.company
        dataset.append(
            [
                company.slug,
                level.track,
                level.name,
                level.lowest,
                level.highest,
                level.tech_lead,
                level.scope,
                level.position,
                company.ladder_url,
                company.ladder_verified_on.isoformat() if company.ladder_verified_on else "",
            ]
        )
    return dataset


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _level(row: dict) -> tuple[LadderLevel, list[str]]:
    problems = []
    track, lowest = row.get("track", "").lower(), row.get("from", "").lower()
    highest = row.get("to", "").lower() or lowest
    tech_lead = row.get("tech_lead", "").lower()
    if track not in CompTrack.values:
        problems.append(f"track must be {' or '.join(CompTrack.values)}, not “{track}”")
    for label, value in [("from", lowest), ("to", highest)]:
        if value not in Level.values:
            problems.append(f"“{label}” must be one of {', '.join(Level.values)}, not “{value}”")
    if tech_lead not in TechLead.values:
        problems.append(f"tech_lead must be empty, role or level, not “{tech_lead}”")
    position = row.get("position", "") or "0"
    if not position.isdigit() or int(position) > 1000:
        problems.append(f"position must be a whole number from 0 to 1000, not “{position}”")
        position = "0"
    level = LadderLevel(
        track=track,
        name=row.get("name", ""),
        lowest=lowest,
        highest=highest,
        tech_lead=tech_lead,
        scope=row.get("scope", ""),
        position=int(position),
    )
    if not problems:
        try:
            level.full_clean(exclude=["company"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            problems += [
                f"{name}: {' '.join(messages).rstrip('.')}"
                for name, messages in error.message_dict.items()
            ]
        if level.lowest > level.highest:
            problems.append("“to” is below “from”")
    return level, problems


def _company_facts(result: Plan, company: Company, row: dict) -> list[str]:
    """The ladder's source and date from a row, which must agree with the company's other
    rows."""
    problems, facts = [], {}
    if source := row.get("source", ""):
        try:
            Company._meta.get_field("ladder_url").clean(source, company)
            facts["ladder_url"] = source
        except ValidationError:
            problems.append(f"source is not a web address: “{source}”")
    if verified := row.get("verified_on", ""):
        try:
            facts["ladder_verified_on"] = date.fromisoformat(verified[:10])
        except ValueError:
            problems.append(f"verified_on must be a date as YYYY-MM-DD, not “{verified}”")
    known = result.company_facts.setdefault(company.pk, {})
    for name, value in facts.items():
        if name in known and known[name] != value:
            label = "source" if name == "ladder_url" else "verified_on"
            problems.append(f"{label} differs from an earlier row of {company.slug}")
        known[name] = value
    return problems


# One company's ladder as text its team edits: the file's columns without the company and
# the source (the company's own fields).
TEAM_COLUMNS = ["track", "name", "from", "to", "tech_lead", "scope", "position"]


def as_team_text(company: Company) -> str:
    """`company`'s ladder as CSV in TEAM_COLUMNS, a header first."""
    dataset = tablib.Dataset(headers=TEAM_COLUMNS)
    for row in export([company]).dict:
        dataset.append([row[column] for column in TEAM_COLUMNS])
    return dataset.export("csv").replace("\r\n", "\n").strip()


def plan_team_text(company: Company, text: str) -> Plan:
    """The plan of a team's ladder text for its own company: the same checks as an editor's
    file, each problem naming its line of the text (the header is line 1). Empty text is an
    empty ladder."""
    if not text.strip():
        return Plan(companies={company.pk: company}, levels={company.pk: []})
    dataset = read(text.strip().encode(), "ladder.csv", required=REQUIRED - {"company"})
    if unknown := [name for name in dataset.headers if name and name not in TEAM_COLUMNS]:
        raise LadderFileError(f"Unknown columns: {', '.join(unknown)}.")
    dataset.insert_col(0, [company.slug] * dataset.height, header="company")
    result = plan(dataset)
    result.companies[company.pk] = company
    result.levels.setdefault(company.pk, [])
    return result
