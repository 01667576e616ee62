"""Test data made directly (baker), counted as the services would have it counted."""

from django.db import transaction

from reports import reporting_rollup


def tallied(organization):
    """An organization made directly counted in the reports' rollup of organizations
    (reports/reporting_rollup.py), as organizations/services.py has it counted (in a
    transaction of its own: tests that commit for real have none around their fixtures)."""
    with transaction.atomic():
        reporting_rollup.organization_changed(organization)
    return organization


def made_return(**fields):
    """An indicator return created directly (IndicatorReturn.objects.create's arguments),
    counted in the rollup of returns as reports/returns.py has each counted."""
    from reports.models import IndicatorReturn

    with transaction.atomic():
        indicator_return = IndicatorReturn.objects.create(**fields)
        reporting_rollup.return_changed(indicator_return, before=None)
    return indicator_return
