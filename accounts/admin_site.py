"""The Django admin's site, opened by the access policy rather than by Django's `is_staff`
flag: administrators see everything; office staff come in as a second door to the lists
that let them (the obligation list with its review actions), and see nothing else there."""

from django.contrib import admin

from .policy import Capability, can


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return can(request.user, Capability.USE_ADMIN_SITE)
