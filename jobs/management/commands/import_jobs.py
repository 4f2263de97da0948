from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from companies.models import Company
from jobs import importing


class Command(BaseCommand):
    help = (
        "Import roles from a CSV file or a Greenhouse Job Board API export, printing what "
        "happens to each row. The formats are described in jobs/importing/."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format",
            choices=[importing.Format.CSV, importing.Format.GREENHOUSE],
            help="Default: from the file's extension, else from its content.",
        )
        parser.add_argument(
            "--company", help="The company's slug; required for a Greenhouse export."
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

    def handle(self, *args, **options):
        path = options["file"]
        try:
            text = importing.decode(path.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from None
        company = None
        if options["company"]:
            company = Company.objects.filter(slug=options["company"]).first()
            if company is None:
                raise CommandError(f"No company has the slug {options['company']!r}.")
        arguments = {
            "format": options["format"] or importing.Format.AUTO,
            "filename": path.name,
            "company": company,
        }
        mode = importing.Mode(options["mode"])

        try:
            if options["dry_run"]:
                plan = importing.plan_import(text, **arguments)
            else:
                result = importing.apply_import(text, mode=mode, **arguments)
                plan = result.plan
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from None

        self._print_plan(plan)
        blocked = mode == importing.Mode.ALL_OR_NOTHING and plan.has_rejected
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {plan.summary()}. Nothing was written.")
            if blocked:
                raise CommandError(
                    "In all-or-nothing mode this file would import nothing; fix the rejected "
                    "rows or use --mode valid-only."
                )
            return
        if not result.applied:
            raise CommandError(f"{result.summary()} Fix the file or use --mode valid-only.")
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {result.summary()}"))

    def _print_plan(self, plan):
        self.stdout.write(f"Read as {plan.format.label}.")
        for row in plan.rows:
            where = f"{row.company}/{row.source_id}"
            self.stdout.write(
                f"row {row.number:>4}  {row.action:<9}  {where}  {row.title or '(no title)'}"
            )
            for reason in row.reasons:
                self.stdout.write(f"           - {reason}")
            if row.changes:
                self.stdout.write(f"           changes: {', '.join(row.changes)}")
            for note in row.notes:
                self.stdout.write(f"           note: {note}")
