"""Bulk import of roles from a CSV file or a Greenhouse Job Board API export.

An import has two steps. `plan_import()` reads a file and decides, row by row, what would
happen to it, without writing anything:

    create     no role of that company has the row's source_id yet
    update     the company's role with that source_id exists and some imported field differs
    unchanged  it exists and nothing would change; it is not written (updated_at stays put)
    reject     the row breaks a rule; the plan says which, in words

`apply_import()` plans again inside one transaction, with the matched roles locked, and writes
the result in the chosen mode: `all-or-nothing` writes nothing when any row is rejected;
`valid-only` writes the valid rows and skips the rejected ones. Either way a file is never
half-written by accident. Rows are matched to roles by company and source_id (the
`job_unique_source_id` constraint), so importing the same file twice changes nothing.

Every row is validated with the rules the admin applies: the values are checked below, then a
Job is built and `full_clean()` runs the field validators (`validate_apply_to` among them),
`Job.clean()` and the table's check constraints. Descriptions are rendered with `job.render()`;
the status goes through `job.publish()` / `job.unpublish()`, so a role that was published keeps
its published_at. New roles get a unique slug made of the title and the company slug; an
update keeps the slug, so the role's URL does not change.

CSV
---
UTF-8 (a byte-order mark is fine), comma-separated, with a header row naming the columns in any
order. An unknown column name rejects the whole file, since a misspelt column would otherwise
be ignored without a word. Row numbers are spreadsheet rows: the header is row 1. A blank cell
means "not given"; on an update it clears the field, except for expires_at.

    column           required  meaning
    source_id        yes       the role's id in the system it comes from (at most 100 characters)
    company          yes       the company's slug in the directory
    title            yes       at most 160 characters
    level            yes       l3, l4, l5, l6, l7, l8
    track                      ic (default), tech-lead, engineering-manager, tech-lead-manager
    discipline       yes       backend, frontend, full-stack, infrastructure, platform, data,
                               ml, mobile, security, embedded
    employment_type            full-time (default), part-time, contract, internship
    workplace        yes       onsite, hybrid, remote
    city                       required for onsite and hybrid roles
    country                    a country's ISO 3166-1 code (DE, or DEU) or English name
                               (Germany), in any case; stored as the two-letter code
    remote_regions             required for remote roles: where applicants may be, e.g. Europe
    salary_min                 a whole number above 0 (thousands separators are allowed)
    salary_max                 a whole number, at least salary_min
    salary_currency            ISO 4217 code (default USD)
    salary_period              year (default), month, hour
    equity                     true or false (also yes/no, 1/0); default false
    description      yes       Markdown
    apply_to         yes       an http(s) URL or an e-mail address
    status                     published (default) or draft
    expires_at                 an ISO date, e.g. 2026-03-31: the role is open through that day
                               (UTC); or an ISO date-time with its offset. It must be in the
                               future. Blank: 60 days after publishing for a new role, and the
                               current expiry kept for an existing one.

Choice columns take the codes above or the labels the admin shows ("Staff" is not a label,
"L6 · Staff" is), in any case.

Greenhouse
----------
The JSON of Greenhouse's Job Board API, `GET /v1/boards/{board}/jobs?content=true`: an object
whose "jobs" list holds the roles. A board is one company's, so the company is chosen by whoever
imports it (the upload form, or --company). Row numbers are positions in "jobs", from 1.
Fields read, and where they go:

    id               source_id
    title            title
    absolute_url     apply_to
    location.name    contains "Remote" (any case): workplace remote, remote_regions = the name;
                     otherwise workplace hybrid, city = the name up to its first comma
    content          description. Greenhouse sends the HTML escaped; it is unescaped, scripts
                     and styles are dropped with their content and all tags stripped with real
                     parsers (nh3, then html.parser). Paragraphs become Markdown paragraphs,
                     headings "###" lines, list items "- " or "1. " lines; link targets are
                     dropped, and text is backslash-escaped so it shows as written.
    metadata         the entries named "Level", "Track" and "Discipline" (any case), whose
                     values are read as in the CSV

Nothing else is read (updated_at, departments, offices and the rest are ignored). Every role is
imported as published and full-time, with no salary, country or equity, expiring 60 days after
publishing (an existing expiry is kept).

Without metadata, level, track and discipline are inferred from whole words of the title:

    track        "Tech Lead Manager" or "TLM": tech-lead-manager; "Tech Lead" or "Technical
                 Lead": tech-lead; "Engineering Manager" or "Manager, Engineering":
                 engineering-manager; otherwise ic.
    level        "Principal", "Distinguished" or "Fellow": l8; "Senior Staff": l7; "Staff": l6;
                 "Senior" or "Sr": l5; "Junior", "Jr", "Graduate" or "Entry-level": l3;
                 otherwise l4, or l5 on the tech-lead and manager tracks.
    discipline   the first group with a word in the title: ml (Machine Learning, ML, AI, LLM),
                 data (Data, Analytics), security (Security, AppSec), mobile (Mobile, iOS,
                 Android), embedded (Embedded, Firmware), infrastructure (Infrastructure, SRE,
                 Site Reliability, DevOps), platform (Platform), full-stack (Full-stack),
                 frontend (Frontend, Front-end), backend (Backend); otherwise backend.

The plan notes every inferred value, so an editor sees what was guessed.
"""

