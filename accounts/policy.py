"""Who may do what: the one place where access is decided.

Three kinds of rule, each asked by views, templates' flags, services and notifications alike,
so that a page never offers what a service would refuse:
- capabilities: may this user open this kind of page or do this kind of action at all?
  Views declare them with `@requires(...)`; the menu asks `can(...)`. A wrong role gets 403.
- visibility: which rows may this user reach? `fetch_for_user` starts from the queryset's
  `visible_to(user)`, so another organization's object answers 404 and nothing about it leaks.
- object rules: named predicates (`may_fill_in`, `may_review`, `may_chase`,
  `may_edit_roadmap`, ...) combining a capability with the object's own state, which the
  object reports through its model (`obligation.is_editable`, `obligation.awaits_review`).

This module imports no other app of the portal (objects are asked, never imported), so every
app may import it without a cycle; `mentorship_portal/tests/test_architecture.py` checks it.
"""

from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import Role, User


class Capability(StrEnum):
    VIEW_OWN_ORGANIZATION = "view_own_organization"  # "Моя организация"
    VIEW_STAFF_PAGES = "view_staff_pages"  # roadmap status, organizations, matrix
    REVIEW_EVIDENCE = "review_evidence"  # accept / return, chase
    EDIT_DEADLINES = "edit_deadlines"  # set what the deadline parser flagged
    MANAGE_ROADMAPS = "manage_roadmaps"  # import, activate, archive
    EXPORT_REPORTS = "export_reports"
    MANAGE_MONITORING = "manage_monitoring"  # indicators, required acts, closing a year
    REOPEN_YEARS = "reopen_years"  # undo the closing of a reporting year
    USE_ADMIN_SITE = "use_admin_site"
    EDIT_METHODOLOGY = "edit_methodology"  # efficiency criteria: drafts, new versions
    APPROVE_METHODOLOGY = "approve_methodology"  # approve / retire: an official act
    COMPUTE_SCORES = "compute_scores"  # efficiency scores and the ranking
    MANAGE_ORGANIZATIONS = "manage_organizations"  # add, edit, move, close (own subtree)
    MANAGE_USERS = "manage_users"  # invite, reset, deactivate, change role (own subtree)


def _is_staff(user):
    return user.is_admin or user.is_office


_RULES = {
    Capability.VIEW_OWN_ORGANIZATION: lambda user: user.is_school_head,
    Capability.VIEW_STAFF_PAGES: _is_staff,
    Capability.REVIEW_EVIDENCE: _is_staff,
    Capability.EDIT_DEADLINES: _is_staff,
    Capability.MANAGE_ROADMAPS: lambda user: user.is_admin,
    Capability.EXPORT_REPORTS: _is_staff,  # the annual report is the office's own work
    Capability.MANAGE_MONITORING: _is_staff,
    Capability.REOPEN_YEARS: lambda user: user.is_admin,
    # Administrators, and office staff for the lists that let them in (the obligation list
    # with its review actions: the admin as a second door); ModelAdmins ask `can` too.
    Capability.USE_ADMIN_SITE: lambda user: (user.is_admin and user.is_staff) or user.is_office,
    Capability.EDIT_METHODOLOGY: _is_staff,
    # Approving the criteria stands for the office's order that adopts them: the
    # administrator (who acts for the head of the office) does it, staff prepare the draft.
    Capability.APPROVE_METHODOLOGY: lambda user: user.is_admin,
    Capability.COMPUTE_SCORES: _is_staff,
    Capability.MANAGE_ORGANIZATIONS: _is_staff,
    Capability.MANAGE_USERS: _is_staff,
}

# The roles whose members fill in their own organization's obligations: a school's head, and
# office staff for the office's own obligations. Administrators only review.
ACTING_ROLES = (Role.SCHOOL_HEAD, Role.OFFICE)


def _signed_in(user):
    return user.is_authenticated and user.is_active


def can(user, capability):
    """Whether `user` holds `capability`; anonymous users hold none."""
    if not _signed_in(user):
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


# --- Fetching one object ---------------------------------------------------------------------


def fetch_for_user(queryset, user, **lookup):
    """The object if `user` may see it, else 404 (unseen objects do not exist for them)."""
    return get_object_or_404(queryset.visible_to(user), **lookup)


def fetch_for_edit(queryset, user, **lookup):
    """The object to change: 404 if `user` may not see it, 403 if they may only read it.
    The queryset's `editable_by(user)` says which rows a user may change."""
    obj = fetch_for_user(queryset, user, **lookup)
    if not queryset.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


# --- Object rules ----------------------------------------------------------------------------


def acting_organization_id(user):
    """The organization whose obligations `user` fills in, or None: a school's head for the
    school, office staff for the office's own obligations; administrators only review."""
    if not _signed_in(user) or user.is_admin or user.role not in ACTING_ROLES:
        return None
    return user.organization_id


def acts_for(user, organization_id):
    """Whether `user` fills in obligations for this organization (see acting_organization_id).
    Reviewing is a different thing: may_review."""
    return organization_id is not None and acting_organization_id(user) == organization_id


def people_acting_for(organization_ids):
    """The active users answerable for these organizations' obligations (mail goes to them):
    the same people acting_organization_id() names, as a query."""
    return User.objects.filter(
        organization_id__in=organization_ids, is_active=True, role__in=ACTING_ROLES
    ).exclude(is_superuser=True)


def people_reviewing(obligation):
    """The office staff told of a submission: active office members whose office sees the
    organization (its office or one above) or issued the roadmap, never the organization's
    own people (may_review leaves their own submissions to someone else)."""
    lineage = type(obligation.organization).objects.lineage_of
    issuer = obligation.responsibility.activity.stage.roadmap.issuer
    offices = lineage(obligation.organization).values("pk")
    condition = Q(organization__in=offices)
    if issuer is not None:
        condition |= Q(organization__in=lineage(issuer).values("pk"))
    return (
        User.objects.filter(condition, is_active=True, role=Role.OFFICE)
        .exclude(organization_id=obligation.organization_id)
        .distinct()
    )


