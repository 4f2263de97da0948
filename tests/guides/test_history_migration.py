"""Migration 0011 carries the old hand-written guide revisions over into the history admin
shows, then drops their table."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.conftest import admin_form_data, html, make_guide

BEFORE = [("guides", "0010_content_version")]
AFTER = [("guides", "0011_guide_history_moves_to_reversion")]


@pytest.mark.django_db(transaction=True)
def test_old_guide_revisions_become_versions_that_restore(editor_client, author):
    guide = make_guide(author, slug="kept-guide", summary="Current summary.")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldRevision = executor.loader.project_state(BEFORE).apps.get_model("guides", "GuideRevision")
    saved = timezone.now() - timezone.timedelta(days=3)
    OldRevision.objects.create(
        guide_id=guide.pk,
        saved_at=saved,
        title="Kept Guide",
        summary="An older summary.",
        body="Older intro.\n\n## One\n\nOlder text.",
        status="draft",
        publish_at=guide.publish_at,
        note="Restored once",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    history = html(editor_client.get(f"/admin/guides/guide/{guide.pk}/history/"))
    rows = history.select("#change-history tbody tr")
    assert len(rows) == 1
    assert "Carried over from the earlier version history" in rows[0].get_text()
    assert "Restored once" in rows[0].get_text()
    compare = html(editor_client.get(rows[0].find("a", string="Compare with current")["href"]))
    summary = compare.find("h2", string="Summary").find_parent("section")
    assert summary.find("del").get_text().strip() == "An older"
    restore = rows[0].find("a", string="Restore…")["href"]
    assert editor_client.post(restore, admin_form_data(editor_client, restore)).status_code == 302
    guide.refresh_from_db()
    assert guide.summary == "An older summary."
    assert guide.status == "draft"
    assert "<p>Older text.</p>" in guide.body_html
