"""Editing operations on guides that span a guide and its revisions."""

from django.db import transaction

from guides.models import REVISED_FIELDS, Guide, GuideRevision


def save_guide(guide: Guide, user, changed_fields, *, note: str = "") -> None:
    """Save a guide an editor changed, and keep the result as a revision."""
    changed = set(changed_fields)
    with transaction.atomic():
        guide.save()
        GuideRevision.snapshot(
            guide, user, changed & set(REVISED_FIELDS) or REVISED_FIELDS, note=note
        )


def restore(revision: GuideRevision, user) -> Guide:
    """Make an earlier revision the current text again; the restore is itself a revision."""
    guide = revision.guide
    changed = [name for name in REVISED_FIELDS if getattr(guide, name) != getattr(revision, name)]
    for name in REVISED_FIELDS:
        setattr(guide, name, getattr(revision, name))
    save_guide(
        guide,
        user,
        changed,
        note=f"Restored the version of {revision.saved_at:%Y-%m-%d %H:%M} UTC",
    )
    return guide
