"""Every page type is valid HTML, as the Nu Html Checker (vnu) reads it.

vnu is pinned in tools/vnu/package-lock.json; `make test` installs it with `npm ci` when it is
missing, and so does this test when run on its own. It needs Java, and is skipped without it.
"""

import json
import shutil
import subprocess

import pytest
from django.test import Client

from tests.conftest import (
    ROOT,
    give_reviews,
    guide_form_data,
    html,
    make_comp_signal,
    make_company,
    make_job,
    make_rate,
    make_tag,
)

pytestmark = pytest.mark.django_db

VNU_DIR = ROOT / "tools" / "vnu"
VNU_JAR = VNU_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_jar():
    if shutil.which("java") is None:
        pytest.skip(
            "Java is not installed, so the Nu Html Checker cannot run (apt-get install default-jre-headless)."
        )
    if not VNU_JAR.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=VNU_DIR,
            check=True,
            capture_output=True,
        )
    return VNU_JAR


def test_every_page_type_is_valid_html(editor_client, author, tmp_path, django_user_model):
    jar = vnu_jar()
    make_rate("EUR", "0.86")
    learning = make_tag("learning", name="Learning")
    company = make_company("Fernhill", slug="fernhill", tags=[learning])
    give_reviews(company, 3)
    make_comp_signal(company)
    make_job(company, slug="backend", salary_currency="EUR", salary_min=85_000, salary_max=105_000)
    make_job(company, level="l6", workplace="remote", city="", remote_regions=["europe"])
    # A guide as an editor saves it, with the times admin stores (to the microsecond).
    saved = editor_client.post("/admin/guides/guide/add/", guide_form_data(author))
    assert saved.status_code == 302, html(saved).select(".errorlist")

    pages = {
        "home": "/",
        "guides": "/guides/",
        "guide": "/guides/admin-guide/",
        "directory": "/companies/?tag=learning&stage=series-a&ladder=on",
        "company": "/companies/fernhill/",
        "reviews": "/companies/fernhill/reviews/?sort=rating",
        "tag": "/companies/tags/learning/",
        "tags": "/companies/tags/",
        "jobs": "/jobs/?tag=learning&level=l5&min_salary=50000&currency=EUR",
        "job": "/jobs/backend/",
        "search": "/search/?q=backend",
        "not-found": "/no-such-page/",
    }
    visitor = Client()
    for name, url in pages.items():
        response = visitor.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        (tmp_path / f"{name}.html").write_bytes(response.content)

    # A signed-in reader's pages, with the review form showing errors and a preview.
    reader = Client()
    reader.force_login(django_user_model.objects.create_user("reader", email="reader@example.com"))
    reader_pages = {
        "review-form": reader.post(
            "/companies/fernhill/reviews/write/",
            {"employment_status": "former", "role_family": "backend", "preview": "1"},
        ),
        "pay-form": reader.get("/companies/fernhill/pay/report/"),
        "contributions": reader.get("/companies/contributions/"),
    }
    for name, response in reader_pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    pages.update(reader_pages)

    # One run over the folder: the JVM starts once.
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--skip-non-html", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == [], "\n".join(errors)
    assert len(list(tmp_path.glob("*.html"))) == len(pages)
