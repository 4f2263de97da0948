from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = "Employers"

    def ready(self):
        # What a reader asked for and the teams they are on go into the export of everything
        # stored about them.
        from core import exports as registry
        from employers import exports

        registry.register("company_claims", exports.claims)
        registry.register("company_teams", exports.teams)
