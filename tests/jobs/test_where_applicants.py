"""Where a role's applicants may be: remote roles hire from regions and countries, the country
filter finds them, and the role page, list rows and JobPosting data say so."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.models import Job
from tests.conftest import html, job_admin_form, make_company, make_job
from tests.jobs.test_import import confirm as confirm_run
from tests.jobs.test_import import outcome, plan_rows, preview

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return sorted(a.get_text() for a in html(response).select(".job-row .card__title a"))


def remote(title, *, regions=(), countries=(), **fields):
    return make_job(
        title=title,
        workplace="remote",
        city="",
        country="",
        remote_regions=list(regions),
        remote_countries=list(countries),
        **fields,
    )


@pytest.fixture
def board():
    make_job(title="Berlin office", city="Berlin", country="DE")
    make_job(title="Lisbon hybrid", workplace="hybrid", city="Lisbon", country="PT")
    make_job(title="Austin office", city="Austin", country="US")
    remote("Remote Europe", regions=["europe"])
    remote("Remote US Canada", countries=["US", "CA"])
    remote("Remote anywhere", regions=["anywhere"])
    remote("Remote EU or UK", regions=["eu"], countries=["GB"])


# The country filter.


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "country=DE",
            ["Berlin office", "Remote EU or UK", "Remote Europe", "Remote anywhere"],
        ),
        ("country=DE&workplace=remote", ["Remote EU or UK", "Remote Europe", "Remote anywhere"]),
        ("country=DE&workplace=onsite", ["Berlin office"]),
        ("country=US&workplace=remote", ["Remote US Canada", "Remote anywhere"]),
        ("country=CA", ["Remote US Canada", "Remote anywhere"]),
        ("country=GB&workplace=remote", ["Remote EU or UK", "Remote Europe", "Remote anywhere"]),
        ("country=JP", ["Remote anywhere"]),
        (
            "country=PT&country=US",
            [
                "Austin office",
                "Lisbon hybrid",
                "Remote EU or UK",
                "Remote Europe",
                "Remote US Canada",
                "Remote anywhere",
            ],
        ),
    ],
)
def test_the_country_filter_includes_remote_roles_open_to_that_country(
    client, board, query, expected
):
    assert titles(client.get(f"/jobs/?{query}")) == expected


def test_the_country_filter_says_how_many_roles_are_there_and_how_many_remote(client, board):
    split = html(client.get("/jobs/?country=DE")).select_one(".country-split").get_text()

    assert split == "1 on-site/hybrid in Germany, 3 remote open to Germany"


def test_the_split_counts_what_each_workplace_gives(client, board):
    page = html(client.get("/jobs/?country=US&workplace=remote"))

    assert page.select_one(".country-split").get_text() == (
        "1 on-site/hybrid in United States of America, 2 remote open to United States of America"
    )
    assert len(titles(client.get("/jobs/?country=US&workplace=onsite&workplace=hybrid"))) == 1


def test_no_split_line_without_a_country(client, board):
    assert html(client.get("/jobs/")).select_one(".country-split") is None


def facet_figure(page, value) -> str:
    box = page.find("input", attrs={"name": "country", "value": value})
    return box.find_parent("label").select_one(".facet__count").contents[0].strip()


@pytest.mark.parametrize("base", ["", "workplace=remote", "workplace=onsite"])
def test_country_facet_counts_are_what_clicking_gives(client, board, base):
    page = html(client.get(f"/jobs/?{base}"))

    for code in ["DE", "PT", "GB", "US", "CA", "JP"]:
        clicked = titles(client.get(f"/jobs/?{base}&country={code}"))
        if clicked:
            assert int(facet_figure(page, code)) == len(clicked), code
        else:
            assert page.find("input", attrs={"name": "country", "value": code}) is None


def test_a_second_country_adds_only_the_roles_not_already_shown(client, board):
    page = html(client.get("/jobs/?country=DE"))
    shown = set(titles(client.get("/jobs/?country=DE")))

    for code in ["PT", "US", "CA"]:
        both = set(titles(client.get(f"/jobs/?country=DE&country={code}")))
        assert facet_figure(page, code) == f"+{len(both - shown)}", code
    # Every role open to the UK is already shown: choosing it would add nothing, so it is not
    # offered.
    assert set(titles(client.get("/jobs/?country=DE&country=GB"))) == shown
    assert page.find("input", attrs={"name": "country", "value": "GB"}) is None
    # The chosen country counts the results.
    assert facet_figure(page, "DE") == str(len(shown))


@pytest.mark.django_db(transaction=True)
def test_the_country_filter_takes_the_same_queries_for_1_and_50_roles(
    client, django_assert_num_queries
):
    for batch in [1, 49]:
        for _ in range(batch):
            remote("Remote", regions=["europe"], company=make_company())
        client.get("/jobs/")  # the board's index reads the roles just written
        # 1 what changed since the board's index was read (nothing), and whether the form's
        # tags or the salary filter's currencies changed (kept in memory: core.kept); 1 page
        # of roles with their companies by id; the count and every facet come from the index.
        with django_assert_num_queries(2):
            response = client.get("/jobs/?country=DE&workplace=remote")
        assert len(titles(response)) == min(Job.objects.count(), 25)


# The role page, list rows and JobPosting data.


def json_ld(page) -> dict:
    scripts = page.find_all("script", type="application/ld+json")
    return next(
        data for data in (json.loads(s.string) for s in scripts) if data["@type"] == "JobPosting"
    )


def test_a_remote_role_in_a_region_lists_its_countries(client):
    job = remote("Remote Europe", regions=["europe"])

    page = html(client.get(job.get_absolute_url()))
    posting = json_ld(page)

    assert posting["jobLocationType"] == "TELECOMMUTE"
    names = [place["name"] for place in posting["applicantLocationRequirements"]]
    assert {"DE", "FR", "PL", "GB", "IE"} <= set(names)
    assert not {"US", "JP", "RU"} & set(names)
    assert {place["@type"] for place in posting["applicantLocationRequirements"]} == {"Country"}
    assert "jobLocation" not in posting
    assert "Remote · Europe" in page.get_text()


def test_a_remote_role_in_two_countries(client):
    job = remote("Remote US Canada", countries=["US", "CA"])

    page = html(client.get(job.get_absolute_url()))

    assert json_ld(page)["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "CA"},
        {"@type": "Country", "name": "US"},
    ]
    assert "Remote · Canada, US" in page.get_text()
    row = html(client.get("/jobs/?workplace=remote")).select_one(".job-row")
    assert "Remote · Canada, US" in row.get_text()


def test_a_role_open_anywhere_names_no_requirement(client):
    job = remote("Remote anywhere", regions=["anywhere"])

    page = html(client.get(job.get_absolute_url()))
    posting = json_ld(page)

    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert "applicantLocationRequirements" not in posting
    assert "Remote · Anywhere" in page.get_text()


def test_an_on_site_role_has_a_place_and_no_remote_data(client):
    job = make_job(title="Berlin office", city="Berlin", country="DE")

    posting = json_ld(html(client.get(job.get_absolute_url())))

    assert posting["jobLocation"]["address"]["addressCountry"] == "DE"
    assert "jobLocationType" not in posting
    assert "applicantLocationRequirements" not in posting


@pytest.mark.parametrize(
    ("apply_to", "direct", "expected"),
    [
        ("https://acme.example/careers/123/apply", True, True),
        ("https://acme.example/careers", False, False),
        ("jobs@acme.example", False, False),
    ],
)
def test_direct_apply_says_whether_the_link_is_the_application(client, apply_to, direct, expected):
    job = make_job(apply_to=apply_to, direct_apply=direct)

    assert json_ld(html(client.get(job.get_absolute_url())))["directApply"] is expected


# Every door keeps what the filter reads right.


def test_bulk_writes_derive_where_applicants_may_be(client):
    company = make_company()
    job = remote("Remote Europe", regions=["europe"], company=company)
    assert titles(client.get("/jobs/?country=JP")) == []

    job.remote_regions = ["apac"]
    Job.objects.bulk_update([job], ["remote_regions"])

    assert titles(client.get("/jobs/?country=JP")) == ["Remote Europe"]
    assert titles(client.get("/jobs/?country=DE")) == []
    with pytest.raises(TypeError, match="cannot change remote_regions"):
        Job.objects.filter(pk=job.pk).update(remote_regions=["europe"])


# Admin.


def job_form(company, **overrides):
    """The admin's add-role form for a remote role; regions and countries come in `overrides`."""
    return job_admin_form(
        company, **{"workplace": "remote", "city": "", "country": "", **overrides}
    )


