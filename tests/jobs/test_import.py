import csv
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from companies.models import Company
from jobs import importing, tasks
from jobs.models import ImportRun, Job
from tests.conftest import html, make_company, make_job

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/jobs/job/import/"
SAMPLES = Path(__file__).resolve().parents[2] / "jobs" / "samples"
COLUMNS = [
    "source_id",
    "company",
    "title",
    "level",
    "track",
    "discipline",
    "workplace",
    "city",
    "country",
    "remote_regions",
    "salary_min",
    "salary_max",
    "salary_currency",
    "equity",
    "description",
    "apply_to",
    "status",
    "expires_at",
]


def role(source_id, company="acme", **fields):
    """A valid CSV row; a test overrides only what its behaviour depends on."""
    return {
        "source_id": source_id,
        "company": company,
        "title": f"Senior Backend Engineer {source_id}",
        "level": "l5",
        "track": "ic",
        "discipline": "backend",
        "workplace": "hybrid",
        "city": "Berlin",
        "country": "DE",
        "remote_regions": "",
        "salary_min": "90000",
        "salary_max": "120000",
        "salary_currency": "EUR",
        "equity": "false",
        "description": "Build **APIs**.\n\n- Reviews\n- On-call",
        "apply_to": f"https://acme.example/jobs/{source_id}",
        "status": "published",
        "expires_at": "",
        **fields,
    }


