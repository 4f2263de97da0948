from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from core.admin import EditorModelAdmin
from employers import claims
from employers.models import Claim, ClaimStatus, Member


class ClaimForm(forms.ModelForm):
    """An editor decides a claim by its status: approving puts the reader on the team (its
    owner when it has none); refusing says why, and the reader is mailed either way."""

    class Meta:
        model = Claim
        fields = ["status", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        status.choices = [
            (value, label)
            for value, label in ClaimStatus.choices
            if value in {self.instance.status, ClaimStatus.APPROVED, ClaimStatus.REFUSED}
        ]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if "status" in self.changed_data:
            if self.instance.status != ClaimStatus.PENDING:
                self.add_error("status", "Only a claim whose address is confirmed can be decided.")
            elif status == ClaimStatus.REFUSED and not (cleaned.get("reason") or "").strip():
                self.add_error("reason", "Say why: the reader is told.")
        return cleaned


@admin.register(Claim)
class ClaimAdmin(EditorModelAdmin):
    form = ClaimForm
    list_display = ["email", "company", "job_title", "account", "confirmed_at", "status"]
    list_filter = ["status", "created_at"]
    search_fields = ["email", "company__name", "user__email", "user__username"]
    list_select_related = ["company", "user"]
    date_hierarchy = "created_at"
    ordering = ["status", "created_at"]
    readonly_fields = [
        "company",
        "account",
        "email",
        "job_title",
        "evidence",
        "requested_from",
        "created_at",
        "confirmed_at",
        "decided_at",
        "decided_by",
    ]
    fieldsets = [
        (None, {"fields": ["company", "account", "email", "job_title", "evidence"]}),
        ("Decision", {"fields": ["status", "reason"]}),
        (
            "Record",
            {
                "fields": [
                    "requested_from",
                    "created_at",
                    "confirmed_at",
                    "decided_at",
                    "decided_by",
                ]
            },
        ),
    ]
    actions = ["approve"]

    def has_add_permission(self, request):
        return False  # a claim is a reader's; editors add a member directly

    @admin.display(description="account")
    def account(self, claim):
        return format_html("{}<br>{}", claim.user.get_username(), claim.user.email)

    @admin.display(description="evidence")
    def evidence(self, claim):
        domains = ", ".join(claim.company.email_domains) or "none kept"
        confirmed = (
            f"confirmed from the mailed link on {claim.confirmed_at:%-d %b %Y %H:%M}"
            if claim.confirmed_at
            else "not confirmed yet"
        )
        team = Member.objects.filter(company_id=claim.company_id).count()
        return format_html(
            "The address is at the company's domains ({}), {}. The team has {} member{}.",
            domains,
            confirmed,
            team,
            "" if team == 1 else "s",
        )

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            status, obj.status = obj.status, form.initial["status"]
            if status == ClaimStatus.APPROVED:
                claims.approve(obj, request.user)
            elif status == ClaimStatus.REFUSED:
                claims.refuse(obj, request.user, obj.reason)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description="Approve the selected claims (confirmed addresses only)")
    def approve(self, request, queryset):
        approved = 0
        for claim in queryset.pending().select_related("company", "user"):
            claims.approve(claim, request.user)
            approved += 1
        skipped = queryset.count() - approved
        self.message_user(
            request,
            f"Approved {approved} claim(s)."
            + (f" {skipped} not waiting for an editor were left alone." if skipped else ""),
            messages.SUCCESS if approved else messages.WARNING,
        )


@admin.register(Member)
class MemberAdmin(EditorModelAdmin):
    list_display = ["email", "company", "user", "is_owner", "joined_at"]
    list_filter = ["is_owner"]
    search_fields = ["email", "company__name", "user__email", "user__username"]
    list_select_related = ["company", "user"]
    readonly_fields = ["company", "user", "email", "joined_at", "claim"]
    fields = ["company", "user", "email", "is_owner", "joined_at", "claim"]

    def has_add_permission(self, request):
        return False  # a reader joins by a claim an editor approves

    def delete_model(self, request, obj):
        claims.remove(obj, by=None)  # the reader is mailed
