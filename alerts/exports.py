"""A reader's part of the account export (core/exports.py)."""

from alerts.models import Preferences, SavedRole, SavedSearch


def saved_searches(user) -> list[dict]:
    return [
        {
            "name": search.name,
            "list": search.get_scope_display(),
            "filters": search.description,
            "query": search.query,
            "email_alerts": search.get_frequency_display(),
            "next_alert_due": search.next_due_at,
            "created_at": search.created_at,
            "alerts_sent": [
                {
                    "period": delivery.period,
                    "to": delivery.to,
                    "status": delivery.get_status_display(),
                    "new_roles": delivery.new_roles,
                    "sent_at": delivery.sent_at,
                }
                for delivery in search.deliveries.all()
            ],
        }
        for search in SavedSearch.objects.owned_by(user).prefetch_related("deliveries")
    ]


def saved_roles(user) -> list[dict]:
    return [
        {
            "role": saved.job.title,
            "company": saved.job.company.name,
            "url": saved.job.get_absolute_url(),
            "open": saved.is_open,
            "saved_at": saved.created_at,
        }
        for saved in SavedRole.objects.owned_by(user).for_list()
    ]


def preferences(user) -> dict | None:
    prefs = Preferences.objects.filter(user=user).first()
    if prefs is None:
        return None
    return {
        "culture_tags": prefs.tags,
        "levels": prefs.levels,
        "tracks": prefs.tracks,
        "countries": prefs.countries,
        "workplaces": prefs.workplaces,
        "minimum_salary": prefs.min_salary,
        "currency": prefs.currency,
        "stages": prefs.stages,
        "sizes": prefs.sizes,
        "ladder_names_tech_lead": prefs.ladder,
        "updated_at": prefs.updated_at,
    }