def csv_upload(*rows, name="roles.csv"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def json_upload(data, name="jobs.json"):
    return SimpleUploadedFile(name, json.dumps(data).encode(), content_type="application/json")


def preview(client, upload, *, format="auto", company=""):
    """Upload a file, let the worker's preview task run, and answer the run's page. The
    task runs here, as the worker would run it; tests/jobs/test_import_worker.py goes through
    a real worker process."""
    response = client.post(IMPORT_URL, {"file": upload, "format": format, "company": company})
    if response.status_code != 302:
        return response
    run_url = response["Location"]
    assert run_url.startswith(IMPORT_URL), run_url
    tasks.preview_import.call(run_pk(run_url))
    return client.get(run_url)


def run_pk(url: str) -> int:
    return int(url.rstrip("/").rsplit("/", 1)[1])


def plan_rows(response) -> list[dict]:
    rows = []
    for tr in html(response).select(".import-plan tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        names = ["row", "source_id", "company", "title", "action", "details"]
        rows.append(dict(zip(names, cells, strict=True)))
    return sorted(rows, key=lambda row: int(row["row"]))


def confirm(client, response, mode="all-or-nothing"):
    """Choose the mode on the preview, let the worker's import task run, and answer the
    run's page."""
    form = html(response).find("form", id="import-confirm")
    assert form is not None, "the preview offers no choice"
    url = response.wsgi_request.path
    answer = client.post(url, {"mode": mode})
    if answer.status_code != 302:
        return answer
    tasks.apply_import.call(run_pk(url))
    return client.get(url)


def outcome(response) -> str:
    page = html(response)
    found = page.find(id="import-result") or page.find(id="import-error")
    return " ".join(found.get_text().split()) if found else ""


def board_titles(client) -> list[str]:
    return sorted(
        a.get_text() for a in html(client.get("/jobs/")).select(".job-row .card__title a")
    )


def snapshot():
    return {job.source_id: (job.title, job.updated_at) for job in Job.objects.all()}


# Preview (dry run).


def test_preview_shows_what_each_row_would_do_and_writes_nothing(editor_client):
    acme = make_company("Acme", slug="acme")
    make_job(acme, source_id="A-2", title="Old title")
    before = snapshot()

    response = preview(
        editor_client,
        csv_upload(
            role("A-1"),
            role("A-2", title="New title"),
            role("A-3", company="nobody"),
        ),
    )

    assert response.status_code == 200
    rows = plan_rows(response)
    assert [(r["row"], r["source_id"], r["action"]) for r in rows] == [
        ("2", "A-1", "Create"),
        ("3", "A-2", "Update"),
        ("4", "A-3", "Reject"),
    ]
    assert "Changes: title" in rows[1]["details"]
    assert "unknown company 'nobody'" in rows[2]["details"]
    assert html(response).find("form", id="import-confirm") is not None
    assert snapshot() == before


def test_all_or_nothing_refuses_a_file_with_a_rejected_row_and_says_why(editor_client):
    make_company("Acme", slug="acme")

    response = preview(
        editor_client, csv_upload(role("A-1"), role("A-2", apply_to="javascript:alert(1)"))
    )

    page = html(response)
    assert "all or nothing would import nothing" in page.find(id="import-blocked").text
    assert page.find("input", attrs={"name": "mode", "checked": True})["value"] == "valid-only"
    assert [r["action"] for r in plan_rows(response)] == ["Create", "Reject"]
    answer = confirm(editor_client, response, mode="all-or-nothing")
    assert answer.status_code == 200
    assert "All or nothing would import nothing: the preview rejects 1 row." in (
        html(answer).select_one("#import-confirm .errorlist").get_text()
    )
    assert Job.objects.count() == 0


def test_confirming_plans_again_and_all_or_nothing_writes_nothing_if_a_row_became_invalid(
    editor_client,
):
    make_company("Acme", slug="acme")
    make_company("Short-lived", slug="short-lived")
    response = preview(editor_client, csv_upload(role("A-1"), role("S-1", company="short-lived")))
    assert [r["action"] for r in plan_rows(response)] == ["Create", "Create"]
    Company.objects.filter(slug="short-lived").delete()

    response = confirm(editor_client, response)

    assert outcome(response).startswith(
        "Nothing was imported: row 3 is rejected now (company: unknown company 'short-lived'"
    )
    assert Job.objects.count() == 0


def test_valid_only_imports_the_valid_rows_and_skips_the_rejected_ones(editor_client):
    make_company("Acme", slug="acme")
    response = preview(editor_client, csv_upload(role("A-1"), role("A-2", title=""), role("A-3")))
    assert "Valid rows only imports the other rows" in html(response).get_text()

    response = confirm(editor_client, response, mode="valid-only")

    assert outcome(response).startswith(
        "Imported: 2 created, 0 updated, 0 unchanged, 1 rejected row skipped; confirmed by editor"
    )
    assert sorted(Job.objects.values_list("source_id", flat=True)) == ["A-1", "A-3"]


# Applying.


def test_confirmed_import_shows_published_roles_on_the_board_and_updates_open_role_counts(
    editor_client, client
):
    make_company("Acme", slug="acme")
    make_company("Bolt", slug="bolt")
    make_company("Quiet", slug="quiet")
    assert [
        a.get_text() for a in html(client.get("/companies/?hiring=on")).select(".card__title a")
    ] == []

    response = confirm(
        editor_client,
        preview(
            editor_client,
            csv_upload(
                role("A-1", title="Acme backend"),
                role("A-2", title="Acme platform", discipline="platform"),
                role(
                    "B-1",
                    company="bolt",
                    title="Bolt remote",
                    workplace="remote",
                    city="",
                    remote_regions="Europe",
                ),
                role("Q-1", company="quiet", title="Quiet draft", status="draft"),
            ),
        ),
    )

    assert outcome(response).startswith(
        "Imported: 4 created, 0 updated, 0 unchanged, 0 rejected rows skipped"
    )
    assert board_titles(client) == ["Acme backend", "Acme platform", "Bolt remote"]
    cards = html(client.get("/companies/?hiring=on")).select(".company-card")
    hiring = {
        card.select_one(".card__title a").get_text(): card.select_one(".badge--warn").get_text()
        for card in cards
    }
    assert hiring == {"Acme": "2 open roles", "Bolt": "1 open role"}
    detail = html(client.get(Job.objects.get(source_id="A-1").get_absolute_url()))
    assert "On-call" in [li.get_text() for li in detail.select("li")]


def test_reimporting_the_same_file_changes_nothing(editor_client, client):
    make_company("Acme", slug="acme")
    rows = [role("A-1"), role("A-2", expires_at="2099-12-31", status="draft")]
    confirm(editor_client, preview(editor_client, csv_upload(*rows)))
    before = snapshot()
    board_before = board_titles(client)

    response = preview(editor_client, csv_upload(*rows))

    assert [r["action"] for r in plan_rows(response)] == ["Unchanged", "Unchanged"]
    assert html(response).find("form", id="import-confirm") is None
    assert "Nothing to import: no row would create or change a role." in outcome(response)
    assert snapshot() == before
    assert board_titles(client) == board_before


def test_an_update_changes_the_role_with_the_same_source_id_and_keeps_its_address(editor_client):
    acme = make_company("Acme", slug="acme")
    existing = make_job(acme, source_id="A-1", title="Backend Engineer", salary_max=120_000)

    same_as_existing = {
        "workplace": "onsite",
        "salary_currency": "USD",
        "description": "Build **APIs**.",
        "apply_to": "https://example.com/apply",
    }

    response = preview(
        editor_client,
        csv_upload(
            role("A-1", title="Senior Backend Engineer", salary_max="140000", **same_as_existing)
        ),
    )
    [row] = plan_rows(response)
    assert (row["action"], row["details"]) == ("Update", "Changes: title, salary_max")
    confirm(editor_client, response)

    job = Job.objects.get()
    assert (job.pk, job.slug, job.published_at) == (
        existing.pk,
        existing.slug,
        existing.published_at,
    )
    assert (job.title, job.salary_max) == ("Senior Backend Engineer", 140_000)
    assert "<strong>APIs</strong>" in job.description_html


def test_a_csv_saved_by_a_spreadsheet_imports_and_reimports_unchanged(editor_client):
    make_company("Acme", slug="acme")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(role("A-1", description="Line one\r\n\r\n- item", equity="TRUE"))
    data = "\ufeff".encode() + buffer.getvalue().encode()

    confirm(editor_client, preview(editor_client, SimpleUploadedFile("export.csv", data)))
    response = preview(editor_client, SimpleUploadedFile("export.csv", data))

    assert [r["action"] for r in plan_rows(response)] == ["Unchanged"]
    job = Job.objects.get(source_id="A-1")
    assert job.description == "Line one\n\n- item"
    assert "<li>item</li>" in job.description_html


def test_countries_are_read_from_codes_or_english_names(editor_client, client):
    make_company("Acme", slug="acme")
    rows = [
        role("A-1", country="Germany"),
        role("A-2", country="de"),
        role("A-3", country="luxembourg", city="Luxembourg"),
        role("A-4", country="NLD", city="Amsterdam"),
        role("A-5", country=""),
    ]

    confirm(editor_client, preview(editor_client, csv_upload(*rows)))

    countries = dict(Job.objects.values_list("source_id", "country"))
    assert countries == {"A-1": "DE", "A-2": "DE", "A-3": "LU", "A-4": "NL", "A-5": ""}
    assert [
        a.get_text() for a in html(client.get("/jobs/?country=LU")).select(".card__title a")
    ] == ["Senior Backend Engineer A-3"]
    # The same countries written as codes are no change.
    again = [role("A-1", country="DE"), role("A-3", country="LU", city="Luxembourg")]
    response = preview(editor_client, csv_upload(*again))
    assert [r["action"] for r in plan_rows(response)] == ["Unchanged", "Unchanged"]


# Rejections.


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"apply_to": "javascript:alert(1)"}, "apply_to: Enter an http(s) URL or an e-mail"),
        (
            {"salary_min": "150000", "salary_max": "100000"},
            "salary_max: The maximum salary must be at least the minimum.",
        ),
        ({"company": "no-such-company"}, "company: unknown company 'no-such-company'"),
        ({"title": ""}, "title: required but empty."),
        ({"level": "l9"}, "level: 'l9' is not one of l3, l4, l5, l6, l7, l8."),
        ({"expires_at": "2020-01-31"}, "expires_at: 2020-01-31 is in the past"),
        ({"workplace": "remote", "remote_regions": ""}, "remote_regions: Say where remote"),
        ({"salary_currency": "E$"}, "salary_currency: 'E$' is not a three-letter ISO 4217"),
        (
            {"country": "Atlantis"},
            "country: 'Atlantis' is not a country we know; give its two-letter code, such as DE, "
            "or its English name, such as Germany.",
        ),
        ({"country": "ZZ"}, "country: 'ZZ' is not a country we know"),
    ],
)
def test_a_bad_row_is_rejected_with_a_clear_reason(editor_client, fields, reason):
    make_company("Acme", slug="acme")

    response = preview(editor_client, csv_upload(role("A-1", **fields)))

    [row] = plan_rows(response)
    assert row["action"] == "Reject"
    assert reason in row["details"]
    assert html(response).find("form", id="import-confirm") is None
    assert Job.objects.count() == 0


