"""An import file read into raw rows: its format found, its text decoded, and each role's
values as text keyed by CSV column. Only the file's shape is checked here; what the values
mean is checked in rows.py.

Rows are read one at a time (`read_rows()` returns an iterator), so a large CSV is never held
as a list of rows. What a hostile file could make expensive is bounded: the file's size, an
XLSX's unpacked size, a JSON document's nesting and a Greenhouse description's length; each
breach is an `ImportFileError` that says which limit, never a crash.
"""

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.db import models

from companies.models import Company
from jobs.importing import ashby, greenhouse, lever

# What the admin and the command accept. A 100,000-row CSV with real descriptions is about
# 60 MB; the file is kept in the database until it is imported.
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
# A Greenhouse export is read whole (it is one JSON document), an XLSX sheet through tablib:
# both smaller.
MAX_JSON_BYTES = 16 * 1024 * 1024
MAX_XLSX_BYTES = 16 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 128 * 1024 * 1024
# A Greenhouse export is four levels deep ({"jobs": [{"metadata": [{...}]}]}); anything much
# deeper is not one.
MAX_JSON_DEPTH = 20
# CSV cells: a description longer than this is not a job advert.
MAX_CELL_CHARS = 100_000


class Format(models.TextChoices):
    AUTO = "auto", "Detect from the file"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    GREENHOUSE = "greenhouse", "Greenhouse JSON"
    LEVER = "lever", "Lever JSON"
    ASHBY = "ashby", "Ashby JSON"


# The formats of a company's own job board, read from its public API (employers' job feeds).
BOARD_FORMATS = [Format.GREENHOUSE, Format.LEVER, Format.ASHBY]


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
    # Columns already found wrong while reading, column to message; not checked again.
    errors: dict[str, str] = field(default_factory=dict)


def detect_format(data: bytes, filename: str = "") -> Format:
    suffix = Path(filename).suffix.lower()
    if suffix in {".csv", ".txt"}:
        return Format.CSV
    if suffix == ".json":
        return Format.GREENHOUSE
    if suffix == ".xlsx" or data.startswith(b"PK\x03\x04"):
        return Format.XLSX
    start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return Format.GREENHOUSE if start.startswith(b"{") else Format.CSV


