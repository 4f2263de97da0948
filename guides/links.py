"""The guides' target for Markdown links: guide:<slug>."""

from django.urls import reverse

from core.markdown import register_link_kind, slug_target
from core.social import register_card
from guides.models import Guide


def register() -> None:
    register_link_kind("guide", resolve=guide_url, check=guide_problem)
    register_card("guide", guide_card)


def guide_card(slug: str) -> tuple[str, str, str] | None:
    guide = Guide.objects.published().filter(slug=slug).only("title", "summary").first()
    return ("Guide", guide.title, guide.summary) if guide else None


def guide_url(target: str) -> str:
    return reverse("guides:detail", args=[slug_target("guide", target)])


def guide_problem(target: str) -> str | None:
    if not Guide.objects.published().filter(slug=target).exists():
        return "no published guide has that slug"
    return None
