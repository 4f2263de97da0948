"""`make benchmark` at a tiny size, in a database of its own that it drops afterwards."""

import os
import subprocess
import sys
import uuid

import psycopg

from tests.conftest import ROOT


def test_benchmark_measures_every_page_type_in_its_own_database(tmp_path):
    server_url = os.environ["DATABASE_URL"]
    name = f"test_benchmark_{uuid.uuid4().hex[:8]}"
    report = tmp_path / "performance.md"
    result = subprocess.run(
        [sys.executable, "scripts/benchmark.py", "--roles", "50", "--companies", "10",
         "--requests", "3", "--database", name, "--drop", "--output", str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr

    table = report.read_text()
    for row in ["| home<br>`/` |", "| /jobs/ |", "| role page<br>", "| /sitemap-jobs.xml |",
                "| admin roles, status + expiry<br>", "| static file (whitenoise)<br>"]:  # fmt: skip
        assert row in table
    assert "```sh\nmake benchmark BENCH_ARGS=" in table
    with psycopg.connect(server_url) as conn:
        left = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    assert left is None, "the throwaway database is dropped"
