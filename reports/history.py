"""Reads of the reference data's history (reports/year_models.ReferenceChange): who changed
an indicator or a kind's required local-act package, when, and what; shown on their pages."""

from organizations.models import OrganizationKind

from .models import ReferenceChange, ReferenceSubject

SHOWN = 30


def indicator_changes(indicator):
    """The latest changes of one indicator, newest first (one query)."""
    return list(indicator.changes.select_related("actor")[:SHOWN])


def package_changes():
    """The latest changes of the required packages, newest first, each with the Russian name
    of the kind of organization it concerns (one query)."""
    changes = list(
        ReferenceChange.objects.filter(subject=ReferenceSubject.PACKAGE).select_related("actor")[
            :SHOWN
        ]
    )
    labels = dict(OrganizationKind.choices)
    for change in changes:
        change.kind_label = labels.get(change.organization_kind, change.organization_kind)
    return changes
