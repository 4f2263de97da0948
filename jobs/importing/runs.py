"""An import run, as the worker (or the command line) carries it out.

`preview()` reads the stored file and records what each row would do (ImportRow) and the
counts; `apply()` plans again against the current data and writes in the mode chosen on the
preview. Both record their progress on the run as they go, so the admin's progress page can
follow them, and both stop cleanly, with the reason on the run, when the file as a whole
cannot be imported or takes longer than IMPORT_TIME_LIMIT seconds.
"""

import contextlib
import signal
import threading
import time

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from jobs.importing.planning import (
    Action,
    ImportRejected,
    Mode,
    PlannedRow,
    Planner,
    apply_rows,
    batches,
)
from jobs.importing.readers import ImportFileError, read_rows
from jobs.models import ImportRow, ImportRun, ImportStatus

# Fields of ImportRow are capped; a rejected row may hold anything.
_CAPS = {"source_id": 100, "company": 100, "title": 160}


class ImportTimeout(ImportFileError):
    pass


def time_limit() -> int:
    return settings.IMPORT_TIME_LIMIT


class _Deadline:
    """Stops a run that takes longer than the time limit: checked between batches, and, where
    the run has the main thread (the worker, the command line), by an alarm that interrupts a
    single slow row too (a description whose Markdown takes minutes to render). An alarm
    that rings during a query is held until the query returns, so a connection is never left
    in the middle of one."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self.in_query = False

    def error(self) -> ImportTimeout:
        return ImportTimeout(
            f"Stopped after {self.seconds} seconds, the time limit for one file; split it into "
            "smaller files."
        )

    def check(self) -> None:
        if self.expired or time.monotonic() > self.ends:
            raise self.error()

    def _ring(self, signum, frame):
        self.expired = True
        if not self.in_query:
            raise self.error()

    def _around_query(self, execute, sql, params, many, context):
        self.in_query = True
        try:
            return execute(sql, params, many, context)
        finally:
            self.in_query = False
            if self.expired:
                raise self.error()

    @contextlib.contextmanager
    def alarm(self):
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = signal.signal(signal.SIGALRM, self._ring)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            with connection.execute_wrapper(self._around_query):
                yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _report(run: ImportRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    ImportRun.objects.filter(pk=run.pk).update(**fields)


def _report_aside(run: ImportRun, **fields) -> None:
    """Record progress from inside a transaction that is still open (an all-or-nothing
    import), through a connection of its own, so the progress page sees it at once. That
    transaction never touches the run's row, so the two cannot wait on each other."""
    for name, value in fields.items():
        setattr(run, name, value)
    side = connections.create_connection("default")
    try:
        side.set_autocommit(True)
        with side.cursor() as cursor:
            assignments = ", ".join(f"{side.ops.quote_name(name)} = %s" for name in fields)
            cursor.execute(
                f"UPDATE {ImportRun._meta.db_table} SET {assignments} WHERE id = %s",
                [*fields.values(), run.pk],
            )
    finally:
        side.close()


def _stored(run_pk: int) -> ImportRun:
    return ImportRun.objects.select_related("company").get(pk=run_pk)


def _fail(run: ImportRun, message: str) -> None:
    _report(run, status=ImportStatus.FAILED, error=message, finished_at=timezone.now())


def _row_record(run: ImportRun, row: PlannedRow) -> ImportRow:
    values = {name: str(getattr(row, name))[:cap] for name, cap in _CAPS.items()}
    return ImportRow(
        run=run,
        number=row.number,
        action=row.action,
        reasons=row.reasons,
        changes=row.changes,
        notes=row.notes,
        **values,
    )


def preview(run_pk: int) -> ImportRun:
    """Read the run's file and record what importing it would do. Writes no role."""
    run = _stored(run_pk)
    if run.status not in {ImportStatus.QUEUED, ImportStatus.PREVIEWING}:
        return run
    _report(run, status=ImportStatus.PREVIEWING, rows_read=0)
    ImportRow.objects.filter(run=run).delete()
    deadline = _Deadline(time_limit())
    counts = dict.fromkeys(Action, 0)
    planner = Planner()
    try:
        with deadline.alarm():
            _, source_rows = read_rows(
                bytes(run.data), format=run.format, filename=run.filename, company=run.company
            )
            for batch in batches(source_rows):
                deadline.check()
                planned = planner.plan_batch(batch)
                ImportRow.objects.bulk_create([_row_record(run, row) for row in planned])
                for row in planned:
                    counts[row.action] += 1
                _report(run, rows_read=run.rows_read + len(planned))
    except ImportFileError as error:
        ImportRow.objects.filter(run=run).delete()
        _fail(run, str(error))
        return run
    except RecursionError:
        ImportRow.objects.filter(run=run).delete()
        _fail(run, "The file is nested too deeply to be read.")
        return run
    _report(
        run,
        status=ImportStatus.PREVIEWED,
        to_create=counts[Action.CREATE],
        to_update=counts[Action.UPDATE],
        unchanged=counts[Action.UNCHANGED],
        rejected=counts[Action.REJECT],
        previewed_at=timezone.now(),
    )
    return run


def confirm(run: ImportRun, mode: Mode, user=None) -> bool:
    """Choose the mode on a previewed run and hand it to the import. False when the run is no
    longer waiting for a choice (confirmed twice, say)."""
    changed = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.IMPORTING,
        mode=mode,
        confirmed_by=user,
        confirmed_at=timezone.now(),
        rows_done=0,
    )
    return bool(changed)


def apply(run_pk: int) -> ImportRun:
    """Plan the run's file again against the current data and write it in the chosen mode,
    recording what was written."""
    run = _stored(run_pk)
    if run.status != ImportStatus.IMPORTING:
        return run
    mode = Mode(run.mode)
    deadline = _Deadline(time_limit())
    done = {"created": 0, "updated": 0, "rows_done": 0}

    def progress(planned: list[PlannedRow]) -> None:
        for row in planned:
            if row.action == Action.CREATE:
                done["created"] += 1
            elif row.action == Action.UPDATE:
                done["updated"] += 1
        done["rows_done"] += len(planned)
        if mode == Mode.ALL_OR_NOTHING:
            _report_aside(run, **done)
        else:
            _report(run, **done)

    try:
        with deadline.alarm():
            _, source_rows = read_rows(
                bytes(run.data), format=run.format, filename=run.filename, company=run.company
            )
            rejected = apply_rows(source_rows, mode=mode, progress=progress, check=deadline.check)
    except ImportRejected as stop:
        row = stop.row
        _report(run, created=0, updated=0)
        _fail(
            run,
            f"Nothing was imported: row {row.number} is rejected now "
            f"({'; '.join(row.reasons)}), and in all-or-nothing mode any rejected row stops "
            "the whole file.",
        )
        return run
    except ImportFileError as error:
        if mode == Mode.ALL_OR_NOTHING:
            _report(run, created=0, updated=0)
            _fail(run, f"Nothing was imported. {error}")
        else:
            _fail(
                run,
                f"{error} The first {run.rows_done:,} rows were imported: "
                f"{run.created:,} created, {run.updated:,} updated.",
            )
        return run
    _report(
        run,
        **done,
        status=ImportStatus.IMPORTED,
        skipped=len(rejected),
        finished_at=timezone.now(),
    )
    # A row valid on the preview but rejected now says why on the run's page.
    for row in rejected:
        ImportRow.objects.filter(run=run, number=row.number).exclude(action=Action.REJECT).update(
            action=Action.REJECT, reasons=row.reasons
        )
    return run
