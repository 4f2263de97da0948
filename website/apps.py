from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Site"

    def ready(self):
        from website.editors import sync_editors_group

        # Like Django's own permissions, the group is brought up to date after every migrate
        # (and every flush). The signal is sent once per app with models, which this app is
        # not, so it listens for the auth app's.
        post_migrate.connect(
            sync_editors_group, sender=apps.get_app_config("auth"), dispatch_uid="editors"
        )
