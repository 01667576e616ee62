"""The office's landing page as data: for one roadmap and year, where each stage stands, what
is overdue or due soon, who is furthest behind, what waits for review, and how this compares
with last year. Figures come from reports/progress.py, the counts per stage and the returns'
figures from the rollups (obligations/tallies.py, reports/reporting_rollup.py); the view only
renders them.

A fixed number of queries whatever the number of organizations: counts read from the
rollups, short lists cut at LIST_LIMIT, organizations fetched by id in one query."""

from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from obligations import figures
from obligations.models import Obligation
from organizations.models import Organization
from roadmap.models import Roadmap, Stage

from . import branches, progress, reporting_rollup
from .models import Indicator, IndicatorReturn, OrganizationTally, ReturnStatus, ReturnTally

LIST_LIMIT = 10


@dataclass
class StageRow:
    stage: Stage
    current: progress.Progress
    previous: progress.Progress


@dataclass
class Dashboard:
    roadmap: object
    year: int
    stages: list = field(default_factory=list)
    current: progress.Progress = progress.Progress()
    previous: progress.Progress = progress.Progress()
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    behind: list = field(default_factory=list)  # [(organization, Progress)]
    awaiting_review: list = field(default_factory=list)
    awaiting_review_count: int = 0
    awaiting_returns: list = field(default_factory=list)  # indicator returns on review
    awaiting_returns_count: int = 0
    schools: "SchoolReturns" = None  # the year's returns of the organizations that owe one
    branches: list = field(default_factory=list)  # «По подразделениям» (reports/branches.py)

    @property
    def previous_year(self):
        return self.year - 1

    @property
    def completeness_change(self):
        return _change(self.current.completeness, self.previous.completeness)

    @property
    def timeliness_change(self):
        return _change(self.current.timeliness, self.previous.timeliness)


@dataclass(frozen=True)
class SchoolReturns:
    """How the organizations that owe a return for the year stand (office and bodies such as
    ТОИПКРО are not among them: reports.models.IndicatorQuerySet.reporting_kinds)."""

    owing: int = 0
    accepted: int = 0
    submitted: int = 0
    returned: int = 0
    draft: int = 0

    @property
    def missing(self):
        """Not started: no return at all."""
        return self.owing - self.accepted - self.submitted - self.returned - self.draft


def owing_a_return(organizations, year):
    """The active organizations among `organizations` that owe an organization's return for
    `year` (two queries when evaluated: the kinds, then the organizations)."""
    kinds = Indicator.objects.for_year(year).reporting_kinds()
    return organizations.active().filter(kind__in=kinds)


def school_returns(scope, year):
    """(SchoolReturns of the organizations of the drill-down `scope`, the number of the
    scope's returns on review), as they stand now — the dashboard is for chasing, and its
    links open the returns list, which shows the current status. From the rollup of
    reports/reporting_rollup.py (three queries, whatever the size of the subtree)."""
    kinds = Indicator.objects.for_year(year).reporting_kinds()
    node = dict(node=scope.node, user=scope.user)
    owing = reporting_rollup.counted(
        reporting_rollup.rows_of(OrganizationTally, **node).filter(kind__in=kinds, is_active=True)
    )
    owes = Q(kind__in=kinds, is_active=True)
    counts = (
        reporting_rollup.rows_of(ReturnTally, **node)
        .filter(year=year)
        .aggregate(
            awaiting=Sum("count", filter=Q(status=ReturnStatus.SUBMITTED), default=0),
            **{
                status: Sum("count", filter=owes & Q(status=status), default=0)
                for status in ("accepted", "submitted", "returned", "draft")
            },
        )
    )
    awaiting = counts.pop("awaiting")
    return SchoolReturns(owing=owing, **counts), awaiting


def _change(now, before):
    """Percentage points of change, or None when either year owes nothing."""
    if now is None or before is None:
        return None
    return now - before


def _sum(rows):
    """The Progress of several groups together (no query)."""
    rows = list(rows)
    names = progress.Progress.__dataclass_fields__
    return progress.Progress(**{name: sum(getattr(r, name) for r in rows) for name in names})


def roadmap_obligations(user, roadmap):
    """The obligations under `roadmap` that `user` may see: where every dashboard read starts.

    The same rule as Obligation.objects.visible_to, said for one roadmap so that PostgreSQL
    gets a plain filter instead of an OR of two subqueries on every aggregate: staff of the
    body that issued the roadmap (or above it) follow all its obligations; anyone else sees
    those of the organizations they see."""
    under = Obligation.objects.filter(responsibility__activity__stage__roadmap=roadmap)
    visible = Organization.objects.visible_to(user)
    follows_all = user.is_admin or (
        user.is_office
        and roadmap.issuer_id is not None
        and visible.filter(pk=roadmap.issuer_id).exists()
    )
    return under if follows_all else under.filter(organization__in=visible.values("pk"))


def within(scope, rows):
    """`rows` (obligations, returns: anything with an organization) of the scope's subtree,
    read as reports.annual.Scope reads it: a subquery the planner sizes (with the SSD page
    cost of settings.py it reads a district of a country by index)."""
    return rows.filter(organization__in=scope.organizations().values("pk"))


