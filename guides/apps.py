from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = "Guides"

    def ready(self):
        # Markdown anywhere on the site may link to this app's pages by name.
        from guides import links

        links.register()
