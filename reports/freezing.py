"""Writing down a closed year's statuses (reports/year_models.py says why). Called by
reports/years.py inside the closing and reopening transactions; one INSERT … SELECT per table
whatever the number of organizations, so closing a year of 20 000 schools stays a moment."""

from django.db import connection
from django.db.models import F

from obligations import rollup
from obligations.models import Obligation
from organizations.models import Organization

from . import indicator_rollup, reporting_rollup
from .models import FrozenObligation, FrozenReturn, IndicatorReturn


def _year_obligations(office, year):
    subtree = Organization.objects.subtree_of(office).values("pk")
    return Obligation.objects.filter(organization__in=subtree).for_year(year)


def _year_returns(office, year):
    subtree = Organization.objects.subtree_of(office).values("pk")
    return IndicatorReturn.objects.filter(organization__in=subtree, year=year)


def _insert_from(model, columns, queryset):
    """INSERT INTO model (columns) SELECT … — the queryset's values, in the database."""
    sql, params = queryset.order_by().values_list(*columns.values()).query.sql_with_params()
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)  # noqa: S608 (ORM SQL)


def freeze_year(office, year):
    """Write down the status of every obligation and indicator return of `year` in the
    subtree of `office` that is not frozen yet (a body above may have closed the year first:
    its moment stands)."""
    _insert_from(
        FrozenObligation,
        {"obligation_id": "pk", "status": "status", "reviewed_at": "reviewed_at"},
        _year_obligations(office, year).filter(frozen__isnull=True),
    )
    _insert_from(
        FrozenReturn,
        {"indicator_return_id": "pk", "status": "status"},
        _year_returns(office, year).filter(frozen__isnull=True),
    )


def thaw_year(office, year):
    """Forget the frozen statuses of `year` in the subtree: the year is open again. The
    rollup's year columns (obligations/tallies.py) move the obligations whose status or review
    changed since the close to where they stand now; freezing needed no such step, since at
    the close the frozen state is the current one."""
    change = rollup.Change()
    frozen = (
        _year_obligations(office, year)
        .filter(frozen__isnull=False, is_archived=False)
        .exclude(frozen__status=F("status"), frozen__reviewed_at=F("reviewed_at"))
        .select_related("frozen")
    )
    for obligation in frozen.iterator(chunk_size=2000):
        now = rollup.counted(obligation)
        closed = (obligation.frozen.status, obligation.frozen.reviewed_at)
        change.move(now._replace(frozen=closed), now._replace(frozen=None))
    FrozenObligation.objects.filter(obligation__in=_year_obligations(office, year)).delete()
    change.apply()
    # Likewise the indicators' totals (reports/indicator_rollup.py) and the returns' counts
    # (reports/reporting_rollup.py): the returns whose status moved since the close.
    moved = list(
        _year_returns(office, year)
        .filter(frozen__isnull=False)
        .exclude(frozen__status=F("status"))
        .values_list("pk", "frozen__status")
    )
    FrozenReturn.objects.filter(indicator_return__in=_year_returns(office, year)).delete()
    indicator_rollup.returns_reopened(moved)
    reporting_rollup.returns_reopened(moved)
