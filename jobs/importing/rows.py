"""One row's values checked and set on a Job with the rules the admin applies, each problem
said in plain words and keyed by the column it is about."""

import re
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django_countries import countries

from jobs import regions
from jobs.models import (
    Job,
    JobStatus,
)

TOO_DEEP = "description: nested too deeply to render; simplify its lists or quotes."


def _field(name: str) -> models.Field:
    """A field of the role's own (not a relation's other end)."""
    field = Job._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _choice(field_name: str, *, only=None, default=None):
    """A choice column read with the model field's own choices and default, so the admin, the
    importer and anything else that saves a role accept the same values. A label is read as
    its code ("L6 · Staff" as l6)."""
    model_field = _field(field_name)
    choices = [
        (value, label) for value, label in model_field.choices or [] if not only or value in only
    ]
    if default is None and model_field.has_default():
        default = model_field.default
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


def _remote_from(raw: str) -> tuple[list[str], list[str]]:
    """Regions and countries, from "Remote - EMEA", "US or Canada" and the like; empty when
    the column is (the model then says a remote role needs one)."""
    if not raw:
        return [], []
    return regions.parse(raw)


def _markdown(raw: str) -> str:
    return _required(raw.replace("\r\n", "\n").replace("\r", "\n"))


PARSERS = {
    "title": _required,
    "level": _choice("level"),
    "track": _choice("track"),
    "discipline": _choice("discipline"),
    "employment_type": _choice("employment_type"),
    "workplace": _choice("workplace"),
    "city": str,
    "country": _country,
    "remote_regions": _remote_from,
    "salary_min": _whole_number,
    "salary_max": _whole_number,
    "salary_currency": _currency,
    "salary_period": _choice("salary_period"),
    "equity": _boolean,
    "description": _markdown,
    "apply_to": _required,
    "direct_apply": _boolean,
    # An import publishes, or keeps a role as a draft; closing is an editor's decision.
    "status": _choice(
        "status", only={JobStatus.PUBLISHED, JobStatus.DRAFT}, default=JobStatus.PUBLISHED
    ),
    "expires_at": _expiry,
}


# Fields whose values come from a short list (choices, countries, regions): checked by the
# field's own clean() once per distinct value in a file, since Django walks the whole list of
# choices on every check (250 countries) and a file repeats a few values many times.
LISTED_FIELDS = [
    "level",
    "track",
    "discipline",
    "employment_type",
    "workplace",
    "country",
    "remote_regions",
    "remote_countries",
    "salary_period",
    "status",
]


# Set by the plan or derived on save, never read from a row: nothing of the file's to check.
NOT_FROM_THE_FILE = [
    "company",
    "slug",
    "description_html",
    "rendered_from",
    "hires_from",
    "published_at",
    "created_at",
    "updated_at",
]


def _listed_value(job: Job, name: str):
    value = getattr(job, name)
    if name == "country":
        return value.code if value else ""
    if name == "remote_countries":
        return tuple(country.code for country in value)
    if name == "remote_regions":
        return tuple(value)
    return value


def _check_listed(job: Job, errors: dict[str, str], checked: dict) -> None:
    for name in LISTED_FIELDS:
        if name in errors:
            continue
        value = _listed_value(job, name)
        if (name, value) not in checked:
            field = _field(name)
            try:
                field.clean(list(value) if isinstance(value, tuple) else value, job)
            except ValidationError as error:
                checked[name, value] = " ".join(error.messages)
            else:
                checked[name, value] = ""
        if checked[name, value]:
            errors[name] = checked[name, value]


def fill(
    job: Job, values: dict[str, str], *, now, errors: dict[str, str], checked: dict | None = None
) -> None:
    """Set a row's values on `job` (new, or a copy of the role it updates) and check the result
    as the admin does.

    Every problem is added to `errors`, column name to message; columns already there are not
    checked again. `checked` remembers which listed values were found valid, across rows. The description is rendered and the status applied through publish() or
    unpublish(), so `job` is ready to save when `errors` stays empty. Nothing is written.
    """
    parsed = {}
    for column, parse in PARSERS.items():
        if column in errors:
            continue
        try:
            parsed[column] = parse(values.get(column, ""))
        except ValueError as error:
            errors[column] = str(error)

    for column, value in parsed.items():
        if column == "expires_at" and value is None:
            continue  # keep the current expiry; publish() sets one for new roles
        if column == "remote_regions":
            job.remote_regions, job.remote_countries = value
            continue
        setattr(job, column, value)

    expires_at = parsed.get("expires_at")
    if expires_at is not None:
        starts = max(now, job.published_at or now)
        if expires_at <= starts:
            errors["expires_at"] = (
                f"{values['expires_at']} is in the past; a role must expire after it is published."
            )
    if "status" in parsed and "expires_at" not in errors:
        if parsed["status"] == JobStatus.PUBLISHED:
            job.publish(now)
        else:
            job.unpublish()

    # The model's own validation, as the admin's form runs it: field validators (choices, the
    # country, validate_apply_to) and Job.clean(). The table's constraints are the database's
    # to enforce on save; the one a file can break on its own, company and source_id, is
    # checked by the plan across the whole file. The company was found by its slug.
    _check_listed(job, errors, {} if checked is None else checked)
    try:
        job.full_clean(
            exclude=[*NOT_FROM_THE_FILE, *LISTED_FIELDS, *errors],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, " ".join(messages))


def reasons(errors: dict[str, str]) -> list[str]:
    """`errors` as the plan shows them: "column: message", or the message alone when it is
    about the row as a whole."""
    return [
        message if name == NON_FIELD_ERRORS else f"{name}: {message}"
        for name, message in errors.items()
    ]
