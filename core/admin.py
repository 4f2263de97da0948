"""Admin behaviour shared by every app's ModelAdmins."""

import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse


def staff_permission_required(*perms: str):
    """Restrict a view to staff holding at least one of `perms` (such as "jobs.change_job").

    Anyone not signed in as staff is sent to the admin's sign-in, as for any admin page; staff
    without the permission get 403. Being staff alone grants nothing in admin, so it must not
    here either.
    """

    def decorator(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            if not any(request.user.has_perm(perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return staff_member_required(checked)

    return decorator


class MarkdownWidget(forms.Textarea):
    """A Markdown textarea with a short syntax help and a preview rendered by the server."""

    template_name = "admin/widgets/markdown.html"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"rows": 24, "class": "vLargeTextField markdown-source", **(attrs or {})}
        )

    class Media:
        js = ["ladder_admin/markdown_preview.js"]
        css = {"all": ["ladder_admin/admin.css"]}


class EditorModelAdmin(admin.ModelAdmin):
    """A ModelAdmin for content editors.

    Bulk deletion is for superusers only: editors can delete one object at a time, from its
    page, where they see what else goes with it.
    """

    markdown_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.markdown_fields:
            kwargs["widget"] = MarkdownWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions


def confirmed_action(description: str, verb: str, noun: str, *, warning: str = ""):
    """Turn `perform(modeladmin, request, queryset) -> int` into an admin action that first
    shows a confirmation page listing the selected objects, then reports how many changed."""

    def decorator(perform):
        def action(modeladmin, request, queryset):
            if request.POST.get("confirmed") == "yes":
                changed = perform(modeladmin, request, queryset)
                modeladmin.message_user(request, f"{verb} {changed} {noun}(s).", messages.SUCCESS)
                return None
            opts = modeladmin.model._meta
            return TemplateResponse(
                request,
                "admin/confirm_action.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": f"{description}?",
                    "description": description,
                    "warning": warning,
                    "objects": queryset,
                    "count": queryset.count(),
                    "action": perform.__name__,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "opts": opts,
                    "app_label": opts.app_label,
                },
            )

        action.__name__ = perform.__name__
        return admin.action(description=description)(action)

    return decorator
