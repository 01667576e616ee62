from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Фоновые задания")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app declares its kinds of job in its own jobs.py (see jobs/registry.py).
        autodiscover_modules("jobs")
