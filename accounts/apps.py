from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Пользователи")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site (accounts/admin_site.py); named in
    INSTALLED_APPS in place of django.contrib.admin."""

    default = False  # `accounts` itself is AccountsConfig
    default_site = "accounts.admin_site.PortalAdminSite"
