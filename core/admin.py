"""Admin behaviour shared by every app's ModelAdmins."""

import functools
from urllib.parse import urlsplit

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version

from core import history


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

    def __init__(self, attrs=None, *, charts: bool = False):
        super().__init__(
            attrs={"rows": 24, "class": "vLargeTextField markdown-source", **(attrs or {})}
        )
        self.charts = charts

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["charts"] = self.charts
        return context

    class Media:
        js = ["ladder_admin/markdown_editor.js"]


class EditorModelAdmin(VersionAdmin):
    """A ModelAdmin for content editors.

    Every save in admin is a version (django-reversion), with who and when; the history page
    compares any version with the current one and restores it through the change form, and
    the change list links to the deleted objects, which can be recovered.

    Bulk deletion is for superusers only: editors can delete one object at a time, from its
    page, where they see what else goes with it.
    """

    markdown_fields: tuple[str, ...] = ()
    # Markdown fields whose fenced `chart` blocks are drawn (core.chart_blocks).
    chart_fields: tuple[str, ...] = ()
    history_latest_first = True
    object_history_template = "admin/history/object_history.html"
    change_list_template = "admin/history/change_list.html"
    revision_form_template = "admin/history/revision_form.html"
    recover_list_template = "admin/history/recover_list.html"
    recover_form_template = "admin/history/recover_form.html"

    # History --------------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self._keep_first_version(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        with transaction.atomic(using=router.db_for_write(self.model)):
            if obj is not None and self.has_delete_permission(request, obj):
                history.keep_before_deletion([obj], request.user)
            response = super().delete_view(request, object_id, extra_context)
            if response.status_code != 302:
                # Not deleted after all (protected, or refused): no deletion to remember.
                transaction.set_rollback(True)
        return response

    def delete_queryset(self, request, queryset):
        history.keep_before_deletion(list(queryset), request.user)
        super().delete_queryset(request, queryset)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action"):
            chosen = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            self._keep_first_versions(request, self.get_queryset(request).filter(pk__in=chosen))
        return super().changelist_view(request, extra_context)

    def _keep_first_version(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_change_permission(request, obj):
            self._keep_first_versions(request, [obj])

    def _keep_first_versions(self, request, objects):
        """Objects written by the importer, a script or before history began have no
        version yet: keep their state before an editor's first change, in a revision of its
        own, so that the change can be undone."""
        objects = list(objects)
        if not objects:
            return
        versioned = set(
            Version.objects.get_for_model(self.model)
            .filter(object_id__in=[str(obj.pk) for obj in objects])
            .values_list("object_id", flat=True)
        )
        if missing := [obj for obj in objects if str(obj.pk) not in versioned]:
            history.keep_first_versions(missing, comment=history.BEFORE_FIRST_EDIT)

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        obj = self.get_object(request, unquote(object_id))
        versions = []
        if obj is not None:
            queryset = Version.objects.get_for_object(obj).select_related("revision__user")
            for version in queryset.order_by("-revision__date_created", "-pk"):
                args = [object_id, version.pk]
                versions.append(
                    {
                        "version": version,
                        "revision": version.revision,
                        "compare_url": reverse(
                            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_compare",
                            args=args,
                        ),
                        "restore_url": reverse(
                            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                            args=args,
                        ),
                    }
                )
        context = {"versions": versions, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id, version_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"), pk=version_id
        )
        opts = self.model._meta
        changes = history.compare(version, obj, rendered=self.markdown_fields)
        return TemplateResponse(
            request,
            "admin/history/compare.html",
            {
                **self.admin_site.each_context(request),
                "opts": opts,
                "app_label": opts.app_label,
                "object": obj,
                "version": version,
                "changes": changes,
                "title": f"Compare a version of “{obj}” with the current one",
                "restore_url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=[object_id, version.pk],
                ),
                "has_change_permission": self.has_change_permission(request, obj),
            },
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.markdown_fields:
            kwargs["widget"] = MarkdownWidget(charts=db_field.name in self.chart_fields)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions


class StaffPasswordResetForm(PasswordResetForm):
    """The admin's "Forgotten your password?": a reset link for staff accounts only."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)


def confirmed_action(description: str, verb: str, noun: str, *, warning: str = ""):
    """Turn `perform(modeladmin, request, queryset) -> int` into an admin action that first
    shows a confirmation page listing the selected objects, then reports how many changed."""

    def decorator(perform):
        def action(modeladmin, request, queryset):
            if request.POST.get("confirmed") == "yes":
                changed = perform(modeladmin, request, queryset)
                if reversion.is_active():
                    # The objects' new versions say which action made them.
                    reversion.set_comment(f"{description}: {verb.lower()}.")
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


# Queues an editor decides from the list (static/ladder_admin/moderation.js) -----------------


def decision_buttons(pk: int, url: str):
    """A queue row's own Approve and Reject buttons, with a box for the reason, posting to
    `url`: what the keyboard presses, and what works without JavaScript."""
    return format_html(
        '<div class="moderate" data-moderate-url="{}">'
        '<label class="visually-hidden" for="reason-{}">Reason to reject</label>'
        '<textarea class="moderate__reason" id="reason-{}" name="reason-{}" rows="2" '
        'placeholder="Reason to reject"></textarea>'
        '<button type="submit" class="button moderate__approve" formaction="{}" '
        'name="decision" value="approve">Approve <kbd>a</kbd></button> '
        '<button type="submit" class="button moderate__reject" formaction="{}" '
        'name="decision" value="reject">Reject <kbd>r</kbd></button></div>',
        url,
        pk,
        pk,
        pk,
        url,
        url,
    )


def back_to_queue(request, model):
    """Back to `model`'s change list as the editor left it (filters, page), when the browser
    says where that was."""
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc == request.get_host() and referer.path == changelist:
        return redirect(f"{changelist}?{referer.query}" if referer.query else changelist)
    return redirect(changelist)
