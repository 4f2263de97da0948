"""Work the worker does for the job board."""

from django.tasks import task

from jobs.importing import runs


@task()
def preview_import(run_pk: int) -> None:
    runs.preview(run_pk)


@task()
def apply_import(run_pk: int) -> None:
    runs.apply(run_pk)
