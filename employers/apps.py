from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = "Employers"

    def ready(self):
        # What a reader asked for and the teams they are on go into the export of everything
        # stored about them.
        from core import exports as registry
        from core import maintenance
        from employers import exports, feeds

        registry.register("company_claims", exports.claims)
        registry.register("company_teams", exports.teams)
        # Connected job feeds that are due are handed to the worker on every schedule run.
        maintenance.register("job feeds", feeds.enqueue_due)