def test_a_repeated_source_id_in_one_file_is_rejected(editor_client):
    make_company("Acme", slug="acme")

    response = preview(editor_client, csv_upload(role("A-1"), role("A-1")))

    assert [r["action"] for r in plan_rows(response)] == ["Create", "Reject"]
    assert "row 2 has the same company and source_id" in plan_rows(response)[1]["details"]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        (
            "roles.csv",
            b"source_id,company,title,salary_mni\nA-1,acme,X,1\n",
            "Unknown column: salary_mni.",
        ),
        ("roles.csv", b"source_id,title\nA-1,X\n", "The header row has no company column."),
        ("roles.csv", b"source_id,company,title\n", "The file has no roles in it."),
        (
            "roles.csv",
            b"source_id,company,title\nA-1,acme,\xff\n",
            "Line 2 is not UTF-8 text (byte 10",
        ),
        ("roles.csv", b"source_id,company,title\nA-1,acme,X\x00\n", "Line 2 contains NUL bytes"),
        ("jobs.json", b'{"jobs": [', "The file is not valid JSON"),
        ("jobs.json", b'{"roles": []}', 'a JSON object with a "jobs" list'),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(editor_client, name, content, error):
    acme = make_company("Acme", slug="acme")

    response = preview(editor_client, SimpleUploadedFile(name, content), company=acme.slug)

    assert response.status_code == 200
    assert html(response).find(id="import-status")["data-status"] == "failed"
    assert error in outcome(response)
    assert html(response).select(".import-plan") == []


