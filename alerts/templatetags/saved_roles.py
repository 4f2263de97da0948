"""Whether the signed-in reader saved a role, for the role page's button."""

from django import template

from alerts.models import SavedRole
from core.templatetags import signed_in

register = template.Library()


@register.simple_tag(takes_context=True)
def role_saved(context, job) -> bool:
    """Whether the signed-in reader saved `job`; False, without touching the session, for a
    reader who is not signed in, so that the page stays cacheable for them."""
    if not signed_in(context):
        return False
    return SavedRole.objects.owned_by(context["request"].user).filter(job=job).exists()
