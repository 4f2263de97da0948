"""Company logos: uploaded in admin, judged by their content, stored once under a content
hash, shown on the public pages, with the company's initials where there is none."""

import hashlib
import io
import json
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageDraw

from companies.models import Company
from tests.conftest import admin_form_data, html, make_company, make_job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list[str]:
    """The uploads stored in `media` (the social cards pages draw there too are not)."""
    return sorted(
        str(path.relative_to(media))
        for path in media.rglob("*")
        if path.is_file() and path.relative_to(media).parts[0] != "social"
    )


def image_bytes(size=(600, 300), format="PNG", mode="RGBA") -> bytes:
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white")
    width, height = size
    draw = ImageDraw.Draw(image)
    draw.ellipse((width // 10, height // 10, width * 9 // 10, height * 9 // 10), fill=(29, 78, 216))
    draw.rectangle((width // 3, height // 5, width // 2, height * 4 // 5), fill=(190, 18, 60))
    buffer = io.BytesIO()
    image.save(buffer, format)
    return buffer.getvalue()


def png_of_zeros(width: int, height: int) -> bytes:
    """A real 1-bit PNG whose pixel data, all zeros, compresses to almost nothing: a few
    kilobytes on disk for `width`×`height` pixels once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\0" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def upload(editor_client, company, name: str, content: bytes, content_type="image/png"):
    url = f"/admin/companies/company/{company.pk}/change/"
    data = admin_form_data(editor_client, url)
    data["logo"] = SimpleUploadedFile(name, content, content_type=content_type)
    return editor_client.post(url, data)


def form_errors(response) -> str:
    text = " ".join(e.get_text(" ") for e in html(response).select(".errorlist"))
    return text.replace("\xa0", " ")


HOSTILE = [
    pytest.param(
        "logo.svg",
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(document.cookie)</script><rect width='64' height='64'/></svg>",
        "image/svg+xml",
        "SVG logos are not accepted",
        id="svg-with-script",
    ),
    pytest.param(
        "logo.png",
        b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
        "image/png",
        "this file is not one",
        id="html-named-png",
    ),
    pytest.param(
        "bomb.png",
        png_of_zeros(20_000, 20_000),
        "image/png",
        "far too large",
        id="decompression-bomb",
    ),
    pytest.param(
        "wide.png",
        png_of_zeros(6_000, 600),
        "image/png",
        "at most 4096 pixels a side",
        id="too-many-pixels",
    ),
    pytest.param(
        "tiny.png",
        image_bytes((16, 16)),
        "image/png",
        "at least 32 pixels",
        id="too-small",
    ),
    pytest.param(
        "cut.png",
        image_bytes((600, 600), mode="RGB")[:1500],
        "image/png",
        "damaged or incomplete",
        id="truncated",
    ),
    pytest.param(
        "huge.png",
        image_bytes()[:64] + b"\0" * (20 * 1024 * 1024),
        "image/png",
        "it can be at most 1.0 MB",
        id="20-mb",
    ),
    pytest.param(
        "logo.gif",
        image_bytes(format="GIF", mode="RGB"),
        "image/gif",
        "this file is not one",
        id="gif",
    ),
]


@pytest.mark.parametrize(("name", "content", "content_type", "message"), HOSTILE)
def test_hostile_or_unusable_files_are_refused_and_nothing_is_stored(
    editor_client, media, name, content, content_type, message
):
    company = make_company("Fernhill Systems", slug="fernhill-systems")

    response = upload(editor_client, company, name, content, content_type)

    assert response.status_code == 200, "the form comes back with the error"
    assert message in form_errors(response)
    assert stored_files(media) == []
    company.refresh_from_db()
    assert not company.logo


def test_an_uploaded_logo_is_stored_resized_under_its_hash_and_shown_on_public_pages(
    editor_client, client, media
):
    company = make_company("Fernhill Systems", slug="fernhill-systems")
    job = make_job(company, title="Staff Platform Engineer")

    response = upload(editor_client, company, "Fernhill logo (final).PNG", image_bytes())

    assert response.status_code == 302, form_errors(response)
    company.refresh_from_db()
    large, small = company.logo.name, company.logo.name.removesuffix(".webp") + "-64.webp"
    assert stored_files(media) == sorted([large, small])
    large_bytes = (media / large).read_bytes()
    assert large == f"logos/{hashlib.sha256(large_bytes).hexdigest()[:32]}.webp"
    with Image.open(media / large) as image:
        assert (image.format, image.size) == ("WEBP", (256, 128))
    with Image.open(media / small) as image:
        assert (image.format, image.size) == ("WEBP", (64, 32))

    small_url, large_url = f"/media/{small}", f"/media/{large}"
    for url, selector in [
        ("/companies/", ".company-card img.logo"),
        ("/companies/fernhill-systems/", ".with-logo img.logo"),
        (job.get_absolute_url(), ".with-logo img.logo"),
        ("/jobs/", ".job-row img.logo"),
    ]:
        page = html(client.get(url))
        logo = page.select_one(selector)
        assert logo is not None, url
        assert logo["src"] == small_url
        assert logo["srcset"] == f"{small_url} 64w, {large_url} 256w"
        assert logo["width"] == logo["height"], "a fixed square: nothing moves as it loads"
        assert not page.select(".logo--initials"), url

    page = html(client.get(job.get_absolute_url()))
    postings = [json.loads(s.string) for s in page.select("script[type='application/ld+json']")]
    posting = next(data for data in postings if data["@type"] == "JobPosting")
    assert posting["hiringOrganization"]["logo"] == f"http://testserver{large_url}"

    page = html(client.get("/companies/fernhill-systems/"))
    data = [json.loads(s.string) for s in page.select("script[type='application/ld+json']")]
    organization = next(item for item in data if item["@type"] == "Organization")
    assert organization["logo"] == f"http://testserver{large_url}"

    served = client.get(large_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/webp"
    assert served["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(served.streaming_content) == large_bytes

    # The same logo again is the same file, not a second copy.
    response = upload(editor_client, company, "again.png", image_bytes())
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.logo.name == large
    assert len(stored_files(media)) == 2


def test_jpeg_and_webp_logos_are_accepted_too(editor_client, media):
    company = make_company()
    for name, format in [("logo.jpg", "JPEG"), ("logo.webp", "WEBP")]:
        response = upload(editor_client, company, name, image_bytes((300, 300), format, "RGB"))
        assert response.status_code == 302, form_errors(response)
        company.refresh_from_db()
        with Image.open(media / company.logo.name) as image:
            assert (image.format, image.size) == ("WEBP", (256, 256))


def test_companies_without_a_logo_show_their_initials(client):
    company = make_company("Fernhill Systems", slug="fernhill-systems")
    make_job(company)

    for url in ["/companies/", "/companies/fernhill-systems/", "/jobs/"]:
        page = html(client.get(url))
        stand_in = page.select_one(".logo--initials")
        assert stand_in.get_text() == "FS", url
        assert stand_in["aria-hidden"] == "true"
        assert not page.select("img.logo")


def test_the_editor_clears_a_logo(editor_client, client):
    company = make_company("Fernhill Systems", slug="fernhill-systems")
    company.logo.save("logo.png", ContentFile(image_bytes()))
    url = f"/admin/companies/company/{company.pk}/change/"
    data = admin_form_data(editor_client, url)
    data["logo-clear"] = "on"

    assert editor_client.post(url, data).status_code == 302
    company.refresh_from_db()
    assert not company.logo
    assert html(client.get("/companies/fernhill-systems/")).select_one(".logo--initials")


def test_missing_or_escaping_media_paths_are_refused(client, media):
    assert client.get("/media/logos/nothing.webp").status_code == 404
    for escaping in ["/media/../config/settings.py", "/media/%2e%2e/config/settings.py"]:
        response = client.get(escaping)
        assert response.status_code in {400, 404}
        assert b"SECRET_KEY" not in response.content


@pytest.mark.django_db(transaction=True)
def test_logos_add_no_queries_to_list_pages(client):
    companies = [make_company() for _ in range(3)]
    for company in companies:
        make_job(company)
    client.get("/jobs/")  # the board's index reads the roles just written

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = {url: queries(url) for url in ["/companies/", "/jobs/"]}
    for company in companies:
        company.logo.save("logo.png", ContentFile(image_bytes()))
    assert Company.objects.exclude(logo="").count() == 3
    client.get("/jobs/")  # and the companies just written
    assert {url: queries(url) for url in before} == before
