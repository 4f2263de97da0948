"""The admin's "Import roles" page: upload, preview the plan, confirm.

The preview carries the uploaded file back to the confirmation as a signed field, so what is
applied is exactly what was previewed, and nobody can slip a different file or option into the
confirmation. On confirm the plan is made again against the current data before it is applied.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from companies.models import Company
from jobs import importing

# A preview can be confirmed for an hour.
CONFIRM_MAX_AGE = 60 * 60
IMPORT_URL_NAME = "admin:jobs_job_import"


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A CSV file or a Greenhouse Job Board export, up to 2 MB.")
    format = forms.ChoiceField(choices=importing.Format.choices, initial=importing.Format.AUTO)
    company = forms.ModelChoiceField(
        Company.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        help_text="For a Greenhouse export: whose board it is. A CSV names the company per row.",
    )
    mode = forms.ChoiceField(
        choices=importing.Mode.choices,
        initial=importing.Mode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is 2 MB. "
                "Split it into smaller files, or use the import_jobs command."
            )
        try:
            self.text = importing.decode(upload.read())
        except importing.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if "file" in cleaned and "format" in cleaned:
            chosen = cleaned["format"]
            if chosen == importing.Format.AUTO:
                chosen = importing.detect_format(self.text, cleaned["file"].name)
            if chosen == importing.Format.GREENHOUSE and not cleaned.get("company"):
                self.add_error(
                    "company", "A Greenhouse export is one company's board: choose the company."
                )
        return cleaned

    def options(self) -> dict:
        """What the import needs, as signed into the confirmation."""
        company = self.cleaned_data["company"]
        return {
            "text": self.text,
            "filename": self.cleaned_data["file"].name,
            "format": self.cleaned_data["format"],
            "company": company.slug if company else "",
            "mode": self.cleaned_data["mode"],
        }


def _salt(request) -> str:
    return f"jobs.import:{request.user.pk}"


def _import_arguments(options: dict) -> dict:
    company = (
        Company.objects.filter(slug=options["company"]).first() if options["company"] else None
    )
    return {
        "format": options["format"],
        "filename": options["filename"],
        "company": company,
    }


def import_roles(request, model_admin):
    if not request.user.has_perm("jobs.add_job"):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, model_admin)

    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        options = form.options()
        try:
            plan = importing.plan_import(options["text"], **_import_arguments(options))
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = signing.dumps(options, salt=_salt(request), compress=True)
            # The confirmation posts the token back as an ordinary field, which Django caps.
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is not None and len(token) > limit - 64 * 1024:
                form.add_error(
                    "file",
                    "This file is too large to preview and confirm in one go. "
                    "Split it into smaller files, or use the import_jobs command.",
                )
            else:
                return _preview(request, model_admin, plan, options, token=token)
    return _render(request, model_admin, {"form": form})


def _confirm(request, model_admin):
    try:
        options = signing.loads(request.POST["token"], salt=_salt(request), max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        messages.error(request, "That preview is more than an hour old. Upload the file again.")
        return redirect(IMPORT_URL_NAME)
    except signing.BadSignature:
        messages.error(request, "The confirmation could not be verified. Upload the file again.")
        return redirect(IMPORT_URL_NAME)
    try:
        result = importing.apply_import(
            options["text"], mode=options["mode"], **_import_arguments(options)
        )
    except importing.ImportFileError as error:
        messages.error(request, f"Nothing was imported. {error}")
        return redirect(IMPORT_URL_NAME)
    if not result.applied:
        # The data changed since the preview and a row is now rejected.
        messages.error(request, result.summary())
        return _preview(request, model_admin, result.plan, options, token=None)
    messages.success(request, f"Imported {options['filename']}: {result.summary()}")
    opts = model_admin.opts
    return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


def _preview(request, model_admin, plan, options, token):
    mode = importing.Mode(options["mode"])
    blocked = mode == importing.Mode.ALL_OR_NOTHING and plan.has_rejected
    return _render(
        request,
        model_admin,
        {
            "plan": plan,
            "counts": plan.counts,
            "filename": options["filename"],
            "mode": mode,
            "company": options["company"],
            "blocked": blocked,
            "token": None if blocked else token,
        },
    )


def _render(request, model_admin, context):
    return TemplateResponse(
        request,
        "admin/jobs/job/import.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": "Import roles",
            **context,
        },
    )
