from django.db import migrations

from reports.reference_data import seed_indicators, seed_required_act_types


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_monitoring"),
        ("obligations", "0003_local_act_types"),
    ]

    operations = [
        migrations.RunPython(seed_indicators, migrations.RunPython.noop),
        migrations.RunPython(seed_required_act_types, migrations.RunPython.noop),
    ]