import copy
import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path

import nh3
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries

from companies.models import Company, Level
from jobs import services
from jobs.models import (
    Discipline,
    EmploymentType,
    Job,
    JobStatus,
    SalaryPeriod,
    Track,
    Workplace,
)

# Uploads through the admin are capped; the file travels back with the confirmation.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class Format(models.TextChoices):
    AUTO = "auto", "Detect from the file"
    CSV = "csv", "CSV"
    GREENHOUSE = "greenhouse", "Greenhouse JSON"


class Mode(models.TextChoices):
    ALL_OR_NOTHING = "all-or-nothing", "All or nothing: import nothing if any row is rejected"
    VALID_ONLY = "valid-only", "Valid rows only: import the valid rows, skip rejected ones"


class Action(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    UNCHANGED = "unchanged", "Unchanged"
    REJECT = "reject", "Reject"


class ImportFileError(Exception):
    """The file as a whole cannot be imported: unreadable, or not in the expected shape."""


REQUIRED_COLUMNS = ["source_id", "company", "title"]
COLUMNS = [
    "source_id",
    "company",
    "title",
    "level",
    "track",
    "discipline",
    "employment_type",
    "workplace",
    "city",
    "country",
    "remote_regions",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "equity",
    "description",
    "apply_to",
    "status",
    "expires_at",
]
# What an update compares: the imported fields and what the import derives from them.
DERIVED_FIELDS = ["description_html", "published_at"]
COMPARED_FIELDS = [
    *[column for column in COLUMNS if column not in {"source_id", "company"}],
    *DERIVED_FIELDS,
]


@dataclass
class SourceRow:
    """One role as read from a file: CSV column names to text."""

    number: int
    values: dict[str, str]
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


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


# Reading files.


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {error.start} cannot be read). "
            "Save it as UTF-8 and upload it again."
        ) from None


def detect_format(text: str, filename: str = "") -> Format:
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return Format.CSV
    if suffix == ".json":
        return Format.GREENHOUSE
    return Format.GREENHOUSE if text.lstrip("\ufeff \t\r\n").startswith("{") else Format.CSV


def read_rows(
    text: str, *, format: str, filename: str = "", company: Company | None = None
) -> tuple[Format, list[SourceRow]]:
    chosen = Format(format)
    if chosen == Format.AUTO:
        chosen = detect_format(text, filename)
    text = text.removeprefix("\ufeff")
    if "\x00" in text or "\\u0000" in text:
        raise ImportFileError(
            "The file contains NUL characters; it is not a CSV or JSON text file."
        )
    rows = _read_csv(text) if chosen == Format.CSV else _read_greenhouse(text, company)
    if not rows:
        raise ImportFileError("The file has no roles in it.")
    return chosen, rows


