"""A guide's HTML, table of contents, FAQ, reading time and last-updated date follow its text
whichever door writes it."""

import pytest
from django.db import IntegrityError, connection, transaction

from guides.models import Guide
from tests.conftest import html, make_guide

pytestmark = pytest.mark.django_db

BODY = "Intro.\n\n## First\n\nText.\n\n## Second\n\nMore.\n\n## Third\n\nEnd."


def toc(client, guide) -> list[str]:
    page = html(client.get(guide.get_absolute_url()))
    return [a.get_text(strip=True) for a in page.select("#toc a")]


def test_save_derives_the_html_table_of_contents_faq_and_reading_time(author, client):
    guide = make_guide(author, slug="g", body=BODY)
    assert toc(client, guide) == ["First", "Second", "Third"]

    guide.body = (
        BODY.replace("Third", "Last") + "\n\n## Frequently Asked Questions\n\n### Why?\n\nBecause."
    )
    guide.save(update_fields=["body"])
    assert toc(client, guide) == ["First", "Second", "Last", "Frequently Asked Questions"]
    assert Guide.objects.get(pk=guide.pk).faq[0]["question"] == "Why?"

    guide.body = " ".join(["word"] * 2300)
    Guide.objects.bulk_update([guide], ["body"])
    assert Guide.objects.get(pk=guide.pk).reading_minutes == 10


def test_bulk_create_derives_too(author, client):
    [guide] = Guide.objects.bulk_create(
        [
            Guide(
                title="Bulk",
                slug="bulk",
                section="career-paths",
                summary="S.",
                body=BODY,
                author=author,
                status="published",
            )
        ]
    )
    assert toc(client, guide) == ["First", "Second", "Third"]


def test_update_and_raw_sql_cannot_change_the_text_without_its_html(author):
    guide = make_guide(author, slug="g", body=BODY)
    for field in ["body", "title", "summary"]:
        with pytest.raises(TypeError, match=f"cannot change {field}"):
            Guide.objects.filter(pk=guide.pk).update(**{field: "Changed."})
    with (
        pytest.raises(IntegrityError, match="guide_html_rendered"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE guides_guide SET body = 'x' WHERE id = %s", [guide.pk])
    Guide.objects.filter(pk=guide.pk).update(status="draft")  # not derived from: allowed


def test_last_updated_moves_when_readers_text_changes_and_only_then(author):
    guide = make_guide(author, slug="g", body=BODY)
    first = Guide.objects.get(pk=guide.pk).content_updated_at

    guide = Guide.objects.get(pk=guide.pk)
    guide.status = "draft"
    guide.save()
    assert Guide.objects.get(pk=guide.pk).content_updated_at == first

    guide.summary = "A better summary."
    guide.save(update_fields=["summary"])
    assert Guide.objects.get(pk=guide.pk).content_updated_at > first
