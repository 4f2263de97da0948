"""The admin's "Import roles" pages: upload a file, follow the worker's preview, choose how to
import on the preview, follow the import, see what it did.

The upload is stored as an ImportRun and everything that reads it runs in the worker
(jobs/tasks.py), so a file of any size costs the request only its upload. The run's page
refreshes itself (a meta refresh: no script) while the worker is busy.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe

from companies.models import Company
from core.markdown import render_markdown
from jobs import importing, tasks
from jobs.importing import runs
from jobs.models import ImportAction, ImportMode, ImportRow, ImportRun, ImportStatus

IMPORT_URL_NAME = "admin:jobs_job_import"
RUN_URL_NAME = "admin:jobs_job_import_run"
# Rows of each kind on the preview's first page, and per page when one kind is listed.
FIRST_ROWS = 10
ROWS_PER_PAGE = 50
# While the worker is busy the run's page reloads itself this often.
REFRESH_SECONDS = 2

MAX_MB = importing.MAX_UPLOAD_BYTES // 1024 // 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text=f"A CSV or Excel (.xlsx) file, or a Greenhouse, Lever or Ashby job board export; up to "
        f"{MAX_MB} MB."
    )
    format = forms.ChoiceField(choices=importing.Format.choices, initial=importing.Format.AUTO)
    company = forms.ModelChoiceField(
        Company.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        help_text="For a job board export: whose board it is. A CSV or XLSX file names the "
        "company on each row.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = importing.MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{limit // 1024 // 1024} MB. "
                "Split it into smaller files."
            )
        self.data_bytes = upload.read()
        if not self.data_bytes.strip():
            raise forms.ValidationError("The file is empty.")
        return upload

    def clean(self):
        cleaned = super().clean() or {}
        if "file" in cleaned and "format" in cleaned:
            chosen = cleaned["format"]
            if chosen == importing.Format.AUTO:
                chosen = importing.detect_format(self.data_bytes, cleaned["file"].name)
            cleaned["format"] = chosen
            if chosen in importing.BOARD_FORMATS and not cleaned.get("company"):
                label = importing.Format(chosen).label.removesuffix(" JSON")
                self.add_error(
                    "company", f"A {label} export is one company's board: choose the company."
                )
        return cleaned

    def save(self, user) -> ImportRun:
        return ImportRun.objects.create(
            filename=self.cleaned_data["file"].name[:255],
            format=self.cleaned_data["format"],
            company=self.cleaned_data["company"],
            data=self.data_bytes,
            size=len(self.data_bytes),
            created_by=user,
        )


class ModeForm(forms.Form):
    mode = forms.ChoiceField(choices=ImportMode.choices, widget=forms.RadioSelect)

    def __init__(self, *args, run: ImportRun, **kwargs):
        super().__init__(*args, **kwargs)
        self.run = run
        self.fields["mode"].initial = (
            ImportMode.VALID_ONLY if run.blocked else ImportMode.ALL_OR_NOTHING
        )

    def clean_mode(self):
        mode = ImportMode(self.cleaned_data["mode"])
        if mode == ImportMode.ALL_OR_NOTHING and self.run.blocked:
            raise forms.ValidationError(
                "All or nothing would import nothing: the preview rejects "
                f"{self.run.rejected} row{'s' if self.run.rejected != 1 else ''}. Choose "
                "“Valid rows only”, or fix the file and upload it again."
            )
        return mode


def _check_permission(request):
    if not request.user.has_perm("jobs.add_job"):
        raise PermissionDenied


def import_roles(request, model_admin):
    _check_permission(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            run = form.save(request.user)
            transaction.on_commit(lambda: tasks.preview_import.enqueue(run.pk))
        return redirect(RUN_URL_NAME, run.pk)
    return _render(
        request,
        model_admin,
        "admin/jobs/job/import.html",
        {"form": form, "recent": ImportRun.objects.recent()},
    )


def import_run(request, model_admin, pk: int):
    _check_permission(request)
    run = get_object_or_404(
        ImportRun.objects.select_related("company", "created_by", "confirmed_by").defer("data"),
        pk=pk,
    )
    mode_form = None
    if run.status == ImportStatus.PREVIEWED and (run.to_create or run.to_update):
        mode_form = ModeForm(request.POST or None, run=run)
        if request.method == "POST" and mode_form.is_valid():
            with transaction.atomic():
                if runs.confirm(run, mode_form.cleaned_data["mode"], request.user):
                    transaction.on_commit(lambda: tasks.apply_import.enqueue(run.pk))
            return redirect(RUN_URL_NAME, run.pk)
    elif request.method == "POST":
        # Confirmed already (twice, or from two tabs), or nothing to import.
        if run.status == ImportStatus.PREVIEWED:
            messages.warning(request, "There is nothing to import: no row would change.")
        else:
            messages.warning(request, "This import was already confirmed.")
        return redirect(RUN_URL_NAME, run.pk)

    context = {
        "run": run,
        "mode_form": mode_form,
        "refresh": REFRESH_SECONDS if run.in_progress else None,
        "title": f"Import of {run.filename}",
    }
    if run.status in {ImportStatus.PREVIEWED, ImportStatus.IMPORTED, ImportStatus.IMPORTING}:
        context.update(_rows_context(request, run))
    return _render(request, model_admin, "admin/jobs/job/import_run.html", context)


def _rows_context(request, run: ImportRun) -> dict:
    """Either the first rows of each kind, or one kind's rows a page at a time."""
    counts = {
        ImportAction.REJECT: run.rejected,
        ImportAction.CREATE: run.to_create,
        ImportAction.UPDATE: run.to_update,
        ImportAction.UNCHANGED: run.unchanged,
    }
    rows = ImportRow.objects.filter(run=run)
    shown = request.GET.get("show")
    if shown in ImportAction.values:
        kind = ImportAction(shown)
        paginator = Paginator(rows.filter(action=kind), ROWS_PER_PAGE)
        paginator.count = counts[kind]
        page = paginator.get_page(request.GET.get("page"))
        return {"kind": kind, "page": page, "counts": counts}
    kinds = [
        {"action": action, "count": count, "rows": list(rows.filter(action=action)[:FIRST_ROWS])}
        for action, count in counts.items()
        if count
    ]
    return {"kinds": kinds, "counts": counts, "first_rows": FIRST_ROWS}


def import_format(request, model_admin):
    """docs/importing.md, the formats' description, as a page of the admin."""
    _check_permission(request)
    text = (settings.BASE_DIR / "docs" / "importing.md").read_text(encoding="utf-8")
    # The page's own heading replaces the document's; the rest is sanitised Markdown.
    text = text.removeprefix("# Importing roles\n")
    document = mark_safe(render_markdown(text).html)
    return _render(
        request,
        model_admin,
        "admin/jobs/job/import_format.html",
        {"title": "Importing roles: formats and limits", "document": document},
    )


def _render(request, model_admin, template, context):
    opts = model_admin.opts
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "title": "Import roles",
            "import_url": reverse(IMPORT_URL_NAME),
            "importing_doc_url": reverse("admin:jobs_job_import_format"),
            **context,
        },
    )
