"""Ashby job boards, mapped to the CSV columns described in jobs/importing/__init__.py.

The JSON of Ashby's public job posting API,
`GET /posting-api/job-board/{board}?includeCompensation=true`: an object whose "jobs" list
holds one company's postings, so the company is chosen by whoever imports it. Row numbers are
positions in "jobs", from 1; a job whose isListed is false is left out, as if not there.
Fields read, and where they go:

    id                    source_id
    title                 title
    jobUrl                apply_to; direct_apply when it is an Ashby page (jobs.ashbyhq.com),
                          which carries the application form
    descriptionHtml       description, HTML to Markdown as for Greenhouse
    workplaceType         Remote, Hybrid or OnSite; without it, isRemote, then the location
                          read as Greenhouse's is
    location              city (up to its first comma), or the remote regions of a remote role
    address.postalAddress addressCountry: country (a code or an English name); addressLocality:
                          the city, when there is one
    employmentType        FullTime, PartTime, Contract, Temporary (as contract), Intern
    compensation          the first of summaryComponents whose compensationType is Salary:
                          minValue, maxValue, currencyCode, and interval "1 YEAR", "1 MONTH" or
                          "1 HOUR" (otherwise noted and left out)

Level, track and discipline are inferred from the title as for Greenhouse. Every role is
imported as published, expiring 60 days after publishing (an existing expiry is kept).
"""

from jobs.importing import greenhouse, lever
from jobs.importing.greenhouse import object_of, text_of
from jobs.models import EmploymentType, SalaryPeriod

ASHBY_PAGES = {"jobs.ashbyhq.com"}

EMPLOYMENT_TYPES = {
    "fulltime": EmploymentType.FULL_TIME,
    "parttime": EmploymentType.PART_TIME,
    "contract": EmploymentType.CONTRACT,
    "temporary": EmploymentType.CONTRACT,
    "intern": EmploymentType.INTERNSHIP,
}

INTERVALS = {
    "1 YEAR": SalaryPeriod.YEAR,
    "1 MONTH": SalaryPeriod.MONTH,
    "1 HOUR": SalaryPeriod.HOUR,
}


def is_listed(item: dict) -> bool:
    return item.get("isListed") is not False


def job_values(item: dict, company_slug: str) -> tuple[dict[str, str], list[str]]:
    """One job as CSV column values, with a note for every inferred or dropped value."""
    title = text_of(item.get("title"))
    postal = object_of(object_of(item.get("address")).get("postalAddress"))
    place = text_of(item.get("location"))
    country = text_of(postal.get("addressCountry"))
    content = greenhouse.checked_length(text_of(item.get("descriptionHtml")))
    values = lever.posting_values(
        item,
        company_slug,
        title=title,
        apply_to=text_of(item.get("jobUrl")),
        content=content,
        country=country,
        form_pages=ASHBY_PAGES,
    )
    notes = []
    workplace = text_of(item.get("workplaceType")).lower().replace("-", "")
    if not workplace and item.get("isRemote") is True:
        workplace = "remote"
    values.update(lever.place_values(workplace, place, country))
    if values.get("city") is not None and text_of(postal.get("addressLocality")):
        values["city"] = text_of(postal.get("addressLocality"))
    kind = text_of(item.get("employmentType"))
    values["employment_type"] = EMPLOYMENT_TYPES.get(kind.lower(), EmploymentType.FULL_TIME)
    if kind and kind.lower() not in EMPLOYMENT_TYPES:
        notes.append(f"employment type {kind!r} read as full-time")
    notes.extend(_salary(item.get("compensation"), values))
    return values, notes + greenhouse.infer_missing(values, title, {})


def _salary(compensation, values: dict[str, str]) -> list[str]:
    if not isinstance(compensation, dict):
        return []
    components = compensation.get("summaryComponents")
    for component in components if isinstance(components, list) else []:
        if not isinstance(component, dict) or component.get("compensationType") != "Salary":
            continue
        interval = text_of(component.get("interval"))
        period = INTERVALS.get(interval)
        if period is None:
            return [f"salary per {interval or 'unknown interval'} left out"]
        values.update(
            salary_min=lever.amount(component.get("minValue")),
            salary_max=lever.amount(component.get("maxValue")),
            salary_currency=text_of(component.get("currencyCode")),
            salary_period=period,
        )
        return []
    return []
