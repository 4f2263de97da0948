"""An import file read into raw rows: its text decoded, its format found, and each role's
values as text keyed by CSV column. Only the file's shape is checked here; what the values
mean is checked in rows.py."""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models

from companies.models import Company
from jobs.importing import greenhouse

# Uploads through the admin are capped; the file travels back with the confirmation.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class Format(models.TextChoices):
    AUTO = "auto", "Detect from the file"
    CSV = "csv", "CSV"
    GREENHOUSE = "greenhouse", "Greenhouse JSON"


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
    "direct_apply",
    "status",
    "expires_at",
]


@dataclass
class SourceRow:
    """One role as read from a file: CSV column names to text."""

    number: int
    values: dict[str, str]
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


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
        values, notes = greenhouse.job_values(item, company.slug)
        rows.append(SourceRow(number, values, notes=notes))
    return rows
