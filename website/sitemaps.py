"""The sitemap: every public page worth indexing, each section from its app's visibility rule."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from companies.models import Company, CultureTag
from guides.models import Guide
from jobs.models import Job


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "guides:list", "companies:list", "companies:tags", "jobs:list"]

    def location(self, name):
        return reverse(name)


class ModelSitemap(Sitemap):
    """A section of model instances whose `lastmod_field` dates them."""

    lastmod_field = "updated_at"

    def lastmod(self, obj):
        return getattr(obj, self.lastmod_field)

    def get_latest_lastmod(self):
        # For the index: one aggregate, where Django would load every item to take the max
        # (all open roles at 200,000: seconds).
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]


class GuideSitemap(ModelSitemap):
    lastmod_field = "content_updated_at"

    def items(self):
        return Guide.objects.published().order_by("pk")


class CompanySitemap(ModelSitemap):
    def items(self):
        return Company.objects.listed().order_by("pk").only("slug", "updated_at")


class TagSitemap(ModelSitemap):
    def items(self):
        return CultureTag.objects.order_by("pk").only("slug", "updated_at")


class JobSitemap(ModelSitemap):
    def items(self):
        return Job.objects.visible().order_by("pk").only("slug", "updated_at")


SITEMAPS = {
    "pages": PagesSitemap,
    "guides": GuideSitemap,
    "companies": CompanySitemap,
    "tags": TagSitemap,
    "jobs": JobSitemap,
}
