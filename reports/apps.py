from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Отчёты")

    def ready(self):
        from organizations.signals import organization_changed

        from . import receivers

        organization_changed.connect(receivers.organization_changed, dispatch_uid="reports-org")