def may_fill_in(user, obligation):
    """Add, replace or remove evidence, mark progress: the organization's own people, while
    the obligation is open, not archived, and its reporting year not closed."""
    return (
        acts_for(user, obligation.organization_id)
        and obligation.is_editable
        and may_change_year(user, obligation.organization, obligation.reporting_year)
    )


def may_start(user, obligation):
    """Mark an untouched obligation as being worked on."""
    return may_fill_in(user, obligation) and obligation.is_untouched


def may_submit(user, obligation, *, has_evidence):
    """Send for review: only with at least one piece of evidence present."""
    return may_fill_in(user, obligation) and has_evidence


def may_review(user, obligation):
    """Accept or return: staff, on a submission awaiting review, never their own
    organization's (another staff member or an administrator reviews that)."""
    return (
        can(user, Capability.REVIEW_EVIDENCE)
        and obligation.awaits_review
        and not obligation.is_archived
        and not acts_for(user, obligation.organization_id)
    )


def may_chase(user, obligation):
    """Remind the organization: staff, while the organization still has to act."""
    return can(user, Capability.REVIEW_EVIDENCE) and obligation.is_open


def may_edit_roadmap(user, roadmap):
    """Correct deadlines and responsible bodies of this roadmap (not just read it): staff,
    for roadmaps issued within their own part of the tree (`Roadmap.objects.editable_by`)."""
    return (
        can(user, Capability.EDIT_DEADLINES)
        and type(roadmap).objects.editable_by(user).filter(pk=roadmap.pk).exists()
    )


# --- Reporting years and the annual monitoring -----------------------------------------------


def year_is_closed(organization, year):
    """Whether the office over `organization` (or a body above it) has closed `year`. Asked
    through the organization's own queryset (its lineage's reporting years), so that this
    module imports no app."""
    if year is None:
        return False
    lineage = type(organization).objects.lineage_of(organization)
    return lineage.filter(reporting_years__year=year, reporting_years__is_closed=True).exists()


def may_change_year(user, organization, year):
    """Whether what `organization` entered for `year` (obligations, evidence, the indicator
    return) may still change: not once its office has closed the year. Reviews are not
    entries and are not stopped by it; an administrator reopens a year to correct it."""
    return not year_is_closed(organization, year)


def may_fill_in_return(user, indicator_return):
    """Enter the year's indicator values: the organization's own people (the office's staff
    for the office's indicators), while the return is a draft or returned and the year open."""
    return (
        acts_for(user, indicator_return.organization_id)
        and indicator_return.is_editable
        and may_change_year(user, indicator_return.organization, indicator_return.year)
    )


def may_review_return(user, indicator_return):
    """Accept or return a submitted return: staff, never their own organization's."""
    return (
        can(user, Capability.REVIEW_EVIDENCE)
        and indicator_return.awaits_review
        and not acts_for(user, indicator_return.organization_id)
    )


# --- Efficiency methodologies and scores -----------------------------------------------------


def may_edit_methodology(user, methodology):
    """Create a methodology (`methodology` None), or change one: staff, drafts only (an
    approved methodology scored years with it and never changes; a new version does)."""
    return can(user, Capability.EDIT_METHODOLOGY) and (methodology is None or methodology.is_draft)


def may_approve_methodology(user, methodology):
    return can(user, Capability.APPROVE_METHODOLOGY) and methodology.is_draft


def may_retire_methodology(user, methodology):
    return can(user, Capability.APPROVE_METHODOLOGY) and methodology.is_approved


# --- Organizations and people ----------------------------------------------------------------


def may_manage_organization(user, organization):
    """Edit, move, close or reopen `organization`: administrators any; office staff those
    below their own body (`Organization.objects.editable_by`)."""
    return (
        can(user, Capability.MANAGE_ORGANIZATIONS)
        and type(organization).objects.editable_by(user).filter(pk=organization.pk).exists()
    )


def may_place_under(user, parent):
    """Add or move an organization under `parent`: within the user's own subtree (so a
    region's staff may move a school between its districts); only an administrator adds a
    top-level body (`parent` None)."""
    if not can(user, Capability.MANAGE_ORGANIZATIONS):
        return False
    if parent is None:
        return user.is_admin
    return type(parent).objects.visible_to(user).filter(pk=parent.pk).exists()


def grantable_roles(user):
    """The roles `user` may give: administrators any; office staff never an administrator."""
    if not can(user, Capability.MANAGE_USERS):
        return []
    if user.is_admin:
        return list(Role)
    return [Role.OFFICE, Role.SCHOOL_HEAD]


def may_manage_user(user, target):
    """Invite again, reset the password, deactivate, change the role of `target`: staff, for
    people of organizations in their subtree, never themselves, and (unless an administrator)
    never an administrator (`User.objects.editable_by`)."""
    return (
        can(user, Capability.MANAGE_USERS)
        and User.objects.editable_by(user).filter(pk=target.pk).exists()
    )


def may_grant_role(user, target, role):
    """Give `target` the role `role` (also when inviting: `target` None)."""
    if target is not None and not may_manage_user(user, target):
        return False
    return role in grantable_roles(user)


def may_assign_organization(user, organization):
    """Tie a person to `organization` (inviting, changing a role): one of the user's own
    subtree's active organizations."""
    return (
        can(user, Capability.MANAGE_USERS)
        and organization is not None
        and organization.is_active
        and type(organization).objects.visible_to(user).filter(pk=organization.pk).exists()
    )
