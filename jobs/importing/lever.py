"""Lever postings, mapped to the CSV columns described in jobs/importing/__init__.py.

The JSON of Lever's public postings API, `GET /v0/postings/{site}?mode=json`: a list of one
company's published postings, so the company is chosen by whoever imports it. Row numbers are
positions in the list, from 1. Fields read, and where they go:

    id                        source_id
    text                      title
    hostedUrl                 apply_to; direct_apply when it is a Lever page (jobs.lever.co,
                              jobs.eu.lever.co), which carries the application form
    description, lists,       description: the three parts in that order, each list a heading
    additional                and its items; HTML to Markdown as for Greenhouse
    workplaceType             remote, hybrid or onsite; "unspecified" (or none) is read from
                              the location as Greenhouse's is
    categories.location       city (up to its first comma), or the remote regions of a remote
                              role ("Remote - EMEA"); a remote role with no regions in its
                              location is open to its country
    country                   country (a two-letter code)
    categories.commitment     employment_type: full-time, part-time, contract ("Contract",
                              "Contractor", "Freelance") or internship ("Intern", "Internship");
                              anything else is noted and read as full-time
    salaryRange               salary_min, salary_max, salary_currency and salary_period, when
                              its interval is per year, month or hour (otherwise noted and
                              left out)

Level, track and discipline are inferred from the title as for Greenhouse. Every role is
imported as published, expiring 60 days after publishing (an existing expiry is kept).
"""

from jobs.importing import greenhouse
from jobs.importing.greenhouse import object_of, text_of
from jobs.models import EmploymentType, JobStatus, SalaryPeriod, Workplace

LEVER_PAGES = {"jobs.lever.co", "jobs.eu.lever.co"}

COMMITMENTS = {
    "full-time": EmploymentType.FULL_TIME,
    "full time": EmploymentType.FULL_TIME,
    "permanent": EmploymentType.FULL_TIME,
    "part-time": EmploymentType.PART_TIME,
    "part time": EmploymentType.PART_TIME,
    "contract": EmploymentType.CONTRACT,
    "contractor": EmploymentType.CONTRACT,
    "freelance": EmploymentType.CONTRACT,
    "intern": EmploymentType.INTERNSHIP,
    "internship": EmploymentType.INTERNSHIP,
}

INTERVALS = {
    "per-year-salary": SalaryPeriod.YEAR,
    "per-month-salary": SalaryPeriod.MONTH,
    "per-hour-wage": SalaryPeriod.HOUR,
}

WORKPLACES = {"remote": Workplace.REMOTE, "hybrid": Workplace.HYBRID, "onsite": Workplace.ONSITE}


def job_values(item: dict, company_slug: str) -> tuple[dict[str, str], list[str]]:
    """One posting as CSV column values, with a note for every inferred or dropped value."""
    title = text_of(item.get("text"))
    categories = object_of(item.get("categories"))
    place = text_of(categories.get("location"))
    country = text_of(item.get("country"))
    values = posting_values(
        item,
        company_slug,
        title=title,
        apply_to=text_of(item.get("hostedUrl")),
        content=_content(item),
        country=country,
        form_pages=LEVER_PAGES,
    )
    notes = []
    workplace = text_of(item.get("workplaceType")).lower().replace("-", "")
    values.update(place_values(workplace, place, country))
    commitment = text_of(categories.get("commitment"))
    values["employment_type"] = COMMITMENTS.get(commitment.lower(), EmploymentType.FULL_TIME)
    if commitment and commitment.lower() not in COMMITMENTS:
        notes.append(f"commitment {commitment!r} read as full-time")
    notes.extend(_salary(item.get("salaryRange"), values))
    return values, notes + greenhouse.infer_missing(values, title, {})


def posting_values(
    item: dict, company_slug: str, *, title, apply_to, content, country, form_pages
) -> dict[str, str]:
    """A posting's values that Lever and Ashby give alike: published, its HTML as Markdown,
    and applied for on the board's own page (`form_pages`) when that is where it links."""
    values = {
        "source_id": text_of(item.get("id")),
        "company": company_slug,
        "title": title,
        "apply_to": apply_to,
        "description": greenhouse.html_to_markdown(content, escaped=False),
        "country": country,
        "status": JobStatus.PUBLISHED,
    }
    if greenhouse.host_of(apply_to) in form_pages:
        values["direct_apply"] = "true"
    return values


def place_values(workplace: str, place: str, country: str) -> dict[str, str]:
    """Workplace, city and remote regions from a board's workplace word and location."""
    chosen = WORKPLACES.get(workplace)
    if chosen is None:
        chosen = Workplace.REMOTE if greenhouse.is_remote(place) else Workplace.HYBRID
    if chosen == Workplace.REMOTE:
        named = place if place.lower().strip() not in {"", "remote"} else ""
        return {"workplace": chosen, "remote_regions": named or country}
    return {"workplace": chosen, "city": place.split(",")[0].strip()}


def amount(value) -> str:
    """A salary figure as text: JSON's 150000.0 as 150000 (a fraction is left for the row's
    check to refuse)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return text_of(value)


def _content(item: dict) -> str:
    parts = [text_of(item.get("description"))]
    lists = item.get("lists")
    for entry in lists if isinstance(lists, list) else []:
        if isinstance(entry, dict):
            parts.append(
                f"<h3>{text_of(entry.get('text'))}</h3><ul>{text_of(entry.get('content'))}</ul>"
            )
    parts.append(text_of(item.get("additional")))
    return greenhouse.checked_length("".join(parts))


def _salary(salary, values: dict[str, str]) -> list[str]:
    if not isinstance(salary, dict):
        return []
    interval = text_of(salary.get("interval"))
    period = INTERVALS.get(interval)
    if period is None:
        return [f"salary per {interval or 'unknown interval'} left out"]
    values.update(
        salary_min=amount(salary.get("min")),
        salary_max=amount(salary.get("max")),
        salary_currency=text_of(salary.get("currency")),
        salary_period=period,
    )
    return []
