"""
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

Every row is validated with the rules the admin applies: the values are checked as the CSV
section below says, then a Job is built and `full_clean()` runs the field validators
(`validate_apply_to` among them), `Job.clean()` and the table's check constraints. Descriptions
are rendered when a role is saved; the status goes through `job.publish()` / `job.unpublish()`,
so a role that was published keeps its published_at. New roles get a unique slug made of the
title and the company slug; an update keeps the slug, so the role's URL does not change.

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
    remote_regions             required for remote roles: where applicants may be, as regions
                               and countries, e.g. "Europe", "Remote - EMEA", "US or Canada",
                               "UK, EU" or "Anywhere"; working-hours notes in brackets
                               ("Americas (UTC−6 to UTC−3)") are passed over. The regions are
                               those of jobs/regions.toml, by name or alias; countries as in
                               the country column. Ignored for onsite and hybrid roles.
    salary_min                 a whole number above 0 (thousands separators are allowed)
    salary_max                 a whole number, at least salary_min
    salary_currency            ISO 4217 code (default USD)
    salary_period              year (default), month, hour
    equity                     true or false (also yes/no, 1/0); default false
    description      yes       Markdown
    apply_to         yes       an http(s) URL or an e-mail address
    direct_apply               true when apply_to opens the application form itself (not a
                               careers page, not an e-mail address); default false
    status                     published (default) or draft
    expires_at                 an ISO date, e.g. 2026-03-31: the role is open through that day
                               (UTC); or an ISO date-time with its offset. It must be in the
                               future. Blank: 60 days after publishing for a new role, and the
                               current expiry kept for an existing one.

Choice columns take the codes above or the labels the admin shows ("Staff" is not a label,
"L6 · Staff" is), in any case.
Greenhouse exports, and how their fields map to these columns, are described in greenhouse.py.

The package, one concern a module:

    readers.py     the file to raw rows: decoding, CSV, the Greenhouse JSON's shape
    greenhouse.py  one Greenhouse job's fields as CSV columns (title inference, HTML to Markdown)
    rows.py        one row's values checked and set on a Job, each problem said in words
    planning.py    rows matched to roles by source_id, the plan, and applying it
"""

from jobs.importing.planning import (
    Action,
    Mode,
    Plan,
    Result,
    apply_import,
    plan_import,
)
from jobs.importing.readers import MAX_UPLOAD_BYTES, Format, ImportFileError, decode, detect_format

__all__ = [
    "MAX_UPLOAD_BYTES",
    "Action",
    "Format",
    "ImportFileError",
    "Mode",
    "Plan",
    "Result",
    "apply_import",
    "decode",
    "detect_format",
    "plan_import",
]
