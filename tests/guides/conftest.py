import pytest

from guides.models import Guide
from website.demo import load_guides, load_tags


@pytest.fixture
def demo_guides(db):
    """The site's real guides, over the demo culture tags they link to."""
    load_tags()
    load_guides()
    return {guide.slug: guide for guide in Guide.objects.all()}
