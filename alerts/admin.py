from django.contrib import admin

from alerts.models import UndeliverableAddress


@admin.register(UndeliverableAddress)
class UndeliverableAddressAdmin(admin.ModelAdmin):
    """Addresses alerts are no longer sent to, for whoever runs the site (superusers): deleting
    one sends alerts to it again, as its reader can from their saved searches."""

    list_display = ["address", "kind", "reason", "created_at"]
    list_filter = ["kind"]
    search_fields = ["address"]
    readonly_fields = ["created_at"]
