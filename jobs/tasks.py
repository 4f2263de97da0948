"""Work the worker does for the job board."""

from django.tasks import task

from jobs.importing import runs


@task()
def preview_import(run_pk: int) -> None:
    with runs.finished_whatever_happens(run_pk):
        runs.preview(run_pk)


@task()
def apply_import(run_pk: int) -> None:
    with runs.finished_whatever_happens(run_pk):
        runs.apply(run_pk)