def read_rows(
    data: bytes, *, format: str, filename: str = "", company: Company | None = None
) -> tuple[Format, Iterator[SourceRow]]:
    """The file's format and its rows. The header, or the document's shape, is checked
    before this returns; rows are read as the iterator is consumed, and it too may raise
    ImportFileError (a line that cannot be decoded, say)."""
    if not data.strip():
        raise ImportFileError("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    chosen = Format(format)
    if chosen == Format.AUTO:
        chosen = detect_format(data, filename)
    if chosen == Format.CSV:
        rows = _csv_rows(data)
    elif chosen == Format.XLSX:
        rows = _table_rows(_xlsx_table(data))
    else:
        rows = _board_rows(data, chosen, company)
    first = next(rows, None)
    if first is None:
        raise ImportFileError("The file has no roles in it.")
    return chosen, _chain(first, rows)


def _chain(first, rest):
    yield first
    yield from rest


def _check_header(header: list[str]) -> list[str]:
    columns = [str(name or "").strip().lower() for name in header]
    unknown = sorted({name for name in columns if name and name not in COLUMNS})
    if unknown:
        shown = ", ".join(name[:40] for name in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise ImportFileError(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {shown}{more}. "
            f"The columns are: {', '.join(COLUMNS)}."
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFileError(
            f"The header row has no {', '.join(missing)} column. The first row must name the "
            f"columns, with at least {', '.join(REQUIRED_COLUMNS)}."
        )
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise ImportFileError(f"Columns named more than once: {', '.join(repeated)}.")
    return columns


def _row(number: int, columns: list[str], record: list[str]) -> SourceRow | None:
    if not any(cell.strip() for cell in record):
        return None
    # Short rows are fine (trailing cells left empty); long ones are reported.
    values = {name: cell.strip() for name, cell in zip(columns, record, strict=False) if name}
    problems, errors = [], {}
    if len(record) > len(columns):
        problems.append(
            f"The row has {len(record)} cells but the header names {len(columns)} "
            "columns; is a comma missing its quotes?"
        )
    for name, cell in values.items():
        if len(cell) > MAX_CELL_CHARS:
            errors[name] = f"{len(cell):,} characters; at most {MAX_CELL_CHARS:,} are read."
            values[name] = ""
    return SourceRow(number, values, problems=problems, errors=errors)


class _Lines:
    """The file's lines decoded as UTF-8 one at a time, so a bad byte is reported with its
    line and the text is never decoded whole."""

    def __init__(self, data: bytes):
        self.lines = io.BytesIO(data)
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.number = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.lines.readline()
        if not line:
            raise StopIteration
        self.number += 1
        if b"\x00" in line:
            raise ImportFileError(
                f"Line {self.number} contains NUL bytes: the file is not a CSV text file."
            )
        try:
            return self.decoder.decode(line)
        except UnicodeDecodeError as error:
            raise ImportFileError(
                f"Line {self.number} is not UTF-8 text (byte {error.start + 1} of the line "
                "cannot be read). Save the file as UTF-8 CSV and upload it again."
            ) from None


def _csv_rows(data: bytes) -> Iterator[SourceRow]:
    lines = _Lines(data)
    # Strict: a quote left open swallows the rest of the file otherwise.
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError("The file is empty.")
        columns = _check_header(header)
    except csv.Error as error:
        raise ImportFileError(f"The CSV cannot be read at line {lines.number}: {error}.") from None
    return _csv_records(reader, lines, columns)


def _csv_records(reader, lines: _Lines, columns: list[str]) -> Iterator[SourceRow]:
    number = 1
    while True:
        try:
            record = next(reader, None)
        except csv.Error as error:
            raise ImportFileError(
                f"The CSV cannot be read at line {lines.number}: {error}."
            ) from None
        if record is None:
            return
        number += 1
        row = _row(number, columns, record)
        if row is not None:
            yield row


def _cell(value) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time.min:
        return value.date().isoformat()
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _xlsx_table(data: bytes):
    """The first sheet of an XLSX workbook, through tablib."""
    import tablib

    if len(data) > MAX_XLSX_BYTES:
        raise ImportFileError(
            f"The workbook is {len(data) / 1024 / 1024:.1f} MB; an XLSX file may be at most "
            f"{MAX_XLSX_BYTES // 1024 // 1024} MB. Save it as CSV for larger imports."
        )
    not_xlsx = ImportFileError(
        "The file is not an Excel workbook (.xlsx) that can be read. Save it from your "
        "spreadsheet as “Excel Workbook (.xlsx)” or as CSV (UTF-8)."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_xlsx from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(
            f"The workbook unpacks to {unpacked / 1024 / 1024:.0f} MB; at most "
            f"{MAX_XLSX_UNPACKED_BYTES // 1024 // 1024} MB are read. Save it as CSV."
        )
    try:
        book = tablib.Dataset().load(io.BytesIO(data), format="xlsx", headers=False)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise not_xlsx from None
    return book


def _table_rows(table) -> Iterator[SourceRow]:
    records = iter(table)
    header = next(records, None)
    if header is None:
        raise ImportFileError("The workbook's first sheet is empty.")
    columns = _check_header([_cell(name) for name in header])
    return _table_records(records, columns)


def _table_records(records, columns) -> Iterator[SourceRow]:
    for number, record in enumerate(records, start=2):
        row = _row(number, columns, [_cell(value) for value in record])
        if row is not None:
            yield row


def _depth(data) -> int:
    """How deeply a parsed JSON document nests, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return deepest


# Each board format: where its document keeps the jobs (None when it is not that shape), what
# the shape is in words, and one job's CSV values.
_BOARDS = {
    Format.GREENHOUSE: (
        lambda document: document.get("jobs") if isinstance(document, dict) else None,
        'a JSON object with a "jobs" list, as GET /v1/boards/{board}/jobs?content=true returns it',
        greenhouse.job_values,
    ),
    Format.LEVER: (
        lambda document: document if isinstance(document, list) else None,
        "a JSON list of postings, as GET /v0/postings/{site}?mode=json returns it",
        lever.job_values,
    ),
    Format.ASHBY: (
        lambda document: document.get("jobs") if isinstance(document, dict) else None,
        'a JSON object with a "jobs" list, as GET /posting-api/job-board/{board}'
        "?includeCompensation=true returns it",
        ashby.job_values,
    ),
}


def _board_rows(data: bytes, chosen: Format, company: Company | None) -> Iterator[SourceRow]:
    label = chosen.label.removesuffix(" JSON")
    if len(data) > MAX_JSON_BYTES:
        raise ImportFileError(
            f"The export is {len(data) / 1024 / 1024:.1f} MB; a {label} export may be at "
            f"most {MAX_JSON_BYTES // 1024 // 1024} MB."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read)."
        ) from None
    too_deep = ImportFileError(
        f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep; a {label} export "
        "is not. Nothing was read."
    )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"The file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except RecursionError:
        raise too_deep from None
    if _depth(document) > MAX_JSON_DEPTH:
        raise too_deep
    find_jobs, shape, job_values = _BOARDS[chosen]
    jobs = find_jobs(document)
    if not isinstance(jobs, list):
        raise ImportFileError(f"A {label} export is {shape}.")
    if company is None:
        raise ImportFileError(
            f"A {label} export is one company's board: choose the company it belongs to."
        )
    return _board_jobs(jobs, company, job_values)


def _board_jobs(jobs: list, company: Company, job_values) -> Iterator[SourceRow]:
    for number, item in enumerate(jobs, start=1):
        if not isinstance(item, dict):
            yield SourceRow(number, {"company": company.slug}, problems=["Not a job."])
            continue
        if not ashby.is_listed(item):
            continue
        errors = {}
        try:
            values, notes = job_values(item, company.slug)
        except greenhouse.ContentTooLong as error:
            values, notes = job_values(
                {
                    **item,
                    "content": "",
                    "description": "",
                    "lists": [],
                    "additional": "",
                    "descriptionHtml": "",
                },
                company.slug,
            )
            errors["description"] = str(error)
        yield SourceRow(number, values, notes=notes, errors=errors)
