"""The annual report as rows: plain functions over one Scope (a year, a subtree, the user who
asks) that yield what the report page, the xlsx and the docx show. Writers only format.

Years stay true: every figure reads only data of the scope's year — obligations `for_year`,
evidence by effective date, that year's indicator return — so entering a later year never
changes an earlier report.

Each function costs a fixed number of queries whatever the number of organizations; the row
generators stream (`iterator()`), so an export of 20 000 organizations keeps memory flat."""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum, TextField, Value
from django.db.models.functions import Coalesce

from obligations.models import (
    CompletionTally,
    EventAction,
    Obligation,
    ObligationEvent,
    ObligationTally,
)
from organizations.models import EDUCATIONAL_KINDS, Organization, OrganizationKind, sort_name
from roadmap.models import Activity, Programme, RoadmapStatus

from . import progress, reporting_rollup
from .models import (
    REPORTED_STATUSES,
    Indicator,
    IndicatorReturn,
    IndicatorTally,
    OrganizationTally,
    ReturnTally,
)

CHUNK = 2000
OTHER_KINDS = [kind for kind in OrganizationKind.values if kind not in EDUCATIONAL_KINDS]


@dataclass(frozen=True)
class Scope:
    """What one report covers: `year`, the subtree under `root` (None: everything the user
    sees), as `user` sees it (None: a command, which sees everything), with overdue counted
    on the date `on`."""

    user: object
    year: int
    root: Organization | None
    on: object

    @property
    def previous_year(self):
        return self.year - 1

    def organizations_all(self):
        """Every organization of the subtree. The root was fetched through the user's
        visibility (organizations/scope.scope_for), and a subtree of a visible
        organization is visible, so the subtree alone is the rule here — one hashed subquery
        that PostgreSQL plans well at 100 000 organizations."""
        if self.root is not None:
            return Organization.objects.subtree_of(self.root)
        if self.user is not None:
            return Organization.objects.visible_to(self.user)
        return Organization.objects.all()

    def owing_obligations(self):
        """Every obligation of the subtree's organizations (obligations of organizations the
        user sees are theirs to see: Obligation.objects.visible_to). A subquery, not AnyOf:
        its list hides the subtree's size from the planner, which then sorted the 500 000
        obligations of a district of 20 000 schools on disk; with random_page_cost set for
        SSD (settings.py) the subquery also reads a small district by index."""
        if self.covers_everything:
            return Obligation.objects.all()  # everything: no list of 100 000 ids to test
        return Obligation.objects.filter(organization__in=self.organizations_all().values("pk"))

    @property
    def covers_everything(self):
        """The whole tree (an administrator or a command at the top): reads of rows by
        organization need no filter then, rather than a test against 100 000 ids."""
        return self.root is None and (self.user is None or self.user.is_admin)

    def tally_rows(self):
        """The rollup's rows (obligations/tallies.py) that add up to owing_obligations(): the
        root's (its own and its subtree's), at the top the roots', for office staff without
        a root their body's; one index read instead of a scan of the obligations."""
        return self._rows_of(ObligationTally)

    def completion_rows(self):
        """The rollup's "did everything" counts (CompletionTally) of the same nodes."""
        return self._rows_of(CompletionTally)

    def indicator_rows(self):
        """The indicators' rollup (IndicatorTally) of the same nodes."""
        return self._rows_of(IndicatorTally)

    def _rows_of(self, model):
        return reporting_rollup.rows_of(model, node=self.root, user=self.user)

    def obligations_of(self, year):
        """The obligations owed in `year` by the subtree's organizations."""
        return progress.owed(self.owing_obligations(), year)

    @cached_property
    def obligations(self):
        return self.obligations_of(self.year)

    @cached_property
    def reporting_kinds(self):
        """The kinds that owe an organization's return for the year (one query, read once
        by the counts and the names of who has not reported)."""
        return Indicator.objects.for_year(self.year).reporting_kinds()

    def reporting_organizations(self):
        """The organizations a report lists: educational ones in operation, and any other
        that owes something this year (the office itself), by name."""
        # From the few bodies of the subtree that are not educational to their obligations
        # (EXISTS): the other way round read the obligations of every organization.
        return (
            self.organizations_all()
            .filter(
                Q(kind__in=EDUCATIONAL_KINDS, is_active=True)
                | Q(pk__in=self.owing_others().values("pk"))
            )
            .order_by(sort_name(), "pk")
        )

    def owing_others(self):
        """The subtree's bodies that are not educational and owe something this year (the
        office): a handful, found through the index on kind."""
        owes = Obligation.objects.filter(organization=OuterRef("pk"), is_archived=False)
        return self.organizations_all().filter(
            Exists(owes.for_year(self.year)), kind__in=OTHER_KINDS
        )

    def organization_rows(self):
        """The rollup's counts of organizations (OrganizationTally) of the same nodes."""
        return self._rows_of(OrganizationTally)

    def return_rows(self):
        """The rollup's counts of indicator returns (ReturnTally) of the same nodes."""
        return self._rows_of(ReturnTally)


