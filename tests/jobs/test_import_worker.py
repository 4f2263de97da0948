"""An import through the real admin and a real worker process: upload, the worker's preview,
the choice made on the preview, the worker's import, the roles on the board."""

import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.models import ImportRun, Job
from tests.conftest import html, make_company
from tests.jobs.test_import import IMPORT_URL, SAMPLES, board_titles, outcome, plan_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def import_worker(transactional_db, django_db_blocker, tmp_path):
    """The worker process over the test database, as production runs it, when tasks are
    queued in the database; with Django's immediate backend a task runs as its transaction
    commits, in the request that queued it, and there is no process to start."""
    backend = settings.TASKS["default"]["BACKEND"] if hasattr(settings, "TASKS") else ""
    if not backend.endswith("DatabaseBackend"):
        yield None
        return
    from tests.conftest import Worker, served_database_url

    process = Worker(served_database_url(django_db_blocker), log=tmp_path / "worker.log")
    yield process
    process.stop()


def wait_for(client, url: str, status: str, timeout: float = 60):
    """Reload the run's page, as its meta refresh does, until it shows `status`."""
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(url)
        page = html(response)
        shown = page.find(id="import-status")["data-status"]
        if shown == status:
            return response
        assert shown != "failed", outcome(response)
        assert time.monotonic() < deadline, f"still {shown} after {timeout} s"
        assert page.find("meta", attrs={"http-equiv": "refresh"}) is not None
        time.sleep(0.2)


def test_the_worker_previews_an_upload_and_imports_the_valid_rows_chosen_on_the_preview(
    import_worker, editor_client, client
):
    for name, slug in [
        ("Fernhill Systems", "fernhill-systems"),
        ("Quillpoint", "quillpoint"),
        ("Keelson", "keelson"),
    ]:
        make_company(name, slug=slug)
    upload = SimpleUploadedFile("roles.xlsx", (SAMPLES / "roles.xlsx").read_bytes())

    response = editor_client.post(IMPORT_URL, {"file": upload, "format": "auto"})

    url = response["Location"]
    assert html(editor_client.get(url)).find(id="import-status")["data-status"] in {
        "queued",
        "previewing",
        "previewed",
    }
    preview = wait_for(editor_client, url, "previewed")
    assert [li.get_text() for li in html(preview).select("#import-counts li")] == [
        "4 to create",
        "0 to update",
        "0 unchanged",
        "1 rejected",
    ]
    assert [row["action"] for row in plan_rows(preview)] == ["Create"] * 4 + ["Reject"]
    assert Job.objects.count() == 0

    response = editor_client.post(url, {"mode": "valid-only"})

    assert response.status_code == 302
    done = wait_for(editor_client, url, "imported")
    assert outcome(done).startswith(
        "Imported: 4 created, 0 updated, 0 unchanged, 1 rejected row skipped; confirmed by editor"
    )
    assert html(done).find("meta", attrs={"http-equiv": "refresh"}) is None
    if import_worker is not None:
        import_worker.wait_until_idle()
    run = ImportRun.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))
    assert (run.mode, run.created, run.skipped, run.confirmed_by.username) == (
        "valid-only",
        4,
        1,
        "editor",
    )
    assert board_titles(client) == [
        "Engineering Manager",
        "Senior Backend Engineer",
        "Staff Platform Engineer",
    ]