def _read_csv(text: str) -> list[SourceRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError("The file is empty.")
        columns = [name.strip().lower() for name in header]
        unknown = sorted({name for name in columns if name and name not in COLUMNS})
        if unknown:
            raise ImportFileError(
                f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
                f"The columns are: {', '.join(COLUMNS)}."
            )
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            raise ImportFileError(
                f"The header row has no {', '.join(missing)} column. A CSV needs a header row "
                f"naming its columns, with at least {', '.join(REQUIRED_COLUMNS)}."
            )
        repeated = sorted({name for name in columns if name and columns.count(name) > 1})
        if repeated:
            raise ImportFileError(f"Columns named more than once: {', '.join(repeated)}.")
        rows = []
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            # Short rows are fine (trailing cells left empty); long ones are reported below.
            cells = zip(columns, record, strict=False)
            values = {name: cell.strip() for name, cell in cells if name}
            problems = []
            if len(record) > len(columns):
                problems.append(
                    f"The row has {len(record)} cells but the header names {len(columns)} "
                    "columns; is a comma missing its quotes?"
                )
            rows.append(SourceRow(number, values, problems=problems))
    except csv.Error as error:
        raise ImportFileError(
            f"The CSV cannot be read at line {reader.line_num}: {error}."
        ) from None
    return rows


def _read_greenhouse(text: str, company: Company | None) -> list[SourceRow]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"The file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise ImportFileError(
            'A Greenhouse export is a JSON object with a "jobs" list, as '
            "GET /v1/boards/{board}/jobs?content=true returns it."
        )
    if company is None:
        raise ImportFileError(
            "A Greenhouse export is one company's board: choose the company it belongs to."
        )
    rows = []
    for number, item in enumerate(data["jobs"], start=1):
        if not isinstance(item, dict):
            rows.append(SourceRow(number, {"company": company.slug}, problems=["Not a job."]))
            continue
        rows.append(_greenhouse_row(number, item, company))
    return rows


def _text(value) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float | str):
        return str(value).strip()
    if isinstance(value, list) and value:
        return _text(value[0])
    return ""


def _greenhouse_row(number: int, item: dict, company: Company) -> SourceRow:
    title = _text(item.get("title"))
    location = item.get("location")
    place = _text(location.get("name")) if isinstance(location, dict) else ""
    metadata = {}
    for entry in item.get("metadata") or []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            metadata[entry["name"].strip().lower()] = _text(entry.get("value"))
    values = {
        "source_id": _text(item.get("id")),
        "company": company.slug,
        "title": title,
        "apply_to": _text(item.get("absolute_url")),
        "description": html_to_markdown(_text(item.get("content"))),
        "status": JobStatus.PUBLISHED,
    }
    if "remote" in place.lower():
        values.update(workplace=Workplace.REMOTE, remote_regions=place)
    else:
        values.update(workplace=Workplace.HYBRID, city=place.split(",")[0].strip())

    notes = []
    for name, infer in [
        ("track", lambda: infer_track(title)),
        ("level", lambda: infer_level(title, values["track"])),
        ("discipline", lambda: infer_discipline(title)),
    ]:
        if metadata.get(name):
            values[name] = metadata[name]
            continue
        values[name], matched = infer()
        how = "inferred from the title" if matched else f"by default (no {name} word in the title)"
        notes.append(f"{name} {values[name]} {how}")
    return SourceRow(number, values, notes=notes)


# Inference from titles, for Greenhouse roles without metadata.


def _words(*patterns: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


TRACK_WORDS = [
    (Track.TECH_LEAD_MANAGER, _words(r"tech(?:nical)? lead manager", "tlm")),
    (Track.TECH_LEAD, _words(r"tech(?:nical)? lead")),
    (
        Track.ENGINEERING_MANAGER,
        _words("engineering manager", r"manager,? (?:of )?(?:software )?engineering"),
    ),
]
LEVEL_WORDS = [
    (Level.L8, _words("principal", "distinguished", "fellow")),
    (Level.L7, _words("senior staff", "sr.? staff")),
    (Level.L6, _words("staff")),
    (Level.L5, _words("senior", "sr")),
    (Level.L3, _words("junior", "jr", "graduate", "entry[- ]level")),
]
DISCIPLINE_WORDS = [
    (Discipline.ML, _words("machine learning", "ml", "ai", "llm")),
    (Discipline.DATA, _words("data", "analytics")),
    (Discipline.SECURITY, _words("security", "appsec")),
    (Discipline.MOBILE, _words("mobile", "ios", "android")),
    (Discipline.EMBEDDED, _words("embedded", "firmware")),
    (Discipline.INFRASTRUCTURE, _words("infrastructure", "sre", "site reliability", "devops")),
    (Discipline.PLATFORM, _words("platform")),
    (Discipline.FULL_STACK, _words("full[- ]?stack")),
    (Discipline.FRONTEND, _words("front[- ]?end")),
    (Discipline.BACKEND, _words("back[- ]?end")),
]


def _infer(title: str, table, default) -> tuple[str, bool]:
    """The value of the first entry whose words are in the title, and whether one was."""
    for value, words in table:
        if words.search(title):
            return value, True
    return default, False


def infer_track(title: str) -> tuple[str, bool]:
    return _infer(title, TRACK_WORDS, Track.IC)


def infer_level(title: str, track: str = Track.IC) -> tuple[str, bool]:
    return _infer(title, LEVEL_WORDS, Level.L4 if track == Track.IC else Level.L5)


def infer_discipline(title: str) -> tuple[str, bool]:
    return _infer(title, DISCIPLINE_WORDS, Discipline.BACKEND)


# HTML to Markdown, for Greenhouse's content.

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "div", "section", "article", "header", "footer", "blockquote", "pre", "table"}
BLOCKS |= {"tr", "br", "hr", "dl", "dt", "dd"}
LISTS = {"ul", "ol"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_BLOCK_MARKER = re.compile(r"^(?:([#+=-])|(\d+)([.)]))")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, HTML or block markers."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub(r"\\&", text)
    return _BLOCK_MARKER.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text
    )