def scope_obligations(scope, roadmap):
    """The obligations under `roadmap` of the drill-down `scope` (organizations/scope.py):
    all the user sees at the top; below it the node's subtree's and, if the roadmap was
    issued within the subtree, those of the bodies it names from outside the tree (ТОИПКРО) —
    the rule of every drill-down page (obligations/figures.py), so a district's dashboard says
    the same whether its own staff open it or somebody above drills down to it."""
    obligations = roadmap_obligations(scope.user, roadmap)
    if scope.is_top:
        return obligations
    if figures.issued_within(scope, Roadmap.objects.filter(pk=roadmap.pk)).exists():
        # Issued within the subtree: the subtree and the bodies named from outside owe all
        # of it, and the user (who sees the subtree, hence the issuer) follows all of it.
        return obligations
    return within(scope, obligations)


def stage_progress(scope, roadmap, year, *, on):
    """({stage pk: Progress} of `year`, the same of the year before) in the scope, from the
    rollup's rows that add up to scope_obligations (figures.in_scope): one query, whatever
    the number of organizations."""
    rows = figures.in_scope(scope, Roadmap.objects.filter(pk=roadmap.pk)).filter(
        figures.of_roadmap(roadmap)
    )
    counted = progress.tallied_by_year(
        rows, "responsibility__activity__stage", (year, year - 1), on=on
    )
    return tuple(
        {stage: found for (stage, at), found in counted.items() if at == wanted}
        for wanted in (year, year - 1)
    )


def build(*, scope, roadmap, year, on, children=()):
    """The dashboard of `roadmap` for `year` in the drill-down `scope`, on the date `on`, with
    a row for each of `children` (a page of the organizations one level down)."""
    this_year = progress.owed(scope_obligations(scope, roadmap), year)
    stages = list(Stage.objects.filter(roadmap=roadmap).order_by("position"))
    current, previous = stage_progress(scope, roadmap, year, on=on)
    empty = progress.Progress()
    rows = [StageRow(s, current.get(s.pk, empty), previous.get(s.pk, empty)) for s in stages]
    awaiting = this_year.awaiting_review()
    returns = IndicatorReturn.objects.visible_to(scope.user).for_year(year).awaiting_review()
    if not scope.is_top:
        returns = within(scope, returns)
    schools, awaiting_returns = school_returns(scope, year)
    return Dashboard(
        roadmap=roadmap,
        year=year,
        stages=rows,
        current=_sum(r.current for r in rows),
        previous=_sum(r.previous for r in rows),
        overdue=list(progress.overdue_of(this_year, on=on)[:LIST_LIMIT]),
        due_soon=list(progress.due_soon_of(this_year, on=on)[:LIST_LIMIT]),
        behind=_with_organizations(progress.furthest_behind(this_year, on=on, limit=LIST_LIMIT)),
        awaiting_review=list(awaiting.with_details().order_by("-submitted_at", "-pk")[:LIST_LIMIT]),
        awaiting_review_count=awaiting.count(),
        awaiting_returns=list(
            returns.select_related("organization").order_by("-submitted_at", "-pk")[:LIST_LIMIT]
        ),
        awaiting_returns_count=awaiting_returns,
        schools=schools,
        branches=branches.dashboard_rows(scope, children, roadmap=roadmap, year=year, on=on),
    )


def _with_organizations(rows):
    """[(organization, Progress)] from [(organization id, Progress)], one query."""
    found = Organization.objects.in_bulk([pk for pk, _row in rows])
    return [(found[pk], row) for pk, row in rows if pk in found]


# What a figure's list shows: the obligations behind it (reports:obligations?state=...).
STATES = {
    "owed": (_("Все обязательства года"), lambda qs, on: qs),
    "accepted": (_("Принято"), lambda qs, on: qs.filter(progress.ACCEPTED)),
    "on_time": (_("Принято в срок"), lambda qs, on: qs.filter(progress.ON_TIME)),
    "late": (
        _("Не принято в срок"),
        lambda qs, on: qs.exclude(progress.ON_TIME),
    ),
    "overdue": (
        _("Просрочено"),
        lambda qs, on: qs.filter(progress.overdue_condition(on=on)),
    ),
    "due_soon": (
        _("Срок в ближайшие 30 дней"),
        lambda qs, on: qs.filter(progress.due_soon_condition(on=on)),
    ),
    "submitted": (_("На проверке"), lambda qs, on: qs.filter(progress.in_status("submitted"))),
    "returned": (
        _("Возвращено на доработку"),
        lambda qs, on: qs.filter(progress.in_status("returned")),
    ),
    "not_started": (
        _("Не начато"),
        lambda qs, on: qs.filter(progress.in_status("not_started")),
    ),
}


def obligations_in_state(obligations, state, *, on):
    """(title, queryset) of the obligations behind one figure; KeyError for an unknown state."""
    title, narrow = STATES[state]
    return title, narrow(obligations, on)
