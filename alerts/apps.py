from django.apps import AppConfig


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

        # Every worker that starts makes sure the schedule's chain runs (alerts.tasks).
        from alerts import tasks
        from core import maintenance

        maintenance.register_start("alerts schedule", tasks.ensure_running)
