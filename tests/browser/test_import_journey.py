"""An editor imports roles from a spreadsheet in Chromium: upload, the worker's preview, valid
rows only chosen on the preview, the worker's import, the roles on the site."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import EDITOR, EDITOR_PASSWORD, goto
from tests.conftest import ROOT

WORKBOOK = ROOT / "jobs" / "samples" / "roles.xlsx"
SAMPLE_IDS = ["fh-1001", "fh-1002", "qp-77", "ks-12", "ks-13"]
# The worker picks the file up within a second or two; the page refreshes itself every two.
WORKER_MS = 60_000


@pytest.fixture
def _worker(live_site, django_db_blocker, tmp_path):
    """The worker beside the live site when tasks are queued in the database (with Django's
    immediate backend they run in the request that queues them)."""
    backend = settings.TASKS["default"]["BACKEND"] if hasattr(settings, "TASKS") else ""
    if not backend.endswith("DatabaseBackend"):
        yield
        return
    from tests.conftest import Worker, served_database_url

    process = Worker(served_database_url(django_db_blocker), log=tmp_path / "worker.log")
    yield
    process.stop()


@pytest.mark.usefixtures("_worker")
def test_editor_imports_a_workbook_choosing_valid_rows_only_on_the_preview(
    open_page, django_db_blocker
):
    page: Page = open_page()
    goto(page, "/admin/")
    page.get_by_label("Username").fill(EDITOR)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.locator("tr.model-job th a").click()
    page.get_by_role("link", name="Import roles").click()
    expect(
        page.get_by_role("link", name="The columns and formats are described here.")
    ).to_be_visible()
    page.get_by_label("File").set_input_files(WORKBOOK)
    page.get_by_role("button", name="Upload and preview").click()

    # The run's own page, refreshing itself until the worker has read the file.
    expect(page).to_have_url(re.compile(r"/admin/jobs/job/import/\d+/$"))
    counts = page.locator("#import-counts")
    expect(counts).to_contain_text("4 to create", timeout=WORKER_MS)
    expect(counts).to_contain_text("1 rejected")
    expect(page.locator("tr.import-row--reject")).to_contain_text("level: 'l9' is not one of")
    # All or nothing would refuse the file: valid rows only is the choice offered.
    expect(page.locator("#import-blocked")).to_contain_text("all or nothing would import nothing")
    page.get_by_label(re.compile("^Valid rows only")).check()
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.locator("#import-result")).to_contain_text(
        "Imported: 4 created, 0 updated, 0 unchanged, 1 rejected row skipped", timeout=WORKER_MS
    )
    page.get_by_role("link", name="See the roles").click()
    page.get_by_role("searchbox").fill("fh-1002")
    page.keyboard.press("Enter")
    expect(page.locator("#result_list")).to_contain_text("Staff Platform Engineer")

    from jobs.models import Job

    with django_db_blocker.unblock():
        path = Job.objects.get(source_id="fh-1002").get_absolute_url()
    # A reader (another browser context: no editor's cookies) finds it on the site.
    reader = open_page(java_script_enabled=False)
    goto(reader, path)
    expect(reader.locator("h1")).to_have_text("Staff Platform Engineer")
