from django.db import migrations

from reports.default_methodology import seed_default_methodology


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_methodology_events"),
        ("reports", "0002_seed_reference_data"),
    ]

    operations = [migrations.RunPython(seed_default_methodology, migrations.RunPython.noop)]