def test_an_editor_saves_a_remote_role_with_regions_and_countries(editor_client, client):
    company = make_company()

    response = editor_client.post(
        "/admin/jobs/job/add/",
        job_form(
            company,
            remote_regions=["eu"],
            remote_countries=["GB", "CH"],
            direct_apply="on",
        ),
    )

    assert response.status_code == 302, html(response).select(".errorlist")
    page = html(client.get("/jobs/staff-engineer/"))
    assert "Remote · EU, Switzerland, UK" in page.get_text()
    assert json_ld(page)["directApply"] is True
    assert titles(client.get("/jobs/?country=CH")) == ["Staff Engineer"]
    assert titles(client.get("/jobs/?country=US")) == []


def test_the_admin_form_offers_regions_as_checkboxes(editor_client):
    page = html(editor_client.get("/admin/jobs/job/add/"))

    boxes = page.select("input[type=checkbox][name=remote_regions]")
    assert {"anywhere", "europe", "eu", "emea", "americas", "apac"} <= {b["value"] for b in boxes}
    assert page.select_one("select[name=remote_countries][multiple]") is not None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({}, "remote_regions", "Say where remote applicants may be"),
        ({"remote_regions": ["atlantis"]}, "remote_regions", "Select a valid choice"),
        ({"remote_countries": ["XX"]}, "remote_countries", "Select a valid choice"),
        (
            {"remote_regions": ["europe"], "apply_to": "jobs@example.com", "direct_apply": "on"},
            "direct_apply",
            "not a direct application",
        ),
    ],
)
def test_bad_where_is_a_form_error(editor_client, overrides, field, message):
    response = editor_client.post("/admin/jobs/job/add/", job_form(make_company(), **overrides))

    assert response.status_code == 200
    assert message in html(response).select_one(f"#id_{field}_error").get_text()
    assert not Job.objects.exists()


