"""Figures for the drill-down pages, read from the rollup (obligations/tallies.py) instead of
the obligations: a subtree's counts are the rows of its node, an organization's own counts
its `own` rows. Plain functions over a scope (organizations/scope.py), without requests.

What a scope covers is what `Obligation.objects.visible_to` gives within it: the
obligations of the organizations in the subtree and, where the subtree issued the roadmap,
those of the bodies it names from outside the tree (the regional institute in a district's
roadmap: `followed_outside`).
"""

from dataclasses import dataclass

from django.db.models import Case, Exists, OuterRef, Q, Sum, Value, When

from mentorship_portal.queries import AnyOf
from organizations.models import Organization, sort_name
from roadmap.models import PartyKind, ResponsibleParty, Roadmap

from .models import OPEN_STATUSES, ObligationStatus
from .tallies import ObligationTally

EVERY_ROW = Q()  # the default `condition`: no narrowing


@dataclass(frozen=True)
class Figures:
    total: int = 0
    accepted: int = 0
    submitted: int = 0
    returned: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def percent(self):
        """Share accepted, in whole per cent; None when nothing is owed."""
        return round(100 * self.accepted / self.total) if self.total else None


def sums(*, on):
    """The aggregates of Figures over rollup rows, for .annotate() or .aggregate()."""

    def counted(condition=None):
        return Sum("count", filter=condition, default=0)

    return {
        "total": counted(),
        "accepted": counted(Q(status=ObligationStatus.ACCEPTED)),
        "submitted": counted(Q(status=ObligationStatus.SUBMITTED)),
        "returned": counted(Q(status=ObligationStatus.RETURNED)),
        "open": counted(Q(status__in=OPEN_STATUSES)),
        "overdue": counted(Q(status__in=OPEN_STATUSES, due_date__lt=on)),
    }


def for_year(year):
    """Rows of a reporting year: the twin of Obligation.objects.for_year()."""
    return Q(period_year=year) | Q(period_year=0, due_date__year=year)


def for_period_year(year):
    """Yearly rows of `year` and every one-off row: the twin of for_period_year()."""
    return Q(period_year=year) | Q(period_year=0)


def of_roadmap(roadmap):
    return Q(responsibility__activity__stage__roadmap=roadmap)


def issued_within(scope, roadmaps):
    """Those of `roadmaps` (a queryset) issued by an organization of the scope."""
    return roadmaps.filter(scope.holds("issuer"))


def followed_outside(scope, issued):
    """Organizations outside the scope named in `issued` (roadmaps issued within the scope),
    whose obligations under them the scope follows (a subquery)."""
    return (
        ResponsibleParty.objects.filter(
            kind=PartyKind.ORGANIZATION, responsibility__activity__stage__roadmap__in=issued
        )
        .exclude(scope.holds("organization"))
        .values("organization")
    )


def in_scope(scope, roadmaps=None):
    """The rollup rows that add up to the scope's figures (under `roadmaps`, else all)."""
    if scope.node is None:  # everything: the roots' rows cover the whole tree
        rows = ObligationTally.objects.filter(node__parent__isnull=True)
        return (
            rows
            if roadmaps is None
            else rows.filter(responsibility__activity__stage__roadmap__in=roadmaps)
        )
    issued = issued_within(scope, Roadmap.objects.all() if roadmaps is None else roadmaps)
    # AnyOf: a list the planner looks up by index, not a subquery tested on every row of
    # the OR (mentorship_portal/queries.py).
    outside = Q(
        AnyOf("node_id", followed_outside(scope, issued)),
        own=True,
        responsibility__activity__stage__roadmap__in=issued,
    )
    inside = Q(node=scope.node)
    if roadmaps is not None:
        inside &= Q(responsibility__activity__stage__roadmap__in=roadmaps)
    return ObligationTally.objects.filter(inside | outside)


def scope_figures(scope, *, on, condition=EVERY_ROW):
    """The scope's figures in one query."""
    return Figures(**in_scope(scope).filter(condition).aggregate(**sums(on=on)))


def subtree_figures(organizations, *, on, condition=EVERY_ROW):
    """{organization pk: Figures of its whole subtree}, one query for a page of them."""
    rows = (
        ObligationTally.objects.filter(condition, node__in=organizations)
        .values("node")
        .annotate(**sums(on=on))
    )
    return {row.pop("node"): Figures(**row) for row in rows}


def own_figures(organization, *, on, condition=EVERY_ROW):
    """The organization's own obligations, without those below it."""
    rows = ObligationTally.objects.filter(condition, node=organization, own=True)
    return Figures(**rows.aggregate(**sums(on=on)))


def activity_figures(scope, roadmap, *, on, condition=EVERY_ROW):
    """{activity pk: Figures} of one roadmap within the scope, one query."""
    rows = (
        in_scope(scope, Roadmap.objects.filter(pk=roadmap.pk))
        .filter(condition, of_roadmap(roadmap))
        .values("responsibility__activity")
        .annotate(**sums(on=on))
    )
    return {row.pop("responsibility__activity"): Figures(**row) for row in rows}


def column_figures(organizations, *, on, by_activity, condition=EVERY_ROW):
    """{organization pk: {matrix column key: Figures}} for the subtrees of `organizations`:
    the aggregated cells of a matrix row that stands for a district. One query."""
    column = ("responsibility", "period_year") if by_activity else ("responsibility__activity",)
    rows = (
        ObligationTally.objects.filter(condition, node__in=organizations)
        .values("node", *column)
        .annotate(**sums(on=on))
    )
    cells = {}
    for row in rows:
        node = row.pop("node")
        if by_activity:
            key = (row.pop("responsibility"), row.pop("period_year") or None)
        else:
            key = row.pop("responsibility__activity")
        cells.setdefault(node, {})[key] = Figures(**row)
    return cells


def matrix_organizations(scope, roadmap, condition):
    """The rows of a roadmap's matrix in a scope: the node itself (its own obligations), each
    organization one level down whose subtree owes any of the columns, and the bodies it
    follows from outside; the node first, then by name."""
    shown = ObligationTally.objects.filter(
        condition, of_roadmap(roadmap), count__gt=0, node=OuterRef("pk")
    )
    if scope.node is None:
        members = Q(parent__isnull=True) & Exists(shown)
        first = Value(1)
    else:
        issued = issued_within(scope, Roadmap.objects.filter(pk=roadmap.pk))
        outside = followed_outside(scope, issued)
        # The candidates first, as conditions the planner answers from the indexes (a
        # BitmapOr); alone, the OR of EXISTS below reads every organization of the country.
        nearby = Q(parent=scope.node) | Q(pk=scope.node.pk) | AnyOf("id", outside)
        members = nearby & (
            (Q(parent=scope.node) & Exists(shown))
            | ((Q(pk=scope.node.pk) | Q(pk__in=outside)) & Exists(shown.filter(own=True)))
        )
        first = Case(When(pk=scope.node.pk, then=Value(0)), default=Value(1))
    return (
        Organization.objects.filter(members)
        .annotate(has_children=Exists(Organization.objects.filter(parent=OuterRef("pk"))))
        .order_by(first, sort_name(), "pk")
    )
