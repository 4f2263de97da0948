from django.urls import path

from website import search, sitemaps, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.healthz_live, name="healthz_live"),
    path("healthz/worker", views.healthz_worker, name="healthz_worker"),
    path("metrics", views.metrics_view, name="metrics"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("social/<slug:kind>/<slug:key>.png", views.social_card, name="social_card"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("media/<path:path>", views.media, name="media"),
    path("search/", search.search, name="search"),
    # An index of one sitemap per section; a section past 50,000 URLs pages itself.
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("admin/markdown-preview/", views.markdown_preview, name="markdown_preview"),
]
