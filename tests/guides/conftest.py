import pytest

from companies.demo import load_tags
from guides.demo import load_guides
from guides.models import Guide


@pytest.fixture
def demo_guides(db):
    """The site's real guides, over the demo culture tags they link to."""
    load_tags()
    load_guides()
    return {guide.slug: guide for guide in Guide.objects.all()}