class _MarkdownLines(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.words: list[str] = []
        self.lists: list[list] = []
        self.marker = ""
        self.kind = "p"

    def handle_starttag(self, tag, attrs):
        if tag in LISTS:
            self._flush(force=True)
            self.lists.append([tag, 0])
        elif tag == "li":
            self._flush(force=True)
            self.kind = "li"
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.marker = f"{self.lists[-1][1]}. "
            else:
                self.marker = "- "
        elif tag in HEADINGS:
            self._flush(force=True)
            self.kind, self.marker = "h", "### "
        elif tag in BLOCKS:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in LISTS or tag in HEADINGS or tag == "li":
            self._flush(force=True)
            if tag in LISTS and self.lists:
                self.lists.pop()
        elif tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        self.words.append(data)

    def _flush(self, force=False):
        """End the current line; a block inside a list item stays part of the item."""
        text = " ".join("".join(self.words).split())
        self.words = []
        if text:
            self.blocks.append((self.kind, self.marker + escape_markdown(text)))
        if text or force:
            self.kind, self.marker = "p", ""

    def markdown(self) -> str:
        self._flush()
        lines = []
        for index, (kind, line) in enumerate(self.blocks):
            if index:
                joined_list = kind == "li" and self.blocks[index - 1][0] == "li"
                lines.append("\n" if joined_list else "\n\n")
            lines.append(line)
        return "".join(lines)


def html_to_markdown(content: str) -> str:
    """Greenhouse's escaped HTML as plain Markdown: paragraphs, headings and list items only."""
    structure = nh3.clean(
        html.unescape(content), tags=HEADINGS | BLOCKS | LISTS | {"li"}, attributes={}
    )
    parser = _MarkdownLines()
    parser.feed(structure)
    parser.close()
    return parser.markdown()


# Checking values.


def _choice(choices, default=None):
    lookup = {}
    for value, label in choices:
        lookup[str(label).lower()] = value
        lookup[value.lower()] = value
    codes = ", ".join(value for value, _ in choices)

    def parse(raw: str):
        if not raw:
            if default is None:
                raise ValueError(f"required but empty; use one of {codes}.")
            return default
        try:
            return lookup[raw.lower()]
        except KeyError:
            raise ValueError(f"{raw!r} is not one of {codes}.") from None

    return parse


def _required(raw: str) -> str:
    if not raw:
        raise ValueError("required but empty.")
    return raw


def _whole_number(raw: str) -> int | None:
    if not raw:
        return None
    digits = re.sub(r"[,_ ]", "", raw)
    if not re.fullmatch(r"[0-9]+", digits):
        raise ValueError(f"{raw!r} is not a whole number.")
    if int(digits) == 0:
        raise ValueError("must be more than 0 (leave it empty if there is no salary).")
    return int(digits)


def _boolean(raw: str) -> bool:
    value = raw.lower()
    if value in {"", "false", "no", "n", "0"}:
        return False
    if value in {"true", "yes", "y", "1"}:
        return True
    raise ValueError(f"{raw!r} is not true or false.")


def _expiry(raw: str) -> datetime | None:
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        pass
    else:
        if day == date.max:
            raise ValueError(f"{raw!r} is too far in the future.")
        return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO date such as 2026-03-31.") from None
    if moment.tzinfo is None:
        raise ValueError(f"{raw!r} has a time but no UTC offset; give a date, or add +00:00.")
    return moment


def _currency(raw: str) -> str:
    code = raw.upper() or "USD"
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(f"{raw!r} is not a three-letter ISO 4217 code such as USD or EUR.")
    return code


def _country(raw: str) -> str:
    if not raw:
        return ""
    # A code (alpha-2, alpha-3) or, failing that, the country's English name.
    code = countries.alpha2(raw) if re.fullmatch(r"[A-Za-z]{2,3}", raw) else ""
    code = code or countries.by_name(raw)
    if not code:
        raise ValueError(
            f"{raw!r} is not a country we know; give its two-letter code, such as DE, "
            "or its English name, such as Germany."
        )
    return code


def _markdown(raw: str) -> str:
    return _required(raw.replace("\r\n", "\n").replace("\r", "\n"))


PARSERS = {
    "title": _required,
    "level": _choice(Level.choices),
    "track": _choice(Track.choices, default=Track.IC),
    "discipline": _choice(Discipline.choices),
    "employment_type": _choice(EmploymentType.choices, default=EmploymentType.FULL_TIME),
    "workplace": _choice(Workplace.choices),
    "city": str,
    "country": _country,
    "remote_regions": str,
    "salary_min": _whole_number,
    "salary_max": _whole_number,
    "salary_currency": _currency,
    "salary_period": _choice(SalaryPeriod.choices, default=SalaryPeriod.YEAR),
    "equity": _boolean,
    "description": _markdown,
    "apply_to": _required,
    "status": _choice(
        [(JobStatus.PUBLISHED.value, "Published"), (JobStatus.DRAFT.value, "Draft")],
        default=JobStatus.PUBLISHED,
    ),
    "expires_at": _expiry,
}


# Planning.


def plan_import(
    text: str, *, format: str = Format.AUTO, filename: str = "", company: Company | None = None
) -> Plan:
    """What importing `text` would do, row by row. Reads the database and writes nothing."""
    chosen, rows = read_rows(text, format=format, filename=filename, company=company)
    return _plan(chosen, rows)


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
    chosen, rows = read_rows(text, format=format, filename=filename, company=company)
    try:
        with transaction.atomic():
            plan = _plan(chosen, rows, lock=True)
            if Mode(mode) == Mode.ALL_OR_NOTHING and plan.has_rejected:
                return Result(plan, applied=False)
            written = [row.job for row in plan.rows if row.action in {Action.CREATE, Action.UPDATE}]
            for job in written:
                job.save()
            services.refresh_open_roles({job.company_id for job in written})
    except IntegrityError:
        raise ImportFileError(
            "Another change to these roles happened at the same moment, so nothing was "
            "imported. Try again."
        ) from None
    return Result(plan, applied=True)


def _plan(chosen: Format, rows: list[SourceRow], lock: bool = False) -> Plan:
    slugs = {row.values.get("company", "") for row in rows} - {""}
    companies = Company.objects.in_bulk(slugs, field_name="slug")
    source_ids = {row.values.get("source_id", "") for row in rows} - {""}
    existing = Job.objects.filter(company__in=list(companies.values()), source_id__in=source_ids)
    if lock:
        existing = existing.select_for_update()
    by_key = {(job.company_id, job.source_id): job for job in existing}
    planner = _Planner(companies, by_key)
    return Plan(chosen, [planner.plan(row) for row in rows])


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

        parsed = {}
        for column, parse in PARSERS.items():
            try:
                parsed[column] = parse(values.get(column, ""))
            except ValueError as error:
                errors[column] = str(error)

        current = None
        if company is not None and "source_id" not in errors:
            current = self.existing.get((company.pk, source_id))
        job = copy.copy(current) if current else Job(company=company, source_id=source_id)
        for column, value in parsed.items():
            if column == "expires_at" and value is None:
                continue  # keep the current expiry; publish() sets one for new roles
            setattr(job, column, value)

        expires_at = parsed.get("expires_at")
        if expires_at is not None:
            starts = max(self.now, job.published_at or self.now)
            if expires_at <= starts:
                errors["expires_at"] = (
                    f"{values['expires_at']} is in the past; a role must expire after it is "
                    "published."
                )
        if "description" in parsed:
            job.render()
        if "status" in parsed and "expires_at" not in errors:
            if parsed["status"] == JobStatus.PUBLISHED:
                job.publish(self.now)
            else:
                job.unpublish()

        try:
            job.full_clean(exclude=["slug", "description_html", *errors])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, " ".join(messages))

        planned.reasons = row.problems + [
            message if name == NON_FIELD_ERRORS else f"{name}: {message}"
            for name, message in errors.items()
        ]
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
