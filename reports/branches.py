"""«По подразделениям»: one row per organization one level down the drill-down
(organizations/scope.py), with the figures of its whole subtree, for the dashboard and the
annual report. One query for a page of rows, whatever its length: the rollup's rows
(obligations/tallies.py) of the page's nodes, read by their year's columns — each obligation
counted with its status as its year stands (reports/progress.py), like every other figure of
both pages, whether the year is open or closed. The dashboard's rows are one roadmap's year
(owed, accepted, overdue); the annual report's are every roadmap's and add timeliness
(accepted by the due date)."""

from dataclasses import dataclass, replace

from django.db.models import Q

from obligations import figures
from obligations.models import ObligationTally
from organizations.models import Organization

from . import progress


@dataclass(frozen=True)
class BranchRow:
    """An organization one level down (or, `own`, the node itself for its own obligations)."""

    organization: Organization
    owed: int = 0
    accepted: int = 0
    overdue: int = 0
    on_time: int | None = None  # None: not counted (the dashboard's rows)
    own: bool = False

    @property
    def completeness(self):
        return progress.share(self.accepted, self.owed)

    @property
    def timeliness(self):
        return None if self.on_time is None else progress.share(self.on_time, self.owed)


def dashboard_rows(scope, children, *, roadmap, year, on):
    """The rows of a page of `children` of the drill-down `scope` for a roadmap's year, the
    node's own obligations first."""
    rows = _tallied_rows(scope.node, children, year, on=on, condition=figures.of_roadmap(roadmap))
    return [replace(row, on_time=None) for row in rows]  # the dashboard shows no timeliness


def annual_rows(report, children):
    """The rows of a page of `children` of the annual report's root (`report`: an
    annual.Scope), the root's own obligations first."""
    return _tallied_rows(report.root, children, report.year, on=report.on)


def _tallied_rows(root, children, year, *, on, condition=None):
    """Rows of `year` for `root`'s own obligations and each of `children`'s subtrees (one
    query): the children's rollup rows count their whole subtrees, the root's `own` rows
    only its own obligations."""
    children = list(children)
    rows_of = Q(node__in=[child.pk for child in children])
    if root is not None:
        rows_of |= Q(node=root.pk, own=True)
    rows = ObligationTally.objects.filter(rows_of)
    if condition is not None:
        rows = rows.filter(condition)
    counted = progress.tallied(rows, "node", year, on=on)
    found = []
    if root is not None and root.pk in counted:
        found.append(_from_progress(root, counted[root.pk], own=True))
    empty = progress.Progress()
    return found + [_from_progress(child, counted.get(child.pk, empty)) for child in children]


def _from_progress(organization, counted, *, own=False):
    return BranchRow(
        organization,
        owed=counted.owed,
        accepted=counted.accepted,
        overdue=counted.overdue,
        on_time=counted.on_time,
        own=own,
    )
