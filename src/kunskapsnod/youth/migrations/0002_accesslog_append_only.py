"""The access log's rows cannot be rewritten, not even in SQL: a trigger refuses an UPDATE
of what a row says (when, who, what, which action). Removing expired rows (youth_retention)
and the SET NULL of a deleted user stay possible."""

from django.db import migrations

COLUMNS = "at, username, action, what"
MESSAGE = "youth_accesslog is append-only"

SQL = {
    "sqlite": (
        f"CREATE TRIGGER youth_accesslog_append_only BEFORE UPDATE OF {COLUMNS} ON youth_accesslog "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        "DROP TRIGGER IF EXISTS youth_accesslog_append_only;",
    ),
    "postgresql": (
        "CREATE FUNCTION youth_accesslog_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql; "
        f"CREATE TRIGGER youth_accesslog_append_only BEFORE UPDATE OF {COLUMNS} ON youth_accesslog "
        "FOR EACH ROW EXECUTE FUNCTION youth_accesslog_append_only();",
        "DROP TRIGGER IF EXISTS youth_accesslog_append_only ON youth_accesslog; "
        "DROP FUNCTION IF EXISTS youth_accesslog_append_only();",
    ),
}


def _run(index):
    def run(apps, schema_editor):
        statements = SQL.get(schema_editor.connection.vendor)
        if statements:
            schema_editor.execute(statements[index])

    return run


class Migration(migrations.Migration):
    dependencies = [("youth", "0001_initial")]

    operations = [migrations.RunPython(_run(0), _run(1), elidable=False)]
