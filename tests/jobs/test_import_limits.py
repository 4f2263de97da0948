"""Files that try to crash, hang or flood an import: each ends in a clear message on the run's
page (or a rejected row), never a 500, a traceback or a worker held for minutes."""

import io
import json
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.models import ImportRun, Job
from tests.conftest import html, make_company
from tests.jobs.test_import import confirm, csv_upload, outcome, plan_rows, preview, role

pytestmark = pytest.mark.django_db


def greenhouse(*jobs):
    return SimpleUploadedFile("jobs.json", json.dumps({"jobs": list(jobs)}).encode())


def job(number, **fields):
    return {
        "id": number,
        "title": "Backend Engineer",
        "location": {"name": "Berlin, Germany"},
        "absolute_url": f"https://acme.example/jobs/{number}",
        "content": "&lt;p&gt;Build things.&lt;/p&gt;",
        **fields,
    }


def failed_with(response) -> str:
    assert response.status_code == 200
    assert html(response).find(id="import-status")["data-status"] == "failed"
    assert html(response).select(".import-plan") == []
    return outcome(response)


def test_deeply_nested_json_fails_the_run_with_a_clear_error(editor_client):
    acme = make_company("Acme", slug="acme")
    upload = SimpleUploadedFile("jobs.json", b"[" * 100_000)

    response = preview(editor_client, upload, company=acme.slug)

    assert failed_with(response) == (
        "The JSON is nested more than 20 levels deep; a Greenhouse export is not. Nothing was read."
    )


def test_a_content_nested_thousands_deep_fails_the_run_with_a_clear_error(editor_client):
    acme = make_company("Acme", slug="acme")
    content = "x"
    for _ in range(5_000):
        content = {"content": content}
    upload = greenhouse(job(1, content=content))

    response = preview(editor_client, upload, company=acme.slug)

    assert "nested more than 20 levels deep" in failed_with(response)


def test_html_nested_thousands_deep_in_a_description_is_read_as_text(editor_client):
    acme = make_company("Acme", slug="acme")
    content = "&lt;div&gt;" * 4_000 + "Deep text" + "&lt;/div&gt;" * 4_000

    response = preview(editor_client, greenhouse(job(1, content=content)), company=acme.slug)

    [row] = plan_rows(response)
    assert row["action"] == "Create"
    confirm(editor_client, response)
    assert Job.objects.get().description == "Deep text"


def test_a_huge_nested_html_description_is_rejected_quickly_without_holding_the_worker(
    editor_client,
):
    acme = make_company("Acme", slug="acme")
    nested = "&lt;div&gt;" * 90_000 + "x" + "&lt;/div&gt;" * 90_000  # about 1.9 MB
    response = preview(editor_client, greenhouse(job(1, content=nested), job(2)), company=acme.slug)

    rows = plan_rows(response)
    assert [row["action"] for row in rows] == ["Reject", "Create"]
    assert rows[0]["details"].startswith(
        f"description: the content has {len(nested):,} characters; a description may have at "
        "most 100,000."
    )


def test_a_description_too_slow_to_render_stops_the_run_at_the_time_limit(editor_client, settings):
    make_company("Acme", slug="acme")
    # Python-Markdown takes minutes over thousands of unclosed brackets.
    response = preview(editor_client, csv_upload(role("A-1", description="[" * 20_000)))
    settings.IMPORT_TIME_LIMIT = 2
    response = confirm(editor_client, response)

    assert failed_with(response) == (
        "Nothing was imported. Stopped after 2 seconds, the time limit for one file; split it "
        "into smaller files."
    )
    assert Job.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("roles.csv", bytes(range(128, 256)) * 32, "Line 1 is not UTF-8 text"),
        ("roles.csv", b"\x00\x01\x02binary\x00", "contains NUL bytes"),
        ("roles.xlsx", os.urandom(4096), "The file is not an Excel workbook (.xlsx)"),
        ("roles.xlsx", b"PK\x03\x04" + os.urandom(4096), "The file is not an Excel workbook"),
        ("roles.csv", b"name,email\nAda,ada@example.com\n", "Unknown columns: email, name."),
        ("roles.csv", b"title,level\nX,l5\n", "The header row has no source_id, company column."),
        (
            "roles.csv",
            b'source_id,company,title\n"A-1,acme,X\n',
            "The CSV cannot be read at line 2: unexpected end of data.",
        ),
    ],
)
def test_junk_and_wrong_columns_fail_the_run_with_a_clear_error(
    editor_client, name, content, error
):
    make_company("Acme", slug="acme")

    response = preview(editor_client, SimpleUploadedFile(name, content))

    assert error in failed_with(response)


def test_a_zip_that_is_no_workbook_fails_the_run(editor_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")

    response = preview(editor_client, SimpleUploadedFile("roles.xlsx", buffer.getvalue()))

    assert "The file is not an Excel workbook" in failed_with(response)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(editor_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (200 * 1024 * 1024))

    response = preview(editor_client, SimpleUploadedFile("roles.xlsx", buffer.getvalue()))

    assert "The workbook unpacks to 200 MB; at most 128 MB are read." in failed_with(response)


def test_a_failed_run_is_listed_on_the_upload_page(editor_client):
    preview(editor_client, SimpleUploadedFile("roles.csv", b"name\nx\n"))

    page = html(editor_client.get("/admin/jobs/job/import/"))

    assert [cell.get_text() for cell in page.select("#import-runs tbody td")][:1] == ["roles.csv"]
    assert "Failed" in page.find(id="import-runs").get_text()
    assert ImportRun.objects.get().error.startswith("Unknown column: name.")