# --- Key figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigures:
    year: int
    current: progress.Progress
    previous: progress.Progress
    organizations: int
    organizations_owing: int
    organizations_complete: int

    @property
    def completeness_change(self):
        return _difference(self.current.completeness, self.previous.completeness)

    @property
    def timeliness_change(self):
        return _difference(self.current.timeliness, self.previous.timeliness)


def _difference(now, before):
    return None if now is None or before is None else now - before


def key_figures(scope, activities=None, organizations=None):
    """The year's totals beside last year's: from the activities' counts (ActivityCounts,
    given or read in one query), the organizations done (one read of the rollup), and the
    organizations counted (given, or one count)."""
    activities = ActivityCounts.of(scope) if activities is None else activities
    owing, complete = progress.completion_of(scope.completion_rows(), scope.year)
    if organizations is None:
        organizations = scope.reporting_organizations().count()
    return KeyFigures(
        year=scope.year,
        current=activities.total(scope.year),
        previous=activities.total(scope.previous_year),
        organizations=organizations,
        organizations_owing=owing,
        organizations_complete=complete,
    )


# --- By activity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    progress: progress.Progress
    previous: progress.Progress


ROADMAP_ORDER = ("stage__roadmap__order_date", "stage__roadmap", "stage__position", "position")


@dataclass(frozen=True)
class ActivityCounts:
    """Both years' counts per activity owed in the scope this year or last (one read of the
    rollup): the totals need no activity, and a page of rows reads only its activities — a
    country's report holds every district's roadmap, thousands of activities."""

    scope: Scope
    counted: dict  # {(activity pk, year): Progress}

    @classmethod
    def of(cls, scope):
        years = (scope.year, scope.previous_year)
        counted = progress.tallied_by_year(
            scope.tally_rows(), "responsibility__activity", years, on=scope.on
        )
        return cls(scope, counted)

    def total(self, year):
        """The Progress of every activity together in `year` (no query)."""
        return progress.summed(found for (_pk, at), found in self.counted.items() if at == year)

    def ordered(self):
        """[(activity pk, roadmap pk)] in roadmap order (one query, no objects)."""
        activities = Activity.objects.filter(pk__in={pk for pk, _year in self.counted})
        return list(activities.order_by(*ROADMAP_ORDER).values_list("pk", "stage__roadmap"))

    def rows(self, only=None):
        """An ActivityRow per activity (or per activity of `only`, pks), in roadmap order
        (one query)."""
        wanted = {pk for pk, _year in self.counted} if only is None else set(only)
        activities = (
            Activity.objects.filter(pk__in=wanted)
            .select_related("stage__roadmap__issuer")
            .order_by(*ROADMAP_ORDER)
        )
        empty = progress.Progress()
        for activity in activities:
            yield ActivityRow(
                activity,
                self.counted.get((activity.pk, self.scope.year), empty),
                self.counted.get((activity.pk, self.scope.previous_year), empty),
            )


def activity_rows(scope):
    """A row per activity owed this year or last, in roadmap order (two queries)."""
    return ActivityCounts.of(scope).rows()


# --- By organization -------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationRow:
    organization: Organization
    progress: progress.Progress


def organization_rows(scope, organizations=None):
    """A row per organization (all of the scope's, streamed, or the page given), with its
    progress; two queries for a page, one aggregate plus a streamed read for all."""
    if organizations is None:
        counted = progress.by_organization(scope.obligations, on=scope.on)
        organizations = scope.reporting_organizations().iterator(chunk_size=CHUNK)
    else:
        organizations = list(organizations)
        counted = progress.by_organization(
            scope.obligations.filter(organization__in=organizations), on=scope.on
        )
    empty = progress.Progress()
    for organization in organizations:
        yield OrganizationRow(organization, counted.get(organization.pk, empty))


