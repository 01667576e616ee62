"""Who may do what: the one place where access is decided.

Two mechanisms, each used everywhere:
- capabilities (this module): may this user open this kind of page or do this kind of action?
  Views declare them with `@requires(...)`; navigation asks `can(...)`. A wrong role gets 403.
- visibility (querysets): which rows may this user reach? Every view starts from
  `Model.objects.visible_to(user)`, so another organization's object answers 404 and nothing
  about it leaks.
"""

from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied


class Capability(StrEnum):
    VIEW_OWN_ORGANIZATION = "view_own_organization"  # "Моя организация"
    VIEW_STAFF_PAGES = "view_staff_pages"  # roadmap status, organizations, matrix
    REVIEW_EVIDENCE = "review_evidence"  # accept / return, chase
    EDIT_DEADLINES = "edit_deadlines"  # set what the deadline parser flagged
    MANAGE_ROADMAPS = "manage_roadmaps"  # import, activate, archive
    EXPORT_REPORTS = "export_reports"
    USE_ADMIN_SITE = "use_admin_site"


def _is_staff(user):
    return user.is_admin or user.is_office


_RULES = {
    Capability.VIEW_OWN_ORGANIZATION: lambda user: user.is_school_head,
    Capability.VIEW_STAFF_PAGES: _is_staff,
    Capability.REVIEW_EVIDENCE: _is_staff,
    Capability.EDIT_DEADLINES: _is_staff,
    Capability.MANAGE_ROADMAPS: lambda user: user.is_admin,
    Capability.EXPORT_REPORTS: lambda user: user.is_admin,
    Capability.USE_ADMIN_SITE: lambda user: user.is_admin and user.is_staff,
}


def can(user, capability):
    """Whether `user` holds `capability`; anonymous users hold none."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _RULES[Capability(capability)](user)


def requires(capability):
    """View decorator: 403 unless the user holds `capability` (login is required globally)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def can_act_for(user, organization_id):
    """Whether `user` fills in evidence for this organization: its own head, or office staff
    for the office's own obligations. (Reviewing is REVIEW_EVIDENCE, a different thing.)"""
    if not user.is_authenticated or not user.is_active:
        return False
    return (user.is_school_head or user.is_office) and user.organization_id == organization_id
