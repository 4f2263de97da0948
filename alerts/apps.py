from django.apps import AppConfig
from django.db import models


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Saved searches and alerts"

    def ready(self):
        # A reader's saved searches, the alerts sent for them and their saved roles go into
        # the export of everything stored about them.
        from alerts import exports
        from core import exports as registry

        registry.register("saved_searches", exports.saved_searches)
        registry.register("saved_roles", exports.saved_roles)
        registry.register("preferences", exports.preferences)

        # Every worker that starts makes sure the schedule's chain runs (alerts.tasks).
        from alerts import tasks
        from core import maintenance

        maintenance.register_start("alerts schedule", tasks.ensure_running)

        # Digests by status (sent, failed, pending) at every scrape of /metrics.
        from alerts.models import AlertDelivery
        from core import metrics

        metrics.register_gauges(
            "ladder_alert_digests",
            "Alert digests, by status.",
            "status",
            lambda: dict(
                AlertDelivery.objects.order_by()
                .values_list("status")
                .annotate(n=models.Count("pk"))
                .values_list("status", "n")
            ),
        )