def not_reported(scope):
    """The organizations of the subtree that owe a return for the year (the indicators' "who
    reports" kinds: never the office or ТОИПКРО) and have neither submitted it nor had it
    accepted, as the year stands: the ones the справка names as not having reported.

    Two queries: the subtree's organizations that owe one, by id, then those of them without
    a return. Given the ids, PostgreSQL knows how few they are and probes each one's return by
    index; with the subtree as a subquery it expected twenty times as many and hashed every
    return of the year in the country (23 ms to name a district's)."""
    owing = scope.reporting_organizations().filter(kind__in=scope.reporting_kinds).order_by()
    return Organization.objects.filter(
        _not_reported(scope), pk__in=list(owing.values_list("pk", flat=True))
    ).order_by(sort_name(), "pk")


def _not_reported(scope):
    # NOT EXISTS: one index probe per organization where they are few.
    reported = IndicatorReturn.objects.reported().filter(
        year=scope.year, organization=OuterRef("pk")
    )
    return Q(kind__in=scope.reporting_kinds) & ~Exists(reported)


@dataclass(frozen=True)
class OrganizationCounts:
    reporting: int  # the organizations the report counts (reporting_organizations)
    not_reported: int  # of those, the ones not_reported() gives
    with_package: int  # the educational ones whose kind has a local-act package required


def organization_counts(scope, *, package_kinds):
    """The report's three counts of organizations (`package_kinds`: the kinds with a package
    required, reports/package.package_kinds) in four queries whatever the subtree's size: the
    educational organizations in operation and their returns from the rollup
    (reports/reporting_rollup.py), the few other bodies that owe something read directly."""
    in_operation = scope.organization_rows().filter(is_active=True, kind__in=EDUCATIONAL_KINDS)
    by_kind = dict(
        in_operation.order_by().values("kind").annotate(n=Sum("count")).values_list("kind", "n")
    )
    owing = set(EDUCATIONAL_KINDS) & set(scope.reporting_kinds)
    reported = reporting_rollup.counted(
        scope.return_rows().filter(
            year=scope.year,
            is_active=True,
            kind__in=owing,
            year_status__in=REPORTED_STATUSES,
        )
    )
    others = scope.owing_others().aggregate(
        reporting=Count("pk"), not_reported=Count("pk", filter=_not_reported(scope))
    )
    return OrganizationCounts(
        reporting=sum(by_kind.values()) + others["reporting"],
        not_reported=sum(by_kind.get(kind, 0) for kind in owing)
        - reported
        + others["not_reported"],
        with_package=sum(by_kind.get(kind, 0) for kind in set(package_kinds)),
    )


# --- Overdue ---------------------------------------------------------------------------------


def overdue_obligations(scope):
    """Every overdue obligation of the year, earliest first, streamed, each with the comment
    of its latest return (`last_comment`, "" if never returned)."""
    last_return = ObligationEvent.objects.filter(
        obligation=OuterRef("pk"), action=EventAction.RETURNED
    ).order_by("-at", "-pk")
    return (
        progress.overdue_of(scope.obligations, on=scope.on)
        .select_related("responsibility__activity__stage")
        .annotate(
            last_comment=Coalesce(
                Subquery(last_return.values("comment")[:1]), Value(""), output_field=TextField()
            )
        )
        .iterator(chunk_size=CHUNK)
    )


def programme_of(scope):
    """The programme the report is about: the one of the roadmap in force issued within or
    above the subtree (the latest, if several), else any in force."""
    in_force = Programme.objects.filter(roadmaps__status=RoadmapStatus.ACTIVE).order_by(
        "-first_year", "-pk"
    )
    if scope.root is not None:
        lineage = Organization.objects.lineage_of(scope.root).values("pk")
        subtree = Organization.objects.subtree_of(scope.root).values("pk")
        own = in_force.filter(
            Q(roadmaps__issuer__in=lineage) | Q(roadmaps__issuer__in=subtree)
        ).first()
        if own is not None:
            return own
    return in_force.first()
