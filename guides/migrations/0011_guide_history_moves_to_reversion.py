"""Guide versions move from the hand-written GuideRevision table to django-reversion, which
keeps every editor-managed model's history.

Each old revision becomes a reversion version. The old table kept five fields (title, summary,
body, status, publish date); a carried-over version has those as they were saved, and every
other field (tags, related guides, the call to action) as it is when this migration runs. The
comment on each says so. Going back drops the carried-over versions and recreates an empty
GuideRevision table.
"""

from django.core import serializers
from django.db import migrations

CARRIED = ["title", "summary", "body", "status", "publish_at"]
# As guides.models registers Guide.
EXCLUDED = {"search_vector", "content_updated_at"}
# A version holds the HTML rendered from its body (a restore writes the row as it was).
DERIVED = ("body_html", "faq", "toc", "reading_minutes", "rendered_from")
NOTE = (
    "Carried over from the earlier version history: title, summary, body, status and publish "
    "date as saved then; tags, related guides and the call to action as they were when the "
    "history moved."
)


def carry_over(apps, schema_editor):
    from guides.models import Guide as RenderedGuide

    Guide = apps.get_model("guides", "Guide")
    GuideRevision = apps.get_model("guides", "GuideRevision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    if not GuideRevision.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="guides", model="guide")
    fields = [
        field.name
        for field in Guide._meta.get_fields()
        if field.concrete and not field.primary_key and field.name not in EXCLUDED
    ]
    for guide in Guide.objects.all():
        for old in GuideRevision.objects.filter(guide=guide).order_by("saved_at", "pk"):
            for name in CARRIED:
                setattr(guide, name, getattr(old, name))
            # The renderer is code, not schema: the model's own derive() renders the old body.
            rendered = RenderedGuide(body=old.body)
            rendered.derive(force=True)
            for name in DERIVED:
                setattr(guide, name, getattr(rendered, name))
            serialized = serializers.serialize("json", [guide], fields=fields)
            comment = f"{old.note} ({NOTE})" if old.note else NOTE
            revision = Revision.objects.create(
                date_created=old.saved_at, user_id=old.saved_by_id, comment=comment
            )
            Version.objects.create(
                revision=revision,
                object_id=str(guide.pk),
                content_type=content_type,
                db=schema_editor.connection.alias,
                format="json",
                serialized_data=serialized,
                object_repr=old.title,
            )


def drop_carried_over(apps, schema_editor):
    Revision = apps.get_model("reversion", "Revision")
    Revision.objects.filter(comment__contains=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0010_content_version"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(carry_over, drop_carried_over),
        migrations.DeleteModel(name="GuideRevision"),
    ]
