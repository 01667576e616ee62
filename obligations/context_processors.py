"""The bell in the top bar: how many unread notices the signed-in person has."""

from django.utils.functional import cached_property

from .inbox import Notice

BELL_LIMIT = 99  # more shows as "99+"


class Bell:
    """Counted once, only if the page shows it (one query)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self):
        return Notice.objects.visible_to(self.user).unread().count()

    @property
    def badge(self):
        return f"{BELL_LIMIT}+" if self.count > BELL_LIMIT else str(self.count)


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": Bell(user)}
