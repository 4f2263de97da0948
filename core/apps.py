from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site machinery"

    def ready(self):
        from core import changes, maintenance
        from core.models import prune_shared_cache

        maintenance.register("change log", changes.compact)
        maintenance.register("search vocabulary", changes.fold_vocabulary)
        maintenance.register("shared cache", prune_shared_cache)
        maintenance.register("finished tasks", maintenance.prune_finished_tasks)
