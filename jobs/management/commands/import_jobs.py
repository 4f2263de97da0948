import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from companies.models import Company
from jobs import importing
from jobs.importing import runs
from jobs.models import ImportAction, ImportRow, ImportRun, ImportStatus

# Every failure, whatever its cause, ends the command with this status and one line on stderr.
FAILED = 2


def fail(message: str) -> CommandError:
    return CommandError(" ".join(message.split()), returncode=FAILED)


class Command(BaseCommand):
    help = (
        "Import roles from a CSV or XLSX file or a Greenhouse, Lever or Ashby job board "
        "export, printing what happens to each row. The formats are described in docs/importing.md. Any "
        "failure prints one line and exits with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format",
            choices=[importing.Format.CSV, importing.Format.XLSX, *importing.BOARD_FORMATS],
            help="Default: from the file's extension, else from its content.",
        )
        parser.add_argument(
            "--company", help="The company's slug; required for a job board's export."
        )
        parser.add_argument(
            "--mode",
            choices=importing.Mode.values,
            default=importing.Mode.ALL_OR_NOTHING,
            help="all-or-nothing (default): write nothing if any row is rejected; "
            "valid-only: write the valid rows and skip the rejected ones.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the plan and write nothing."
        )

    def execute(self, *args, **options):
        # A failure nobody foresaw is still one line, never a traceback.
        try:
            return super().execute(*args, **options)
        except CommandError:
            raise
        except RecursionError:
            raise fail("The file is nested too deeply to be read.") from None
        except Exception as error:
            raise fail(f"The import failed: {type(error).__name__}: {error}") from None

    def handle(self, *args, **options):
        path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise fail(f"Cannot read {path}: {error.strerror}.") from None
        company = None
        if options["company"]:
            company = Company.objects.filter(slug=options["company"]).first()
            if company is None:
                raise fail(f"No company has the slug {options['company']!r}.")
        chosen = options["format"] or importing.detect_format(data, path.name)
        if len(data) > importing.MAX_UPLOAD_BYTES:
            raise fail(
                f"{path.name} is {len(data) / 1024 / 1024:.1f} MB; the limit is "
                f"{importing.MAX_UPLOAD_BYTES // 1024 // 1024} MB. Split it into smaller files."
            )
        run = ImportRun.objects.create(
            filename=path.name[:255], format=chosen, company=company, data=data, size=len(data)
        )
        run = runs.preview(run.pk)
        if run.status == ImportStatus.FAILED:
            raise fail(run.error)
        self._print_plan(run)
        summary = (
            f"{run.to_create} to create, {run.to_update} to update, "
            f"{run.unchanged} unchanged, {run.rejected} rejected"
        )
        mode = importing.Mode(options["mode"])
        blocked = mode == importing.Mode.ALL_OR_NOTHING and run.blocked
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {summary}. Nothing was written.")
            if blocked:
                raise fail(
                    "In all-or-nothing mode this file would import nothing; fix the rejected "
                    "rows or use --mode valid-only."
                )
            return
        if blocked:
            raise fail(
                f"Nothing was imported: {run.rejected} row{'s' if run.rejected != 1 else ''} "
                "rejected, and in all-or-nothing mode any rejected row stops the whole file. "
                "Fix the file or use --mode valid-only."
            )
        runs.confirm(run, mode)
        run = runs.apply(run.pk)
        if run.status == ImportStatus.FAILED:
            raise fail(run.error)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {run.created} created, {run.updated} updated, "
                f"{run.unchanged} unchanged, {run.skipped} rejected."
            )
        )

    def _print_plan(self, run: ImportRun):
        self.stdout.write(f"Read as {importing.Format(run.format).label}.")
        for row in ImportRow.objects.filter(run=run).iterator(chunk_size=2000):
            where = f"{row.company}/{row.source_id}"
            action = ImportAction(row.action)
            self.stdout.write(
                f"row {row.number:>4}  {action:<9}  {where}  {row.title or '(no title)'}"
            )
            for reason in row.reasons:
                self.stdout.write(f"           - {reason}")
            if row.changes:
                self.stdout.write(f"           changes: {', '.join(row.changes)}")
            for note in row.notes:
                self.stdout.write(f"           note: {note}")
        sys.stdout.flush()
