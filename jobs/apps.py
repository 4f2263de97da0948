from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Job board"

    def ready(self):
        # Markdown anywhere on the site may link to this app's pages by name.
        from jobs import links

        links.register()

        # The directory and company pages count open roles as the board does.
        from companies import openings
        from jobs import board

        openings.register(
            board.open_roles,
            by_level=board.open_roles_by_level,
            directory=board.directory,
            shown=board.shown_open_roles,
        )
        # A worker that starts loads the newest snapshot rather than building its own.
        from core import maintenance

        maintenance.register("board snapshot", board.publish_if_stale)
        # Each past day of a role's page views and apply clicks made one row again.
        from jobs import tallies

        maintenance.register("role counts", tallies.fold)

        # Cached pages that read roles change when a role goes live or expires, with no write
        # to mark it (unless they say when what they show changes: core.pagecache).
        from django.db.models import F

        from companies.models import Company
        from core.pagecache import register_due, register_own
        from jobs.models import Job, JobStatus

        register_own(Company, Job, by="company_id")
        published = Job.objects.filter(status=JobStatus.PUBLISHED)
        register_due("role_expires", "jobs_job", lambda: published.values(due=F("expires_at")))
        register_due("role_goes_live", "jobs_job", lambda: published.values(due=F("published_at")))
