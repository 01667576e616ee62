from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "obligations"
    verbose_name = _("Обязательства и подтверждения")

    def ready(self):
        from organizations.signals import organization_changed
        from roadmap.signals import edition_activated, responsibilities_changed

        from . import head_list, receivers

        responsibilities_changed.connect(receivers.roadmap_changed, dispatch_uid="obligations-sync")
        organization_changed.connect(receivers.organization_changed, dispatch_uid="obligations-org")
        edition_activated.connect(receivers.edition_activated, dispatch_uid="obligations-edition")
        head_list.connect()
