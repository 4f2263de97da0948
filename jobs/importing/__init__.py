"""Importing roles from CSV, XLSX and Greenhouse, Lever and Ashby exports; the formats are described in
docs/importing.md.

An import is an ImportRun: the uploaded file, stored, then read by the worker in two steps.
`runs.preview()` decides, row by row, what would happen, without writing a role:

    create     no role of that company has the row's source_id yet
    update     the company's role with that source_id exists and some imported field differs
    unchanged  it exists and nothing would change; it is not written (updated_at stays put)
    reject     the row breaks a rule; the preview says which, in words

On the preview an editor chooses the mode, and `runs.apply()` plans again against the current
data, with the matched roles locked, and writes: `all-or-nothing` in one transaction that is
rolled back at the first rejected row; `valid-only` in batches, skipping rejected rows. Rows are
matched to roles by company and source_id (the `job_unique_source_id` constraint), so importing
the same file twice changes nothing.

Every row is validated with the model's own rules, as the admin's form applies them: the
column is read into the field's value (a choice by its code or label, with the field's own
choices), then `full_clean()` runs the field validators and `Job.clean()`. Descriptions are
rendered when a role is saved; the status goes through `job.publish()` / `job.unpublish()`.

The package, one concern a module:

    readers.py     the file to raw rows, one at a time: CSV, XLSX (tablib), Greenhouse JSON
    greenhouse.py  one Greenhouse job's fields as CSV columns (title inference, HTML to Markdown)
    lever.py       one Lever posting's fields as CSV columns
    ashby.py       one Ashby job's fields as CSV columns
    rows.py        one row's values checked and set on a Job, each problem said in words
    planning.py    rows matched to roles by source_id in batches, planned, and written
    runs.py        a stored run previewed and applied, with progress, limits and its record
"""

from jobs.importing.planning import Action, Mode
from jobs.importing.readers import (
    BOARD_FORMATS,
    MAX_UPLOAD_BYTES,
    Format,
    ImportFileError,
    detect_format,
)

__all__ = [
    "BOARD_FORMATS",
    "MAX_UPLOAD_BYTES",
    "Action",
    "Format",
    "ImportFileError",
    "Mode",
    "detect_format",
]
