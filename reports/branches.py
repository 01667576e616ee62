"""«По подразделениям»: one row per organization one level down the drill-down
(organizations/scope.py), with the figures of its whole subtree, for the dashboard and the
annual report. A fixed number of queries for a page of rows, whatever its length:

- the dashboard's rows (a roadmap's year: owed, accepted, overdue) are read from the rollup
  (obligations/figures.py), like the summary's, while the year is open everywhere in the scope
  (the rollup counts current statuses; a closed year's figures keep those at its close);
- the annual report's rows add timeliness (accepted by the due date), which the rollup does
  not keep, and count each obligation with its status as the year stands (reports/progress.py),
  like every other figure of the report: one grouped read of the year's obligations, each
  counted under the row it belongs to (`_branch_of`)."""

from dataclasses import dataclass

from django.db.models import F, IntegerField, Q, Value, When
from django.db.models.expressions import Case

from mentorship_portal.queries import AnyOf
from obligations import figures
from organizations.models import MAX_TREE_DEPTH, Organization

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


def dashboard_rows(scope, children, *, roadmap, year, obligations, on):
    """The rows of a page of `children` of the drill-down `scope` for a roadmap's year, the
    node's own obligations first. From the rollup (two queries: the children's subtrees, the
    node's own), which counts current statuses; once the year is closed somewhere in the
    scope (some of `obligations`, the dashboard's, have a frozen status), from `obligations`
    as the year stands instead, so that the rows add up to the dashboard's figures (one
    query). Either way one query first asks which."""
    if obligations.filter(frozen__isnull=False).exists():
        return _grouped_rows(obligations, scope.node, children, on=on)
    condition = figures.of_roadmap(roadmap) & figures.for_year(year)
    counted = figures.subtree_figures(children, on=on, condition=condition)
    rows = []
    if scope.node is not None:
        own = figures.own_figures(scope.node, on=on, condition=condition)
        if own.total:
            rows.append(_from_figures(scope.node, own, own=True))
    empty = figures.Figures()
    rows += [_from_figures(child, counted.get(child.pk, empty)) for child in children]
    return rows


def _from_figures(organization, counted, *, own=False):
    return BranchRow(
        organization,
        owed=counted.total,
        accepted=counted.accepted,
        overdue=counted.overdue,
        own=own,
    )


def annual_rows(report, children):
    """The rows of a page of `children` of the annual report's root (`report`: an
    annual.Scope), the root's own obligations first; one query."""
    return _grouped_rows(report.obligations, report.root, children, on=report.on)


def _grouped_rows(obligations, root, children, *, on):
    """Rows of `obligations` (owed in a year, with their status as it stands: progress.owed)
    for `root`'s own and each of `children`'s subtrees: one grouped query."""
    children = list(children)
    child_ids = [child.pk for child in children]
    # Only the obligations of the page's rows: the children's subtrees (by index) and the
    # root's own, not every obligation of the root's subtree (a district of 20 000 schools).
    rows_of = Q(AnyOf("organization_id", Organization.objects.subtrees_of(child_ids).values("pk")))
    if root is not None:
        rows_of |= Q(organization=root.pk)
    branch = _branch_of(root, child_ids)
    counted = progress.grouped(
        obligations.filter(rows_of).annotate(branch=branch).filter(branch__isnull=False),
        "branch",
        on=on,
    )
    rows = []
    if root is not None and root.pk in counted:
        rows.append(_from_progress(root, counted[root.pk], own=True))
    empty = progress.Progress()
    rows += [_from_progress(child, counted.get(child.pk, empty)) for child in children]
    return rows


def _from_progress(organization, counted, *, own=False):
    return BranchRow(
        organization,
        owed=counted.owed,
        accepted=counted.accepted,
        overdue=counted.overdue,
        on_time=counted.on_time,
        own=own,
    )


def _branch_of(root, child_ids):
    """The row an obligation counts under: the child among `child_ids` that its organization
    is or lies below (read up its few ancestors), the root for the root's own; else NULL."""
    whens = [When(organization=root.pk, then=Value(root.pk))] if root is not None else []
    lookup = "organization"
    for _level in range(MAX_TREE_DEPTH):
        if child_ids:
            whens.append(When(**{f"{lookup}__in": child_ids}, then=F(lookup)))
        lookup += "__parent"
    if not whens:
        return Value(None, output_field=IntegerField())
    return Case(*whens, default=None, output_field=IntegerField())
