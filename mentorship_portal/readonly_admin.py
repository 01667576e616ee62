"""The Django admin reads; services write. Admin classes for rows that only services may
write (history, sent mail, evidence, obligations) mix this in."""


class ViewOnly:
    """Shown for reference: never added, changed or deleted through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