def test_an_office_role_keeps_no_remote_regions(editor_client, client):
    response = editor_client.post(
        "/admin/jobs/job/add/",
        job_form(
            make_company(), workplace="onsite", city="Lisbon", country="PT", remote_regions=["eu"]
        ),
    )

    assert response.status_code == 302, html(response).select(".errorlist")
    assert titles(client.get("/jobs/?country=DE")) == []
    assert titles(client.get("/jobs/?country=PT")) == ["Staff Engineer"]


# Importing.

COLUMNS = ["source_id", "company", "title", "level", "discipline", "workplace", "city"]
COLUMNS += ["country", "remote_regions", "description", "apply_to", "direct_apply"]


def csv_upload(*rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for source_id, where, *rest in rows:
        writer.writerow(
            {
                "source_id": source_id,
                "company": "acme",
                "title": f"Role {source_id}",
                "level": "l5",
                "discipline": "backend",
                "workplace": "remote",
                "remote_regions": where,
                "description": "Build things.",
                "apply_to": rest[0] if rest else "https://acme.example/jobs/1",
                "direct_apply": rest[1] if len(rest) > 1 else "",
            }
        )
    return SimpleUploadedFile("roles.csv", buffer.getvalue().encode(), content_type="text/csv")


def plan(editor_client, upload, company=""):
    """The worker's preview of an upload (run here, as test_import does): its page, and each
    row's action and details by source id."""
    response = preview(editor_client, upload, company=company)
    assert response.status_code == 200
    rows = {row["source_id"]: (row["action"], row["details"]) for row in plan_rows(response)}
    return response, rows


def confirm(editor_client, response):
    """Import the valid rows, as an editor chooses on the preview."""
    assert outcome(confirm_run(editor_client, response, "valid-only")).startswith("Imported:")


def test_the_importer_reads_remote_locations_as_regions_and_countries(editor_client):
    make_company("Acme", slug="acme")

    response, rows = plan(
        editor_client,
        csv_upload(
            ("1", "Remote - EMEA"),
            ("2", "Remote (US)"),
            ("3", "Anywhere"),
            ("4", "Remote - US or Canada"),
            ("5", "Americas (UTC−6 to UTC−3)"),
            ("6", "Remote - Narnia"),
            ("7", "Remote"),
            ("8", "UK or EU", "https://acme.example/jobs/8/apply", "true"),
        ),
    )

    assert rows["6"][0] == "Reject"
    assert "'Narnia' is not a region or a country we know" in rows["6"][1]
    assert rows["7"][0] == "Reject"
    assert "not where applicants may be" in rows["7"][1]
    confirm(editor_client, response)
    where = {
        job.source_id: (
            job.remote_regions,
            [str(c) for c in job.remote_countries],
            job.direct_apply,
        )
        for job in Job.objects.all()
    }
    assert where == {
        "1": (["emea"], [], False),
        "2": ([], ["US"], False),
        "3": (["anywhere"], [], False),
        "4": ([], ["CA", "US"], False),
        "5": (["americas"], [], False),
        "8": (["eu"], ["GB"], True),
    }


def test_the_importer_refuses_direct_apply_by_email(editor_client):
    make_company("Acme", slug="acme")

    _, rows = plan(editor_client, csv_upload(("1", "Europe", "jobs@acme.example", "true")))

    assert rows["1"][0] == "Reject"
    assert "direct_apply: An e-mail address is not a direct application" in rows["1"][1]


def greenhouse_job(job_id, place, url):
    return {
        "id": job_id,
        "title": "Senior Backend Engineer",
        "absolute_url": url,
        "location": {"name": place},
        "content": "&lt;p&gt;Build things.&lt;/p&gt;",
    }


def test_greenhouse_locations_and_application_forms(editor_client):
    company = make_company("Acme", slug="acme")
    export = {
        "jobs": [
            greenhouse_job(1, "Remote - Europe", "https://job-boards.greenhouse.io/acme/jobs/1"),
            greenhouse_job(2, "Anywhere", "https://acme.example/careers?gh_jid=2"),
            greenhouse_job(3, "Berlin, Germany", "https://boards.greenhouse.io/acme/jobs/3"),
            greenhouse_job(4, "Remote (Mars)", "https://boards.greenhouse.io/acme/jobs/4"),
        ]
    }
    upload = SimpleUploadedFile(
        "jobs.json", json.dumps(export).encode(), content_type="application/json"
    )

    response, rows = plan(editor_client, upload, company=company.slug)

    assert rows["4"][0] == "Reject"
    assert "'Mars' is not a region or a country we know" in rows["4"][1]
    confirm(editor_client, response)
    jobs = {job.source_id: job for job in Job.objects.all()}
    assert (jobs["1"].workplace, jobs["1"].remote_regions, jobs["1"].direct_apply) == (
        "remote",
        ["europe"],
        True,
    )
    assert (jobs["2"].workplace, jobs["2"].remote_regions, jobs["2"].direct_apply) == (
        "remote",
        ["anywhere"],
        False,
    )
    assert (jobs["3"].workplace, jobs["3"].city, jobs["3"].direct_apply) == (
        "hybrid",
        "Berlin",
        True,
    )
