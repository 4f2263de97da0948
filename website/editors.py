"""The Editors group: staff who keep the content current in admin, and nothing more.

Its permissions are declared here and applied after every `migrate`, so a new model an editor
should manage is one line below, and a database never drifts from this list.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"

# app label -> the models editors add, change, delete and view there. Users, groups and
# permissions are deliberately absent. History needs nothing more: comparing and restoring a
# version is changing the object, recovering a deleted one needs adding and changing it.
MANAGED_MODELS = {
    "companies": [
        "culturetag",
        "company",
        "companytag",
        "review",
        "compsignal",
        "ladderlevel",
        "exchangerate",
        "payreport",
        "interviewexperience",
        "contributor",
        "reviewanswer",
    ],
    "jobs": ["job"],
    "guides": ["guide", "author", "assessment", "outcome", "statement", "verdict"],
    "employers": ["claim", "member", "roleproposal", "profileproposal", "jobfeed", "invitation"],
}


def editor_permissions():
    condition = Q(pk__in=[])
    for app_label, models in MANAGED_MODELS.items():
        condition |= Q(content_type__app_label=app_label, content_type__model__in=models)
    return Permission.objects.filter(condition)


def sync_editors_group(app_config=None, using="default", apps=None, **kwargs):
    """Create the Editors group if missing and give it exactly the permissions above."""
    from django.apps import apps as global_apps

    # post_migrate for this app may arrive before the other apps' permissions exist.
    for label in MANAGED_MODELS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using)
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    group.permissions.set(editor_permissions().using(using))
