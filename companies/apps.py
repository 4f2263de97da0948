from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = "Culture directory"

    def ready(self):
        # Markdown anywhere on the site may link to this app's pages by name.
        from companies import links

        links.register()

        # A reader's reviews and pay reports go into the export of everything stored about them.
        from companies.contributions import personal_data
        from core import exports

        exports.register("contributions", personal_data)

        # A cached page showing a company with its own rows follows those rows alone.
        from companies.models import (
            Company,
            CompanyTag,
            CompSignal,
            InterviewExperience,
            LadderLevel,
            PayReport,
            Review,
        )
        from core.pagecache import register_own

        for model in (Review, CompanyTag, CompSignal, PayReport, InterviewExperience, LadderLevel):
            register_own(Company, model, by="company_id")
