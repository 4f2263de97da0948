"""Guides shown on pages outside the guides (company, tag and role pages)."""

from django import template

from guides.models import published_guides

register = template.Library()


@register.inclusion_tag("guides/includes/related_guides.html")
def guides_about_tags(tag_slugs, limit: int = 3):
    """Published guides concerning any of the given culture tags, newest content first."""
    wanted = set(tag_slugs)
    return {"guides": [guide for guide in published_guides() if guide.tag_slugs & wanted][:limit]}


@register.inclusion_tag("guides/includes/guide_for_role.html")
def guide_for_role(job):
    """The guide that fits a role's track, e.g. the tech-lead guide for a tech-lead role."""
    guide = next((guide for guide in published_guides() if job.track in guide.fits_tracks), None)
    return {"guide": guide, "job": job}
