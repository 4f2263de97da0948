from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Job board"

    def ready(self):
        # Markdown anywhere on the site may link to this app's pages by name.
        from jobs import links

        links.register()
