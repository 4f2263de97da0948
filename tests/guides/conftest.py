import pytest

from companies.demo import load_tags
from guides.demo import load_guides
from guides.models import Author, Guide


@pytest.fixture
def demo_guides(db):
    """The site's real guides, over the demo culture tags they link to."""
    load_tags()
    load_guides()
    return {guide.slug: guide for guide in Guide.objects.all()}


@pytest.fixture
def author(db):
    return Author.objects.create(slug="ada", name="Ada Writer", role="Editor", bio="Writes.")


def make_guide(author, *, slug="a-guide", body="Intro.\n\n## One\n\nText.", **fields):
    guide = Guide(
        title=fields.pop("title", slug.replace("-", " ").title()),
        slug=slug,
        section=fields.pop("section", "career-paths"),
        summary=fields.pop("summary", "A short summary."),
        body=body,
        author=author,
        status=fields.pop("status", "published"),
        **fields,
    )
    guide.render()
    guide.save()
    return guide
