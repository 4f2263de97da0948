from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Reader accounts"

    def ready(self):
        from core import exports

        from . import views

        exports.register("account", views.account_export_part)
