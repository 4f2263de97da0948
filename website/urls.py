from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from website import search, views
from website.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("media/<path:path>", views.media, name="media"),
    path("search/", search.search, name="search"),
    # An index of one sitemap per section; a section past 50,000 URLs pages itself.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("admin/markdown-preview/", views.markdown_preview, name="markdown_preview"),
]
