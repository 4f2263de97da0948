from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = "Culture directory"

    def ready(self):
        # Markdown anywhere on the site may link to this app's pages by name.
        from companies import links

        links.register()
