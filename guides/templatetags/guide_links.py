"""Guides shown on pages outside the guides (company, tag and role pages)."""

from django import template

from guides.models import Guide

register = template.Library()


@register.inclusion_tag("guides/includes/related_guides.html")
def guides_about_tags(tag_slugs, limit: int = 3):
    """Published guides concerning any of the given culture tags: the columns the links show,
    and a subquery rather than DISTINCT over every column of a guide (its body included)."""
    tagged = Guide.tags.through.objects.filter(culturetag__slug__in=list(tag_slugs))
    guides = (
        Guide.objects.published()
        .filter(pk__in=tagged.values("guide_id"))
        .only("title", "slug", "section", "reading_minutes", "content_updated_at")[:limit]
    )
    return {"guides": guides}


@register.inclusion_tag("guides/includes/guide_for_role.html")
def guide_for_role(job):
    """The guide that fits a role's track, e.g. the tech-lead guide for a tech-lead role."""
    guide = Guide.objects.for_list().filter(fits_tracks__contains=[job.track]).first()
    return {"guide": guide, "job": job}