# Greenhouse.


def test_greenhouse_export_uses_metadata_and_infers_the_rest_from_the_title(editor_client):
    company = make_company("Fernhill Systems", slug="fernhill-systems")
    upload = SimpleUploadedFile("greenhouse.json", (SAMPLES / "greenhouse.json").read_bytes())

    response = preview(editor_client, upload, company=company.slug)

    rows = plan_rows(response)
    assert [(r["source_id"], r["action"]) for r in rows] == [
        ("4012001", "Create"),
        ("4012002", "Create"),
        ("4012003", "Create"),
    ]
    assert "discipline backend by default (no discipline word in the title)" in rows[0]["details"]
    assert "level l5 inferred from the title" in rows[1]["details"]
    confirm(editor_client, response)

    jobs = {job.source_id: job for job in Job.objects.filter(company=company).order_by("source_id")}
    described = [
        (j.level, j.track, j.discipline, j.workplace, j.city, j.remote_regions)
        for j in jobs.values()
    ]
    assert described == [
        ("l6", "tech-lead", "backend", "hybrid", "Berlin", []),
        ("l5", "ic", "mobile", "remote", "", ["europe"]),
        ("l5", "engineering-manager", "infrastructure", "hybrid", "Amsterdam", []),
    ]
    staff = jobs["4012001"]
    assert staff.apply_to == "https://boards.greenhouse.io/fernhillsystems/jobs/4012001"
    page = html(editor_client.get(staff.get_absolute_url()))
    items = [li.get_text() for li in page.select("li")]
    assert "Design the double-entry ledger" in items
    assert page.find("h3", string="What you will do") is not None


