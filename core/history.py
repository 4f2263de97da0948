"""Versions of what editors write (django-reversion), and how two of them differ.

Admin keeps a version on every save (see core.admin.EditorModelAdmin). These helpers keep the
versions admin cannot see being made: the state before an object's first edit, the state just
before a deletion, and the first version of loaded content.
"""

from dataclasses import dataclass

import reversion
from django.contrib.admin.utils import NestedObjects
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core import serializers
from django.db import models, router
from django.utils import timezone
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from core.diff import Block, paragraph_diff, rendered_text, word_diff
from core.markdown import render_markdown

BEFORE_FIRST_EDIT = "As it was before its first change in admin."
LOADED = "First version, as loaded."


def keep_version(obj, *, comment: str, user=None) -> None:
    """A version of `obj` (with what its registration follows) as it is in the database now."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        if user is not None:
            reversion.set_user(user)
        reversion.add_to_revision(obj)


def keep_first_versions(objects, *, comment: str = LOADED) -> None:
    """One revision holding a version of each object: cheap for thousands of objects, as the
    versions are written with one bulk insert."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        for obj in objects:
            reversion.add_to_revision(obj)


def keep_after_update(model, pks, *, user, comment: str) -> None:
    """Versions of objects changed by QuerySet.update() (which sends no signal reversion
    hears), as they are now: in the admin's current revision if one is open, else in a new
    one."""
    objects = list(model._default_manager.filter(pk__in=list(pks)))
    if not objects:
        return
    if reversion.is_active():
        reversion.set_comment(comment)
        for obj in objects:
            reversion.add_to_revision(obj)
        return
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        for obj in objects:
            reversion.add_to_revision(obj)


def keep_before_deletion(objects, user) -> None:
    """For each object, a revision holding it and everything its deletion takes with it, as
    they are now, so that "Recover deleted" brings one object back with all of that (and only
    that object, when several were deleted together).

    Written directly rather than through a revision block: admin's bulk deletion runs inside
    the change list's block, which would drop versions of objects gone by the time it ends.
    """
    for obj in objects:
        using = router.db_for_write(type(obj))
        collector = NestedObjects(using=using)
        collector.collect([obj])
        revision = Revision.objects.using(using).create(
            date_created=timezone.now(), user=user, comment=f"Deleted “{obj}”."
        )
        Version.objects.using(using).bulk_create(
            _version(revision, instance, using)
            for instances in collector.data.values()
            for instance in instances
            if reversion.is_registered(type(instance))
        )


def _version(revision, instance, using) -> Version:
    options = _get_options(type(instance))
    return Version(
        revision=revision,
        content_type=ContentType.objects.db_manager(using).get_for_model(type(instance)),
        object_id=str(instance.pk),
        db=using,
        format=options.format,
        serialized_data=serializers.serialize(options.format, [instance], fields=options.fields),
        object_repr=str(instance),
    )


# Comparing ---------------------------------------------------------------------------------


@dataclass
class Change:
    label: str | Promise
    inline: SafeString | None = None
    blocks: list[Block | None] | None = None


def _label(model, pk) -> str:
    if pk is None or pk == "":
        return "—"
    found = model._base_manager.filter(pk=pk).first()
    return str(found) if found is not None else f"(deleted, #{pk})"


def _shown(field, value) -> str:
    """A field's value as an editor reads it in the form."""
    if value is None or value == "":
        return "—"
    if field.many_to_many:
        names = [_label(field.related_model, pk) for pk in value]
        return ", ".join(sorted(names))
    if field.many_to_one or field.one_to_one:
        return _label(field.related_model, value)
    if isinstance(field, ArrayField):
        choices = dict(field.base_field.flatchoices)
        return ", ".join(str(choices.get(item, item)) for item in value) or "—"
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value:%Y-%m-%d %H:%M}"
    return localize(value) if not isinstance(value, str) else value


def _fields(model):
    """The fields an editor sets, many-to-many ones included (but not those through a model
    of their own, whose rows a version follows instead)."""
    fields = []
    for field in model._meta.get_fields():
        if field.auto_created or not field.editable or isinstance(field, models.GeneratedField):
            continue
        if field.many_to_many:
            if field.remote_field.through._meta.auto_created:
                fields.append(field)
        elif field.concrete and not field.primary_key:
            fields.append(field)
    return fields


def _current(obj, field):
    if field.many_to_many:
        return [related.pk for related in getattr(obj, field.name).all()]
    return getattr(obj, field.attname)


def _row(fields, values: dict) -> str:
    return " · ".join(_shown(field, values.get(field.attname)) for field in fields)


def compare(version, obj, *, rendered=()) -> list[Change]:
    """What differs between an earlier version and the object now, field by field: the
    fields in `rendered` (Markdown) also as the text a reader reads, and the rows the
    version follows (a company's tag evidence, its comp rows) as one line each."""
    old = version.field_dict
    changes = []
    for field in _fields(obj.__class__):
        before, after = old.get(field.attname), _current(obj, field)
        if field.many_to_many:
            before, after = sorted(before or []), sorted(after)
        if before == after:
            continue
        if field.name in rendered:
            changes.append(
                Change(
                    f"{field.verbose_name} (as read)",
                    blocks=paragraph_diff(
                        rendered_text(render_markdown(before or "").html),
                        rendered_text(render_markdown(after or "").html),
                    ),
                )
            )
            changes.append(
                Change(f"{field.verbose_name} (Markdown)", blocks=paragraph_diff(before, after))
            )
        elif isinstance(field, models.TextField):
            changes.append(
                Change(
                    field.verbose_name,
                    blocks=paragraph_diff(_shown(field, before), _shown(field, after)),
                )
            )
        else:
            changes.append(
                Change(
                    field.verbose_name,
                    inline=word_diff(_shown(field, before), _shown(field, after)),
                )
            )
    for name in _get_options(obj.__class__).follow:
        relation = obj.__class__._meta.get_field(name)
        child = relation.related_model
        parent_field = relation.field
        fields = [f for f in _fields(child) if f != parent_field]
        before = sorted(
            _row(fields, child_version.field_dict)
            for child_version in version.revision.version_set.get_for_model(child)
            if str(child_version.field_dict.get(parent_field.attname)) == str(obj.pk)
        )
        after = sorted(
            _row(fields, {f.attname: _current(row, f) for f in fields})
            for row in getattr(obj, name).all()
        )
        if before != after:
            changes.append(
                Change(
                    f"{child._meta.verbose_name_plural} ({' · '.join(f.verbose_name for f in fields)})",
                    blocks=paragraph_diff("\n\n".join(before), "\n\n".join(after)),
                )
            )
    return changes
