"""The index the best of a year's ranking is read through (reports/scores.best_scores): on
PostgreSQL only, since SQLite cannot index NULLS LAST (a district on a laptop has no
country's ranking to sort)."""

from django.db import migrations

NAME = "score_year_percent"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON reports_score (year, percent DESC NULLS LAST)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_reporting_tallies")]

    operations = [migrations.RunPython(create, drop)]