def test_greenhouse_content_becomes_plain_text_without_markup_or_scripts(editor_client):
    company = make_company("Acme", slug="acme")
    content = (
        "&lt;script&gt;alert('x')&lt;/script&gt;"
        "&lt;p onclick=&quot;steal()&quot;&gt;Hello &lt;a href=&quot;javascript:steal()&quot;"
        "&gt;there&lt;/a&gt; *friend* &amp;lt;img src=x onerror=alert(1)&amp;gt;&lt;/p&gt;"
    )
    export = {
        "jobs": [
            {
                "id": 7,
                "title": "Software Engineer",
                "location": {"name": "Lisbon, Portugal"},
                "absolute_url": "https://acme.example/jobs/7",
                "content": content,
                "metadata": None,
                "departments": [],
                "offices": [],
            }
        ]
    }
    confirm(editor_client, preview(editor_client, json_upload(export), company=company.slug))

    job = Job.objects.get(source_id="7")
    assert (job.level, job.city) == ("l4", "Lisbon")
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "Hello there *friend* &lt;img src=x onerror=alert(1)&gt;" in page
    for hostile in ["alert('x')", "steal()", "<img", "javascript:"]:
        assert hostile not in job.description_html


def test_greenhouse_export_needs_a_company(editor_client):
    upload = SimpleUploadedFile("greenhouse.json", (SAMPLES / "greenhouse.json").read_bytes())

    response = preview(editor_client, upload)

    assert "choose the company" in html(response).select_one(".field-company .errorlist").text
    assert Job.objects.count() == 0


# The door.


def test_the_roles_list_links_to_the_import_page(editor_client):
    page = html(editor_client.get("/admin/jobs/job/"))

    assert page.select_one(".object-tools a[href='/admin/jobs/job/import/']").text == "Import roles"
    assert editor_client.get(IMPORT_URL).status_code == 200


def test_staff_without_permission_to_add_roles_get_403(client, django_user_model):
    user = django_user_model.objects.create_user("intern", password="a-long-test-password-2")
    user.is_staff = True
    user.save()
    client.post("/admin/login/", {"username": "intern", "password": "a-long-test-password-2"})
    make_company("Acme", slug="acme")

    assert client.get(IMPORT_URL).status_code == 403
    assert preview(client, csv_upload(role("A-1"))).status_code == 403
    assert Job.objects.count() == 0


def test_an_oversized_upload_is_refused_with_a_clear_error(editor_client, monkeypatch):
    monkeypatch.setattr(importing, "MAX_UPLOAD_BYTES", 2 * 1024 * 1024)
    upload = SimpleUploadedFile("roles.csv", b"x" * (2 * 1024 * 1024 + 1))

    response = preview(editor_client, upload)

    errors = html(response).select_one(".field-file .errorlist").get_text()
    assert "The file is 2.0 MB; the limit is 2 MB." in errors
    assert ImportRun.objects.count() == 0


def test_a_run_is_imported_once_however_often_it_is_confirmed(editor_client):
    make_company("Acme", slug="acme")
    response = preview(editor_client, csv_upload(role("A-1")))
    url = response.wsgi_request.path

    first = editor_client.post(url, {"mode": "all-or-nothing"})
    second = editor_client.post(url, {"mode": "valid-only"}, follow=True)
    tasks.apply_import.call(run_pk(url))
    tasks.apply_import.call(run_pk(url))

    assert first.status_code == 302
    assert [m.message for m in second.context["messages"]] == ["This import was already confirmed."]
    assert ImportRun.objects.get().mode == "all-or-nothing"
    assert Job.objects.count() == 1


