from django.contrib.postgres.fields import ArrayField
from django.db import migrations, models

# The columns of each table the board's in-memory index (jobs.board) reads: an update that
# changes none of them is not logged. Keep these in step with jobs.board._build.
ROLE_COLUMNS = (
    "status, company_id, published_at, expires_at, level, track, discipline, workplace, "
    "annual_salary_usd, hires_from"
)
COMPANY_COLUMNS = "is_listed, slug, tag_slugs, stage, rating_career, review_count"

# One entry per statement, with the ids it changed (NULL past 10,000: the index builds again
# rather than read that many), then the entries older than an hour are pruned, leaving one
# PRUNED entry with the newest transaction id pruned. SKIP LOCKED: two writers pruning at once
# never wait for each other. TRUNCATE (never done by the site, but by test flushes) cannot say
# which rows went: it logs a PRUNED entry of its own transaction, so every index builds again.
LOG_SQL = f"""
CREATE FUNCTION jobs_board_log(change_kind text, changed bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF changed IS NULL THEN
    RETURN;
  END IF;
  IF cardinality(changed) > 10000 THEN
    changed := NULL;
  END IF;
  INSERT INTO jobs_boardchange (xid, kind, ids, logged_at)
    VALUES (pg_current_xact_id()::text::bigint, change_kind, changed, clock_timestamp());
  WITH pruned AS (
    DELETE FROM jobs_boardchange WHERE id IN (
      SELECT id FROM jobs_boardchange WHERE logged_at < clock_timestamp() - interval '1 hour'
      FOR UPDATE SKIP LOCKED)
    RETURNING xid)
  INSERT INTO jobs_boardchange (xid, kind, ids, logged_at)
    SELECT max(xid), 'pruned', NULL, clock_timestamp() FROM pruned HAVING count(*) > 0;
END $$;

CREATE FUNCTION jobs_board_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text := CASE TG_TABLE_NAME WHEN 'jobs_job' THEN 'roles' ELSE 'companies' END;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO jobs_boardchange (xid, kind, ids, logged_at)
      VALUES (pg_current_xact_id()::text::bigint, 'pruned', NULL, clock_timestamp());
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM jobs_board_log(kind, (SELECT array_agg(id) FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM jobs_board_log(kind, (SELECT array_agg(id) FROM old_rows));
  ELSIF TG_TABLE_NAME = 'jobs_job' THEN
    PERFORM jobs_board_log(kind, (SELECT array_agg(DISTINCT coalesce(n.id, o.id))
      FROM new_rows n FULL JOIN old_rows o ON o.id = n.id
      WHERE (n.{ROLE_COLUMNS.replace(", ", ", n.")})
        IS DISTINCT FROM (o.{ROLE_COLUMNS.replace(", ", ", o.")})));
  ELSE
    PERFORM jobs_board_log(kind, (SELECT array_agg(DISTINCT coalesce(n.id, o.id))
      FROM new_rows n FULL JOIN old_rows o ON o.id = n.id
      WHERE (n.{COMPANY_COLUMNS.replace(", ", ", n.")})
        IS DISTINCT FROM (o.{COMPANY_COLUMNS.replace(", ", ", o.")})));
  END IF;
  RETURN NULL;
END $$;
""" + "".join(
    f"""
CREATE TRIGGER jobs_board_log_ins AFTER INSERT ON {table}
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jobs_board_log_changes();
CREATE TRIGGER jobs_board_log_upd AFTER UPDATE ON {table}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jobs_board_log_changes();
CREATE TRIGGER jobs_board_log_del AFTER DELETE ON {table}
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jobs_board_log_changes();
CREATE TRIGGER jobs_board_log_truncate AFTER TRUNCATE ON {table}
  FOR EACH STATEMENT EXECUTE FUNCTION jobs_board_log_changes();
"""
    for table in ("jobs_job", "companies_company")
)

UNLOG_SQL = "".join(
    f"""
DROP TRIGGER jobs_board_log_ins ON {table};
DROP TRIGGER jobs_board_log_upd ON {table};
DROP TRIGGER jobs_board_log_del ON {table};
DROP TRIGGER jobs_board_log_truncate ON {table};
"""
    for table in ("jobs_job", "companies_company")
) + ("DROP FUNCTION jobs_board_log_changes(); DROP FUNCTION jobs_board_log(text, bigint[]);")


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0012_company_directory_columns"),
        ("jobs", "0018_job_board_and_search_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="BoardChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "xid",
                    models.BigIntegerField(
                        help_text="The writing transaction (pg_current_xact_id())."
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("roles", "roles"),
                            ("companies", "companies"),
                            ("pruned", "entries pruned"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "ids",
                    ArrayField(
                        base_field=models.BigIntegerField(),
                        help_text="The roles or companies changed; empty (NULL) when a statement changed too many to list, so that every index builds again.",
                        null=True,
                        size=None,
                    ),
                ),
                ("logged_at", models.DateTimeField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["xid"], name="boardchange_xid_idx"),
                    models.Index(fields=["logged_at"], name="boardchange_logged_idx"),
                ],
            },
        ),
        migrations.RunSQL(LOG_SQL, UNLOG_SQL),
        # Writes made while there was no log (a database migrated back past this and forward
        # again) cannot be listed: one PRUNED entry of this migration's transaction makes
        # every index that was built before it build again.
        migrations.RunSQL(
            "INSERT INTO jobs_boardchange (xid, kind, ids, logged_at) "
            "VALUES (pg_current_xact_id()::text::bigint, 'pruned', NULL, clock_timestamp())",
            migrations.RunSQL.noop,
        ),
    ]
