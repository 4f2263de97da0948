"""The sitemap: every public page worth indexing, each section from its app's visibility rule."""

from django.contrib.sitemaps import Sitemap
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


class GuideSitemap(Sitemap):
    def items(self):
        return Guide.objects.published().order_by("pk")

    def lastmod(self, guide):
        return guide.content_updated_at


class CompanySitemap(Sitemap):
    def items(self):
        return Company.objects.listed().order_by("pk").only("slug", "updated_at")

    def lastmod(self, company):
        return company.updated_at


class TagSitemap(Sitemap):
    def items(self):
        return CultureTag.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, tag):
        return tag.updated_at


class JobSitemap(Sitemap):
    def items(self):
        return Job.objects.visible().order_by("pk").only("slug", "updated_at")

    def lastmod(self, job):
        return job.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "guides": GuideSitemap,
    "companies": CompanySitemap,
    "tags": TagSitemap,
    "jobs": JobSitemap,
}