@pytest.fixture
def sample_companies(db):
    return [
        make_company(name, slug=slug)
        for name, slug in [
            ("Fernhill Systems", "fernhill-systems"),
            ("Quillpoint", "quillpoint"),
            ("Keelson", "keelson"),
        ]
    ]


# XLSX.


def xlsx_upload(*rows, name="roles.xlsx", cells=None):
    import tablib

    table = tablib.Dataset(headers=COLUMNS)
    for row in rows:
        table.append([(cells or {}).get(column, row[column]) for column in COLUMNS])
    return SimpleUploadedFile(name, table.export("xlsx"))


def test_an_xlsx_workbook_imports_with_number_and_date_cells(editor_client, client):
    import datetime

    make_company("Acme", slug="acme")
    upload = xlsx_upload(
        role("A-1"),
        cells={
            "salary_min": 90_000,
            "salary_max": 120_000.0,
            "expires_at": datetime.date(2099, 1, 31),
        },
    )

    response = preview(editor_client, upload)
    assert [r["action"] for r in plan_rows(response)] == ["Create"]
    response = confirm(editor_client, response)

    assert outcome(response).startswith("Imported: 1 created")
    job = Job.objects.get()
    assert (job.salary_min, job.salary_max) == (90_000, 120_000)
    assert job.expires_at.date().isoformat() == "2099-02-01"
    assert board_titles(client) == ["Senior Backend Engineer A-1"]


def test_the_sample_workbook_previews_like_the_sample_csv(editor_client, sample_companies):
    from_csv = preview(
        editor_client, SimpleUploadedFile("roles.csv", (SAMPLES / "roles.csv").read_bytes())
    )
    from_xlsx = preview(
        editor_client, SimpleUploadedFile("roles.xlsx", (SAMPLES / "roles.xlsx").read_bytes())
    )

    assert plan_rows(from_xlsx) == plan_rows(from_csv)
    assert [r["action"] for r in plan_rows(from_xlsx)] == ["Create"] * 4 + ["Reject"]


def test_the_upload_page_links_to_the_format_description(editor_client):
    page = html(editor_client.get(IMPORT_URL))
    link = page.find(id="import-format-link")["href"]

    described = html(editor_client.get(link))

    assert described.find("h1").get_text() == "Importing roles: formats and limits"
    assert described.find("h2", string="Choose how to import") is None
    assert described.find("h2", string="CSV and XLSX") is not None
    columns = [code.get_text() for code in described.select("table td:first-child code")]
    assert "remote_regions" in columns
    assert "apply_to" in columns


def test_the_preview_lists_every_rejected_row_a_page_at_a_time(editor_client):
    make_company("Acme", slug="acme")
    rows = [role(f"A-{n}", level="l9" if n % 2 else "l5") for n in range(1, 121)]

    response = preview(editor_client, csv_upload(*rows))

    page = html(response)
    assert [li.get_text() for li in page.select("#import-counts li")] == [
        "60 to create",
        "0 to update",
        "0 unchanged",
        "60 rejected",
    ]
    # The summary shows the first ten of each kind and links to the rest.
    assert len(plan_rows(response)) == 20
    more = page.find("a", string="All 60 rows: reject")["href"]
    url = response.wsgi_request.path
    first = editor_client.get(url + more)
    second = editor_client.get(url + more + "&page=2")
    numbers = [int(r["row"]) for r in plan_rows(first) + plan_rows(second)]
    assert numbers == [n + 1 for n in range(1, 121, 2)]
    assert all("level: 'l9' is not one of" in r["details"] for r in plan_rows(second))
    assert "rows 51–60 of 60" in html(second).get_text()
