"""Reference rows every installation starts with (seeded by data migrations).

`ensure_reference_data()` puts back what a test's flush removed; each app contributes a seeding
function taking an app registry, so migrations and tests share one list.
"""

from django.apps import apps as live_apps

from obligations.reference_data import seed_act_types

SEEDERS = [
    ("obligations", "LocalActType", seed_act_types),
]


def ensure_reference_data():
    for app_label, model_name, seed in SEEDERS:
        if not live_apps.get_model(app_label, model_name).objects.exists():
            seed(live_apps)
