"""Where a roadmap stands: the office's summary (counts by activity) and the matrix
(organizations × obligations). Plain functions over querysets, without requests or
templates, so that they are tested without a client and reused by reports."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from roadmap.models import Activity

from .models import OPEN_STATUSES, ObligationStatus, overdue_condition

OVERDUE = "overdue"
# A matrix cell's symbol, so that the status reads without colour too.
MATRIX_SYMBOLS = {
    ObligationStatus.NOT_STARTED: "·",
    ObligationStatus.IN_PROGRESS: "…",
    ObligationStatus.SUBMITTED: "?",
    ObligationStatus.RETURNED: "↺",
    ObligationStatus.ACCEPTED: "✓",
    OVERDUE: "!",
}
MATRIX_LABELS = {**dict(ObligationStatus.choices), OVERDUE: _("Просрочено")}


def activities_of(roadmap):
    """The roadmap's activities in document order, each with its stage."""
    return (
        Activity.objects.filter(stage__roadmap=roadmap)
        .select_related("stage")
        .order_by("stage__position", "position")
    )


# --- Summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    activity: Activity
    total: int = 0
    accepted: int = 0
    submitted: int = 0
    returned: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def percent(self):
        """Share accepted, in whole per cent; None when nothing is owed."""
        return round(100 * self.accepted / self.total) if self.total else None


def summary_rows(obligations, activities, *, on):
    """One row per activity (in the order given) with its obligations counted by status;
    two queries whatever the number of activities and obligations."""
    counted = obligations.values("responsibility__activity").annotate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=ObligationStatus.ACCEPTED)),
        submitted=Count("pk", filter=Q(status=ObligationStatus.SUBMITTED)),
        returned=Count("pk", filter=Q(status=ObligationStatus.RETURNED)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=overdue_condition(on=on)),
    )
    counts = {row.pop("responsibility__activity"): row for row in counted}
    return [SummaryRow(activity=activity, **counts.get(activity.pk, {})) for activity in activities]


# --- Matrix ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: object  # (responsibility pk, year) for one activity; an activity pk for one year
    label: str
    title: str


@dataclass
class MatrixRow:
    organization: Organization
    cells: list = field(default_factory=list)  # per column: the cells of its obligations


def columns_for_activity(activity, programme, *, year=None):
    """One column per deadline row and period of one activity (only `year`'s, if given;
    rows without a period stay in every year)."""
    columns = []
    for row in activity.responsibilities.order_by("position"):
        years = sorted({p.year for p in row.due_periods(programme)}, key=lambda y: y or 0)
        for period_year in years:
            if year is None or period_year is None or period_year == year:
                label = f"{period_year}" if period_year else row.deadline_text
                columns.append(Column((row.pk, period_year), label, row.deadline_text))
    return columns


def columns_for_year(activities):
    """One column per activity (the obligations of one reporting year)."""
    return [Column(a.pk, a.label, a.title) for a in activities]


def organizations_in(obligations):
    """The organizations owing any of `obligations`, by short name (or name)."""
    return Organization.objects.filter(pk__in=obligations.values("organization")).order_by(
        Lower(Coalesce(NullIf("short_name", Value("")), "name")), "pk"
    )


def cell_of(obligation, *, on):
    """What a matrix cell shows for one obligation: overdue outranks its status."""
    state = OVERDUE if obligation.is_overdue(on) else obligation.status
    return {
        "obligation": obligation,
        "css": state,
        "symbol": MATRIX_SYMBOLS[state],
        "title": MATRIX_LABELS[state],
    }


def matrix_rows(obligations, organizations, columns, *, by_activity, on):
    """The matrix for `organizations` (one page of them): a row each, a list of cells per
    column. `by_activity` says whether columns are keyed by (deadline row, year) or by
    activity. One query."""
    organizations = list(organizations)
    cells = {}
    chosen = obligations.filter(organization__in=organizations).select_related("responsibility")
    for obligation in chosen:
        key = (
            (obligation.responsibility_id, obligation.period_year)
            if by_activity
            else obligation.responsibility.activity_id
        )
        per_organization = cells.setdefault(obligation.organization_id, {})
        per_organization.setdefault(key, []).append(cell_of(obligation, on=on))
    return [
        MatrixRow(org, [cells.get(org.pk, {}).get(c.key, []) for c in columns])
        for org in organizations
    ]


def legend():
    return [
        {"css": css, "symbol": symbol, "label": MATRIX_LABELS[css]}
        for css, symbol in MATRIX_SYMBOLS.items()
    ]


# --- The organization's own page -------------------------------------------------------------


def urgency_of(obligation, *, on):
    """Which group of the head's page an obligation belongs to: done, on review, overdue,
    due soon, or later (including obligations without a due date)."""
    if obligation.status == ObligationStatus.ACCEPTED:
        return "done"
    if obligation.awaits_review:
        return "review"
    if obligation.is_overdue(on):
        return "overdue"
    if obligation.is_due_soon(on):
        return "soon"
    return "later"


def todo_of(obligation, *, on):
    """Which part of the head's «Что сделать сейчас» block an obligation belongs to, or None:
    returned for rework first (the reviewer is waiting for a fix), then overdue, then due soon."""
    if obligation.status == ObligationStatus.RETURNED:
        return "returned"
    if obligation.is_overdue(on):
        return "overdue"
    if obligation.is_due_soon(on):
        return "soon"
    return None
