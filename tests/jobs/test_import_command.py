"""`manage.py import_jobs` run as an operator runs it: a process of its own against the
(committed) test database, its exit status and output read as a shell would."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jobs.models import ImportRun, Job
from tests.conftest import ROOT, make_company, process_environment, served_database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.subprocess]

SAMPLES = ROOT / "jobs" / "samples"


@pytest.fixture
def import_jobs(django_db_blocker, tmp_path):
    url = served_database_url(django_db_blocker)

    def run(*arguments, env=None):
        return subprocess.run(
            [sys.executable, "manage.py", "import_jobs", *map(str, arguments)],
            cwd=ROOT,
            env=process_environment(url, **(env or {})),
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


@pytest.fixture
def sample_companies():
    for name, slug in [
        ("Fernhill Systems", "fernhill-systems"),
        ("Quillpoint", "quillpoint"),
        ("Keelson", "keelson"),
    ]:
        make_company(name, slug=slug)


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def assert_one_line_failure(result, message: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("CommandError: ")
    assert message in lines[0]


def test_the_command_imports_the_valid_rows_of_the_sample_workbook(import_jobs, sample_companies):
    result = import_jobs(SAMPLES / "roles.xlsx", "--mode", "valid-only")

    assert result.returncode == 0, result.stderr
    assert "Read as Excel (XLSX)." in result.stdout
    assert "row    6  reject" in result.stdout
    assert "Imported roles.xlsx: 4 created, 0 updated, 0 unchanged, 1 rejected." in result.stdout
    assert Job.objects.count() == 4
    run = ImportRun.objects.get()
    assert (run.status, run.mode, run.created, run.skipped) == ("imported", "valid-only", 4, 1)


def test_the_command_dry_run_prints_the_plan_and_writes_nothing(import_jobs, sample_companies):
    result = import_jobs(SAMPLES / "roles.csv", "--dry-run", "--mode", "valid-only")

    assert result.returncode == 0, result.stderr
    assert "row    2  create     fernhill-systems/fh-1001  Senior Backend Engineer" in (
        result.stdout
    )
    assert "level: 'l9' is not one of" in result.stdout
    assert "Dry run: 4 to create, 0 to update, 0 unchanged, 1 rejected." in result.stdout
    assert Job.objects.count() == 0


def test_all_or_nothing_with_a_rejected_row_is_a_one_line_failure(import_jobs, sample_companies):
    result = import_jobs(SAMPLES / "roles.csv")

    assert_one_line_failure(result, "Nothing was imported: 1 row rejected")
    assert Job.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "arguments", "message"),
    [
        ("nested.json", b"[" * 100_000, ["--company", "keelson"], "nested more than 20 levels"),
        (
            "deep.json",
            json.dumps(
                {"jobs": [{"id": 1, "content": [[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]}]}
            ).encode(),
            ["--company", "keelson"],
            "nested more than 20 levels",
        ),
        ("junk.csv", bytes(range(128, 256)) * 64, [], "Line 1 is not UTF-8 text"),
        ("junk.xlsx", bytes(range(256)) * 64, [], "The file is not an Excel workbook"),
        ("wrong.csv", b"name,email\nAda,ada@example.com\n", [], "Unknown columns: email, name."),
        ("missing.csv", b"title\nX\n", [], "The header row has no source_id, company column."),
        ("board.json", b'{"jobs": []}', [], "choose the company it belongs to"),
        ("absent.csv", None, [], "Cannot read"),
    ],
)
def test_every_failure_is_one_line_and_exit_status_2(
    import_jobs, tmp_path, sample_companies, name, content, arguments, message
):
    path = write(tmp_path, name, content) if content is not None else tmp_path / name

    result = import_jobs(path, *arguments)

    assert_one_line_failure(result, message)
    assert Job.objects.count() == 0


def test_the_time_limit_is_a_one_line_failure(import_jobs, tmp_path, sample_companies):
    header = b"source_id,company,title,level,discipline,workplace,city,description,apply_to\n"
    row = b'k-1,keelson,Engineer,l4,backend,hybrid,Berlin,"' + b"[" * 20_000 + b'",a@b.example\n'
    path = write(tmp_path, "slow.csv", header + row)

    result = import_jobs(path, env={"DJANGO_IMPORT_TIME_LIMIT": "2"})

    assert_one_line_failure(result, "Stopped after 2 seconds, the time limit for one file")
    assert Job.objects.count() == 0


def test_the_command_reads_a_greenhouse_export_for_the_given_company(import_jobs, sample_companies):
    result = import_jobs(
        SAMPLES / "greenhouse.json", "--format", "greenhouse", "--company", "fernhill-systems"
    )

    assert result.returncode == 0, result.stderr
    assert "3 created, 0 updated, 0 unchanged, 0 rejected." in result.stdout
    assert Job.objects.filter(company__slug="fernhill-systems").count() == 3
