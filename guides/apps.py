from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = "Guides"

    def ready(self):
        # Markdown anywhere on the site may link to this app's pages by name.
        from guides import links

        links.register()

        # The assessment results a reader kept go into their data export.
        from core import exports

        exports.register(
            "kept_assessment_results",
            lambda user: [
                {
                    "guide": kept.assessment.guide.title,
                    "ticked": kept.ticked,
                    "kept_at": kept.created_at,
                }
                for kept in user.kept_results.select_related("assessment__guide")
            ],
        )

        # Cached pages change when a scheduled guide goes live, with no write to mark it.
        from django.db.models import F

        from core.pagecache import register_due
        from guides.models import Guide, GuideStatus

        published = Guide.objects.filter(status=GuideStatus.PUBLISHED)
        register_due(
            "guide_goes_live", "guides_guide", lambda: published.values(due=F("publish_at"))
        )
